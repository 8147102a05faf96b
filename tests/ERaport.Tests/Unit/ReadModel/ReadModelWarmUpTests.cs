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

    [Theory]
    [InlineData(0, 5_000, true)]
    [InlineData(1_000, 5_000, true)]
    [InlineData(0, 999, false)]
    [InlineData(100_000, 101_500, false)]
    public void a_file_is_filled_like_a_rebuild_only_when_most_of_it_is_still_to_come(long checkpoint, long delivered, bool fills) =>
        ReadModelWarmUp.FillsLikeARebuild(checkpoint, delivered).ShouldBe(fills);

    [Fact]
    public void pages_wait_while_the_filled_model_builds_its_indexes()
    {
        var position = new ReadModelPosition();
        var warmUp = new ReadModelWarmUp(position);
        warmUp.Begin(0, 5_000);
        position.Advance(5_000);

        warmUp.Indexing();

        warmUp.Preparing.ShouldBeTrue();
        warmUp.Percent.ShouldBe(99);
        warmUp.End();
        warmUp.Preparing.ShouldBeFalse();
    }
}
