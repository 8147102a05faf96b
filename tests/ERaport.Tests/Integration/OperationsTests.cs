using System.Diagnostics;
using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using Microsoft.Extensions.DependencyInjection;

namespace ERaport.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class OperationsTests(AppFixture app)
{
    private async Task WriteSomeScoresAsync(int saves)
    {
        var teacher = app.School.User("guru.mtk");
        var gradebook = await app.OpenGradebookAsync();
        for (var i = 0; i < saves; i++)
        {
            var cells = app.School.Students.Select(s => new ScoreEntry(s, TestSchool.Assessments[i % 5], (50 + i).ToString(), i < 5 ? null : 50 + i - 5)).ToList();
            var outcome = await app.SendAsync(new SaveScores(Guid.NewGuid(), gradebook, cells, i < 5 ? null : "Perbaikan", teacher, EntrySource.Api));
            outcome.IsAccepted.ShouldBeTrue(string.Join("; ", outcome.Errors.Select(e => e.Message)));
        }
        await app.CatchUpAsync();
    }

    [Fact]
    public async Task a_rebuild_swaps_in_an_identical_read_model_while_reads_keep_working()
    {
        await WriteSomeScoresAsync(30);
        var live = app.Service<ReadModelStore>();
        var before = await ReadModelDump.OfAsync(live);
        var pathBefore = live.Path;
        var admin = await app.SignInAsync("admin");
        var teacher = await app.SignInAsync("guru.mtk");

        await admin.SendAsync(s =>
        {
            s.Post.Url("/api/operations/read-model/rebuild");
            s.StatusCodeShouldBe(202);
        });
        var rebuild = app.Service<ReadModelRebuild>();
        var reads = 0;
        do
        {
            // Every read during the rebuild must succeed (Alba asserts 200).
            await teacher.SendAsync(s => s.Get.Url($"/api/gradebooks/{app.School.MathGradebook}/scores"));
            reads++;
        } while (!rebuild.Running.IsCompleted);
        await rebuild.Running;

        var progress = rebuild.Progress;
        progress.State.ShouldBe(RebuildState.Succeeded, progress.Error);
        // The stages the admin's page names, in order.
        progress.AppliedAt.ShouldNotBeNull().ShouldBeInRange(progress.StartedAt!.Value, progress.IndexedAt!.Value);
        progress.IndexedAt.Value.ShouldBeLessThanOrEqualTo(progress.FinishedAt!.Value);
        live.Path.ShouldNotBe(pathBefore);
        (await ReadModelDump.OfAsync(live)).ShouldEqual(before);
        reads.ShouldBeGreaterThan(0);
        // Still signed in, and writes go on into the new file.
        await teacher.SendAsync(s => s.Get.Url("/"));
        await WriteSomeScoresAsync(1);
    }

    [Fact]
    public async Task the_status_shows_the_checkpoint_against_the_event_store_and_health_is_ok()
    {
        await WriteSomeScoresAsync(1);
        var admin = await app.SignInAsync("admin");

        var status = (await (await admin.SendAsync(s => s.Get.Url("/api/operations/read-model"))).ReadAsJsonAsync<ReadModelStatus>())!;

        status.Checkpoint.ShouldBe(status.HighWaterMark);
        status.LagEvents.ShouldBe(0);
        status.DeadLetters.ShouldBeEmpty();
        var health = await app.Host.Scenario(s => s.Get.Url("/health"));
        (await health.ReadAsTextAsync()).ShouldBe("Healthy");
        var page = await admin.GetPageAsync("/operasi");
        page.QuerySelector(".alert.success")!.TextContent.ShouldContain("Sehat");
    }

    /// <summary>The page answers the start with a redirect: a reload (F5) after it asks nothing again, where it sent the form
    /// once more and started rebuild after rebuild. A post from a page opened before the start finds its form still there.</summary>
    [Fact]
    public async Task starting_a_rebuild_from_the_page_redirects_so_a_reload_starts_nothing_again()
    {
        var admin = await app.SignInAsync("admin");
        var page = await admin.GetPageAsync("/operasi");

        var started = await admin.SubmitAsync(page, "main form", "/operasi", new Dictionary<string, string>(), 302);
        started.Context.Response.Headers.Location.ToString().ShouldEndWith("/operasi");
        await admin.SubmitAsync(page, "main form", "/operasi", new Dictionary<string, string>(), 302);

        await app.Service<ReadModelRebuild>().Running;
        app.Service<ReadModelRebuild>().Progress.State.ShouldBe(RebuildState.Succeeded);
    }

    [Fact]
    public async Task the_operations_page_speaks_plain_indonesian_and_gives_the_technical_terms_only_in_parentheses()
    {
        var admin = await app.SignInAsync("admin");
        var page = await admin.GetPageAsync("/operasi");

        page.QuerySelector("main h1")!.TextContent.ShouldBe("Data tampilan (read model)");
        page.QuerySelectorAll("table.status th").Select(th => th.TextContent).ShouldContain("Posisi terakhir yang diterapkan (checkpoint)");
        page.QuerySelector("main button[type=submit]")!.TextContent.ShouldBe("Bangun ulang data tampilan");
        page.ShouldSpeakPlainIndonesian();
    }

    [Fact]
    public async Task the_integrity_page_is_linked_from_operations_and_speaks_plain_indonesian_with_the_technical_terms_in_parentheses()
    {
        var admin = await app.SignInAsync("admin");
        var operations = await admin.GetPageAsync("/operasi");
        var link = operations.QuerySelector("main a[href='/operasi/integritas']").ShouldNotBeNull("where an admin looks for it");
        link.TextContent.ShouldBe("Periksa keutuhan catatan perubahan");

        // A checkpoint in the table and the check's verdict: every text the page has.
        await admin.SendAsync(s => s.Post.Url("/api/operations/integrity/checkpoints"));
        var page = await admin.GetPageAsync(link.GetAttribute("href")!);
        page.QuerySelector("main h1")!.TextContent.ShouldBe("Keutuhan catatan perubahan (event log)");
        var verified = TestBrowser.Parse(await (await admin.SubmitAsync(page, "main form", "/operasi/integritas",
            new Dictionary<string, string>(), 200)).ReadAsTextAsync());
        verified.QuerySelector(".integrity-result")!.TextContent.ShouldStartWith("Catatan perubahan utuh:");
        verified.QuerySelectorAll("main th").Select(th => th.TextContent).ShouldContain("Sampai perubahan ke-");
        verified.QuerySelector("main td code")!.TextContent.ShouldStartWith("eraport-checkpoint school=", Case.Sensitive, "the line for programs keeps its format");
        verified.ShouldSpeakPlainIndonesian();
    }

    [Theory]
    [InlineData("kepsek")]
    [InlineData("guru.mtk")]
    public async Task only_the_admin_sees_operations_and_starts_a_rebuild(string userName)
    {
        var user = await app.SignInAsync(userName);
        await user.SendAsync(s =>
        {
            s.Post.Url("/api/operations/read-model/rebuild");
            s.StatusCodeShouldBe(403);
        });
        await user.SendAsync(s =>
        {
            s.Get.Url("/api/operations/read-model");
            s.StatusCodeShouldBe(403);
        });
    }

    [Fact]
    public async Task a_rebuild_from_the_command_line_is_adopted_by_the_running_app()
    {
        await WriteSomeScoresAsync(2);
        var live = app.Service<ReadModelStore>();
        var before = await ReadModelDump.OfAsync(live);
        var pathBefore = live.Path;

        var output = await RunCliAsync("rebuild-read-model");

        output.ShouldContain("Done:");
        var published = live.PublishedPath();
        published.ShouldNotBeNull();
        published.ShouldNotBe(pathBefore);
        // The app checks for a published file every few seconds; wait for it, bounded.
        var waited = Stopwatch.StartNew();
        while (live.Path != published && waited.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(100);
        live.Path.ShouldBe(published);
        (await ReadModelDump.OfAsync(live)).ShouldEqual(before);
    }

    private async Task<string> RunCliAsync(string command)
    {
        var (web, dll) = AppProcess.Built();
        var start = new ProcessStartInfo(AppProcess.Dotnet, [dll, command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = web,
        };
        start.Environment["ConnectionStrings__EventStore"] = AppFixture.ConnectionString;
        start.Environment["EventStore__Schema"] = app.Schema;
        start.Environment["ReadModel__Path"] = app.ReadModelPath;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var output = await stdout + await stderr;
        process.ExitCode.ShouldBe(0, output);
        return output;
    }
}

/// <summary>Read-model snapshots compared with a readable failure.</summary>
public static class ReadModelDump
{
    public static Task<Dictionary<string, List<string>>> OfAsync(ReadModelStore store) => ReadModelSnapshot.TakeAsync(store);

    /// <summary>Fails with the first differing rows of each table, not the whole dump.</summary>
    public static void ShouldEqual(this Dictionary<string, List<string>> actual, Dictionary<string, List<string>> expected)
    {
        var differences = expected.Keys.Union(actual.Keys)
            .Select(table => (table, missing: expected.GetValueOrDefault(table, []).Except(actual.GetValueOrDefault(table, [])).Take(3).ToList(),
                extra: actual.GetValueOrDefault(table, []).Except(expected.GetValueOrDefault(table, [])).Take(3).ToList()))
            .Where(d => d.missing.Count + d.extra.Count > 0)
            .Select(d => $"{d.table}: missing {string.Join(" | ", d.missing)}; extra {string.Join(" | ", d.extra)}")
            .ToList();
        differences.ShouldBeEmpty();
    }
}
