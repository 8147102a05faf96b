using ERaport.Write.Accounts;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace ERaport.Web.Accounts;

/// <summary>Checks a user name and password against the account snapshot in PostgreSQL (so sign-in works
/// while the read model is rebuilt) and issues the authentication cookie.</summary>
public sealed class SignIn(IQuerySession session, IPasswordHasher<UserAccount> hasher)
{
    // Verifying against a throwaway hash when the user does not exist keeps the answer time the same,
    // so that response times do not reveal which user names exist.
    private static readonly Lazy<string> UnknownUserHash = new(() => new PasswordHasher<UserAccount>().HashPassword(new UserAccount(), Guid.NewGuid().ToString()));

    public async Task<bool> SignInAsync(HttpContext context, string? userName, string? password, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || userName.Length > 100 || password.Length > 1000)
            return false;
        var name = userName.Trim().ToLowerInvariant();
        var account = await session.Query<UserAccount>().FirstOrDefaultAsync(u => u.UserName == name, ct);
        var result = hasher.VerifyHashedPassword(account ?? new UserAccount(), account?.PasswordHash ?? UnknownUserHash.Value, password);
        if (account is null || result == PasswordVerificationResult.Failed)
            return false;

        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            CurrentUser.FromAccount(account, CookieAuthenticationDefaults.AuthenticationScheme),
            new AuthenticationProperties { IsPersistent = false });
        return true;
    }

    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
}
