using ERaport.Read.ReadModel;
using ERaport.Write.Grading;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.Grading;

public sealed record GradingScheme(int WeightSlm, int WeightSts, int WeightSas, int Kktp, DescriptionStyle DescriptionStyle)
{
    public static readonly GradingScheme Default =
        new(Weights.Default.Slm, Weights.Default.Sts, Weights.Default.Sas, Gradebook.DefaultKktp, DescriptionStyle.EveryObjective);
}

public sealed record ObjectiveView(string Key, string Code, string Description);

/// <summary>Tercapai of one TP: <see cref="Achieved"/> null while undecided (no score, no mark).</summary>
public sealed record StudentAchievement(string Objective, int? Score, bool? Achieved, bool ByHand);

/// <summary>Everything of one student's final result in one gradebook. <see cref="Final"/> is what the report
/// shows: the teacher's override, else the calculated value (null while incomplete). <see cref="Description"/>
/// likewise: the teacher's text, else the generated one.</summary>
public sealed record StudentFinalGrade(
    Guid StudentId, string Name, string Nisn,
    int? Calculated, bool Complete, decimal? SlmMean, decimal? Sas, int? Sts,
    int? Override, string? OverrideReason, string? OverriddenBy, string? OverriddenByName, DateTimeOffset? OverriddenAt,
    IReadOnlyList<StudentAchievement> Achievements,
    string Generated, string? Edited, bool GeneratedChangedSinceEdit)
{
    public int? Final => Override ?? Calculated;
    public string Description => Edited ?? Generated;
}

public sealed record FinalGradeSheet(
    GradebookSummary Gradebook, GradingScheme Scheme, IReadOnlyList<ObjectiveView> Objectives, IReadOnlyList<StudentFinalGrade> Students)
{
    public int CompleteCount => Students.Count(s => s.Final is not null);
}

/// <summary>Final grades, tercapai and descriptions of a gradebook's students (by name; those its score grid lists, so a
/// religion subject's of its religion), or of one student.</summary>
public static class FinalGradeQuery
{
    public static async Task<FinalGradeSheet?> LoadAsync(ReadModelDb db, string schoolId, Guid gradebookId, CancellationToken ct, Guid? studentId = null)
    {
        var summary = await GradeSheetQuery.SummaryAsync(db, schoolId, gradebookId, ct);
        if (summary is null)
            return null;
        var scheme = await SchemeAsync(db, gradebookId, ct);
        var objectives = await ObjectivesAsync(db, gradebookId, ct);
        var enrolled = await (
            from e in db.Enrollments
            where e.ClassId == summary.ClassId && (studentId == null || e.StudentId == studentId)
            join s in db.Students on e.StudentId equals s.StudentId
            orderby s.Name
            select s).ToListAsync(ct);
        var subject = await db.Subjects.FirstOrDefaultAsync(s => s.SubjectId == summary.SubjectId, ct);
        var scored = subject is { IsReligion: true }
            ? (await db.Scores.Where(s => s.GradebookId == gradebookId).Select(s => s.StudentId).Distinct().ToListAsync(ct)).ToHashSet()
            : [];
        var students = studentId is null ? enrolled.Where(s => GradeSheetQuery.Listed(subject, s.Religion, scored.Contains(s.StudentId))).ToList() : enrolled;
        var ids = students.Select(s => s.StudentId).ToList();

        var calculated = await db.FinalGrades.Where(f => f.GradebookId == gradebookId && ids.Contains(f.StudentId)).ToDictionaryAsync(f => f.StudentId, ct);
        var overrides = await db.FinalGradeOverrides.Where(f => f.GradebookId == gradebookId && ids.Contains(f.StudentId)).ToDictionaryAsync(f => f.StudentId, ct);
        var generated = await db.Descriptions.Where(d => d.GradebookId == gradebookId && ids.Contains(d.StudentId)).ToDictionaryAsync(d => d.StudentId, ct);
        var edits = await db.DescriptionEdits.Where(d => d.GradebookId == gradebookId && ids.Contains(d.StudentId)).ToDictionaryAsync(d => d.StudentId, ct);
        var achievements = (await db.Achievements.Where(a => a.GradebookId == gradebookId && ids.Contains(a.StudentId)).ToListAsync(ct))
            .ToDictionary(a => (a.StudentId, a.Objective));
        var overriddenBy = overrides.Values.Select(o => o.ChangedBy).Distinct().ToList();
        var names = await db.Users.Where(u => overriddenBy.Contains(u.UserName)).ToDictionaryAsync(u => u.UserName, u => u.DisplayName, ct);
        var scores = (await db.Scores.Where(s => s.GradebookId == gradebookId && ids.Contains(s.StudentId)).ToListAsync(ct))
            .ToDictionary(s => (s.StudentId, s.Assessment), s => s.Value);

        return new FinalGradeSheet(summary, scheme, objectives, students.Select(s =>
        {
            var grade = calculated.GetValueOrDefault(s.StudentId);
            var overridden = overrides.GetValueOrDefault(s.StudentId);
            var text = generated.GetValueOrDefault(s.StudentId)?.Generated ?? "";
            var edit = edits.GetValueOrDefault(s.StudentId);
            return new StudentFinalGrade(s.StudentId, s.Name, s.Nisn,
                grade?.Value, grade?.Complete ?? false, grade?.SlmMean, grade?.Sas, grade?.Sts,
                overridden?.Value, overridden?.Reason, overridden?.ChangedBy,
                overridden is null ? null : names.GetValueOrDefault(overridden.ChangedBy, overridden.ChangedBy), overridden?.ChangedAt,
                objectives.Select(o =>
                {
                    var a = achievements.GetValueOrDefault((s.StudentId, o.Key));
                    return new StudentAchievement(o.Key, scores.TryGetValue((s.StudentId, o.Key), out var v) ? v : null, a?.Achieved, a?.ByHand ?? false);
                }).ToList(),
                text, edit?.Text, edit is not null && edit.GeneratedThen != text);
        }).ToList());
    }

    public static async Task<GradingScheme> SchemeAsync(ReadModelDb db, Guid gradebookId, CancellationToken ct) =>
        await db.GradingSchemes.Where(s => s.GradebookId == gradebookId)
            .Select(s => new GradingScheme(s.WeightSlm, s.WeightSts, s.WeightSas, s.Kktp, s.DescriptionStyle)).FirstOrDefaultAsync(ct) ?? GradingScheme.Default;

    public static async Task<List<ObjectiveView>> ObjectivesAsync(ReadModelDb db, Guid gradebookId, CancellationToken ct) =>
        [.. GradeSheetQuery.Ordered(await db.Assessments.Where(a => a.GradebookId == gradebookId).ToListAsync(ct))
            .Where(a => Assessment.IsObjective(a.Key)).Select(a => new ObjectiveView(a.Key, a.Label, a.Description))];

    /// <summary>How many scores each TP has, to warn before removing one.</summary>
    public static Task<Dictionary<string, int>> ScoreCountsAsync(ReadModelDb db, Guid gradebookId, CancellationToken ct) =>
        db.Scores.Where(s => s.GradebookId == gradebookId).GroupBy(s => s.Assessment)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
}
