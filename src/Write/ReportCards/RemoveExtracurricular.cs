using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.ReportCards;

/// <summary>Removes an extracurricular line from a student's report card. Like a revision it carries the line as the
/// sender saw it (<see cref="Seen"/>; null: nothing seen, so it conflicts with the line there): a line changed since is
/// a conflict (<c>extracurricular.stale</c>), never removed unseen.</summary>
public sealed record RemoveExtracurricular(
    Guid CommandId, Guid ClassId, Guid StudentId, Guid EntryId, Actor By, EntrySource Source, ExtracurricularSeen? Seen = null) : ICommand;

public static class RemoveExtracurricularHandler
{
    public static MultiDecision Decide(HomeroomState s, RemoveExtracurricular c)
    {
        if (HomeroomRules.Guard(s, [c.StudentId]) is { } refused)
            return refused;
        var card = s.Card(c.StudentId);
        if (card?.FindExtracurricular(c.EntryId) is not { } entry)
            return MultiDecision.Reject(OutcomeStatus.NotFound,
                new DomainError("extracurricular.not_found", "Kegiatan ekstrakurikuler ini tidak ditemukan (mungkin sudah dihapus)."));
        return SaveExtracurricularHandler.Stale(entry, c.Seen, c.StudentId, card.ExtracurricularsChanged.GetValueOrDefault(entry.EntryId))
            ?? MultiDecision.Append(1, [HomeroomRules.Events(s, c.StudentId, [new ExtracurricularRemoved(c.EntryId, entry.Activity)])]);
    }

    public static Task<CommandOutcome> Handle(RemoveExtracurricular c, IDocumentSession session, CancellationToken ct) =>
        HomeroomRules.Execute(session, c, c.ClassId, [c.StudentId], s => Decide(s, c), ct);
}
