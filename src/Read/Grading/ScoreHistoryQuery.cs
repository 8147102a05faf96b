using ERaport.Read.Audit;
using ERaport.Read.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.Grading;

/// <summary><see cref="Detail"/>: a tercapai mark ("tercapai", "tidak tercapai", "otomatis") or a description text;
/// <see cref="DetailBefore"/>: the description text an edit or reset replaced, a reworded TP's wording before.</summary>
public sealed record ScoreChange(
    long Sequence, string Assessment, string AssessmentLabel, ScoreChangeKind Kind, int? Before, int? After,
    string ChangedBy, string ChangedByName, DateTimeOffset ChangedAt, string? Reason, string Source, string? Detail = null,
    string? DetailBefore = null, string? RequestedByName = null)
{
    /// <summary>Why the change deserves the principal's attention, as the history explorer flags it.</summary>
    public IReadOnlyList<ChangeFlag> Flags { get; init; } = [];
}

/// <summary>Every change of one student's scores, final grade, tercapai and description in one gradebook, newest first, among the
/// gradebook's lines for every student (<see cref="ScoreChangeRow.OnEachStudentsHistory"/>): weights and KKTP and TPs added, reworded or
/// removed, which move the student's NA or description as a score does, and the locks, unlocks and changes of teacher, the moments a
/// dispute reads each change against (the history explorer's lines, a reassignment's teachers named as it names them, each change flagged as it
/// flags it).</summary>
public static class ScoreHistoryQuery
{
    public static async Task<List<ScoreChange>> LoadAsync(ReadModelDb db, string schoolId, Guid gradebookId, Guid studentId, AuditRules rules,
        CancellationToken ct)
    {
        var everyStudent = ScoreChangeRow.OnEachStudentsHistory;
        var rows = await (
            from h in db.ScoreChanges
            where h.SchoolId == schoolId && h.GradebookId == gradebookId
                  && (h.StudentId == studentId || (h.StudentId == Guid.Empty && everyStudent.Contains(h.Kind)))
            join a in db.Assessments on new { h.GradebookId, Key = h.Assessment } equals new { a.GradebookId, a.Key } into labels
            from a in labels.DefaultIfEmpty()
            join u in db.Users on h.ChangedBy equals u.UserName into users
            from u in users.DefaultIfEmpty()
            select new { Change = h, Label = a == null ? h.Assessment : a.Label, Name = u == null ? h.ChangedBy : u.DisplayName }).ToListAsync(ct);
        var textsBefore = await HistoryExplorer.TextsBeforeAsync(db, [.. rows.Select(r => r.Change)], ct);
        var accounts = await db.Users.Where(u => u.SchoolId == schoolId).Select(u => new { u.UserId, u.UserName, u.DisplayName }).ToListAsync(ct);
        var (userNames, displayNames) = (accounts.ToDictionary(u => u.UserId, u => u.UserName), accounts.ToDictionary(u => u.UserName, u => u.DisplayName));
        // Judged as the history explorer judges them, by the gradebook's report date, teachers and locks.
        var facts = (await HistoryExplorer.FactsAsync(db, db.Gradebooks.Where(g => g.GradebookId == gradebookId && g.SchoolId == schoolId), userNames, rules, ct))
            .GetValueOrDefault(gradebookId);
        var changes = rows.Select(r => new ScoreChange(r.Change.Sequence, r.Change.Assessment, r.Label, r.Change.Kind, r.Change.Before, r.Change.After,
            r.Change.ChangedBy, r.Name, r.Change.ChangedAt, r.Change.Reason, r.Change.Source,
            r.Change.Kind == ScoreChangeKind.Reassigned ? HistoryExplorer.TeacherNames(r.Change.Detail, userNames, displayNames) : r.Change.Detail,
            textsBefore.GetValueOrDefault((r.Change.Sequence, r.Change.Position)))
        {
            Flags = facts is null ? [] : HistoryExplorer.FlagsOf(r.Change, facts, rules),
        });
        return [.. AskedFor(changes.Select(c => c.AssessmentLabel == c.Assessment ? c with { AssessmentLabel = Label(c.Assessment) } : c))
            .OrderByDescending(c => c.Sequence).ThenBy(c => c.AssessmentLabel)];
    }

    /// <summary>Each change an approval made (source Approval: the principal's event, with the request's reason) with who asked for it.
    /// The approval's line and its change are saved together: the approval is the student's "Koreksi disetujui" line nearest the change,
    /// and its request the last one before the approval about the same assessment (one waits at a time).</summary>
    public static IEnumerable<ScoreChange> AskedFor(IEnumerable<ScoreChange> changes)
    {
        var all = changes.OrderBy(c => c.Sequence).ToList();
        var approvals = all.Where(c => c.Kind == ScoreChangeKind.CorrectionApproved).ToList();
        return all.Select(c => c.Source != nameof(ERaport.Write.Common.EntrySource.Approval) || ScoreChangeRow.Markers.Contains(c.Kind)
                || approvals.MinBy(a => Math.Abs(a.Sequence - c.Sequence)) is not { } approval
            ? c
            : c with
            {
                RequestedByName = all.LastOrDefault(r => r.Kind == ScoreChangeKind.CorrectionRequested && r.Assessment == approval.Assessment
                    && r.Sequence < approval.Sequence)?.ChangedByName,
            });
    }

    /// <summary>Names for what has no column: the final grade, the description, a TP's tercapai ("tercapai-tp3" →
    /// "Ketercapaian TP3"), and removed TPs ("tp3" → "TP3").</summary>
    public static string Label(string assessment) => assessment switch
    {
        ScoreChangeRow.FinalGrade => "Nilai akhir",
        ScoreChangeRow.Description => "Deskripsi",
        ScoreChangeRow.Lock => "Kunci nilai",
        ScoreChangeRow.Teacher => "Guru pengampu",
        ScoreChangeRow.Scheme => "Bobot & KKTP",
        _ when ERaport.Write.Grading.CorrectionRequest.ObjectiveOf(assessment) is { } objective => $"Ketercapaian {Label(objective)}",
        _ when ERaport.Write.Grading.Assessment.IsObjective(assessment) => assessment.ToUpperInvariant(),
        _ => assessment,
    };
}
