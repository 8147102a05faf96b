using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Takes a student off a class's roster (mutasi keluar, berhenti): their scores stay in the event
/// store and history, but the class's grids and report cards no longer list them.</summary>
public sealed record WithdrawStudent(Guid CommandId, Guid ClassId, Guid StudentId, string? Reason, Actor By, EntrySource Source);

public sealed record StudentWithdrawn(Guid StudentId, string? Reason);

public static class WithdrawStudentHandler
{
    public const int MaxReasonLength = 500;

    public static Decision Decide(SchoolClass? schoolClass, Acting by, WithdrawStudent c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (schoolClass is null)
            return Decision.Reject(OutcomeStatus.NotFound, ClassRules.ClassNotFound);
        if (!schoolClass.StudentIds.Contains(c.StudentId))
            return Decision.Reject(OutcomeStatus.NotFound, NotInClass(schoolClass));
        var reason = Text.Clean(c.Reason);
        return Rules.Check(() => Decision.Append(new StudentWithdrawn(c.StudentId, reason)), Text.Optional(reason, "reason", "Alasan", MaxReasonLength));
    }

    /// <summary>Names the student when known: a move of many says which of them is no longer there.</summary>
    public static DomainError NotInClass(SchoolClass schoolClass, Student? student = null) =>
        new("student.not_in_class", student is null
            ? $"Peserta didik ini tidak terdaftar di kelas {schoolClass.Name}."
            : $"{student.Name} tidak lagi terdaftar di kelas {schoolClass.Name} (mungkin baru saja dipindah atau dikeluarkan). Muat ulang halaman kelasnya.");

    public static Task<CommandOutcome> Handle(WithdrawStudent c, IDocumentSession session, CancellationToken ct) =>
        MasterData.Execute<SchoolClass>(session, c.CommandId, c.By, c.Source, StreamKeys.Class(c.By.SchoolId, c.ClassId),
            (schoolClass, by) => Decide(schoolClass, by, c), ct);
}
