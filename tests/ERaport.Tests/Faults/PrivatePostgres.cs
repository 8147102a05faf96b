using ERaport.Tests.Deploy;

namespace ERaport.Tests.Faults;

/// <summary>A PostgreSQL server of the test's own, started with scripts/postgres.sh (which installs PostgreSQL when
/// missing and runs it as 'postgres' when we are root) in a temporary folder on a free port, so that a test may
/// stop and restart it. The shared test database is never touched.</summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    private const string Database = "eraport_faults";
    private readonly Dictionary<string, string> _environment;

    public string Directory { get; } = DeployTools.TempDirectory("postgres");
    public int Port { get; } = DeployTools.FreeTcpPort();
    public string ConnectionString { get; private set; } = "";

    public PrivatePostgres() =>
        _environment = new() { ["ERAPORT_LOCAL"] = Directory, ["ERAPORT_PG_PORT"] = Port.ToString() };

    public async Task StartAsync()
    {
        await ScriptAsync("start", TimeSpan.FromMinutes(5)); // the first start may install PostgreSQL
        ConnectionString = (await ScriptAsync("url", TimeSpan.FromSeconds(30))).Trim();
    }

    /// <summary>A fast shutdown: every connection is cut, and nothing answers until <see cref="StartAsync"/>. The test's own
    /// idle pooled connections are cut too: dropped, or the next query on one fails (57P01).</summary>
    public async Task StopAsync()
    {
        await ScriptAsync("stop", TimeSpan.FromMinutes(1));
        using var pooled = new Npgsql.NpgsqlConnection(ConnectionString);
        Npgsql.NpgsqlConnection.ClearPool(pooled);
    }

    /// <summary>A fast shutdown (every connection is cut) and a start on the same files.</summary>
    public async Task RestartAsync()
    {
        await ScriptAsync("stop", TimeSpan.FromMinutes(1));
        await ScriptAsync("start", TimeSpan.FromMinutes(1));
    }

    private async Task<string> ScriptAsync(string command, TimeSpan timeout)
    {
        var (exit, output) = await DeployTools.RunAsync("bash", [DeployTools.RepoPath("scripts", "postgres.sh"), command, Database],
            _environment, timeout);
        if (exit != 0)
            throw new InvalidOperationException($"scripts/postgres.sh {command} failed ({exit}):{Environment.NewLine}{output}");
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ScriptAsync("stop", TimeSpan.FromMinutes(1));
        }
        finally
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
