using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace ERaport.Tests.Browser;

/// <summary>The real app as people run it: the built ERaport.Web.dll started as a child process with the demo
/// school seeded into a fresh PostgreSQL schema, and Debian's Chromium driven by Playwright (never a
/// downloaded browser).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ConnectionVariable = "ERAPORT_TEST_DB";
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eraport-browser-tests", Guid.NewGuid().ToString("N"));
    private AppProcess? _app;
    private IPlaywright? _playwright;
    private bool _disposed;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;
    public IReadOnlyDictionary<string, string> Passwords { get; private set; } = new Dictionary<string, string>();

    /// <summary>Screenshots land under the test output (bin/, never in git).</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    private string LoginsPath => Path.Combine(_directory, "demo-logins.txt");

    public async Task InitializeAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable)
            ?? throw new InvalidOperationException($"{ConnectionVariable} is not set: run the tests with ./scripts/test.sh, which starts PostgreSQL.");
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is missing at {ChromiumPath}: install Debian's package (apt-get install chromium); ./scripts/test.sh does it when run as root.");
        Directory.CreateDirectory(_directory);
        Directory.CreateDirectory(ScreenshotDirectory);
        foreach (var old in Directory.EnumerateFiles(ScreenshotDirectory, "*.png"))
            File.Delete(old); // the folder shows the last run only

        var (contentRoot, dll) = AppProcess.Built();
        _app = new AppProcess(connectionString, _directory, contentRoot, dll,
            new Dictionary<string, string> { ["Demo__Seed"] = "true", ["Demo__Size"] = "Small", ["Demo__LoginsFile"] = LoginsPath });
        BaseUrl = _app.BaseUrl;
        try
        {
            _app.Start();
            await WaitUntilReadyAsync();
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

        if (_app is not null)
        {
            await _app.DisposeAsync();
            // Keep the app's log of the last run next to the screenshots, for a look after a failure.
            foreach (var log in Directory.EnumerateFiles(_directory, "app-*.log"))
                File.Copy(log, Path.Combine(ScreenshotDirectory, "..", "browser-app.log"), overwrite: true);
            _app = null;
        }
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The last lines the app wrote to stdout and stderr.</summary>
    public string LogTail() => _app?.Tail() ?? "(the app is not running)";

    public string Password(string userName) =>
        Passwords.TryGetValue(userName, out var password) ? password
            : throw new InvalidOperationException($"No demo login for '{userName}' in {LoginsPath}.");

    public async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 900, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = BaseUrl,
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
                + $"{Environment.NewLine}E-Raport log (last lines):{Environment.NewLine}{LogTail()}");
    }

    /// <summary>Ready when the demo logins are written, the sign-in page answers and the read model holds the
    /// whole demo school (X-2's Matematika arrives with every score entered, the last score save of the seed).</summary>
    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(BaseUrl),
            Timeout = TimeSpan.FromSeconds(10),
        };
        var stage = "the demo logins file and GET /masuk";
        var signedIn = false;
        while (true)
        {
            if (_app!.HasExited)
                throw new InvalidOperationException($"E-Raport exited before it was ready.{Environment.NewLine}{LogTail()}");
            if (clock.Elapsed > AppProcess.DemoStartTimeout)
                throw new TimeoutException($"E-Raport was not ready after {AppProcess.DemoStartTimeout.TotalSeconds:0} s (waiting for {stage}).{Environment.NewLine}{LogTail()}");
            try
            {
                if (!signedIn)
                {
                    if (AppProcess.ParseLogins(LoginsPath) is { } logins
                        && (await http.GetAsync("/masuk")).StatusCode == HttpStatusCode.OK)
                    {
                        Passwords = logins;
                        stage = "the read model to hold the demo school";
                        var answer = await http.PostAsJsonAsync("/api/session", new { userName = "kepsek", password = Password("kepsek") });
                        if (answer.StatusCode != HttpStatusCode.NoContent)
                            throw new InvalidOperationException($"Signing in as kepsek answered {(int)answer.StatusCode}.{Environment.NewLine}{LogTail()}");
                        signedIn = true;
                    }
                }
                else if (await DemoSchoolReadAsync(http))
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(200);
        }
    }

    private static async Task<bool> DemoSchoolReadAsync(HttpClient http)
    {
        using var list = JsonDocument.Parse(await http.GetStringAsync("/api/gradebooks"));
        var gradebooks = list.RootElement.EnumerateArray().ToList();
        if (gradebooks.Count < 6)
            return false;
        var x2 = gradebooks.Where(g => g.GetProperty("className").GetString() == "X-2" && g.GetProperty("subjectName").GetString() == "Matematika").ToList();
        if (x2.Count == 0)
            return false; // classes are seeded side by side: X-2 may come after six others
        foreach (var g in x2)
        {
            using var sheet = JsonDocument.Parse(await http.GetStringAsync($"/api/gradebooks/{g.GetProperty("gradebookId").GetGuid()}/scores"));
            if (sheet.RootElement.GetProperty("filled").GetInt32() < sheet.RootElement.GetProperty("cells").GetInt32())
                return false;
        }
        return true;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
