using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using ERaport.Read.School;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.Grading;

/// <summary>A teaching assignment as lists and headers show it.</summary>
public sealed record GradebookSummary(
    Guid GradebookId, Guid ClassId, Guid TermId, string ClassName, Guid SubjectId, string SubjectName, int SubjectOrder,
    Guid TeacherId, string TeacherName, string SchoolYear, int Semester);

public sealed record SheetScore(int Value, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>The final grade as the grid shows it: <see cref="Final"/> is the override when there is one,
/// else the calculated value, null while incomplete.</summary>
public sealed record SheetFinalGrade(int? Calculated, bool Complete, int? Override)
{
    public int? Final => Override ?? Calculated;
}

public sealed record SheetStudent(
    Guid StudentId, string Name, string Nisn, string Nis, IReadOnlyDictionary<string, SheetScore> Scores, SheetFinalGrade FinalGrade);

public sealed record SheetAssessment(string Key, string Label, string Description);

/// <summary>The score grid of one gradebook: students (by name) × assessments (TPs, then SAS). A religion subject
/// lists the class's students of its <see cref="Religion"/> only (and any other with a score already);
/// <see cref="OtherReligionStudents"/> counts those left out.</summary>
public sealed record GradeSheet(GradebookSummary Gradebook, IReadOnlyList<SheetAssessment> Assessments, IReadOnlyList<SheetStudent> Students,
    string? Religion = null, int OtherReligionStudents = 0)
{
    public int Filled => Students.Sum(s => s.Scores.Count);
    public int Cells => Students.Count * Assessments.Count;
}

/// <summary>Which gradebooks a list shows: those a teacher teaches, those of the classes they are homeroom teacher
/// of and every one of the terms they are principal of; null shows all of the school's.</summary>
public sealed record GradebookFilter(Guid TeacherId, IReadOnlyCollection<Guid> HomeroomClassIds, IReadOnlyCollection<Guid> PrincipalTermIds)
{
    public IQueryable<GradebookRow> Apply(IQueryable<GradebookRow> gradebooks)
    {
        var (teacherId, classIds, termIds) = (TeacherId, HomeroomClassIds, PrincipalTermIds);
        return gradebooks.Where(g => g.TeacherId == teacherId || classIds.Contains(g.ClassId) || termIds.Contains(g.TermId));
    }
}

public static class GradeSheetQuery
{
    public static IQueryable<GradebookSummary> Summaries(ReadModelDb db, string schoolId, GradebookFilter? filter = null)
    {
        var gradebooks = db.Gradebooks.Where(g => g.SchoolId == schoolId);
        return Summarize(db, filter?.Apply(gradebooks) ?? gradebooks);
    }

    public static IQueryable<GradebookSummary> Summarize(ReadModelDb db, IQueryable<GradebookRow> gradebooks) =>
        from g in gradebooks
        join c in db.Classes on g.ClassId equals c.ClassId
        join s in db.Subjects on g.SubjectId equals s.SubjectId
        join t in db.Terms on g.TermId equals t.TermId
        join u in db.Users on g.TeacherId equals u.UserId into teachers
        from u in teachers.DefaultIfEmpty()
        orderby c.Level, c.OrderKey, s.Order
        select new GradebookSummary(g.GradebookId, c.ClassId, g.TermId, c.Name, s.SubjectId, s.Name, s.Order,
            g.TeacherId, u == null ? "" : u.DisplayName, t.SchoolYear, t.Semester);

    public static Task<GradebookSummary?> SummaryAsync(ReadModelDb db, string schoolId, Guid gradebookId, CancellationToken ct) =>
        Summarize(db, db.Gradebooks.Where(g => g.SchoolId == schoolId && g.GradebookId == gradebookId)).FirstOrDefaultAsync(ct);

    /// <summary>The gradebooks <paramref name="teacherId"/> teaches in <paramref name="gradebook"/>'s class besides it, in rapor order.</summary>
    public static Task<List<GradebookSummary>> OthersInClassAsync(ReadModelDb db, string schoolId, GradebookSummary gradebook, Guid teacherId,
        CancellationToken ct) =>
        Summarize(db, db.Gradebooks.Where(g => g.SchoolId == schoolId && g.ClassId == gradebook.ClassId && g.TeacherId == teacherId
            && g.GradebookId != gradebook.GradebookId)).ToListAsync(ct);

    public static async Task<GradeSheet?> LoadAsync(ReadModelDb db, string schoolId, Guid gradebookId, CancellationToken ct)
    {
        var summary = await SummaryAsync(db, schoolId, gradebookId, ct);
        if (summary is null)
            return null;
        var assessments = Ordered(await db.Assessments.Where(a => a.GradebookId == gradebookId).ToListAsync(ct))
            .Select(a => new SheetAssessment(a.Key, a.Label, a.Description)).ToList();
        var enrolled = await (
            from e in db.Enrollments
            where e.ClassId == summary.ClassId
            join s in db.Students on e.StudentId equals s.StudentId
            orderby s.Name
            select s).ToListAsync(ct);
        var scores = (await db.Scores.Where(s => s.GradebookId == gradebookId).ToListAsync(ct))
            .ToLookup(s => s.StudentId);
        var subject = await db.Subjects.FirstOrDefaultAsync(s => s.SubjectId == summary.SubjectId, ct);
        var students = enrolled.Where(s => Listed(subject, s.Religion, scores[s.StudentId].Any())).ToList();
        var calculated = await db.FinalGrades.Where(f => f.GradebookId == gradebookId).ToDictionaryAsync(f => f.StudentId, ct);
        var overrides = await db.FinalGradeOverrides.Where(f => f.GradebookId == gradebookId).ToDictionaryAsync(f => f.StudentId, ct);
        return new GradeSheet(summary, assessments,
            students.Select(s => new SheetStudent(s.StudentId, s.Name, s.Nisn, s.Nis,
                scores[s.StudentId].ToDictionary(x => x.Assessment, x => new SheetScore(x.Value, x.ChangedBy, x.ChangedAt)),
                new SheetFinalGrade(calculated.GetValueOrDefault(s.StudentId)?.Value, calculated.GetValueOrDefault(s.StudentId)?.Complete ?? false,
                    overrides.GetValueOrDefault(s.StudentId)?.Value))).ToList(),
            subject is null ? null : ReportCardSubjects.TaughtReligion(subject), enrolled.Count - students.Count);
    }

    /// <summary>Whether a sheet lists a student: as on the report card (a religion subject for its religion's students only);
    /// a student with scores stays, so that nothing entered is ever out of sight.</summary>
    internal static bool Listed(SubjectRow? subject, string? religion, bool scored) =>
        subject is null || ReportCardSubjects.IsPrinted(subject, religion) || scored;

    /// <summary>How many students each gradebook's sheet lists, for lists that show how full the sheets are: a religion
    /// subject's sheet counts only its religion's students.</summary>
    public static async Task<Dictionary<Guid, int>> ListedStudentsAsync(ReadModelDb db, IReadOnlyCollection<GradebookSummary> gradebooks, CancellationToken ct)
    {
        var classIds = gradebooks.Select(g => g.ClassId).Distinct().ToList();
        var subjectIds = gradebooks.Select(g => g.SubjectId).Distinct().ToList();
        var religionSubjects = await db.Subjects.Where(s => subjectIds.Contains(s.SubjectId) && s.IsReligion).ToDictionaryAsync(s => s.SubjectId, ct);
        var enrolled = (await (
            from e in db.Enrollments
            where classIds.Contains(e.ClassId)
            join s in db.Students on e.StudentId equals s.StudentId
            select new { e.ClassId, s.StudentId, s.Religion }).ToListAsync(ct)).ToLookup(e => e.ClassId);
        var religionGradebooks = gradebooks.Where(g => religionSubjects.ContainsKey(g.SubjectId)).Select(g => g.GradebookId).ToList();
        var scored = (await db.Scores.Where(s => religionGradebooks.Contains(s.GradebookId)).Select(s => new { s.GradebookId, s.StudentId }).Distinct()
            .ToListAsync(ct)).Select(s => (s.GradebookId, s.StudentId)).ToHashSet();
        return gradebooks.ToDictionary(g => g.GradebookId, g => enrolled[g.ClassId]
            .Count(s => Listed(religionSubjects.GetValueOrDefault(g.SubjectId), s.Religion, scored.Contains((g.GradebookId, s.StudentId)))));
    }

    /// <summary>TPs by number, then STS, then the two SAS parts: TPs added later keep their place before the tests.</summary>
    public static IEnumerable<AssessmentRow> Ordered(IEnumerable<AssessmentRow> columns) =>
        columns.OrderBy(a => a.Key switch
        {
            ERaport.Write.Grading.Assessment.MidSemesterTest => 1,
            ERaport.Write.Grading.Assessment.SemesterTest => 2,
            ERaport.Write.Grading.Assessment.SemesterNonTest => 3,
            _ => 0,
        }).ThenBy(a => a.Order);
}
