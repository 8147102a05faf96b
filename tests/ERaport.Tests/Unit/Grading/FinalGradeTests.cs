using ERaport.Write.Grading;

namespace ERaport.Tests.Unit.Grading;

/// <summary>NA = round_half_away_from_zero((b1 × mean(SLM) + b2 × SAS) / (b1 + b2)), SAS = mean of its parts;
/// incomplete until every part has a score (domain.md).</summary>
public class FinalGradeTests
{
    private static readonly Weights OneToOne = Weights.Default;

    private static FinalGradeResult Calculate(int?[] slm, int?[] sas, Weights? weights = null, int? sts = null) =>
        FinalGrade.Calculate(slm, sas, sts, weights ?? OneToOne);

    [Fact]
    public void the_worked_example_of_the_domain_gives_82()
    {
        // SLM 85, 83, 60, 84 → 78; SAS tes 80, non-tes 90 → 85; 1:1 → round(81.5) = 82.
        var na = Calculate([85, 83, 60, 84], [80, 90]);

        na.ShouldBe(new FinalGradeResult(82, true, 78m, 85m, null));
    }

    [Theory]
    [InlineData(new[] { 81 }, 80, 80, 81)] // 80.5 rounds up
    [InlineData(new[] { 80, 81 }, 80, 80, 80)] // 80.25 rounds down
    [InlineData(new[] { 80, 81 }, 81, 81, 81)] // 80.75 rounds up
    [InlineData(new[] { 70, 71 }, 70, 71, 71)] // 70.5 and 70.5 → 70.5 rounds up
    [InlineData(new[] { 0, 0 }, 0, 0, 0)]
    [InlineData(new[] { 100, 100, 100 }, 100, 100, 100)]
    [InlineData(new[] { 60, 61, 61 }, 70, 71, 66)] // 60.67 and 70.5 → 65.58
    public void one_to_one_rounds_half_away_from_zero_to_a_whole_number(int[] slm, int sasTest, int sasNonTest, int expected)
    {
        Calculate([.. slm.Select(x => (int?)x)], [sasTest, sasNonTest]).Value.ShouldBe(expected);
    }

    [Theory]
    [InlineData(2, 1, 80)] // (2 × 78 + 85) / 3 = 80.33
    [InlineData(1, 2, 83)] // (78 + 2 × 85) / 3 = 82.67
    [InlineData(3, 1, 80)] // (3 × 78 + 85) / 4 = 79.75
    [InlineData(1, 0, 78)] // SLM only
    [InlineData(0, 1, 85)] // SAS only
    public void other_weights_change_the_balance_between_SLM_and_SAS(int slmWeight, int sasWeight, int expected)
    {
        Calculate([85, 83, 60, 84], [80, 90], new Weights(slmWeight, 0, sasWeight)).Value.ShouldBe(expected);
    }

    [Fact]
    public void a_60_20_20_scheme_counts_the_mid_semester_test()
    {
        // (60 × 78 + 20 × 75 + 20 × 85) / 100 = 78.8
        var na = Calculate([85, 83, 60, 84], [80, 90], new Weights(60, 20, 20), sts: 75);

        na.ShouldBe(new FinalGradeResult(79, true, 78m, 85m, 75));
    }

    [Fact]
    public void an_exact_half_is_found_even_when_the_SLM_mean_is_a_repeating_decimal()
    {
        // Nine TPs summing to 750 (mean 83.333…), STS 80, SAS 80 and 85: (60 × 250/3 + 20 × 80 + 20 × 82.5) / 100 = 82.5 exactly.
        // Taking the rounded mean first gives 82.4999… and the wrong 82.
        var na = Calculate([83, 83, 84, 83, 83, 84, 83, 83, 84], [80, 85], new Weights(60, 20, 20), sts: 80);

        na.Value.ShouldBe(83);
        na.SlmMean.ShouldBe(83.33m);
    }

    [Fact]
    public void a_missing_TP_score_leaves_the_grade_incomplete_but_shows_the_means_so_far()
    {
        var na = Calculate([85, null, 60, 84], [80, 90]);

        na.ShouldBe(new FinalGradeResult(null, false, 76.33m, 85m, null));
    }

    [Fact]
    public void a_missing_SAS_part_leaves_the_grade_incomplete_and_SAS_is_the_mean_of_the_part_present()
    {
        var na = Calculate([85, 83, 60, 84], [80, null]);

        na.ShouldBe(new FinalGradeResult(null, false, 78m, 80m, null));
    }

    [Fact]
    public void nothing_scored_is_empty()
    {
        Calculate([null, null], [null, null]).ShouldBe(FinalGradeResult.Empty);
    }

    [Fact]
    public void a_weighted_STS_that_is_missing_leaves_the_grade_incomplete()
    {
        Calculate([85, 83, 60, 84], [80, 90], new Weights(60, 20, 20), sts: null).Complete.ShouldBeFalse();
    }

    [Fact]
    public void an_STS_score_without_weight_is_not_counted()
    {
        Calculate([85, 83, 60, 84], [80, 90], OneToOne, sts: 10).ShouldBe(new FinalGradeResult(82, true, 78m, 85m, null));
    }

    [Theory]
    [InlineData(2, 0, 2, true)]
    [InlineData(3, 1, 1, false)]
    [InlineData(1, 0, 2, false)]
    public void weights_in_the_same_ratio_are_the_same_scheme(int slm, int sts, int sas, bool same)
    {
        new Weights(slm, sts, sas).SameRatioAs(Weights.Default).ShouldBe(same);
        new Weights(60, 20, 20).SameRatioAs(new Weights(3, 1, 1)).ShouldBeTrue();
    }
}
