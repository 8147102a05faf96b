using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>Adds a TP at the end. Its number is never one a removed TP had. Every student's final grade
/// becomes incomplete until the new TP is scored, as domain rules say.</summary>
public sealed record AddLearningObjective(Guid CommandId, Guid GradebookId, string? Description, Actor By, EntrySource Source);

public sealed record LearningObjectiveAdded(LearningObjective Objective);

public static class AddLearningObjectiveHandler
{
    public static Decision Decide(Gradebook? gradebook, AddLearningObjective c)
    {
        if (GradebookRules.TeacherOfRecord(gradebook, c.By) is { } refused)
            return refused;
        var objectives = gradebook!.LearningObjectives();
        var text = c.Description?.Trim();
        return Rules.Check(
            () => GradebookCalculation.Append(gradebook, c.By, 1,
                [new LearningObjectiveAdded(LearningObjective.Numbered(gradebook.NextObjectiveNumber(), text!))]),
            objectives.Count < OpenGradebookHandler.MaxLearningObjectives
                ? null
                : new DomainError("learningObjectives.count", $"Paling banyak {OpenGradebookHandler.MaxLearningObjectives} tujuan pembelajaran."),
            Rules.Required(c.Description, "learningObjective", "Tujuan pembelajaran", LearningObjective.MaxLength),
            objectives.Any(o => string.Equals(o.Description, text, StringComparison.OrdinalIgnoreCase))
                ? new DomainError("learningObjective.duplicate", "Tujuan pembelajaran ini sudah ada.")
                : null);
    }

    public static Task<CommandOutcome> Handle(AddLearningObjective c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<Gradebook>(session, c.CommandId, c.By, c.Source, StreamKeys.Gradebook(c.By.SchoolId, c.GradebookId),
            gradebook => Task.FromResult(Decide(gradebook, c)), ct);
}
