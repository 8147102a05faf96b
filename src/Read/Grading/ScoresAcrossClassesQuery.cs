using ERaport.Read.ReadModel;
using ERaport.Read.School;
using ERaport.Write.Grading;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.Grading;

/// <summary>A student's scores in one gradebook. A student who leaves a class during the term (moved to another class,
/// or withdrawn) leaves their scores in its gradebooks and history, where the grid and the leger of their new class do
/// not look; so the pages where someone would miss them name them: the new class's grid (to copy them over), the old
/// class's grid, and the student's page (also before a move). <see cref="TermId"/>, <see cref="ClassId"/> and
/// <see cref="TeacherId"/> are the gradebook's: they say who may open it.</summary>
public sealed record ScoresInClass(Guid GradebookId, Guid StudentId, Guid TermId, Guid ClassId, Guid TeacherId, string ClassName, string SubjectName,
    IReadOnlyList<ClassScore> Scores);

/// <summary>A score with its column; <see cref="Description"/>: what the column assesses (a TP's objective).</summary>
public sealed record ClassScore(string Key, string Label, int Value, string Description)
{
    /// <summary>The column of <paramref name="columns"/> (another gradebook of the subject) this score belongs in, or
    /// null: a TP goes to the TP with the same objective, wherever it is numbered (each teacher numbers and words their
    /// own), never to another objective under the same number; the summative columns are the same in every gradebook.</summary>
    public string? ColumnIn(IEnumerable<SheetAssessment> columns) =>
        Assessment.IsObjective(Key)
            ? columns.FirstOrDefault(c => Assessment.IsObjective(c.Key) && SameText(c.Description, Description))?.Key
            : columns.FirstOrDefault(c => c.Key == Key)?.Key;

    private static bool SameText(string a, string b) =>
        string.Equals(string.Join(' ', a.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
            string.Join(' ', b.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparison.OrdinalIgnoreCase);
}

/// <summary>A student with scores in a gradebook whose class they are no longer in; <see cref="ClassNow"/> is their class
/// of the same term, null when they are in none (withdrawn).</summary>
public sealed record StudentWhoLeft(Guid StudentId, string Name, string? ClassNow, int Scores);

public static class ScoresAcrossClassesQuery
{
    /// <summary>Per student, their scores in the term's gradebooks of classes other than <paramref name="classNow"/>
    /// (only those of <paramref name="subjectId"/> when given), by subject and class.</summary>
    public static Task<ILookup<Guid, ScoresInClass>> InOtherClassesAsync(
        ReadModelDb db, Guid termId, Guid classNow, IReadOnlyCollection<Guid> studentIds, Guid? subjectId, CancellationToken ct) =>
        InGradebooksAsync(db, db.Gradebooks.Where(g => g.TermId == termId && (subjectId == null || g.SubjectId == subjectId) && g.ClassId != classNow),
            studentIds, ct);

    /// <summary>A student's scores in every gradebook of the term, by subject and class.</summary>
    public static async Task<List<ScoresInClass>> InTermAsync(ReadModelDb db, Guid termId, Guid studentId, CancellationToken ct) =>
        [.. (await InGradebooksAsync(db, db.Gradebooks.Where(g => g.TermId == termId), [studentId], ct))[studentId]];

    private static async Task<ILookup<Guid, ScoresInClass>> InGradebooksAsync(
        ReadModelDb db, IQueryable<GradebookRow> gradebooks, IReadOnlyCollection<Guid> studentIds, CancellationToken ct)
    {
        var byId = await gradebooks.ToDictionaryAsync(g => g.GradebookId, ct);
        if (byId.Count == 0 || studentIds.Count == 0)
            return Empty;
        var ids = byId.Keys.ToList();
        var scores = await db.Scores.Where(s => ids.Contains(s.GradebookId) && studentIds.Contains(s.StudentId)).ToListAsync(ct);
        if (scores.Count == 0)
            return Empty;

        var scored = scores.Select(s => s.GradebookId).Distinct().ToList();
        var assessments = (await db.Assessments.Where(a => scored.Contains(a.GradebookId)).ToListAsync(ct)).ToLookup(a => a.GradebookId);
        var classIds = scored.Select(g => byId[g].ClassId).Distinct().ToList();
        var classNames = await db.Classes.Where(c => classIds.Contains(c.ClassId)).ToDictionaryAsync(c => c.ClassId, c => c.Name, ct);
        var subjectIds = scored.Select(g => byId[g].SubjectId).Distinct().ToList();
        var subjects = await db.Subjects.Where(s => subjectIds.Contains(s.SubjectId)).ToDictionaryAsync(s => s.SubjectId, ct);

        return scores.GroupBy(s => (s.StudentId, s.GradebookId))
            .Select(cell =>
            {
                var gradebook = byId[cell.Key.GradebookId];
                var values = cell.ToDictionary(s => s.Assessment, s => s.Value);
                var columns = GradeSheetQuery.Ordered(assessments[cell.Key.GradebookId]).Where(a => values.ContainsKey(a.Key))
                    .Select(a => new ClassScore(a.Key, a.Label, values[a.Key], a.Description)).ToList();
                var subject = subjects.GetValueOrDefault(gradebook.SubjectId);
                return (Order: subject?.Order ?? 0, Scores: new ScoresInClass(gradebook.GradebookId, cell.Key.StudentId, gradebook.TermId, gradebook.ClassId, gradebook.TeacherId,
                    classNames.GetValueOrDefault(gradebook.ClassId, "?"), subject?.Name ?? "?", columns));
            })
            .OrderBy(x => x.Order).ThenBy(x => x.Scores.SubjectName).ThenByClassName(x => x.Scores.ClassName)
            .ToLookup(x => x.Scores.StudentId, x => x.Scores);
    }

    /// <summary>The students with scores in the gradebook who are no longer in its class, by name.</summary>
    public static async Task<List<StudentWhoLeft>> WhoLeftAsync(ReadModelDb db, GradebookSummary gradebook, CancellationToken ct)
    {
        var enrolled = db.Enrollments.Where(e => e.ClassId == gradebook.ClassId).Select(e => e.StudentId);
        var left = await db.Scores.Where(s => s.GradebookId == gradebook.GradebookId && !enrolled.Contains(s.StudentId))
            .GroupBy(s => s.StudentId).Select(g => new { StudentId = g.Key, Count = g.Count() }).ToListAsync(ct);
        if (left.Count == 0)
            return [];
        var ids = left.Select(l => l.StudentId).ToList();
        var names = await db.Students.Where(s => ids.Contains(s.StudentId)).ToDictionaryAsync(s => s.StudentId, s => s.Name, ct);
        var classNow = await (
            from e in db.Enrollments
            where ids.Contains(e.StudentId)
            join c in db.Classes on e.ClassId equals c.ClassId
            where c.TermId == gradebook.TermId
            select new { e.StudentId, c.Name }).ToDictionaryAsync(x => x.StudentId, x => x.Name, ct);
        return left.Select(l => new StudentWhoLeft(l.StudentId, names.GetValueOrDefault(l.StudentId, "?"), classNow.GetValueOrDefault(l.StudentId), l.Count))
            .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static readonly ILookup<Guid, ScoresInClass> Empty = Array.Empty<ScoresInClass>().ToLookup(s => s.StudentId);
}
