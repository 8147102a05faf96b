using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ERaport.Tests.Browser;

/// <summary>Every page a person can reach by following links from their home page, on a 1280 px screen and a 360 px
/// phone: the page is no wider than the screen, the only tables that scroll sideways are the spreadsheet-like grids
/// (score entry, class progress, attendance) and the leger, whose first columns stay in view (on a phone, lists become
/// cards or drop columns instead), and axe-core finds no WCAG 2.1 A/AA or best-practice violation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EveryPageBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    // Downloads are not pages, and a PDF download records a print.
    private static readonly Regex NotAPage = new(@"^/api/|/(pdf|zip|xlsx|template)(\?|$)|#");
    private static readonly Regex Id = new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    [Theory]
    [InlineData("admin")]
    [InlineData("kepsek")]
    [InlineData("guru.mtk")]
    [InlineData("wali.x2")]
    [InlineData("wali.xii1")] // a locked class: its forms are disabled, so its pages hold fewer things to focus
    public Task every_page_reached_from_home_fits_the_screen_and_passes_axe(string user) => RunAsync(async () =>
    {
        var page = await NewPageAsync();
        await SignInAsync(page, user);
        var queue = new Queue<string>(["/"]);
        var routes = new HashSet<string> { "/" };
        var problems = new List<string>();
        while (queue.TryDequeue(out var url))
        {
            // A link to a page the user may not open (a 403) is a dead end, not a page.
            if ((await page.GotoAsync(url))?.Status is not 200 and var status)
                problems.Add($"{url}: HTTP {status}");
            problems.AddRange(await ProblemsAsync(page, url));
            // One page of each route (a route with another id is the same page with other data).
            foreach (var href in await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('a[href^=\"/\"]')].map(a => a.getAttribute('href'))"))
                if (!NotAPage.IsMatch(href) && routes.Add(Id.Replace(href.Split('?')[0], "{id}")))
                    queue.Enqueue(href);
        }
        routes.Count.ShouldBeGreaterThan(5, "the pages reached from the home page");
        problems.ShouldBeEmpty();
    });

    [Fact]
    public Task the_pages_open_to_everyone_fit_the_screen_and_pass_axe() => RunAsync(async () =>
    {
        var page = await NewPageAsync();
        var problems = new List<string>();
        foreach (var url in new[] { "/masuk", "/verifikasi", "/verifikasi/ABCD-EFGH-JKLM-NPQR", "/halaman/404" })
        {
            await page.GotoAsync(url);
            problems.AddRange(await ProblemsAsync(page, url));
        }
        problems.ShouldBeEmpty();
    });

    /// <summary>The check the crawls rely on can fail: a picture without text and a field without a label are found.</summary>
    [Fact]
    public Task the_accessibility_check_finds_a_picture_without_text_and_a_field_without_a_label() => RunAsync(async () =>
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/masuk");
        await page.EvaluateAsync("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"data:,\"><input type=\"text\">')");
        var violations = await AxeViolationsAsync(page);
        violations.ShouldContain(v => v.StartsWith("axe image-alt "));
        violations.ShouldContain(v => v.StartsWith("axe label "));
    });

    /// <summary>What is wrong with the page as shown at 1280 and at 360 px.</summary>
    private static async Task<List<string>> ProblemsAsync(IPage page, string url)
    {
        var problems = new List<string>();
        foreach (var width in new[] { 1280, 360 })
        {
            await page.SetViewportSizeAsync(width, 800);
            problems.AddRange((await page.EvaluateAsync<string[]>("""
                () => {
                  const screen = document.documentElement.clientWidth;
                  const page = document.documentElement.scrollWidth > screen ? [`the page is ${document.documentElement.scrollWidth} px wide`] : [];
                  return page.concat([...document.querySelectorAll('main table:not(.grid):not(.leger)')]
                    .filter(t => t.getBoundingClientRect().right > Math.min(screen, (t.closest('.table-scroll') || t.parentElement).getBoundingClientRect().right) + 1)
                    .map(t => {
                      const widest = [...t.querySelectorAll('td')].sort((a, b) => b.offsetWidth - a.offsetWidth)[0];
                      return `table.${[...t.classList].join('.')} is ${Math.round(t.getBoundingClientRect().width)} px wide; widest column ${widest?.offsetWidth} px, e.g. ${widest?.textContent.trim().slice(0, 60)}`;
                    }));
                }
                """)).Select(p => $"{width} px, {url}: {p}"));
            // Some rules depend on the layout (a region that scrolls only on a phone), so axe runs at both widths.
            problems.AddRange((await AxeViolationsAsync(page)).Select(v => $"{width} px, {url}: {v}"));
        }
        await page.SetViewportSizeAsync(1280, 800);
        return problems;
    }
}
