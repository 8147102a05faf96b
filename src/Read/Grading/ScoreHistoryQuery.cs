using ERaport.Read.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.Grading;

/// <summary><see cref="Detail"/>: a tercapai mark ("tercapai", "tidak tercapai", "otomatis") or a description text.</summary>
public sealed record ScoreChange(
    long Sequence, string Assessment, string AssessmentLabel, ScoreChangeKind Kind, int? Before, int? After,
    string ChangedBy, string ChangedByName, DateTimeOffset ChangedAt, string? Reason, string Source, string? Detail = null);

/// <summary>Every change of one student's scores, final grade, tercapai and description in one gradebook, newest first.</summary>
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
                h.ChangedBy, u == null ? h.ChangedBy : u.DisplayName, h.ChangedAt, h.Reason, h.Source, h.Detail)).ToListAsync(ct);
        return [.. changes.Select(c => c.AssessmentLabel == c.Assessment ? c with { AssessmentLabel = Label(c.Assessment) } : c)
            .OrderByDescending(c => c.Sequence).ThenBy(c => c.AssessmentLabel)];
    }

    /// <summary>Names for what has no column: the final grade, the description, a TP's tercapai ("tercapai-tp3" →
    /// "Ketercapaian TP3"), and removed TPs ("tp3" → "TP3").</summary>
    public static string Label(string assessment) => assessment switch
    {
        ScoreChangeRow.FinalGrade => "Nilai akhir",
        ScoreChangeRow.Description => "Deskripsi",
        ScoreChangeRow.Lock => "Kunci nilai",
        ScoreChangeRow.Teacher => "Guru pengampu",
        _ when ERaport.Write.Grading.CorrectionRequest.ObjectiveOf(assessment) is { } objective => $"Ketercapaian {Label(objective)}",
        _ when ERaport.Write.Grading.Assessment.IsObjective(assessment) => assessment.ToUpperInvariant(),
        _ => assessment,
    };
}
