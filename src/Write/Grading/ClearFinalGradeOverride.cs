using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>Goes back to the calculated final grade. It changes a grade on the report, so it needs a reason;
/// <see cref="Seen"/> is the override the teacher saw.</summary>
public sealed record ClearFinalGradeOverride(Guid CommandId, Guid GradebookId, Guid StudentId, int? Seen, string? Reason, Actor By, EntrySource Source) : ICommand;

public sealed record FinalGradeOverrideCleared(Guid StudentId, int Before, int? Calculated, string Reason);

public static class ClearFinalGradeOverrideHandler
{
    public static Decision Decide(Gradebook? gradebook, SchoolClass? schoolClass, ClearFinalGradeOverride c)
    {
        if ((GradebookRules.TeacherOfRecord(gradebook, c.By) ?? GradebookRules.StudentInClass(schoolClass, c.StudentId)) is { } refused)
            return refused;
        var current = gradebook!.Overrides.GetValueOrDefault(c.StudentId);
        if (current is null)
            return Decision.Nothing; // already so
        if (current.Value != c.Seen)
            return Decision.Reject(OutcomeStatus.Conflict, OverrideFinalGradeHandler.Conflict(c.StudentId, c.Seen, current));
        if (GradebookRules.Reason(c.Reason, "finalGrade", "menghapus penimpaan nilai akhir") is { } noReason)
            return Decision.Invalid(noReason);
        return GradebookCalculation.Append(gradebook, c.By, 1,
            [new FinalGradeOverrideCleared(c.StudentId, current.Value, gradebook.FinalGrades.GetValueOrDefault(c.StudentId)?.Value, c.Reason!.Trim())]);
    }

    public static Task<CommandOutcome> Handle(ClearFinalGradeOverride c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<Gradebook>(session, c, StreamKeys.Gradebook(c.By.SchoolId, c.GradebookId),
            async gradebook => Decide(gradebook,
                gradebook is null ? null : await session.LoadAsync<SchoolClass>(StreamKeys.Class(c.By.SchoolId, gradebook.ClassId), ct), c), ct);
}
