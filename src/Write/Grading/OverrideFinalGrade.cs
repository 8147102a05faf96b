using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>The teacher sets a student's final grade by hand, with a reason. The calculated grade is kept
/// and keeps following the scores; the report shows the override. <see cref="Seen"/> is the override the
/// teacher saw (null: none); if it has changed since, the answer is a conflict. <see cref="Value"/> is the
/// text as typed, checked like a score.</summary>
public sealed record OverrideFinalGrade(
    Guid CommandId, Guid GradebookId, Guid StudentId, string? Value, int? Seen, string? Reason, Actor By, EntrySource Source) : ICommand;

/// <summary><see cref="Calculated"/> and <see cref="Previous"/> (the override before, if any) are what the
/// teacher replaced, kept for the audit.</summary>
public sealed record FinalGradeOverridden(Guid StudentId, int Value, string Reason, int? Calculated, int? Previous);

public static class OverrideFinalGradeHandler
{
    public static Decision Decide(Gradebook? gradebook, SchoolClass? schoolClass, OverrideFinalGrade c)
    {
        if ((GradebookRules.TeacherOfRecord(gradebook, c.By) ?? GradebookRules.StudentInClass(schoolClass, c.StudentId)) is { } refused)
            return refused;
        var field = new Dictionary<string, object?> { ["studentId"] = c.StudentId, ["value"] = c.Value };
        var (value, error) = SaveScoresHandler.ParseScore(c.Value, field);
        var errors = new[]
        {
            error ?? (value is null ? new DomainError("finalGrade.value_required", "Isi nilai akhir 0–100, atau hapus penimpaan.", field) : null),
            GradebookRules.Reason(c.Reason, "finalGrade", "mengubah nilai akhir"),
        }.OfType<DomainError>().ToList();
        if (errors.Count > 0)
            return Decision.Invalid(errors);

        var current = gradebook!.Overrides.GetValueOrDefault(c.StudentId);
        var reason = c.Reason!.Trim();
        if (current is not null && current.Value == value && current.Reason == reason)
            return Decision.Nothing;
        if (current?.Value != c.Seen)
            return Decision.Reject(OutcomeStatus.Conflict, Conflict(c.StudentId, c.Seen, current));
        return GradebookCalculation.Append(gradebook, c.By, 1,
            [new FinalGradeOverridden(c.StudentId, value!.Value, reason, gradebook.FinalGrades.GetValueOrDefault(c.StudentId)?.Value, current?.Value)]);
    }

    /// <summary>What a conflicting override or removal is told; <paramref name="changedBy"/>: who made the current override, as the
    /// reader calls them (the page names the teacher's own other tab "Anda sendiri").</summary>
    public static string ConflictMessage(int? seen, int? current, string? changedBy) =>
        (current is null ? "Penimpaan nilai akhir ini sudah dihapus" : $"Nilai akhir ini sudah diubah menjadi {current} oleh {changedBy}") +
        $" sejak Anda membukanya (Anda melihat {seen?.ToString() ?? "tanpa penimpaan"}). Tidak ada yang ditimpa.";

    internal static DomainError Conflict(Guid studentId, int? seen, FinalGradeOverride? current) =>
        new("finalGrade.conflict", ConflictMessage(seen, current?.Value, current?.ChangedBy),
            new Dictionary<string, object?>
            {
                ["studentId"] = studentId,
                ["seen"] = seen,
                ["current"] = current?.Value,
                ["changedBy"] = current?.ChangedBy,
                ["changedAt"] = current?.ChangedAt,
            });

    public static Task<CommandOutcome> Handle(OverrideFinalGrade c, IDocumentSession session, CancellationToken ct) =>
        GradebookRules.ExecuteWithClass(session, c, c.GradebookId, (gradebook, schoolClass) => Decide(gradebook, schoolClass, c), ct);
}
