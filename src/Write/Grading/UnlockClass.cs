using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>The principal opens a locked class's grades again, with a reason: every locked gradebook of the
/// class gets <see cref="GradebookUnlocked"/>, in one transaction, and its teacher can edit again.</summary>
public sealed record UnlockClass(Guid CommandId, Guid ClassId, string? Reason, Actor By, EntrySource Source);

public sealed record GradebookUnlocked(Guid TermId, Guid ClassId, string Reason);

public static class UnlockClassHandler
{
    public static MultiDecision Decide(Acting by, SchoolClass? schoolClass, IReadOnlyList<(string Key, Gradebook Gradebook)> gradebooks, UnlockClass c)
    {
        if (schoolClass is null)
            return MultiDecision.Reject(OutcomeStatus.NotFound, ClassLock.ClassNotFound);
        if (!ClassLock.IsPrincipal(by, schoolClass.TermId))
            return MultiDecision.Reject(OutcomeStatus.Forbidden, ClassLock.PrincipalRequired);
        if (GradebookRules.Reason(c.Reason, "unlock", "membuka kunci") is { } noReason)
            return MultiDecision.Reject(OutcomeStatus.Invalid, noReason);
        var locked = gradebooks.Where(g => g.Gradebook.Locked).ToList();
        if (locked.Count == 0)
            return MultiDecision.Reject(OutcomeStatus.Conflict, new DomainError("lock.not_locked", "Nilai kelas ini tidak sedang dikunci."));
        var unlocked = new GradebookUnlocked(schoolClass.TermId, schoolClass.ClassId, c.Reason!.Trim());
        return MultiDecision.Append(locked.Count, [.. locked.Select(g => new StreamEvents(g.Key, typeof(Gradebook), false, [unlocked]))]);
    }

    public static Task<CommandOutcome> Handle(UnlockClass c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.ExecuteMany(session, c.CommandId, c.By, c.Source, $"{c.By.SchoolId}/unlock/{c.CommandId:N}", async locks =>
        {
            var (schoolClass, gradebooks) = await ClassLock.FetchAsync(session, locks, c.By.SchoolId, c.ClassId, ct);
            return Decide(await AccountRules.ActingAsync(session, c.By, ct), schoolClass, gradebooks, c);
        }, ct);
}
