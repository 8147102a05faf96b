using ERaport.Web.Api;
using Microsoft.AspNetCore.Authorization;

namespace ERaport.Web.Accounts;

public static class AccountsPipeline
{
    public const string ChangePasswordPage = "/akun/sandi";

    /// <summary>After UseAuthentication: the limit on wrong passwords per address, and a user holding a one-time password may
    /// do nothing but choose their own (pages redirect to <see cref="ChangePasswordPage"/>, the API answers
    /// 403 auth.password_change_required).</summary>
    public static void UseERaportAccounts(this WebApplication app)
    {
        app.UseMiddleware<SignInRateLimit>();
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true && context.User.MustChangePassword() && !MayPassBeforeChange(context))
            {
                if (context.Request.Path.StartsWithSegments("/api"))
                    await Problems.Single(StatusCodes.Status403Forbidden, "auth.password_change_required",
                        "Anda masuk dengan kata sandi sekali pakai. Ganti kata sandi terlebih dahulu (POST /api/account/password).").ExecuteAsync(context);
                else
                    context.Response.Redirect(ChangePasswordPage);
                return;
            }
            await next(context);
        });
    }

    // What needs no sign-in (static files, the login page) and the ways out: changing the password, signing out.
    private static bool MayPassBeforeChange(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments(ChangePasswordPage) || path.StartsWithSegments("/api/account/password")
            || path.StartsWithSegments("/keluar") || path.StartsWithSegments("/api/session"))
            return true;
        var endpoint = context.GetEndpoint();
        return endpoint is null || endpoint.Metadata.GetMetadata<IAuthorizeData>() is null || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
    }
}
