using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>The wali kelas (or an admin) locks the class's grades for the term (kunci nilai): every gradebook
/// of the class gets <see cref="GradebookLocked"/>, in one transaction. After that a score changes only by a
/// correction request the principal approves.</summary>
public sealed record LockClass(Guid CommandId, Guid ClassId, Actor By, EntrySource Source);

public sealed record GradebookLocked(Guid TermId, Guid ClassId);

public static class LockClassHandler
{
    public static MultiDecision Decide(Acting by, SchoolClass? schoolClass, IReadOnlyList<(string Key, Gradebook Gradebook)> gradebooks, LockClass c)
    {
        if (schoolClass is null)
            return MultiDecision.Reject(OutcomeStatus.NotFound, ClassLock.ClassNotFound);
        if (!ClassLock.MayLock(by, schoolClass))
            return MultiDecision.Reject(OutcomeStatus.Forbidden, ClassLock.NotAllowed);
        if (gradebooks.Count == 0)
            return MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("lock.no_gradebooks", "Kelas ini belum punya buku nilai untuk dikunci."));
        var open = gradebooks.Where(g => !g.Gradebook.Locked).ToList();
        if (open.Count == 0)
            return MultiDecision.Reject(OutcomeStatus.Conflict, new DomainError("lock.already_locked", "Nilai kelas ini sudah dikunci."));
        var locked = new GradebookLocked(schoolClass.TermId, schoolClass.ClassId);
        return MultiDecision.Append(open.Count, [.. open.Select(g => new StreamEvents(g.Key, typeof(Gradebook), false, [locked]))]);
    }

    public static Task<CommandOutcome> Handle(LockClass c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.ExecuteMany(session, c.CommandId, c.By, c.Source, $"{c.By.SchoolId}/lock/{c.CommandId:N}", async locks =>
        {
            var (schoolClass, gradebooks) = await ClassLock.FetchAsync(session, locks, c.By.SchoolId, c.ClassId, ct);
            return Decide(await AccountRules.ActingAsync(session, c.By, ct), schoolClass, gradebooks, c);
        }, ct);
}
