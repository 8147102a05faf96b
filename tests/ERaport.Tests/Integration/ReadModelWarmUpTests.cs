using ERaport.Read.ReadModel;
using ERaport.Web.Api;
using ERaport.Web.Hosting;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using Marten;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ERaport.Tests.Integration;

/// <summary>After a start that finds the read model far behind (a new version's tables, a deleted file), nobody is
/// shown pages that lack what was saved while it fills.</summary>
[Collection(AppCollection.Name)]
public sealed class ReadModelWarmUpTests(AppFixture app)
{
    [Fact]
    public async Task while_the_read_model_fills_people_see_a_page_that_waits_and_programs_a_503_with_its_code()
    {
        var warmUp = app.Service<ReadModelWarmUp>();
        var position = app.Service<ReadModelPosition>();
        var teacher = await app.SignInAsync("guru.mtk");
        warmUp.Begin(position.Current, position.Current + ReadModelWarmUp.Threshold);
        try
        {
            foreach (var path in new[] { "/masuk", "/" })
            {
                var page = await teacher.GetPageAsync(path, 503);
                page.QuerySelector("h1")!.TextContent.ShouldBe("Data sedang disiapkan", path);
                page.QuerySelector("main p")!.TextContent.ShouldContain("Tidak ada data yang hilang", Case.Sensitive, path);
                page.QuerySelector("meta[http-equiv=refresh]")!.GetAttribute("content").ShouldBe("5", path);
            }

            var api = await app.Host.Scenario(s =>
            {
                s.Get.Url("/api/gradebooks");
                s.StatusCodeShouldBe(503);
                s.Header("Retry-After").SingleValueShouldEqual("5");
            });
            (await api.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe(ReadModelWarmUp.Code);

            await app.Host.Scenario(s =>
            {
                s.Get.Url("/health");
                s.StatusCodeShouldBe(200);
            });
            foreach (var file in new[] { "/css/site.css", "/favicon.svg" })
                await app.Host.Scenario(s =>
                {
                    s.Get.Url(file);
                    s.StatusCodeShouldBe(200);
                });
        }
        finally
        {
            warmUp.End();
        }
        (await teacher.GetPageAsync("/", 200)).QuerySelector("h1")!.TextContent.ShouldNotBe("Data sedang disiapkan");
    }

    [Fact]
    public async Task a_start_that_finds_the_read_model_far_behind_holds_pages_back_until_it_has_caught_up()
    {
        // Two and a half thousand events of a school of their own (three pages at least), delivered to the read-model
        // subscription: the start catches up to what the subscription has recorded as delivered, not to the last event.
        var stream = StreamKeys.Gradebook("warmup", Guid.NewGuid());
        var student = Guid.NewGuid();
        await using (var session = app.Service<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream(stream,
                [.. Enumerable.Range(0, 2_500).Select(i => new ScoresRecorded([new RecordedScore(student, "tp1", i % 100)]))]);
            await session.SaveChangesAsync();
        }
        var last = (await app.EventsAsync(stream))[^1].Sequence;
        await Deploy.DeployTools.WaitUntilAsync(async () => await ReadModelCatchUp.DeliveredAsync(app.Service<IDocumentStore>(), CancellationToken.None) >= last,
            TimeSpan.FromSeconds(30), () => "the subscription did not record the events as delivered");

        // The app starting again with an empty read-model file: what pages would see after each page of events.
        var emptyFile = NewFile("warmup");
        var position = new ReadModelPosition();
        var warmUp = new ReadModelWarmUp(position);
        var seen = new List<(bool Preparing, int Percent, bool Filling)>();
        emptyFile.Changed += _ => seen.Add((warmUp.Preparing, warmUp.Percent, emptyFile.Filling));
        await StartAsync(emptyFile, position, warmUp);

        seen.Count.ShouldBeGreaterThanOrEqualTo(3, "a page per thousand events");
        seen.ShouldAllBe(s => s.Preparing, "pages are held back while it fills");
        seen.Select(s => s.Percent).ShouldBeInOrder();
        warmUp.Preparing.ShouldBeFalse("served again once caught up");
        warmUp.Percent.ShouldBe(100);

        // Filled as a rebuild fills (indexes once, at the end), then sealed: a restart keeps the file.
        seen.ShouldAllBe(s => s.Filling);
        emptyFile.Filling.ShouldBeFalse();
        await using (var connection = new SqliteConnection($"Data Source={emptyFile.Path}"))
        {
            await connection.OpenAsync();
            await using var indexes = new SqliteCommand("select count(*) from sqlite_master where type = 'index' and name like 'IX_%'", connection);
            ((long)(await indexes.ExecuteScalarAsync())!).ShouldBeGreaterThan(10);
        }
        var restarted = new ReadModelStore(emptyFile.Path);
        await restarted.InitializeAsync();
        (await restarted.CheckpointAsync()).ShouldBeGreaterThanOrEqualTo(last);
    }

    [Fact]
    public async Task a_read_model_kept_across_a_restore_forgets_the_lost_events_and_fills_from_the_restored_store()
    {
        // Kept while the database came back from last night's dump: it holds a score saved today, under a sequence the
        // restored store has not handed out yet. Caught up as it was, it would skip the store's next events.
        var store = app.Service<IDocumentStore>();
        var handedOut = await ReadModelCatchUp.HandedOutAsync(store, CancellationToken.None);
        var file = NewFile("restored");
        await file.InitializeAsync();
        var lost = handedOut + 5_000;
        var student = Guid.NewGuid();
        await file.ApplyAsync([Unit.TestEvents.Stored(new ScoresRecorded([new RecordedScore(student, "tp1", 55)]),
            StreamKeys.Gradebook("restored", Guid.NewGuid()), sequence: lost)], lost);

        // And a rebuild the restore interrupted left its half-filled file.
        var unfinished = file.CreateSibling();
        await unfinished.InitializeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var part in Directory.EnumerateFiles(Path.GetDirectoryName(unfinished.Path)!, Path.GetFileName(unfinished.Path) + "*"))
            File.SetLastWriteTimeUtc(part, DateTime.UtcNow.AddHours(-1));

        var position = new ReadModelPosition();
        await StartAsync(file, position, new ReadModelWarmUp(position));

        File.Exists(unfinished.Path).ShouldBeFalse();
        var checkpoint = await file.CheckpointAsync();
        checkpoint.ShouldBeInRange(1, await ReadModelCatchUp.HandedOutAsync(store, CancellationToken.None));
        position.Current.ShouldBe(checkpoint, "pages wait for this file's own position, not the lost one's");
        await using var db = file.CreateDbContext();
        db.Scores.Where(s => s.StudentId == student).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_read_model_whose_last_event_the_store_does_not_hold_is_started_afresh_and_one_whose_it_holds_is_kept()
    {
        // A file from another server, or from before this store was restored: its checkpoint is one this store has handed
        // out, but the event it applied under that sequence is not this store's.
        var store = app.Service<IDocumentStore>();
        await app.CatchUpAsync();
        var handedOut = await ReadModelCatchUp.HandedOutAsync(store, CancellationToken.None);
        var file = NewFile("foreign");
        await file.InitializeAsync();
        var foreignStudent = Guid.NewGuid();
        var foreign = Unit.TestEvents.Stored(new ScoresRecorded([new RecordedScore(foreignStudent, "tp1", 55)]),
            StreamKeys.Gradebook("foreign", Guid.NewGuid()), sequence: handedOut);
        foreign.Id = Guid.NewGuid();
        await file.ApplyAsync([foreign], handedOut);

        var position = new ReadModelPosition();
        await StartAsync(file, position, new ReadModelWarmUp(position));

        await using (var db = file.CreateDbContext())
            db.Scores.Where(s => s.StudentId == foreignStudent).ShouldBeEmpty();
        var filled = (await file.LastEventAsync()).ShouldNotBeNull();
        (await ReadModelCatchUp.HoldsAsync(store, filled, CancellationToken.None)).ShouldBeTrue();

        // Started again on the file it filled from this store: kept as it is (a row only this file has survives).
        var kept = Guid.NewGuid();
        await file.ApplyAsync([], await file.CheckpointAsync());
        await using (var connection = new SqliteConnection($"Data Source={file.Path}"))
        {
            await connection.OpenAsync();
            await using var marker = new SqliteCommand(
                "insert into Scores (GradebookId, StudentId, Assessment, Value, ChangedBy, ChangedAt) values ($g, $s, 'tp1', 1, 'x', '2026-01-01')", connection);
            marker.Parameters.AddWithValue("$g", Guid.NewGuid().ToByteArray());
            marker.Parameters.AddWithValue("$s", kept.ToByteArray());
            await marker.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        await StartAsync(file, position, new ReadModelWarmUp(position));
        await using (var db = file.CreateDbContext())
            db.Scores.Where(s => s.StudentId == kept).ShouldHaveSingleItem();
    }

    private ReadModelStore NewFile(string name) =>
        new(Path.Combine(Path.GetDirectoryName(app.ReadModelPath)!, $"{name}-{Guid.NewGuid():N}.db"));

    /// <summary>The app's start on <paramref name="file"/>, as the host runs it.</summary>
    private async Task StartAsync(ReadModelStore file, ReadModelPosition position, ReadModelWarmUp warmUp)
    {
        var start = new ReadModelHostedService(file, position, warmUp, app.Service<IDocumentStore>(), NullLogger<ReadModelHostedService>.Instance);
        await start.StartingAsync(CancellationToken.None);
        await start.StartedAsync(CancellationToken.None);
        await start.StoppingAsync(CancellationToken.None);
    }
}
