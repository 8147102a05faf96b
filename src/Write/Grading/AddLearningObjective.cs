using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>Adds a TP at the end, or several, one per line (a list copied from the ATP): all or none. Its number is
/// never one a removed TP had. Every student's final grade becomes incomplete until the new TP is scored, as domain
/// rules say.</summary>
public sealed record AddLearningObjective(Guid CommandId, Guid GradebookId, string? Description, Actor By, EntrySource Source) : ICommand;

public sealed record LearningObjectiveAdded(LearningObjective Objective);

public static class AddLearningObjectiveHandler
{
    public static Decision Decide(Gradebook? gradebook, AddLearningObjective c)
    {
        if (GradebookRules.TeacherOfRecord(gradebook, c.By) is { } refused)
            return refused;
        var objectives = gradebook!.LearningObjectives();
        var lines = (c.Description ?? "").Split(['\r', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(LearningObjective.FromListLine).ToArray();
        var first = gradebook.NextObjectiveNumber();
        return Rules.Check(
            () => GradebookCalculation.Append(gradebook, c.By, lines.Length,
                [.. lines.Select((text, i) => new LearningObjectiveAdded(LearningObjective.Numbered(first + i, text)))]),
            [
                objectives.Count + lines.Length <= OpenGradebookHandler.MaxLearningObjectives
                    ? null
                    : new DomainError("learningObjectives.count", lines.Length > 1
                        ? $"Paling banyak {OpenGradebookHandler.MaxLearningObjectives} tujuan pembelajaran: sudah ada {objectives.Count}, ditambah {lines.Length}."
                        : $"Paling banyak {OpenGradebookHandler.MaxLearningObjectives} tujuan pembelajaran."),
                lines.Length == 0 ? Rules.Required(null, "learningObjective", "Tujuan pembelajaran") : null,
                .. lines.Select((text, i) => Rules.Required(text, "learningObjective", Numbered("Tujuan pembelajaran", i, lines.Length), LearningObjective.MaxLength)),
                .. lines.Select((text, i) => objectives.Any(o => Text.Key(o.Description) == Text.Key(text))
                        || lines.Take(i).Any(before => Text.Key(before) == Text.Key(text))
                    ? new DomainError("learningObjective.duplicate", Numbered("Tujuan pembelajaran ini sudah ada", i, lines.Length) + ".")
                    : null),
            ]);
    }

    /// <summary>With several lines, a message names its line ("Baris 2: …").</summary>
    private static string Numbered(string message, int line, int lines) => lines > 1 ? $"Baris {line + 1}: {message}" : message;

    public static Task<CommandOutcome> Handle(AddLearningObjective c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<Gradebook>(session, c, StreamKeys.Gradebook(c.By.SchoolId, c.GradebookId),
            gradebook => Task.FromResult(Decide(gradebook, c)), ct);
}
