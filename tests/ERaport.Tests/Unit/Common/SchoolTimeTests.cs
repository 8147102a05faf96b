using ERaport.Write.Common;

namespace ERaport.Tests.Unit.Common;

public sealed class SchoolTimeTests
{
    [Theory]
    [InlineData("Asia/Jakarta", 7, "WIB")]
    [InlineData("Asia/Pontianak", 7, "WIB")]
    [InlineData("Asia/Makassar", 8, "WITA")]
    [InlineData("Asia/Jayapura", 9, "WIT")]
    [InlineData("Asia/Kuala_Lumpur", 8, "UTC+8")]
    [InlineData("Asia/Kolkata", 5.5, "UTC+5:30")]
    public void each_of_indonesias_zones_goes_by_its_own_name_and_a_school_abroad_by_its_offset(string id, double hours, string name)
    {
        var (zone, called) = SchoolTime.Find(id);
        zone.BaseUtcOffset.ShouldBe(TimeSpan.FromHours(hours));
        called.ShouldBe(name);
    }

    [Fact]
    public void a_zone_the_server_does_not_know_stops_the_start_and_names_the_three_it_could_be()
    {
        var refused = Should.Throw<TimeZoneNotFoundException>(() => SchoolTime.Find("Asia/Makasar"));
        refused.Message.ShouldContain("'Asia/Makasar'");
        refused.Message.ShouldContain("Asia/Makassar (WITA)");
    }

    /// <summary>Two changes of one minute in a dispute: a history tells them apart by the second, in the school's zone.</summary>
    [Fact]
    public void a_change_is_timed_to_the_second_in_the_schools_zone()
    {
        var at = new DateTimeOffset(2026, 11, 29, 15, 5, 13, TimeSpan.Zero);
        SchoolTime.FormatToTheSecond(at).ShouldBe("29 Nov 2026, 22.05.13 WIB");
        SchoolTime.FormatToTheSecond(at.AddSeconds(1)).ShouldNotBe(SchoolTime.FormatToTheSecond(at));
        SchoolTime.FormatToTheSecond(at).ShouldStartWith(SchoolTime.Format(at)[..^" WIB".Length], Case.Sensitive, "the minute as every other page writes it");
    }
}
