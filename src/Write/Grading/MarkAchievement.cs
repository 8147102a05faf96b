using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>The teacher decides tercapai per TP for one student by hand (true / false), or hands it back to
/// the KKTP rule (null). Each mark carries the mark the teacher saw (null: automatic); one that has changed
/// since is a conflict. All or nothing.</summary>
public sealed record MarkAchievement(Guid CommandId, Guid GradebookId, Guid StudentId, IReadOnlyList<AchievementMark> Marks, Actor By, EntrySource Source) : ICommand;

public sealed record AchievementMark(string? Objective, bool? Achieved, bool? Seen);

/// <summary><see cref="Achieved"/> null: back to automatic (score ≥ KKTP).</summary>
public sealed record AchievementMarked(Guid StudentId, string Objective, bool? Achieved, bool? Before);

public static class MarkAchievementHandler
{
    public static Decision Decide(Gradebook? gradebook, SchoolClass? schoolClass, MarkAchievement c)
    {
        if ((GradebookRules.TeacherOfRecord(gradebook, c.By) ?? GradebookRules.StudentInClass(schoolClass, c.StudentId)) is { } refused)
            return refused;
        if (c.Marks is not { Count: > 0 } || c.Marks.Any(m => m is null))
            return Decision.Invalid(new DomainError("marks.empty", "Tidak ada ketercapaian yang dikirim."));

        var errors = new List<DomainError>();
        var conflicts = new List<DomainError>();
        var events = new List<object>();
        var seen = new HashSet<string>();
        foreach (var m in c.Marks)
        {
            var field = new Dictionary<string, object?> { ["studentId"] = c.StudentId, ["objective"] = m.Objective };
            if (gradebook!.FindObjective(m.Objective) is not { } objective)
                errors.Add(new DomainError("learningObjective.not_found", $"Tujuan pembelajaran \"{m.Objective}\" tidak ada di buku nilai ini.", field));
            else if (!seen.Add(objective.Key))
                errors.Add(new DomainError("marks.duplicate", $"{objective.Code} dikirim dua kali.", field));
            else if (gradebook.Mark(c.StudentId, objective.Key) is var current && current == m.Achieved)
                continue; // already so
            else if (current != m.Seen)
                conflicts.Add(Conflict(c.StudentId, objective, m.Seen, current));
            else
                events.Add(new AchievementMarked(c.StudentId, objective.Key, m.Achieved, current));
        }
        if (errors.Count > 0)
            return Decision.Invalid([.. errors, .. conflicts]);
        if (conflicts.Count > 0)
            return Decision.Reject(OutcomeStatus.Conflict, conflicts);
        return GradebookCalculation.Append(gradebook!, c.By, events.Count, events);
    }

    public static DomainError Conflict(Guid studentId, LearningObjective objective, bool? seen, bool? current) => new("achievement.conflict",
        $"Ketercapaian {objective.Code} sudah diubah menjadi \"{Label(current)}\" sejak Anda membukanya. Tidak ada yang ditimpa.",
        new Dictionary<string, object?> { ["studentId"] = studentId, ["objective"] = objective.Key, ["seen"] = seen, ["current"] = current });

    /// <summary>A mark as typed: "tercapai", "tidak" or "tidak tercapai", and "otomatis" or nothing for back to the KKTP.</summary>
    public static bool TryParseMark(string? text, out bool? mark)
    {
        (var known, mark) = text?.Trim().ToLowerInvariant() switch
        {
            null or "" or "otomatis" => (true, (bool?)null),
            "tercapai" => (true, true),
            "tidak" or "tidak tercapai" => (true, false),
            _ => (false, null),
        };
        return known;
    }

    public static string Label(bool? mark) => mark switch
    {
        true => "tercapai",
        false => "tidak tercapai",
        null => "otomatis",
    };

    public static Task<CommandOutcome> Handle(MarkAchievement c, IDocumentSession session, CancellationToken ct) =>
        GradebookRules.ExecuteWithClass(session, c, c.GradebookId, (gradebook, schoolClass) => Decide(gradebook, schoolClass, c), ct);
}
