using Alba;
using ERaport.Read.Audit;
using ERaport.Read.Grading;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using Microsoft.AspNetCore.Identity;

namespace ERaport.Tests.Integration;

/// <summary>Read rights follow the term: a principal (kepala sekolah) reads the grades, histories, report cards and
/// corrections of the terms they lead, not of the terms in which they are an ordinary teacher.</summary>
[Collection(AppCollection.Name)]
public sealed class TermRightsTests(AppFixture app)
{
    /// <summary>An earlier term with class <see cref="ClassName"/> of one student, scored (80, then corrected to 60) in a
    /// Matematika gradebook of guru.mtk; and its former principal, kepala sekolah of that term and an ordinary
    /// teacher (no teaching assignment) of the school's current term.</summary>
    private sealed record EarlierTerm(Guid TermId, Guid ClassId, string ClassName, Guid StudentId, Guid Gradebook, Actor FormerPrincipal,
        long Scored);

    private async Task<EarlierTerm> EarlierTermAsync()
    {
        var system = Acting.SystemActor(TestSchool.Id);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (termId, classId, studentId, subjectId, gradebook) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var teacher = app.School.User("guru.mtk");
        Task<long> Send(object command) => app.SendAcceptedAsync(command);

        await Send(new OpenTerm(Guid.NewGuid(), termId, MasterDataFixture.NewSchoolYear(), 2, null, system, EntrySource.Seed));
        await Send(new OpenClass(Guid.NewGuid(), classId, termId, $"X-{suffix}", 10, "E", null, system, EntrySource.Seed));
        var (nisn, nis) = TestSchool.NewStudentNumbers();
        await Send(new RegisterStudent(Guid.NewGuid(), studentId, $"Lama {suffix}", nisn, nis, "P", null, null, "Islam", system, EntrySource.Seed));
        await Send(new EnrollStudent(Guid.NewGuid(), classId, studentId, system, EntrySource.Seed));
        await Send(new AddSubject(Guid.NewGuid(), subjectId, $"Matematika {suffix}", $"M{suffix}", "Umum", 4, false, 70, system, EntrySource.Seed));
        await Send(new GrantRole(Guid.NewGuid(), teacher.UserId, new RoleGrant(Role.Teacher, termId, null), system, EntrySource.Seed));
        await Send(new OpenGradebook(Guid.NewGuid(), gradebook, termId, classId, subjectId, teacher.UserId, ["Eksponen"], system, EntrySource.Seed));
        var scored = await Send(new SaveScores(Guid.NewGuid(), gradebook, [new ScoreEntry(studentId, "tp1", "80", null)], null, teacher, EntrySource.Form));
        await Send(new SaveScores(Guid.NewGuid(), gradebook, [new ScoreEntry(studentId, "tp1", "60", 80)], "Salah ketik", teacher, EntrySource.Form));

        var former = new Actor(Guid.NewGuid(), $"kepsek.{suffix}", TestSchool.Id);
        var hasher = app.Service<IPasswordHasher<UserAccount>>();
        await Send(new RegisterUser(Guid.NewGuid(), former.UserId, former.UserName, $"Mantan Kepala {suffix}", null,
            hasher.HashPassword(new UserAccount(), TestSchool.Password),
            [new RoleGrant(Role.Principal, termId, null), new RoleGrant(Role.Teacher, app.School.TermId, null)], system, EntrySource.Seed));
        await app.CatchUpAsync();
        return new EarlierTerm(termId, classId, $"X-{suffix}", studentId, gradebook, former, scored);
    }

    private static async Task<int> StatusAsync(TestBrowser browser, string url) =>
        (await browser.SendAsync(s =>
        {
            s.Get.Url(url);
            s.IgnoreStatusCode();
        })).Context.Response.StatusCode;

    private static async Task<List<GradebookSummary>> GradebooksAsync(TestBrowser browser) =>
        (await (await browser.SendAsync(s => s.Get.Url("/api/gradebooks"))).ReadAsJsonAsync<List<GradebookSummary>>())!;

    private static async Task<HistoryPage> ChangesAsync(TestBrowser browser, string query = "") =>
        (await (await browser.SendAsync(s => s.Get.Url("/api/audit/changes" + query))).ReadAsJsonAsync<HistoryPage>())!;

    [Fact]
    public async Task principal_of_an_earlier_term_cannot_read_the_current_terms_gradebook()
    {
        var earlier = await EarlierTermAsync();
        var school = app.School;
        var former = await app.SignInAsync(earlier.FormerPrincipal.UserName);

        foreach (var url in new[]
                 {
                     $"/api/gradebooks/{school.MathGradebook}/scores", $"/api/gradebooks/{school.MathGradebook}/final-grades",
                     $"/api/gradebooks/{school.MathGradebook}/template", $"/api/gradebooks/{school.MathGradebook}/students/{school.Students[0]}/history",
                     $"/nilai/{school.MathGradebook}", $"/nilai/{school.MathGradebook}/akhir", $"/riwayat/{school.MathGradebook}/{school.Students[0]}",
                 })
            (await StatusAsync(former, url)).ShouldBe(403, url);
        var listed = await GradebooksAsync(former);
        listed.Select(g => g.GradebookId).ShouldBe([earlier.Gradebook], "only the gradebooks of the term they led");
        (await former.GetPageAsync("/")).QuerySelectorAll("table.gradebooks a").Select(a => a.GetAttribute("href"))
            .ShouldBe([$"/nilai/{earlier.Gradebook}"]);

        // Their own term stays open to them, and the current term's principal does not see the earlier one.
        (await StatusAsync(former, $"/api/gradebooks/{earlier.Gradebook}/scores")).ShouldBe(200);
        (await StatusAsync(former, $"/riwayat/{earlier.Gradebook}/{earlier.StudentId}")).ShouldBe(200);
        var principal = await app.SignInAsync("kepsek");
        (await StatusAsync(principal, $"/api/gradebooks/{earlier.Gradebook}/scores")).ShouldBe(403);
        (await GradebooksAsync(principal)).ShouldNotContain(g => g.GradebookId == earlier.Gradebook);
        (await GradebooksAsync(principal)).ShouldContain(g => g.GradebookId == school.MathGradebook);
    }

    [Fact]
    public async Task principal_of_an_earlier_term_cannot_open_the_current_terms_report_cards_or_leger()
    {
        var earlier = await EarlierTermAsync();
        var school = app.School;
        var former = await app.SignInAsync(earlier.FormerPrincipal.UserName);

        foreach (var url in new[]
                 {
                     $"/rapor/{school.ClassId}", $"/rapor/{school.ClassId}/{school.Students[0]}", $"/leger/{school.ClassId}",
                     $"/leger/{school.ClassId}/xlsx", $"/rapor/{school.ClassId}/{school.Students[0]}/pdf",
                     $"/api/report-cards/{school.ClassId}/{school.Students[0]}/at?sequence={earlier.Scored}",
                 })
            (await StatusAsync(former, url)).ShouldBe(403, url);
        var index = await former.GetPageAsync("/rapor");
        index.QuerySelectorAll("tr[data-class]").Select(r => r.GetAttribute("data-class")).ShouldBe([earlier.ClassId.ToString()]);

        (await StatusAsync(former, $"/leger/{earlier.ClassId}")).ShouldBe(200);
        (await StatusAsync(former, $"/api/report-cards/{earlier.ClassId}/{earlier.StudentId}/at?sequence={earlier.Scored}")).ShouldBe(200);
        var principal = await app.SignInAsync("kepsek");
        (await StatusAsync(principal, $"/leger/{earlier.ClassId}")).ShouldBe(403);
        (await principal.GetPageAsync("/rapor")).QuerySelector($"tr[data-class='{earlier.ClassId}']").ShouldBeNull();
    }

    [Fact]
    public async Task principal_sees_only_the_terms_they_lead_in_the_audit_explorer()
    {
        var earlier = await EarlierTermAsync();
        var current = await app.OpenGradebookAsync();
        await app.SendAcceptedAsync(new SaveScores(Guid.NewGuid(), current, [new ScoreEntry(app.School.Students[0], "tp1", "75", null)], null,
            app.School.User("guru.mtk"), EntrySource.Form));
        await app.CatchUpAsync();

        var former = await app.SignInAsync(earlier.FormerPrincipal.UserName);
        var theirs = await ChangesAsync(former);
        theirs.Entries.ShouldContain(e => e.Before == 80 && e.After == 60);
        theirs.Entries.ShouldAllBe(e => e.ClassName == earlier.ClassName);
        (await ChangesAsync(former, $"?ClassId={app.School.ClassId}")).Entries.ShouldBeEmpty();
        var csv = await (await former.SendAsync(s => s.Get.Url("/api/audit/changes.csv"))).ReadAsTextAsync();
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(theirs.Entries.Count + 1, "a header and the earlier term's changes");
        var flags = (await (await former.SendAsync(s => s.Get.Url("/api/audit/flags"))).ReadAsJsonAsync<List<FlagCount>>())!;
        flags.ShouldAllBe(f => f.Count <= theirs.Entries.Count);
        var page = await former.GetPageAsync("/audit");
        page.QuerySelectorAll("table.explorer tbody tr").Length.ShouldBe(theirs.Entries.Count);
        page.QuerySelectorAll("select[name=ClassId] option[value]:not([value=''])").Select(o => o.TextContent).ShouldBe([earlier.ClassName],
            "the class filter offers the classes of the terms they may read only");

        var principal = await app.SignInAsync("kepsek");
        (await ChangesAsync(principal, $"?ClassId={earlier.ClassId}")).Entries.ShouldBeEmpty();
        (await ChangesAsync(principal, $"?ClassId={app.School.ClassId}")).Entries.ShouldContain(e => e.After == 75);
    }

    [Fact]
    public async Task principal_sees_and_decides_only_the_corrections_of_the_terms_they_lead()
    {
        var earlier = await EarlierTermAsync();
        var c = await LockingTests.ClassAsync(app);
        await LockingTests.LockAsync(await app.SignInAsync(c.Homeroom), c.ClassId);
        await LockingTests.Post(await app.SignInAsync("guru.mtk"), $"/api/gradebooks/{c.Gradebook}/correction-requests", LockingTests.Correction(c.Adi, 80, 95));
        await app.CatchUpAsync();

        var former = await app.SignInAsync(earlier.FormerPrincipal.UserName);
        var requests = (await (await former.SendAsync(s => s.Get.Url("/api/correction-requests"))).ReadAsJsonAsync<List<CorrectionView>>())!;
        requests.ShouldBeEmpty();
        (await former.GetPageAsync("/koreksi")).QuerySelector("form[data-form='decide']").ShouldBeNull();
        (await former.GetPageAsync($"/kelas/{c.ClassId}/kunci", 403)).QuerySelector("form[data-form='unlock']").ShouldBeNull();

        var principal = await app.SignInAsync("kepsek");
        var queue = await principal.GetPageAsync("/koreksi");
        queue.QuerySelector($"[data-request] form[data-form='decide']").ShouldNotBeNull();
        (await principal.GetPageAsync($"/kelas/{c.ClassId}/kunci")).QuerySelector("form[data-form='unlock']").ShouldNotBeNull();
    }

    [Fact]
    public async Task a_principal_role_granted_or_revoked_during_a_session_changes_what_the_next_request_reads()
    {
        var earlier = await EarlierTermAsync();
        var school = app.School;
        var former = await app.SignInAsync(earlier.FormerPrincipal.UserName);
        var url = $"/api/gradebooks/{school.MathGradebook}/scores";
        (await StatusAsync(former, url)).ShouldBe(403);

        // Through the admin's API, as the user page does: that is what tells this node's sessions at once.
        var admin = await app.SignInAsync("admin");
        var user = $"/api/users/{earlier.FormerPrincipal.UserId}/roles";
        await LockingTests.Post(admin, user, new { commandId = Guid.NewGuid(), role = "Principal", termId = school.TermId });
        (await StatusAsync(former, url)).ShouldBe(200);

        await LockingTests.Post(admin, user + "/revoke", new { commandId = Guid.NewGuid(), role = "Principal", termId = earlier.TermId });
        (await StatusAsync(former, $"/api/gradebooks/{earlier.Gradebook}/scores")).ShouldBe(403);
        (await StatusAsync(former, url)).ShouldBe(200);
    }
}
