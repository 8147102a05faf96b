using ERaport.Read.School;

namespace ERaport.Tests.Unit.School;

public class TermInUseTests
{
    private static readonly DateOnly Today = new(2027, 1, 10);

    private static TermRow Term(string year, int semester, DateOnly? reportDate) => new(Guid.NewGuid(), "s", year, semester, reportDate);

    [Fact]
    public void an_earlier_term_is_finished_once_its_report_date_has_passed()
    {
        var genap = Term("2026/2027", 2, null);
        var ganjilHandedOut = Term("2026/2027", 1, new DateOnly(2026, 12, 19));
        var ganjilNotYet = Term("2026/2027", 1, new DateOnly(2027, 1, 10));
        var ganjilUndated = Term("2026/2027", 1, null);

        MasterDataQuery.InUse(ganjilHandedOut, [genap, ganjilHandedOut], Today).ShouldBeFalse();
        MasterDataQuery.InUse(ganjilNotYet, [genap, ganjilNotYet], Today).ShouldBeTrue("the rapor are handed out today");
        MasterDataQuery.InUse(ganjilUndated, [genap, ganjilUndated], Today).ShouldBeTrue("no report date: nothing says it is over");
    }

    [Fact]
    public void the_newest_term_is_in_use_even_after_its_report_date()
    {
        var ganjil = Term("2026/2027", 1, new DateOnly(2026, 12, 19));

        MasterDataQuery.InUse(ganjil, [ganjil], Today).ShouldBeTrue();
    }
}
