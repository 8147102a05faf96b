using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;

namespace ERaport.Tests.Deploy;

/// <summary>E-Raport as the image runs it: `dotnet publish` output (here from the existing build, --no-build)
/// started with `dotnet ERaport.Web.dll` in the publish folder, Production environment, on a fresh
/// PostgreSQL schema with the demo school. The publish output matters: run from bin/ outside Development,
/// ASP.NET serves the build's compressed static assets as empty bodies, which a browser would get.</summary>
public sealed class PublishedApp : IAsyncDisposable
{
    public const string ConnectionVariable = "ERAPORT_TEST_DB";
    private AppProcess? _app;

    public string Directory { get; } = DeployTools.TempDirectory("app");
    public int Port { get; } = DeployTools.FreeTcpPort();
    public string Upstream => $"127.0.0.1:{Port}";
    public string KeysDirectory => Path.Combine(Directory, "keys");
    public IReadOnlyDictionary<string, string> Passwords { get; private set; } = new Dictionary<string, string>();
    private string LoginsPath => Path.Combine(Directory, "demo-logins.txt");
    private string PublishDirectory => Path.Combine(Directory, "publish");

    public string Tail() => _app?.Tail() ?? "(app not started)";
    public IReadOnlyList<string> Lines() => _app?.Lines() ?? [];

    public string Password(string userName) =>
        Passwords.TryGetValue(userName, out var password) ? password : throw new InvalidOperationException($"no demo login for {userName}");

    public async Task StartAsync(IDictionary<string, string> settings)
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable)
            ?? throw new InvalidOperationException($"{ConnectionVariable} is not set: run the tests with ./scripts/test.sh, which starts PostgreSQL.");
        var configuration = typeof(PublishedApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

        var (exit, output) = await DeployTools.RunAsync(AppProcess.Dotnet,
            ["publish", DeployTools.RepoPath("src", "Web", "ERaport.Web.csproj"), "--no-build", "-c", configuration, "-o", PublishDirectory, "-nologo", "-v", "q"],
            timeout: TimeSpan.FromMinutes(2));
        if (exit != 0)
            throw new InvalidOperationException($"dotnet publish --no-build failed ({exit}); build the solution first.{Environment.NewLine}{output}");

        var all = new Dictionary<string, string>(settings) { ["Demo__Seed"] = "true", ["Demo__Size"] = "Small", ["Demo__LoginsFile"] = LoginsPath };
        _app = new AppProcess(connectionString, Directory, PublishDirectory, Path.Combine(PublishDirectory, "ERaport.Web.dll"), all, Port);
        _app.Start();
        await WaitUntilReadyAsync();
    }

    /// <summary>Ready when the demo logins are written and the read model holds the demo school's gradebooks.</summary>
    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri($"http://{Upstream}"),
            Timeout = TimeSpan.FromSeconds(10),
        };
        var signedIn = false;
        await _app!.WaitUntilAsync(async () =>
        {
            if (!signedIn)
            {
                if (AppProcess.ParseLogins(LoginsPath) is not { } logins || (await http.GetAsync("/healthz")).StatusCode != HttpStatusCode.OK)
                    return false;
                Passwords = logins;
                var answer = await http.PostAsJsonAsync("/api/session", new { userName = "kepsek", password = Password("kepsek") });
                if (answer.StatusCode != HttpStatusCode.NoContent)
                    throw new InvalidOperationException($"Signing in as kepsek answered {(int)answer.StatusCode}.{Environment.NewLine}{Tail()}");
                signedIn = true;
            }
            using var list = JsonDocument.Parse(await http.GetStringAsync("/api/gradebooks"));
            return list.RootElement.GetArrayLength() >= 6;
        }, AppProcess.DemoStartTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_app is not null)
                await _app.DisposeAsync();
        }
        finally
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
