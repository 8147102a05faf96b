using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;

namespace ERaport.Tests.Browser;

/// <summary>The real app as people run it: the built ERaport.Web.dll started as a child process with the demo
/// school seeded into a fresh PostgreSQL schema, and Debian's Chromium driven by Playwright (never a
/// downloaded browser).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ConnectionVariable = "ERAPORT_TEST_DB";
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private const int TailLines = 60;

    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..16];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eraport-browser-tests", Guid.NewGuid().ToString("N"));
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly Lock _logLock = new();
    private StreamWriter? _log;
    private Process? _app;
    private IPlaywright? _playwright;
    private bool _disposed;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;
    public IReadOnlyDictionary<string, string> Passwords { get; private set; } = new Dictionary<string, string>();

    /// <summary>Screenshots land under the test output (bin/, never in git).</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    private string LogPath => Path.Combine(_directory, "app.log");
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

        var (webDirectory, dll) = FindApp();
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        try
        {
            StartApp(webDirectory, dll, connectionString, port);
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
            try
            {
                if (!_app.HasExited)
                    _app.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await _app.WaitForExitAsync(wait.Token);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
            {
            }
            _app.Dispose();
            _app = null;
        }
        lock (_logLock)
        {
            _log?.Dispose();
            _log = null;
        }
        // Keep the app's log of the last run next to the screenshots, for a look after a failure.
        if (File.Exists(LogPath))
            File.Copy(LogPath, Path.Combine(ScreenshotDirectory, "..", "browser-app.log"), overwrite: true);

        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { } connectionString)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop schema if exists {_schema} cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The last lines the app wrote to stdout and stderr.</summary>
    public string LogTail() => _tail.IsEmpty ? "(the app wrote nothing)" : string.Join(Environment.NewLine, _tail);

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

    private static (string WebDirectory, string Dll) FindApp()
    {
        var testAssembly = typeof(BrowserFixture).Assembly;
        var configuration = testAssembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var outputDirectory = Path.GetDirectoryName(testAssembly.Location)!;
        var targetFramework = Path.GetFileName(outputDirectory); // bin/<Configuration>/<tfm>
        var repo = new DirectoryInfo(outputDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "ERaport.sln")))
            repo = repo.Parent;
        if (repo is null)
            throw new InvalidOperationException($"ERaport.sln not found above {outputDirectory}.");
        var web = Path.Combine(repo.FullName, "src", "Web");
        var dll = Path.Combine(web, "bin", configuration, targetFramework, "ERaport.Web.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: build the solution first (dotnet build -c {configuration}).");
        return (web, dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void StartApp(string webDirectory, string dll, string connectionString, int port)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = webDirectory, // the content root: wwwroot and the static asset manifest
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ConnectionStrings__EventStore"] = connectionString;
        start.Environment["EventStore__Schema"] = _schema;
        start.Environment["ReadModel__Path"] = Path.Combine(_directory, "readmodel.db");
        start.Environment["Demo__Seed"] = "true";
        start.Environment["Demo__Size"] = "Small"; // what these tests use, sooner
        start.Environment["Demo__LoginsFile"] = LoginsPath;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";

        _log = new StreamWriter(LogPath) { AutoFlush = true };
        _app = new Process { StartInfo = start };
        _app.OutputDataReceived += (_, e) => Write(e.Data);
        _app.ErrorDataReceived += (_, e) => Write(e.Data);
        if (!_app.Start())
            throw new InvalidOperationException($"Could not start {dotnet} {dll}.");
        _app.BeginOutputReadLine();
        _app.BeginErrorReadLine();
    }

    private void Write(string? line)
    {
        if (line is null)
            return;
        _tail.Enqueue(line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }
        lock (_logLock)
            _log?.WriteLine(line);
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
                throw new InvalidOperationException($"E-Raport exited with code {_app.ExitCode} before it was ready.{Environment.NewLine}{LogTail()}");
            if (clock.Elapsed > StartTimeout)
                throw new TimeoutException($"E-Raport was not ready after {StartTimeout.TotalSeconds:0} s (waiting for {stage}).{Environment.NewLine}{LogTail()}");
            try
            {
                if (!signedIn)
                {
                    if (File.Exists(LoginsPath) && ParseLogins(await File.ReadAllTextAsync(LoginsPath)) is { } logins
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

    /// <summary>Lines like "  Guru Matematika                  guru.mtk     &lt;password&gt;": the last two words are
    /// the user name and the password. Null while the file is not complete.</summary>
    private static Dictionary<string, string>? ParseLogins(string text)
    {
        var logins = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 3)
                logins[words[^2]] = words[^1];
        }
        return logins.ContainsKey("guru.mtk") && logins.ContainsKey("kepsek") ? logins : null;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
