using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>Assigns a teacher to teach a subject to a class in a term, with its learning objectives.</summary>
public sealed record OpenGradebook(
    Guid CommandId, Guid GradebookId, Guid TermId, Guid ClassId, Guid SubjectId, Guid TeacherId,
    IReadOnlyList<string> LearningObjectives, Actor By, EntrySource Source);

public sealed record GradebookOpened(
    Guid GradebookId, Guid TermId, Guid ClassId, Guid SubjectId, Guid TeacherId, IReadOnlyList<LearningObjective> LearningObjectives);

public static class OpenGradebookHandler
{
    public const int MaxLearningObjectives = 30;

    public static Decision Decide(Gradebook? current, OpenGradebook c)
    {
        if (current is not null)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("gradebook.already_opened", "Pembelajaran ini sudah dibuat."));
        var objectives = c.LearningObjectives ?? [];
        return Rules.Check(
            () => Decision.Append(new GradebookOpened(c.GradebookId, c.TermId, c.ClassId, c.SubjectId, c.TeacherId,
                objectives.Select((d, i) => new LearningObjective($"tp{i + 1}", $"TP{i + 1}", d.Trim())).ToList())),
            objectives.Count is > 0 and <= MaxLearningObjectives
                ? null
                : new DomainError("learningObjectives.count", $"Isi 1 sampai {MaxLearningObjectives} tujuan pembelajaran."),
            objectives.Select(d => Rules.Required(d, "learningObjectives", "Tujuan pembelajaran", 1000)).FirstOrDefault(e => e is not null));
    }

    public static Task<CommandOutcome> Handle(OpenGradebook c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<Gradebook>(session, c.CommandId, c.By, c.Source, StreamKeys.Gradebook(c.By.SchoolId, c.GradebookId),
            current => Task.FromResult(Decide(current, c)), ct);
}
