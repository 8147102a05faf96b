using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>The principal opens a locked class's grades again, with a reason: every locked gradebook of the
/// class gets <see cref="GradebookUnlocked"/> and every locked report card <see cref="ReportCardUnlocked"/>, in
/// one transaction, and its teacher can edit again.</summary>
public sealed record UnlockClass(Guid CommandId, Guid ClassId, string? Reason, Actor By, EntrySource Source) : ICommand;

public sealed record GradebookUnlocked(Guid TermId, Guid ClassId, string Reason);

public static class UnlockClassHandler
{
    public static MultiDecision Decide(ClassLockState s, UnlockClass c)
    {
        if (s.Class is not { } schoolClass)
            return MultiDecision.Reject(OutcomeStatus.NotFound, ClassLock.ClassNotFound);
        if (!ClassLock.IsPrincipal(s.By, schoolClass.TermId))
            return MultiDecision.Reject(OutcomeStatus.Forbidden, ClassLock.PrincipalRequired);
        if (GradebookRules.Reason(c.Reason, "unlock", "membuka kunci") is { } noReason)
            return MultiDecision.Reject(OutcomeStatus.Invalid, noReason);
        var reason = c.Reason!.Trim();
        var streams = ClassLock.Events(s, g => g.Locked, new GradebookUnlocked(schoolClass.TermId, schoolClass.ClassId, reason),
            card => card?.Locked == true, new ReportCardUnlocked(schoolClass.TermId, schoolClass.ClassId, reason));
        if (streams.Count == 0)
            return MultiDecision.Reject(OutcomeStatus.Conflict, new DomainError("lock.not_locked", "Nilai kelas ini tidak sedang dikunci."));
        return MultiDecision.Append(streams.Count, streams);
    }

    public static Task<CommandOutcome> Handle(UnlockClass c, IDocumentSession session, CancellationToken ct) =>
        ClassLock.ExecuteAsync(session, c, c.ClassId, "unlock", s => Decide(s, c), ct);
}
