using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
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
    public async Task the_live_model_keeps_table_statistics_so_history_filters_can_choose_an_index()
    {
        var store = new ReadModelStore(Path.Combine(_directory, "rm.db"));
        await store.InitializeAsync();
        var stream = StreamKeys.Gradebook(TestEvents.SchoolId, Guid.NewGuid());
        await store.ApplyAsync([TestEvents.Stored(new ScoresRecorded([new RecordedScore(Guid.NewGuid(), "tp1", 70)]), stream, sequence: 1)], 1);

        await using var connection = new SqliteConnection($"Data Source={store.Path}");
        await connection.OpenAsync();
        await using var statistics = new SqliteCommand("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'ScoreChanges'", connection);
        ((long)(await statistics.ExecuteScalarAsync())!).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task a_score_written_removed_and_written_again_in_one_batch_ends_with_the_last_value()
    {
        var store = new ReadModelStore(Path.Combine(_directory, "rm.db"));
        await store.InitializeAsync();
        var student = Guid.NewGuid();
        var stream = StreamKeys.Gradebook(TestEvents.SchoolId, Guid.NewGuid());

        await store.ApplyAsync(
        [
            TestEvents.Stored(new ScoresRecorded([new RecordedScore(student, "tp1", 70)]), stream, sequence: 1),
            TestEvents.Stored(new ScoreCorrected(student, "tp1", 70, 80, "Salah ketik"), stream, sequence: 2),
            TestEvents.Stored(new ScoreCorrected(student, "tp1", 80, null, "Salah siswa"), stream, sequence: 3),
            TestEvents.Stored(new ScoresRecorded([new RecordedScore(student, "tp1", 85)]), stream, sequence: 4),
        ], 4);

        await using var db = store.CreateDbContext();
        (await db.Scores.SingleAsync()).Value.ShouldBe(85);
        (await db.ScoreChanges.OrderBy(c => c.Sequence).Select(c => c.After).ToListAsync()).ShouldBe([70, 80, null, 85]);
        (await store.CheckpointAsync()).ShouldBe(4);
    }

    [Fact]
    public async Task events_for_many_tables_in_one_batch_leave_the_same_rows_as_one_event_per_batch_stored_as_ef_core_stores_them()
    {
        var events = SchoolYear();
        var oneBatch = new ReadModelStore(Path.Combine(_directory, "one-batch.db"));
        await oneBatch.InitializeAsync();
        await oneBatch.ApplyAsync(events, events[^1].Sequence);
        var eventByEvent = new ReadModelStore(Path.Combine(_directory, "event-by-event.db"));
        await eventByEvent.InitializeAsync();
        foreach (var e in events)
            await eventByEvent.ApplyAsync([e], e.Sequence);
        // The same rows copied through EF Core: any difference in how a value is stored (a Guid's bytes, a
        // decimal's text, a time's ticks) shows in the dump.
        var throughEf = new ReadModelStore(Path.Combine(_directory, "ef.db"));
        await throughEf.InitializeAsync();
        await using (var from = oneBatch.CreateDbContext())
        await using (var to = throughEf.CreateDbContext())
        {
            foreach (var table in from.Model.GetEntityTypes())
                to.AddRange(await RowsOf(from, table.ClrType));
            await to.SaveChangesAsync();
        }

        var dump = await DumpAsync(oneBatch);
        dump.Select(row => row.Split(':')[0]).Distinct().Count().ShouldBeGreaterThan(10);
        (await DumpAsync(eventByEvent)).ShouldBe(dump);
        (await DumpAsync(throughEf)).ShouldBe(dump);
    }

    [Fact]
    public async Task a_rebuilt_file_once_sealed_has_the_same_tables_indexes_and_rows_as_the_live_one()
    {
        var (events, live) = await SchoolYearEventByEventAsync();
        var rebuilt = live.CreateSibling();
        await rebuilt.InitializeAsync();
        await rebuilt.ApplyAsync(events, events[^1].Sequence);

        rebuilt.Seal();

        var schema = await SchemaAsync(live);
        schema.Count(row => row.StartsWith("index|IX_")).ShouldBeGreaterThan(10);
        (await SchemaAsync(rebuilt)).ShouldBe(schema);
        (await DumpAsync(rebuilt)).ShouldBe(await DumpAsync(live));
    }

    [Fact]
    public async Task a_file_far_behind_filled_like_a_rebuild_ends_as_the_live_one_and_half_filled_starts_afresh()
    {
        var (events, live) = await SchoolYearEventByEventAsync();
        var behind = new ReadModelStore(Path.Combine(_directory, "behind.db"));
        await behind.InitializeAsync();
        var half = events.Count / 2;
        await behind.ApplyAsync(events[..half], events[half - 1].Sequence);

        await behind.StartFillingAsync(CancellationToken.None);
        await behind.ApplyAsync(events[half..], events[^1].Sequence);
        (await SchemaAsync(behind)).ShouldNotContain(row => row.StartsWith("index|IX_ScoreChanges"), "indexes wait for the seal");
        var crashed = new ReadModelStore(behind.Path);
        await crashed.InitializeAsync();
        (await crashed.CheckpointAsync()).ShouldBe(0, "a file a crash left filling is started afresh");

        await crashed.ApplyAsync(events[..half], events[half - 1].Sequence);
        await crashed.StartFillingAsync(CancellationToken.None);
        await crashed.ApplyAsync(events[half..], events[^1].Sequence);
        crashed.Seal();

        (await SchemaAsync(crashed)).ShouldBe(await SchemaAsync(live));
        (await DumpAsync(crashed)).ShouldBe(await DumpAsync(live));
        var restarted = new ReadModelStore(crashed.Path);
        await restarted.InitializeAsync();
        (await restarted.CheckpointAsync()).ShouldBe(events[^1].Sequence, "a sealed file is of this version");
    }

    [Fact]
    public async Task files_left_by_an_unfinished_rebuild_or_a_replaced_model_are_deleted_and_a_running_rebuild_is_not()
    {
        var basePath = Path.Combine(_directory, "readmodel.db");
        var original = new ReadModelStore(basePath);
        await original.InitializeAsync();
        var serving = original.CreateSibling();
        await serving.InitializeAsync();
        original.Publish(serving);
        await Task.Delay(5); // siblings are named by the millisecond
        var unfinished = original.CreateSibling();
        await unfinished.InitializeAsync();
        await Task.Delay(5);
        var running = original.CreateSibling();
        await running.InitializeAsync();
        var operatorsCopy = Path.Combine(_directory, "readmodel-copy.db");
        File.WriteAllText(operatorsCopy, "");
        SqliteConnection.ClearAllPools();
        var anHourAgo = DateTime.UtcNow.AddHours(-1);
        foreach (var file in Directory.EnumerateFiles(_directory).Where(f => !f.StartsWith(running.Path)))
            File.SetLastWriteTimeUtc(file, anHourAgo);

        var restarted = new ReadModelStore(basePath);
        var deleted = restarted.DeleteLeftovers(TimeSpan.FromMinutes(10));

        restarted.Path.ShouldBe(serving.Path);
        deleted.ShouldBe([unfinished.Path, basePath], ignoreOrder: true);
        Directory.EnumerateFiles(_directory).Where(f => f.StartsWith(unfinished.Path) || f.StartsWith(basePath + "-")).ShouldBeEmpty();
        File.Exists(serving.Path).ShouldBeTrue();
        File.Exists(running.Path).ShouldBeTrue("written to a moment ago: a command-line rebuild may be filling it");
        File.Exists(operatorsCopy).ShouldBeTrue("not named as a rebuild names its files");
        File.Exists(basePath + ".current").ShouldBeTrue();
    }

    /// <summary>The school year applied as the live subscription applies it, one event per commit.</summary>
    private async Task<(List<IEvent> Events, ReadModelStore Live)> SchoolYearEventByEventAsync()
    {
        var events = SchoolYear();
        var live = new ReadModelStore(Path.Combine(_directory, "live.db"));
        await live.InitializeAsync();
        foreach (var e in events)
            await live.ApplyAsync([e], e.Sequence);
        return (events, live);
    }

    /// <summary>Every table and index as SQLite keeps it (its SQL), sorted; SQLite's own statistics tables aside.</summary>
    private static async Task<List<string>> SchemaAsync(ReadModelStore store)
    {
        await using var db = store.CreateDbContext();
        return await db.Database.SqlQueryRaw<string>(
                "select type || '|' || name || '|' || tbl_name || '|' || coalesce(sql, '') as Value from sqlite_master where name not like 'sqlite_stat%' order by 1")
            .ToListAsync();
    }

    /// <summary>Master data, a gradebook, scores, results, marks, overrides and descriptions, with rows
    /// written, changed and deleted again; empty texts and a text longer than a kilobyte of UTF-8.</summary>
    private static List<IEvent> SchoolYear()
    {
        const string school = TestEvents.SchoolId;
        Guid term = Guid.NewGuid(), cls = Guid.NewGuid(), subject = Guid.NewGuid(), gradebook = Guid.NewGuid(), teacher = Guid.NewGuid();
        Guid ani = Guid.NewGuid(), budi = Guid.NewGuid(), citra = Guid.NewGuid();
        var book = StreamKeys.Gradebook(school, gradebook);
        var data = new List<(object Data, string Stream)>
        {
            (new SchoolRegistered("SMP Negeri 1", "20212345", "Jl. Merdeka 1", "Sukamaju", "Drs. Budi", "1970"), StreamKeys.School(school)),
            (new TermOpened(term, "2026/2027", 1, new DateOnly(2026, 12, 19)), StreamKeys.Term(school, term)),
            (new ClassOpened(cls, term, "VII A", 7, "D", teacher), StreamKeys.Class(school, cls)),
            (new StudentRegistered(ani, "Ani", "0123456789", "2026001", "P", "Bandung", new DateOnly(2013, 5, 2), "Islam"), StreamKeys.Student(school, ani)),
            (new StudentRegistered(budi, "Budi", "0123456788", "2026002", "L", "Garut", new DateOnly(2013, 1, 9), "Islam"), StreamKeys.Student(school, budi)),
            (new StudentRegistered(citra, "Citra", "", "", "P", "", new DateOnly(2013, 3, 3), ""), StreamKeys.Student(school, citra)),
            (new StudentEnrolled(ani), StreamKeys.Class(school, cls)),
            (new StudentEnrolled(budi), StreamKeys.Class(school, cls)),
            (new SubjectAdded(subject, "Matematika", "MTK", "A", 2, false, 75), StreamKeys.Subject(school, subject)),
            (new GradebookOpened(gradebook, term, cls, subject, teacher,
                [new LearningObjective("tp1", "TP1", "Bilangan"), new LearningObjective("tp2", "TP2", "Aljabar")], 75), book),
            (new ScoresRecorded([new RecordedScore(ani, "tp1", 80), new RecordedScore(budi, "tp1", 60), new RecordedScore(ani, "sas-tes", 90)]), book),
            (new FinalGradeCalculated(ani, 85, true, 80.5m, 90m, null, null), book),
            (new AchievementsCalculated(ani, [new ObjectiveAchievement("tp1", true, false)]), book),
            (new AchievementsCalculated(budi, [new ObjectiveAchievement("tp1", false, false)]), book),
            (new DescriptionGenerated(ani, "Ananda menguasai bilangan."), book),
            (new DescriptionGenerated(budi, string.Concat(Enumerable.Repeat("Ananda perlu bimbingan dalam aljabar — ✓ ", 40))), book),
            (new ScoreCorrected(budi, "tp1", 60, null, "Salah siswa"), book),
            (new AchievementsCalculated(budi, [new ObjectiveAchievement("tp1", null, false)]), book),
            (new AchievementMarked(ani, "tp2", true, null), book),
            (new FinalGradeOverridden(ani, 88, "Remedial", 85, null), book),
            (new DescriptionEdited(ani, "Ananda sangat baik.", "Ananda menguasai bilangan."), book),
            (new GradingSchemeChanged(new Weights(2, 0, 1), 70), book),
            (new FinalGradeCalculated(ani, 83, true, 80.25m, 90m, null, 85), book),
        };
        return [.. data.Select((x, i) => (IEvent)Stored(x.Data, x.Stream, i + 1))];
    }

    private static IEvent Stored(object data, string stream, long sequence) =>
        (IEvent)typeof(TestEvents).GetMethod(nameof(TestEvents.Stored))!.MakeGenericMethod(data.GetType())
            .Invoke(null, [data, stream, "guru.a", sequence, TestEvents.At.AddMinutes(sequence), EntrySource.Form])!;

    private static async Task<List<object>> RowsOf(ReadModelDb db, Type rowType) =>
        await ((IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(rowType).Invoke(db, null)!)
            .ToListAsync();

    /// <summary>Every table's rows as SQLite stores them (quote() tells text, integer, real and blob apart), sorted.</summary>
    private static async Task<List<string>> DumpAsync(ReadModelStore store)
    {
        await using var db = store.CreateDbContext();
        var dump = new List<string>();
        foreach (var table in db.Model.GetEntityTypes())
        {
            var columns = string.Join(" || '|' || ", table.GetProperties().Select(p => $"quote(\"{p.GetColumnName()}\")"));
            var sql = $"select '{table.GetTableName()}:' || {columns} as Value from \"{table.GetTableName()}\"";
            var rows = await db.Database.SqlQueryRaw<string>(sql).ToListAsync();
            dump.AddRange(rows.Order());
        }
        return dump;
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

    /// <summary>New history lines for old events (a TP reworded before the update) change no table: a file the projectors of before
    /// filled is refilled all the same, else those events never get their lines.</summary>
    [Fact]
    public async Task a_file_filled_by_an_earlier_revision_of_the_projectors_starts_afresh()
    {
        var path = Path.Combine(_directory, "rm.db");
        var store = new ReadModelStore(path);
        await store.InitializeAsync();
        await store.ApplyAsync([], 42);
        await using (var db = store.CreateDbContext())
        {
            var before = $"PRAGMA user_version={ReadModelStore.SchemaVersion(db, projectorsRevision: 0)};";
            await db.Database.ExecuteSqlRawAsync(before);
        }
        SqliteConnection.ClearAllPools();

        var again = new ReadModelStore(path);
        await again.InitializeAsync();

        (await again.CheckpointAsync()).ShouldBe(0);
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
