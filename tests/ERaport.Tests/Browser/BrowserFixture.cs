using Microsoft.Playwright;

namespace ERaport.Tests.Browser;

/// <summary>The real app as people run it (<see cref="DemoApp"/>: the built app with the demo school, shared by
/// the browser tests) and Debian's Chromium driven by Playwright (never a downloaded browser). A test that
/// changes what others rely on (locking a class) starts its own app with <see cref="StartOwnAppAsync"/>.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ConnectionVariable = "ERAPORT_TEST_DB";
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private bool _disposed;

    public DemoApp Demo { get; private set; } = default!;
    public string BaseUrl => Demo.BaseUrl;
    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Screenshots land under the test output (bin/, never in git); ./scripts/test.sh prints the folder.</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    private static string ConnectionString => Environment.GetEnvironmentVariable(ConnectionVariable)
        ?? throw new InvalidOperationException($"{ConnectionVariable} is not set: run the tests with ./scripts/test.sh, which starts PostgreSQL.");

    public async Task InitializeAsync()
    {
        var connectionString = ConnectionString;
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}: install Debian's package (apt-get install chromium); ./scripts/test.sh does it when run as root.");
        Directory.CreateDirectory(ScreenshotDirectory);
        foreach (var old in Directory.EnumerateFiles(ScreenshotDirectory, "*.png"))
            File.Delete(old); // the folder shows the last run only

        Demo = await DemoApp.StartAsync(connectionString, Path.Combine(ScreenshotDirectory, "..", "browser-app.log"));
        try
        {
            _playwright = await Playwright.CreateAsync();
            Browser = await _playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            await ExpectStaticAssetsAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
        Assertions.SetDefaultExpectTimeout(10_000);
    }

    public async Task DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        if (Demo is not null)
            await Demo.DisposeAsync();
    }

    /// <summary>A demo app of the test's own (its own schema and read model), its log kept next to the screenshots.</summary>
    public Task<DemoApp> StartOwnAppAsync(string name) =>
        DemoApp.StartAsync(ConnectionString, Path.Combine(ScreenshotDirectory, "..", $"{name}-app.log"));

    /// <summary>A browser context (one person's browser) on <paramref name="app"/>, the shared demo app by default.</summary>
    public async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900, bool phone = false, DemoApp? app = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = (app ?? Demo).BaseUrl,
            ViewportSize = new() { Width = width, Height = height },
            IsMobile = phone,
            HasTouch = phone,
            Locale = "id-ID",
            TimezoneId = "Asia/Jakarta",
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>Every test needs the stylesheet and the grid script: fetched as the browser fetches them
    /// (compression accepted), each must answer 200 with a body, else all tests stop here with the reason.</summary>
    private async Task ExpectStaticAssetsAsync()
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/masuk");
        var assets = await page.EvaluateAsync<string[]>("""
            async () => {
              const urls = [...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)
                .concat([...document.querySelectorAll('script[src]')].map(s => s.src));
              return Promise.all(urls.map(async url => {
                const answer = await fetch(url);
                return `${answer.status} ${(await answer.text()).length} ${url}`;
              }));
            }
            """);
        var broken = assets.Where(a => !a.StartsWith("200 ") || a.Split(' ')[1] == "0").ToList();
        if (assets.Length < 2 || broken.Count > 0)
            throw new InvalidOperationException(
                $"The browser does not get the app's stylesheet and script (status, bytes, address):{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", assets.Length == 0 ? ["(the page links none)"] : assets)
                + $"{Environment.NewLine}E-Raport log (last lines):{Environment.NewLine}{Demo.LogTail()}");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
