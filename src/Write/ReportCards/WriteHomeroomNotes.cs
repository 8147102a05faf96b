using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.ReportCards;

/// <summary>The kokurikuler description and the catatan wali kelas of one or more students. A null text is
/// left as it is; an empty one clears it.</summary>
public sealed record HomeroomNoteEntry(Guid StudentId, string? Kokurikuler, string? HomeroomNote);

public sealed record WriteHomeroomNotes(Guid CommandId, Guid ClassId, IReadOnlyList<HomeroomNoteEntry> Entries, Actor By, EntrySource Source);

public static class WriteHomeroomNotesHandler
{
    public static MultiDecision Decide(HomeroomState s, WriteHomeroomNotes c)
    {
        if (HomeroomRules.GuardEntries(s, c.Entries, e => e.StudentId, new DomainError("notes.empty", "Tidak ada catatan yang dikirim.")) is { } refused)
            return refused;

        var errors = new List<DomainError>();
        var streams = new List<StreamEvents>();
        foreach (var e in c.Entries)
        {
            var card = s.Card(e.StudentId);
            var events = new List<object>();
            void Write(string? typed, string field, string label, string current, Func<string, object> written)
            {
                if (typed is null)
                    return;
                var (text, error) = HomeroomRules.FreeText(typed, field, label, e.StudentId);
                if (error is not null)
                    errors.Add(error);
                else if (text != current)
                    events.Add(written(text));
            }
            Write(e.Kokurikuler, "kokurikuler", "Deskripsi kokurikuler", card?.Kokurikuler ?? "", text => new KokurikulerWritten(text));
            Write(e.HomeroomNote, "homeroomNote", "Catatan wali kelas", card?.HomeroomNote ?? "", text => new HomeroomNoteWritten(text));
            if (events.Count > 0)
                streams.Add(HomeroomRules.Events(s, e.StudentId, events));
        }
        return errors.Count > 0 ? MultiDecision.Reject(OutcomeStatus.Invalid, errors) : MultiDecision.Append(streams.Sum(x => x.Events.Count), streams);
    }

    public static Task<CommandOutcome> Handle(WriteHomeroomNotes c, IDocumentSession session, CancellationToken ct) =>
        HomeroomRules.Execute(session, c.CommandId, c.By, c.Source, c.ClassId, (c.Entries ?? []).Where(e => e is not null).Select(e => e.StudentId),
            s => Decide(s, c), ct);
}
