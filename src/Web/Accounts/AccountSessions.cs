using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;
using Marten.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ERaport.Web.Accounts;

/// <summary>Keeps sessions in step with the accounts: every authenticated request checks its cookie against
/// the account snapshot in PostgreSQL (cached briefly, so not every request reads it). A disabled account, a
/// new password or a one-time password from an admin ends the session, and so does its maximum length
/// (<see cref="AccountOptions.MaxSessionLength"/>); a changed role refreshes its claims.
/// As the event store's listener it drops the cached copy of every account whose stream a commit of this node changed,
/// whichever command did it (a role given or taken, a class's wali kelas replaced, a carried-over term, a disabled account,
/// a new password), so this node's sessions follow at once; another node's within <see cref="AccountOptions.SessionCheckSeconds"/>.</summary>
public sealed class AccountSessions(IMemoryCache cache, IOptions<AccountOptions> options) : DocumentSessionListenerBase
{
    /// <summary>How many times an account was forgotten: a look-up that read an account while a change to it committed
    /// does not keep what it read.</summary>
    private long _forgotten;

    private static string Key(string accountStream) => $"eraport/account/{accountStream}";

    /// <summary>A session's account: this node's copy, or what <paramref name="load"/> reads from PostgreSQL, kept for
    /// <see cref="AccountOptions.SessionCheckSeconds"/> unless the account changes.</summary>
    public async Task<UserAccount?> FindAsync(string schoolId, Guid userId, Func<CancellationToken, Task<UserAccount?>> load, CancellationToken ct)
    {
        var key = Key(StreamKeys.User(schoolId, userId));
        if (cache.TryGetValue(key, out UserAccount? cached))
            return cached;
        var forgotten = Interlocked.Read(ref _forgotten);
        var account = await load(ct);
        cache.Set(key, account, TimeSpan.FromSeconds(Math.Max(0, options.Value.SessionCheckSeconds)));
        // Forget counts before it removes: whatever it forgot since the read, this copy may predate it.
        if (Interlocked.Read(ref _forgotten) != forgotten)
            cache.Remove(key);
        return account;
    }

    /// <summary>Called at sign-in, so that the new cookie is checked against the account it was issued from.</summary>
    public void Forget(string schoolId, Guid userId) => Forget(StreamKeys.User(schoolId, userId));

    private void Forget(string accountStream)
    {
        Interlocked.Increment(ref _forgotten);
        cache.Remove(Key(accountStream));
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        foreach (var stream in commit.GetStreams())
            if (StreamKeys.IsUser(stream.Key))
                Forget(stream.Key!);
        return Task.CompletedTask;
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal is null)
            return;
        var services = context.HttpContext.RequestServices;
        var sessions = services.GetRequiredService<AccountSessions>();
        var userId = principal.UserId();
        var schoolId = principal.SchoolId();
        var account = userId == Guid.Empty ? null : await sessions.FindAsync(schoolId, userId, async ct =>
        {
            await using var session = services.GetRequiredService<IDocumentStore>().QuerySession();
            return await AccountRules.LoadAsync(session, schoolId, userId, ct);
        }, context.HttpContext.RequestAborted);
        // A cookie issued before sessions carried their start has none: it ends by being unused, as it always did.
        var signedInAt = principal.SignedInAt();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (account is null || account.Disabled || principal.FindFirst(CurrentUser.StampClaim)?.Value != account.SecurityStamp.ToString()
            || now - signedInAt > services.GetRequiredService<IOptions<AccountOptions>>().Value.MaxSessionLength)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        if (principal.FindFirst(CurrentUser.VersionClaim)?.Value != account.Version.ToString())
        {
            context.ReplacePrincipal(CurrentUser.FromAccount(account, CookieAuthenticationDefaults.AuthenticationScheme, signedInAt ?? now));
            context.ShouldRenew = true;
        }
    }
}
