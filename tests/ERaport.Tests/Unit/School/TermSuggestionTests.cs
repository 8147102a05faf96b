using ERaport.Write.School;

namespace ERaport.Tests.Unit.School;

public sealed class TermSuggestionTests
{
    [Theory]
    [InlineData("2026/2027", 1, "2026/2027", 2)]
    [InlineData("2026/2027", 2, "2027/2028", 1)]
    public void the_term_after_ganjil_is_genap_of_the_same_year_and_after_genap_the_next_years_ganjil(
        string year, int semester, string nextYear, int nextSemester) =>
        Term.Following(year, semester).ShouldBe((nextYear, nextSemester));

    [Theory]
    [InlineData(2026, 7, 1, "2026/2027", 1)]
    [InlineData(2026, 12, 31, "2026/2027", 1)]
    [InlineData(2027, 1, 1, "2026/2027", 2)]
    [InlineData(2027, 6, 30, "2026/2027", 2)]
    public void the_term_running_on_a_day_is_ganjil_from_july_and_genap_from_january(int y, int m, int d, string year, int semester) =>
        Term.On(new DateOnly(y, m, d)).ShouldBe((year, semester));
}
