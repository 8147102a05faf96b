using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>An admin lifts a sign-in lockout before it runs out.</summary>
public sealed record UnlockUser(Guid CommandId, Guid UserId, Actor By, EntrySource Source) : ICommand;

public sealed record UserUnlocked;

public static class UnlockUserHandler
{
    public static Decision Decide(UserAccount? user, Acting by, bool lockedOut, UnlockUser c)
    {
        if (AccountRules.Guard(user, by) is { } refused)
            return refused;
        if (!lockedOut)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("user.not_locked", "Akun ini tidak sedang terkunci."));
        return Decision.Append(new UserUnlocked());
    }

    public static async Task<CommandOutcome> Handle(UnlockUser c, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var by = await AccountRules.ActingAsync(session, c.By, ct);
        return await CommandPipeline.Execute<UserAccount>(session, c, StreamKeys.User(c.By.SchoolId, c.UserId),
            async user =>
            {
                // The name's own throttle and those of each address it was tried from.
                var key = user is null ? "" : SignInThrottle.KeyFor(user.UserName);
                var throttles = user is null ? [] : await session.Query<SignInThrottle>().Where(t => t.Id == key || t.Id.StartsWith(key + "@")).ToListAsync(ct);
                var now = clock.GetUtcNow();
                var decision = Decide(user, by, throttles.Any(t => t.IsLockedOut(now)), c);
                if (decision.IsAccepted)
                    foreach (var throttle in throttles)
                        session.Delete(throttle); // committed with the event
                return decision;
            }, ct);
    }
}
