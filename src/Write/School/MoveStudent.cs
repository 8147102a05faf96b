using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Moves one or several students from one class to another class of the same term: both rosters change in
/// one transaction, so no student is ever in two classes or in none, and one student who may not move stops the
/// whole move (the class page ticks several and moves them with one post).</summary>
public sealed record MoveStudent(Guid CommandId, IReadOnlyList<Guid> StudentIds, Guid FromClassId, Guid ToClassId, Actor By, EntrySource Source) : ICommand
{
    public MoveStudent(Guid commandId, Guid studentId, Guid fromClassId, Guid toClassId, Actor by, EntrySource source)
        : this(commandId, [studentId], fromClassId, toClassId, by, source) { }
}

public sealed record StudentMovedOut(Guid StudentId, Guid ToClassId);

public sealed record StudentMovedIn(Guid StudentId, Guid FromClassId);

public static class MoveStudentHandler
{
    /// <summary>More than a class holds: a list this long is a mistake, not a roster.</summary>
    public const int MaxStudents = 100;

    public static readonly DomainError NoStudents =
        new("move.no_students", "Centang dulu peserta didik yang akan dipindah, lalu pilih kelas tujuannya.");

    /// <summary><paramref name="students"/>: those of <see cref="MoveStudent.StudentIds"/> that exist.</summary>
    public static MultiDecision Decide(SchoolClass? from, SchoolClass? to, Acting by, IReadOnlyCollection<Student> students, MoveStudent c)
    {
        if (MasterData.Guard(by) is { } refused)
            return MultiDecision.Reject(refused.Status, [.. refused.Errors]);
        if (from is null || to is null)
            return MultiDecision.Reject(OutcomeStatus.NotFound, ClassRules.ClassNotFound);
        var ids = (c.StudentIds ?? []).Distinct().ToList();
        if (ids.Count == 0)
            return MultiDecision.Reject(OutcomeStatus.Invalid, NoStudents);
        if (ids.Count > MaxStudents)
            return MultiDecision.Reject(OutcomeStatus.Invalid,
                new DomainError("move.too_many_students", $"Paling banyak {MaxStudents} peserta didik sekali pindah; yang dikirim {ids.Count}."));
        if (from.ClassId == to.ClassId)
            return MultiDecision.Nothing;
        if (from.TermId != to.TermId)
            return MultiDecision.Reject(OutcomeStatus.Invalid,
                new DomainError("class.other_term", "Peserta didik hanya dapat dipindah ke kelas pada semester yang sama."));
        if (Roster.Refusals(ids, students, (student, id) => from.StudentIds.Contains(id) ? null : WithdrawStudentHandler.NotInClass(from, student))
            is { Count: > 0 } errors)
            return MultiDecision.Reject(Roster.StatusOf(errors), errors);
        return MultiDecision.Append(ids.Count, Events(c.By.SchoolId, ids, from.ClassId, to.ClassId));
    }

    /// <summary>The events of a move, one stream per class; the import moves students the same way.</summary>
    public static IReadOnlyList<StreamEvents> Events(string schoolId, IReadOnlyList<Guid> studentIds, Guid fromClassId, Guid toClassId) =>
    [
        new(StreamKeys.Class(schoolId, fromClassId), typeof(SchoolClass), false, [.. studentIds.Select(id => new StudentMovedOut(id, toClassId))]),
        new(StreamKeys.Class(schoolId, toClassId), typeof(SchoolClass), false, [.. studentIds.Select(id => new StudentMovedIn(id, fromClassId))]),
    ];

    public static Task<CommandOutcome> Handle(MoveStudent c, IDocumentSession session, CancellationToken ct) =>
        MasterData.ExecuteMany(session, c, $"{c.By.SchoolId}/move/{c.CommandId:N}", async by =>
        {
            var school = c.By.SchoolId;
            var from = await session.LoadAsync<SchoolClass>(StreamKeys.Class(school, c.FromClassId), ct);
            var to = await session.LoadAsync<SchoolClass>(StreamKeys.Class(school, c.ToClassId), ct);
            return Decide(from, to, by, await MasterData.StudentsAsync(session, school, c.StudentIds, MaxStudents, ct), c);
        }, ct);
}
