using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>Rewords a TP; its scores stay. <see cref="Seen"/> is the wording the teacher changed: if it has
/// changed since, the answer is a conflict. Generated descriptions follow the new wording.</summary>
public sealed record ReviseLearningObjective(
    Guid CommandId, Guid GradebookId, string? Objective, string? Description, string? Seen, Actor By, EntrySource Source) : ICommand;

public sealed record LearningObjectiveRevised(LearningObjective Objective, string Before);

public static class ReviseLearningObjectiveHandler
{
    public static Decision Decide(Gradebook? gradebook, ReviseLearningObjective c)
    {
        if (GradebookRules.TeacherOfRecord(gradebook, c.By) is { } refused)
            return refused;
        if (gradebook!.FindObjective(c.Objective) is not { } current)
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("learningObjective.not_found", "Tujuan pembelajaran ini tidak ada di buku nilai ini."));
        var text = c.Description?.Trim();
        if (Rules.Required(c.Description, "learningObjective", "Tujuan pembelajaran", LearningObjective.MaxLength) is { } invalid)
            return Decision.Invalid(invalid);
        if (text == current.Description)
            return Decision.Nothing;
        if (c.Seen?.Trim() != current.Description)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("learningObjective.conflict",
                $"{current.Code} sudah diubah sejak Anda membukanya, kini: \"{current.Description}\". Tidak ada yang ditimpa.",
                new Dictionary<string, object?> { ["objective"] = current.Key, ["current"] = current.Description }));
        if (gradebook.LearningObjectives().Any(o => o.Key != current.Key && string.Equals(o.Description, text, StringComparison.OrdinalIgnoreCase)))
            return Decision.Invalid(new DomainError("learningObjective.duplicate", "Tujuan pembelajaran ini sudah ada."));
        return GradebookCalculation.Append(gradebook, c.By, 1, [new LearningObjectiveRevised(current with { Description = text! }, current.Description)]);
    }

    public static Task<CommandOutcome> Handle(ReviseLearningObjective c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<Gradebook>(session, c, StreamKeys.Gradebook(c.By.SchoolId, c.GradebookId),
            gradebook => Task.FromResult(Decide(gradebook, c)), ct);
}
