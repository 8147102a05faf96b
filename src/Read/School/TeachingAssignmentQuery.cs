using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.School;

/// <summary>A class of the term on the teaching-assignment index: <see cref="Assigned"/> subjects with a teacher,
/// <see cref="WithoutTeacher"/> subjects it should have (<see cref="TeachingAssignmentQuery.Expected"/>) still without one.</summary>
public sealed record ClassAssignments(ClassItem Class, int Assigned, int WithoutTeacher);

/// <summary>One subject's row of a class's matrix: its assignment if there is one, the students it is for (a religion
/// subject: the class's students of its religion) and whether the class should have it. Without an assignment,
/// <see cref="StartingObjectives"/> are the TPs the subject has in a parallel class (same level, same term), as a start.</summary>
public sealed record ClassSubject(SubjectRow Subject, TeachingAssignmentItem? Assignment, int Students, bool Expected,
    IReadOnlyList<string> StartingObjectives);

/// <summary>A teacher's assignments in a term and their load: how many classes and students they teach.</summary>
public sealed record TeacherLoad(TeacherItem Teacher, IReadOnlyList<TeachingAssignmentItem> Assignments, int Classes, int Students);

/// <summary>The teaching-assignment page one class or one teacher at a time: an SMK's 1,008 assignments on one page were
/// 410 kB of HTML.</summary>
public static class TeachingAssignmentQuery
{
    /// <summary>Whether a class should have <paramref name="subject"/>: every subject but a religion subject of a religion no
    /// student of the class has (the card prints a religion subject only for its own religion, <see cref="ReportCardSubjects.IsPrinted"/>).</summary>
    public static bool Expected(SubjectRow subject, IEnumerable<string?> studentReligions) =>
        ReportCardSubjects.TaughtReligion(subject) is null || studentReligions.Any(r => ReportCardSubjects.IsPrinted(subject, r));

    /// <summary>How many of the students (by <paramref name="studentReligions"/>) the subject is for.</summary>
    private static int For(SubjectRow subject, IEnumerable<string?> studentReligions) => studentReligions.Count(r => ReportCardSubjects.IsPrinted(subject, r));

    /// <summary>The religions of each class's students in the term.</summary>
    private static async Task<ILookup<Guid, string?>> ReligionsAsync(ReadModelDb db, IReadOnlyCollection<Guid> classIds, CancellationToken ct) =>
        (await (from e in db.Enrollments
                where classIds.Contains(e.ClassId)
                join s in db.Students on e.StudentId equals s.StudentId
                select new { e.ClassId, s.Religion }).ToListAsync(ct)).ToLookup(x => x.ClassId, x => (string?)x.Religion);

    /// <summary>The term's classes in natural order with their counts.</summary>
    public static async Task<List<ClassAssignments>> ClassesAsync(ReadModelDb db, string schoolId, Guid termId, CancellationToken ct)
    {
        var classes = await MasterDataQuery.ClassesAsync(db, schoolId, termId, ct);
        var subjects = await MasterDataQuery.SubjectsAsync(db, schoolId, ct);
        var assigned = (await db.Gradebooks.Where(g => g.SchoolId == schoolId && g.TermId == termId).Select(g => new { g.ClassId, g.SubjectId })
            .ToListAsync(ct)).ToLookup(g => g.ClassId, g => g.SubjectId);
        var religions = await ReligionsAsync(db, [.. classes.Select(c => c.ClassId)], ct);
        return [.. classes.Select(c => new ClassAssignments(c, assigned[c.ClassId].Count(),
            subjects.Count(s => !assigned[c.ClassId].Contains(s.SubjectId) && Expected(s, religions[c.ClassId]))))];
    }

    /// <summary>Every subject of the school for one class, in rapor order, with its assignment.</summary>
    public static async Task<List<ClassSubject>> ClassSubjectsAsync(ReadModelDb db, string schoolId, ClassItem schoolClass, CancellationToken ct)
    {
        var subjects = await MasterDataQuery.SubjectsAsync(db, schoolId, ct);
        var assignments = (await MasterDataQuery.TeachingAssignmentsAsync(db, schoolId, schoolClass.TermId, ct, classId: schoolClass.ClassId))
            .GroupBy(a => a.Gradebook.SubjectId).ToDictionary(g => g.Key, g => g.First());
        var religions = (await ReligionsAsync(db, [schoolClass.ClassId], ct))[schoolClass.ClassId].ToList();
        var starting = await ParallelObjectivesAsync(db, schoolId, schoolClass, ct);
        return [.. subjects.Select(s => new ClassSubject(s, assignments.GetValueOrDefault(s.SubjectId), For(s, religions), Expected(s, religions),
            assignments.ContainsKey(s.SubjectId) ? [] : starting.GetValueOrDefault(s.SubjectId) ?? []))];
    }

    /// <summary>Per subject, the TPs of its assignment in the first parallel class (same level, same term) that has one: classes of one
    /// level learn the same TPs, so the admin opening the next class's assignments starts from them instead of typing them again.</summary>
    private static async Task<Dictionary<Guid, List<string>>> ParallelObjectivesAsync(ReadModelDb db, string schoolId, ClassItem schoolClass,
        CancellationToken ct)
    {
        var parallel = await (
            from g in db.Gradebooks
            where g.SchoolId == schoolId && g.TermId == schoolClass.TermId && g.ClassId != schoolClass.ClassId
            join c in db.Classes on g.ClassId equals c.ClassId
            where c.Level == schoolClass.Level
            select new { g.GradebookId, g.SubjectId, c.OrderKey }).ToListAsync(ct);
        var first = parallel.GroupBy(g => g.SubjectId).ToDictionary(g => g.Key, g => g.MinBy(x => x.OrderKey, StringComparer.Ordinal)!.GradebookId);
        var ids = first.Values.ToList();
        var objectives = (await db.Assessments.Where(a => ids.Contains(a.GradebookId) && a.Key.StartsWith("tp")).ToListAsync(ct))
            .ToLookup(a => a.GradebookId);
        return first.ToDictionary(f => f.Key, f => objectives[f.Value].OrderBy(a => a.Order).Select(a => a.Description).ToList());
    }

    /// <summary>A teacher's assignments in the term, in class order; null when the school has no such user.</summary>
    public static async Task<TeacherLoad?> TeacherAsync(ReadModelDb db, string schoolId, Guid termId, Guid teacherId, CancellationToken ct)
    {
        if ((await MasterDataQuery.TeachersAsync(db, schoolId, ct)).FirstOrDefault(t => t.UserId == teacherId) is not { } teacher)
            return null;
        var assignments = await MasterDataQuery.TeachingAssignmentsAsync(db, schoolId, termId, ct, teacherId: teacherId);
        var classIds = assignments.Select(a => a.Gradebook.ClassId).Distinct().ToList();
        var religions = await ReligionsAsync(db, classIds, ct);
        var subjects = (await MasterDataQuery.SubjectsAsync(db, schoolId, ct)).ToDictionary(s => s.SubjectId);
        var students = assignments.Sum(a => subjects.TryGetValue(a.Gradebook.SubjectId, out var s) ? For(s, religions[a.Gradebook.ClassId])
            : religions[a.Gradebook.ClassId].Count());
        return new TeacherLoad(teacher, assignments, classIds.Count, students);
    }
}
