using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>Removes a TP. Its scores leave the grid and the final grade with it, but stay in the history:
/// the event names every score it takes away, and a reason is required when there are any. A gradebook
/// keeps at least one TP.</summary>
public sealed record RemoveLearningObjective(Guid CommandId, Guid GradebookId, string? Objective, string? Reason, Actor By, EntrySource Source) : ICommand;

public sealed record LearningObjectiveRemoved(LearningObjective Objective, string? Reason, IReadOnlyList<RemovedScore> Scores);

public sealed record RemovedScore(Guid StudentId, int Value);

public static class RemoveLearningObjectiveHandler
{
    public static Decision Decide(Gradebook? gradebook, RemoveLearningObjective c)
    {
        if (GradebookRules.TeacherOfRecord(gradebook, c.By) is { } refused)
            return refused;
        if (gradebook!.FindObjective(c.Objective) is not { } objective)
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("learningObjective.not_found", "Tujuan pembelajaran ini tidak ada di buku nilai ini."));
        if (gradebook.LearningObjectives().Count == 1)
            return Decision.Invalid(new DomainError("learningObjective.last", "Buku nilai harus punya paling sedikit satu tujuan pembelajaran."));
        var scores = gradebook.Scores
            .Where(s => s.Key.EndsWith(":" + objective.Key, StringComparison.Ordinal))
            .Select(s => new RemovedScore(Guid.ParseExact(s.Key.AsSpan(0, 32), "N"), s.Value.Value))
            .OrderBy(s => s.StudentId)
            .ToList();
        if (scores.Count > 0 && GradebookRules.Reason(c.Reason, "learningObjective", "menghapus tujuan pembelajaran yang sudah bernilai") is { } noReason)
            return Decision.Invalid(noReason);
        var reason = string.IsNullOrWhiteSpace(c.Reason) ? null : c.Reason.Trim();
        if (reason?.Length > GradebookRules.MaxReasonLength)
            return Decision.Invalid(new DomainError("learningObjective.reason_too_long", $"Alasan paling banyak {GradebookRules.MaxReasonLength} karakter."));
        return GradebookCalculation.Append(gradebook, c.By, 1, [new LearningObjectiveRemoved(objective, reason, scores)]);
    }

    public static Task<CommandOutcome> Handle(RemoveLearningObjective c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<Gradebook>(session, c, StreamKeys.Gradebook(c.By.SchoolId, c.GradebookId),
            gradebook => Task.FromResult(Decide(gradebook, c)), ct);
}
