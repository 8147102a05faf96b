using ERaport.Tests.Integration;
using ERaport.Web.Demo;
using ERaport.Write.Common;
using Npgsql;

namespace ERaport.Tests.Faults;

/// <summary>The first `./scripts/run.sh` seeds the demo school for half a minute; someone stops it meanwhile (Ctrl-C, a
/// closed laptop). The next start must not pretend all is well with half a school and no logins to sign in with.</summary>
public sealed class DemoSeedInterruptedTests
{
    private static async Task<bool> SchoolRegisteredAsync(AppProcess app)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            $"select count(*) from information_schema.tables where table_schema = '{app.Schema}' and table_name = 'mt_streams'", connection);
        if ((long)(await query.ExecuteScalarAsync())! == 0)
            return false;
        await using var school = new NpgsqlCommand($"select count(*) from {app.Schema}.mt_streams where id = '{StreamKeys.School(DemoSchoolSeeder.SchoolId)}'", connection);
        return (long)(await school.ExecuteScalarAsync())! > 0;
    }

    /// <summary>Starts the app on a fresh demo installation, waits until the seed has registered the school, runs
    /// <paramref name="interrupt"/> (with the logins file the seed would write) and cleans up.</summary>
    private static async Task WhileSeedingAsync(Func<AppProcess, string, Task> interrupt)
    {
        var directory = Path.Combine(Path.GetTempPath(), "eraport-demo-seed", Guid.NewGuid().ToString("N"));
        var logins = Path.Combine(directory, "demo-logins.txt");
        var (contentRoot, dll) = AppProcess.Built();
        await using var app = new AppProcess(AppFixture.ConnectionString, directory, contentRoot, dll,
            new Dictionary<string, string> { ["Demo__Seed"] = "true", ["Demo__LoginsFile"] = logins });
        try
        {
            app.Start();
            await app.WaitUntilAsync(async () => await SchoolRegisteredAsync(app), AppProcess.DemoStartTimeout);
            await interrupt(app, logins);
        }
        finally
        {
            await app.KillAsync();
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Ctrl-C while the demo school is being created ended in a .NET stack trace (the seed's cancelled command thrown out of
    /// the host's start): the app stops quietly instead, saying once that the demo school is unfinished and how to start over.</summary>
    [Theory]
    [InlineData(2)] // SIGINT: Ctrl-C on the app in a terminal
    [InlineData(15)] // SIGTERM: what ./scripts/run.sh sends the app on Ctrl-C
    public Task ctrl_c_while_seeding_stops_the_app_with_one_line_about_the_unfinished_demo_and_no_stack_trace(int signal) =>
        WhileSeedingAsync(async (app, logins) =>
        {
            await app.StopAsync(signal);

            var output = string.Join(Environment.NewLine, app.Lines());
            File.Exists(logins).ShouldBeFalse("stopped before the demo school was finished");
            // The lines themselves in the message: the whole output is cut short in it.
            app.Lines().Where(l => l.Contains("Exception") || l.TrimStart().StartsWith("at ")).ShouldBeEmpty(output);
            app.Lines().Count(l => l.Contains("demo school is unfinished")).ShouldBe(1, output);
            output.ShouldContain("delete .local/");
            output.ShouldNotContain("E-Raport is running at");
        });

    [Fact]
    public Task a_first_start_stopped_while_seeding_says_at_the_next_start_that_the_demo_is_unfinished_and_how_to_start_over() =>
        // Killed once the school exists (before it, the next start simply seeds again).
        WhileSeedingAsync(async (app, logins) =>
        {
            await app.KillAsync();
            File.Exists(logins).ShouldBeFalse("killed before the demo school was finished");

            app.Start();
            await app.WaitUntilAsync(() => Task.FromResult(app.Lines().Any(l => l.Contains("E-Raport is running at"))), AppProcess.DemoStartTimeout);

            // The log is written behind the console's own lines: give it a moment.
            await app.WaitUntilAsync(() => Task.FromResult(app.Lines().Any(l => l.Contains("The demo school is unfinished"))), TimeSpan.FromSeconds(20));
            string.Join(" ", app.Lines()).ShouldContain("delete .local/");
        });
}
