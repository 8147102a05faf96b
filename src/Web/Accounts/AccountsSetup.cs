using ERaport.Web.Api;
using ERaport.Write.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ERaport.Web.Accounts;

public static class AccountsSetup
{
    /// <summary>PBKDF2-HMAC-SHA512 at the OWASP-recommended iteration count.</summary>
    public const int PasswordIterations = 210_000;

    public static IServiceCollection AddERaportAccounts(this IServiceCollection services)
    {
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordIterations);
        services.AddSingleton<IPasswordHasher<UserAccount>, PasswordHasher<UserAccount>>();
        services.AddScoped<SignIn>();
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
        app.MapPost("/api/session", async ([FromBody] SignInRequest request, SignIn signIn, HttpContext context, CancellationToken ct) =>
                await signIn.SignInAsync(context, request.UserName, request.Password, ct)
                    ? Results.NoContent()
                    : Problems.Single(StatusCodes.Status401Unauthorized, "auth.invalid_credentials", "Nama pengguna atau kata sandi salah."))
            .WithTags("Sesi").WithSummary("Masuk; menerbitkan cookie sesi.")
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
