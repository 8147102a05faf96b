using System.Net;
using System.Net.Sockets;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>How many wrong passwords lock a user name from one client address, and for how long. From every
/// address together it takes <see cref="EveryAddressFactor"/> times as many: a guesser at one place (a student
/// who knows a teacher's user name) cannot lock the teacher out at home, and guesses spread over many
/// addresses still lock the name.</summary>
public sealed record LockoutPolicy(int MaxFailures, TimeSpan Window, TimeSpan Duration)
{
    public const int EveryAddressFactor = 4;

    public static readonly LockoutPolicy Default = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));

    public LockoutPolicy EveryAddress => this with { MaxFailures = MaxFailures * EveryAddressFactor };
}

/// <summary>Recent failed sign-ins of one user name from one client address (<see cref="KeyFor(string, string?)"/>)
/// or from all of them (<see cref="KeyFor(string)"/>), a Marten document keyed by the name as typed (lower
/// case). Kept for names that do not exist too, so that a lockout does not reveal which names do. Single
/// failures are not events (they would flood the audit trail); the lockout itself is, on the account.</summary>
public sealed class SignInThrottle
{
    public string Id { get; set; } = "";
    public List<DateTimeOffset> Failures { get; set; } = [];
    public DateTimeOffset? LockedUntil { get; set; }

    public static string KeyFor(string userName) => userName.Trim().ToLowerInvariant();

    public static string KeyFor(string userName, string? clientAddress) => $"{KeyFor(userName)}@{ClientKey(clientAddress)}";

    /// <summary>A client as the limits count it: an IPv4 address, or an IPv6 client's /64, which it usually
    /// holds whole (counting single addresses would let it rotate freely).</summary>
    public static string ClientKey(string? address)
    {
        if (!IPAddress.TryParse(address, out var ip))
            return "";
        if (ip.IsIPv4MappedToIPv6)
            ip = ip.MapToIPv4();
        if (ip.AddressFamily != AddressFamily.InterNetworkV6)
            return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The two throttles a sign-in from <paramref name="clientAddress"/> is held by, those that exist.</summary>
    public static async Task<IReadOnlyList<SignInThrottle>> LoadAsync(IQuerySession session, string userName, string? clientAddress, CancellationToken ct) =>
        [.. await session.LoadManyAsync<SignInThrottle>(ct, KeyFor(userName), KeyFor(userName, clientAddress))];

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
public sealed record ClearFailedSignIns(string UserName, string? ClientAddress);

public sealed record SignInLockout(bool LockedOut, DateTimeOffset? LockedUntil);

/// <summary>The account was locked after repeated failed sign-ins; <see cref="ClientAddress"/> is where the
/// last attempt came from.</summary>
public sealed record SignInLockedOut(DateTimeOffset Until, int Failures, string? ClientAddress);

public static class RecordFailedSignInHandler
{
    public static async Task<SignInLockout> Handle(RecordFailedSignIn c, IDocumentSession session, LockoutPolicy policy, TimeProvider clock,
        CancellationToken ct)
    {
        var name = SignInThrottle.KeyFor(c.UserName);
        var account = await session.Query<UserAccount>().FirstOrDefaultAsync(u => u.UserName == name, ct);
        // Failures of one account take turns on its stream lock, so parallel guesses are all counted.
        var stream = account is null ? null : await session.Events.FetchForExclusiveWriting<UserAccount>(account.Id, ct);
        var now = clock.GetUtcNow();
        async Task<(SignInThrottle Next, bool LockedNow, LockoutPolicy Policy)> Count(string key, LockoutPolicy counted)
        {
            var (next, lockedNow) = SignInThrottle.AfterFailure(await session.LoadAsync<SignInThrottle>(key, ct), key, now, counted);
            session.Store(next);
            return (next, lockedNow, counted);
        }
        (SignInThrottle Next, bool LockedNow, LockoutPolicy Policy)[] counts =
            [await Count(SignInThrottle.KeyFor(c.UserName, c.ClientAddress), policy), await Count(name, policy.EveryAddress)];
        if (counts.FirstOrDefault(x => x.LockedNow) is { Next: not null } locked && stream is not null)
        {
            session.LastModifiedBy = Acting.SystemUserName;
            session.SetHeader(CommandPipeline.SourceHeader, c.Source.ToString());
            stream.AppendOne(new SignInLockedOut(locked.Next.LockedUntil!.Value, locked.Policy.MaxFailures, c.ClientAddress));
        }
        await session.SaveChangesAsync(ct);
        var until = counts.Max(x => x.Next.LockedUntil);
        return new SignInLockout(until is not null, until);
    }
}

public static class ClearFailedSignInsHandler
{
    public static async Task Handle(ClearFailedSignIns c, IDocumentSession session, CancellationToken ct)
    {
        session.Delete<SignInThrottle>(SignInThrottle.KeyFor(c.UserName));
        session.Delete<SignInThrottle>(SignInThrottle.KeyFor(c.UserName, c.ClientAddress));
        await session.SaveChangesAsync(ct);
    }
}
