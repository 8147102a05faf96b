using JasperFx.Events;
using Marten;

namespace ERaport.Read.ReadModel;

/// <summary>Brings a read-model file up to a sequence the daemon has already passed, reading the event
/// store directly: after the file was deleted or restored, and for a rebuild from sequence 0.</summary>
public static class ReadModelCatchUp
{
    public const int PageSize = 2000;

    public static async Task<long> RunAsync(IQuerySession session, ReadModelStore store, long until, CancellationToken ct,
        Func<IEvent, Exception, Task>? onPoisonEvent = null, Action<long>? onPage = null)
    {
        var checkpoint = await store.CheckpointAsync(ct);
        while (checkpoint < until)
        {
            var from = checkpoint;
            IReadOnlyList<IEvent> events = await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > from && e.Sequence <= until)
                .OrderBy(e => e.Sequence)
                .Take(PageSize)
                .ToListAsync(ct);
            var ceiling = events.Count < PageSize ? until : events[^1].Sequence;
            checkpoint = await store.ApplyAsync(events, ceiling, ct, onPoisonEvent);
            onPage?.Invoke(checkpoint);
        }
        return checkpoint;
    }

    /// <summary>How far the daemon has delivered events to the read-model subscription.</summary>
    public static async Task<long> DeliveredAsync(IDocumentStore store, CancellationToken ct)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        return progress.FirstOrDefault(p => p.ShardName.StartsWith(ReadModelSubscription.SubscriptionName + ":"))?.Sequence ?? 0;
    }
}
