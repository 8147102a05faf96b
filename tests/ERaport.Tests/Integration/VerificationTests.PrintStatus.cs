using ERaport.Tests.Unit.ReportCards;
using static ERaport.Tests.Integration.LockingTests;

namespace ERaport.Tests.Integration;

/// <summary>What was printed, seen from inside the school: the wali kelas who hands the papers out sees which of them a
/// later correction made stale, and the principal settling a dispute about one paper compares it with the card now.</summary>
public sealed partial class VerificationTests
{
    [Fact]
    public async Task a_wali_kelas_sees_which_printed_cards_a_later_correction_made_stale_and_the_principal_compares_the_paper_with_now()
    {
        var c = await ClassAsync(app);
        var homeroom = await app.SignInAsync(c.Homeroom);
        var teacher = await app.SignInAsync("guru.mtk");
        await PrintAsync(homeroom, c, c.Adi);
        await PrintAsync(homeroom, c, c.Budi);
        // The teacher corrects Adi's score in the same minute as the print: a comparison by minutes would see nothing.
        await Post(teacher, $"/api/gradebooks/{c.Gradebook}/corrections",
            new { commandId = Guid.NewGuid(), studentId = c.Adi, assessment = "tp1", seen = 80, value = 100, reason = "Salah ketik" });
        await app.CatchUpAsync(); // the wali kelas and the principal hold no read-your-writes token for the teacher's save

        var cards = await homeroom.GetPageAsync($"/rapor/{c.ClassId}");
        string Printed(Guid student) => cards.QuerySelector($"tr[data-student='{student}'] td[data-printed]")!.TextContent;
        Printed(c.Adi).ShouldContain("berubah sejak dicetak");
        Printed(c.Adi).ShouldContain("WIB");
        Printed(c.Budi).ShouldNotContain("berubah");
        cards.QuerySelector("[data-changed-since-print]")!.TextContent.ShouldStartWith("1 rapor berubah sejak terakhir dicetak");

        var principal = await app.SignInAsync("kepsek");
        var card = await principal.GetPageAsync($"/rapor/{c.ClassId}/{c.Adi}");
        card.QuerySelector("[data-changed-since-print]")!.TextContent.ShouldContain("berubah sejak terakhir dicetak");
        card.QuerySelector("[data-changed-since-print]")!.TextContent.ShouldContain("catatan sekolah. Lihat riwayat cetak.");
        var print = card.QuerySelector("section.printed-cards li").ShouldNotBeNull();
        print.TextContent.ShouldContain($"oleh Wali {c.Homeroom["wali.".Length..]}");
        print.TextContent.ShouldContain("berubah sejak dicetak");
        var paper = await principal.GetPageAsync(print.QuerySelector("a[href*='urutan=']:not([href*='dariUrutan'])")!.GetAttribute("href")!);
        paper.QuerySelector(".past-moment").ShouldNotBeNull();
        paper.QuerySelector("main")!.TextContent.ShouldContain("80");
        var diff = await principal.GetPageAsync(print.QuerySelector("a[href*='dariUrutan']")!.GetAttribute("href")!);
        var rows = diff.QuerySelectorAll("table.card-diff tbody tr").Select(r => r.TextContent).ToList();
        rows.ShouldContain(r => r.Contains("80") && r.Contains("85") && r.Contains("Salah ketik") && r.Contains("TP1"));

        // The admin prints and is told what is stale, but reads no history: no list of who printed and no comparison.
        var admin = await app.SignInAsync("admin");
        (await admin.GetPageAsync($"/rapor/{c.ClassId}")).QuerySelector($"tr[data-student='{c.Adi}'] td[data-printed]")!.TextContent
            .ShouldContain("berubah sejak dicetak");
        var adminCard = await admin.GetPageAsync($"/rapor/{c.ClassId}/{c.Adi}");
        adminCard.QuerySelector("[data-changed-since-print]").ShouldNotBeNull();
        adminCard.QuerySelector("section.printed-cards").ShouldBeNull();
        adminCard.QuerySelector("a[href$='#riwayat-cetak']").ShouldBeNull();
    }

    /// <summary>A correction approved after the class was printed leaves a few of its cards stale: the wali kelas prints those
    /// again in one download, instead of finding each flagged row among 36 (on a phone, 36 cards down) and its own PDF link.</summary>
    [Fact]
    public async Task a_wali_kelas_prints_again_in_one_pdf_only_the_cards_changed_since_the_class_was_printed()
    {
        var c = await ClassAsync(app);
        var homeroom = await app.SignInAsync(c.Homeroom);
        var teacher = await app.SignInAsync("guru.mtk");
        Codes(await homeroom.DownloadAsync($"/rapor/{c.ClassId}/pdf")).Count.ShouldBe(2);
        await Post(teacher, $"/api/gradebooks/{c.Gradebook}/corrections",
            new { commandId = Guid.NewGuid(), studentId = c.Adi, assessment = "tp1", seen = 80, value = 100, reason = "Salah ketik" });
        await app.CatchUpAsync();

        var again = (await homeroom.GetPageAsync($"/rapor/{c.ClassId}")).QuerySelector("[data-changed-since-print] a").ShouldNotBeNull();
        again.TextContent.ShouldBe("Unduh 1 rapor yang berubah (satu PDF)");
        var pdf = await homeroom.DownloadAsync(again.GetAttribute("href")!);
        Codes(pdf).ShouldHaveSingleItem();
        var text = string.Join("\n", ReportCardPdfTests.PagesText(pdf));
        text.ShouldContain($"Adi {c.Name["XI-".Length..]}");
        text.ShouldNotContain($"Budi {c.Name["XI-".Length..]}");
        (await homeroom.GetPageAsync($"/rapor/{c.ClassId}")).QuerySelector("[data-changed-since-print]").ShouldBeNull("the stale card was printed again");
    }

    /// <summary>A parent says the Matematika grade was lowered after the rapor was printed. From the student's score history the
    /// principal reaches, in one tap each, the card compared with the paper since it was printed (why it changed) and this
    /// subject's changes in the history explorer, with their flags and the CSV; the page offered neither.</summary>
    [Fact]
    public async Task a_students_score_history_compares_each_printed_card_with_now_and_opens_the_subjects_changes_with_flags_and_csv()
    {
        var c = await ClassAsync(app);
        var homeroom = await app.SignInAsync(c.Homeroom);
        var teacher = await app.SignInAsync("guru.mtk");
        await PrintAsync(homeroom, c, c.Adi);
        await Post(teacher, $"/api/gradebooks/{c.Gradebook}/corrections",
            new { commandId = Guid.NewGuid(), studentId = c.Adi, assessment = "tp1", seen = 80, value = 50, reason = "Nilai remedial" });
        await app.CatchUpAsync();

        var principal = await app.SignInAsync("kepsek");
        var history = await principal.GetPageAsync($"/riwayat/{c.Gradebook}/{c.Adi}");
        var print = history.QuerySelector("tr.printed").ShouldNotBeNull();
        var compared = await principal.GetPageAsync(print.QuerySelector("a[href*='dariUrutan']").ShouldNotBeNull().GetAttribute("href")!);
        compared.QuerySelectorAll("table.card-diff tbody tr").Select(r => r.TextContent)
            .ShouldContain(r => r.Contains("Nilai akhir") && r.Contains("Nilai remedial") && r.Contains("TP1"));

        await using var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext();
        var subject = db.Gradebooks.Single(g => g.GradebookId == c.Gradebook).SubjectId;
        var nisn = db.Students.Single(s => s.StudentId == c.Adi).Nisn;
        var link = history.QuerySelector($"a[href^='/audit'][href*='SubjectId={subject}']").ShouldNotBeNull();
        link.GetAttribute("href")!.ShouldContain($"Nisn={nisn}");
        var changes = await principal.GetPageAsync(link.GetAttribute("href")!);
        var lines = changes.QuerySelectorAll("table.explorer tbody tr").Select(r => r.TextContent).ToList();
        lines.ShouldNotBeEmpty();
        lines.ShouldAllBe(l => l.Contains(c.Name), "only this class's lines");
        lines.ShouldContain(l => l.Contains("80 → 50") && l.Contains("Perubahan besar"));
        changes.QuerySelector("a[href^='/api/audit/changes.csv']")!.GetAttribute("href")!.ShouldContain($"SubjectId={subject}");
    }

    /// <summary>One card on three papers: the student's own PDF, the class PDF and the class ZIP. Asked which paper a student
    /// holds, the wali kelas and the principal read which kind each print was, in the card's print history and the class's history.</summary>
    [Fact]
    public async Task a_cards_print_history_says_whether_each_print_was_the_students_pdf_the_class_pdf_or_the_class_zip()
    {
        var c = await ClassAsync(app);
        var homeroom = await app.SignInAsync(c.Homeroom);
        await PrintAsync(homeroom, c, c.Adi);
        await homeroom.DownloadAsync($"/rapor/{c.ClassId}/pdf");
        await homeroom.DownloadAsync($"/rapor/{c.ClassId}/zip");
        await app.CatchUpAsync();

        foreach (var reader in new[] { homeroom, await app.SignInAsync("kepsek") })
            (await reader.GetPageAsync($"/rapor/{c.ClassId}/{c.Adi}")).QuerySelectorAll("section.printed-cards li [data-print-kind]")
                .Select(kind => kind.TextContent).ShouldBe(["ZIP kelas", "PDF kelas", "PDF siswa"]);
        (await homeroom.GetPageAsync($"/wali/{c.ClassId}/riwayat")).QuerySelectorAll("table.history tbody td[data-label=Isi]").Take(3)
            .Select(detail => detail.TextContent).ShouldBe([$"ZIP kelas dicetak (kelas {c.Name})", $"PDF kelas dicetak (kelas {c.Name})", $"PDF siswa dicetak (kelas {c.Name})"]);
    }

    /// <summary>The class's rapor list says which kind of print each student's paper is (the print that counts: the wali
    /// kelas's latest), so the wali kelas knows whether it came from the class ZIP or a print of the student alone.</summary>
    [Fact]
    public async Task the_class_list_says_whether_the_paper_handed_out_was_the_students_pdf_the_class_pdf_or_the_class_zip()
    {
        var c = await ClassAsync(app);
        var homeroom = await app.SignInAsync(c.Homeroom);
        await homeroom.DownloadAsync($"/rapor/{c.ClassId}/zip");
        await PrintAsync(homeroom, c, c.Adi);
        // The principal's class PDF is not the paper handed out.
        await (await app.SignInAsync("kepsek")).DownloadAsync($"/rapor/{c.ClassId}/pdf");
        await app.CatchUpAsync();

        var cards = await homeroom.GetPageAsync($"/rapor/{c.ClassId}");
        string Printed(Guid student) => cards.QuerySelector($"tr[data-student='{student}'] td[data-printed]")!.TextContent;
        string Kind(Guid student) => cards.QuerySelector($"tr[data-student='{student}'] td[data-printed] [data-print-kind]")!.TextContent;
        Kind(c.Adi).ShouldBe("PDF siswa");
        Kind(c.Budi).ShouldBe("ZIP kelas");
        Printed(c.Budi).ShouldContain($"oleh Wali {c.Homeroom["wali.".Length..]}");
        Printed(c.Budi).ShouldNotContain("PDF kelas");
    }

    /// <summary>The principal settling a dispute opens the card's PDF, which records a print like any other; the paper the
    /// wali kelas hands out is still the old one, so the wali kelas is still told to print it again, and whose print it is.</summary>
    [Fact]
    public async Task a_card_the_principal_opens_after_a_correction_stays_stale_for_the_wali_kelas_until_the_wali_kelas_prints_it_again()
    {
        var c = await ClassAsync(app);
        var homeroom = await app.SignInAsync(c.Homeroom);
        var teacher = await app.SignInAsync("guru.mtk");
        var principal = await app.SignInAsync("kepsek");
        await PrintAsync(homeroom, c, c.Adi);
        await Post(teacher, $"/api/gradebooks/{c.Gradebook}/corrections",
            new { commandId = Guid.NewGuid(), studentId = c.Adi, assessment = "tp1", seen = 80, value = 100, reason = "Salah ketik" });
        await app.CatchUpAsync();
        await PrintAsync(principal, c, c.Adi);
        await app.CatchUpAsync();

        var cards = await homeroom.GetPageAsync($"/rapor/{c.ClassId}");
        var printed = cards.QuerySelector($"tr[data-student='{c.Adi}'] td[data-printed]")!.TextContent;
        printed.ShouldContain("berubah sejak dicetak");
        printed.ShouldContain($"oleh Wali {c.Homeroom["wali.".Length..]}");
        cards.QuerySelector("[data-changed-since-print]").ShouldNotBeNull();
        (await homeroom.GetPageAsync($"/rapor/{c.ClassId}/{c.Adi}")).QuerySelector("[data-changed-since-print]").ShouldNotBeNull();

        await PrintAsync(homeroom, c, c.Adi);
        await app.CatchUpAsync();
        cards = await homeroom.GetPageAsync($"/rapor/{c.ClassId}");
        cards.QuerySelector($"tr[data-student='{c.Adi}'] td[data-printed]")!.TextContent.ShouldNotContain("berubah");
        cards.QuerySelector("[data-changed-since-print]").ShouldBeNull();
    }
}
