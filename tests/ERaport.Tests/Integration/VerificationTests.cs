using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using ERaport.Read.Audit;
using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using ERaport.Tests.Unit.ReportCards;
using ERaport.Web.ReportCards;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using static ERaport.Tests.Integration.LockingTests;

namespace ERaport.Tests.Integration;

/// <summary>Verifiable report cards: every PDF records its print with a code, and the public page (no sign-in)
/// tells a genuine card from a corrected one and from an unknown code, showing nothing else. Each test prints
/// a class of its own.</summary>
[Collection(AppCollection.Name)]
public sealed partial class VerificationTests(AppFixture app)
{
    [GeneratedRegex(@"Kode verifikasi: ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})")]
    private static partial Regex FooterCode();

    /// <summary>The verification codes printed in a PDF's footers, one per card (each page repeats its card's).</summary>
    internal static List<string> Codes(byte[] pdf) =>
        [.. ReportCardPdfTests.PagesText(pdf).SelectMany(page => FooterCode().Matches(page).Select(m => m.Groups[1].Value)).Distinct()];

    private async Task<string> PrintAsync(TestBrowser by, LockedClassSetup c, Guid student) =>
        Codes(await by.DownloadAsync($"/rapor/{c.ClassId}/{student}/pdf")).ShouldHaveSingleItem();

    /// <summary>The public page as a stranger sees it (no cookies), after the read model has the latest events.</summary>
    private async Task<IHtmlDocument> VerifyAsync(string url)
    {
        await app.CatchUpAsync();
        return await new TestBrowser(app.Host).GetPageAsync(url);
    }

    private static string Verdict(IHtmlDocument page) => page.QuerySelector("[data-verdict]")!.GetAttribute("data-verdict")!;

    [Fact]
    public async Task a_printed_card_verifies_as_genuine_without_sign_in_and_shows_only_that_cards_print()
    {
        var c = await ClassAsync(app);
        var homeroom = await app.SignInAsync(c.Homeroom);

        var code = await PrintAsync(homeroom, c, c.Adi);

        var page = await VerifyAsync($"/verifikasi/{code}");
        Verdict(page).ShouldBe("genuine");
        var text = page.QuerySelector("section.verification")!.TextContent;
        text.ShouldContain("Asli dan sesuai catatan");
        page.QuerySelector("[data-student]")!.TextContent.ShouldStartWith("Adi ");
        var grades = page.QuerySelectorAll("table[data-printed-grades] tbody tr").Select(r => r.TextContent).ToList();
        grades.ShouldHaveSingleItem().ShouldContain("80"); // SLM (80 + 90) / 2, SAS (70 + 80) / 2
        text.ShouldNotContain("Budi", Case.Sensitive, "nothing about another student");
        page.QuerySelector("meta[name=robots]")!.GetAttribute("content").ShouldBe("noindex, nofollow");
        page.QuerySelectorAll("script:not([src])").ShouldBeEmpty("the CSP allows no inline script");

        // Typed by hand: lower case, without dashes, O for 0 — the same card.
        var typed = code.Replace("-", " ").ToLowerInvariant().Replace('0', 'o');
        Verdict(await VerifyAsync($"/verifikasi?kode={Uri.EscapeDataString(typed)}")).ShouldBe("genuine");
    }

    [Fact]
    public async Task the_paper_says_when_it_was_printed_in_the_minute_its_print_history_shows()
    {
        var c = await ClassAsync(app);
        var homeroom = await app.SignInAsync(c.Homeroom);

        var pdf = await homeroom.DownloadAsync($"/rapor/{c.ClassId}/{c.Adi}/pdf");

        var code = Codes(pdf).ShouldHaveSingleItem();
        await app.CatchUpAsync();
        await using var db = app.Service<ReadModelStore>().CreateDbContext();
        var printedAt = db.ReportCardPrints.Single(p => p.Code == code).PrintedAt;
        ReportCardPdfTests.PagesText(pdf).ShouldAllBe(page => page.Contains($"Kode verifikasi: {code} · dicetak {SchoolTime.Format(printedAt)}"));
    }

    [Fact]
    public async Task a_print_waits_for_another_teachers_save_and_is_refused_while_the_read_model_cannot_take_it()
    {
        var c = await ClassAsync(app);
        var homeroom = await app.SignInAsync(c.Homeroom);
        var teacher = await app.SignInAsync("guru.mtk");
        var pdf = $"/rapor/{c.ClassId}/{c.Adi}/pdf";

        // Another connection holds the read model's write lock, so the teacher's correction is committed but not yet readable.
        await using (await app.HoldReadModelWritesAsync())
        {
            await Post(teacher, $"/api/gradebooks/{c.Gradebook}/corrections",
                new { commandId = Guid.NewGuid(), studentId = c.Adi, assessment = "tp1", seen = 80, value = 100, reason = "Salah ketik" });

            var refused = await homeroom.SendAsync(s =>
            {
                s.Get.Url(pdf);
                s.StatusCodeShouldBe(503);
            });
            (await refused.ReadAsTextAsync()).ShouldContain("belum dapat dicetak");
            (await app.EventsAsync(StreamKeys.ReportCard(TestSchool.Id, app.School.TermId, c.Adi))).ShouldBeEmpty("a refused print records nothing");
        }

        var code = Codes(await homeroom.DownloadAsync(pdf)).ShouldHaveSingleItem();
        var page = await VerifyAsync($"/verifikasi/{code}");
        Verdict(page).ShouldBe("genuine");
        page.QuerySelectorAll("table[data-printed-grades] tbody tr").ShouldHaveSingleItem().TextContent.ShouldContain("85"); // SLM (100 + 90) / 2, SAS 75
    }

    [Fact]
    public async Task a_card_with_nothing_but_a_print_can_be_printed_again()
    {
        var c = await ClassAsync(app);
        var homeroom = await app.SignInAsync(c.Homeroom);

        var first = await PrintAsync(homeroom, c, c.Budi);
        var second = await PrintAsync(homeroom, c, c.Budi);

        second.ShouldNotBe(first);
        (await app.EventsAsync(StreamKeys.ReportCard(TestSchool.Id, app.School.TermId, c.Budi))).Select(e => ((ReportCardPrinted)e.Data).Code)
            .ShouldBe([first, second]);
    }

    private const string Why = "Salah ketik; lembar jawaban menunjukkan 95";

    /// <summary>Adi's card printed by the wali kelas of a locked class, then his TP1 corrected 80 → 95 by guru.mtk's request with
    /// <see cref="Why"/>, approved by the principal with a reason of their own.</summary>
    private async Task<string> PrintedThenCorrectedAsync(LockedClassSetup c)
    {
        var homeroom = await app.SignInAsync(c.Homeroom);
        var principal = await app.SignInAsync("kepsek");
        await LockAsync(homeroom, c.ClassId);
        var code = await PrintAsync(homeroom, c, c.Adi); // a locked class prints
        await Post(await app.SignInAsync("guru.mtk"), $"/api/gradebooks/{c.Gradebook}/correction-requests", Correction(c.Adi, 80, 95, Why));
        await app.CatchUpAsync();
        var request = (await (await principal.SendAsync(s => s.Get.Url("/api/correction-requests?pending=true")))
            .ReadAsJsonAsync<List<ERaport.Read.Grading.CorrectionView>>())!.Single(r => r.GradebookId == c.Gradebook);
        await Post(principal, $"/api/correction-requests/{request.RequestId}/approve", new { commandId = Guid.NewGuid(), reason = "Lembar jawaban diperiksa" });
        return code;
    }

    /// <summary>The page as <paramref name="by"/> sees it, after the read model has the latest events.</summary>
    private async Task<IHtmlDocument> VerifyAsync(TestBrowser by, string code)
    {
        await app.CatchUpAsync();
        return await by.GetPageAsync($"/verifikasi/{code}");
    }

    private static List<string> Changes(IHtmlDocument page) => [.. page.QuerySelectorAll("table[data-changes] tbody tr").Select(r => r.TextContent)];

    /// <summary>What the page shows a stranger of a card corrected since its print: that it is genuine but no longer current, which
    /// subject changed and on which day; not the new values, nor why, nor who: those stay behind sign-in.</summary>
    private static void ShowsOnlyThatTheSubjectChanged(IHtmlDocument page, LockedClassSetup c)
    {
        Verdict(page).ShouldBe("corrected");
        var text = page.QuerySelector("section.verification")!.TextContent;
        text.ShouldContain("Asli, tetapi dikoreksi setelah dicetak");
        var change = Changes(page).ShouldHaveSingleItem("the TP1 correction and the NA it moved: one subject's grades changed that day");
        change.ShouldContain($"Matematika {c.Name[3..]}");
        change.ShouldContain("Nilai diubah");
        change.ShouldContain(SchoolTime.Today(TimeProvider.System).ToString("d MMM yyyy", SchoolTime.Indonesian));
        foreach (var internalDetail in new[] { "Salah ketik", "lembar jawaban", "Lembar jawaban diperiksa", "→", "guru.mtk", "Bambang", "kepsek", "Ibu Kepala" })
            text.ShouldNotContain(internalDetail, Case.Insensitive, "a reason, a value or a name entered or held by staff stays inside the school");
        page.QuerySelector("[data-evidence]").ShouldBeNull("no way on into the school's records");
    }

    [Fact]
    public async Task a_card_corrected_after_printing_tells_a_stranger_which_subject_changed_and_when_but_not_why_nor_the_new_value_and_names_the_newer_print()
    {
        var c = await ClassAsync(app);
        var code = await PrintedThenCorrectedAsync(c);

        var page = await VerifyAsync($"/verifikasi/{code}");

        ShowsOnlyThatTheSubjectChanged(page, c);
        page.QuerySelector("[data-newer-print]").ShouldBeNull();
        var reprint = await PrintAsync(await app.SignInAsync(c.Homeroom), c, c.Adi);
        reprint.ShouldNotBe(code);
        Verdict(await VerifyAsync($"/verifikasi/{reprint}")).ShouldBe("genuine");
        (await VerifyAsync($"/verifikasi/{code}")).QuerySelector("[data-newer-print]").ShouldNotBeNull();
    }

    /// <summary>A principal holding a disputed printout: signed in, the code's page says what changed, from what to what and why,
    /// and leads on to the card today, its comparison with the paper, and the subject's score history.</summary>
    [Fact]
    public async Task the_principal_signed_in_reads_why_the_card_changed_and_goes_on_to_the_current_card_its_comparison_with_the_print_and_the_score_history()
    {
        var c = await ClassAsync(app);
        var code = await PrintedThenCorrectedAsync(c);
        var principal = await app.SignInAsync("kepsek");

        var page = await VerifyAsync(principal, code);

        Verdict(page).ShouldBe("corrected");
        var changes = Changes(page);
        changes.ShouldContain(r => r.Contains("TP1") && r.Contains("80 → 95") && r.Contains(Why));
        changes.ShouldContain(r => r.Contains("Nilai akhir") && r.Contains("80 → 84"));
        var links = page.QuerySelector("[data-evidence]").ShouldNotBeNull().QuerySelectorAll("a").Select(a => a.GetAttribute("href")!).ToList();
        links.ShouldContain($"/rapor/{c.ClassId}/{c.Adi}");
        links.ShouldContain($"/riwayat/{c.Gradebook}/{c.Adi}");
        links.ShouldContain(l => l.StartsWith("/audit?Nisn="));
        var comparison = links.Where(l => l.StartsWith($"/rapor/{c.ClassId}/{c.Adi}/waktu?dariUrutan=")).ShouldHaveSingleItem();
        foreach (var link in links)
            await principal.SendAsync(s =>
            {
                s.Get.Url(link);
                s.StatusCodeShouldBe(200);
            });
        (await principal.GetPageAsync(comparison)).QuerySelector("main")!.TextContent.ShouldContain(Why, Case.Sensitive, "the comparison starts at the print");
    }

    [Fact]
    public async Task a_wali_kelas_of_another_class_signed_in_is_told_only_what_a_stranger_is()
    {
        var c = await ClassAsync(app);
        var other = await ClassAsync(app);
        var code = await PrintedThenCorrectedAsync(c);

        ShowsOnlyThatTheSubjectChanged(await VerifyAsync(await app.SignInAsync(other.Homeroom), code), c);
        (await VerifyAsync(await app.SignInAsync(c.Homeroom), code)).QuerySelector("[data-evidence]").ShouldNotBeNull("the class's own wali kelas");
    }

    /// <summary>The admin sees every rapor but reads no history (who changed what and why), as on the rapor's own page: the way on to the
    /// card today, the changes as a stranger reads them.</summary>
    [Fact]
    public async Task the_admin_signed_in_gets_the_way_to_the_current_card_but_not_the_reasons()
    {
        var c = await ClassAsync(app);
        var code = await PrintedThenCorrectedAsync(c);

        var page = await VerifyAsync(await app.SignInAsync("admin"), code);

        page.QuerySelector("section.verification")!.TextContent.ShouldNotContain("Salah ketik");
        page.QuerySelector("[data-evidence]").ShouldNotBeNull().QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ShouldBe([$"/rapor/{c.ClassId}/{c.Adi}"]);
    }

    [Fact]
    public async Task an_altered_code_and_any_unknown_code_get_the_same_answer_that_reveals_nothing()
    {
        var c = await ClassAsync(app);
        var code = await PrintAsync(await app.SignInAsync(c.Homeroom), c, c.Adi);
        var altered = code[..^1] + (code[^1] == 'Z' ? 'Y' : 'Z');

        string Answer(IHtmlDocument page)
        {
            page.QuerySelector("input[name=kode]")!.RemoveAttribute("value");
            return page.QuerySelector("section.verification")!.OuterHtml;
        }
        var answers = new List<string>();
        foreach (var typed in new[] { altered, VerificationCode.New(), "ABCD", "0000-0000-0000-0000", code + "0" })
            answers.Add(Answer(await VerifyAsync($"/verifikasi/{Uri.EscapeDataString(typed)}")));

        answers.Distinct().ShouldHaveSingleItem();
        answers[0].ShouldContain("data-verdict=\"unknown\"");
        answers[0].ShouldNotContain("Adi");
    }

    [Fact]
    public async Task a_head_request_for_a_shared_link_answers_as_get_does()
    {
        var c = await ClassAsync(app);
        var code = await PrintAsync(await app.SignInAsync(c.Homeroom), c, c.Adi);
        await app.CatchUpAsync();

        foreach (var url in new[] { $"/verifikasi/{code}", $"/verifikasi/{VerificationCode.New()}", "/verifikasi" })
        {
            var head = await new TestBrowser(app.Host).SendAsync(s =>
            {
                s.Head.Url(url);
                s.StatusCodeShouldBe(200);
            });
            head.Context.Response.ContentType.ShouldBe("text/html; charset=utf-8");
            head.Context.Response.Headers.CacheControl.ToString().ShouldBe("no-store");
        }
    }

    [Fact]
    public async Task the_public_page_answers_429_in_bahasa_indonesia_after_too_many_lookups_from_one_address()
    {
        var ip = $"10.77.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";
        var limit = new VerificationOptions().LookupsPerMinute;
        var anonymous = new TestBrowser(app.Host);
        for (var i = 0; i < limit; i++)
            await anonymous.SendAsync(s =>
            {
                s.Get.Url($"/verifikasi/{VerificationCode.New()}");
                s.ConfigureHttpContext(h => h.Connection.RemoteIpAddress = IPAddress.Parse(ip));
                s.StatusCodeShouldBe(200);
            });

        var refused = await anonymous.SendAsync(s =>
        {
            s.Get.Url("/verifikasi");
            s.ConfigureHttpContext(h => h.Connection.RemoteIpAddress = IPAddress.Parse(ip));
            s.StatusCodeShouldBe(429);
        });
        (await refused.ReadAsTextAsync()).ShouldContain(VerificationRateLimit.Message);
        refused.Context.Response.Headers.RetryAfter.ToString().ShouldNotBeEmpty();
        await anonymous.SendAsync(s =>
        {
            s.Get.Url("/verifikasi");
            s.ConfigureHttpContext(h => h.Connection.RemoteIpAddress = IPAddress.Parse("10.78.0.1"));
            s.StatusCodeShouldBe(200);
        });
    }

    [Fact]
    public async Task a_class_zip_records_one_print_per_card_in_one_transaction_with_the_cards_digest_and_a_chain_checkpoint()
    {
        var c = await ClassAsync(app);
        var homeroom = await app.SignInAsync(c.Homeroom);
        await LockAsync(homeroom, c.ClassId);
        await app.CatchUpAsync();
        ClassReportCards cards;
        await using (var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext())
            cards = (await ReportCardQuery.LoadAsync(db, TestSchool.Id, c.ClassId, CancellationToken.None))!;

        using var zip = new ZipArchive(new MemoryStream(await homeroom.DownloadAsync($"/rapor/{c.ClassId}/zip")));
        var printedCodes = zip.Entries.SelectMany(e =>
        {
            using var stream = e.Open();
            using var pdf = new MemoryStream();
            stream.CopyTo(pdf);
            return Codes(pdf.ToArray());
        }).ToList();

        var printed = new List<(ReportCardPrinted Event, string CommandId)>();
        foreach (var student in new[] { c.Adi, c.Budi })
        {
            var e = (await app.EventsAsync(StreamKeys.ReportCard(TestSchool.Id, app.School.TermId, student))).Last();
            var print = e.Data.ShouldBeOfType<ReportCardPrinted>();
            print.Digest.ShouldBe(ReportCardDigest.Of(cards.Cards.Single(card => card.Student.StudentId == student)));
            printed.Add((print, e.Headers![CommandPipeline.CommandIdHeader].ToString()!));
        }
        printed.Select(p => p.Event.Code).Order().ShouldBe(printedCodes.Order());
        printed.Select(p => p.CommandId).Distinct().ShouldHaveSingleItem();

        (await CheckpointAsync($"Cetak rapor kelas {c.Name} (ZIP kelas, 2 peserta didik)")).RecordedBy.ShouldBe(c.Homeroom);
    }

    /// <summary>The integrity page's checkpoints say which kind of print each one seals, as the print history does.</summary>
    [Fact]
    public async Task a_print_checkpoint_says_whether_the_print_was_a_students_pdf_or_the_class_pdf()
    {
        var c = await ClassAsync(app);
        var homeroom = await app.SignInAsync(c.Homeroom);
        await PrintAsync(homeroom, c, c.Adi);
        await homeroom.DownloadAsync($"/rapor/{c.ClassId}/pdf");

        (await CheckpointAsync($"Cetak rapor kelas {c.Name} (PDF siswa, 1 peserta didik)")).RecordedBy.ShouldBe(c.Homeroom);
        (await CheckpointAsync($"Cetak rapor kelas {c.Name} (PDF kelas, 2 peserta didik)")).RecordedBy.ShouldBe(c.Homeroom);
    }

    /// <summary>The chain's checkpoint with this reason, once the chain subscription has recorded it (within seconds).</summary>
    private async Task<ChainCheckpoint> CheckpointAsync(string reason)
    {
        var chain = app.Service<EventChain>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(await chain.CheckpointsAsync(TestSchool.Id, default)).Any(k => k.Reason == reason) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        return (await chain.CheckpointsAsync(TestSchool.Id, default)).Where(k => k.Reason == reason).ShouldHaveSingleItem(
            $"checkpoints: {string.Join(" | ", (await chain.CheckpointsAsync(TestSchool.Id, default)).Take(5).Select(k => k.Reason))}");
    }
}
