using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Replaces a student's data (name, NISN, NIS, sex, birth, religion, address, parents).</summary>
public sealed record UpdateStudent(Guid CommandId, Guid StudentId, StudentData Data, Actor By, EntrySource Source) : ICommand;

/// <summary>The student's data after the change; <see cref="Changed"/> names the fields that differ and <see cref="Before"/> holds
/// the data as it was (events stored before 2026-11-29 lack it), so the history can say what a field was.</summary>
public sealed record StudentUpdated(Guid StudentId, StudentData Data, IReadOnlyList<string> Changed, StudentData? Before = null);

public static class UpdateStudentHandler
{
    /// <summary><paramref name="others"/>: the school's students that share the NISN or NIS; <paramref name="today"/>: the school's date.</summary>
    public static Decision Decide(Student? current, Acting by, IEnumerable<Student> others, DateOnly today, UpdateStudent c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (current is null)
            return Decision.Reject(OutcomeStatus.NotFound, StudentNotFound);
        var data = (c.Data ?? current.Data).Normalized();
        var errors = data.Errors(today).ToList();
        if (errors.Count > 0)
            return Decision.Invalid(errors);
        var clashes = StudentData.Clashes(data, current.StudentId, others).ToList();
        if (clashes.Count > 0)
            return Decision.Reject(OutcomeStatus.Conflict, clashes);
        var changed = data.ChangedFrom(current.Data);
        return changed.Count == 0 ? Decision.Nothing : Decision.Append(new StudentUpdated(current.StudentId, data, changed, current.Data));
    }

    public static readonly DomainError StudentNotFound = new("student.not_found", "Peserta didik tidak ditemukan.");

    public static Task<CommandOutcome> Handle(UpdateStudent c, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var today = SchoolTime.Today(clock);
        return MasterData.Execute<Student>(session, c, StreamKeys.Student(c.By.SchoolId, c.StudentId),
            async (current, by) => Decide(current, by,
                c.Data is null ? [] : await RegisterStudentHandler.SameNumbersAsync(session, c.By.SchoolId, c.Data.Normalized(), today, ct), today, c), ct);
    }
}
