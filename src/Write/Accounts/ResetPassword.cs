using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>An admin gives a user a one-time password (generated and hashed by the web layer, shown to the
/// admin once). The user must choose their own at the next sign-in; their sessions end and a sign-in
/// lockout is lifted.</summary>
public sealed record ResetPassword(Guid CommandId, Guid UserId, [property: ServerMade] string TemporaryPasswordHash, Actor By, EntrySource Source) : ICommand;

/// <summary>A one-time password set by an admin (or at registration): it must be changed at first sign-in.</summary>
public sealed record TemporaryPasswordIssued(string PasswordHash);

public static class ResetPasswordHandler
{
    public static Decision Decide(UserAccount? user, Acting by, ResetPassword c)
    {
        if (AccountRules.Guard(user, by) is { } refused)
            return refused;
        return Rules.Check(() => Decision.Append(new TemporaryPasswordIssued(c.TemporaryPasswordHash)),
            Rules.Required(c.TemporaryPasswordHash, "password", "Kata sandi", 1000));
    }

    public static async Task<CommandOutcome> Handle(ResetPassword c, IDocumentSession session, CancellationToken ct)
    {
        var by = await AccountRules.ActingAsync(session, c.By, ct);
        return await CommandPipeline.Execute<UserAccount>(session, c, StreamKeys.User(c.By.SchoolId, c.UserId),
            user =>
            {
                var decision = Decide(user, by, c);
                if (decision.IsAccepted)
                    session.Delete<SignInThrottle>(SignInThrottle.KeyFor(user!.UserName)); // committed with the event
                return Task.FromResult(decision);
            }, ct);
    }
}
