using ERaport.Web.Api;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ERaport.Web.Accounts;

public static class AccountsSetup
{
    /// <summary>PBKDF2-HMAC-SHA512 at the OWASP-recommended iteration count.</summary>
    public const int PasswordIterations = 210_000;

    public static IServiceCollection AddERaportAccounts(this IServiceCollection services)
    {
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordIterations);
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AccountOptions>>().Value.Lockout);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddSingleton<AccountSessions>();
        services.AddScoped<SignIn>();
        services.AddScoped<AccountCommands>();
        services.AddSingleton<SignInRateLimit>();
        services.TryAddSingleton<IOneTimePasswordOutput, ConsoleOneTimePasswordOutput>();
        services.AddHostedService<FirstAdmin>();
        services.ConfigureMarten((sp, o) =>
        {
            o.Schema.For<SignInThrottle>();
            // Whatever command changes an account, its sessions on this node follow once the change has committed.
            o.Listeners.Add(sp.GetRequiredService<AccountSessions>());
        });
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "eraport";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/masuk";
                o.LogoutPath = "/keluar";
                o.AccessDeniedPath = "/halaman/403";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                // Programs get status codes, people get the login page.
                o.Events.OnRedirectToLogin = c => Answer(c.HttpContext, c.RedirectUri, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Answer(c.HttpContext, c.RedirectUri, StatusCodes.Status403Forbidden);
                // A disabled account or a new password ends the session; a changed role refreshes it.
                o.Events.OnValidatePrincipal = AccountSessions.ValidateAsync;
            });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        return services;
    }

    private static Task Answer(HttpContext context, string redirectUri, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(redirectUri);
        return Task.CompletedTask;
    }

    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/session", async (SignIn signIn, HttpContext context, CancellationToken ct) =>
            {
                // Anyone may send this, so it reads no more than a sign-in needs.
                var (request, problem) = await JsonBody.ReadAsync<SignInRequest>(context.Request, ct, maxBytes: 16 * 1024);
                if (problem is not null)
                    return problem;
                var result = await signIn.SignInAsync(context, request!.UserName, request.Password, EntrySource.Api, ct);
                if (result.Succeeded)
                    return Results.NoContent();
                var (code, message) = result.Problem;
                return Problems.Single(result.HttpStatus, code, message);
            })
            .Accepts<SignInRequest>("application/json").Produces(StatusCodes.Status204NoContent).ProducesProblem(400).ProducesProblem(401)
            .ProducesProblem(403).ProducesProblem(413).ProducesProblem(415)
            .WithTags("Sesi")
            .WithSummary("Masuk; menerbitkan cookie sesi. Dengan kata sandi sekali pakai, permintaan lain dijawab 403 auth.password_change_required sampai kata sandi diganti.")
            .AllowAnonymous().DisableAntiforgery();
        app.MapDelete("/api/session", async (HttpContext context) =>
            {
                await SignIn.SignOutAsync(context);
                return Results.NoContent();
            })
            .WithTags("Sesi").WithSummary("Keluar.");
        app.MapPost("/keluar", async (HttpContext context) =>
        {
            await SignIn.SignOutAsync(context);
            return Results.Redirect("/masuk");
        });
    }
}

public sealed record SignInRequest(string? UserName, string? Password);
