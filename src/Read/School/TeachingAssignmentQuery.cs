using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.School;

/// <summary>A class of the term on the teaching-assignment index: <see cref="Assigned"/> subjects with a teacher,
/// <see cref="WithoutTeacher"/> subjects it should have (<see cref="TeachingAssignmentQuery.Expected"/>) still without one.</summary>
public sealed record ClassAssignments(ClassItem Class, int Assigned, int WithoutTeacher);

/// <summary>One subject's row of a class's matrix: its assignment if there is one, the students it is for (a religion
/// subject: the class's students of its religion) and whether the class should have it.</summary>
public sealed record ClassSubject(SubjectRow Subject, TeachingAssignmentItem? Assignment, int Students, bool Expected);

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
                select new { e.ClassId, s.Religion }).ToListAsync(ct)).ToLookup(x => x.ClassId, x => x.Religion);

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
        return [.. subjects.Select(s => new ClassSubject(s, assignments.GetValueOrDefault(s.SubjectId), For(s, religions), Expected(s, religions)))];
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
