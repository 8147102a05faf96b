using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>A user replaces their own password. The web layer has verified the current password and the
/// password rules before hashing; the write side receives only the new hash. Ends the user's other sessions
/// (the security stamp changes) and clears a pending one-time password.</summary>
public sealed record ChangePassword(Guid CommandId, [property: ServerMade] string NewPasswordHash, Actor By, EntrySource Source) : ICommand;

public sealed record PasswordChanged(string PasswordHash);

public static class ChangePasswordHandler
{
    public static Decision Decide(UserAccount? user, ChangePassword c)
    {
        if (user is null || c.By.UserId == Guid.Empty)
            return Decision.Reject(OutcomeStatus.NotFound, AccountRules.UserNotFound);
        if (user.Disabled)
            return Decision.Reject(OutcomeStatus.Forbidden, new DomainError("user.disabled", "Akun ini nonaktif."));
        return Rules.Check(() => Decision.Append(new PasswordChanged(c.NewPasswordHash)),
            Rules.Required(c.NewPasswordHash, "password", "Kata sandi", 1000));
    }

    // The stream is always the sender's own: nobody changes another user's password this way.
    public static Task<CommandOutcome> Handle(ChangePassword c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<UserAccount>(session, c, StreamKeys.User(c.By.SchoolId, c.By.UserId),
            user => Task.FromResult(Decide(user, c)), ct);
}
