using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>The admin hands every gradebook a teacher is teacher of record of in a term to another teacher at once
/// (serahkan semua buku nilai), e.g. for a leaver with eight classes: each gradebook gets the same
/// <see cref="GradebookReassigned"/> as <see cref="ReassignGradebook"/> appends, all in one transaction, so either every
/// gradebook changes teacher or none does. Locked gradebooks go along, as a single reassignment hands them over too.</summary>
public sealed record HandOverGradebooks(Guid CommandId, Guid FromTeacherId, Guid TermId, Guid ToTeacherId, string? Reason, Actor By, EntrySource Source) : ICommand;

public static class HandOverGradebooksHandler
{
    /// <summary>The receiving teacher's field in the command (the teacher in the address is the one handing over). Above the
    /// errors that use it: static fields are set in the order they are written.</summary>
    private static readonly IReadOnlyDictionary<string, object?> ReceiverField = new Dictionary<string, object?> { ["field"] = "toTeacherId" };

    public static readonly DomainError SameTeacher = new("handover.same_teacher",
        "Pilih guru lain sebagai penerima: buku nilai tidak dapat diserahkan kepada guru yang sama.", ReceiverField);

    public static readonly DomainError NothingToHandOver = new("handover.no_gradebooks",
        "Guru ini tidak (lagi) mengampu buku nilai di semester ini, jadi tidak ada yang diserahkan.");

    /// <summary><paramref name="gradebooks"/>: the gradebooks <see cref="HandOverGradebooks.FromTeacherId"/> is teacher of record
    /// of in the term, with their ids; <paramref name="receiving"/>: the account of <see cref="HandOverGradebooks.ToTeacherId"/>, if it exists.</summary>
    public static MultiDecision Decide(Acting by, UserAccount? receiving, IReadOnlyList<(Guid GradebookId, Gradebook Gradebook)> gradebooks, HandOverGradebooks c)
    {
        if (MasterData.Guard(by) is { } refused)
            return Reject(refused);
        var (reason, badReason) = ReassignGradebookHandler.CleanReason(c.Reason);
        if (badReason is not null)
            return MultiDecision.Reject(OutcomeStatus.Invalid, badReason);
        if (c.ToTeacherId == c.FromTeacherId)
            return MultiDecision.Reject(OutcomeStatus.Invalid, SameTeacher);
        if (gradebooks.Count == 0)
            return MultiDecision.Reject(OutcomeStatus.Conflict, NothingToHandOver);
        if (GradebookRules.RefuseTeacher(receiving, by.By.SchoolId, c.TermId) is { } notEligible)
            return MultiDecision.Reject(notEligible.Status, [.. notEligible.Errors.Select(e => e with { Details = ReceiverField })]);
        return MultiDecision.Append(gradebooks.Count, [.. gradebooks.Select(g => new StreamEvents(StreamKeys.Gradebook(by.By.SchoolId, g.GradebookId),
            typeof(Gradebook), false, [ReassignGradebookHandler.Reassigned(g.GradebookId, g.Gradebook, c.ToTeacherId, reason)]))]);
    }

    private static MultiDecision Reject(Decision refused) => MultiDecision.Reject(refused.Status, [.. refused.Errors]);

    /// <summary>Under the school's master-data lock, which every reassignment takes, none of the teacher's gradebooks changes hands
    /// meanwhile (one opened at this very moment stays theirs, as if opened just after). Each is still fetched for writing, in key
    /// order as <see cref="StreamLocks"/> requires, because its teacher may be saving scores.</summary>
    public static Task<CommandOutcome> Handle(HandOverGradebooks c, IDocumentSession session, CancellationToken ct) =>
        MasterData.ExecuteMany(session, c, $"{c.By.SchoolId}/hand-over/{c.CommandId:N}", async (by, locks) =>
        {
            var keys = await GradebookRules.OfTeacher(session, c.By.SchoolId, c.FromTeacherId, c.TermId).Select(g => g.Id).ToListAsync(ct);
            var gradebooks = new List<(Guid, Gradebook)>();
            foreach (var key in keys.Order(StringComparer.Ordinal))
                if (await locks.FetchAsync<Gradebook>(key) is { } gradebook)
                    gradebooks.Add((MasterData.IdOf(key), gradebook));
            return Decide(by, await AccountRules.LoadAsync(session, c.By.SchoolId, c.ToTeacherId, ct), gradebooks, c);
        }, ct);
}
