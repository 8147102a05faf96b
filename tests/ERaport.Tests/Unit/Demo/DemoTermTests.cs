using ERaport.Web.Demo;

namespace ERaport.Tests.Unit.Demo;

public sealed class DemoTermTests
{
    [Theory]
    [InlineData("2026-11-26", "2026/2027", 1, "2026-12-19")]
    [InlineData("2026-07-14", "2026/2027", 1, "2026-12-19")]
    [InlineData("2027-03-02", "2026/2027", 2, "2027-06-20")]
    // Close to or past the usual report date: it moves two weeks ahead, so seeded changes are never "after the report date".
    [InlineData("2026-12-10", "2026/2027", 1, "2026-12-24")]
    [InlineData("2027-06-25", "2026/2027", 2, "2027-07-09")]
    public void the_demo_term_is_the_semester_of_today_with_its_report_date_still_ahead(string today, string year, int semester, string reportDate) =>
        DemoTerm.For(DateOnly.Parse(today)).ShouldBe(new DemoTerm(year, semester, DateOnly.Parse(reportDate)));
}
