using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.ReportCards;

public sealed record RemoveExtracurricular(Guid CommandId, Guid ClassId, Guid StudentId, Guid EntryId, Actor By, EntrySource Source);

public static class RemoveExtracurricularHandler
{
    public static MultiDecision Decide(HomeroomState s, RemoveExtracurricular c)
    {
        if (HomeroomRules.Guard(s, [c.StudentId]) is { } refused)
            return refused;
        return s.Card(c.StudentId)?.FindExtracurricular(c.EntryId) is not { } entry
            ? MultiDecision.Reject(OutcomeStatus.NotFound, new DomainError("extracurricular.not_found", "Kegiatan ekstrakurikuler ini tidak ditemukan (mungkin sudah dihapus)."))
            : MultiDecision.Append(1, [HomeroomRules.Events(s, c.StudentId, [new ExtracurricularRemoved(c.EntryId, entry.Activity)])]);
    }

    public static Task<CommandOutcome> Handle(RemoveExtracurricular c, IDocumentSession session, CancellationToken ct) =>
        HomeroomRules.Execute(session, c.CommandId, c.By, c.Source, c.ClassId, [c.StudentId], s => Decide(s, c), ct);
}
