using ERaport.Read.ReadModel;
using ERaport.Tests.Unit.Grading;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using Marten;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Tests.Integration;

/// <summary>Databases written before <see cref="ResultsCalculated"/> hold the results as one event per student and
/// result; the event store, the gradebook snapshot and the read model must keep working on them.</summary>
[Collection(AppCollection.Name)]
public sealed class StoredResultsEventsTests(AppFixture app)
{
    [Fact]
    public async Task a_gradebook_stored_with_a_results_event_per_student_still_shows_decides_and_replays_the_same()
    {
        var teacher = app.School.User("guru.mtk");
        var gradebook = await app.OpenGradebookAsync();
        var (ani, budi) = (app.School.Students[0], app.School.Students[1]);
        var key = StreamKeys.Gradebook(app.School.SchoolId, gradebook);

        // A column save as it was stored then: the scores, then each student's results as events of their own.
        await using (var session = app.Service<IDocumentStore>().LightweightSession())
        {
            var g = (await session.Events.FetchForWriting<Gradebook>(key)).Aggregate!;
            var schoolClass = await session.LoadAsync<SchoolClass>(StreamKeys.Class(app.School.SchoolId, g.ClassId));
            var decision = SaveScoresHandler.Decide(g, schoolClass, new SaveScores(Guid.NewGuid(), gradebook,
                [new ScoreEntry(ani, "tp1", "80", null), new ScoreEntry(budi, "tp1", "60", null)], null, teacher, EntrySource.Api));
            session.LastModifiedBy = teacher.UserName;
            var stored = session.Events.Append(key, [.. decision.Events.SelectMany(e => e is ResultsCalculated r ? r.OncePerStudent() : [e])]);
            foreach (var e in stored.Events)
                e.SetHeader(CommandPipeline.SourceHeader, (e.Data is ICalculatedEvent ? EntrySource.Calculation : EntrySource.Api).ToString());
            await session.SaveChangesAsync();
        }
        (await app.EventsAsync(key)).Count(e => e.Data is FinalGradeCalculated or AchievementsCalculated or DescriptionGenerated).ShouldBe(6);
        await using (var session = app.Service<IDocumentStore>().QuerySession())
        {
            var snapshot = (await session.LoadAsync<Gradebook>(key))!;
            (snapshot.Achievements[ani]["tp1"], snapshot.Achievements[budi]["tp1"]).ShouldBe((new Achievement(true, false), new Achievement(false, false)));
            snapshot.GeneratedDescriptions.Keys.ShouldBe([ani, budi], ignoreOrder: true);
        }
        await app.CatchUpAsync();
        var live = app.Service<ReadModelStore>();
        await using (var db = live.CreateDbContext())
            (await EntityFrameworkQueryableExtensions.ToListAsync(db.FinalGrades.Where(f => f.GradebookId == gradebook).Select(f => f.StudentId))).ShouldBe([ani, budi], ignoreOrder: true);

        // The snapshot built from them is what the next decision sees: only Ani's results change, from what was stored.
        (await app.SendAsync(new SaveScores(Guid.NewGuid(), gradebook, [new ScoreEntry(ani, "tp1", "40", 80)], "Salah ketik", teacher, EntrySource.Api)))
            .IsAccepted.ShouldBeTrue();
        var results = (ResultsCalculated)(await app.EventsAsync(key)).Last().Data;
        results.FinalGrades.ShouldHaveSingleItem().StudentId.ShouldBe(ani);
        results.Achievements.ShouldHaveSingleItem().Objectives.ShouldBe([new ObjectiveAchievement("tp1", false, false)]);
        results.Descriptions.ShouldHaveSingleItem().StudentId.ShouldBe(ani);

        // A rebuild reads both kinds from the event store and ends where the live model is.
        await app.CatchUpAsync();
        var replay = new ReadModelStore(Path.Combine(Path.GetDirectoryName(app.ReadModelPath)!, "replay-results.db"));
        await replay.InitializeAsync();
        await using (var session = app.Service<IDocumentStore>().QuerySession())
            await ReadModelCatchUp.RunAsync(session, replay, await live.CheckpointAsync(), CancellationToken.None);
        (await ReadModelDump.OfAsync(replay)).ShouldEqual(await ReadModelDump.OfAsync(live));
    }
}
