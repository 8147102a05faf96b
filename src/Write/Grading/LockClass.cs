using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using JasperFx.Events;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>The wali kelas (or an admin) locks the class's grades for the term (kunci nilai): every gradebook
/// of the class gets <see cref="GradebookLocked"/> and every enrolled student's report card
/// <see cref="ReportCardLocked"/>, in one transaction. After that a score changes only by a
/// correction request the principal approves.</summary>
public sealed record LockClass(Guid CommandId, Guid ClassId, Actor By, EntrySource Source) : ICommand;

/// <summary><see cref="AtOpening"/>: not a lock of the class but a gradebook opened while its class was locked, which
/// starts locked with the others (events stored before it existed read as false); <see cref="LockedBy"/> (user name) and
/// <see cref="LockedAt"/> then name the class's lock, as the event's own sender is the one who opened the gradebook
/// (null in events stored before they existed, and in a lock of the class, which is its sender's).</summary>
public sealed record GradebookLocked(Guid TermId, Guid ClassId, bool AtOpening = false, string? LockedBy = null, DateTimeOffset? LockedAt = null)
{
    /// <summary>Who locked the class and when, <paramref name="e"/> being this event as stored.</summary>
    public ChangeStamp Lock(IEvent e) => new(LockedBy ?? e.UserName ?? "", LockedAt ?? e.Timestamp);
}

public static class LockClassHandler
{
    public static MultiDecision Decide(ClassLockState s, LockClass c)
    {
        if (s.Class is not { } schoolClass)
            return MultiDecision.Reject(OutcomeStatus.NotFound, ClassLock.ClassNotFound);
        if (!ClassLock.MayLock(s.By, schoolClass))
            return MultiDecision.Reject(OutcomeStatus.Forbidden, ClassLock.NotAllowed);
        if (s.Gradebooks.Count == 0)
            return MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("lock.no_gradebooks", "Kelas ini belum punya buku nilai untuk dikunci."));
        var streams = ClassLock.Events(s, g => !g.Locked, new GradebookLocked(schoolClass.TermId, schoolClass.ClassId),
            card => card?.Locked != true, new ReportCardLocked(schoolClass.TermId, schoolClass.ClassId));
        if (streams.Count == 0)
            return MultiDecision.Reject(OutcomeStatus.Conflict, new DomainError("lock.already_locked", "Nilai kelas ini sudah dikunci."));
        return MultiDecision.Append(streams.Count, streams);
    }

    public static Task<CommandOutcome> Handle(LockClass c, IDocumentSession session, CancellationToken ct) =>
        ClassLock.ExecuteAsync(session, c, c.ClassId, "lock", s => Decide(s, c), ct);
}
