using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>Drops the teacher's own description: the generated one is used again and follows the scores.
/// <see cref="Seen"/> is the teacher's text they saw.</summary>
public sealed record ResetDescription(Guid CommandId, Guid GradebookId, Guid StudentId, string? Seen, Actor By, EntrySource Source) : ICommand;

public sealed record DescriptionReset(Guid StudentId, string Before);

public static class ResetDescriptionHandler
{
    public static Decision Decide(Gradebook? gradebook, SchoolClass? schoolClass, ResetDescription c)
    {
        if ((GradebookRules.TeacherOfRecord(gradebook, c.By) ?? GradebookRules.StudentInClass(schoolClass, c.StudentId)) is { } refused)
            return refused;
        var current = gradebook!.EditedDescriptions.GetValueOrDefault(c.StudentId);
        if (current is null)
            return Decision.Nothing; // already so
        if (current.Text != EditDescriptionHandler.NormalizeOrNull(c.Seen))
            return Decision.Reject(OutcomeStatus.Conflict, EditDescriptionHandler.Conflict(c.StudentId, current));
        return GradebookCalculation.Append(gradebook, c.By, 1, [new DescriptionReset(c.StudentId, current.Text)]);
    }

    public static Task<CommandOutcome> Handle(ResetDescription c, IDocumentSession session, CancellationToken ct) =>
        GradebookRules.ExecuteWithClass(session, c, c.GradebookId, (gradebook, schoolClass) => Decide(gradebook, schoolClass, c), ct);
}
