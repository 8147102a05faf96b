using System.Diagnostics.Metrics;
using JasperFx.Events.Daemon;
using Marten;

namespace ERaport.Read.ReadModel;

public sealed record DeadLetter(long Sequence, string Error, string ExceptionType, DateTimeOffset At);

/// <summary>The read model against the event store: how far behind, how fast, what failed (<see cref="WriteFailure"/>:
/// why the last page could not be written, while that lasts).</summary>
public sealed record ReadModelStatus(
    string Name, string Path, long Checkpoint, long HighWaterMark, long LagEvents, TimeSpan Lag, double EventsPerSecond,
    IReadOnlyList<DeadLetter> DeadLetters, RebuildProgress Rebuild, WriteFailure? WriteFailure = null)
{
    public bool IsHealthy(ReadModelThresholds limits) =>
        LagEvents <= limits.MaxLagEvents && Lag <= limits.MaxLag && DeadLetters.Count == 0 && Rebuild.State != RebuildState.Failed
        && WriteFailure is null;
}

/// <summary>When the read model counts as unhealthy.</summary>
public sealed record ReadModelThresholds(long MaxLagEvents, TimeSpan MaxLag)
{
    public static readonly ReadModelThresholds Default = new(10_000, TimeSpan.FromSeconds(60));
}

/// <summary>Computes <see cref="ReadModelStatus"/> and publishes it as metrics (meter "ERaport.ReadModel").</summary>
public sealed class ReadModelMonitor
{
    public const string MeterName = "ERaport.ReadModel";

    private readonly ReadModelStore _readModel;
    private readonly ReadModelPosition _position;
    private readonly ReadModelRebuild _rebuild;
    private readonly IDocumentStore _store;
    private long _highWaterMark;

    public ReadModelMonitor(ReadModelStore readModel, ReadModelPosition position, ReadModelRebuild rebuild, IDocumentStore store, IMeterFactory meters)
    {
        (_readModel, _position, _rebuild, _store) = (readModel, position, rebuild, store);
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("eraport_read_model_checkpoint", () => _position.Current, description: "Last event sequence applied to the read model");
        meter.CreateObservableGauge("eraport_read_model_lag_events", () => Math.Max(0, Volatile.Read(ref _highWaterMark) - _position.Current),
            description: "Events committed but not yet in the read model (as of the last status check)");
        meter.CreateObservableGauge("eraport_read_model_events_per_second", () => _position.EventsPerSecond, description: "Events applied per second, last minute");
        meter.CreateObservableGauge("eraport_read_model_rebuild_done", () => _rebuild.Progress.Done, description: "Events done by the running or last rebuild");
    }

    /// <summary>The sequence of the last event committed to the store (its high-water mark).</summary>
    public async Task<long> LastCommittedAsync(CancellationToken ct)
    {
        await using var session = _store.QuerySession();
        return await LastCommittedAsync(session, ct);
    }

    private static Task<long> LastCommittedAsync(IQuerySession session, CancellationToken ct) =>
        session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(ct);

    public async Task<ReadModelStatus> StatusAsync(CancellationToken ct)
    {
        await using var session = _store.QuerySession();
        var highWaterMark = await LastCommittedAsync(session, ct);
        Volatile.Write(ref _highWaterMark, highWaterMark);
        var checkpoint = await _readModel.CheckpointAsync(ct);
        var oldestPending = await session.Events.QueryAllRawEvents().Where(e => e.Sequence > checkpoint)
            .OrderBy(e => e.Sequence).Select(e => e.Timestamp).FirstOrDefaultAsync(ct);
        var deadLetters = await session.Query<DeadLetterEvent>().OrderByDescending(d => d.EventSequence).Take(50).ToListAsync(ct);
        return new ReadModelStatus(ReadModelSubscription.SubscriptionName, _readModel.Path, checkpoint, highWaterMark,
            Math.Max(0, highWaterMark - checkpoint),
            oldestPending == default ? TimeSpan.Zero : DateTimeOffset.UtcNow - oldestPending,
            _position.EventsPerSecond,
            deadLetters.Select(d => new DeadLetter(d.EventSequence, d.ExceptionMessage, d.ExceptionType, d.Timestamp)).ToList(),
            _rebuild.Progress, _position.Failure);
    }
}
