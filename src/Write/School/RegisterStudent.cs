using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

public sealed record RegisterStudent(
    Guid CommandId, Guid StudentId, string Name, string Nisn, string Nis, string Sex,
    string? BirthPlace, DateOnly? BirthDate, string? Religion, Actor By, EntrySource Source);

public sealed record StudentRegistered(
    Guid StudentId, string Name, string Nisn, string Nis, string Sex, string? BirthPlace, DateOnly? BirthDate, string? Religion);

public static class RegisterStudentHandler
{
    public static Decision Decide(Student? current, RegisterStudent c) =>
        current is not null
            ? Decision.Reject(OutcomeStatus.Conflict, new DomainError("student.already_registered", "Peserta didik ini sudah terdaftar."))
            : Rules.Check(
                () => Decision.Append(new StudentRegistered(c.StudentId, c.Name.Trim(), c.Nisn, c.Nis.Trim(), c.Sex, c.BirthPlace?.Trim(), c.BirthDate, c.Religion?.Trim())),
                Rules.Required(c.Name, "name", "Nama peserta didik"),
                Rules.Digits(c.Nisn, "nisn", "NISN", 10),
                Rules.Required(c.Nis, "nis", "NIS", 30),
                c.Sex is "L" or "P" ? null : new DomainError("sex.invalid", "Jenis kelamin harus L atau P."));

    public static Task<CommandOutcome> Handle(RegisterStudent c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<Student>(session, c.CommandId, c.By, c.Source, StreamKeys.Student(c.By.SchoolId, c.StudentId),
            current => Task.FromResult(Decide(current, c)), ct);
}
