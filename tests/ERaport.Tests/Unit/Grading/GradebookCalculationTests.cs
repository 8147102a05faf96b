using ERaport.Write.Common;
using ERaport.Write.Grading;
using static ERaport.Tests.Unit.Grading.Gradebooks;

namespace ERaport.Tests.Unit.Grading;

/// <summary>Decisions append the results their changes cause, only those that change.</summary>
public class GradebookCalculationTests
{
    private static Decision Save(Gradebook g, Guid student, string assessment, int value) =>
        SaveScoresHandler.Decide(g, Class(), new SaveScores(Guid.NewGuid(), Id,
            [new ScoreEntry(student, assessment, value.ToString(), g.Score(student, assessment)?.Value)], "koreksi", TeacherOfRecord, EntrySource.Form));

    [Fact]
    public void the_last_missing_score_completes_the_final_grade_of_the_worked_example()
    {
        var g = New().Scored(Ani, ("tp1", 85), ("tp2", 83), ("tp3", 60), ("tp4", 84), (Assessment.SemesterTest, 80));

        var d = Save(g, Ani, Assessment.SemesterNonTest, 90);

        d.Changes.ShouldBe(1);
        d.Calculated<FinalGradeCalculated>().ShouldHaveSingleItem().ShouldBe(new FinalGradeCalculated(Ani, 82, true, 78m, 85m, null, Previous: null));
    }

    [Fact]
    public void a_correction_recalculates_that_students_grade_and_reports_the_value_before()
    {
        var g = New().FullyScored(Ani, [85, 83, 60, 84], 80, 90).FullyScored(Budi, [70, 70, 70, 70], 70, 70);

        var d = Save(g, Ani, "tp3", 70);

        d.Primary().ShouldHaveSingleItem().ShouldBeOfType<ScoreCorrected>();
        var na = d.Calculated<FinalGradeCalculated>().ShouldHaveSingleItem();
        (na.StudentId, na.Value, na.Previous).ShouldBe((Ani, (int?)83, (int?)82)); // SLM 80.5, SAS 85 → 82.75
    }

    [Fact]
    public void a_correction_recalculates_only_the_student_it_changes()
    {
        // Budi's score arrives without its results, so anything recalculated for Budi would show.
        var g = New().FullyScored(Ani, [85, 83, 60, 84], 80, 90).After([new ScoresRecorded([new RecordedScore(Budi, "tp1", 90)])], "guru.a");

        var d = Save(g, Ani, "tp3", 70);

        d.Calculated<ICalculatedEvent>().ShouldNotBeEmpty();
        d.Calculated<FinalGradeCalculated>().Select(e => e.StudentId)
            .Concat(d.Calculated<AchievementsCalculated>().Select(e => e.StudentId))
            .Concat(d.Calculated<DescriptionGenerated>().Select(e => e.StudentId))
            .ShouldAllBe(student => student == Ani);
    }

    [Fact]
    public void a_score_that_changes_nothing_calculated_adds_no_calculation_events()
    {
        var g = New().FullyScored(Ani, [85, 83, 60, 84], 80, 90);

        // 84 → 85 on TP4 moves the SLM mean, but 83 → 82 on TP2 at the same time keeps it.
        var d = SaveScoresHandler.Decide(g, Class(), new SaveScores(Guid.NewGuid(), Id,
            [new ScoreEntry(Ani, "tp4", "85", 84), new ScoreEntry(Ani, "tp2", "82", 83)], "salah ketik", TeacherOfRecord, EntrySource.Form));

        d.Events.OfType<ICalculatedEvent>().ShouldBeEmpty(); // not even an empty batch
    }

    [Theory]
    [InlineData(70, true)]
    [InlineData(69, false)]
    [InlineData(100, true)]
    public void a_TP_is_achieved_when_its_score_reaches_the_KKTP(int score, bool achieved)
    {
        var d = Save(New(kktp: 70), Ani, "tp1", score);

        d.Calculated<AchievementsCalculated>().ShouldHaveSingleItem().Objectives
            .ShouldBe([new ObjectiveAchievement("tp1", achieved, ByHand: false)]);
    }

    [Fact]
    public void the_KKTP_comes_from_the_gradebook()
    {
        Save(New(kktp: 75), Ani, "tp1", 74).Calculated<AchievementsCalculated>().Single().Objectives.Single().Achieved.ShouldBe(false);
        Save(New(kktp: 56), Ani, "tp1", 56).Calculated<AchievementsCalculated>().Single().Objectives.Single().Achieved.ShouldBe(true);
    }

    [Fact]
    public void the_generated_description_follows_tercapai()
    {
        var g = New(objectives: 2).Scored(Ani, ("tp1", 90));

        var d = Save(g, Ani, "tp2", 50);

        d.Calculated<DescriptionGenerated>().ShouldHaveSingleItem().Text.ShouldBe(
            "Menunjukkan penguasaan yang baik dalam menganalisis teks eksposisi. Perlu ditingkatkan dalam menulis teks argumentasi.");
    }

    [Fact]
    public void a_hand_mark_overrides_the_KKTP_rule_and_a_later_score_does_not_undo_it()
    {
        var g = New(objectives: 2).Scored(Ani, ("tp1", 60), ("tp2", 90));
        g = g.Then(MarkAchievementHandler.Decide(g, Class(), new MarkAchievement(Guid.NewGuid(), Id, Ani,
            [new AchievementMark("tp1", true, Seen: null)], TeacherOfRecord, EntrySource.Form)));

        g.Achievements[Ani]["tp1"].ShouldBe(new Achievement(true, ByHand: true));
        g.GeneratedDescriptions[Ani].ShouldBe("Menunjukkan penguasaan yang baik dalam menganalisis teks eksposisi, menulis teks argumentasi.");
        var d = Save(g, Ani, "tp1", 50);
        d.Calculated<AchievementsCalculated>().ShouldBeEmpty();
    }

    [Fact]
    public void removing_a_score_undecides_its_TP_and_empties_the_description_when_nothing_is_left()
    {
        var g = New(objectives: 1).Scored(Ani, ("tp1", 80));

        var d = SaveScoresHandler.Decide(g, Class(), new SaveScores(Guid.NewGuid(), Id, [new ScoreEntry(Ani, "tp1", "", 80)], "salah siswa",
            TeacherOfRecord, EntrySource.Form));

        d.Calculated<AchievementsCalculated>().Single().Objectives.ShouldBe([new ObjectiveAchievement("tp1", null, false)]);
        d.Calculated<DescriptionGenerated>().Single().Text.ShouldBe("");
        d.Calculated<FinalGradeCalculated>().Single().ShouldBe(new FinalGradeCalculated(Ani, null, false, null, null, null, null));
    }

    [Fact]
    public void results_are_reported_student_by_student_and_never_for_students_without_change()
    {
        var g = New(objectives: 1).Scored(Ani, ("tp1", 80));

        var d = Save(g, Budi, "tp1", 60);

        d.Calculated<ICalculatedEvent>().Select(e => e.GetType().Name).ShouldBe(
            [nameof(FinalGradeCalculated), nameof(AchievementsCalculated), nameof(DescriptionGenerated)]);
        d.Calculated<ICalculatedEvent>().ShouldAllBe(e => StudentOf(e) == Budi);
    }

    [Fact]
    public void a_whole_column_save_appends_its_scores_and_one_results_event_for_every_student()
    {
        var g = New(objectives: 1);

        var d = SaveScoresHandler.Decide(g, Class(), new SaveScores(Guid.NewGuid(), Id,
            [new ScoreEntry(Ani, "tp1", "80", null), new ScoreEntry(Budi, "tp1", "60", null)], null, TeacherOfRecord, EntrySource.Form));

        d.Events.Select(e => e.GetType().Name).ShouldBe([nameof(ScoresRecorded), nameof(ResultsCalculated)]);
        var results = d.Events.OfType<ResultsCalculated>().Single();
        results.FinalGrades.Select(r => r.StudentId).ShouldBe([Ani, Budi]);
        results.Achievements.Select(r => r.StudentId).ShouldBe([Ani, Budi]);
        results.Descriptions.Select(r => r.StudentId).ShouldBe([Ani, Budi]);
    }

    private static Guid StudentOf(ICalculatedEvent e) => e switch
    {
        FinalGradeCalculated x => x.StudentId,
        AchievementsCalculated x => x.StudentId,
        DescriptionGenerated x => x.StudentId,
        _ => Guid.Empty,
    };

    [Fact]
    public void deciding_never_changes_the_loaded_gradebook()
    {
        var g = New().Scored(Ani, ("tp1", 80));
        var scores = g.Scores.Count;

        Save(g, Ani, "tp2", 75);

        g.Scores.Count.ShouldBe(scores);
        g.FinalGrades[Ani].SlmMean.ShouldBe(80m);
    }
}
