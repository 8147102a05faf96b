using JasperFx.Events;
using Marten;
using Marten.Internal;
using Npgsql;
using Weasel.Storage;

namespace ERaport.Read.ReadModel;

/// <summary>Brings a read-model file up to a sequence the daemon has already passed, reading the event
/// store directly: after the file was deleted or restored, and for a rebuild from sequence 0.</summary>
public static class ReadModelCatchUp
{
    // Two pages are in memory at once (one applied, the next read). Whole-column results are ~12 kB of JSON each:
    // 5,000-event pages held ~140 MB of live events in a rebuild, 1,000 hold ~50 MB and ran no slower
    // (docs/benchmarks.md); smaller pages paid for their extra transactions.
    public const int PageSize = 1000;

    /// <summary>Applies pages in sequence order; the next page is read from PostgreSQL while SQLite applies
    /// the current one.</summary>
    public static async Task<long> RunAsync(IQuerySession session, ReadModelStore store, long until, CancellationToken ct,
        Func<IEvent, Exception, Task>? onPoisonEvent = null, Action<long>? onPage = null, int pageSize = PageSize, RebuildPace? pace = null)
    {
        var checkpoint = await store.CheckpointAsync(ct);
        if (checkpoint >= until)
            return checkpoint;
        var next = ReadPageAsync(session, checkpoint, until, pageSize, ct);
        while (true)
        {
            var events = await next;
            var last = events.Count < pageSize || events[^1].Sequence >= until;
            var ceiling = last ? until : events[^1].Sequence;
            next = last ? null : ReadPageAsync(session, ceiling, until, pageSize, ct);
            try
            {
                checkpoint = await store.ApplyAsync(events, ceiling, ct, onPoisonEvent, pace);
            }
            catch when (next is not null)
            {
                // The session must be idle before it is disposed or used again.
                await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                throw;
            }
            onPage?.Invoke(checkpoint);
            if (next is null)
                return checkpoint;
        }
    }

    /// <summary>One page of events, read by Marten's own event storage (its columns, type aliases, upcasters and
    /// metadata) but resolved row by row synchronously: the rows are buffered by Npgsql anyway, and LINQ's asynchronous
    /// resolving (a task per column and an asynchronous JSON reader per event) was about half of a rebuild's reading.</summary>
    private static async Task<IReadOnlyList<IEvent>> ReadPageAsync(IQuerySession session, long after, long until, int pageSize,
        CancellationToken ct)
    {
        var marten = (IMartenSession)session;
        var storage = marten.EventStorage();
        var command = new NpgsqlCommand(
            $"select {string.Join(", ", storage.SelectFields().Select(f => "d." + f))} from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events as d " +
            "where d.seq_id > $1 and d.seq_id <= $2 and d.is_archived = false order by d.seq_id limit $3")
        {
            Parameters = { new() { Value = after }, new() { Value = until }, new() { Value = pageSize } },
        };
        await using var reader = await marten.ExecuteReaderAsync(command, ct);
        var events = new List<IEvent>(pageSize);
        while (await reader.ReadAsync(ct))
            events.Add(((ISelector<IEvent>)storage).Resolve(reader));
        return events;
    }

    /// <summary>The highest sequence the event store has handed out (0 for a store without events yet, even one whose
    /// tables are not created). A read model past it holds events this store never had: it was restored or replaced.</summary>
    public static async Task<long> HandedOutAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var found = await session.QueryAsync<long>(
            "select coalesce((select last_value from pg_sequences where schemaname = ? and sequencename = 'mt_events_sequence'), 0)",
            ct, store.Options.Events.DatabaseSchemaName);
        return found.FirstOrDefault();
    }

    /// <summary>Whether the event store holds the event the read model applied last, under the same sequence: if not, the
    /// store was restored, replaced or is another server's, and the read model holds what this store never said.</summary>
    public static async Task<bool> HoldsAsync(IDocumentStore store, (long Sequence, Guid Id) applied, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var sequence = applied.Sequence;
        var id = await session.Events.QueryAllRawEvents().Where(e => e.Sequence == sequence).Select(e => e.Id).FirstOrDefaultAsync(ct);
        return id == applied.Id;
    }

    /// <summary>How far the daemon has delivered events to the read-model subscription.</summary>
    public static async Task<long> DeliveredAsync(IDocumentStore store, CancellationToken ct)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        return progress.FirstOrDefault(p => p.ShardName.StartsWith(ReadModelSubscription.SubscriptionName + ":"))?.Sequence ?? 0;
    }
}
