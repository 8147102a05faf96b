using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.Grading;

namespace ERaport.Tests.Unit.ReadModel;

public class GradingProjectorTests
{
    private static readonly Guid GradebookId = Guid.NewGuid();
    private static readonly Guid Ani = Guid.NewGuid();
    private static readonly Guid Budi = Guid.NewGuid();
    private static readonly string StreamKey = StreamKeys.Gradebook(TestEvents.SchoolId, GradebookId);

    private static List<RowChange> Project<T>(T data, long sequence = 42, EntrySource? source = EntrySource.SpreadsheetImport)
        where T : notnull =>
        Projector.Project(TestEvents.Stored(data, StreamKey, "guru.a", sequence, TestEvents.At, source)).ToList();

    private static ScoreChangeRow Change(int position, Guid student, string assessment, ScoreChangeKind kind, int? before, int? after,
        string? reason = null, string source = "SpreadsheetImport") =>
        new(42, position, TestEvents.SchoolId, GradebookId, student, assessment, kind, before, after, "guru.a", TestEvents.At, reason, source);

    [Fact]
    public void scores_recorded_upserts_each_score_and_inserts_one_history_row_per_cell_in_order()
    {
        var changes = Project(new ScoresRecorded([new RecordedScore(Ani, "tp1", 80), new RecordedScore(Budi, "sas-tes", 65)]));

        changes.ShouldBe(new RowChange[]
        {
            new Upsert(new ScoreRow(GradebookId, Ani, "tp1", 80, "guru.a", TestEvents.At)),
            new Insert(Change(0, Ani, "tp1", ScoreChangeKind.Recorded, null, 80)),
            new Upsert(new ScoreRow(GradebookId, Budi, "sas-tes", 65, "guru.a", TestEvents.At)),
            new Insert(Change(1, Budi, "sas-tes", ScoreChangeKind.Recorded, null, 65)),
        });
    }

    [Fact]
    public void the_source_of_a_change_comes_from_the_event_header_and_is_empty_without_one()
    {
        Project(new ScoresRecorded([new RecordedScore(Ani, "tp1", 80)]), source: EntrySource.Form)
            .OfType<Insert>().Select(i => ((ScoreChangeRow)i.Row).Source).ShouldBe(["Form"]);
        Project(new ScoresRecorded([new RecordedScore(Ani, "tp1", 80)]), source: null)
            .OfType<Insert>().Select(i => ((ScoreChangeRow)i.Row).Source).ShouldBe([""]);
    }

    [Fact]
    public void a_correction_with_a_new_value_upserts_the_score_and_records_a_corrected_history_row()
    {
        var changes = Project(new ScoreCorrected(Ani, "tp1", 70, 75, "salah ketik"));

        changes.ShouldBe(new RowChange[]
        {
            new Upsert(new ScoreRow(GradebookId, Ani, "tp1", 75, "guru.a", TestEvents.At)),
            new Insert(Change(0, Ani, "tp1", ScoreChangeKind.Corrected, 70, 75, "salah ketik")),
        });
    }

    [Fact]
    public void a_correction_that_empties_a_cell_deletes_the_score_and_records_a_removed_history_row()
    {
        var changes = Project(new ScoreCorrected(Ani, "tp1", 70, null, "bukan nilai Ani"));

        changes.Count.ShouldBe(2);
        var delete = changes[0].ShouldBeOfType<Delete>();
        delete.RowType.ShouldBe(typeof(ScoreRow));
        delete.Key.ShouldBe(new object[] { GradebookId, Ani, "tp1" });
        changes[1].ShouldBe(new Insert(Change(0, Ani, "tp1", ScoreChangeKind.Removed, 70, null, "bukan nilai Ani")));
    }

    [Fact]
    public void opening_a_gradebook_upserts_it_and_its_columns_objectives_first_then_the_semester_tests()
    {
        var (term, cls, subject, teacher) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var changes = Project(new GradebookOpened(GradebookId, term, cls, subject, teacher,
            [new LearningObjective("tp1", "TP1", "Menjelaskan pecahan"), new LearningObjective("tp2", "TP2", "Menghitung luas")]));

        changes.ShouldBe(new RowChange[]
        {
            new Upsert(new GradebookRow(GradebookId, TestEvents.SchoolId, term, cls, subject, teacher)),
            new Insert(new GradebookTeacherRow(GradebookId, 42, teacher)),
            new Upsert(new AssessmentRow(GradebookId, "tp1", "TP1", "Menjelaskan pecahan", 0)),
            new Upsert(new AssessmentRow(GradebookId, "tp2", "TP2", "Menghitung luas", 1)),
            new Upsert(new AssessmentRow(GradebookId, Assessment.SemesterTest, "SAS Tes", "Sumatif akhir semester: tes", 2)),
            new Upsert(new AssessmentRow(GradebookId, Assessment.SemesterNonTest, "SAS Non-tes", "Sumatif akhir semester: non-tes", 3)),
            new Upsert(new GradingSchemeRow(GradebookId, 1, 0, 1, 70, DescriptionStyle.EveryObjective)),
        });
    }

    [Fact]
    public void a_reassignment_gives_the_gradebook_its_new_teacher_from_that_event_on_and_a_history_line_for_the_whole_gradebook()
    {
        var (term, cls, subject, from, to) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        var changes = Project(new GradebookReassigned(GradebookId, term, cls, subject, from, to, "Cuti sakit"), source: EntrySource.Form);

        changes.ShouldBe(new RowChange[]
        {
            new Upsert(new GradebookRow(GradebookId, TestEvents.SchoolId, term, cls, subject, to)),
            new Insert(new GradebookTeacherRow(GradebookId, 42, to)),
            new Insert(Change(0, Guid.Empty, ScoreChangeRow.Teacher, ScoreChangeKind.Reassigned, null, null, "Cuti sakit", "Form")
                with { Detail = ScoreChangeRow.Teachers(from, to) }),
        });
    }

    private sealed record SomethingElseHappened(string What);

    [Fact]
    public void an_event_the_read_model_does_not_know_changes_nothing()
    {
        Project(new SomethingElseHappened("x")).ShouldBeEmpty();
    }
}
