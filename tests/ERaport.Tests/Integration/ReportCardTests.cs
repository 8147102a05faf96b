using System.Text.Json;
using System.IO.Compression;
using ERaport.Read.ReportCards;
using ERaport.Tests.Unit.ReportCards;
using ERaport.Web.Documents;
using ERaport.Web.ReportCards;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using MiniExcelLibs;
using UglyToad.PdfPig;

namespace ERaport.Tests.Integration;

/// <summary>Report cards and the leger as pages and files, read back (PdfPig, MiniExcel) and compared with the read model.</summary>
[Collection(ReportCardCollection.Name)]
public sealed class ReportCardTests(ReportCardFixture app)
{
    private Guid ClassId => app.School.ClassId;

    private async Task<byte[]> DownloadAsync(TestBrowser browser, string url, string contentType)
    {
        var result = await browser.SendAsync(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(200);
        });
        result.Context.Response.ContentType.ShouldBe(contentType);
        using var body = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(body);
        return body.ToArray();
    }

    [Fact]
    public async Task the_report_card_page_shows_the_read_models_grades_religion_filtered_and_the_homeroom_sections()
    {
        var wali = await app.SignInAsync("wali.x1");
        var card = (await app.CardsAsync()).Cards.Single(c => c.Student.StudentId == app.Adi);

        var page = await wali.GetPageAsync($"/rapor/{ClassId}/{app.Adi}");

        foreach (var s in card.Subjects)
            page.QuerySelector($"tr[data-subject='{s.SubjectId}'] td.na")!.TextContent.Trim().ShouldBe(s.FinalGrade?.ToString() ?? "belum lengkap");
        card.Subjects.Single(s => s.Code == "MTK").FinalGrade.ShouldBe(95, "the override is printed");
        card.Subjects.Single(s => s.Code == "MTK").Description.ShouldBe(ReportCardFixture.EditedDescription);
        page.QuerySelector($"tr[data-subject='{app.IslamSubject}']").ShouldNotBeNull();
        page.QuerySelector($"tr[data-subject='{app.ChristianSubject}']").ShouldBeNull("another religion's subject is not printed");
        page.QuerySelector("td[data-days=sick]")!.TextContent.ShouldBe("2 hari");
        page.QuerySelector("td[data-days=unexcused]")!.TextContent.ShouldBe("3 hari");
        var text = page.QuerySelector("article.rapor")!.TextContent;
        foreach (var expected in new[] { "LAPORAN HASIL BELAJAR", "Kokurikuler", "Pramuka", "Pertahankan prestasimu, Adi!", "Tanggapan Orang Tua/Wali",
                     "Uji, 19 Desember 2026", "Kepala Uji" })
            text.ShouldContain(expected);
        text.ShouldNotContain("Kota Uji, 19", Case.Sensitive, "signed at the kota by its name, without \"Kota\"");
        text.ShouldNotContain("Keputusan", Case.Sensitive, "semester 1 has no promotion decision");

        var grace = await wali.GetPageAsync($"/rapor/{ClassId}/{app.ChristianStudent}");
        grace.QuerySelector($"tr[data-subject='{app.ChristianSubject}']").ShouldNotBeNull();
        grace.QuerySelector($"tr[data-subject='{app.IslamSubject}']").ShouldBeNull();
    }

    /// <summary>A final grade in dispute: on the rapor page each NA opens the student's score history of that subject, for the wali
    /// kelas and the principal, who may read it. The admin, who reads no history, gets the grades alone (the markup is shared per card:
    /// one's links are not served to the other).</summary>
    [Fact]
    public async Task each_final_grade_on_the_rapor_page_opens_its_score_history_for_who_may_read_it()
    {
        await using var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext();
        var gradebooks = db.Gradebooks.Where(g => g.ClassId == ClassId).ToDictionary(g => g.SubjectId, g => g.GradebookId);
        var card = (await app.CardsAsync()).Cards.Single(c => c.Student.StudentId == app.Adi);
        var url = $"/rapor/{ClassId}/{app.Adi}";

        foreach (var user in new[] { "wali.x1", "admin", "kepsek" })
        {
            var page = await (await app.SignInAsync(user)).GetPageAsync(url);
            foreach (var s in card.Subjects)
            {
                var na = page.QuerySelector($"article.rapor tr[data-subject='{s.SubjectId}'] td.na")!;
                na.TextContent.Trim().ShouldBe(s.FinalGrade?.ToString() ?? "belum lengkap", user);
                if (user == "admin")
                    na.QuerySelector("a").ShouldBeNull("the admin reads no history");
                else
                    na.QuerySelector("a").ShouldNotBeNull($"{user}: {s.Name}").GetAttribute("href").ShouldBe($"/riwayat/{gradebooks[s.SubjectId]}/{app.Adi}", $"{user}: {s.Name}");
            }
        }
    }

    [Fact]
    public async Task a_religion_subjects_score_grid_lists_only_the_students_of_its_religion_and_says_how_many_are_left_out()
    {
        var teacher = await app.SignInAsync("guru.mtk");

        var islam = await teacher.GetPageAsync($"/nilai/{app.IslamGradebook}");
        var christian = await teacher.GetPageAsync($"/nilai/{app.ChristianGradebook}");

        islam.Body!.TextContent.ShouldNotContain("Grace Simanjuntak");
        islam.QuerySelector("[data-other-religions]")!.TextContent.ShouldContain("1 peserta didik kelas ini tidak tercantum");
        islam.QuerySelector("[data-other-religions]")!.TextContent.ShouldContain("beragama Islam");
        christian.Body!.TextContent.ShouldContain("Grace Simanjuntak");
        christian.QuerySelectorAll("tr[data-student]").Length.ShouldBe(1);
    }

    /// <summary>The final grades of a religion subject are those of its religion's students, as on the score grid and the
    /// rapor: the Kristen teacher of a mostly Muslim class does not see "lengkap 1 dari 8" and seven students "belum lengkap".</summary>
    [Fact]
    public async Task a_religion_subjects_final_grades_list_only_the_students_of_its_religion()
    {
        var teacher = await app.SignInAsync("guru.mtk");

        var christian = await teacher.GetPageAsync($"/nilai/{app.ChristianGradebook}/akhir");
        var islam = await teacher.GetPageAsync($"/nilai/{app.IslamGradebook}/akhir");

        christian.Body!.TextContent.ShouldContain("Grace Simanjuntak");
        christian.Body!.TextContent.ShouldContain("nilai akhir lengkap 1 dari 1 peserta didik");
        islam.Body!.TextContent.ShouldNotContain("Grace Simanjuntak");
        var api = await teacher.GetJsonAsync($"/api/gradebooks/{app.ChristianGradebook}/final-grades");
        api.GetProperty("students").EnumerateArray().Select(s => s.GetProperty("studentId").GetGuid()).ShouldBe([app.ChristianStudent]);
    }

    /// <summary>A Hindu student in a class whose religion subjects are Islam's and Kristen's gets a rapor without any Pendidikan
    /// Agama, which the rapor list counted "lengkap": the class's list and the student's rapor say so before printing, as the
    /// rapor already did for a student whose religion is not recorded.</summary>
    [Fact]
    public async Task a_rapor_left_without_a_religion_subject_for_the_students_religion_is_named_before_printing()
    {
        var system = new Actor(Guid.Empty, "sistem", TestSchool.Id);
        async Task Send(object command) => (await app.SendAsync(command)).Status.ShouldBe(OutcomeStatus.Accepted);
        var (classId, hindu, muslim) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await Send(new OpenClass(Guid.NewGuid(), classId, app.School.TermId, "X-9", 10, "E", null, system, EntrySource.Seed));
        await Send(new OpenGradebook(Guid.NewGuid(), Guid.NewGuid(), app.School.TermId, classId, app.IslamSubject, app.School.User("guru.bio").UserId,
            ["Memahami materi pokok"], system, EntrySource.Seed));
        await Send(new RegisterStudent(Guid.NewGuid(), hindu, "Ni Luh Putu Ayu", "0055123497", "262097", "P", null, null, "Hindu", system, EntrySource.Seed));
        await Send(new RegisterStudent(Guid.NewGuid(), muslim, "Ahmad Fauzan", "0055123498", "262098", "L", null, null, "Islam", system, EntrySource.Seed));
        await Send(new EnrollStudent(Guid.NewGuid(), classId, hindu, system, EntrySource.Seed));
        await Send(new EnrollStudent(Guid.NewGuid(), classId, muslim, system, EntrySource.Seed));
        await app.CatchUpAsync();
        var principal = await app.SignInAsync("kepsek");

        var listWarning = (await principal.GetPageAsync($"/rapor/{classId}")).QuerySelector("[data-without-religion]");
        var hinduCard = await principal.GetPageAsync($"/rapor/{classId}/{hindu}");
        var muslimCard = await principal.GetPageAsync($"/rapor/{classId}/{muslim}");

        listWarning.ShouldNotBeNull("the class's rapor list names the rapor without a religion subject");
        var list = listWarning.TextContent;
        list.ShouldContain("1 peserta didik");
        list.ShouldContain("Ni Luh Putu Ayu");
        list.ShouldNotContain("Ahmad Fauzan");
        hinduCard.QuerySelector("[data-without-religion]").ShouldNotBeNull("the student's rapor says so").TextContent.ShouldContain("agama Hindu");
        muslimCard.QuerySelector("[data-without-religion]").ShouldBeNull();
    }

    /// <summary>Pendidikan Agama dan Budi Pekerti is on every rapor: a Buddhist student in a class teaching only Islam's, and a
    /// student whose religion is not recorded, counted "lengkap" on the wali kelas's pages. They are "belum lengkap" with the
    /// reason wherever missing grades are named, until a Buddha gradebook gives the Buddhist a final grade.</summary>
    [Fact]
    public async Task a_rapor_without_a_final_grade_in_the_students_own_religion_subject_is_not_complete_until_one_is_given()
    {
        var (classId, buddhist, muslim, unrecorded) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var system = new Actor(Guid.Empty, "sistem", TestSchool.Id);
        var math = app.School.User("guru.mtk");
        async Task Send(object command) => (await app.SendAsync(command)).Status.ShouldBe(OutcomeStatus.Accepted);
        string[] objectives = ["Memahami materi pokok", "Menerapkan dalam kehidupan sehari-hari", "Menganalisis kasus"];
        async Task Graded(Guid subject, Guid student)
        {
            var gradebook = Guid.NewGuid();
            await Send(new OpenGradebook(Guid.NewGuid(), gradebook, app.School.TermId, classId, subject, math.UserId, objectives, system, EntrySource.Seed));
            await Send(new SaveScores(Guid.NewGuid(), gradebook, [.. TestSchool.Assessments.Select(a => new ScoreEntry(student, a, "80", null))], null, math,
                EntrySource.Form));
        }
        await Send(new OpenClass(Guid.NewGuid(), classId, app.School.TermId, "X-8", 10, "E", null, system, EntrySource.Seed));
        await Send(new RegisterStudent(Guid.NewGuid(), buddhist, "Wijaya Kusuma", "0055123481", "262081", "L", null, null, "Buddha", system, EntrySource.Seed));
        await Send(new RegisterStudent(Guid.NewGuid(), muslim, "Aisyah Rahma", "0055123482", "262082", "P", null, null, "Islam", system, EntrySource.Seed));
        await Send(new RegisterStudent(Guid.NewGuid(), unrecorded, "Yohana Lestari", "0055123483", "262083", "P", null, null, null, system, EntrySource.Seed));
        foreach (var student in new[] { buddhist, muslim, unrecorded })
            await Send(new EnrollStudent(Guid.NewGuid(), classId, student, system, EntrySource.Seed));
        await Graded(app.IslamSubject, muslim);
        await app.CatchUpAsync();
        var (admin, principal) = (await app.SignInAsync("admin"), await app.SignInAsync("kepsek"));
        const string NoBuddha = "Belum ada nilai Pendidikan Agama dan Budi Pekerti untuk agama Buddha";
        const string NoReligion = "Agama peserta didik belum diisi";

        var progress = await principal.GetPageAsync($"/wali/{classId}");
        progress.QuerySelector("[data-standing]").ShouldBeNull("the class is not all complete");
        var missing = progress.QuerySelector("[data-missing-religion]").ShouldNotBeNull("the progress page names the rapor without religion").TextContent;
        missing.ShouldContain(NoBuddha);
        missing.ShouldContain("Wijaya Kusuma");
        missing.ShouldContain(NoReligion);
        missing.ShouldContain("Yohana Lestari");
        missing.ShouldNotContain("Aisyah Rahma");
        var list = await principal.GetPageAsync($"/rapor/{classId}");
        list.Body!.TextContent.ShouldContain("rapor lengkap 1 dari 3 peserta didik");
        list.QuerySelector($"tr[data-student='{buddhist}'] [data-label='Nilai akhir']")!.TextContent.ShouldContain(NoBuddha);
        list.QuerySelector($"tr[data-student='{unrecorded}'] [data-label='Nilai akhir']")!.TextContent.ShouldContain(NoReligion);
        list.QuerySelector($"tr[data-student='{muslim}'] [data-label='Nilai akhir']")!.TextContent.Trim().ShouldBe("lengkap");
        (await principal.GetPageAsync($"/rapor/{classId}/{buddhist}")).QuerySelector("[data-without-religion]")!.TextContent.ShouldContain(NoBuddha);
        (await principal.GetPageAsync($"/rapor/{classId}/{unrecorded}")).QuerySelector("[data-without-religion]")!.TextContent.ShouldContain(NoReligion);
        (await principal.GetPageAsync("/rapor")).QuerySelector($"tr[data-class='{classId}'] [data-grades]")!.TextContent.ShouldBe("1 dari 3 (33%)");
        var lockHint = (await admin.GetPageAsync($"/kelas/{classId}/kunci")).QuerySelector("[data-incomplete]").ShouldNotBeNull("the lock page warns");
        lockHint.GetAttribute("data-incomplete").ShouldBe("2");
        lockHint.TextContent.ShouldContain(NoBuddha);

        var buddha = Guid.NewGuid();
        await Send(new AddSubject(Guid.NewGuid(), buddha, "Pendidikan Agama Buddha dan Budi Pekerti", "PAB", "Umum", 1, true, 70, system, EntrySource.Seed));
        await Graded(buddha, buddhist);
        await app.CatchUpAsync();

        list = await principal.GetPageAsync($"/rapor/{classId}");
        list.Body!.TextContent.ShouldContain("rapor lengkap 2 dari 3 peserta didik");
        list.QuerySelector($"tr[data-student='{buddhist}'] [data-label='Nilai akhir']")!.TextContent.Trim().ShouldBe("lengkap");
        list.QuerySelector($"tr[data-student='{unrecorded}'] [data-label='Nilai akhir']")!.TextContent.ShouldContain(NoReligion);
        (await principal.GetPageAsync($"/rapor/{classId}/{buddhist}")).QuerySelector("[data-without-religion]").ShouldBeNull();
        missing = (await principal.GetPageAsync($"/wali/{classId}")).QuerySelector("[data-missing-religion]")!.TextContent;
        missing.ShouldNotContain("Wijaya Kusuma");
        missing.ShouldContain("Yohana Lestari");
        (await principal.GetPageAsync("/rapor")).QuerySelector($"tr[data-class='{classId}'] [data-grades]")!.TextContent.ShouldBe("2 dari 3 (66%)");
    }

    [Fact]
    public async Task the_class_progress_counts_a_religion_subject_only_for_students_of_that_religion()
    {
        var wali = await app.SignInAsync("wali.x1");

        var progress = (await wali.GetJsonAsync($"/api/homeroom/classes/{ClassId}/progress"))
            .Deserialize<ClassProgress>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        var christian = progress.Subjects.Single(s => s.Subject.Contains("Kristen"));
        christian.Students.ShouldBe(1, "only the Christian student takes it");
        var islam = progress.Subjects.Single(s => s.Subject.Contains("Islam"));
        islam.Students.ShouldBe(progress.Students.Count - 1);
        var grace = progress.Students.Single(s => s.StudentId == app.ChristianStudent);
        var cell = grace.Cells.Single(c => c.GradebookId == islam.GradebookId);
        cell.Taken.ShouldBeFalse();
        cell.Missing.ShouldBeEmpty("nothing is missing from a subject the student does not take");
    }

    [Fact]
    public async Task the_student_pdf_has_every_section_the_read_models_numbers_indonesian_text_and_page_numbers()
    {
        var principal = await app.SignInAsync("kepsek");
        var cards = await app.CardsAsync();
        var eka = cards.Cards.Single(c => c.Student.StudentId == app.Eka);

        var pdf = await DownloadAsync(principal, $"/rapor/{ClassId}/{app.Eka}/pdf", ReportCardDownloads.PdfType);

        var pages = ReportCardPdfTests.PagesText(pdf);
        var text = string.Join("\n", pages);
        foreach (var title in new[] { ReportCardPdf.Title, "Nama Peserta Didik", "NISN/NIS", "Tahun Pelajaran", "Mata Pelajaran", "Nilai Akhir",
                     "Capaian Kompetensi", "Mata Pelajaran Umum", "Muatan Lokal", "Kokurikuler", "Ekstrakurikuler", "Ketidakhadiran",
                     "Tanpa Keterangan", "Catatan Wali Kelas", "Tanggapan Orang Tua/Wali", "Orang Tua/Wali,", "Wali Kelas,", "Mengetahui,",
                     "Kepala Sekolah,", "Uji, 19 Desember 2026", eka.Student.Name, $"{eka.Student.Nisn} / {eka.Student.Nis}", "Wali X-1", "Kepala Uji" })
            text.ShouldContain(title);
        text.ShouldNotContain("Kota Uji, 19", Case.Sensitive, "signed at the kota by its name, without \"Kota\"");
        text.ShouldContain("Menunjukkan penguasaan yang baik dalam", Case.Sensitive, "Indonesian descriptions are extractable");
        foreach (var s in eka.Subjects)
            ReportCardPdfTests.FinalGradeCell(pdf, s.Name).ShouldBe(s.FinalGrade?.ToString() ?? ReportCardPdf.Incomplete, s.Name);
        eka.Subjects.Count(s => s.FinalGrade is null).ShouldBe(1);
        for (var i = 0; i < pages.Count; i++)
            pages[i].ShouldContain($"Halaman {i + 1} dari {pages.Count}");
    }

    [Fact]
    public async Task the_class_page_lists_every_student_and_the_class_pdf_holds_one_report_card_each_in_that_order()
    {
        var wali = await app.SignInAsync("wali.x1");
        var cards = await app.CardsAsync();

        var pdf = await DownloadAsync(wali, $"/rapor/{ClassId}/pdf", ReportCardDownloads.PdfType);

        var firstPages = ReportCardPdfTests.PagesText(pdf).Where(p => p.Contains("Halaman 1 dari")).ToList();
        firstPages.Count.ShouldBe(cards.Cards.Count);
        firstPages.Select(p => cards.Cards.Single(c => p.Contains(c.Student.Name)).Student.StudentId).ShouldBe(cards.Cards.Select(c => c.Student.StudentId));
        using var document = PdfDocument.Open(pdf);
        document.NumberOfPages.ShouldBeGreaterThanOrEqualTo(cards.Cards.Count);

        var page = await wali.GetPageAsync($"/rapor/{ClassId}");
        page.QuerySelectorAll("table.report-cards tbody tr").Select(tr => tr.GetAttribute("data-student")).ShouldBe(cards.Cards.Select(c => c.Student.StudentId.ToString()));
        page.QuerySelector($"tr[data-student='{app.Eka}']")!.TextContent.ShouldContain("1 belum lengkap");
        page.QuerySelector($"a[href='/rapor/{ClassId}/pdf']").ShouldNotBeNull();
        page.QuerySelector($"a[href='/rapor/{ClassId}/{app.Adi}/pdf']").ShouldNotBeNull();
    }

    /// <summary>The school's printer prints both sides: the class page offers the class PDF in which every card starts on a front page.</summary>
    [Fact]
    public async Task the_class_pdf_for_printing_on_both_sides_starts_every_card_on_a_front_page()
    {
        var wali = await app.SignInAsync("wali.x1");
        var cards = await app.CardsAsync();

        var link = (await wali.GetPageAsync($"/rapor/{ClassId}")).QuerySelector("a[data-both-sides]").ShouldNotBeNull();
        link.TextContent.ShouldBe("Unduh semua untuk cetak bolak-balik");
        var pages = ReportCardPdfTests.PagesText(await DownloadAsync(wali, link.GetAttribute("href")!, ReportCardDownloads.PdfType));

        var firstPages = pages.Index().Where(p => p.Item.Contains("Halaman 1 dari")).Select(p => p.Index).ToList();
        firstPages.Count.ShouldBe(cards.Cards.Count);
        firstPages.ShouldAllBe(i => i % 2 == 0);
    }

    /// <summary>Both class PDFs land in the same downloads folder: the one for printing on both sides says so in its name.</summary>
    [Fact]
    public async Task the_class_pdf_for_printing_on_both_sides_is_named_apart_from_the_plain_one()
    {
        var wali = await app.SignInAsync("wali.x1");
        async Task<string> NameOf(string url) =>
            (await wali.SendAsync(s => { s.Get.Url(url); s.StatusCodeShouldBe(200); })).Context.Response.Headers.ContentDisposition.ToString();

        var plain = await NameOf($"/rapor/{ClassId}/pdf");
        var bothSides = await NameOf($"/rapor/{ClassId}/pdf?bolakbalik=true");

        plain.ShouldNotContain("bolak-balik");
        bothSides.ShouldContain("(bolak-balik).pdf");
    }

    /// <summary>The class PDF prints "belum lengkap" in Nilai Akhir for a missing final grade: the download links say how many cards
    /// that is, and still download.</summary>
    [Fact]
    public async Task the_class_pdf_links_warn_how_many_cards_will_print_belum_lengkap()
    {
        var wali = await app.SignInAsync("wali.x1");
        var cards = await app.CardsAsync();
        var incomplete = cards.Cards.Count(c => c.Subjects.Any(s => s.FinalGrade is null));
        incomplete.ShouldBeGreaterThan(0, "Eka has a subject without a final grade");

        var page = await wali.GetPageAsync($"/rapor/{ClassId}");

        var links = page.QuerySelector($"a[href='/rapor/{ClassId}/pdf']")!.ParentElement!;
        links.QuerySelector("[data-prints-incomplete]")!.TextContent.ShouldBe($"{incomplete} rapor belum lengkap akan tercetak \"belum lengkap\" di Nilai Akhir.");
        links.QuerySelector("a[data-both-sides]").ShouldNotBeNull("the download is not blocked");
    }

    [Fact]
    public async Task the_identity_pages_hold_one_page_per_student_in_class_order_from_the_students_records_and_record_no_print()
    {
        var wali = await app.SignInAsync("wali.x1");
        var cards = await app.CardsAsync();
        await using var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext();
        var printsBefore = db.ReportCardPrints.Count();
        var adi = db.Students.Single(s => s.StudentId == app.Adi);

        var pages = ReportCardPdfTests.PagesText(await DownloadAsync(wali, $"/rapor/{ClassId}/identitas/pdf", ReportCardDownloads.PdfType));
        var one = ReportCardPdfTests.PagesText(await DownloadAsync(wali, $"/rapor/{ClassId}/{app.Adi}/identitas/pdf", ReportCardDownloads.PdfType));

        pages.Select(p => cards.Cards.Single(c => p.Contains(c.Student.Name)).Student.StudentId).ShouldBe(cards.Cards.Select(c => c.Student.StudentId));
        one.ShouldHaveSingleItem().ShouldContain($"{adi.Nisn} / {adi.Nis}");
        one[0].ShouldContain(StudentIdentityPdf.Title);
        db.ReportCardPrints.Count().ShouldBe(printsBefore, "an identity page is not a print of the rapor");
        (await wali.GetPageAsync($"/rapor/{ClassId}")).QuerySelector($"a[href='/rapor/{ClassId}/identitas/pdf']").ShouldNotBeNull();
        (await wali.GetPageAsync($"/rapor/{ClassId}/{app.Adi}")).QuerySelector($"a[href='/rapor/{ClassId}/{app.Adi}/identitas/pdf']").ShouldNotBeNull();
    }

    [Fact]
    public async Task a_rapor_printed_again_after_the_principal_changed_is_signed_by_the_principal_of_its_report_date()
    {
        var admin = await app.SignInAsync("admin");
        var wali = await app.SignInAsync("wali.x1");
        async Task PrincipalAsync(string name) =>
            (await admin.SubmitAsync(await admin.GetPageAsync("/data/sekolah"), "form.stack", "/data/sekolah",
                new Dictionary<string, string> { ["principalName"] = name })).Context.Response.StatusCode.ShouldBe(302);
        Task ReportDateAsync(string date) =>
            admin.PutJsonAsync($"/api/master-data/terms/{app.School.TermId}", new { commandId = Guid.NewGuid(), reportDate = date, reportPlace = (string?)null });
        // Read by the admin, whose pages wait for the admin's own changes (a PDF waits for everyone's).
        async Task<string> SignedByAsync() => (await admin.GetPageAsync($"/rapor/{ClassId}/{app.Adi}")).QuerySelector("article.rapor")!.TextContent;

        // The term's rapor were handed out on 1 November; a new principal took office since.
        await ReportDateAsync("2026-11-01");
        await PrincipalAsync("Dra. Baru Menjabat");
        try
        {
            var reprinted = await SignedByAsync();
            reprinted.ShouldContain("Kepala Uji");
            reprinted.ShouldNotContain("Baru Menjabat");
            var pdf = string.Join("\n", ReportCardPdfTests.PagesText(await DownloadAsync(wali, $"/rapor/{ClassId}/{app.Adi}/pdf", ReportCardDownloads.PdfType)));
            pdf.ShouldContain("Kepala Uji");

            // A report date still ahead is signed by the principal in office now.
            await ReportDateAsync("2026-12-19");
            (await SignedByAsync()).ShouldContain("Baru Menjabat");
        }
        finally
        {
            await ReportDateAsync("2026-12-19");
            await PrincipalAsync("Kepala Uji");
        }
    }

    [Fact]
    public async Task the_zip_holds_one_pdf_per_student_named_by_nis_and_name()
    {
        var admin = await app.SignInAsync("admin");
        var cards = await app.CardsAsync();

        var bytes = await DownloadAsync(admin, $"/rapor/{ClassId}/zip", "application/zip");

        using var zip = new ZipArchive(new MemoryStream(bytes));
        zip.Entries.Select(e => e.FullName).ShouldBe(cards.Cards.Select(c => $"{c.Student.Nis} {c.Student.Name}.pdf"));
        foreach (var (entry, card) in zip.Entries.Zip(cards.Cards))
        {
            using var content = new MemoryStream();
            await using (var stream = entry.Open())
                await stream.CopyToAsync(content);
            var text = string.Join("\n", ReportCardPdfTests.PagesText(content.ToArray()));
            text.ShouldContain(card.Student.Name);
            text.ShouldContain("Halaman 1 dari");
        }
    }

    /// <summary>A zip entry's time has no zone: an unzip shows it as stored, so a wali kelas unzipping at 22.00 WIB must not see 15.00.</summary>
    [Fact]
    public async Task the_zips_files_are_dated_at_the_schools_clock_time_of_the_print()
    {
        var wali = await app.SignInAsync("wali.x1");
        // Zip times count in whole two-second steps, rounded down.
        DateTime SchoolClock() => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, SchoolTime.Zone).DateTime;
        var before = SchoolClock().AddSeconds(-2);

        var bytes = await DownloadAsync(wali, $"/rapor/{ClassId}/zip", "application/zip");

        var after = SchoolClock();
        using var zip = new ZipArchive(new MemoryStream(bytes));
        zip.Entries.ShouldNotBeEmpty();
        zip.Entries.ShouldAllBe(e => e.LastWriteTime.DateTime >= before && e.LastWriteTime.DateTime <= after,
            $"between {before:HH:mm:ss} and {after:HH:mm:ss} ({SchoolTime.ZoneName})");
    }

    [Fact]
    public async Task the_home_page_counts_a_religion_subjects_sheet_by_the_students_of_that_religion_only()
    {
        var teacher = await app.SignInAsync("guru.mtk");

        var home = await teacher.GetPageAsync("/");

        string Filled(Guid gradebook) =>
            home.QuerySelector($"table.gradebooks a[href='/nilai/{gradebook}']")!.Closest("tr")!.QuerySelectorAll("td")[1].TextContent.Trim();
        var cells = TestSchool.Assessments.Length;
        Filled(app.ChristianGradebook).ShouldBe($"{cells} / {cells}", "Grace alone takes Agama Kristen, and every score of hers is in");
        Filled(app.IslamGradebook).ShouldBe($"{app.School.Students.Count * cells} / {app.School.Students.Count * cells}");
    }

    [Fact]
    public async Task a_school_that_prints_on_f4_paper_gets_every_report_card_on_f4_pages()
    {
        var admin = await app.SignInAsync("admin");
        var wali = await app.SignInAsync("wali.x1");
        async Task ChoosePaperAsync(string paper) =>
            (await admin.SubmitAsync(await admin.GetPageAsync("/data/sekolah"), "form.stack", "/data/sekolah",
                new Dictionary<string, string> { ["paper"] = paper })).Context.Response.StatusCode.ShouldBe(302);
        static IEnumerable<(double, double)> Sizes(byte[] pdf)
        {
            using var document = PdfDocument.Open(pdf);
            return [.. document.GetPages().Select(p => (Math.Round(p.Width), Math.Round(p.Height)))];
        }
        Sizes(await DownloadAsync(wali, $"/rapor/{ClassId}/pdf", ReportCardDownloads.PdfType)).Distinct().ShouldBe([(595d, 842d)]);

        await ChoosePaperAsync("F4");
        try
        {
            // The class's cards were read before: the profile's change reaches the PDFs all the same.
            Sizes(await DownloadAsync(wali, $"/rapor/{ClassId}/pdf", ReportCardDownloads.PdfType)).Distinct().ShouldBe([(609d, 935d)]);
            Sizes(await DownloadAsync(wali, $"/rapor/{ClassId}/{app.Adi}/pdf", ReportCardDownloads.PdfType)).Distinct().ShouldBe([(609d, 935d)]);
        }
        finally
        {
            await ChoosePaperAsync("A4");
        }
    }

    [Fact]
    public async Task the_leger_xlsx_equals_the_leger_page_and_the_read_model()
    {
        var wali = await app.SignInAsync("wali.x1");
        var leger = Leger.Of(await app.CardsAsync());

        var page = await wali.GetPageAsync($"/leger/{ClassId}");
        var xlsx = await DownloadAsync(wali, $"/leger/{ClassId}/xlsx", ReportCardDownloads.XlsxType);

        var rows = MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: false, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>().Select(r => r.Values.Select(v => v?.ToString() ?? "").ToList()).ToList();
        var header = LegerXlsx.Header(leger);
        rows[LegerXlsx.HeaderRow - 1].Take(header.Count).ShouldBe(header);
        ERaport.Tests.Unit.Grading.TemplateFiles.FrozenPane(xlsx).ShouldBe((LegerXlsx.HeaderRow.ToString(), "2", false), "headings, numbers and names stay in view");
        page.QuerySelectorAll("table.leger thead th").Select(th => th.TextContent.Trim()).ShouldBe(header);
        leger.Columns.Select(c => c.Code).ShouldContain("PAI");
        leger.Columns.Select(c => c.Code).ShouldContain("PAK");
        foreach (var r in leger.Rows)
        {
            var line = rows[LegerXlsx.HeaderRow - 1 + r.No];
            var cells = page.QuerySelectorAll($"tr[data-student='{r.StudentId}'] td").Select(td => td.TextContent.Trim()).ToList();
            string[] expected =
            [
                r.No.ToString(), r.Name, r.Nisn,
                // As the page marks them: "…" an incomplete grade, "–" no mean or rank, blank another religion's subject.
                .. leger.Columns.Select(c => r.Grades.TryGetValue(c.SubjectId, out var g) ? g?.ToString() ?? "…" : ""),
                r.Attendance.Sick.ToString(), r.Attendance.Permitted.ToString(), r.Attendance.Unexcused.ToString(), r.Total.ToString(),
                r.Mean?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "–", r.Rank?.ToString() ?? "–",
            ];
            line.Take(header.Count).Select(Same).ShouldBe(expected.Select(Same), r.Name);
            cells[0].ShouldBe(r.No.ToString());
            cells[^1].ShouldBe(r.Rank?.ToString() ?? "–");
            cells[^3].ShouldBe(r.Total.ToString());
        }
        var adi = leger.Rows.Single(r => r.StudentId == app.Adi);
        (adi.Attendance.Sick, adi.Attendance.Permitted, adi.Attendance.Unexcused).ShouldBe((2, 1, 3));
        leger.Rows.Single(r => r.StudentId == app.Eka).Rank.ShouldBeNull("an incomplete NA gets no rank");
        rows.ShouldContain(line => line[0] == Leger.Legend, "what the marks mean, under the table as under the page's");
    }

    [Fact]
    public async Task the_leger_puts_the_religion_subjects_in_rapor_order_whatever_religion_the_first_students_have()
    {
        var cards = await app.CardsAsync();
        var graceFirst = cards with { Cards = [.. cards.Cards.OrderBy(c => c.Student.StudentId != app.ChristianStudent)] };

        var columns = Leger.Of(cards).Columns.Select(c => c.Code).ToList();

        columns.IndexOf("PAI").ShouldBe(0, "same order 1 as PAK: by name");
        columns.IndexOf("PAK").ShouldBe(1);
        Leger.Of(graceFirst).Columns.Select(c => c.Code).ShouldBe(columns, "a class whose first student is Christian");
    }

    /// <summary>A number as one text whatever its cell type ("81.5" and "81.50" alike); other text as it is.</summary>
    private static string Same(string value) =>
        decimal.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : value;

    public static TheoryData<string, int> Viewers => new()
    {
        { "wali.x1", 200 }, { "kepsek", 200 }, { "admin", 200 }, { "guru.mtk", 403 }, { "guru.bio", 403 },
    };

    [Theory]
    [MemberData(nameof(Viewers))]
    public async Task only_the_classes_wali_kelas_the_principal_and_the_admin_may_open_report_cards_and_the_leger(string user, int status)
    {
        var browser = await app.SignInAsync(user);
        foreach (var url in Urls(ClassId, app.Adi))
            await browser.SendAsync(s =>
            {
                s.Get.Url(url);
                s.StatusCodeShouldBe(status);
            });
    }

    [Fact]
    public async Task a_wali_kelas_cannot_open_another_class_and_nobody_signed_out_can()
    {
        var wali = await app.SignInAsync("wali.x1");
        var otherClass = await OtherClassAsync();
        foreach (var url in Urls(otherClass, app.School.OtherClassStudent))
            await wali.SendAsync(s =>
            {
                s.Get.Url(url);
                s.StatusCodeShouldBe(403);
            });
        var index = await wali.GetPageAsync("/rapor");
        index.QuerySelector($"tr[data-class='{ClassId}']").ShouldNotBeNull();
        index.QuerySelector($"tr[data-class='{otherClass}']").ShouldBeNull();

        foreach (var url in Urls(ClassId, app.Adi))
        {
            var anonymous = await app.Host.Scenario(s =>
            {
                s.Get.Url(url);
                s.IgnoreStatusCode();
            });
            anonymous.Context.Response.StatusCode.ShouldBeOneOf(302, 401);
        }
    }

    private async Task<Guid> OtherClassAsync()
    {
        await using var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext();
        return db.Enrollments.Single(e => e.StudentId == app.School.OtherClassStudent).ClassId;
    }

    private static string[] Urls(Guid classId, Guid studentId) =>
    [
        $"/rapor/{classId}", $"/rapor/{classId}/{studentId}", $"/rapor/{classId}/{studentId}/pdf", $"/rapor/{classId}/pdf", $"/rapor/{classId}/zip",
        $"/leger/{classId}", $"/leger/{classId}/xlsx", $"/rapor/{classId}/identitas/pdf", $"/rapor/{classId}/{studentId}/identitas/pdf",
    ];
}
