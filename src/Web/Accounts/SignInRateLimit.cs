using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using ERaport.Web.Api;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ERaport.Web.Accounts;

/// <summary>At most <see cref="AccountOptions.SignInsPerMinute"/> password posts (sign-in and password change,
/// form and API) per client address per minute; more are answered 429 with a message, a JSON problem for
/// the API. Lockout protects one account; this slows one client guessing across many.</summary>
public static class SignInRateLimit
{
    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AccountOptions>>((o, accounts) =>
        {
            var permits = Math.Max(1, accounts.Value.SignInsPerMinute);
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                // The address is the client's once the proxy headers are applied (ProxySetup). An in-process
                // host (the tests' TestServer) has none and is not limited; Kestrel always knows it.
                if (!IsPasswordPost(context.Request) || context.Connection.RemoteIpAddress is not { } address)
                    return RateLimitPartition.GetNoLimiter("");
                return RateLimitPartition.GetFixedWindowLimiter(Partition(address), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            o.OnRejected = RejectAsync;
        });
        return services;
    }

    public static bool IsPasswordPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/masuk", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/api/session", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/akun/sandi", StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals("/api/account/password", StringComparison.OrdinalIgnoreCase));

    // IPv6 clients usually hold a whole /64: counting single addresses would let one client rotate freely.
    internal static string Partition(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private const string Message = "Terlalu banyak percobaan dalam satu menit dari perangkat ini. Tunggu sebentar, lalu coba lagi.";

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken ct)
    {
        var http = rejected.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        http.RequestServices.GetRequiredService<ILogger<RateLimiterOptions>>()
            .LogWarning("Too many password posts from {Client} to {Path}", http.Connection.RemoteIpAddress, http.Request.Path);
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
