using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Moves a student from one class to another class of the same term: both rosters change in one
/// transaction, so the student is never in two classes or in none.</summary>
public sealed record MoveStudent(Guid CommandId, Guid StudentId, Guid FromClassId, Guid ToClassId, Actor By, EntrySource Source);

public sealed record StudentMovedOut(Guid StudentId, Guid ToClassId);

public sealed record StudentMovedIn(Guid StudentId, Guid FromClassId);

public static class MoveStudentHandler
{
    public static MultiDecision Decide(SchoolClass? from, SchoolClass? to, Acting by, Student? student, MoveStudent c)
    {
        if (MasterData.Guard(by) is { } refused)
            return MultiDecision.Reject(refused.Status, [.. refused.Errors]);
        if (from is null || to is null)
            return MultiDecision.Reject(OutcomeStatus.NotFound, ClassRules.ClassNotFound);
        if (student is null)
            return MultiDecision.Reject(OutcomeStatus.NotFound, UpdateStudentHandler.StudentNotFound);
        if (from.ClassId == to.ClassId)
            return MultiDecision.Nothing;
        if (from.TermId != to.TermId)
            return MultiDecision.Reject(OutcomeStatus.Invalid,
                new DomainError("class.other_term", "Peserta didik hanya dapat dipindah ke kelas pada semester yang sama."));
        if (!from.StudentIds.Contains(c.StudentId))
            return MultiDecision.Reject(OutcomeStatus.Conflict, WithdrawStudentHandler.NotInClass(from));
        return MultiDecision.Append(1, Events(c.By.SchoolId, c.StudentId, from.ClassId, to.ClassId));
    }

    /// <summary>The two events of a move, one on each class; the import moves students the same way.</summary>
    public static IReadOnlyList<StreamEvents> Events(string schoolId, Guid studentId, Guid fromClassId, Guid toClassId) =>
    [
        new(StreamKeys.Class(schoolId, fromClassId), typeof(SchoolClass), false, [new StudentMovedOut(studentId, toClassId)]),
        new(StreamKeys.Class(schoolId, toClassId), typeof(SchoolClass), false, [new StudentMovedIn(studentId, fromClassId)]),
    ];

    public static Task<CommandOutcome> Handle(MoveStudent c, IDocumentSession session, CancellationToken ct) =>
        MasterData.ExecuteMany(session, c.CommandId, c.By, c.Source, $"{c.By.SchoolId}/move/{c.CommandId:N}", async by =>
        {
            var school = c.By.SchoolId;
            var from = await session.LoadAsync<SchoolClass>(StreamKeys.Class(school, c.FromClassId), ct);
            var to = await session.LoadAsync<SchoolClass>(StreamKeys.Class(school, c.ToClassId), ct);
            var student = await session.LoadAsync<Student>(StreamKeys.Student(school, c.StudentId), ct);
            return Decide(from, to, by, student, c);
        }, ct);
}
