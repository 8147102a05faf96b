using System.Security.Claims;
using ERaport.Web.Accounts;
using ERaport.Web.Hosting;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using Marten;
using Wolverine;
using MasterDataRules = ERaport.Write.School.MasterData;

namespace ERaport.Web.Components.MasterData;

/// <summary>A teaching assignment as the admin asks for it: class × subject × teacher, the first learning
/// objectives and the weights (null: 1 : 0 : 1).</summary>
public sealed record TeachingAssignmentRequest(
    Guid CommandId, Guid GradebookId, Guid TermId, Guid ClassId, Guid SubjectId, Guid TeacherId, IReadOnlyList<string> LearningObjectives, Weights? Weights);

/// <summary>What the master-data pages and API share: sending a command with read-your-writes, and opening a
/// teaching assignment, which is a gradebook (Grading) that only an admin may open from here.</summary>
public static class MasterDataCommands
{
    public static async Task<CommandOutcome> SendAsync(object command, IMessageBus bus, ReadConsistency consistency, CancellationToken ct)
    {
        var outcome = await bus.InvokeAsync<CommandOutcome>(command, ct);
        if (outcome.IsAccepted)
            consistency.Remember(outcome.Sequence);
        return outcome;
    }

    /// <summary>The carry-over with read-your-writes; the summary is null when a repeated command was answered from its receipt.</summary>
    public static async Task<CarryOverOutcome> CarryOverAsync(CarryOverTerm command, IMessageBus bus, ReadConsistency consistency, CancellationToken ct)
    {
        var answer = await bus.InvokeAsync<CarryOverOutcome>(command, ct);
        if (answer.Outcome.IsAccepted)
            consistency.Remember(answer.Outcome.Sequence);
        return answer;
    }

    /// <summary>Checks on the event store's current state what OpenGradebook leaves to its sender: the sender is
    /// an admin, the class belongs to the term, the class has no assignment of the
    /// subject yet; and, so that one answer lists every mistake, what OpenGradebook checks too (the subject exists, the
    /// teacher is an active account with the teacher role in the term). Then opens the gradebook.</summary>
    public static async Task<CommandOutcome> OpenTeachingAssignmentAsync(TeachingAssignmentRequest r, ClaimsPrincipal user, EntrySource source,
        IMessageBus bus, IDocumentStore store, ReadConsistency consistency, CancellationToken ct)
    {
        var by = user.ToActor();
        var school = by.SchoolId;
        await using (var session = store.QuerySession())
        {
            if (!MasterDataRules.MayManage(await AccountRules.ActingAsync(session, by, ct)))
                return CommandOutcome.Rejected(OutcomeStatus.Forbidden, MasterDataRules.AdminRequired);
            var term = await session.LoadAsync<Term>(StreamKeys.Term(school, r.TermId), ct);
            var schoolClass = await session.LoadAsync<SchoolClass>(StreamKeys.Class(school, r.ClassId), ct);
            var subject = await session.LoadAsync<Subject>(StreamKeys.Subject(school, r.SubjectId), ct);
            var teacher = await AccountRules.LoadAsync(session, school, r.TeacherId, ct);
            var errors = new List<DomainError>();
            if (term is null)
                errors.Add(UpdateTermHandler.TermNotFound);
            if (schoolClass is null || schoolClass.TermId != r.TermId)
                errors.Add(new DomainError("class.not_found", "Kelas tidak ditemukan di semester ini.", Field("classId")));
            if (subject is null)
                errors.Add(new DomainError("subject.not_found", "Mata pelajaran tidak ditemukan.", Field("subjectId")));
            if (GradebookRules.EligibleTeacher(teacher, school, r.TermId) is { } notTeacher)
                errors.Add(notTeacher);
            if (errors.Count > 0)
                return CommandOutcome.Rejected(errors.Any(e => e.Code.EndsWith(".not_found")) ? OutcomeStatus.NotFound : OutcomeStatus.Invalid, errors);
            // Read from the event store's snapshots, not the read model, so an assignment made a moment ago counts.
            var prefix = MasterDataRules.Prefix(school, "gradebook");
            var key = StreamKeys.Gradebook(school, r.GradebookId);
            if (await session.Query<Gradebook>().AnyAsync(g => g.Id.StartsWith(prefix) && g.Id != key && g.ClassId == r.ClassId && g.SubjectId == r.SubjectId, ct))
                return CommandOutcome.Rejected(OutcomeStatus.Conflict,
                    new DomainError("teachingAssignment.duplicate", "Kelas ini sudah punya pembelajaran untuk mata pelajaran tersebut.", Field("subjectId")));
        }
        var objectives = (r.LearningObjectives ?? []).Select(o => o?.Trim() ?? "").Where(o => o.Length > 0).ToList();
        return await SendAsync(new OpenGradebook(r.CommandId, r.GradebookId, r.TermId, r.ClassId, r.SubjectId, r.TeacherId, objectives, by, source, r.Weights),
            bus, consistency, ct);
    }

    private static Dictionary<string, object?> Field(string field) => new() { ["field"] = field };
}
