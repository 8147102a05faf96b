using ERaport.Write.Common;
using ERaport.Write.Grading;
using static ERaport.Tests.Unit.Grading.Gradebooks;

namespace ERaport.Tests.Unit.Grading;

public class MarkAchievementDecisionTests
{
    private static Decision Mark(Gradebook g, params AchievementMark[] marks) =>
        MarkAchievementHandler.Decide(g, Class(), new MarkAchievement(Guid.NewGuid(), Id, Ani, marks, TeacherOfRecord, EntrySource.Form));

    [Fact]
    public void a_hand_mark_wins_over_the_KKTP_and_rewrites_the_description()
    {
        var g = New(objectives: 2).Scored(Ani, ("tp1", 90), ("tp2", 90));

        var d = Mark(g, new AchievementMark("tp2", false, Seen: null));

        d.Changes.ShouldBe(1);
        d.Primary().ShouldHaveSingleItem().ShouldBe(new AchievementMarked(Ani, "tp2", false, Before: null));
        d.Calculated<AchievementsCalculated>().Single().Objectives.ShouldBe([new ObjectiveAchievement("tp2", false, ByHand: true)]);
        d.Calculated<DescriptionGenerated>().Single().Text.ShouldBe(
            "Menunjukkan penguasaan yang baik dalam menganalisis teks eksposisi. Perlu ditingkatkan dalam menulis teks argumentasi.");
    }

    [Fact]
    public void a_TP_without_a_score_can_be_marked_by_hand()
    {
        Mark(New(), new AchievementMark("tp3", true, null)).Calculated<AchievementsCalculated>().Single().Objectives
            .ShouldBe([new ObjectiveAchievement("tp3", true, true)]);
    }

    [Fact]
    public void back_to_automatic_lets_the_KKTP_decide_again()
    {
        var g = New(objectives: 1).Scored(Ani, ("tp1", 90));
        g = g.Then(Mark(g, new AchievementMark("tp1", false, null)));

        var d = Mark(g, new AchievementMark("tp1", null, Seen: false));

        d.Primary().ShouldHaveSingleItem().ShouldBe(new AchievementMarked(Ani, "tp1", null, Before: false));
        d.Calculated<AchievementsCalculated>().Single().Objectives.ShouldBe([new ObjectiveAchievement("tp1", true, false)]);
        g.Then(d).Marks.ShouldBeEmpty();
    }

    [Fact]
    public void a_mark_that_is_already_so_changes_nothing()
    {
        Mark(New(), new AchievementMark("tp1", null, null)).ShouldBe(Decision.Nothing);
    }

    [Fact]
    public void a_mark_from_a_stale_page_is_a_conflict_and_nothing_is_marked()
    {
        var g = New();
        g = g.Then(Mark(g, new AchievementMark("tp1", true, null)));

        var d = Mark(g, new AchievementMark("tp1", false, Seen: null), new AchievementMark("tp2", true, null));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Events.ShouldBeEmpty();
        var conflict = d.Errors.ShouldHaveSingleItem();
        conflict.Code.ShouldBe("achievement.conflict");
        conflict.Details!["current"].ShouldBe(true);
    }

    [Fact]
    public void unknown_or_repeated_TPs_and_empty_lists_are_invalid()
    {
        Mark(New(), new AchievementMark("tp9", true, null)).Codes().ShouldBe(["learningObjective.not_found"]);
        Mark(New(), new AchievementMark("tp1", true, null), new AchievementMark("tp1", false, null)).Codes().ShouldBe(["marks.duplicate"]);
        Mark(New()).Codes().ShouldBe(["marks.empty"]);
    }
}
