using ERaport.Write.Common;
using ERaport.Write.Grading;
using static ERaport.Tests.Unit.Grading.Gradebooks;

namespace ERaport.Tests.Unit.Grading;

public class FinalGradeOverrideDecisionTests
{
    private static Decision Override(Gradebook g, string? value, int? seen, string? reason, Guid? student = null) =>
        OverrideFinalGradeHandler.Decide(g, Class(), new OverrideFinalGrade(Guid.NewGuid(), Id, student ?? Ani, value, seen, reason, TeacherOfRecord, EntrySource.Form));

    private static Decision Clear(Gradebook g, int? seen, string? reason) =>
        ClearFinalGradeOverrideHandler.Decide(g, Class(), new ClearFinalGradeOverride(Guid.NewGuid(), Id, Ani, seen, reason, TeacherOfRecord, EntrySource.Form));

    private static Gradebook Complete() => New().FullyScored(Ani, [85, 83, 60, 84], 80, 90);

    [Fact]
    public void an_override_keeps_the_calculated_grade_beside_it()
    {
        var d = Override(Complete(), " 85 ", seen: null, "  Nilai praktik susulan ");

        d.Events.ShouldHaveSingleItem().ShouldBe(new FinalGradeOverridden(Ani, 85, "Nilai praktik susulan", Calculated: 82, Previous: null));
        var after = Complete().Then(d);
        after.Overrides[Ani].Value.ShouldBe(85);
        after.FinalGrades[Ani].Value.ShouldBe(82);
    }

    [Fact]
    public void a_later_score_moves_the_calculated_grade_but_not_the_override()
    {
        var g = Complete().Then(Override(Complete(), "85", null, "praktik"));

        var after = g.Scored(Ani, ("tp3", 70));

        after.FinalGrades[Ani].Value.ShouldBe(83);
        after.Overrides[Ani].Value.ShouldBe(85);
    }

    [Fact]
    public void an_incomplete_grade_may_be_overridden()
    {
        Override(New(), "75", null, "Sakit saat SAS, nilai dari tugas pengganti").Events.ShouldHaveSingleItem()
            .ShouldBe(new FinalGradeOverridden(Ani, 75, "Sakit saat SAS, nilai dari tugas pengganti", null, null));
    }

    [Theory]
    [InlineData("85", null, "finalGrade.reason_required")]
    [InlineData("85", "  ", "finalGrade.reason_required")]
    [InlineData("", "alasan", "finalGrade.value_required")]
    [InlineData("101", "alasan", "score.out_of_range")]
    [InlineData("85,5", "alasan", "score.not_whole")]
    [InlineData("A", "alasan", "score.not_a_number")]
    public void an_override_needs_a_whole_number_0_to_100_and_a_reason(string value, string? reason, string code)
    {
        var d = Override(Complete(), value, null, reason);

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Codes().ShouldBe([code]);
    }

    [Fact]
    public void a_reason_longer_than_1000_characters_is_refused()
    {
        Override(Complete(), "85", null, new string('x', 1001)).Codes().ShouldBe(["finalGrade.reason_too_long"]);
    }

    [Fact]
    public void a_student_not_in_the_class_is_refused()
    {
        Override(Complete(), "85", null, "x", Stranger).Codes().ShouldBe(["student.not_in_class"]);
    }

    [Fact]
    public void overriding_from_a_stale_page_is_a_conflict_showing_the_current_override_and_who_set_it()
    {
        var g = Complete().Then(Override(Complete(), "85", null, "praktik"));

        var d = Override(g, "88", seen: null, "remedial");

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        var conflict = d.Errors.ShouldHaveSingleItem();
        conflict.Code.ShouldBe("finalGrade.conflict");
        conflict.Details!["current"].ShouldBe(85);
        conflict.Details["changedBy"].ShouldBe("guru.a");
    }

    [Fact]
    public void overriding_an_override_removed_meanwhile_says_it_was_removed()
    {
        var overridden = Complete().Then(Override(Complete(), "85", null, "praktik"));
        var cleared = overridden.Then(Clear(overridden, seen: 85, "kembali ke hitungan"));

        var conflict = Override(cleared, "88", seen: 85, "remedial").Errors.ShouldHaveSingleItem();

        conflict.Message.ShouldBe("Penimpaan nilai akhir ini sudah dihapus sejak Anda membukanya (Anda melihat 85). Tidak ada yang ditimpa.");
    }

    [Fact]
    public void changing_an_override_remembers_the_one_before()
    {
        var g = Complete().Then(Override(Complete(), "85", null, "praktik"));

        Override(g, "88", seen: 85, "remedial").Events.ShouldHaveSingleItem().ShouldBe(new FinalGradeOverridden(Ani, 88, "remedial", 82, Previous: 85));
    }

    [Fact]
    public void the_same_override_with_the_same_reason_changes_nothing()
    {
        var g = Complete().Then(Override(Complete(), "85", null, "praktik"));

        Override(g, "85", seen: 85, "praktik").ShouldBe(Decision.Nothing);
    }

    [Fact]
    public void clearing_goes_back_to_the_calculated_grade_with_a_reason()
    {
        var g = Complete().Then(Override(Complete(), "85", null, "praktik"));

        var d = Clear(g, seen: 85, " salah siswa ");

        d.Events.ShouldHaveSingleItem().ShouldBe(new FinalGradeOverrideCleared(Ani, 85, 82, "salah siswa"));
        g.Then(d).Overrides.ShouldBeEmpty();
    }

    [Fact]
    public void clearing_needs_a_reason_and_the_override_seen()
    {
        var g = Complete().Then(Override(Complete(), "85", null, "praktik"));

        Clear(g, seen: 85, null).Codes().ShouldBe(["finalGrade.reason_required"]);
        Clear(g, seen: 80, "x").Status.ShouldBe(OutcomeStatus.Conflict);
    }

    [Fact]
    public void clearing_when_there_is_no_override_changes_nothing()
    {
        Clear(Complete(), seen: null, "x").ShouldBe(Decision.Nothing);
    }
}
