using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using JasperFx.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Tests.Unit.ReadModel;

/// <summary>The SQLite read-model store itself, on real SQLite files.</summary>
public sealed class ReadModelStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("eraport-store-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task a_score_removed_and_entered_again_in_one_batch_is_kept()
    {
        var store = new ReadModelStore(Path.Combine(_directory, "rm.db"));
        await store.InitializeAsync();
        var gradebook = Guid.NewGuid();
        var student = Guid.NewGuid();
        var stream = StreamKeys.Gradebook(TestEvents.SchoolId, gradebook);
        await store.ApplyAsync([TestEvents.Stored(new ScoresRecorded([new RecordedScore(student, "tp1", 70)]), stream, sequence: 1)], 1);

        await store.ApplyAsync(
        [
            TestEvents.Stored(new ScoreCorrected(student, "tp1", 70, null, "Salah siswa"), stream, sequence: 2),
            TestEvents.Stored(new ScoresRecorded([new RecordedScore(student, "tp1", 75)]), stream, sequence: 3),
        ], 3);

        await using var db = store.CreateDbContext();
        (await db.Scores.SingleAsync()).Value.ShouldBe(75);
    }

    [Fact]
    public async Task a_file_made_for_other_tables_starts_afresh()
    {
        var path = Path.Combine(_directory, "old.db");
        await using (var old = new SqliteConnection($"Data Source={path}"))
        {
            await old.OpenAsync();
            await using var command = new SqliteCommand("create table Legacy (Id integer primary key); pragma user_version = 7;", old);
            await command.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        var store = new ReadModelStore(path);
        await store.InitializeAsync();

        (await store.CheckpointAsync()).ShouldBe(0);
        await using var db = store.CreateDbContext();
        (await db.Database.SqlQueryRaw<int>("select count(*) as Value from sqlite_master where name = 'Legacy'").SingleAsync()).ShouldBe(0);
        await db.Scores.CountAsync();
    }

    [Fact]
    public async Task a_current_file_is_kept_with_its_rows()
    {
        var path = Path.Combine(_directory, "rm.db");
        var store = new ReadModelStore(path);
        await store.InitializeAsync();
        await store.ApplyAsync([], 42);

        await new ReadModelStore(path).InitializeAsync();

        (await store.CheckpointAsync()).ShouldBe(42);
    }
}
