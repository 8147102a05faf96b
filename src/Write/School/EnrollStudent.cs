using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Puts one or several students into a class, all or none. A student sits in at most one class per term: one
/// already in another class of the term is moved (<see cref="MoveStudent"/>), not enrolled twice.</summary>
public sealed record EnrollStudent(Guid CommandId, Guid ClassId, IReadOnlyList<Guid> StudentIds, Actor By, EntrySource Source) : ICommand
{
    public EnrollStudent(Guid commandId, Guid classId, Guid studentId, Actor by, EntrySource source) : this(commandId, classId, [studentId], by, source) { }
}

public sealed record StudentEnrolled(Guid StudentId);

public static class EnrollStudentHandler
{
    public static readonly DomainError NoStudents =
        new("enroll.no_students", "Centang dulu peserta didik yang akan dimasukkan ke kelas ini.");

    /// <summary><paramref name="students"/>: those of <see cref="EnrollStudent.StudentIds"/> that exist;
    /// <paramref name="classesOfTerm"/>: every class of the class's term, with its roster.</summary>
    public static Decision Decide(SchoolClass? schoolClass, Acting by, IReadOnlyCollection<Student> students, IEnumerable<SchoolClass> classesOfTerm, EnrollStudent c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (schoolClass is null)
            return Decision.Reject(OutcomeStatus.NotFound, ClassRules.ClassNotFound);
        var ids = (c.StudentIds ?? []).Distinct().ToList();
        if (ids.Count == 0)
            return Decision.Invalid(NoStudents);
        if (ids.Count > MoveStudentHandler.MaxStudents)
            return Decision.Invalid(new DomainError("enroll.too_many_students",
                $"Paling banyak {MoveStudentHandler.MaxStudents} peserta didik sekali masuk; yang dikirim {ids.Count}."));
        var ofTerm = classesOfTerm.Where(k => k.TermId == schoolClass.TermId).ToList();
        if (Roster.Refusals(ids, students, (student, id) =>
                Roster.ClassOf(ofTerm, id, except: schoolClass.ClassId) is { } other ? Roster.AlreadyInClass(student, other) : null) is { Count: > 0 } errors)
            return Decision.Reject(Roster.StatusOf(errors), errors);
        return Decision.Append([.. ids.Where(id => !schoolClass.StudentIds.Contains(id)).Select(id => new StudentEnrolled(id))]);
    }

    public static Task<CommandOutcome> Handle(EnrollStudent c, IDocumentSession session, CancellationToken ct) =>
        MasterData.Execute<SchoolClass>(session, c, StreamKeys.Class(c.By.SchoolId, c.ClassId),
            async (schoolClass, by) => Decide(schoolClass, by,
                await MasterData.StudentsAsync(session, c.By.SchoolId, c.StudentIds, MoveStudentHandler.MaxStudents, ct),
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

    /// <summary>Why each of <paramref name="ids"/> may not go ahead (a student that does not exist, or what
    /// <paramref name="refusal"/> says of one that does), each error naming its student in "studentId": a command over many
    /// students is refused whole, and the page says which ones stopped it.</summary>
    public static List<DomainError> Refusals(IEnumerable<Guid> ids, IEnumerable<Student> students, Func<Student, Guid, DomainError?> refusal)
    {
        var byId = students.ToDictionary(s => s.StudentId);
        return
        [
            .. ids.Select(id => (Id: id, Error: byId.TryGetValue(id, out var student) ? refusal(student, id) : UpdateStudentHandler.StudentNotFound))
                .Where(x => x.Error is not null)
                .Select(x => x.Error! with { Details = new Dictionary<string, object?>(x.Error.Details ?? new Dictionary<string, object?>()) { ["studentId"] = x.Id } }),
        ];
    }

    /// <summary>Not found only when every refused student is missing; otherwise a conflict with the rosters as they are now.</summary>
    public static OutcomeStatus StatusOf(IReadOnlyList<DomainError> refusals) =>
        refusals.All(e => e.Code == UpdateStudentHandler.StudentNotFound.Code) ? OutcomeStatus.NotFound : OutcomeStatus.Conflict;
}
