using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Npgsql;

namespace ERaport.Tests.Deploy;

/// <summary>E-Raport as the image runs it: `dotnet publish` output (here from the existing build, --no-build)
/// started with `dotnet ERaport.Web.dll` in the publish folder, Production environment, on a fresh
/// PostgreSQL schema with the demo school. The publish output matters: run from bin/ outside Development,
/// ASP.NET serves the build's compressed static assets as empty bodies, which a browser would get.</summary>
public sealed class PublishedApp : IAsyncDisposable
{
    public const string ConnectionVariable = "ERAPORT_TEST_DB";
    // Generous: with the whole suite running on 2 cores, seeding the demo school has taken over 90 s.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..16];
    private ChildProcess? _process;

    public string Directory { get; } = DeployTools.TempDirectory("app");
    public int Port { get; } = DeployTools.FreeTcpPort();
    public string Upstream => $"127.0.0.1:{Port}";
    public string KeysDirectory => Path.Combine(Directory, "keys");
    public IReadOnlyDictionary<string, string> Passwords { get; private set; } = new Dictionary<string, string>();
    private string LoginsPath => Path.Combine(Directory, "demo-logins.txt");
    private string PublishDirectory => Path.Combine(Directory, "publish");

    public string Tail() => _process?.Tail() ?? "(app not started)";
    public IReadOnlyList<string> Lines() => _process?.Lines() ?? [];

    public string Password(string userName) =>
        Passwords.TryGetValue(userName, out var password) ? password : throw new InvalidOperationException($"no demo login for {userName}");

    public async Task StartAsync(IDictionary<string, string> settings)
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionVariable)
            ?? throw new InvalidOperationException($"{ConnectionVariable} is not set: run the tests with ./scripts/test.sh, which starts PostgreSQL.");
        var configuration = typeof(PublishedApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

        var (exit, output) = await DeployTools.RunAsync(dotnet,
            ["publish", DeployTools.RepoPath("src", "Web", "ERaport.Web.csproj"), "--no-build", "-c", configuration, "-o", PublishDirectory, "-nologo", "-v", "q"],
            timeout: TimeSpan.FromMinutes(2));
        if (exit != 0)
            throw new InvalidOperationException($"dotnet publish --no-build failed ({exit}); build the solution first.{Environment.NewLine}{output}");

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__EventStore"] = connectionString,
            ["EventStore__Schema"] = _schema,
            ["ReadModel__Path"] = Path.Combine(Directory, "readmodel.db"),
            ["Demo__Seed"] = "true",
            ["Demo__Size"] = "Small",
            ["Demo__LoginsFile"] = LoginsPath,
            ["DataProtection__KeysPath"] = KeysDirectory,
            ["ASPNETCORE_URLS"] = $"http://{Upstream}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in settings)
            environment[key] = value;
        _process = ChildProcess.Start("app", dotnet, [Path.Combine(PublishDirectory, "ERaport.Web.dll")], environment,
            Path.Combine(Directory, "app.log"), workingDirectory: PublishDirectory);
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
        await DeployTools.WaitUntilAsync(async () =>
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"E-Raport exited before it was ready.{Environment.NewLine}{Tail()}");
            if (!signedIn)
            {
                if (!File.Exists(LoginsPath) || ParseLogins(await File.ReadAllTextAsync(LoginsPath)) is not { } logins
                    || (await http.GetAsync("/healthz")).StatusCode != HttpStatusCode.OK)
                    return false;
                Passwords = logins;
                var answer = await http.PostAsJsonAsync("/api/session", new { userName = "kepsek", password = Password("kepsek") });
                if (answer.StatusCode != HttpStatusCode.NoContent)
                    throw new InvalidOperationException($"Signing in as kepsek answered {(int)answer.StatusCode}.{Environment.NewLine}{Tail()}");
                signedIn = true;
            }
            using var list = JsonDocument.Parse(await http.GetStringAsync("/api/gradebooks"));
            return list.RootElement.GetArrayLength() >= 6;
        }, StartTimeout, Tail);
    }

    /// <summary>Lines ending in "&lt;user name&gt; &lt;password&gt;"; null until guru.mtk and kepsek are there.</summary>
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

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_process is not null)
                await _process.DisposeAsync();
            if (Environment.GetEnvironmentVariable(ConnectionVariable) is { } connectionString)
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var drop = new NpgsqlCommand($"drop schema if exists {_schema} cascade", connection);
                await drop.ExecuteNonQueryAsync();
            }
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
