using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Tests.Integration;

/// <summary>The catch-up reads page after page (the next while the current one is applied).</summary>
public sealed class ReadModelCatchUpTests(EventStoreOnly events) : IClassFixture<EventStoreOnly>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("eraport-catchup-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task a_catch_up_over_many_pages_applies_every_event_up_to_the_sequence_asked_in_order()
    {
        var stream = StreamKeys.Gradebook("sch1", Guid.NewGuid());
        await using (var session = events.Store.LightweightSession())
        {
            // One student's score revised 23 times: only in sequence order does the last value win.
            var student = Guid.NewGuid();
            session.Events.StartStream(stream, [.. Enumerable.Range(1, 23).Select(i => new ScoresRecorded([new RecordedScore(student, "tp1", i)]))]);
            await session.SaveChangesAsync();
        }
        await using var query = events.Store.QuerySession();
        var sequences = (await query.Events.FetchStreamAsync(stream)).Select(e => e.Sequence).ToList();
        var store = new ReadModelStore(Path.Combine(_directory, "rm.db"));
        await store.InitializeAsync();
        var pages = new List<long>();

        (await ReadModelCatchUp.RunAsync(query, store, sequences[19], CancellationToken.None, onPage: pages.Add, pageSize: 6))
            .ShouldBe(sequences[19]);

        pages.ShouldBe([sequences[5], sequences[11], sequences[17], sequences[19]]);
        await using var db = store.CreateDbContext();
        (await db.Scores.SingleAsync()).Value.ShouldBe(20);
        (await db.ScoreChanges.CountAsync()).ShouldBe(20);
    }
}
