using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.Grading;

public class SaveScoresDecisionTests
{
    private static readonly Guid GradebookId = Guid.NewGuid();
    private static readonly Guid Teacher = Guid.NewGuid();
    private static readonly Guid Ani = Guid.NewGuid();
    private static readonly Guid Budi = Guid.NewGuid();
    private static readonly Guid Stranger = Guid.NewGuid();
    private static readonly Actor TeacherOfRecord = new(Teacher, "guru.a", TestEvents.SchoolId);

    private static string StreamKey => StreamKeys.Gradebook(TestEvents.SchoolId, GradebookId);

    private static Gradebook NewGradebook() =>
        Gradebook.Create(new GradebookOpened(GradebookId, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Teacher,
            [new LearningObjective("tp1", "TP1", "Menjelaskan pecahan"), new LearningObjective("tp2", "TP2", "Menghitung luas")]));

    private static Gradebook WithScore(Gradebook g, Guid student, string assessment, int value, string by = "guru.a", long sequence = 1)
    {
        g.Apply(TestEvents.Stored(new ScoresRecorded([new RecordedScore(student, assessment, value)]), StreamKey, by, sequence));
        return g;
    }

    private static SchoolClass Class()
    {
        var c = SchoolClass.Create(new ClassOpened(Guid.NewGuid(), Guid.NewGuid(), "VII A", 7, "D", null));
        c.Apply(new StudentEnrolled(Ani));
        c.Apply(new StudentEnrolled(Budi));
        return c;
    }

    private static SaveScores Save(string? reason, params ScoreEntry[] entries) =>
        Save(TeacherOfRecord, reason, entries);

    private static SaveScores Save(Actor by, string? reason, params ScoreEntry[] entries) =>
        new(Guid.NewGuid(), GradebookId, entries, reason, by, EntrySource.Form);

    private static ScoreEntry Cell(Guid student, string assessment, string? value, int? seen = null) =>
        new(student, assessment, value, seen);

    private static Decision Decide(Gradebook gradebook, SaveScores c) => SaveScoresHandler.Decide(gradebook, Class(), c);

    private static IEnumerable<string> Codes(Decision d) => d.Errors.Select(e => e.Code);

    [Fact]
    public void recording_into_empty_cells_emits_one_ScoresRecorded_with_all_cells()
    {
        var d = Decide(NewGradebook(), Save(null,
            Cell(Ani, "tp1", "80"), Cell(Budi, "tp1", "75"), Cell(Ani, Assessment.SemesterTest, "90")));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Changes.ShouldBe(3);
        var recorded = d.Primary().ShouldHaveSingleItem().ShouldBeOfType<ScoresRecorded>();
        recorded.Scores.ShouldBe([
            new RecordedScore(Ani, "tp1", 80),
            new RecordedScore(Budi, "tp1", 75),
            new RecordedScore(Ani, Assessment.SemesterTest, 90),
        ]);
    }

    [Fact]
    public void recording_needs_no_reason()
    {
        var d = Decide(NewGradebook(), Save(null, Cell(Ani, "tp1", "80")));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void correcting_an_existing_value_without_reason_is_invalid()
    {
        var g = WithScore(NewGradebook(), Ani, "tp1", 70);

        var d = Decide(g, Save("  ", Cell(Ani, "tp1", "75", seen: 70)));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        Codes(d).ShouldBe(["correction.reason_required"]);
        d.Events.ShouldBeEmpty();
    }

    [Fact]
    public void correcting_an_existing_value_with_reason_emits_ScoreCorrected_with_before_after_and_trimmed_reason()
    {
        var g = WithScore(NewGradebook(), Ani, "tp1", 70);

        var d = Decide(g, Save("  salah ketik  ", Cell(Ani, "tp1", "75", seen: 70)));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Changes.ShouldBe(1);
        d.Primary().ShouldHaveSingleItem().ShouldBe(new ScoreCorrected(Ani, "tp1", 70, 75, "salah ketik"));
    }

    [Fact]
    public void recording_and_correcting_in_one_save_emits_the_recording_first_then_each_correction()
    {
        var g = WithScore(NewGradebook(), Ani, "tp1", 70);

        var d = Decide(g, Save("remedial", Cell(Ani, "tp1", "78", seen: 70), Cell(Budi, "tp1", "60")));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Changes.ShouldBe(2);
        var primary = d.Primary().ToList();
        primary.Count.ShouldBe(2);
        primary[0].ShouldBeOfType<ScoresRecorded>().Scores.ShouldBe([new RecordedScore(Budi, "tp1", 60)]);
        primary[1].ShouldBe(new ScoreCorrected(Ani, "tp1", 70, 78, "remedial"));
        d.Events.Take(2).ShouldBe(primary, "the calculation follows what caused it");
    }

    [Fact]
    public void emptying_an_existing_cell_with_reason_emits_ScoreCorrected_with_after_null()
    {
        var g = WithScore(NewGradebook(), Ani, "tp1", 70);

        var d = Decide(g, Save("bukan nilai Ani", Cell(Ani, "tp1", "", seen: 70)));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Primary().ShouldHaveSingleItem().ShouldBe(new ScoreCorrected(Ani, "tp1", 70, null, "bukan nilai Ani"));
    }

    [Fact]
    public void emptying_an_existing_cell_without_reason_is_invalid()
    {
        var g = WithScore(NewGradebook(), Ani, "tp1", 70);

        var d = Decide(g, Save(null, Cell(Ani, "tp1", null, seen: 70)));

        Codes(d).ShouldBe(["correction.reason_required"]);
    }

    [Fact]
    public void correction_with_stale_seen_value_is_a_conflict_showing_current_value_and_who_set_it()
    {
        var g = WithScore(NewGradebook(), Ani, "tp1", 72, by: "guru.b");

        var d = Decide(g, Save("remedial", Cell(Ani, "tp1", "75", seen: 70)));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Events.ShouldBeEmpty();
        var conflict = d.Errors.ShouldHaveSingleItem();
        conflict.Code.ShouldBe("score.conflict");
        conflict.Details.ShouldNotBeNull();
        conflict.Details["current"].ShouldBe(72);
        conflict.Details["changedBy"].ShouldBe("guru.b");
        conflict.Details["changedAt"].ShouldBe(TestEvents.At);
        conflict.Details["seen"].ShouldBe(70);
        conflict.Details["studentId"].ShouldBe(Ani);
        conflict.Details["assessment"].ShouldBe("tp1");
    }

    [Fact]
    public void recording_into_a_cell_someone_filled_meanwhile_is_a_conflict()
    {
        var g = WithScore(NewGradebook(), Ani, "tp1", 72, by: "guru.b");

        var d = Decide(g, Save(null, Cell(Ani, "tp1", "80", seen: null)));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Errors.ShouldHaveSingleItem().Details!["current"].ShouldBe(72);
    }

    [Fact]
    public void correcting_a_cell_someone_emptied_meanwhile_is_a_conflict_with_no_current_value()
    {
        var g = WithScore(NewGradebook(), Ani, "tp1", 70);
        g.Apply(TestEvents.Stored(new ScoreCorrected(Ani, "tp1", 70, null, "salah siswa"), StreamKey, "guru.b", 2));

        var d = Decide(g, Save("remedial", Cell(Ani, "tp1", "75", seen: 70)));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        var details = d.Errors.ShouldHaveSingleItem().Details!;
        details["current"].ShouldBeNull();
        details["changedBy"].ShouldBeNull();
    }

    [Fact]
    public void a_conflict_on_one_cell_rejects_the_whole_save()
    {
        var g = WithScore(NewGradebook(), Ani, "tp1", 72, by: "guru.b");

        var d = Decide(g, Save("remedial", Cell(Ani, "tp1", "75", seen: 70), Cell(Budi, "tp1", "60")));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Events.ShouldBeEmpty();
    }

    [Fact]
    public void saving_the_value_already_stored_is_a_no_op_even_when_the_seen_value_is_stale()
    {
        var g = WithScore(NewGradebook(), Ani, "tp1", 75, by: "guru.b");

        var d = Decide(g, Save(null, Cell(Ani, "tp1", "75", seen: 70)));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Events.ShouldBeEmpty();
        d.Errors.ShouldBeEmpty();
        d.Changes.ShouldBe(0);
    }

    [Fact]
    public void saving_an_empty_value_into_an_empty_cell_is_a_no_op()
    {
        var d = Decide(NewGradebook(), Save(null, Cell(Ani, "tp1", "  ")));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Events.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("101")]
    [InlineData("-1")]
    public void a_score_outside_0_to_100_is_out_of_range(string value)
    {
        var d = Decide(NewGradebook(), Save(null, Cell(Ani, "tp1", value)));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        Codes(d).ShouldBe(["score.out_of_range"]);
    }

    [Theory]
    [InlineData("85,5")]
    [InlineData("85.5")]
    public void a_fraction_is_not_a_whole_score(string value)
    {
        var d = Decide(NewGradebook(), Save(null, Cell(Ani, "tp1", value)));

        Codes(d).ShouldBe(["score.not_whole"]);
    }

    [Fact]
    public void text_is_not_a_number()
    {
        var d = Decide(NewGradebook(), Save(null, Cell(Ani, "tp1", "abc")));

        Codes(d).ShouldBe(["score.not_a_number"]);
    }

    [Fact]
    public void a_student_not_in_the_class_is_refused()
    {
        var d = Decide(NewGradebook(), Save(null, Cell(Stranger, "tp1", "80")));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        Codes(d).ShouldBe(["student.not_in_class"]);
    }

    [Theory]
    [InlineData("tp9")]
    [InlineData("TP1")]
    public void an_assessment_not_in_the_gradebook_is_unknown(string assessment)
    {
        var d = Decide(NewGradebook(), Save(null, Cell(Ani, assessment, "80")));

        Codes(d).ShouldBe(["assessment.unknown"]);
    }

    [Fact]
    public void the_same_cell_twice_in_one_save_is_refused()
    {
        var d = Decide(NewGradebook(), Save(null, Cell(Ani, "tp1", "80"), Cell(Ani, "tp1", "81")));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        Codes(d).ShouldBe(["score.duplicate_cell"]);
        d.Events.ShouldBeEmpty();
    }

    [Fact]
    public void a_user_other_than_the_teacher_of_record_is_forbidden()
    {
        var other = new Actor(Guid.NewGuid(), "guru.b", TestEvents.SchoolId);

        var d = Decide(NewGradebook(), Save(other, null, Cell(Ani, "tp1", "80")));

        d.Status.ShouldBe(OutcomeStatus.Forbidden);
        Codes(d).ShouldBe(["gradebook.not_teacher_of_record"]);
        d.Events.ShouldBeEmpty();
    }

    [Fact]
    public void a_missing_gradebook_is_not_found()
    {
        var d = SaveScoresHandler.Decide(null, Class(), Save(null, Cell(Ani, "tp1", "80")));

        d.Status.ShouldBe(OutcomeStatus.NotFound);
        Codes(d).ShouldBe(["gradebook.not_found"]);
    }

    [Fact]
    public void a_missing_class_is_not_found()
    {
        var d = SaveScoresHandler.Decide(NewGradebook(), null, Save(null, Cell(Ani, "tp1", "80")));

        d.Status.ShouldBe(OutcomeStatus.NotFound);
    }

    [Fact]
    public void an_empty_list_of_scores_is_invalid()
    {
        var d = Decide(NewGradebook(), Save(null));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        Codes(d).ShouldBe(["scores.empty"]);
    }

    [Fact]
    public void more_cells_than_allowed_in_one_save_is_invalid()
    {
        var cells = Enumerable.Range(0, SaveScoresHandler.MaxCellsPerSave + 1).Select(_ => Cell(Ani, "tp1", "80")).ToArray();

        var d = Decide(NewGradebook(), Save(null, cells));

        Codes(d).ShouldBe(["scores.too_many"]);
    }

    [Fact]
    public void one_bad_cell_among_good_ones_rejects_the_whole_save()
    {
        var d = Decide(NewGradebook(), Save(null, Cell(Ani, "tp1", "80"), Cell(Budi, "tp1", "800"), Cell(Ani, "tp2", "70")));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Events.ShouldBeEmpty();
        d.Changes.ShouldBe(0);
        Codes(d).ShouldBe(["score.out_of_range"]);
    }

    [Fact]
    public void all_errors_are_reported_at_once_each_naming_its_cell()
    {
        var d = Decide(NewGradebook(), Save(null, Cell(Ani, "tp1", "abc"), Cell(Budi, "tp2", "101")));

        d.Errors.Count.ShouldBe(2);
        d.Errors[0].Code.ShouldBe("score.not_a_number");
        d.Errors[0].Details!["studentId"].ShouldBe(Ani);
        d.Errors[1].Code.ShouldBe("score.out_of_range");
        d.Errors[1].Details!["studentId"].ShouldBe(Budi);
        d.Errors[1].Details!["assessment"].ShouldBe("tp2");
    }

    [Fact]
    public void validation_errors_and_conflicts_together_are_invalid_and_list_both()
    {
        var g = WithScore(NewGradebook(), Ani, "tp1", 72, by: "guru.b");

        var d = Decide(g, Save(null, Cell(Ani, "tp1", "75", seen: 70), Cell(Budi, "tp1", "abc")));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        Codes(d).ShouldBe(["score.not_a_number", "score.conflict"]);
    }

    [Fact]
    public void a_reason_longer_than_allowed_is_refused_for_a_correction()
    {
        var g = WithScore(NewGradebook(), Ani, "tp1", 70);

        var d = Decide(g, Save(new string('x', SaveScoresHandler.MaxReasonLength + 1), Cell(Ani, "tp1", "75", seen: 70)));

        Codes(d).ShouldBe(["correction.reason_too_long"]);
    }

    [Fact]
    public void gradebook_state_follows_recorded_and_corrected_events()
    {
        var g = WithScore(NewGradebook(), Ani, "tp1", 70, by: "guru.a");
        g.Apply(TestEvents.Stored(new ScoreCorrected(Ani, "tp1", 70, 75, "remedial"), StreamKey, "guru.b", 2, TestEvents.At.AddHours(1)));

        g.Score(Ani, "tp1").ShouldBe(new ScoreCell(75, "guru.b", TestEvents.At.AddHours(1)));
        g.Score(Budi, "tp1").ShouldBeNull();
        g.Assessments.Select(a => a.Key).ShouldBe(["tp1", "tp2", Assessment.SemesterTest, Assessment.SemesterNonTest]);
    }
}
