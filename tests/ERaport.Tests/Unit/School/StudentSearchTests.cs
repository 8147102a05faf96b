using ERaport.Read.School;

namespace ERaport.Tests.Unit.School;

public sealed class StudentSearchTests
{
    private static readonly StudentRow Ayu = new(Guid.NewGuid(), "s", "Ayu Ni'mah Siregar", "0081234567", "24017", "P", null, null, null);

    [Theory]
    [InlineData("ayu")]
    [InlineData("SIREGAR")]
    [InlineData("ayu siregar")]
    [InlineData("nimah")]
    [InlineData("  Ni'mah ")]
    [InlineData("0081234")]
    [InlineData("24017")]
    public void a_student_is_found_by_any_part_of_the_name_written_any_way_or_by_nisn_or_nis(string search) =>
        StudentSearch.Matches(Ayu, search).ShouldBeTrue();

    [Theory]
    [InlineData("ayu lestari")]
    [InlineData("1234567890")]
    [InlineData("adi")]
    public void a_student_is_not_found_by_a_word_that_is_not_theirs(string search) =>
        StudentSearch.Matches(Ayu, search).ShouldBeFalse();

    [Fact]
    public void marks_on_letters_do_not_hide_a_name() =>
        StudentSearch.Matches(Ayu with { Name = "Ádi Nugróho" }, "adi nugroho").ShouldBeTrue();
}
