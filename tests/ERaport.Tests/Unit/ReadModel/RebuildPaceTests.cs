using ERaport.Read.ReadModel;

namespace ERaport.Tests.Unit.ReadModel;

public sealed class RebuildPaceTests
{
    private TimeSpan _elapsed = TimeSpan.FromSeconds(10);
    private readonly RequestsInFlight _requests = new();

    private RebuildPace Pace() => new(_requests, () => _elapsed);

    [Fact]
    public void a_rebuild_goes_straight_on_while_nobody_is_being_served()
    {
        Pace().GiveWayAsync().IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task a_rebuild_waits_while_a_request_is_served_and_goes_on_once_it_is_answered()
    {
        var pace = Pace();
        _requests.Enter();

        var waiting = pace.GiveWayAsync().AsTask();
        await Task.Delay(20);
        waiting.IsCompleted.ShouldBeFalse();

        _requests.Exit();
        await waiting;
        _requests.Any.ShouldBeFalse();
    }

    [Fact]
    public async Task a_rebuild_under_constant_load_gives_way_for_at_most_half_of_its_time()
    {
        var pace = Pace();
        _requests.Enter();

        var waiting = pace.GiveWayAsync().AsTask();
        _elapsed = TimeSpan.FromSeconds(30); // 20 s of waiting after 10 s of work: half of the 30 s
        await waiting;

        pace.GaveWay.ShouldBe(TimeSpan.FromSeconds(20));
        pace.GiveWayAsync().IsCompleted.ShouldBeTrue("no time left to give");
    }
}
