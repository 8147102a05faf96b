using ERaport.Write.Grading;

namespace ERaport.Tests.Unit.Grading;

public class ParseScoreTests
{
    private static readonly Dictionary<string, object?> Cell = new() { ["studentId"] = Guid.Empty, ["assessment"] = "tp1" };

    [Theory]
    [InlineData("0", 0)]
    [InlineData("100", 100)]
    [InlineData(" 85 ", 85)]
    [InlineData("085", 85)]
    public void a_whole_number_from_0_to_100_is_a_score(string text, int expected)
    {
        var (value, error) = SaveScoresHandler.ParseScore(text, Cell);

        error.ShouldBeNull();
        value.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void an_empty_text_means_no_score(string? text)
    {
        var (value, error) = SaveScoresHandler.ParseScore(text, Cell);

        error.ShouldBeNull();
        value.ShouldBeNull();
    }

    [Theory]
    [InlineData("101", "score.out_of_range")]
    [InlineData("-1", "score.out_of_range")]
    [InlineData("85,5", "score.not_whole")]
    [InlineData("85.5", "score.not_whole")]
    [InlineData("abc", "score.not_a_number")]
    [InlineData("8 5", "score.not_a_number")]
    public void a_bad_text_gives_a_coded_error_about_its_cell(string text, string code)
    {
        var (value, error) = SaveScoresHandler.ParseScore(text, Cell);

        value.ShouldBeNull();
        error.ShouldNotBeNull();
        error.Code.ShouldBe(code);
        error.Details.ShouldBeSameAs(Cell);
    }

    [Fact]
    public void a_very_long_text_is_shortened_in_the_message()
    {
        var (_, error) = SaveScoresHandler.ParseScore(new string('x', 500), Cell);

        error!.Code.ShouldBe("score.not_a_number");
        error.Message.Length.ShouldBeLessThan(100);
    }
}
