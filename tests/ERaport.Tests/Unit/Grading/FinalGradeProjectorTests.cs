using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.Grading;

namespace ERaport.Tests.Unit.Grading;

/// <summary>The new grading events as row changes: plain functions, no state.</summary>
public class FinalGradeProjectorTests
{
    private static readonly Guid GradebookId = Guid.NewGuid();
    private static readonly Guid Ani = Guid.NewGuid();
    private static readonly string StreamKey = StreamKeys.Gradebook(TestEvents.SchoolId, GradebookId);

    private static List<RowChange> Project<T>(T data, EntrySource? source = EntrySource.Form) where T : notnull =>
        Projector.Project(TestEvents.Stored(data, StreamKey, "guru.a", 42, TestEvents.At, source)).ToList();

    private static ScoreChangeRow History(string assessment, ScoreChangeKind kind, int? before, int? after, string? reason, string source,
        string? detail = null, int position = 0) =>
        new(42, position, TestEvents.SchoolId, GradebookId, Ani, assessment, kind, before, after, "guru.a", TestEvents.At, reason, source, detail);

    [Fact]
    public void a_calculated_grade_upserts_its_row_and_a_new_value_enters_the_history_as_a_calculation()
    {
        var changes = Project(new FinalGradeCalculated(Ani, 82, true, 78m, 85m, null, Previous: 80), EntrySource.Calculation);

        changes.ShouldBe(new RowChange[]
        {
            new Upsert(new FinalGradeRow(GradebookId, Ani, 82, true, 78m, 85m, null, TestEvents.At)),
            new Insert(History(ScoreChangeRow.FinalGrade, ScoreChangeKind.Calculated, 80, 82, null, "Calculation")),
        });
    }

    [Fact]
    public void a_calculation_that_only_moves_the_means_of_an_incomplete_grade_leaves_no_history()
    {
        Project(new FinalGradeCalculated(Ani, null, false, 78m, null, null, null), EntrySource.Calculation)
            .ShouldBe([new Upsert(new FinalGradeRow(GradebookId, Ani, null, false, 78m, null, null, TestEvents.At))]);
    }

    [Fact]
    public void an_override_is_kept_beside_the_calculated_grade_and_its_history_shows_what_it_replaced()
    {
        Project(new FinalGradeOverridden(Ani, 85, "Praktik susulan", Calculated: 82, Previous: null)).ShouldBe(new RowChange[]
        {
            new Upsert(new FinalGradeOverrideRow(GradebookId, Ani, 85, "Praktik susulan", 82, "guru.a", TestEvents.At)),
            new Insert(History(ScoreChangeRow.FinalGrade, ScoreChangeKind.Overridden, 82, 85, "Praktik susulan", "Form")),
        });
        Project(new FinalGradeOverridden(Ani, 88, "Remedial", Calculated: 82, Previous: 85))
            .OfType<Insert>().Single().Row.ShouldBe(History(ScoreChangeRow.FinalGrade, ScoreChangeKind.Overridden, 85, 88, "Remedial", "Form"));
    }

    [Fact]
    public void clearing_an_override_deletes_it_and_the_history_shows_the_way_back()
    {
        var changes = Project(new FinalGradeOverrideCleared(Ani, 85, 82, "Salah siswa"));

        changes[0].ShouldBe(Delete.Of<FinalGradeOverrideRow>(GradebookId, Ani), new DeleteComparer());
        changes[1].ShouldBe(new Insert(History(ScoreChangeRow.FinalGrade, ScoreChangeKind.OverrideCleared, 85, 82, "Salah siswa", "Form")));
    }

    [Fact]
    public void achievements_upsert_decided_TPs_and_delete_undecided_ones()
    {
        var changes = Project(new AchievementsCalculated(Ani, [new("tp1", true, false), new("tp2", false, true), new("tp3", null, false)]));

        changes[0].ShouldBe(new Upsert(new AchievementRow(GradebookId, Ani, "tp1", true, false)));
        changes[1].ShouldBe(new Upsert(new AchievementRow(GradebookId, Ani, "tp2", false, true)));
        changes[2].ShouldBe(Delete.Of<AchievementRow>(GradebookId, Ani, "tp3"), new DeleteComparer());
    }

    [Fact]
    public void a_hand_mark_enters_the_history_with_what_was_chosen()
    {
        Project(new AchievementMarked(Ani, "tp2", false, null)).ShouldBe(
            [new Insert(History("tp2", ScoreChangeKind.Marked, null, null, null, "Form", "tidak tercapai"))]);
    }

    [Fact]
    public void generated_descriptions_are_upserted_and_an_empty_one_deletes_the_row()
    {
        Project(new DescriptionGenerated(Ani, "Menunjukkan penguasaan yang baik dalam menulis."))
            .ShouldBe([new Upsert(new DescriptionRow(GradebookId, Ani, "Menunjukkan penguasaan yang baik dalam menulis."))]);
        Project(new DescriptionGenerated(Ani, "")).Single().ShouldBe(Delete.Of<DescriptionRow>(GradebookId, Ani), new DeleteComparer());
    }

    [Fact]
    public void the_teachers_description_and_its_reset_are_kept_and_audited()
    {
        Project(new DescriptionEdited(Ani, "Teks guru", "Teks otomatis")).ShouldBe(new RowChange[]
        {
            new Upsert(new DescriptionEditRow(GradebookId, Ani, "Teks guru", "Teks otomatis", "guru.a", TestEvents.At)),
            new Insert(History(ScoreChangeRow.Description, ScoreChangeKind.DescriptionEdited, null, null, null, "Form", "Teks guru") with { GeneratedThen = "Teks otomatis" }),
        });
        var reset = Project(new DescriptionReset(Ani, "Teks guru"));
        reset[0].ShouldBe(Delete.Of<DescriptionEditRow>(GradebookId, Ani), new DeleteComparer());
        reset[1].ShouldBe(new Insert(History(ScoreChangeRow.Description, ScoreChangeKind.DescriptionReset, null, null, null, "Form")));
    }

    [Fact]
    public void a_new_or_revised_TP_upserts_its_column_ordered_by_its_number_and_is_a_line_of_the_whole_gradebook()
    {
        Project(new LearningObjectiveAdded(LearningObjective.Numbered(5, "Menulis cerpen"))).ShouldBe(
        [
            new Upsert(new AssessmentRow(GradebookId, "tp5", "TP5", "Menulis cerpen", 4)),
            new Insert(History("tp5", ScoreChangeKind.ObjectiveAdded, null, null, null, "Form", "Menulis cerpen") with { StudentId = Guid.Empty }),
        ]);
        // A reworded TP changes every generated description (and what a score of it means): the wording before and after, apart,
        // so that a history can mark the words taken out and put in.
        Project(new LearningObjectiveRevised(LearningObjective.Numbered(2, "Baru"), "Lama")).ShouldBe(
        [
            new Upsert(new AssessmentRow(GradebookId, "tp2", "TP2", "Baru", 1)),
            new Insert(History("tp2", ScoreChangeKind.ObjectiveRevised, null, null, null, "Form", "Baru") with { StudentId = Guid.Empty, DetailBefore = "Lama" }),
        ]);
    }

    [Fact]
    public void a_removed_TP_takes_its_column_and_scores_away_each_score_leaves_a_removed_line_and_the_whole_gradebook_a_line_of_its_own()
    {
        var changes = Project(new LearningObjectiveRemoved(LearningObjective.Numbered(2, "Lama"), "Digabung", [new RemovedScore(Ani, 75)]));

        changes.Count.ShouldBe(4);
        changes[0].ShouldBe(Delete.Of<AssessmentRow>(GradebookId, "tp2"), new DeleteComparer());
        changes[1].ShouldBe(Delete.Of<ScoreRow>(GradebookId, Ani, "tp2"), new DeleteComparer());
        changes[2].ShouldBe(new Insert(History("tp2", ScoreChangeKind.Removed, 75, null, "TP2 dihapus: Digabung", "Form")));
        // Every NA is now a mean over one TP fewer, a student without a score of it too: a line for each student's history.
        changes[3].ShouldBe(new Insert(History("tp2", ScoreChangeKind.ObjectiveRemoved, null, null, "Digabung", "Form", "Lama", position: 1)
            with { StudentId = Guid.Empty }));
        Project(new LearningObjectiveRemoved(LearningObjective.Numbered(3, "Belum dinilai"), null, []))
            .OfType<Insert>().ShouldHaveSingleItem().Row.ShouldBe(History("tp3", ScoreChangeKind.ObjectiveRemoved, null, null, null, "Form", "Belum dinilai")
                with { StudentId = Guid.Empty });
    }

    [Fact]
    public void a_scheme_with_STS_adds_the_STS_column_and_one_without_removes_it()
    {
        var with = Project(new GradingSchemeChanged(new Weights(60, 20, 20), 75));
        with[0].ShouldBe(new Upsert(new GradingSchemeRow(GradebookId, 60, 20, 20, 75, DescriptionStyle.EveryObjective)));
        with[1].ShouldBe(new Upsert(new AssessmentRow(GradebookId, Assessment.MidSemesterTest, "STS", "Sumatif tengah semester", 0)));

        var without = Project(new GradingSchemeChanged(Weights.Default, 70));
        without[1].ShouldBe(Delete.Of<AssessmentRow>(GradebookId, Assessment.MidSemesterTest), new DeleteComparer());
    }

    [Fact]
    public void a_change_of_weights_or_kktp_is_a_line_of_the_whole_gradebook_naming_what_changed_and_a_style_alone_is_none()
    {
        var weights = Project(new GradingSchemeChanged(new Weights(3, 0, 2), 70, WeightsBefore: Weights.Default, KktpBefore: 70));
        weights[2].ShouldBe(new Insert(History(ScoreChangeRow.Scheme, ScoreChangeKind.SchemeChanged, null, null, null, "Form", "SLM : SAS 1 : 1 → 3 : 2")
            with { StudentId = Guid.Empty }));

        GradingProjector.SchemeChange(new GradingSchemeChanged(new Weights(60, 20, 20), 75, WeightsBefore: Weights.Default, KktpBefore: 70))
            .ShouldBe("SLM : STS : SAS 1 : 0 : 1 → 60 : 20 : 20; KKTP 70 → 75");
        GradingProjector.SchemeChange(new GradingSchemeChanged(Weights.Default, 75, WeightsBefore: Weights.Default, KktpBefore: 70)).ShouldBe("KKTP 70 → 75");
        // Stored before the previous values were kept: the new ones.
        GradingProjector.SchemeChange(new GradingSchemeChanged(new Weights(3, 0, 2), 75)).ShouldBe("SLM : SAS 3 : 2; KKTP 75");
        Project(new GradingSchemeChanged(Weights.Default, 70, DescriptionStyle.StrongestAndWeakest, Weights.Default, 70)).OfType<Insert>().ShouldBeEmpty();
    }

    /// <summary>A delete's key is an array, which records compare by reference.</summary>
    private sealed class DeleteComparer : IEqualityComparer<RowChange>
    {
        public bool Equals(RowChange? x, RowChange? y) =>
            x is Delete a && y is Delete b && a.RowType == b.RowType && a.Key.SequenceEqual(b.Key);

        public int GetHashCode(RowChange obj) => 0;
    }
}
