using ERaport.Write.Common;
using ERaport.Write.Grading;
using static ERaport.Tests.Unit.Grading.Gradebooks;

namespace ERaport.Tests.Unit.Grading;

public class GradingSchemeDecisionTests
{
    private static Decision Change(Gradebook g, Weights weights, int kktp = 70, DescriptionStyle? style = null, GradingSchemeSeen? seen = null) =>
        ChangeGradingSchemeHandler.Decide(g, new ChangeGradingScheme(Guid.NewGuid(), Id, weights, kktp, TeacherOfRecord, EntrySource.Form, style, seen));

    [Fact]
    public void a_scheme_sent_from_a_page_that_showed_an_older_KKTP_is_a_conflict_naming_the_current_scheme()
    {
        var g = New(objectives: 1);
        g = g.Then(Change(g, Weights.Default, kktp: 75));

        // The page still showed KKTP 70 and sends it back with the SLM weight the teacher changed.
        var d = Change(g, new Weights(3, 0, 1), kktp: 70, seen: new GradingSchemeSeen(Weights.Default, 70, DescriptionStyle.EveryObjective));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        var conflict = d.Errors.ShouldHaveSingleItem();
        conflict.Code.ShouldBe("gradingScheme.conflict");
        conflict.Message.ShouldStartWith("Bobot, KKTP atau isi deskripsi sudah diubah sejak Anda membuka halaman ini, kini SLM : SAS = 1 : 1, KKTP 75, deskripsi menyebut semua TP.");
        d.Primary().ShouldBeEmpty();
        // Sent again from a page showing the current scheme, it is saved as sent.
        Change(g, new Weights(3, 0, 1), kktp: 70, seen: new GradingSchemeSeen(Weights.Default, 75, DescriptionStyle.EveryObjective)).Primary()
            .ShouldBe([new GradingSchemeChanged(new Weights(3, 0, 1), 70, DescriptionStyle.EveryObjective, Weights.Default, 75)]);
    }

    [Fact]
    public void the_concise_description_style_regenerates_every_students_description()
    {
        var g = New().FullyScored(Ani, [85, 83, 60, 84], 80, 90).FullyScored(Budi, [95, 50, 75, 65], 80, 90);

        var d = Change(g, Weights.Default, style: DescriptionStyle.StrongestAndWeakest);

        d.Primary().ShouldHaveSingleItem().ShouldBe(new GradingSchemeChanged(Weights.Default, 70, DescriptionStyle.StrongestAndWeakest, Weights.Default, 70));
        d.Calculated<DescriptionGenerated>().ShouldBe(
        [
            new DescriptionGenerated(Ani, "Menunjukkan penguasaan yang baik dalam menganalisis teks eksposisi. Perlu ditingkatkan dalam menyimak teks anekdot."),
            new DescriptionGenerated(Budi, "Menunjukkan penguasaan yang baik dalam menganalisis teks eksposisi. Perlu ditingkatkan dalam menulis teks argumentasi."),
        ], ignoreOrder: true);
        d.Calculated<FinalGradeCalculated>().ShouldBeEmpty();
        g.Then(d).Scored(Ani, ("tp2", 99)).GeneratedDescriptions[Ani].ShouldStartWith("Menunjukkan penguasaan yang baik dalam menulis teks argumentasi.");
    }

    [Fact]
    public void a_scheme_change_without_a_description_style_keeps_the_gradebooks_style()
    {
        var g = New(objectives: 1);
        g = g.Then(Change(g, Weights.Default, style: DescriptionStyle.StrongestAndWeakest));

        Change(g, Weights.Default).Primary().ShouldBeEmpty();
        Change(g, Weights.Default, kktp: 75).Primary().ShouldBe([new GradingSchemeChanged(Weights.Default, 75, DescriptionStyle.StrongestAndWeakest, Weights.Default, 70)]);
    }

    [Fact]
    public void an_unknown_description_style_is_rejected()
    {
        Change(New(), Weights.Default, style: (DescriptionStyle)7).Codes().ShouldBe(["descriptionStyle.invalid"]);
    }

    [Fact]
    public void new_weights_recalculate_every_complete_grade()
    {
        var g = New().FullyScored(Ani, [85, 83, 60, 84], 80, 90);

        var d = Change(g, new Weights(2, 0, 1));

        d.Primary().ShouldHaveSingleItem().ShouldBe(new GradingSchemeChanged(new Weights(2, 0, 1), 70, WeightsBefore: Weights.Default, KktpBefore: 70));
        d.Calculated<FinalGradeCalculated>().Single().ShouldBe(new FinalGradeCalculated(Ani, 80, true, 78m, 85m, null, Previous: 82));
    }

    [Fact]
    public void a_new_KKTP_decides_tercapai_again()
    {
        var g = New(objectives: 1).Scored(Ani, ("tp1", 72));

        var d = Change(g, Weights.Default, kktp: 75);

        d.Calculated<AchievementsCalculated>().Single().Objectives.ShouldBe([new ObjectiveAchievement("tp1", false, false)]);
        d.Calculated<DescriptionGenerated>().Single().Text.ShouldStartWith("Perlu ditingkatkan");
    }

    [Fact]
    public void weighting_STS_adds_its_column_and_makes_grades_wait_for_it()
    {
        var g = New(objectives: 1).FullyScored(Ani, [80], 80, 80);

        var d = Change(g, new Weights(60, 20, 20));

        var after = g.Then(d);
        after.Assessments.Select(a => a.Key).ShouldBe(["tp1", Assessment.MidSemesterTest, Assessment.SemesterTest, Assessment.SemesterNonTest]);
        after.FinalGrades[Ani].ShouldBe(new FinalGradeResult(null, false, 80m, 80m, null));
        after.Scored(Ani, (Assessment.MidSemesterTest, 90)).FinalGrades[Ani].Value.ShouldBe(82); // 48 + 18 + 16
    }

    [Fact]
    public void STS_cannot_lose_its_weight_while_it_has_scores()
    {
        var g = New(objectives: 1);
        g = g.Then(Change(g, new Weights(60, 20, 20))).Scored(Ani, (Assessment.MidSemesterTest, 90));

        Change(g, Weights.Default).Codes().ShouldBe(["weights.sts_has_scores"]);
    }

    [Theory]
    [InlineData(-1, 0, 1, "weights.out_of_range")]
    [InlineData(1, 0, 101, "weights.out_of_range")]
    [InlineData(0, 5, 0, "weights.zero")]
    public void weights_are_whole_numbers_0_to_100_and_SLM_and_SAS_are_not_both_0(int slm, int sts, int sas, string code)
    {
        Change(New(), new Weights(slm, sts, sas)).Codes().ShouldBe([code]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void the_KKTP_is_0_to_100(int kktp)
    {
        Change(New(), Weights.Default, kktp).Codes().ShouldBe(["kktp.out_of_range"]);
    }

    [Fact]
    public void the_same_scheme_again_changes_nothing()
    {
        Change(New(), Weights.Default, 70).ShouldBe(Decision.Nothing);
    }

    [Fact]
    public void a_gradebook_opened_before_KKTP_and_weights_were_kept_reads_as_70_and_one_to_one()
    {
        var json = $$"""
            {"GradebookId":"{{Id}}","TermId":"{{Guid.NewGuid()}}","ClassId":"{{Guid.NewGuid()}}","SubjectId":"{{Guid.NewGuid()}}",
             "TeacherId":"{{Teacher}}","LearningObjectives":[{"Key":"tp1","Code":"TP1","Description":"Eksponen"}]}
            """;

        var opened = System.Text.Json.JsonSerializer.Deserialize<GradebookOpened>(json)!;

        (opened.Kktp, opened.Weights).ShouldBe((70, (Weights?)null));
        var g = Gradebook.Create(opened);
        (g.Kktp, g.Weights).ShouldBe((70, Weights.Default));
    }

    [Fact]
    public void a_gradebook_opens_with_its_subjects_KKTP_and_the_weights_given()
    {
        var subject = ERaport.Write.School.Subject.Create(new ERaport.Write.School.SubjectAdded(Guid.NewGuid(), "Matematika", "MTK", "Umum", 4, false, 75));

        var d = OpenGradebookHandler.Decide(null, subject, ERaport.Tests.Unit.Accounts.AccountFixtures.Account("guru.a", ERaport.Tests.Unit.Accounts.AccountFixtures.TeacherRole), null,
            new OpenGradebook(Guid.NewGuid(), Id, ERaport.Tests.Unit.Accounts.AccountFixtures.TermId, Guid.NewGuid(), Guid.NewGuid(), Teacher,
            ["Eksponen"], TeacherOfRecord, EntrySource.Seed, new Weights(60, 20, 20)));

        var opened = d.Events.ShouldHaveSingleItem().ShouldBeOfType<GradebookOpened>();
        (opened.Kktp, opened.Weights).ShouldBe((75, new Weights(60, 20, 20)));
        Gradebook.Create(opened).Assessments.Select(a => a.Key).ShouldContain(Assessment.MidSemesterTest);
    }
}
