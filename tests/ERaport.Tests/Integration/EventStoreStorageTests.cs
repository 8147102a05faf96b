using ERaport.Write;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using Marten;

namespace ERaport.Tests.Integration;

/// <summary>How the app's event store stores what a save writes (docs/benchmarks.md: PostgreSQL's default pglz
/// compression of the gradebook snapshot was the largest single cost of a save in the database).</summary>
[Collection(AppCollection.Name)]
public sealed class EventStoreStorageTests(AppFixture app)
{
    [Fact]
    public async Task a_filled_gradebook_snapshot_and_its_results_event_are_compressed_with_lz4()
    {
        var teacher = app.School.User("guru.mtk");
        var gradebook = await app.OpenGradebookAsync();
        var scores = app.School.Students.SelectMany(s => TestSchool.Assessments.Select((a, i) => new ScoreEntry(s, a, (60 + i * 7).ToString(), null)));
        (await app.SendAsync(new SaveScores(Guid.NewGuid(), gradebook, [.. scores], null, teacher, EntrySource.Api))).IsAccepted.ShouldBeTrue();

        var key = StreamKeys.Gradebook(app.School.SchoolId, gradebook);
        await using var session = app.Service<IDocumentStore>().QuerySession();
        (await session.QueryAsync<string>($"select coalesce(pg_column_compression(data), 'none') from {app.Schema}.mt_doc_gradebook where id = ?", key))
            .ShouldBe(["lz4"]);
        (await session.QueryAsync<string>(
                $"select coalesce(pg_column_compression(data), 'none') from {app.Schema}.mt_events where stream_id = ? and type = 'results_calculated'", key))
            .ShouldBe(["lz4"]);
    }

    [Fact]
    public async Task a_save_decides_on_the_scores_another_node_stored_after_this_node_cached_the_gradebook()
    {
        var teacher = app.School.User("guru.mtk");
        var gradebook = await app.OpenGradebookAsync();
        var ani = app.School.Students[0];
        SaveScores Save(string value, int? seen) => new(Guid.NewGuid(), gradebook, [new ScoreEntry(ani, "tp1", value, seen)],
            seen is null ? null : "Salah ketik", teacher, EntrySource.Api);
        (await app.SendAsync(Save("70", null))).IsAccepted.ShouldBeTrue(); // this node now holds the gradebook in its cache

        // Another node (its own store and cache, the same database) corrects the score.
        using (var otherNode = DocumentStore.For(opts =>
               {
                   opts.Connection(AppFixture.ConnectionString);
                   opts.DatabaseSchemaName = app.Schema;
                   EventStore.Configure(opts);
               }))
        await using (var session = otherNode.LightweightSession())
            (await SaveScoresHandler.Handle(Save("75", 70), session, CancellationToken.None)).IsAccepted.ShouldBeTrue();

        var stale = await app.SendAsync(Save("80", 70));
        stale.Status.ShouldBe(OutcomeStatus.Conflict);
        stale.Errors.ShouldHaveSingleItem().Details!["current"].ShouldBe(75);
        (await app.SendAsync(Save("80", 75))).IsAccepted.ShouldBeTrue();
    }

    [Fact]
    public void settings_already_in_the_connection_string_win_over_the_apps_defaults()
    {
        var defaults = new Npgsql.NpgsqlConnectionStringBuilder(EventStore.ForApp("Host=db;Database=eraport"));
        (defaults.MaxPoolSize, defaults.MaxAutoPrepare, defaults.WriteBufferSize, defaults.Options)
            .ShouldBe((20, 100, 65536, "-c default_toast_compression=lz4"));

        var own = new Npgsql.NpgsqlConnectionStringBuilder(EventStore.ForApp(
            "Host=db;Maximum Pool Size=5;Max Auto Prepare=0;Write Buffer Size=8192;Options=-c default_toast_compression=pglz"));
        (own.MaxPoolSize, own.MaxAutoPrepare, own.WriteBufferSize, own.Options).ShouldBe((5, 0, 8192, "-c default_toast_compression=pglz"));

        // Only the keys count: a value that merely contains a keyword's words changes nothing.
        var lookalike = new Npgsql.NpgsqlConnectionStringBuilder(EventStore.ForApp("Host=db;Password=options pool size;Minimum Pool Size=2"));
        (lookalike.MaxPoolSize, lookalike.Options).ShouldBe((20, "-c default_toast_compression=lz4"));
    }
}
