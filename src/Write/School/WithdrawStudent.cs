using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Takes one or several students off a class's roster (mutasi keluar, berhenti, lulus), all or none, with one reason:
/// their scores stay in the event store and history, but the class's grids and report cards no longer list them.</summary>
public sealed record WithdrawStudent(Guid CommandId, Guid ClassId, IReadOnlyList<Guid> StudentIds, string? Reason, Actor By, EntrySource Source) : ICommand
{
    public WithdrawStudent(Guid commandId, Guid classId, Guid studentId, string? reason, Actor by, EntrySource source)
        : this(commandId, classId, [studentId], reason, by, source) { }
}

public sealed record StudentWithdrawn(Guid StudentId, string? Reason);

public static class WithdrawStudentHandler
{
    public const int MaxReasonLength = 500;

    public static readonly DomainError NoStudents =
        new("withdraw.no_students", "Centang dulu peserta didik yang akan dikeluarkan dari kelas ini.");

    public static Decision Decide(SchoolClass? schoolClass, Acting by, WithdrawStudent c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (schoolClass is null)
            return Decision.Reject(OutcomeStatus.NotFound, ClassRules.ClassNotFound);
        var ids = (c.StudentIds ?? []).Distinct().ToList();
        if (ids.Count == 0)
            return Decision.Invalid(NoStudents);
        if (ids.Count > MoveStudentHandler.MaxStudents)
            return Decision.Invalid(new DomainError("withdraw.too_many_students",
                $"Paling banyak {MoveStudentHandler.MaxStudents} peserta didik sekali keluar; yang dikirim {ids.Count}."));
        if (ids.Where(id => !schoolClass.StudentIds.Contains(id)).ToList() is { Count: > 0 } absent)
            return Decision.Reject(OutcomeStatus.NotFound,
                [.. absent.Select(id => NotInClass(schoolClass) with { Details = new Dictionary<string, object?> { ["studentId"] = id } })]);
        var reason = Text.Clean(c.Reason);
        return Rules.Check(() => Decision.Append([.. ids.Select(id => new StudentWithdrawn(id, reason))]),
            Text.Optional(reason, "reason", "Alasan", MaxReasonLength));
    }

    /// <summary>Names the student when known: a move of many says which of them is no longer there.</summary>
    public static DomainError NotInClass(SchoolClass schoolClass, Student? student = null) =>
        new("student.not_in_class", student is null
            ? $"Peserta didik ini tidak terdaftar di kelas {schoolClass.Name}."
            : $"{student.Name} tidak lagi terdaftar di kelas {schoolClass.Name} (mungkin baru saja dipindah atau dikeluarkan). Muat ulang halaman kelasnya.");

    public static Task<CommandOutcome> Handle(WithdrawStudent c, IDocumentSession session, CancellationToken ct) =>
        MasterData.Execute<SchoolClass>(session, c, StreamKeys.Class(c.By.SchoolId, c.ClassId),
            (schoolClass, by) => Decide(schoolClass, by, c), ct);
}
