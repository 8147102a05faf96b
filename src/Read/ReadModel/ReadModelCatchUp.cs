using JasperFx.Events;
using Marten;

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
        Func<IEvent, Exception, Task>? onPoisonEvent = null, Action<long>? onPage = null, int pageSize = PageSize)
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
                checkpoint = await store.ApplyAsync(events, ceiling, ct, onPoisonEvent);
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

    /// <summary>Fills an empty read model up to <paramref name="until"/> reading the event store stream by stream, and
    /// sets the checkpoint there: a rebuild's first pass. Each page holds whole streams (or a part of one long stream), so
    /// the rows a stream rewrites again and again (a gradebook's scores and results) are written once per page instead of
    /// once per event (<see cref="ReadModelStore.FillAsync"/>). Returns the number of events applied.</summary>
    public static async Task<long> FillAsync(IQuerySession session, ReadModelStore store, long until, CancellationToken ct,
        Action<long>? onPage = null, int pageSize = PageSize)
    {
        var streams = await StreamsAsync(session, ct);
        var page = StreamPage.After(null, [], streams, pageSize);
        var next = page is null ? null : ReadPageAsync(session, page, streams, until, pageSize, ct);
        long done = 0;
        while (next is not null)
        {
            var events = await next;
            page = StreamPage.After(page, events, streams, pageSize);
            next = page is null ? null : ReadPageAsync(session, page, streams, until, pageSize, ct);
            try
            {
                await store.FillAsync(events, ct);
            }
            catch when (next is not null)
            {
                await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                throw;
            }
            done += events.Count;
            onPage?.Invoke(done);
        }
        await store.ApplyAsync([], until, ct);
        return done;
    }

    /// <summary>Every stream's key and version, in key order.</summary>
    private static async Task<IReadOnlyList<(string Key, long Version)>> StreamsAsync(IQuerySession session, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var rows = await session.QueryAsync<string>($"select version || ' ' || id from {schema}.mt_streams order by id", ct);
        return [.. rows.Select(row => row.Split(' ', 2)).Select(parts => (parts[1], long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture)))];
    }

    /// <summary>Streams <see cref="First"/> to <see cref="First"/> + <see cref="Count"/> - 1 (in key order); a single stream
    /// longer than a page is read a page at a time, after <see cref="AfterVersion"/>.</summary>
    private sealed record StreamPage(int First, int Count, long AfterVersion)
    {
        /// <summary>The page after <paramref name="page"/> (null: the first), given the events it held; null when all streams are read.</summary>
        public static StreamPage? After(StreamPage? page, IReadOnlyList<IEvent> events, IReadOnlyList<(string Key, long Version)> streams, int pageSize)
        {
            if (page is { Count: 1 } && events.Count == pageSize)
                return page with { AfterVersion = events[^1].Version };
            var first = page is null ? 0 : page.First + page.Count;
            if (first >= streams.Count)
                return null;
            var (count, size) = (1, streams[first].Version);
            while (first + count < streams.Count && size + streams[first + count].Version <= pageSize)
                size += streams[first + count++].Version;
            return new StreamPage(first, count, 0);
        }
    }

    private static async Task<IReadOnlyList<IEvent>> ReadPageAsync(IQuerySession session, StreamPage page,
        IReadOnlyList<(string Key, long Version)> streams, long until, int pageSize, CancellationToken ct)
    {
        if (page.Count == 1)
        {
            var key = streams[page.First].Key;
            return await session.Events.QueryAllRawEvents()
                .Where(e => e.StreamKey == key && e.Version > page.AfterVersion && e.Sequence <= until)
                .OrderBy(e => e.Version)
                .Take(pageSize)
                .ToListAsync(ct);
        }
        var keys = streams.Skip(page.First).Take(page.Count).Select(s => s.Key).ToArray();
        return await session.Events.QueryAllRawEvents()
            .Where(e => keys.Contains(e.StreamKey) && e.Sequence <= until)
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
    }

    private static async Task<IReadOnlyList<IEvent>> ReadPageAsync(IQuerySession session, long after, long until, int pageSize,
        CancellationToken ct) =>
        await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > after && e.Sequence <= until)
            .OrderBy(e => e.Sequence)
            .Take(pageSize)
            .ToListAsync(ct);

    /// <summary>How far the daemon has delivered events to the read-model subscription.</summary>
    public static async Task<long> DeliveredAsync(IDocumentStore store, CancellationToken ct)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        return progress.FirstOrDefault(p => p.ShardName.StartsWith(ReadModelSubscription.SubscriptionName + ":"))?.Sequence ?? 0;
    }
}
