using ERaport.Write.Common;
using ERaport.Write.Grading;

namespace ERaport.Tests.Integration;

/// <summary>The daemon is woken in-process when events are committed (no PostgreSQL NOTIFY).</summary>
public sealed class AppendWakeupTests(EventStoreOnly events) : IClassFixture<EventStoreOnly>
{
    [Fact]
    public async Task a_commit_with_events_wakes_the_daemon_and_one_without_does_not()
    {
        await using (var session = events.Store.LightweightSession())
        {
            session.Store(new CommandReceipt { Id = Guid.NewGuid() });
            await session.SaveChangesAsync();
        }
        events.Wakeup.Pending.ShouldBeFalse();

        await using (var session = events.Store.LightweightSession())
        {
            session.Events.StartStream(StreamKeys.Gradebook("sch1", Guid.NewGuid()), new ScoresRecorded([new RecordedScore(Guid.NewGuid(), "tp1", 80)]));
            await session.SaveChangesAsync();
        }
        events.Wakeup.Pending.ShouldBeTrue();

        await events.Wakeup.WaitAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        events.Wakeup.Pending.ShouldBeFalse();
    }
}
