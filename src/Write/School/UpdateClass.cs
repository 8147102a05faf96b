using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Renames a class, corrects its level (tingkat) and phase (fase), or names its wali kelas (printed
/// on its report cards; null: none). The wali kelas role follows in the same transaction
/// (<see cref="HomeroomTeacherRole"/>): the teacher named gets it, the one replaced or removed loses it.</summary>
public sealed record UpdateClass(
    Guid CommandId, Guid ClassId, string Name, int Level, string Phase, Guid? HomeroomTeacherId, Actor By, EntrySource Source) : ICommand;

/// <summary>The class after the change (the whole row, so readers need nothing else).</summary>
public sealed record ClassUpdated(Guid ClassId, Guid TermId, string Name, int Level, string Phase, Guid? HomeroomTeacherId);

public static class UpdateClassHandler
{
    /// <summary><paramref name="teacher"/>: the account named as homeroom teacher, if any; <paramref name="lastLevel"/>: the school's
    /// last tingkat (<see cref="SchoolProfileData.LastLevel"/>).</summary>
    public static Decision Decide(SchoolClass? current, Acting by, Term? term, IEnumerable<SchoolClass> classesOfTerm, UserAccount? teacher, UpdateClass c,
        int lastLevel = SchoolProfileData.ThreeYearLastLevel)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (current is null || term is null)
            return Decision.Reject(OutcomeStatus.NotFound, ClassRules.ClassNotFound);
        var name = Text.Clean(c.Name) ?? "";
        var phase = ClassRules.Phase(c.Phase, c.Level);
        var teacherId = TeacherIdOf(c);
        var updated = new ClassUpdated(current.ClassId, current.TermId, name, c.Level, phase, teacherId);
        var check = Rules.Check(
            () => updated == new ClassUpdated(current.ClassId, current.TermId, current.Name, current.Level, current.Phase, current.HomeroomTeacherId)
                ? Decision.Nothing
                : Decision.Append(updated),
            // A teacher disabled after being named stays until changed; only a new name is checked. So is a class stored at a tingkat
            // above the school's last (a XIII from before the four-year program was chosen): it can still be renamed.
            [.. ClassRules.Errors(name, c.Level, phase, Math.Max(lastLevel, current.Level)), teacherId == current.HomeroomTeacherId ? null : ClassRules.Teacher(teacherId, teacher, by)]);
        if (check.IsAccepted && ClassRules.SameName(classesOfTerm.Where(k => k.TermId == current.TermId), name, current.ClassId) is { } same)
            return Decision.Reject(OutcomeStatus.Conflict, ClassRules.NameTaken(same, term));
        return check;
    }

    /// <summary>The class decision and the role events that follow it; <paramref name="accounts"/>: the school's accounts named
    /// or holding this class's wali kelas role (<see cref="HomeroomTeacherRole.AccountsAsync"/>).</summary>
    public static MultiDecision DecideWithRoles(SchoolClass? current, Acting by, Term? term, IEnumerable<SchoolClass> classesOfTerm, IReadOnlyList<UserAccount> accounts, UpdateClass c,
        int lastLevel = SchoolProfileData.ThreeYearLastLevel)
    {
        var teacherId = TeacherIdOf(c);
        var decision = Decide(current, by, term, classesOfTerm, accounts.FirstOrDefault(a => a.UserId == teacherId), c, lastLevel);
        return current is null
            ? MultiDecision.Reject(decision.Status, [.. decision.Errors])
            : HomeroomTeacherRole.With(decision, by.By.SchoolId, false, new NamedHomeroomTeacher(current.ClassId, current.TermId, teacherId), accounts);
    }

    private static Guid? TeacherIdOf(UpdateClass c) => c.HomeroomTeacherId == Guid.Empty ? null : c.HomeroomTeacherId;

    /// <summary>Receipted under the class's stream key, as before the roles came along, so a command sent again still answers.</summary>
    public static Task<CommandOutcome> Handle(UpdateClass c, IDocumentSession session, CancellationToken ct) =>
        MasterData.ExecuteMany(session, c, StreamKeys.Class(c.By.SchoolId, c.ClassId), async (by, locks) =>
        {
            var school = c.By.SchoolId;
            if (await session.LoadAsync<SchoolClass>(StreamKeys.Class(school, c.ClassId), ct) is not { } current)
                return DecideWithRoles(null, by, null, [], [], c);
            var accounts = await HomeroomTeacherRole.AccountsAsync(session, locks, school,
                [new(current.ClassId, current.TermId, current.HomeroomTeacherId), new(current.ClassId, current.TermId, TeacherIdOf(c))], ct);
            return DecideWithRoles(current, by, await session.LoadAsync<Term>(StreamKeys.Term(school, current.TermId), ct),
                await MasterData.ClassesOfTermAsync(session, school, current.TermId, ct), accounts, c, await MasterData.LastLevelAsync(session, school, ct));
        }, ct);
}
