using System.Text.RegularExpressions;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>A rapor printed from the browser comes out on the paper the school chose in its profile.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportCardPrintBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    [Fact]
    public Task a_rapor_printed_from_the_browser_is_on_f4_when_the_school_prints_on_f4() => RunAsync(() => OnF4Async(async (wali, card) =>
    {
        await wali.GotoAsync(card);
        await Expect(wali.Locator("article.rapor.paper-f4")).ToBeVisibleAsync();
        (await PrintedPageSizesAsync(wali)).ShouldBe([(609, 935)]);
    }, onA4First: async wali => (await PrintedPageSizesAsync(wali)).ShouldBe([(595, 842)])));

    [Fact]
    public Task a_rapor_on_f4_is_printed_on_f4_sheets_only_whatever_else_its_page_shows() => RunAsync(() => OnF4Async(async (wali, card) =>
    {
        // A notice shown for the moment above the rapor (the layout's "not shown yet", a page's own) ...
        await wali.GotoAsync(card);
        await Expect(wali.Locator("article.rapor.paper-f4")).ToBeVisibleAsync();
        await wali.Locator("main").EvaluateAsync(
            "main => main.insertAdjacentHTML('afterbegin', '<p class=\"alert warning\" role=\"status\">Pemberitahuan sesaat</p>')");
        (await PrintedPageSizesAsync(wali)).ShouldBe([(609, 935)]);

        // ... and the one that goes on paper with a rapor at a past moment (here the latest): on the rapor's F4 sheet.
        await wali.GotoAsync(card + "/waktu?urutan=" + long.MaxValue);
        await Expect(wali.Locator(".past-moment")).ToContainTextAsync("Ini bukan rapor saat ini");
        await Expect(wali.Locator("article.rapor.paper-f4")).ToBeVisibleAsync();
        (await PrintedPageSizesAsync(wali)).ShouldBe([(609, 935)]);
    }));

    [Fact]
    public Task a_rapor_is_printed_without_the_frame_of_the_page_even_after_tabbing_to_the_skip_link() => RunAsync(async () =>
    {
        var wali = await NewPageAsync();
        await OpenFirstCardOfX2Async(wali);
        await wali.Keyboard.PressAsync("Tab");
        await Expect(wali.Locator(".skip-link")).ToBeFocusedAsync();

        using var pdf = PdfDocument.Open(await wali.PdfAsync(new() { PreferCSSPageSize = true }));
        var text = string.Concat(pdf.GetPages().Select(p => p.Text));
        text.ShouldContain("LAPORAN HASIL BELAJAR");
        text.ShouldNotContain("Langsung ke isi halaman");
    });

    [Fact]
    public Task a_students_score_history_shows_each_print_of_the_rapor_with_its_code_and_the_final_grade_it_printed() => RunAsync(async () =>
    {
        var principal = await NewPageAsync();
        await SignInAsync(principal, "kepsek");
        await principal.GotoAsync("/rapor");
        // XII-1 is locked, as a class is when its rapor go home; its last student, whom the other tests leave alone.
        await principal.Locator("tr").Filter(new() { HasText = "XII-1" }).GetByRole(AriaRole.Link, new() { Name = "XII-1" }).ClickAsync();
        var last = principal.Locator("table.report-cards tbody tr td.title a").Last;
        var student = (await last.TextContentAsync())!.Trim();
        await last.ClickAsync();
        var card = principal.Url;
        var grade = (await principal.Locator("table.rapor-table.grades tbody tr").Filter(new() { HasText = "Matematika" }).Locator("td.na").TextContentAsync())!.Trim();
        var download = await principal.RunAndWaitForDownloadAsync(() => principal.GetByRole(AriaRole.Link, new() { Name = "Unduh PDF" }).ClickAsync());
        var code = Regex.Match(ERaport.Tests.Unit.ReportCards.ReportCardPdfTests.PagesText(await File.ReadAllBytesAsync(await download.PathAsync()))[0],
            @"Kode verifikasi: (\S+)").Groups[1].Value;
        code.ShouldNotBeEmpty();

        // The paper's code ties it to its line of the rapor's print history ...
        await principal.GotoAsync(card);
        await Expect(principal.Locator("#riwayat-cetak li").Filter(new() { HasText = code })).ToHaveCountAsync(1);

        // ... and to its moment among the subject's changes: the score history has the print, with the NA it printed.
        await principal.GotoAsync("/");
        await principal.GotoAsync((await principal.Locator("a[href^='/nilai/']").Filter(new() { HasText = "XII-1 · Matematika" }).First.GetAttributeAsync("href"))!);
        await principal.Locator("table.grid tbody tr").Filter(new() { HasText = student }).GetByRole(AriaRole.Link, new() { Name = "riwayat" }).ClickAsync();
        await Expect(principal.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Riwayat nilai {student}");
        var printed = principal.Locator($"table.history tbody tr[data-print-code='{code}']");
        await Expect(printed).ToHaveCountAsync(1);
        await Expect(printed.Locator("td").Nth(1)).ToHaveTextAsync("Rapor dicetak");
        await Expect(printed.Locator("td").Nth(2)).ToHaveTextAsync($"Nilai akhir tercetak: {grade}");
        await Expect(printed.Locator("td").Nth(3)).ToHaveTextAsync("Dra. Hj. Sri Wahyuni, M.Pd.");
        await Expect(printed.Locator("td").Nth(4)).ToContainTextAsync($"Kode verifikasi {code}");
        await Expect(printed.Locator("td").Nth(5)).ToHaveTextAsync("PDF siswa");
        // To the second, as the changes around it: a print and a correction of one minute are told apart.
        await Expect(printed.Locator("td").Nth(0)).ToHaveTextAsync(new Regex(@"\d{4}, \d{2}\.\d{2}\.\d{2} WIB$"));
        // Newest first: the print is above the scores it printed.
        await Expect(principal.Locator("table.history tbody tr").First).ToHaveAttributeAsync("data-print-code", code);
        await printed.GetByRole(AriaRole.Link, new() { Name = "rapor yang tercetak" }).ClickAsync();
        await Expect(principal.Locator(".past-moment")).ToContainTextAsync("Ini bukan rapor saat ini");

        await principal.GoBackAsync();
        await principal.SetViewportSizeAsync(360, 800);
        await Expect(printed).ToBeVisibleAsync();
        (await principal.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue();
        await ScreenshotAsync(principal, "history-printed-360");
    });

    /// <summary>Signs the wali kelas of X-2 in and opens the rapor of the class's first student; its address.</summary>
    /// <summary>The wali kelas of X-2 on their first student's card (<paramref name="onA4First"/> still on A4) while the school prints on F4;
    /// the school's paper is A4 again afterwards, whatever happened.</summary>
    private async Task OnF4Async(Func<IPage, string, Task> onF4, Func<IPage, Task>? onA4First = null)
    {
        var admin = await NewPageAsync();
        await SignInAsync(admin, "admin");
        var wali = await NewPageAsync();
        var card = await OpenFirstCardOfX2Async(wali);
        if (onA4First is not null)
            await onA4First(wali);
        await ChoosePaperAsync(admin, "F4/Folio (215 × 330 mm)");
        try
        {
            await onF4(wali, card);
        }
        finally
        {
            await ChoosePaperAsync(admin, "A4 (210 × 297 mm)");
        }
    }

    private async Task<string> OpenFirstCardOfX2Async(IPage wali)
    {
        await SignInAsync(wali, "wali.x2");
        await wali.GotoAsync("/rapor");
        await wali.Locator("tr").Filter(new() { HasText = "X-2" }).GetByRole(AriaRole.Link, new() { Name = "X-2" }).ClickAsync();
        await wali.Locator("table.report-cards tbody tr td.title a").First.ClickAsync();
        await Expect(wali.Locator("article.rapor")).ToBeVisibleAsync();
        return wali.Url;
    }

    private static async Task ChoosePaperAsync(IPage admin, string paper)
    {
        await admin.GotoAsync("/data/sekolah");
        await admin.GetByLabel("Kertas rapor").SelectOptionAsync(new SelectOptionValue { Label = paper });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Simpan profil" }).ClickAsync();
        await Expect(admin.Locator(".alert.success")).ToBeVisibleAsync();
    }

    /// <summary>What Chromium's print to PDF makes of the page, honouring its CSS page size as a print dialog does.</summary>
    private static async Task<(int Width, int Height)[]> PrintedPageSizesAsync(IPage page)
    {
        using var pdf = PdfDocument.Open(await page.PdfAsync(new() { PreferCSSPageSize = true }));
        return [.. pdf.GetPages().Select(p => ((int)Math.Round(p.Width), (int)Math.Round(p.Height))).Distinct()];
    }
}
