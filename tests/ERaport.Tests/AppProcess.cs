using System.Reflection;
using ERaport.Tests.Deploy;
using Npgsql;

namespace ERaport.Tests;

/// <summary>The app as people run it: `dotnet ERaport.Web.dll` as a child process in Production, on its own PostgreSQL
/// schema, read-model file and data-protection keys under <paramref name="directory"/>. It can be killed (SIGKILL, as
/// `kill -9` does) and started again on the same data. Disposing kills it and drops the schema.</summary>
public sealed class AppProcess(string connectionString, string directory, string contentRoot, string dll,
    IReadOnlyDictionary<string, string>? settings = null, int? port = null) : IAsyncDisposable
{
    /// <summary>How long seeding the demo school may take: with the whole suite running on 2 cores it has taken over 90 s.</summary>
    public static readonly TimeSpan DemoStartTimeout = TimeSpan.FromSeconds(180);

    private ChildProcess? _process;
    private int _starts;

    public string Schema { get; } = "t_" + Guid.NewGuid().ToString("N")[..16];
    public int Port { get; } = port ?? DeployTools.FreeTcpPort();
    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public string Directory => directory;
    public string ConnectionString => connectionString;
    public string ReadModelPath => Path.Combine(directory, "readmodel.db");
    public bool HasExited => _process?.HasExited ?? true;

    public string Tail() => _process?.Tail() ?? "(app not running)";
    public IReadOnlyList<string> Lines() => _process?.Lines() ?? [];

    /// <summary>The app the test project was built with: its folder (the content root) and ERaport.Web.dll.</summary>
    public static (string ContentRoot, string Dll) Built()
    {
        var configuration = typeof(AppProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var targetFramework = Path.GetFileName(Path.GetDirectoryName(typeof(AppProcess).Assembly.Location)!); // bin/<Configuration>/<tfm>
        var web = DeployTools.RepoPath("src", "Web");
        var dll = Path.Combine(web, "bin", configuration, targetFramework, "ERaport.Web.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} is missing: build the solution first (dotnet build -c {configuration}).");
        return (web, dll);
    }

    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Starts the app (again, after <see cref="KillAsync"/>) on the same schema and read model.</summary>
    public void Start()
    {
        if (!HasExited)
            throw new InvalidOperationException("the app is already running");
        System.IO.Directory.CreateDirectory(directory);
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__EventStore"] = connectionString,
            ["EventStore__Schema"] = Schema,
            ["ReadModel__Path"] = ReadModelPath,
            ["DataProtection__KeysPath"] = Path.Combine(directory, "keys"), // sign-in cookies outlive a restart
            ["ASPNETCORE_URLS"] = BaseUrl,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        var (file, arguments) = WithCtrlC(Dotnet, [dll]);
        _process = ChildProcess.Start("app", file, arguments, environment, Path.Combine(directory, $"app-{++_starts}.log"), contentRoot);
    }

    /// <summary>The command that runs <paramref name="file"/> with SIGINT handled as in a terminal. A test run started in the
    /// background (`… &amp;` in a script, as CI may) ignores SIGINT, every child inherits that, and .NET keeps a signal ignored
    /// at start ignored: a Ctrl-C test would then wait for an app that never hears it. Perl (Debian's perl-base is essential)
    /// puts SIGINT back to its default and becomes the app (exec: same process).</summary>
    private static (string File, IReadOnlyList<string> Arguments) WithCtrlC(string file, IReadOnlyList<string> arguments) =>
        File.Exists("/usr/bin/perl") ? ("/usr/bin/perl", ["-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\"", file, .. arguments])
            : (file, arguments);

    /// <summary>SIGKILL, as `kill -9`: no shutdown code runs. Waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
            await _process.DisposeAsync();
        _process = null;
    }

    /// <summary>Stops the app with <paramref name="signal"/> (2, SIGINT: Ctrl-C in a terminal; 15, SIGTERM: what `./scripts/run.sh`
    /// sends it on Ctrl-C), so its own shutdown runs. Waits until it is gone (its lines stay readable); its exit code.</summary>
    public Task<int> StopAsync(int signal) => _process!.StopAsync(signal, TimeSpan.FromSeconds(60));

    /// <summary>Waits until <paramref name="ready"/> holds, failing at once (with the app's last lines) when it exits.</summary>
    public Task WaitUntilAsync(Func<Task<bool>> ready, TimeSpan timeout) =>
        DeployTools.WaitUntilAsync(() => HasExited
            ? throw new InvalidOperationException($"E-Raport exited before it was ready.{Environment.NewLine}{Tail()}")
            : ready(), timeout, Tail);

    /// <summary>The demo seeder's logins file: lines ending in "&lt;user name&gt; &lt;password&gt;"; null until
    /// guru.mtk and kepsek are there.</summary>
    public static Dictionary<string, string>? ParseLogins(string path)
    {
        if (!File.Exists(path))
            return null;
        var logins = new Dictionary<string, string>();
        foreach (var line in File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length >= 3)
                logins[words[^2]] = words[^1];
        }
        return logins.ContainsKey("guru.mtk") && logins.ContainsKey("kepsek") ? logins : null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop schema if exists {Schema} cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // The database may be gone already (a private server stopped first); its files go with it.
        }
    }
}
