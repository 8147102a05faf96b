using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Wolverine;

namespace ERaport.Web.Accounts;

public enum SignInStatus
{
    SignedIn,
    /// <summary>No user name or no password: nothing was tried, so it counts towards no lockout.</summary>
    Incomplete,
    Failed,
    LockedOut,
    Disabled,
}

public sealed record SignInResult(SignInStatus Status, bool MustChangePassword = false)
{
    public bool Succeeded => Status == SignInStatus.SignedIn;

    /// <summary>Stable code and message in Bahasa Indonesia; the same for unknown and existing user names.</summary>
    public (string Code, string Message) Problem => Status switch
    {
        SignInStatus.Incomplete => ("auth.credentials_missing", "Isi nama pengguna dan kata sandi."),
        SignInStatus.LockedOut => ("auth.locked_out",
            "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, nama pengguna ini dikunci sementara. Coba lagi nanti atau minta admin sekolah membukanya."),
        SignInStatus.Disabled => ("auth.account_disabled", "Akun ini dinonaktifkan. Hubungi admin sekolah."),
        _ => ("auth.invalid_credentials", "Nama pengguna atau kata sandi salah."),
    };

    public int HttpStatus => Status switch
    {
        SignInStatus.SignedIn => StatusCodes.Status204NoContent,
        SignInStatus.Incomplete => StatusCodes.Status400BadRequest,
        SignInStatus.Disabled => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status401Unauthorized,
    };
}

/// <summary>Checks a user name and password against the account snapshot in PostgreSQL (so sign-in works
/// while the read model is rebuilt) and issues the authentication cookie. Repeated failures lock the name
/// for a while, whether it exists or not.</summary>
public sealed class SignIn(IQuerySession session, IPasswordHasher<UserAccount> hasher, IMessageBus bus, TimeProvider clock,
    AccountSessions sessions, SignInRateLimit rateLimit, ILogger<SignIn> logger)
{
    // Verifying against a throwaway hash when the user does not exist keeps the answer time the same,
    // so that response times do not reveal which user names exist.
    private static readonly Lazy<string> UnknownUserHash = new(() => new PasswordHasher<UserAccount>(
        Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = AccountsSetup.PasswordIterations }))
        .HashPassword(new UserAccount(), Guid.NewGuid().ToString()));

    public async Task<SignInResult> SignInAsync(HttpContext context, string? userName, string? password, EntrySource source, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
            return new SignInResult(SignInStatus.Incomplete);
        if (userName.Length > 100 || password.Length > 1000)
        {
            rateLimit.RecordFailure(context);
            return new SignInResult(SignInStatus.Failed);
        }
        var name = SignInThrottle.KeyFor(userName);
        var client = context.Connection.RemoteIpAddress?.ToString();

        var throttles = await SignInThrottle.LoadAsync(session, name, client, ct);
        if (throttles.FirstOrDefault(t => t.IsLockedOut(clock.GetUtcNow())) is { } locked)
        {
            logger.LogWarning("Sign-in refused for {UserName} from {Client}: locked out until {Until}", name, client, locked.LockedUntil);
            return new SignInResult(SignInStatus.LockedOut);
        }

        var account = await session.Query<UserAccount>().FirstOrDefaultAsync(u => u.UserName == name, ct);
        var verified = account is null
            ? hasher.VerifyHashedPassword(new UserAccount(), UnknownUserHash.Value, password) != PasswordVerificationResult.Failed
            : AccountCommands.PasswordMatches(hasher, account, password);
        if (account is null || !verified)
        {
            rateLimit.RecordFailure(context);
            var lockout = await bus.InvokeAsync<SignInLockout>(new RecordFailedSignIn(name, client, source), ct);
            logger.LogWarning("Sign-in failed for {UserName} from {Client}{Locked}", name, client, lockout.LockedOut ? ": now locked out" : "");
            return new SignInResult(lockout.LockedOut ? SignInStatus.LockedOut : SignInStatus.Failed);
        }
        if (account.Disabled)
        {
            logger.LogWarning("Sign-in refused for {UserName} from {Client}: account disabled", name, client);
            return new SignInResult(SignInStatus.Disabled);
        }
        if (throttles.Count > 0)
            await bus.InvokeAsync(new ClearFailedSignIns(name, client), ct);

        await IssueCookieAsync(context, account);
        sessions.Forget(account.SchoolId, account.UserId);
        logger.LogInformation("Signed in {UserName} from {Client}", name, client);
        return new SignInResult(SignInStatus.SignedIn, account.MustChangePassword);
    }

    /// <summary>A new cookie for <paramref name="account"/> as it is now (after sign-in or a password change).</summary>
    public static Task IssueCookieAsync(HttpContext context, UserAccount account) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            CurrentUser.FromAccount(account, CookieAuthenticationDefaults.AuthenticationScheme,
                context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()),
            new AuthenticationProperties { IsPersistent = false });

    public static Task SignOutAsync(HttpContext context) => context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
}
