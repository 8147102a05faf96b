using Microsoft.Playwright;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>A rapor printed from the browser comes out on the paper the school chose in its profile.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportCardPrintBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    [Fact]
    public Task a_rapor_printed_from_the_browser_is_on_f4_when_the_school_prints_on_f4() => RunAsync(async () =>
    {
        var admin = await NewPageAsync();
        await SignInAsync(admin, "admin");
        var wali = await NewPageAsync();
        await SignInAsync(wali, "wali.x2");
        await wali.GotoAsync("/rapor");
        await wali.Locator("tr").Filter(new() { HasText = "X-2" }).GetByRole(AriaRole.Link, new() { Name = "X-2" }).ClickAsync();
        await wali.Locator("table.report-cards tbody tr td.title a").First.ClickAsync();
        await Expect(wali.Locator("article.rapor")).ToBeVisibleAsync();
        var card = wali.Url;
        (await PrintedPageSizesAsync(wali)).ShouldBe([(595, 842)]);

        await ChoosePaperAsync(admin, "F4/Folio (215 × 330 mm)");
        try
        {
            await wali.GotoAsync(card);
            (await PrintedPageSizesAsync(wali)).ShouldBe([(609, 935)]);
        }
        finally
        {
            await ChoosePaperAsync(admin, "A4 (210 × 297 mm)");
        }
    });

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
