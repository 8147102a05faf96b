using System.Diagnostics;
using Marten;
using Microsoft.Extensions.Logging;

namespace ERaport.Read.ReadModel;

public enum RebuildState
{
    Idle,
    Running,
    Succeeded,
    Failed,
}

/// <summary>Where a running rebuild is: the applying is what the progress counts; building the new file's indexes
/// takes about a third as long again, with the count at 100 %; the swap takes a moment.</summary>
public enum RebuildStage
{
    Applying,
    BuildingIndexes,
    Swapping,
}

/// <summary>What the admin sees of a rebuild. Progress is counted in event sequence numbers.</summary>
public sealed record RebuildProgress(
    RebuildState State, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, long Done, long Total,
    double EventsPerSecond, TimeSpan? TimeLeft, string? Error, long? FailedSequence, string? FailedEventType)
{
    public static readonly RebuildProgress Idle = new(RebuildState.Idle, null, null, 0, 0, 0, null, null, null, null);

    /// <summary>When every event up to the start of the indexing was applied and the indexes began.</summary>
    public DateTimeOffset? AppliedAt { get; init; }

    /// <summary>When the indexes were built and checked, and the swap began.</summary>
    public DateTimeOffset? IndexedAt { get; init; }

    public double Percent => Total == 0 ? (State == RebuildState.Succeeded ? 100 : 0) : Math.Min(100, 100.0 * Done / Total);

    public RebuildStage? Stage => State != RebuildState.Running ? null
        : IndexedAt is not null ? RebuildStage.Swapping
        : AppliedAt is not null ? RebuildStage.BuildingIndexes
        : RebuildStage.Applying;
}

/// <summary>Blue/green rebuild: a new SQLite file is filled from sequence 0 while the current one keeps
/// serving and stays current; once the new one has nearly caught up, it is brought to the live checkpoint
/// with writers held for a moment and swapped in. A failure deletes the new file and leaves the old one
/// serving, with the event and the error shown.</summary>
public sealed class ReadModelRebuild(ReadModelStore live, IDocumentStore store, RequestsInFlight requests, ILogger<ReadModelRebuild> logger)
{
    // Close enough to swap: the last stretch is applied while writers wait, so keep it short.
    private const long SwapDistance = 500;

    private readonly Lock _lock = new();
    private RebuildProgress _progress = RebuildProgress.Idle;
    private Task _running = Task.CompletedTask;

    public RebuildProgress Progress
    {
        get { lock (_lock) return _progress; }
    }

    /// <summary>The running rebuild, for callers that want to wait for it.</summary>
    public Task Running
    {
        get { lock (_lock) return _running; }
    }

    /// <summary>Starts a rebuild unless one is running; false when one already is. With
    /// <paramref name="swap"/> off (the command line, where nothing serves) the new file is only published,
    /// and the running app adopts it.</summary>
    public bool TryStart(bool swap = true)
    {
        lock (_lock)
        {
            if (_progress.State == RebuildState.Running)
                return false;
            _progress = RebuildProgress.Idle with { State = RebuildState.Running, StartedAt = DateTimeOffset.UtcNow };
            _running = Task.Run(() => RunAsync(swap));
            return true;
        }
    }

    private async Task RunAsync(bool swap)
    {
        var target = live.CreateSibling();
        var clock = Stopwatch.StartNew();
        try
        {
            await target.InitializeAsync();
            await using var session = store.QuerySession();
            logger.LogInformation("Rebuilding the read model into {Path}", target.Path);
            var pace = requests.Pace();
            while (true)
            {
                var total = await ReadModelCatchUp.DeliveredAsync(store, CancellationToken.None);
                Report(await target.CheckpointAsync(), total, clock.Elapsed);
                if (total - await target.CheckpointAsync() <= SwapDistance)
                    break;
                await ReadModelCatchUp.RunAsync(session, target, total, CancellationToken.None, onPage: done => Report(done, total, clock.Elapsed), pace: pace);
            }
            var applied = clock.Elapsed;
            Mark(p => p with { AppliedAt = DateTimeOffset.UtcNow, TimeLeft = null });
            target.Seal();
            Mark(p => p with { IndexedAt = DateTimeOffset.UtcNow });
            logger.LogInformation("Read model events applied in {Applied:N1} s ({GaveWay:N1} s of it giving way to requests), indexes built and checked in {Sealed:N1} s",
                applied.TotalSeconds, pace.GaveWay.TotalSeconds, (clock.Elapsed - applied).TotalSeconds);
            // What came in while the indexes were built (seconds of a busy school's saves) is applied before writers are held
            // for the swap, which then waits only for the last few events.
            await ReadModelCatchUp.RunAsync(session, target, await ReadModelCatchUp.DeliveredAsync(store, CancellationToken.None), CancellationToken.None);
            if (swap)
            {
                var before = await target.CheckpointAsync();
                var swapping = Stopwatch.StartNew();
                await live.SwapAsync(target, (replacement, until) => ReadModelCatchUp.RunAsync(session, replacement, until, CancellationToken.None),
                    CancellationToken.None);
                // How long everyone's saves waited to reach the read model: what a rebuild costs the people working.
                logger.LogInformation("Read model swapped in {Milliseconds:N0} ms with writers held, {Events} events applied meanwhile",
                    swapping.Elapsed.TotalMilliseconds, await target.CheckpointAsync() - before);
            }
            else
                live.Publish(target);
            var done = await target.CheckpointAsync();
            Mark(p => p with { State = RebuildState.Succeeded, FinishedAt = DateTimeOffset.UtcNow, Done = done, Total = done, TimeLeft = TimeSpan.Zero });
            logger.LogInformation("Read model rebuilt: {Events} events in {Seconds:N1} s, now serving {Path}", done, clock.Elapsed.TotalSeconds, target.Path);
        }
        catch (Exception error)
        {
            target.Discard();
            var failed = error as ProjectionFailedException;
            Mark(p => p with
            {
                State = RebuildState.Failed, FinishedAt = DateTimeOffset.UtcNow, Error = error.Message, TimeLeft = null,
                FailedSequence = failed?.Sequence, FailedEventType = failed?.EventType,
            });
            logger.LogError(error, "Read model rebuild failed; the current read model keeps serving");
        }
    }

    private void Mark(Func<RebuildProgress, RebuildProgress> change)
    {
        lock (_lock)
            _progress = change(_progress);
    }

    private void Report(long done, long total, TimeSpan elapsed)
    {
        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        Mark(p => p with
        {
            Done = done, Total = Math.Max(total, done), EventsPerSecond = rate,
            TimeLeft = rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, total - done) / rate) : null,
        });
    }
}
