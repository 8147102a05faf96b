using ERaport.Write.Accounts;
using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;

namespace ERaport.Web.Demo;

/// <summary>On the first start of a demo installation, creates a demo school through the same commands
/// people use, with a random password per account (no default passwords). The logins are kept in a local
/// file, readable only by its owner, and printed at every start.</summary>
public sealed class DemoSchoolSeeder(IServiceScopeFactory scopes, IDocumentStore store, IPasswordHasher<UserAccount> hasher,
    IConfiguration config, IServer server, ILogger<DemoSchoolSeeder> logger) : IHostedLifecycleService
{
    public const string SchoolId = DemoSchool.SchoolId;

    public async Task StartedAsync(CancellationToken ct)
    {
        var loginsFile = config["Demo:LoginsFile"] ?? ".local/demo-logins.txt";
        await using (var session = store.QuerySession())
        {
            if (await session.Events.FetchStreamStateAsync(ERaport.Write.Common.StreamKeys.School(SchoolId), ct) is null)
            {
                try
                {
                    await SeedAsync(loginsFile, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl-C while seeding: the host is stopping already; say what is left behind, not a stack trace.
                    logger.LogWarning("Stopped while the demo school was being created, so the demo school is unfinished and has no logins. " + StartOver);
                    return;
                }
            }
            else if (File.Exists(Unfinished(loginsFile)))
                logger.LogWarning(UnfinishedWarning);
        }
        var urls = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine($"{Environment.NewLine}E-Raport is running at {string.Join(", ", urls)}");
        if (File.Exists(loginsFile))
            Console.WriteLine($"Demo logins (also in {Path.GetFullPath(loginsFile)}):{Environment.NewLine}{await File.ReadAllTextAsync(loginsFile, ct)}");
    }

    private async Task SeedAsync(string loginsFile, CancellationToken ct)
    {
        var size = config.GetValue("Demo:Size", DemoSize.Full);
        logger.LogInformation("Seeding the demo school {School} ({Size})", SchoolId, size);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Demo:Today seeds the term of another day (the browser tests pin a Ganjil term, whatever the month they run in).
        var today = config.GetValue<DateOnly?>("Demo:Today") ?? DateOnly.FromDateTime(DateTime.Now);
        var file = new FileInfo(loginsFile);
        file.Directory!.Create();
        // Marks a seed under way until its logins are written: a start stopped meanwhile leaves half a school behind.
        await File.WriteAllTextAsync(Unfinished(file.FullName), "", ct);
        var logins = await new DemoSchool(scopes, store, hasher).SeedAsync(size, today, ct);
        logger.LogInformation("Seeded the demo school in {Seconds:0.0} s", clock.Elapsed.TotalSeconds);

        await File.WriteAllTextAsync(file.FullName, string.Join(Environment.NewLine, logins) + Environment.NewLine, ct);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Delete(Unfinished(file.FullName));
    }

    private static string Unfinished(string loginsFile) => loginsFile + ".unfinished";

    private const string StartOver = "To start over with a new demo school, stop E-Raport and delete .local/ " +
        "(./scripts/run.sh keeps the database and the logins there).";

    private const string UnfinishedWarning = "The demo school is unfinished: an earlier start was stopped while it was being created, so " +
        "some of it and its logins are missing. " + StartOver;

    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
