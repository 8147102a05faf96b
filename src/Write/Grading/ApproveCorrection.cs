using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>The principal approves a correction request, with a reason: the request is approved and the score
/// corrected, the final grade's override set or cleared, the tercapai mark set, or the description replaced (source
/// Approval), in one transaction, the calculation following as for any correction. If the value has changed since the
/// request, nothing is stored and the answer names the current value.</summary>
public sealed record ApproveCorrection(Guid CommandId, Guid RequestId, string? Reason, Actor By, EntrySource Source) : ICommand;

/// <summary><see cref="TermId"/>: the report card's term, for a wali kelas's request (<see cref="GradebookId"/> empty).</summary>
public sealed record CorrectionApproved(
    Guid RequestId, Guid GradebookId, Guid StudentId, string Assessment, int? Before, int? After, string Reason, Guid? TermId = null);

public static class ApproveCorrectionHandler
{
    public static MultiDecision Decide(Acting by, CorrectionRequest? request, Gradebook? gradebook, string requestKey, string gradebookKey, ApproveCorrection c)
    {
        if (CorrectionDecision.Refusal(by, request, c.Reason, "menyetujui koreksi") is { } refused)
            return MultiDecision.Reject(refused.Status, [.. refused.Errors]);
        if (gradebook is null)
            return MultiDecision.Reject(OutcomeStatus.NotFound, new DomainError("gradebook.not_found", "Buku nilai tidak ditemukan."));
        var r = request!;
        var (stale, change) = r.IsDescription ? DescriptionChange(r, gradebook)
            : r.IsAchievement ? AchievementChange(r, gradebook)
            : ValueChange(r, gradebook);
        if (stale is not null)
            return MultiDecision.Reject(OutcomeStatus.Conflict, stale);
        return MultiDecision.Append(1,
        [
            new StreamEvents(requestKey, typeof(CorrectionRequest), false,
                [new CorrectionApproved(r.RequestId, r.GradebookId, r.StudentId, r.Assessment, r.Seen, r.Value, c.Reason!.Trim())]),
            new StreamEvents(gradebookKey, typeof(Gradebook), false, GradebookCalculation.Append(gradebook, by.By, 1, [change!]).Events),
        ]);
    }

    private const string StaleAdvice = "Tidak ada yang diubah; tolak permintaan ini dan minta guru mengajukan lagi.";

    /// <summary>The score corrected, or the final grade's override set or cleared; stale when the value changed since.</summary>
    private static (DomainError? Stale, object? Change) ValueChange(CorrectionRequest r, Gradebook gradebook)
    {
        var (current, changedBy, changedAt) = r.IsFinalGrade
            ? gradebook.Overrides.GetValueOrDefault(r.StudentId) is { } o ? (o.Value, o.ChangedBy, o.ChangedAt) : default((int?, string?, DateTimeOffset?))
            : gradebook.Score(r.StudentId, r.Assessment) is { } score ? (score.Value, score.ChangedBy, score.ChangedAt) : default;
        if (current != r.Seen)
        {
            var empty = r.IsFinalGrade ? "tanpa penimpaan" : "kosong";
            return (new DomainError("correction.stale",
                $"Nilai ini sudah berubah menjadi {current?.ToString() ?? empty} sejak koreksi diajukan (guru melihat {r.Seen?.ToString() ?? empty}). " + StaleAdvice,
                new Dictionary<string, object?>
                {
                    ["studentId"] = r.StudentId,
                    ["assessment"] = r.Assessment,
                    ["seen"] = r.Seen,
                    ["current"] = current,
                    ["changedBy"] = changedBy,
                    ["changedAt"] = changedAt,
                }), null);
        }
        var calculated = gradebook.FinalGrades.GetValueOrDefault(r.StudentId)?.Value;
        return (null, (r.IsFinalGrade, r.Value) switch
        {
            (false, _) => new ScoreCorrected(r.StudentId, r.Assessment, r.Seen, r.Value, r.Reason),
            (true, { } value) => new FinalGradeOverridden(r.StudentId, value, r.Reason, calculated, r.Seen),
            (true, null) => new FinalGradeOverrideCleared(r.StudentId, r.Seen!.Value, calculated, r.Reason),
        });
    }

    /// <summary>The teacher's text asked for becomes the description (none: back to the generated one); stale when their
    /// own text changed since.</summary>
    private static (DomainError? Stale, object? Change) DescriptionChange(CorrectionRequest r, Gradebook gradebook)
    {
        var current = gradebook.EditedDescriptions.GetValueOrDefault(r.StudentId);
        if (current?.Text != r.SeenText)
            return (new DomainError("correction.stale", "Deskripsi ini sudah diubah sejak koreksi diajukan. " + StaleAdvice,
                new Dictionary<string, object?> { ["studentId"] = r.StudentId, ["assessment"] = r.Assessment, ["current"] = current?.Text }), null);
        var generated = gradebook.GeneratedDescriptions.GetValueOrDefault(r.StudentId) ?? "";
        return (null, r.Text is { } text ? new DescriptionEdited(r.StudentId, text, generated) : new DescriptionReset(r.StudentId, current!.Text));
    }

    /// <summary>The mark asked for (none: back to the KKTP); stale when the mark changed since, or the TP is gone.</summary>
    private static (DomainError? Stale, object? Change) AchievementChange(CorrectionRequest r, Gradebook gradebook)
    {
        var objective = CorrectionRequest.ObjectiveOf(r.Assessment)!;
        var details = new Dictionary<string, object?> { ["studentId"] = r.StudentId, ["assessment"] = r.Assessment };
        if (gradebook.FindObjective(objective) is null)
            return (new DomainError("correction.stale", "Tujuan pembelajaran ini sudah dihapus sejak koreksi diajukan. " + StaleAdvice, details), null);
        var current = gradebook.Mark(r.StudentId, objective);
        if (current != r.SeenMark)
        {
            details["current"] = current;
            return (new DomainError("correction.stale",
                $"Ketercapaian ini sudah diubah menjadi \"{MarkAchievementHandler.Label(current)}\" sejak koreksi diajukan " +
                $"(guru melihat \"{MarkAchievementHandler.Label(r.SeenMark)}\"). " + StaleAdvice, details), null);
        }
        return (null, new AchievementMarked(r.StudentId, objective, r.Mark, r.SeenMark));
    }

    public static async Task<CommandOutcome> Handle(ApproveCorrection c, IDocumentSession session, CancellationToken ct)
    {
        var school = c.By.SchoolId;
        var requestKey = StreamKeys.CorrectionRequest(school, c.RequestId);
        // Which gradebook or report card: read first, then the streams are locked and read again.
        var requested = await session.LoadAsync<CorrectionRequest>(requestKey, ct);
        // Stored with source Approval, whatever brought the command in: that is how the score or the card changed.
        var approval = c with { Source = EntrySource.Approval };
        if (requested?.Homeroom is { } homeroom)
            return await HomeroomRules.Execute(session, approval, homeroom.ClassId, [homeroom.StudentId],
                HomeroomWrite.Approval, $"{school}/approval/{c.CommandId:N}",
                async (s, locks) => HomeroomCorrection.Approve(s, await locks.FetchAsync<CorrectionRequest>(requestKey), requestKey, c), ct);
        var gradebookId = requested?.GradebookId;
        var gradebookKey = gradebookId is { } id ? StreamKeys.Gradebook(school, id) : null;
        return await CommandPipeline.ExecuteMany(session, approval, $"{school}/approval/{c.CommandId:N}", async locks =>
        {
            var request = await locks.FetchAsync<CorrectionRequest>(requestKey);
            var gradebook = gradebookKey is null ? null : await locks.FetchAsync<Gradebook>(gradebookKey);
            return Decide(await AccountRules.ActingAsync(session, c.By, ct), request, gradebook, requestKey, gradebookKey ?? "", c);
        }, ct);
    }
}

/// <summary>What approving and denying share: only the principal of the term decides, once, with a reason.</summary>
public static class CorrectionDecision
{
    public static Decision? Refusal(Acting by, CorrectionRequest? request, string? reason, string what)
    {
        if (request is null)
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("correction.not_found", "Permintaan koreksi tidak ditemukan."));
        if (!ClassLock.IsPrincipal(by, request.TermId))
            return Decision.Reject(OutcomeStatus.Forbidden, ClassLock.PrincipalRequired);
        if (request.Status != CorrectionStatus.Pending)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("correction.already_decided",
                $"Permintaan koreksi ini sudah {(request.Status == CorrectionStatus.Approved ? "disetujui" : "ditolak")} oleh {request.DecidedBy}."));
        return GradebookRules.Reason(reason, "correction", what) is { } noReason ? Decision.Invalid(noReason) : null;
    }
}
