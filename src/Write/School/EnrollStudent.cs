using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Puts a student into a class. A student sits in at most one class per term: one already in
/// another class of the term is moved (<see cref="MoveStudent"/>), not enrolled twice.</summary>
public sealed record EnrollStudent(Guid CommandId, Guid ClassId, Guid StudentId, Actor By, EntrySource Source);

public sealed record StudentEnrolled(Guid StudentId);

public static class EnrollStudentHandler
{
    /// <summary><paramref name="classesOfTerm"/>: every class of the class's term, with its roster.</summary>
    public static Decision Decide(SchoolClass? schoolClass, Acting by, Student? student, IEnumerable<SchoolClass> classesOfTerm, EnrollStudent c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (schoolClass is null)
            return Decision.Reject(OutcomeStatus.NotFound, ClassRules.ClassNotFound);
        if (student is null)
            return Decision.Reject(OutcomeStatus.NotFound, UpdateStudentHandler.StudentNotFound);
        if (schoolClass.StudentIds.Contains(c.StudentId))
            return Decision.Nothing;
        if (Roster.ClassOf(classesOfTerm.Where(k => k.TermId == schoolClass.TermId), c.StudentId, except: schoolClass.ClassId) is { } other)
            return Decision.Reject(OutcomeStatus.Conflict, Roster.AlreadyInClass(student, other));
        return Decision.Append(new StudentEnrolled(c.StudentId));
    }

    public static Task<CommandOutcome> Handle(EnrollStudent c, IDocumentSession session, CancellationToken ct) =>
        MasterData.Execute<SchoolClass>(session, c.CommandId, c.By, c.Source, StreamKeys.Class(c.By.SchoolId, c.ClassId),
            async (schoolClass, by) => Decide(schoolClass, by,
                await session.LoadAsync<Student>(StreamKeys.Student(c.By.SchoolId, c.StudentId), ct),
                schoolClass is null ? [] : await MasterData.ClassesOfTermAsync(session, c.By.SchoolId, schoolClass.TermId, ct), c), ct);
}

/// <summary>The one-class-per-term rule, read from the rosters of a term's classes.</summary>
public static class Roster
{
    public static SchoolClass? ClassOf(IEnumerable<SchoolClass> classesOfTerm, Guid studentId, Guid? except = null) =>
        classesOfTerm.FirstOrDefault(k => k.ClassId != except && k.StudentIds.Contains(studentId));

    public static DomainError AlreadyInClass(Student student, SchoolClass other) =>
        new("student.already_in_class", $"{student.Name} sudah terdaftar di kelas {other.Name} pada semester ini. Gunakan Pindah kelas.",
            new Dictionary<string, object?> { ["field"] = "studentId", ["classId"] = other.ClassId, ["className"] = other.Name });
}
