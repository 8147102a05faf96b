using ERaport.Write.Common;
using ERaport.Write.Grading;
using static ERaport.Tests.Unit.Grading.Gradebooks;

namespace ERaport.Tests.Unit.Grading;

public class LearningObjectiveDecisionTests
{
    private static Decision Add(Gradebook g, string? text) =>
        AddLearningObjectiveHandler.Decide(g, new AddLearningObjective(Guid.NewGuid(), Id, text, TeacherOfRecord, EntrySource.Form));

    private static Decision Revise(Gradebook g, string key, string? text, string? seen) =>
        ReviseLearningObjectiveHandler.Decide(g, new ReviseLearningObjective(Guid.NewGuid(), Id, key, text, seen, TeacherOfRecord, EntrySource.Form));

    private static Decision Remove(Gradebook g, string key, string? reason) =>
        RemoveLearningObjectiveHandler.Decide(g, new RemoveLearningObjective(Guid.NewGuid(), Id, key, reason, TeacherOfRecord, EntrySource.Form));

    [Fact]
    public void adding_a_TP_numbers_it_after_the_last_and_puts_its_column_before_the_semester_tests()
    {
        var g = New(objectives: 2);

        var d = Add(g, "  Menulis cerpen ");

        d.Primary().ShouldHaveSingleItem().ShouldBe(new LearningObjectiveAdded(new LearningObjective("tp3", "TP3", "Menulis cerpen")));
        g.Then(d).Assessments.Select(a => a.Key).ShouldBe(["tp1", "tp2", "tp3", Assessment.SemesterTest, Assessment.SemesterNonTest]);
    }

    [Fact]
    public void adding_a_TP_makes_a_complete_final_grade_incomplete_again()
    {
        var g = New(objectives: 1).FullyScored(Ani, [80], 80, 80);
        g.FinalGrades[Ani].Value.ShouldBe(80);

        var d = Add(g, "Menulis cerpen");

        d.Calculated<FinalGradeCalculated>().Single().ShouldBe(new FinalGradeCalculated(Ani, null, false, 80m, 80m, null, Previous: 80));
    }

    [Fact]
    public void the_number_of_a_removed_TP_is_never_given_again()
    {
        var g = New(objectives: 3);
        g = g.Then(Remove(g, "tp3", null));

        Add(g, "Menulis cerpen").Primary().OfType<LearningObjectiveAdded>().Single().Objective.Key.ShouldBe("tp4");
    }

    /// <summary>An ATP list copied from a document keeps its numbering, and the rapor then read "dalam 1. Menganalisis …".</summary>
    [Fact]
    public void a_TP_list_pasted_with_its_numbering_or_bullets_stores_the_objectives_without_them()
    {
        var d = Add(New(objectives: 0), "1. Menganalisis teks eksposisi\n2) Menulis cerpen\n10.2 Menyimak berita\nTP 4: Membaca puisi\n• Menulis surat\n- Menyunting teks\na. Berpidato\n10.000 kata dibaca dalam setahun");

        d.Primary().OfType<LearningObjectiveAdded>().Select(e => e.Objective.Description).ShouldBe(
            ["Menganalisis teks eksposisi", "Menulis cerpen", "Menyimak berita", "Membaca puisi", "Menulis surat", "Menyunting teks", "Berpidato",
             "10.000 kata dibaca dalam setahun"]);
    }

    [Fact]
    public void a_line_that_is_only_a_number_is_refused_as_a_blank_TP() =>
        Add(New(), "Menulis cerpen\n2.").Codes().ShouldBe(["learningObjective.required"]);

    [Theory]
    [InlineData(null, "learningObjective.required")]
    [InlineData("   ", "learningObjective.required")]
    [InlineData("menganalisis TEKS eksposisi", "learningObjective.duplicate")]
    public void a_blank_or_repeated_TP_is_refused(string? text, string code)
    {
        Add(New(), text).Codes().ShouldBe([code]);
    }

    [Fact]
    public void a_TP_longer_than_1000_characters_is_refused_and_1000_is_fine()
    {
        Add(New(), new string('a', 1000)).Status.ShouldBe(OutcomeStatus.Accepted);
        Add(New(), new string('a', 1001)).Codes().ShouldBe(["learningObjective.too_long"]);
    }

    // A teacher copies her TPs from the ATP as a list; the one-line form refused the line breaks as "karakter yang tidak
    // diizinkan", so a guru kelas with six subjects added some twenty TPs one by one.
    [Fact]
    public void a_list_of_TPs_one_per_line_adds_each_line_as_the_next_TP()
    {
        var g = New(objectives: 2);

        var d = Add(g, "Menulis cerpen.\r\n\n  Menyunting cerpen  \n");

        d.Primary().ShouldBe([
            new LearningObjectiveAdded(new LearningObjective("tp3", "TP3", "Menulis cerpen.")),
            new LearningObjectiveAdded(new LearningObjective("tp4", "TP4", "Menyunting cerpen"))]);
        g.Then(d).Assessments.Select(a => a.Key).ShouldBe(["tp1", "tp2", "tp3", "tp4", Assessment.SemesterTest, Assessment.SemesterNonTest]);
    }

    [Theory]
    [InlineData("Menulis cerpen\nmenganalisis TEKS eksposisi", "learningObjective.duplicate")]
    [InlineData("Menulis cerpen\nmenulis  cerpen", "learningObjective.duplicate")]
    [InlineData("Menulis cerpen\nMenulis <b>puisi</b>", "learningObjective.invalid_characters")]
    [InlineData("\n \r\n", "learningObjective.required")]
    public void a_list_of_TPs_with_one_bad_line_adds_nothing(string text, string code)
    {
        var d = Add(New(), text);

        d.Codes().ShouldBe([code]);
        d.Events.ShouldBeEmpty();
    }

    [Fact]
    public void a_list_of_TPs_that_would_pass_30_adds_nothing()
    {
        var g = New(objectives: 1);
        for (var i = 2; i < OpenGradebookHandler.MaxLearningObjectives; i++)
            g = g.Then(Add(g, $"TP ke-{i}"));

        Add(g, "TP ke-30\nTP ke-31").Codes().ShouldBe(["learningObjectives.count"]);
        Add(g, "TP ke-30").Status.ShouldBe(OutcomeStatus.Accepted);
    }

    [Fact]
    public void a_gradebook_takes_at_most_30_TPs()
    {
        var g = New(objectives: 1);
        for (var i = 2; i <= OpenGradebookHandler.MaxLearningObjectives; i++)
            g = g.Then(Add(g, $"TP ke-{i}"));

        Add(g, "satu lagi").Codes().ShouldBe(["learningObjectives.count"]);
    }

    [Fact]
    public void revising_a_TP_keeps_its_scores_and_rewrites_the_generated_descriptions()
    {
        var g = New(objectives: 1).Scored(Ani, ("tp1", 90));

        var d = Revise(g, "tp1", "Menganalisis struktur teks eksposisi", seen: ObjectiveTexts[0]);

        d.Primary().ShouldHaveSingleItem().ShouldBe(new LearningObjectiveRevised(
            new LearningObjective("tp1", "TP1", "Menganalisis struktur teks eksposisi"), ObjectiveTexts[0]));
        d.Calculated<DescriptionGenerated>().Single().Text.ShouldBe("Menunjukkan penguasaan yang baik dalam menganalisis struktur teks eksposisi.");
        d.Calculated<FinalGradeCalculated>().ShouldBeEmpty();
        g.Then(d).Score(Ani, "tp1")!.Value.ShouldBe(90);
    }

    [Fact]
    public void revising_from_a_stale_wording_is_a_conflict_showing_the_current_one()
    {
        var g = New(objectives: 1);
        g = g.Then(Revise(g, "tp1", "Rumusan kedua", seen: ObjectiveTexts[0]));

        var d = Revise(g, "tp1", "Rumusan ketiga", seen: ObjectiveTexts[0]);

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        var conflict = d.Errors.ShouldHaveSingleItem();
        conflict.Code.ShouldBe("learningObjective.conflict");
        conflict.Details!["current"].ShouldBe("Rumusan kedua");
    }

    [Fact]
    public void revising_to_the_same_wording_changes_nothing()
    {
        Revise(New(), "tp1", ObjectiveTexts[0], seen: "whatever").ShouldBe(Decision.Nothing);
    }

    [Fact]
    public void an_unknown_TP_is_not_found()
    {
        Revise(New(), "tp9", "x", "y").Codes().ShouldBe(["learningObjective.not_found"]);
        Remove(New(), "tp9", "x").Status.ShouldBe(OutcomeStatus.NotFound);
    }

    [Fact]
    public void removing_a_TP_without_scores_needs_no_reason()
    {
        var d = Remove(New(), "tp2", null);

        var removed = d.Primary().ShouldHaveSingleItem().ShouldBeOfType<LearningObjectiveRemoved>();
        removed.Objective.ShouldBe(LearningObjective.Numbered(2, ObjectiveTexts[1]));
        removed.Reason.ShouldBeNull();
        removed.Scores.ShouldBeEmpty();
    }

    [Fact]
    public void removing_a_TP_with_scores_needs_a_reason()
    {
        var g = New().Scored(Ani, ("tp2", 75));

        Remove(g, "tp2", " ").Codes().ShouldBe(["learningObjective.reason_required"]);
    }

    [Fact]
    public void removing_a_scored_TP_names_every_score_it_takes_away_and_recalculates()
    {
        var g = New(objectives: 2).FullyScored(Ani, [90, 40], 80, 80).FullyScored(Budi, [70, 70], 70, 70);

        var d = Remove(g, "tp2", "TP digabung dengan TP1");

        var removed = d.Primary().OfType<LearningObjectiveRemoved>().Single();
        removed.Reason.ShouldBe("TP digabung dengan TP1");
        removed.Scores.ShouldBe([new RemovedScore(Ani, 40), new RemovedScore(Budi, 70)]);
        var after = g.Then(d);
        after.Score(Ani, "tp2").ShouldBeNull();
        after.FinalGrades[Ani].Value.ShouldBe(85); // SLM 90, SAS 80
        after.Achievements[Ani].Keys.ShouldBe(["tp1"]);
        d.Calculated<AchievementsCalculated>().First(a => a.StudentId == Ani).Objectives
            .ShouldContain(new ObjectiveAchievement("tp2", null, false));
    }

    [Fact]
    public void the_last_TP_cannot_be_removed()
    {
        Remove(New(objectives: 1), "tp1", "x").Codes().ShouldBe(["learningObjective.last"]);
    }
}
