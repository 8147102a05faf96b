using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>The admin hands a teaching assignment to another teacher (ganti guru pengampu), e.g. when its teacher
/// leaves or falls ill before the grades are due: from then on only the new teacher enters and corrects its scores,
/// under their own name. Scores, weights and the lock stay as they are, so a locked gradebook can be handed over too.</summary>
public sealed record ReassignGradebook(Guid CommandId, Guid GradebookId, Guid TeacherId, string? Reason, Actor By, EntrySource Source) : ICommand;

/// <summary>The gradebook's class, subject and term come along so the read model's row needs nothing else.</summary>
public sealed record GradebookReassigned(
    Guid GradebookId, Guid TermId, Guid ClassId, Guid SubjectId, Guid FromTeacherId, Guid ToTeacherId, string? Reason);

public static class ReassignGradebookHandler
{
    /// <summary><paramref name="teacher"/>: the account of <see cref="ReassignGradebook.TeacherId"/>, if it exists.</summary>
    public static Decision Decide(Gradebook? current, Acting by, UserAccount? teacher, ReassignGradebook c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (current is null)
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("gradebook.not_found", "Buku nilai tidak ditemukan."));
        var (reason, badReason) = CleanReason(c.Reason);
        if (badReason is not null)
            return Decision.Invalid(badReason);
        // Like the other master-data changes, naming the teacher it already has changes nothing, even one disabled since.
        if (c.TeacherId == current.TeacherId)
            return Decision.Nothing;
        if (GradebookRules.RefuseTeacher(teacher, by.By.SchoolId, current.TermId) is { } notEligible)
            return notEligible;
        return Decision.Append(Reassigned(c.GradebookId, current, c.TeacherId, reason));
    }

    /// <summary>The reason as stored (blanks collapsed; null when none given), or why it is refused. Handing over all of a
    /// teacher's gradebooks takes the same reason.</summary>
    public static (string? Reason, DomainError? Refused) CleanReason(string? reason)
    {
        var cleaned = Text.Clean(reason);
        return (cleaned, Text.Optional(cleaned, "reason", "Alasan", GradebookRules.MaxReasonLength));
    }

    /// <summary>The event that hands <paramref name="gradebook"/> to <paramref name="toTeacherId"/>, one gradebook at a time or all of a teacher's.</summary>
    public static GradebookReassigned Reassigned(Guid gradebookId, Gradebook gradebook, Guid toTeacherId, string? reason) =>
        new(gradebookId, gradebook.TermId, gradebook.ClassId, gradebook.SubjectId, gradebook.TeacherId, toTeacherId, reason);

    public static Task<CommandOutcome> Handle(ReassignGradebook c, IDocumentSession session, CancellationToken ct) =>
        MasterData.Execute<Gradebook>(session, c, StreamKeys.Gradebook(c.By.SchoolId, c.GradebookId),
            async (current, by) => Decide(current, by, await AccountRules.LoadAsync(session, c.By.SchoolId, c.TeacherId, ct), c), ct);
}
