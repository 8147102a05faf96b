using System.Text.Json;
using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using JasperFx.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using static ERaport.Tests.Unit.Grading.Gradebooks;

namespace ERaport.Tests.Unit.Grading;

/// <summary>A command's results travel in one <see cref="ResultsCalculated"/>; streams stored before it hold one
/// event per student and result, and must keep giving the same gradebook and read model.</summary>
public sealed class ResultsCalculatedTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("eraport-results-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void a_batch_makes_the_rows_its_parts_made_as_events_and_numbers_its_final_grade_history_lines()
    {
        var stream = StreamKeys.Gradebook(TestEvents.SchoolId, Id);
        var results = new ResultsCalculated(
            [new FinalGradeCalculated(Ani, 82, true, 78m, 85m, null, 80), new FinalGradeCalculated(Budi, 70, true, 70m, 70m, null, null)],
            [new AchievementsCalculated(Budi, [new ObjectiveAchievement("tp1", true, false)])],
            [new DescriptionGenerated(Budi, "Baik.")]);

        var changes = Projector.Project(TestEvents.Stored(results, stream, sequence: 42, source: EntrySource.Calculation)).ToList();

        var parts = results.FinalGrades.Concat<object>(results.Achievements).Concat(results.Descriptions)
            .SelectMany(part => Projector.Project(Stored(part, stream, 42))).ToList();
        changes.OfType<Upsert>().ShouldBe(parts.OfType<Upsert>());
        changes.OfType<Delete>().ShouldBeEmpty();
        changes.OfType<Insert>().Select(i => (ScoreChangeRow)i.Row).Select(r => (r.Sequence, r.Position, r.StudentId, r.Before, r.After, r.Source))
            .ShouldBe([(42L, 0, Ani, (int?)80, (int?)82, "Calculation"), (42L, 1, Budi, null, (int?)70, "Calculation")]);
    }

    [Fact]
    public async Task a_stream_stored_with_a_results_event_per_student_gives_the_same_gradebook_and_read_model_as_the_batches()
    {
        var batched = Semester();
        var perStudent = batched.SelectMany(e => e is ResultsCalculated r ? r.OncePerStudent() : [e]).ToList();
        perStudent.Count.ShouldBeGreaterThan(batched.Count + 10);

        Json(Fold(perStudent)).ShouldBe(Json(Fold(batched)));
        (await ReadModelOf(perStudent, "per-student.db")).ShouldBe(await ReadModelOf(batched, "batched.db"));
    }

    [Fact]
    public void recalculating_some_students_gives_them_what_recalculating_everyone_gives_and_nothing_to_a_student_without_data()
    {
        var unreported = Fold([.. Semester().Where(e => e is not ResultsCalculated)]);
        var everyone = GradebookCalculation.Recalculate(unreported);
        everyone.FinalGrades.Count.ShouldBe(2);

        var some = GradebookCalculation.Recalculate(unreported, new HashSet<Guid> { Budi, Stranger });

        Json(some).ShouldBe(Json(new ResultsCalculated(
            [.. everyone.FinalGrades.Where(r => r.StudentId == Budi)],
            [.. everyone.Achievements.Where(r => r.StudentId == Budi)],
            [.. everyone.Descriptions.Where(r => r.StudentId == Budi)])));
        GradebookCalculation.Recalculate(unreported, new HashSet<Guid> { Stranger }).IsEmpty.ShouldBeTrue();
    }

    /// <summary>Columns entered for two students, a correction, a hand mark, a scheme change and a removed TP, as
    /// the decisions append them.</summary>
    private static List<object> Semester()
    {
        var opened = new GradebookOpened(Id, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Teacher,
            [.. ObjectiveTexts.Take(3).Select((t, i) => LearningObjective.Numbered(i + 1, t))]);
        List<object> events = [opened];
        var g = Gradebook.Create(opened);
        void Run(Decision d)
        {
            d.Status.ShouldBe(OutcomeStatus.Accepted, string.Join("; ", d.Codes()));
            events.AddRange(d.Events);
            g = g.After(d.Events, "guru.a");
        }
        void Column(string assessment, int ani, int budi, string? reason = null) =>
            Run(SaveScoresHandler.Decide(g, Class(), new SaveScores(Guid.NewGuid(), Id,
                [new ScoreEntry(Ani, assessment, ani.ToString(), g.Score(Ani, assessment)?.Value),
                 new ScoreEntry(Budi, assessment, budi.ToString(), g.Score(Budi, assessment)?.Value)], reason, TeacherOfRecord, EntrySource.Form)));

        Column("tp1", 80, 60);
        Column("tp2", 90, 75);
        Column("tp3", 65, 85);
        Column(Assessment.SemesterTest, 88, 72);
        Column(Assessment.SemesterNonTest, 84, 70);
        Column("tp1", 75, 50, "salah ketik");
        Run(MarkAchievementHandler.Decide(g, Class(), new MarkAchievement(Guid.NewGuid(), Id, Budi, [new AchievementMark("tp1", true, null)],
            TeacherOfRecord, EntrySource.Form)));
        Run(ChangeGradingSchemeHandler.Decide(g, new ChangeGradingScheme(Guid.NewGuid(), Id, new Weights(1, 0, 1), 80, TeacherOfRecord, EntrySource.Form)));
        Run(RemoveLearningObjectiveHandler.Decide(g, new RemoveLearningObjective(Guid.NewGuid(), Id, "tp3", "dobel", TeacherOfRecord, EntrySource.Form)));
        events.OfType<ResultsCalculated>().Count().ShouldBeGreaterThan(5);
        return events;
    }

    private static Gradebook Fold(List<object> events) =>
        Gradebook.Create((GradebookOpened)events[0]).After(events.Skip(1), "guru.a");

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    /// <summary>Every row of every table; history lines without their sequence and position, which say where
    /// in the stream they came from (one event per student before, one batch now).</summary>
    private async Task<List<string>> ReadModelOf(List<object> events, string file)
    {
        var store = new ReadModelStore(Path.Combine(_directory, file));
        await store.InitializeAsync();
        var stream = StreamKeys.Gradebook(TestEvents.SchoolId, Id);
        await store.ApplyAsync([.. events.Select((e, i) => Stored(e, stream, i + 1))], events.Count);

        await using var db = store.CreateDbContext();
        var rows = new List<string>();
        foreach (var table in db.Model.GetEntityTypes().Where(t => t.ClrType != typeof(CheckpointRow)))
        {
            var all = await ((IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!
                .MakeGenericMethod(table.ClrType).Invoke(db, null)!).ToListAsync();
            rows.AddRange(all.Select(row => row is ScoreChangeRow h ? h with { Sequence = 0, Position = 0 } : row)
                .Select(row => $"{table.ClrType.Name}:{JsonSerializer.Serialize(row, table.ClrType)}").Order(StringComparer.Ordinal));
        }
        rows.Count(r => r.StartsWith(nameof(ScoreChangeRow))).ShouldBeGreaterThan(10);
        return rows;
    }

    /// <summary>Stored as the pipeline stores it: calculated results with source Calculation, all at one moment.</summary>
    private static IEvent Stored(object data, string stream, long sequence) =>
        (IEvent)typeof(TestEvents).GetMethod(nameof(TestEvents.Stored))!.MakeGenericMethod(data.GetType())
            .Invoke(null, [data, stream, "guru.a", sequence, TestEvents.At,
                data is ICalculatedEvent ? EntrySource.Calculation : EntrySource.Form])!;
}
