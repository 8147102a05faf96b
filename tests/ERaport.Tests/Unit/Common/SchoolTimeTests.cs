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
}
