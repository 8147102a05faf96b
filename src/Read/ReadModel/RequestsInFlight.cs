using System.Diagnostics;

namespace ERaport.Read.ReadModel;

/// <summary>The requests being served right now, which a rebuild gives way to. A rebuild is CPU-bound on both cores of a
/// small server: while it applied events, a teacher's correction took twice as long at the median and three times at the
/// 99th percentile (docs/benchmarks.md).</summary>
public sealed class RequestsInFlight
{
    private int _count;

    public bool Any => Volatile.Read(ref _count) > 0;

    public void Enter() => Interlocked.Increment(ref _count);

    public void Exit() => Interlocked.Decrement(ref _count);

    /// <summary>A pace for one rebuild: <see cref="RebuildPace.GiveWayAsync"/> waits while requests are served, but never
    /// for more than half of the rebuild's time so far, so that a rebuild under constant load still finishes.</summary>
    public RebuildPace Pace() => new(this);
}

public sealed class RebuildPace
{
    private readonly RequestsInFlight _requests;
    private readonly Func<TimeSpan> _elapsed;

    /// <param name="elapsed">The rebuild's time so far; a stopwatch started now unless given.</param>
    public RebuildPace(RequestsInFlight requests, Func<TimeSpan>? elapsed = null)
    {
        _requests = requests;
        if (elapsed is null)
        {
            var clock = Stopwatch.StartNew();
            elapsed = () => clock.Elapsed;
        }
        _elapsed = elapsed;
    }

    /// <summary>How long the rebuild has waited for requests so far.</summary>
    public TimeSpan GaveWay { get; private set; }

    public ValueTask GiveWayAsync() => _requests.Any && MayWait(TimeSpan.Zero) ? new ValueTask(WaitAsync()) : ValueTask.CompletedTask;

    private bool MayWait(TimeSpan waiting) => 2 * (GaveWay + waiting) < _elapsed();

    private async Task WaitAsync()
    {
        var from = _elapsed();
        // A millisecond at a time: a request lasts a few, and a timer is the cheapest thing to wake on.
        while (_requests.Any && MayWait(_elapsed() - from))
            await Task.Delay(1);
        GaveWay += _elapsed() - from;
    }
}
