using ERaport.Write.Common;
using JasperFx.Events;

namespace ERaport.Tests.Unit;

/// <summary>Builds stored-event envelopes the way Marten hands them to aggregates and projectors.</summary>
internal static class TestEvents
{
    public const string SchoolId = "sch1";
    public static readonly DateTimeOffset At = new(2026, 8, 17, 9, 30, 0, TimeSpan.Zero);

    public static Event<T> Stored<T>(
        T data, string streamKey, string userName = "guru.a", long sequence = 1, DateTimeOffset? at = null,
        EntrySource? source = EntrySource.Form) where T : notnull
    {
        var e = new Event<T>(data) { StreamKey = streamKey, UserName = userName, Sequence = sequence, Timestamp = at ?? At };
        if (source is { } s)
            e.SetHeader(CommandPipeline.SourceHeader, s.ToString());
        return e;
    }
}
