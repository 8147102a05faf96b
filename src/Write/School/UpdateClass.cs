using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Renames a class, corrects its level (tingkat) and phase (fase), or names its wali kelas (printed
/// on its report cards; null: none). What a homeroom teacher may do in E-Raport comes from the wali kelas
/// role, which the admin grants on the Pengguna page.</summary>
public sealed record UpdateClass(
    Guid CommandId, Guid ClassId, string Name, int Level, string Phase, Guid? HomeroomTeacherId, Actor By, EntrySource Source);

/// <summary>The class after the change (the whole row, so readers need nothing else).</summary>
public sealed record ClassUpdated(Guid ClassId, Guid TermId, string Name, int Level, string Phase, Guid? HomeroomTeacherId);

public static class UpdateClassHandler
{
    /// <summary><paramref name="teacher"/>: the account named as homeroom teacher, if any.</summary>
    public static Decision Decide(SchoolClass? current, Acting by, Term? term, IEnumerable<SchoolClass> classesOfTerm, UserAccount? teacher, UpdateClass c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (current is null || term is null)
            return Decision.Reject(OutcomeStatus.NotFound, ClassRules.ClassNotFound);
        var name = Text.Clean(c.Name) ?? "";
        var phase = ClassRules.Phase(c.Phase, c.Level);
        var teacherId = c.HomeroomTeacherId == Guid.Empty ? null : c.HomeroomTeacherId;
        var updated = new ClassUpdated(current.ClassId, current.TermId, name, c.Level, phase, teacherId);
        var check = Rules.Check(
            () => updated == new ClassUpdated(current.ClassId, current.TermId, current.Name, current.Level, current.Phase, current.HomeroomTeacherId)
                ? Decision.Nothing
                : Decision.Append(updated),
            // A teacher disabled after being named stays until changed; only a new name is checked.
            [.. ClassRules.Errors(name, c.Level, phase), teacherId == current.HomeroomTeacherId ? null : ClassRules.Teacher(teacherId, teacher, by)]);
        if (check.IsAccepted && ClassRules.SameName(classesOfTerm.Where(k => k.TermId == current.TermId), name, current.ClassId) is { } same)
            return Decision.Reject(OutcomeStatus.Conflict, ClassRules.NameTaken(same, term));
        return check;
    }

    public static Task<CommandOutcome> Handle(UpdateClass c, IDocumentSession session, CancellationToken ct) =>
        MasterData.Execute<SchoolClass>(session, c.CommandId, c.By, c.Source, StreamKeys.Class(c.By.SchoolId, c.ClassId),
            async (current, by) => current is null
                ? Decide(null, by, null, [], null, c)
                : Decide(current, by, await session.LoadAsync<Term>(StreamKeys.Term(c.By.SchoolId, current.TermId), ct),
                    await MasterData.ClassesOfTermAsync(session, c.By.SchoolId, current.TermId, ct),
                    c.HomeroomTeacherId is { } id && id != Guid.Empty ? await AccountRules.LoadAsync(session, c.By.SchoolId, id, ct) : null, c), ct);
}
