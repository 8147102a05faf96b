using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>The principal denies a correction request, with a reason; the score (or the report card) stays as it is.</summary>
public sealed record DenyCorrection(Guid CommandId, Guid RequestId, string? Reason, Actor By, EntrySource Source) : ICommand;

/// <summary><see cref="TermId"/>: the report card's term, for a wali kelas's request (<see cref="GradebookId"/> empty).</summary>
public sealed record CorrectionDenied(
    Guid RequestId, Guid GradebookId, Guid StudentId, string Assessment, int? Seen, int? Value, string Reason, Guid? TermId = null);

public static class DenyCorrectionHandler
{
    public static Decision Decide(Acting by, CorrectionRequest? request, DenyCorrection c) =>
        CorrectionDecision.Refusal(by, request, c.Reason, "menolak koreksi")
        ?? Decision.Append(new CorrectionDenied(request!.RequestId, request.GradebookId, request.StudentId, request.Assessment, request.Seen,
            request.Value, c.Reason!.Trim(), request.Homeroom?.TermId));

    public static async Task<CommandOutcome> Handle(DenyCorrection c, IDocumentSession session, CancellationToken ct)
    {
        var by = await AccountRules.ActingAsync(session, c.By, ct);
        return await CommandPipeline.Execute<CorrectionRequest>(session, c,
            StreamKeys.CorrectionRequest(c.By.SchoolId, c.RequestId), request => Task.FromResult(Decide(by, request, c)), ct);
    }
}
