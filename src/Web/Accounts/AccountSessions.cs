using System.Collections.Concurrent;
using ERaport.Write.Accounts;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ERaport.Web.Accounts;

/// <summary>Keeps sessions in step with the accounts: every authenticated request checks its cookie against
/// the account snapshot in PostgreSQL (cached briefly, so not every request reads it). A disabled account, a
/// new password or a one-time password from an admin ends the session, and so does its maximum length
/// (<see cref="AccountOptions.MaxSessionLength"/>); a changed role refreshes its claims.</summary>
public sealed class AccountSessions(IDocumentStore store, IMemoryCache cache, IOptions<AccountOptions> options)
{
    /// <summary>Bumped by <see cref="ForgetSchool"/>: cached accounts of an earlier generation are no longer found.</summary>
    private readonly ConcurrentDictionary<string, long> _generations = new();

    private string Key(string schoolId, Guid userId) => $"eraport/account/{schoolId}/{_generations.GetValueOrDefault(schoolId)}/{userId:N}";

    public async Task<UserAccount?> FindAsync(string schoolId, Guid userId, CancellationToken ct)
    {
        if (cache.TryGetValue(Key(schoolId, userId), out UserAccount? cached))
            return cached;
        await using var session = store.QuerySession();
        var account = await AccountRules.LoadAsync(session, schoolId, userId, ct);
        cache.Set(Key(schoolId, userId), account, TimeSpan.FromSeconds(Math.Max(0, options.Value.SessionCheckSeconds)));
        return account;
    }

    /// <summary>Called after this node changed an account, so its sessions follow at once.</summary>
    public void Forget(string schoolId, Guid userId) => cache.Remove(Key(schoolId, userId));

    /// <summary>Called after this node changed roles of accounts it cannot name beforehand (a class's wali kelas replaced: the
    /// one before is known only inside the command), so every session of the school checks its account again.</summary>
    public void ForgetSchool(string schoolId) => _generations.AddOrUpdate(schoolId, 1, (_, generation) => generation + 1);

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        if (principal is null)
            return;
        var services = context.HttpContext.RequestServices;
        var sessions = services.GetRequiredService<AccountSessions>();
        var userId = principal.UserId();
        var account = userId == Guid.Empty ? null : await sessions.FindAsync(principal.SchoolId(), userId, context.HttpContext.RequestAborted);
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
