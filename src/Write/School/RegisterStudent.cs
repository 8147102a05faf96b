using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

public sealed record RegisterStudent(
    Guid CommandId, Guid StudentId, string Name, string Nisn, string Nis, string Sex,
    string? BirthPlace, DateOnly? BirthDate, string? Religion, Actor By, EntrySource Source,
    string? Address = null, string? FatherName = null, string? MotherName = null, string? GuardianName = null) : ICommand
{
    public StudentData Data => new(Name, Nisn, Nis, Sex, BirthPlace, BirthDate, Religion, Address, FatherName, MotherName, GuardianName);
}

public sealed record StudentRegistered(
    Guid StudentId, string Name, string Nisn, string Nis, string Sex, string? BirthPlace, DateOnly? BirthDate, string? Religion,
    string? Address = null, string? FatherName = null, string? MotherName = null, string? GuardianName = null)
{
    public static StudentRegistered Of(Guid studentId, StudentData d) =>
        new(studentId, d.Name, d.Nisn, d.Nis, d.Sex, d.BirthPlace, d.BirthDate, d.Religion, d.Address, d.FatherName, d.MotherName, d.GuardianName);
}

public static class RegisterStudentHandler
{
    /// <summary><paramref name="others"/>: the school's students that share the NISN or NIS; <paramref name="today"/>: the school's date.</summary>
    public static Decision Decide(Student? current, Acting by, IEnumerable<Student> others, DateOnly today, RegisterStudent c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (current is not null)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("student.already_registered", "Peserta didik ini sudah terdaftar."));
        var data = c.Data.Normalized();
        var errors = data.Errors(today).ToList();
        if (errors.Count > 0)
            return Decision.Invalid(errors);
        var clashes = StudentData.Clashes(data, c.StudentId, others).ToList();
        return clashes.Count > 0
            ? Decision.Reject(OutcomeStatus.Conflict, clashes)
            : Decision.Append(StudentRegistered.Of(c.StudentId, data));
    }

    public static Task<CommandOutcome> Handle(RegisterStudent c, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var today = SchoolTime.Today(clock);
        return MasterData.Execute<Student>(session, c, StreamKeys.Student(c.By.SchoolId, c.StudentId),
            async (current, by) => Decide(current, by, await SameNumbersAsync(session, c.By.SchoolId, c.Data.Normalized(), today, ct), today, c), ct);
    }

    /// <summary>The students of the school whose NISN or NIS equals one of <paramref name="data"/>'s.</summary>
    public static async Task<IReadOnlyList<Student>> SameNumbersAsync(IQuerySession session, string schoolId, StudentData data, DateOnly today, CancellationToken ct)
    {
        // Invalid numbers are refused by the decision; never send them (a NUL, say) to the database.
        if (data.Errors(today).Any())
            return [];
        var prefix = MasterData.Prefix(schoolId, "student");
        return await session.Query<Student>().Where(s => s.Id.StartsWith(prefix) && (s.Nisn == data.Nisn || s.Nis == data.Nis)).ToListAsync(ct);
    }
}
