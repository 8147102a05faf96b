using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>What every browser test does: open browser contexts (each like one person's browser), sign in
/// through the form, open a gradebook from the home page, take screenshots; on a failure, screenshots of
/// the open pages and the app's last log lines go into the message.</summary>
public abstract class BrowserTest(BrowserFixture app) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    protected BrowserFixture App => app;

    /// <summary>The app this test drives: the shared demo app unless the test starts its own.</summary>
    protected DemoApp Site { get; set; } = app.Demo;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var context in _contexts)
            await context.CloseAsync();
    }

    protected async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900, bool phone = false)
    {
        var context = await app.NewContextAsync(width, height, phone, Site);
        _contexts.Add(context);
        return context;
    }

    protected async Task<IPage> NewPageAsync(int width = 1280, int height = 900) =>
        await (await NewContextAsync(width, height)).NewPageAsync();

    /// <summary>Signs in through the form on /masuk, as a person does, and lands on the home page.</summary>
    protected async Task SignInAsync(IPage page, string userName)
    {
        await page.GotoAsync("/masuk");
        await FillSignInAsync(page, userName);
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Selamat datang");
    }

    /// <summary>Fills and sends the sign-in form the page shows (e.g. after a session ended, back to where it was).</summary>
    protected async Task FillSignInAsync(IPage page, string userName)
    {
        await page.GetByLabel("Nama pengguna").FillAsync(userName);
        await page.GetByLabel("Kata sandi").FillAsync(Site.Password(userName));
        await page.GetByRole(AriaRole.Button, new() { Name = "Masuk", Exact = true }).ClickAsync();
    }

    /// <summary>From the home page, follows the gradebook link of a class and subject; <paramref name="link"/>
    /// is what the row offers ("Isi nilai" for the teacher of record, "Lihat" for others).</summary>
    protected static async Task<string> OpenGradebookAsync(IPage page, string className, string subject, string link)
    {
        if (new Uri(page.Url).AbsolutePath != "/")
            await page.GotoAsync("/");
        var row = page.Locator("table.gradebooks tbody tr").Filter(new() { HasText = $"{className} · {subject}" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").First).ToContainTextAsync(link.ToLowerInvariant());
        await row.GetByRole(AriaRole.Link, new() { Name = $"{className} · {subject}", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Nilai {subject} – {className}");
        return new Uri(page.Url).PathAndQuery;
    }

    protected static ILocator GridRows(IPage page) => page.Locator("form[data-score-grid] tbody tr");

    protected static ILocator Cell(IPage page, int row, string assessment) =>
        GridRows(page).Nth(row).Locator($"input.cell[name$='|{assessment}']");

    /// <summary>Pastes text into a cell as a spreadsheet's copy arrives (lines and tabs), through a paste event.</summary>
    protected static Task PasteAsync(ILocator cell, string text) => cell.EvaluateAsync("""
        (input, text) => {
          const data = new DataTransfer();
          data.setData('text/plain', text);
          input.focus();
          input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }
        """, text);

    protected static ILocator SaveButton(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Simpan", Exact = true });

    /// <summary>The student's name, from the cell's accessible label ("&lt;name&gt; &lt;column label&gt;").</summary>
    protected static async Task<string> StudentNameAsync(IPage page, int row) =>
        Regex.Replace((await Cell(page, row, "tp1").GetAttributeAsync("aria-label"))!, @"\s+TP1$", "");

    /// <summary>Every cell of the table in view without scrolling sideways: the table fits its scroll box and
    /// the screen (the page shows all of it first).</summary>
    protected static async Task ExpectWholeTableInViewAsync(ILocator table)
    {
        var outside = await table.EvaluateAsync<string[]>("""
            t => {
              const right = Math.min((t.closest('.table-scroll') || t.parentElement).getBoundingClientRect().right, document.documentElement.clientWidth);
              return [...t.querySelectorAll('th, td')].filter(c => c.getBoundingClientRect().right > right + 1)
                .map(c => `${innerWidth} px: ${c.textContent.trim().slice(0, 40)}`);
            }
            """);
        outside.ShouldBeEmpty("cells outside the table's box");
    }

    private static readonly AxeRunOptions Wcag = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    };

    /// <summary>What axe-core finds against WCAG 2.1 A/AA and best practice on the page as it is now. Run inside the
    /// page itself: <c>IPage.RunAxe</c> also opens a blank page per call to merge its results (for iframes, which
    /// E-Raport has none of), and that cost 2–4 times the check itself across the every-page crawl. The in-page run is
    /// marked obsolete ("being removed in the future"); the package is pinned, and should a later version drop it, the
    /// same is axe's own script added to the page and <c>axe.run</c> evaluated there.</summary>
#pragma warning disable CS0618
    protected static async Task<List<string>> AxeViolationsAsync(IPage page) =>
        [.. (await page.Locator("html").RunAxeLegacy(Wcag)).Violations.Select(v =>
            $"axe {v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}")];
#pragma warning restore CS0618

    protected async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new() { Path = Path.Combine(app.ScreenshotDirectory, name + ".png"), FullPage = true });

    protected async Task RunAsync(Func<Task> test, [CallerMemberName] string name = "")
    {
        try
        {
            await test();
        }
        catch (Exception e)
        {
            var pages = new List<string>();
            foreach (var (page, i) in _contexts.SelectMany(c => c.Pages).Select((p, i) => (p, i)))
            {
                var path = Path.Combine(app.ScreenshotDirectory, $"failed-{name}-{i}.png");
                try
                {
                    await page.ScreenshotAsync(new() { Path = path, FullPage = true, Timeout = 5_000 });
                    pages.Add($"  {page.Url} (screenshot {path})");
                }
                catch (PlaywrightException)
                {
                    pages.Add($"  {page.Url}");
                }
            }
            var nl = Environment.NewLine;
            throw new Exception(
                $"{e.Message}{nl}{nl}Open pages:{nl}{string.Join(nl, pages)}{nl}{nl}E-Raport log (last lines):{nl}{Site.LogTail()}", e);
        }
    }
}
