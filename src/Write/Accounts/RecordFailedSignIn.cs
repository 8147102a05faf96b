using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>How many wrong passwords lock a user name, and for how long.</summary>
public sealed record LockoutPolicy(int MaxFailures, TimeSpan Window, TimeSpan Duration)
{
    public static readonly LockoutPolicy Default = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));
}

/// <summary>Recent failed sign-ins of one user name, a Marten document keyed by the name as typed (lower
/// case). Kept for names that do not exist too, so that a lockout does not reveal which names do. Single
/// failures are not events (they would flood the audit trail); the lockout itself is, on the account.</summary>
public sealed class SignInThrottle
{
    public string Id { get; set; } = "";
    public List<DateTimeOffset> Failures { get; set; } = [];
    public DateTimeOffset? LockedUntil { get; set; }

    public static string KeyFor(string userName) => userName.Trim().ToLowerInvariant();

    public bool IsLockedOut(DateTimeOffset now) => LockedUntil > now;

    /// <summary>The state after one more failure at <paramref name="now"/>, and whether it starts a lockout.
    /// Failures older than the window are forgotten; a lockout starts afresh once it has run out.</summary>
    public static (SignInThrottle Next, bool LockedNow) AfterFailure(SignInThrottle? current, string key, DateTimeOffset now, LockoutPolicy policy)
    {
        if (current is not null && current.IsLockedOut(now))
            return (current, false);
        var failures = (current?.Failures ?? []).Where(f => f > now - policy.Window).Append(now).ToList();
        return failures.Count >= policy.MaxFailures
            ? (new SignInThrottle { Id = key, LockedUntil = now + policy.Duration }, true)
            : (new SignInThrottle { Id = key, Failures = failures }, false);
    }
}

/// <summary>A wrong password (or an unknown user name) was given at sign-in. Answers whether the name is now
/// locked out. Not idempotent on purpose: every attempt counts.</summary>
public sealed record RecordFailedSignIn(string UserName, string? ClientAddress, EntrySource Source);

/// <summary>A correct password was given: the failures so far are forgotten.</summary>
public sealed record ClearFailedSignIns(string UserName);

public sealed record SignInLockout(bool LockedOut, DateTimeOffset? LockedUntil);

/// <summary>The account was locked after repeated failed sign-ins; <see cref="ClientAddress"/> is where the
/// last attempt came from.</summary>
public sealed record SignInLockedOut(DateTimeOffset Until, int Failures, string? ClientAddress);

public static class RecordFailedSignInHandler
{
    public static async Task<SignInLockout> Handle(RecordFailedSignIn c, IDocumentSession session, LockoutPolicy policy, TimeProvider clock,
        CancellationToken ct)
    {
        var key = SignInThrottle.KeyFor(c.UserName);
        var account = await session.Query<UserAccount>().FirstOrDefaultAsync(u => u.UserName == key, ct);
        // Failures of one account take turns on its stream lock, so parallel guesses are all counted.
        var stream = account is null ? null : await session.Events.FetchForExclusiveWriting<UserAccount>(account.Id, ct);
        var (next, lockedNow) = SignInThrottle.AfterFailure(await session.LoadAsync<SignInThrottle>(key, ct), key, clock.GetUtcNow(), policy);
        session.Store(next);
        if (lockedNow && stream is not null)
        {
            session.LastModifiedBy = Acting.SystemUserName;
            session.SetHeader(CommandPipeline.SourceHeader, c.Source.ToString());
            stream.AppendOne(new SignInLockedOut(next.LockedUntil!.Value, policy.MaxFailures, c.ClientAddress));
        }
        await session.SaveChangesAsync(ct);
        return new SignInLockout(next.LockedUntil is not null, next.LockedUntil);
    }
}

public static class ClearFailedSignInsHandler
{
    public static async Task Handle(ClearFailedSignIns c, IDocumentSession session, CancellationToken ct)
    {
        session.Delete<SignInThrottle>(SignInThrottle.KeyFor(c.UserName));
        await session.SaveChangesAsync(ct);
    }
}
