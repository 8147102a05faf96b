using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>Gives a user a role: admin (school-wide), kepala sekolah or guru for a term, wali kelas of one
/// class in a term. Only an admin may. The wali kelas named on the class is the one source of truth
/// (<see cref="HomeroomTeacherRole"/>): the wali kelas role of a class without one names the user on the class too (an active
/// account with the guru role, as the class form asks);
/// that of a class whose wali kelas is someone else is refused, as replacing a wali kelas is done on the class.</summary>
public sealed record GrantRole(Guid CommandId, Guid UserId, RoleGrant Grant, Actor By, EntrySource Source) : ICommand;

public static class GrantRoleHandler
{
    /// <summary><paramref name="term"/> and <paramref name="schoolClass"/> are what the grant names, loaded
    /// from this school's streams (null when it names none or they do not exist).</summary>
    public static Decision Decide(UserAccount? user, Acting by, Term? term, SchoolClass? schoolClass, GrantRole c)
    {
        if (AccountRules.Guard(user, by) is { } refused)
            return refused;
        if (AccountRules.Shape(c.Grant) is { } shape)
            return Decision.Invalid(shape);
        if (TermMissing(c.Grant, term) is { } missing)
            return missing;
        if (c.Grant.ClassId is not null && (schoolClass is null || schoolClass.TermId != c.Grant.TermId))
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("class.not_found", "Kelas tidak ditemukan di semester ini."));
        if (user!.Roles.Contains(c.Grant))
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("role.already_granted", "Pengguna ini sudah memiliki peran tersebut."));
        return Decision.Append(new RoleGranted(c.Grant));
    }

    /// <summary>A role of a term names one of this school's terms: <paramref name="term"/> is the one <paramref name="grant"/> names,
    /// as loaded (null when it names none or it does not exist). Registering an account with roles asks the same.</summary>
    public static Decision? TermMissing(RoleGrant grant, Term? term) =>
        grant.TermId is not null && term is null ? Decision.Reject(OutcomeStatus.NotFound, UpdateTermHandler.TermNotFound) : null;

    /// <summary>The wali kelas role of a class, decided with the class: <paramref name="accounts"/> are the school's accounts
    /// named or holding the class's role, the user's own among them (<see cref="HomeroomTeacherRole.AccountsAsync"/>).</summary>
    public static MultiDecision DecideWithClass(Acting by, Term? term, SchoolClass? schoolClass, IReadOnlyList<UserAccount> accounts, GrantRole c)
    {
        var user = accounts.FirstOrDefault(a => a.UserId == c.UserId);
        var decision = Decide(user, by, term, schoolClass, c);
        if (!decision.IsAccepted || c.Grant.Role != Role.HomeroomTeacher)
            return MultiDecision.From(decision, StreamKeys.User(by.By.SchoolId, c.UserId), typeof(UserAccount));
        var k = schoolClass!; // Decide refuses a wali kelas role without its class
        if (k.HomeroomTeacherId is { } named && named != c.UserId)
            return MultiDecision.Reject(OutcomeStatus.Conflict, new DomainError("role.homeroom_named_on_class",
                $"Wali kelas {k.Name} adalah {accounts.FirstOrDefault(a => a.UserId == named)?.DisplayName ?? "guru lain"}. Ganti wali kelas di halaman kelas " +
                $"{k.Name} (Data induk › Kelas): perannya ikut berpindah.", new Dictionary<string, object?> { ["classId"] = k.ClassId }));
        // Naming the account on the class asks what the class form asks (ClassRules.Teacher); a disabled account named before
        // is refused too, rather than answered with a role it would not get.
        if ((k.HomeroomTeacherId is null || user!.Disabled) && ClassRules.Teacher(c.UserId, user, by) is { } refusal)
            return MultiDecision.Reject(OutcomeStatus.Invalid, refusal);
        Decision onClass = k.HomeroomTeacherId is null ? Decision.Append(new ClassUpdated(k.ClassId, k.TermId, k.Name, k.Level, k.Phase, c.UserId)) : Decision.Nothing;
        return HomeroomTeacherRole.With(onClass, by.By.SchoolId, false, new NamedHomeroomTeacher(k.ClassId, k.TermId, c.UserId), accounts);
    }

    public static async Task<CommandOutcome> Handle(GrantRole c, IDocumentSession session, CancellationToken ct)
    {
        var school = c.By.SchoolId;
        if (c.Grant is { Role: Role.HomeroomTeacher, ClassId: { } homeroomClassId })
            // Under the school's master-data lock, as every class change; receipted under the user's stream key as before.
            return await MasterData.ExecuteMany(session, c, StreamKeys.User(school, c.UserId), async (by, locks) =>
            {
                var term = c.Grant.TermId is { } id ? await session.LoadAsync<Term>(StreamKeys.Term(school, id), ct) : null;
                var k = await session.LoadAsync<SchoolClass>(StreamKeys.Class(school, homeroomClassId), ct);
                var accounts = await HomeroomTeacherRole.AccountsAsync(session, locks, school,
                    [new(homeroomClassId, k?.TermId ?? Guid.Empty, c.UserId), .. k is null ? [] : new[] { new NamedHomeroomTeacher(k.ClassId, k.TermId, k.HomeroomTeacherId) }], ct);
                return DecideWithClass(by, term, k, accounts, c);
            }, ct);
        var by = await AccountRules.ActingAsync(session, c.By, ct);
        var term = c.Grant?.TermId is { } termId ? await session.LoadAsync<Term>(StreamKeys.Term(school, termId), ct) : null;
        var schoolClass = c.Grant?.ClassId is { } classId ? await session.LoadAsync<SchoolClass>(StreamKeys.Class(school, classId), ct) : null;
        return await CommandPipeline.Execute<UserAccount>(session, c, StreamKeys.User(school, c.UserId),
            user => Task.FromResult(Decide(user, by, term, schoolClass, c)), ct);
    }
}
