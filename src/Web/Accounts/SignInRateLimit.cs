using System.Globalization;
using System.Threading.RateLimiting;
using ERaport.Web.Api;
using ERaport.Write.Accounts;
using Microsoft.Extensions.Options;

namespace ERaport.Web.Accounts;

/// <summary>After <see cref="AccountOptions.FailedSignInsPerMinute"/> wrong passwords (sign-in and password change,
/// form and API) from one client address within a minute, that address's password posts are answered 429 with a
/// message (a JSON problem for the API) until the minute is over. Correct passwords never count: a school's
/// teachers all sign in through one NAT address at 7:00. Lockout protects one account; this slows one client
/// guessing across many.</summary>
public sealed class SignInRateLimit : IMiddleware, IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public SignInRateLimit(IOptions<AccountOptions> accounts)
    {
        var permits = Math.Max(1, accounts.Value.FailedSignInsPerMinute);
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    public void RecordFailure(HttpContext context)
    {
        if (PartitionOf(context) is { } address)
            _failures.AttemptAcquire(address).Dispose();
    }

    /// <summary>Before a password is checked: refuses the post when its address has used up its wrong passwords.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (IsPasswordPost(context.Request) && PartitionOf(context) is { } address)
        {
            // Asking for no permit only tells whether any is left.
            using var lease = _failures.AttemptAcquire(address, 0);
            if (!lease.IsAcquired)
            {
                await RejectAsync(context, lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1));
                return;
            }
        }
        await next(context);
    }

    // The address is the client's once the proxy headers are applied (ProxySetup). An in-process host (the
    // tests' TestServer) has none and is not limited; Kestrel always knows it.
    private static string? PartitionOf(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address ? SignInThrottle.ClientKey(address.ToString()) : null;

    public void Dispose() => _failures.Dispose();

    public static bool IsPasswordPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/masuk", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/api/session", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/akun/sandi", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/api/account/password", StringComparison.OrdinalIgnoreCase));

    private const string Message = "Terlalu banyak kata sandi salah dalam satu menit dari jaringan ini. Tunggu sebentar, lalu coba lagi.";

    private static async Task RejectAsync(HttpContext http, TimeSpan retryAfter)
    {
        var ct = http.RequestAborted;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        http.RequestServices.GetRequiredService<ILogger<SignInRateLimit>>()
            .LogWarning("Too many wrong passwords from {Client}; refused a post to {Path}", http.Connection.RemoteIpAddress, http.Request.Path);
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await Problems.Single(StatusCodes.Status429TooManyRequests, "auth.too_many_attempts", Message).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Terlalu banyak percobaan – E-Raport</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main><section class="login"><h1>Terlalu banyak percobaan</h1>
            <div class="alert error" role="alert">{Message}</div>
            <p><a href="/masuk">Kembali ke halaman masuk</a></p></section></main></body></html>
            """, ct);
    }
}
