using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.ReportCards;

/// <summary>The kokurikuler description and the catatan wali kelas of one or more students. A null text is
/// left as it is; an empty one clears it. <see cref="SeenKokurikuler"/> and <see cref="SeenHomeroomNote"/> are
/// the texts the sender last saw (null: empty, as for a missing seen score): a text changed since is a conflict,
/// never overwritten.</summary>
public sealed record HomeroomNoteEntry(
    Guid StudentId, string? Kokurikuler, string? HomeroomNote, string? SeenKokurikuler = null, string? SeenHomeroomNote = null);

public sealed record WriteHomeroomNotes(Guid CommandId, Guid ClassId, IReadOnlyList<HomeroomNoteEntry> Entries, Actor By, EntrySource Source) : ICommand;

public static class WriteHomeroomNotesHandler
{
    public static MultiDecision Decide(HomeroomState s, WriteHomeroomNotes c)
    {
        if (HomeroomRules.GuardEntries(s, c.Entries, e => e.StudentId, new DomainError("notes.empty", "Tidak ada catatan yang dikirim.")) is { } refused)
            return refused;

        var errors = new List<DomainError>();
        var stale = new List<DomainError>();
        var streams = new List<StreamEvents>();
        foreach (var e in c.Entries)
        {
            var card = s.Card(e.StudentId);
            var events = new List<object>();
            void Write(string? typed, string? seen, string field, string label, string current, ChangeStamp? changed, Func<string, string, object> written)
            {
                if (typed is null)
                    return;
                var (text, error) = HomeroomRules.FreeText(typed, field, label, e.StudentId);
                if (error is not null)
                    errors.Add(error);
                else if (text == current)
                    return;
                else if (HomeroomRules.AsStored(seen) != current)
                    stale.Add(HomeroomRules.Stale(HomeroomRules.NotesStale, label, e.StudentId, field, HomeroomRules.AsStored(seen), current, Quoted, changed));
                else
                    events.Add(written(text, current));
            }
            Write(e.Kokurikuler, e.SeenKokurikuler, "kokurikuler", HomeroomParts.Labels.Kokurikuler, card?.Kokurikuler ?? "", card?.KokurikulerChanged, (text, before) => new KokurikulerWritten(text, before));
            Write(e.HomeroomNote, e.SeenHomeroomNote, "homeroomNote", HomeroomParts.Labels.HomeroomNote, card?.HomeroomNote ?? "", card?.HomeroomNoteChanged, (text, before) => new HomeroomNoteWritten(text, before));
            if (events.Count > 0)
                streams.Add(HomeroomRules.Events(s, e.StudentId, events));
        }
        return HomeroomRules.Outcome(errors, stale, streams.Sum(x => x.Events.Count), streams);
    }

    /// <summary>A text in a message: the start of a long one is enough to recognise it (the whole is in the details).</summary>
    private static string Quoted(string text) => text.Length == 0 ? "kosong" : text.Length > 80 ? $"\"{text[..80]}…\"" : $"\"{text}\"";

    public static Task<CommandOutcome> Handle(WriteHomeroomNotes c, IDocumentSession session, CancellationToken ct) =>
        HomeroomRules.Execute(session, c, c.ClassId, (c.Entries ?? []).Where(e => e is not null).Select(e => e.StudentId),
            s => Decide(s, c), ct);
}
