using ERaport.Read.ReadModel;

namespace ERaport.Tests.Unit.ReadModel;

public class ReadModelPositionTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task waiting_for_a_sequence_already_reached_is_true_at_once()
    {
        var position = new ReadModelPosition();
        position.Advance(5);

        var wait = position.WaitForAsync(5, Long);

        wait.IsCompleted.ShouldBeTrue();
        (await wait).ShouldBeTrue();
        (await position.WaitForAsync(3, Long)).ShouldBeTrue();
    }

    [Fact]
    public async Task waiting_for_nothing_is_true_on_a_fresh_position()
    {
        (await new ReadModelPosition().WaitForAsync(0, Short)).ShouldBeTrue();
    }

    [Fact]
    public async Task a_wait_ends_true_when_the_position_advances_to_the_sequence_meanwhile()
    {
        var position = new ReadModelPosition();
        var wait = position.WaitForAsync(7, Long);
        wait.IsCompleted.ShouldBeFalse();

        position.Advance(7);

        (await wait).ShouldBeTrue();
    }

    [Fact]
    public async Task a_wait_ends_true_only_once_the_sequence_itself_is_reached()
    {
        var position = new ReadModelPosition();
        var wait = position.WaitForAsync(7, Long);

        position.Advance(3);
        await Task.Delay(20);
        wait.IsCompleted.ShouldBeFalse();

        position.Advance(9);
        (await wait).ShouldBeTrue();
    }

    [Fact]
    public async Task a_wait_ends_false_after_the_timeout_when_the_position_never_gets_there()
    {
        var position = new ReadModelPosition();
        position.Advance(2);

        (await position.WaitForAsync(3, Short)).ShouldBeFalse();
    }

    [Fact]
    public async Task a_wait_cancelled_by_its_caller_throws()
    {
        using var cts = new CancellationTokenSource();
        var wait = new ReadModelPosition().WaitForAsync(1, Long, cts.Token);

        await cts.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(wait);
    }

    [Fact]
    public void the_position_never_goes_backwards()
    {
        var position = new ReadModelPosition();

        position.Advance(10);
        position.Advance(4);
        position.Advance(10);

        position.Current.ShouldBe(10);
    }

    [Fact]
    public async Task many_waiters_are_all_released_by_one_advance()
    {
        var position = new ReadModelPosition();
        var waits = Enumerable.Range(1, 20).Select(i => position.WaitForAsync(i, Long)).ToArray();

        position.Advance(20);

        (await Task.WhenAll(waits)).ShouldAllBe(reached => reached);
    }
}
