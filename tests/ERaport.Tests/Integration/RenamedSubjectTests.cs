using System.Text.Json;
using ERaport.Read.ReportCards;
using ERaport.Tests.Unit.ReportCards;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using MiniExcelLibs;
using static ERaport.Tests.Integration.LockingTests;

namespace ERaport.Tests.Integration;

/// <summary>A subject renamed, regrouped and reordered for a new school year: an earlier term's rapor, reprinted or shown a year
/// later (a grade dispute), names the subject as it stood on that term's report date; the running term names it as it is now.</summary>
[Collection(AppCollection.Name)]
public sealed class RenamedSubjectTests(AppFixture app)
{
    /// <summary>The subject <see cref="ClassAsync"/> gave the class: "Matematika {suffix}".</summary>
    private static async Task<(Guid Id, string Name, string Code)> SubjectOfAsync(TestBrowser admin, LockedClassSetup c)
    {
        var subject = (await admin.GetJsonAsync("/api/master-data/subjects")).EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == $"Matematika {c.Name[3..]}");
        return (subject.Id("subjectId"), subject.GetProperty("name").GetString()!, subject.GetProperty("code").GetString()!);
    }

    private static async Task RenameAsync(TestBrowser admin, Guid subjectId, string name, string code, string group = "Umum", int order = 4) =>
        await admin.PutJsonAsync($"/api/master-data/subjects/{subjectId}",
            new { commandId = Guid.NewGuid(), name, code, group, order, isReligion = false, kktp = 75 });

    [Fact]
    public async Task an_earlier_terms_rapor_leger_verification_and_past_card_name_the_subject_as_it_stood_on_its_report_date()
    {
        var system = Acting.SystemActor(TestSchool.Id);
        // 20xx/20xx Genap, handed out on 20 June long ago; the principal and guru.mtk served in it too.
        var (earlierTerm, year) = (Guid.NewGuid(), Random.Shared.Next(1950, 2015));
        await app.SendAcceptedAsync(new OpenTerm(Guid.NewGuid(), earlierTerm, $"{year}/{year + 1}", 2, new DateOnly(year + 1, 6, 20), system, EntrySource.Seed));
        foreach (var (user, role) in new[] { ("guru.mtk", Role.Teacher), ("kepsek", Role.Principal) })
            await app.SendAcceptedAsync(new GrantRole(Guid.NewGuid(), app.School.User(user).UserId, new RoleGrant(role, earlierTerm, null), system, EntrySource.Seed));
        var earlier = await ClassAsync(app, earlierTerm);
        var homeroom = await app.SignInAsync(earlier.Homeroom);
        var code = VerificationTests.Codes(await homeroom.DownloadAsync($"/rapor/{earlier.ClassId}/{earlier.Adi}/pdf")).ShouldHaveSingleItem();
        var admin = await app.SignInAsync("admin");
        var (subjectId, oldName, oldCode) = await SubjectOfAsync(admin, earlier);

        // The running term teaches it too, to a student of its own.
        var (laterClass, laterStudent) = (Guid.NewGuid(), Guid.NewGuid());
        var (nisn, nis) = TestSchool.NewStudentNumbers();
        foreach (var command in new object[]
        {
            new OpenClass(Guid.NewGuid(), laterClass, app.School.TermId, $"XII-{earlier.Name[3..]}", 12, "F", null, system, EntrySource.Seed),
            new RegisterStudent(Guid.NewGuid(), laterStudent, "Rina Kelas Baru", nisn, nis, "P", null, null, "Islam", system, EntrySource.Seed),
            new EnrollStudent(Guid.NewGuid(), laterClass, laterStudent, system, EntrySource.Seed),
            new ERaport.Write.Grading.OpenGradebook(Guid.NewGuid(), Guid.NewGuid(), app.School.TermId, laterClass, subjectId, app.School.User("guru.mtk").UserId,
                ["Limit"], system, EntrySource.Seed),
        })
            await app.SendAcceptedAsync(command);

        // For the new school year: renamed, another code, another group and place on the rapor.
        var (newName, newCode) = ($"Matematika Tingkat Lanjut {earlier.Name[3..]}", $"L{earlier.Name[3..]}");
        await RenameAsync(admin, subjectId, newName, newCode, "Pilihan", 30);
        await app.CatchUpAsync();
        (await admin.GetPageAsync($"/data/mapel?ubah={subjectId}")).QuerySelector("[data-earlier-terms]").ShouldNotBeNull().TextContent
            .ShouldContain($"Rapor {year}/{year + 1} Genap sudah dibagikan", Case.Sensitive, "where the change is made, the admin learns which rapor keep the old name");
        var principal = await app.SignInAsync("kepsek");

        var rapor = await principal.GetPageAsync($"/rapor/{earlier.ClassId}/{earlier.Adi}");
        var row = rapor.QuerySelector($"tr[data-subject='{subjectId}']").ShouldNotBeNull();
        row.TextContent.ShouldContain(oldName);
        rapor.QuerySelector("article.rapor")!.TextContent.ShouldContain("Mata Pelajaran Umum");
        rapor.QuerySelector("article.rapor")!.TextContent.ShouldNotContain(newName);
        rapor.QuerySelector("[data-changed-since-print]").ShouldBeNull("a rename for a later year asks for no reprint");
        (await principal.GetPageAsync($"/rapor/{earlier.ClassId}")).QuerySelector("[data-changed-since-print]").ShouldBeNull();

        var pdf = string.Join("\n", ReportCardPdfTests.PagesText(await principal.DownloadAsync($"/rapor/{earlier.ClassId}/{earlier.Adi}/pdf")));
        pdf.ShouldContain(oldName);
        pdf.ShouldNotContain("Tingkat Lanjut");

        var leger = await principal.GetPageAsync($"/leger/{earlier.ClassId}");
        leger.QuerySelector($"th[data-subject='{subjectId}']")!.TextContent.Trim().ShouldBe(oldCode);
        leger.QuerySelector($"th[data-subject='{subjectId}']")!.GetAttribute("title").ShouldBe(oldName);
        var xlsx = MiniExcel.Query(new MemoryStream(await principal.DownloadAsync($"/leger/{earlier.ClassId}/xlsx")), useHeaderRow: false, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>().SelectMany(r => r.Values).Select(v => v?.ToString() ?? "").ToList();
        xlsx.ShouldContain(oldCode);
        xlsx.ShouldNotContain(newCode);

        var verification = await new TestBrowser(app.Host).GetPageAsync($"/verifikasi/{code}");
        verification.QuerySelector("[data-verdict]")!.GetAttribute("data-verdict").ShouldBe("genuine", "a rename is no correction of what was printed");
        verification.QuerySelector("table[data-printed-grades]")!.TextContent.ShouldContain(oldName);

        var now = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"));
        var past = (await (await principal.SendAsync(s => s.Get.Url($"/api/report-cards/{earlier.ClassId}/{earlier.Adi}/at?at={now}")))
            .ReadAsJsonAsync<PastReportCard>())!;
        past.Card.Subjects.ShouldHaveSingleItem().Name.ShouldBe(oldName);
        past.Card.Groups.ShouldHaveSingleItem().Group.ShouldBe("Umum");

        // The running term's rapor is handed out later: the new name, group and code.
        var later = await admin.GetPageAsync($"/rapor/{laterClass}/{laterStudent}");
        later.QuerySelector($"tr[data-subject='{subjectId}']")!.TextContent.ShouldContain(newName);
        later.QuerySelector("article.rapor")!.TextContent.ShouldContain("Mata Pelajaran Pilihan");
        (await admin.GetPageAsync($"/leger/{laterClass}")).QuerySelector($"th[data-subject='{subjectId}']")!.TextContent.Trim().ShouldBe(newCode);
    }

    [Fact]
    public async Task a_card_printed_before_its_subject_was_renamed_for_the_same_rapor_names_the_rename_as_the_change()
    {
        // The running term: its report date is still ahead, so the rapor handed out will carry the new name.
        var c = await ClassAsync(app);
        var code = VerificationTests.Codes(await (await app.SignInAsync(c.Homeroom)).DownloadAsync($"/rapor/{c.ClassId}/{c.Adi}/pdf")).ShouldHaveSingleItem();
        var admin = await app.SignInAsync("admin");
        var (subjectId, oldName, _) = await SubjectOfAsync(admin, c);
        var newName = $"Matematika Wajib {c.Name[3..]}";

        await RenameAsync(admin, subjectId, newName, $"W{c.Name[3..]}");
        await app.CatchUpAsync();

        var page = await new TestBrowser(app.Host).GetPageAsync($"/verifikasi/{code}");
        page.QuerySelector("[data-verdict]")!.GetAttribute("data-verdict").ShouldBe("corrected", "the paper names the subject otherwise than its rapor will");
        page.QuerySelector("table[data-printed-grades]")!.TextContent.ShouldContain(oldName);
        var change = page.QuerySelector("table[data-changes] tbody tr").ShouldNotBeNull("the rename is named, not an unexplained change");
        change.QuerySelector("td[data-label=Bagian]")!.TextContent.ShouldBe(newName);
        change.QuerySelector("td[data-label=Perubahan]")!.TextContent.ShouldBe($"Nama mata pelajaran diubah (tercetak: {oldName})");
        page.QuerySelector("section.verification")!.TextContent.ShouldNotContain("Data identitas");
    }
}
