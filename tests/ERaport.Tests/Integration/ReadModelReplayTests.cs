using ERaport.Read.ReadModel;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
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
        var wali = app.School.User("wali.x1");
        var (ani, budi, entry, subject) = (app.School.Students[0], app.School.Students[1], Guid.NewGuid(), Guid.NewGuid());
        var (admin, tag) = (Acting.SystemActor(TestSchool.Id), TestSchool.NewSubjectTag());
        foreach (var command in new object[]
        {
            new AddSubject(Guid.NewGuid(), subject, $"Prakarya {tag}", $"PKY{tag}", "Umum", 40, false, 70, admin, EntrySource.Seed),
            new UpdateSubject(Guid.NewGuid(), subject, $"Prakarya dan Kewirausahaan {tag}", $"PKW{tag}", "Muatan Lokal", 41, false, 70, admin, EntrySource.Api),
            new RecordAttendance(Guid.NewGuid(), app.School.ClassId, [new(ani, "2", "1", "0"), new(budi, "0", "0", "3")], wali, EntrySource.Form),
            new RecordAttendance(Guid.NewGuid(), app.School.ClassId, [new(ani, "1", "1", "0", new Attendance(2, 1, 0))], wali, EntrySource.Api),
            new WriteHomeroomNotes(Guid.NewGuid(), app.School.ClassId, [new(ani, "Kreatif", "Rajin"), new(budi, null, "Tekun")], wali, EntrySource.Form),
            new WriteHomeroomNotes(Guid.NewGuid(), app.School.ClassId, [new(ani, "", null, SeenKokurikuler: "Kreatif")], wali, EntrySource.Form),
            new SaveExtracurricular(Guid.NewGuid(), app.School.ClassId, ani, entry, "Pramuka", null, "Aktif", wali, EntrySource.Form),
            new SaveExtracurricular(Guid.NewGuid(), app.School.ClassId, ani, Guid.NewGuid(), "Futsal", "Baik", "Rajin", wali, EntrySource.Form),
            new RemoveExtracurricular(Guid.NewGuid(), app.School.ClassId, ani, entry, wali, EntrySource.Form, new ExtracurricularSeen("Pramuka", null, "Aktif")),
        })
            (await app.SendAsync(command)).IsAccepted.ShouldBeTrue(command.GetType().Name);
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
        foreach (var table in new[] { "AttendanceRow", "HomeroomNoteRow", "ExtracurricularRow", "ReportCardChangeRow", "SubjectVersionRow" })
            expected[table].ShouldNotBeEmpty(table);
    }
}
