using ERaport.Read.ReadModel;
using ERaport.Web.Hosting;

namespace ERaport.Tests.Unit.ReadModel;

public sealed class ReadModelWarmUpTests
{
    [Fact]
    public void a_gap_caught_up_in_a_blink_holds_no_page_back_and_a_long_one_does_until_reached()
    {
        var position = new ReadModelPosition();
        position.Advance(500);
        var warmUp = new ReadModelWarmUp(position);

        warmUp.Begin(500, 500 + ReadModelWarmUp.Threshold - 1);
        warmUp.Preparing.ShouldBeFalse();

        warmUp.Begin(500, 4_500);
        warmUp.Preparing.ShouldBeTrue();
        warmUp.Percent.ShouldBe(11);
        position.Advance(4_499);
        warmUp.Percent.ShouldBe(99, "never 100 while still held back");
        position.Advance(4_500);
        warmUp.Preparing.ShouldBeFalse("reached: served even before the start says it is done");

        warmUp.End();
        warmUp.Preparing.ShouldBeFalse();
        warmUp.Percent.ShouldBe(100);
    }
}
