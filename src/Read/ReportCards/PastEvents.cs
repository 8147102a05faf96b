using JasperFx.Events;
using Marten;

namespace ERaport.Read.ReportCards;

/// <summary>A moment in the event store: the last event sequence at or before a time. The card "at" a time is
/// the card after every event up to that sequence, in the order the read model applies them.</summary>
public sealed record CardMoment(long Sequence, DateTimeOffset At);

/// <summary>Reads events as they stood at a moment, straight from the event store (Marten), never the read model.</summary>
public static class PastEvents
{
    /// <summary>The last sequence stored at or before <paramref name="at"/>; 0 before the first event.</summary>
    public static async Task<CardMoment> MomentAsync(IQuerySession session, DateTimeOffset at, CancellationToken ct)
    {
        var utc = at.ToUniversalTime(); // Npgsql takes only UTC for timestamptz; a WIB time (+07:00) would be refused
        var last = await session.Events.QueryAllRawEvents()
            .Where(e => e.Timestamp <= utc)
            .OrderByDescending(e => e.Sequence)
            .Take(1)
            .ToListAsync(ct);
        return new CardMoment(last.Count == 0 ? 0 : last[0].Sequence, at);
    }

    /// <summary>The moment of a sequence: the time of its event (or of the last one before it).</summary>
    public static async Task<CardMoment> MomentOfAsync(IQuerySession session, long sequence, CancellationToken ct)
    {
        var last = await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence <= sequence)
            .OrderByDescending(e => e.Sequence)
            .Take(1)
            .ToListAsync(ct);
        return last.Count == 0 ? new CardMoment(0, DateTimeOffset.MinValue) : new CardMoment(last[0].Sequence, last[0].Timestamp);
    }

    /// <summary>Every event of the given streams up to <paramref name="sequence"/>, in sequence order.</summary>
    public static async Task<IReadOnlyList<IEvent>> OfStreamsAsync(IQuerySession session, IReadOnlyCollection<string> streamKeys, long sequence,
        CancellationToken ct)
    {
        if (streamKeys.Count == 0)
            return [];
        var keys = streamKeys.Distinct().ToArray();
        return await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence <= sequence && e.StreamKey.IsOneOf(keys))
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
    }
}
