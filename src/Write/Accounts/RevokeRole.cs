using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>Takes a role away. Only an admin may, and never the last active admin's admin role.</summary>
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

    public static async Task<CommandOutcome> Handle(RevokeRole c, IDocumentSession session, CancellationToken ct)
    {
        var by = await AccountRules.ActingAsync(session, c.By, ct);
        return await CommandPipeline.Execute<UserAccount>(session, c.CommandId, c.By, c.Source, StreamKeys.User(c.By.SchoolId, c.UserId),
            async user => Decide(user, by,
                c.Grant?.Role == Role.Admin ? await AccountRules.ActiveAdminsAsync(session, c.By.SchoolId, ct) : int.MaxValue, c), ct);
    }
}
