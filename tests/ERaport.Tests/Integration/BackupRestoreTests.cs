using System.Diagnostics;
using ERaport.Write.Common;
using ERaport.Write.Grading;

namespace ERaport.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class BackupRestoreTests(AppFixture app)
{
    [Fact]
    public async Task the_restore_drill_restores_into_a_fresh_database_and_rebuilds_an_identical_read_model()
    {
        var teacher = app.School.User("guru.mtk");
        var cells = app.School.Students.Select(s => new ScoreEntry(s, "sas-tes", "88", null)).ToList();
        (await app.SendAsync(new SaveScores(Guid.NewGuid(), app.School.MathGradebook, cells, null, teacher, EntrySource.Api))).IsAccepted.ShouldBeTrue();

        var (exitCode, output) = await RunAsync("scripts/restore-drill.sh", new Dictionary<string, string>
        {
            ["ERAPORT_DB"] = new Npgsql.NpgsqlConnectionStringBuilder(AppFixture.ConnectionString).Database!,
            ["ERAPORT_SCHEMA"] = app.Schema,
            ["ERAPORT_APP_DLL"] = AppProcess.Built().Dll,
        });

        exitCode.ShouldBe(0, output);
        output.ShouldContain("Restore drill passed");
        output.ShouldMatch(@"ScoreRow [0-9]+ [0-9a-f]{64}");
        output.ShouldMatch(@"backup [0-9.]+s, restore [0-9.]+s");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string script, Dictionary<string, string> environment)
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repo.FullName, "ERaport.sln")))
            repo = repo.Parent ?? throw new InvalidOperationException("ERaport.sln not found above the test assembly");
        var start = new ProcessStartInfo("bash", [Path.Combine(repo.FullName, script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = repo.FullName,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await stdout + await stderr);
    }
}
