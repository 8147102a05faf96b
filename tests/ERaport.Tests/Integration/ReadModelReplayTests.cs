using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using Marten;

namespace ERaport.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class ReadModelReplayTests(AppFixture app)
{
    [Fact]
    public async Task a_replay_from_sequence_zero_produces_the_same_read_model_row_by_row()
    {
        var teacher = app.School.User("guru.mtk");
        var gradebook = await app.OpenGradebookAsync();
        var cells = app.School.Students.Select((s, i) => new ScoreEntry(s, "tp1", (60 + i).ToString(), null)).ToList();
        (await app.SendAsync(new SaveScores(Guid.NewGuid(), gradebook, cells, null, teacher, EntrySource.Api))).IsAccepted.ShouldBeTrue();
        (await app.SendAsync(new SaveScores(Guid.NewGuid(), gradebook, [cells[0] with { Value = "99", Seen = 60 }], "Koreksi", teacher, EntrySource.Form)))
            .IsAccepted.ShouldBeTrue();
        (await app.SendAsync(new SaveScores(Guid.NewGuid(), gradebook, [cells[1] with { Value = "", Seen = 61 }], "Salah siswa", teacher, EntrySource.Form)))
            .IsAccepted.ShouldBeTrue();
        await app.CatchUpAsync();
        var live = app.Service<ReadModelStore>();

        var replayPath = Path.Combine(Path.GetDirectoryName(app.ReadModelPath)!, "replay.db");
        var replay = new ReadModelStore(replayPath);
        await replay.InitializeAsync();
        await using (var session = app.Service<IDocumentStore>().QuerySession())
            await ReadModelCatchUp.RunAsync(session, replay, await live.CheckpointAsync(), CancellationToken.None);

        var expected = await ReadModelDump.OfAsync(live);
        var actual = await ReadModelDump.OfAsync(replay);
        actual.ShouldEqual(expected);
        expected["ScoreChangeRow"].Count.ShouldBeGreaterThan(6);
    }
}
