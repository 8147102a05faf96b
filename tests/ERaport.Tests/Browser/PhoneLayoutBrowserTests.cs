using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>What teachers read on a 360 px phone, after the UX review's findings: the header, a report card, the forms that
/// ask for a moment, tables wider than the screen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneLayoutBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    private const string Wali = "wali.x2";
    private const string ClassName = "X-2";

    [Fact]
    public Task on_a_phone_the_report_card_identity_labels_and_the_parents_signature_blank_each_keep_to_one_line() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await OpenReportCardAsync(page);

        (await page.Locator("article.rapor .identity dt").EvaluateAllAsync<string[]>(LinesOver1)).ShouldBeEmpty("identity labels broken over lines");
        var blank = page.Locator("article.rapor .signatures .parent .sign");
        (await blank.EvaluateAllAsync<string[]>(LinesOver1)).ShouldBeEmpty("the parent's signature blank");
        (await blank.EvaluateAsync<bool>(
            "p => { const text = document.createRange(); text.selectNodeContents(p); return text.getBoundingClientRect().width <= p.clientWidth; }"))
            .ShouldBeTrue("the blank fits its column");
        await ScreenshotAsync(page, "report-card-360");
    });

    [Fact]
    public Task the_point_in_time_forms_ask_for_hours_and_minutes_and_show_the_card_at_the_minute_given() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await OpenReportCardAsync(page);

        (await page.Locator("input[type=time]").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.step)")).ShouldBe(["60", "60", "60"]);
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.Now, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta"));
        var form = page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Lihat rapor saat itu" }) });
        await form.GetByLabel("Tanggal").FillAsync(now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await form.GetByLabel("Jam (WIB)").FillAsync(now.ToString("HH:mm", CultureInfo.InvariantCulture));
        await form.GetByRole(AriaRole.Button).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"jam={now:HH}%3A{now:mm}$"));
        await Expect(page.Locator(".past-moment")).ToContainTextAsync($"{now:HH.mm} WIB");
        await Expect(page.Locator("article.rapor .identity")).ToBeVisibleAsync();
    });

    // Elements taller than one line of their own text, with their text.
    private const string LinesOver1 =
        "els => els.filter(e => e.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(e).lineHeight)).map(e => e.textContent.trim())";

    private async Task OpenReportCardAsync(IPage page)
    {
        await SignInAsync(page, Wali);
        await page.GotoAsync("/rapor");
        await page.Locator("tr").Filter(new() { HasText = ClassName }).GetByRole(AriaRole.Link, new() { Name = ClassName, Exact = true }).ClickAsync();
        await page.Locator("table.report-cards tbody tr").First.Locator("td a").First.ClickAsync();
        await Expect(page.Locator("article.rapor .identity")).ToBeVisibleAsync();
    }
}
