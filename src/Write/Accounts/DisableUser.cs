using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>Stops a user from signing in and ends their sessions (the security stamp changes). Only an
/// admin may; not their own account, and never the last active admin.</summary>
public sealed record DisableUser(Guid CommandId, Guid UserId, string? Reason, Actor By, EntrySource Source) : ICommand;

public sealed record UserDisabled(string? Reason);

public static class DisableUserHandler
{
    public const int MaxReasonLength = 500;

    /// <summary><paramref name="activeAdmins"/>: the school's active admins now, the target included.</summary>
    public static Decision Decide(UserAccount? user, Acting by, int activeAdmins, DisableUser c)
    {
        if (AccountRules.Guard(user, by) is { } refused)
            return refused;
        if (c.UserId == c.By.UserId)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("user.cannot_disable_self", "Anda tidak dapat menonaktifkan akun Anda sendiri."));
        if (user!.Disabled)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("user.already_disabled", "Akun ini sudah nonaktif."));
        if (user.IsActiveAdmin && activeAdmins <= 1)
            return Decision.Reject(OutcomeStatus.Conflict, AccountRules.LastAdmin);
        var reason = string.IsNullOrWhiteSpace(c.Reason) ? null : c.Reason.Trim();
        if (reason is { Length: > MaxReasonLength })
            return Decision.Invalid(new DomainError("reason.too_long", $"Alasan paling banyak {MaxReasonLength} karakter."));
        if (reason is not null && Rules.TextProblem(reason, "Alasan", allowMarkup: true) is { } problem)
            return Decision.Invalid(new DomainError("reason.invalid_characters", problem));
        return Decision.Append(new UserDisabled(reason));
    }

    public static async Task<CommandOutcome> Handle(DisableUser c, IDocumentSession session, CancellationToken ct)
    {
        var by = await AccountRules.ActingAsync(session, c.By, ct);
        return await CommandPipeline.Execute<UserAccount>(session, c, StreamKeys.User(c.By.SchoolId, c.UserId),
            async user => Decide(user, by, user is { IsActiveAdmin: true } ? await AccountRules.ActiveAdminsAsync(session, c.By.SchoolId, ct) : int.MaxValue, c),
            ct);
    }
}
