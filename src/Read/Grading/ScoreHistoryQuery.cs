using ERaport.Read.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.Grading;

public sealed record ScoreChange(
    long Sequence, string Assessment, string AssessmentLabel, ScoreChangeKind Kind, int? Before, int? After,
    string ChangedBy, string ChangedByName, DateTimeOffset ChangedAt, string? Reason, string Source);

/// <summary>Every change of one student's scores in one gradebook, newest first.</summary>
public static class ScoreHistoryQuery
{
    public static async Task<List<ScoreChange>> LoadAsync(ReadModelDb db, string schoolId, Guid gradebookId, Guid studentId, CancellationToken ct)
    {
        var changes = await (
            from h in db.ScoreChanges
            where h.SchoolId == schoolId && h.GradebookId == gradebookId && h.StudentId == studentId
            join a in db.Assessments on new { h.GradebookId, Key = h.Assessment } equals new { a.GradebookId, a.Key } into labels
            from a in labels.DefaultIfEmpty()
            join u in db.Users on h.ChangedBy equals u.UserName into users
            from u in users.DefaultIfEmpty()
            select new ScoreChange(h.Sequence, h.Assessment, a == null ? h.Assessment : a.Label, h.Kind, h.Before, h.After,
                h.ChangedBy, u == null ? h.ChangedBy : u.DisplayName, h.ChangedAt, h.Reason, h.Source)).ToListAsync(ct);
        return [.. changes.OrderByDescending(c => c.Sequence).ThenBy(c => c.AssessmentLabel)];
    }
}
