using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ERaport.Tests.Browser;

/// <summary>The built ERaport.Web.dll started as a child process with the demo school seeded into a fresh
/// PostgreSQL schema and its own read model; ready once the demo logins are written and the read model holds
/// the whole demo school. Disposing stops it, drops its schema and keeps its log at <see cref="LogCopy"/>.</summary>
public sealed class DemoApp : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eraport-browser-tests", Guid.NewGuid().ToString("N"));
    private readonly AppProcess _app;

    private DemoApp(string connectionString, string logCopy, IReadOnlyDictionary<string, string>? settings)
    {
        LogCopy = logCopy;
        Directory.CreateDirectory(_directory);
        var (contentRoot, dll) = AppProcess.Built();
        var all = new Dictionary<string, string>
        {
            ["Demo__Seed"] = "true",
            ["Demo__Size"] = "Small", // the classes the browser tests use, sooner (a seeder without sizes ignores it)
            ["Demo__LoginsFile"] = LoginsPath,
            ["Demo__Today"] = GanjilDay(DateOnly.FromDateTime(DateTime.Now)).ToString("yyyy-MM-dd"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            all[key] = value;
        _app = new AppProcess(connectionString, _directory, contentRoot, dll, all);
    }

    /// <summary>A day of the current school year's Ganjil term: the tests were written against a Ganjil demo, and the term
    /// journey starts Genap from it, so they must not change with the month CI runs in.</summary>
    public static DateOnly GanjilDay(DateOnly today) => today.Month >= 7 ? today : new DateOnly(today.Year - 1, 11, 2);

    public string BaseUrl => _app.BaseUrl;
    public IReadOnlyDictionary<string, string> Passwords { get; private set; } = new Dictionary<string, string>();

    /// <summary>Where the app's log is copied when it stops, for a look after a failure.</summary>
    public string LogCopy { get; }

    private string LoginsPath => Path.Combine(_directory, "demo-logins.txt");

    /// <summary>Starts a demo app (with more <paramref name="settings"/>, as environment variables) and waits until it is
    /// ready; on failure it is stopped and the reason thrown.</summary>
    public static async Task<DemoApp> StartAsync(string connectionString, string logCopy, IReadOnlyDictionary<string, string>? settings = null)
    {
        var demo = new DemoApp(connectionString, logCopy, settings);
        try
        {
            demo._app.Start();
            await demo.WaitUntilReadyAsync();
            return demo;
        }
        catch
        {
            await demo.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last lines the app wrote to stdout and stderr.</summary>
    public string LogTail() => _app.Tail();

    public string Password(string userName) =>
        Passwords.TryGetValue(userName, out var password) ? password
            : throw new InvalidOperationException($"No demo login for '{userName}' in {LoginsPath}.");

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var log in Directory.EnumerateFiles(_directory, "app-*.log"))
            File.Copy(log, LogCopy, overwrite: true);
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Ready when the demo logins are written, the sign-in page answers and the read model holds the
    /// whole demo school (X-2's Matematika arrives with every score entered, the last score save of the seed).</summary>
    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        using var http = Client();
        using var admin = Client();
        var stage = "the demo logins file and GET /masuk";
        var signedIn = false;
        while (true)
        {
            if (_app.HasExited)
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
                        await SignInAsync(http, "kepsek");
                        await SignInAsync(admin, "admin");
                        signedIn = true;
                    }
                }
                else if (await DemoSchoolReadAsync(http) && await CaughtUpWithTheSeedAsync(admin))
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

    /// <summary>Whether the read model has applied every event the seed stored (<paramref name="admin"/>: an admin's session).
    /// Classes are seeded side by side, so X-2's last score can come before another class's last events: a test that opened
    /// X-1 at once saw 30 of its 32 students in the grid and 32 in the header after its save.</summary>
    private async Task<bool> CaughtUpWithTheSeedAsync(HttpClient admin)
    {
        long stored;
        await using (var connection = new Npgsql.NpgsqlConnection(_app.ConnectionString))
        {
            await connection.OpenAsync();
            await using var last = new Npgsql.NpgsqlCommand($"select coalesce(max(seq_id), 0) from {_app.Schema}.mt_events", connection);
            stored = (long)(await last.ExecuteScalarAsync())!;
        }
        using var status = JsonDocument.Parse(await admin.GetStringAsync("/api/operations/read-model"));
        return status.RootElement.GetProperty("checkpoint").GetInt64() >= stored;
    }

    private HttpClient Client() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
    {
        BaseAddress = new Uri(BaseUrl),
        Timeout = TimeSpan.FromSeconds(10),
    };

    private async Task SignInAsync(HttpClient http, string userName)
    {
        var answer = await http.PostAsJsonAsync("/api/session", new { userName, password = Password(userName) });
        if (answer.StatusCode != HttpStatusCode.NoContent)
            throw new InvalidOperationException($"Signing in as {userName} answered {(int)answer.StatusCode}.{Environment.NewLine}{LogTail()}");
    }

    private static async Task<bool> DemoSchoolReadAsync(HttpClient http)
    {
        using var list = JsonDocument.Parse(await http.GetStringAsync("/api/gradebooks"));
        var gradebooks = list.RootElement.EnumerateArray().ToList();
        if (gradebooks.Count < 6)
            return false;
        var x2 = gradebooks.Where(g => g.GetProperty("className").GetString() == "X-2" && g.GetProperty("subjectName").GetString() == "Matematika").ToList();
        if (x2.Count == 0)
            return false; // classes may be seeded side by side: X-2 can come after others
        foreach (var g in x2)
        {
            using var sheet = JsonDocument.Parse(await http.GetStringAsync($"/api/gradebooks/{g.GetProperty("gradebookId").GetGuid()}/scores"));
            if (sheet.RootElement.GetProperty("filled").GetInt32() < sheet.RootElement.GetProperty("cells").GetInt32())
                return false;
        }
        return true;
    }
}
