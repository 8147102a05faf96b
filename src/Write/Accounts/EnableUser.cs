using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>Lets a disabled user sign in again. Only an admin may.</summary>
public sealed record EnableUser(Guid CommandId, Guid UserId, Actor By, EntrySource Source) : ICommand;

public sealed record UserEnabled;

public static class EnableUserHandler
{
    public static Decision Decide(UserAccount? user, Acting by, EnableUser c)
    {
        if (AccountRules.Guard(user, by) is { } refused)
            return refused;
        if (!user!.Disabled)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("user.not_disabled", "Akun ini sudah aktif."));
        return Decision.Append(new UserEnabled());
    }

    public static async Task<CommandOutcome> Handle(EnableUser c, IDocumentSession session, CancellationToken ct)
    {
        var by = await AccountRules.ActingAsync(session, c.By, ct);
        return await CommandPipeline.Execute<UserAccount>(session, c, StreamKeys.User(c.By.SchoolId, c.UserId),
            user => Task.FromResult(Decide(user, by, c)), ct);
    }
}
