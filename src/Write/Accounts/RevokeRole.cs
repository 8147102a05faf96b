using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>Takes a role away. Only an admin may, and never the last active admin's admin role. Taking the wali kelas role
/// from the wali kelas named on the class also leaves the class without one (<see cref="HomeroomTeacherRole"/>).</summary>
public sealed record RevokeRole(Guid CommandId, Guid UserId, RoleGrant Grant, Actor By, EntrySource Source);

public sealed record RoleRevoked(RoleGrant Grant);

public static class RevokeRoleHandler
{
    /// <summary><paramref name="activeAdmins"/>: the school's active admins now, the target included.</summary>
    public static Decision Decide(UserAccount? user, Acting by, int activeAdmins, RevokeRole c)
    {
        if (AccountRules.Guard(user, by) is { } refused)
            return refused;
        if (c.Grant is null || !user!.Roles.Contains(c.Grant))
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("role.not_granted", "Pengguna ini tidak memiliki peran tersebut."));
        if (c.Grant.Role == Role.Admin && user.IsActiveAdmin && activeAdmins <= 1)
            return Decision.Reject(OutcomeStatus.Conflict, AccountRules.LastAdmin);
        return Decision.Append(new RoleRevoked(c.Grant));
    }

    /// <summary>The wali kelas role, decided with its class: <paramref name="accounts"/> are the school's accounts named or
    /// holding the class's role, the user's own among them. A role held without being named (given before the class form
    /// gave it) just goes.</summary>
    public static MultiDecision DecideWithClass(Acting by, SchoolClass? schoolClass, IReadOnlyList<UserAccount> accounts, RevokeRole c)
    {
        var decision = Decide(accounts.FirstOrDefault(a => a.UserId == c.UserId), by, int.MaxValue, c);
        if (!decision.IsAccepted || schoolClass is not { } k || k.HomeroomTeacherId != c.UserId || k.TermId != c.Grant.TermId)
            return MultiDecision.From(decision, StreamKeys.User(by.By.SchoolId, c.UserId), typeof(UserAccount));
        return HomeroomTeacherRole.With(Decision.Append(new ClassUpdated(k.ClassId, k.TermId, k.Name, k.Level, k.Phase, null)), by.By.SchoolId, false,
            new NamedHomeroomTeacher(k.ClassId, k.TermId, null), accounts);
    }

    public static async Task<CommandOutcome> Handle(RevokeRole c, IDocumentSession session, CancellationToken ct)
    {
        if (c.Grant is { Role: Role.HomeroomTeacher, ClassId: { } classId })
            // Under the school's master-data lock, as every class change; receipted under the user's stream key as before.
            return await MasterData.ExecuteMany(session, c.CommandId, c.By, c.Source, StreamKeys.User(c.By.SchoolId, c.UserId), async (by, locks) =>
            {
                var k = await session.LoadAsync<SchoolClass>(StreamKeys.Class(c.By.SchoolId, classId), ct);
                var accounts = await HomeroomTeacherRole.AccountsAsync(session, locks, c.By.SchoolId,
                    [new(classId, c.Grant.TermId ?? Guid.Empty, c.UserId), .. k is null ? [] : new[] { new NamedHomeroomTeacher(k.ClassId, k.TermId, k.HomeroomTeacherId) }], ct);
                return DecideWithClass(by, k, accounts, c);
            }, ct);
        var by = await AccountRules.ActingAsync(session, c.By, ct);
        return await CommandPipeline.Execute<UserAccount>(session, c.CommandId, c.By, c.Source, StreamKeys.User(c.By.SchoolId, c.UserId),
            async user => Decide(user, by,
                c.Grant?.Role == Role.Admin ? await AccountRules.ActiveAdminsAsync(session, c.By.SchoolId, ct) : int.MaxValue, c), ct);
    }
}
