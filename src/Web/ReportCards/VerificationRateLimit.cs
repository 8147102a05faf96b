using System.Globalization;
using System.Threading.RateLimiting;
using ERaport.Write.Accounts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ERaport.Web.ReportCards;

/// <summary>The public verification page answers at most <see cref="VerificationOptions.LookupsPerMinute"/> lookups
/// per client address (IPv6: per /64) per minute; more get a 429 page in Bahasa Indonesia. Codes are unguessable,
/// this only keeps anyone from trying many.</summary>
public sealed class VerificationRateLimit(IOptions<VerificationOptions> options) : IRateLimiterPolicy<string>
{
    public const string Policy = "verification";

    public const string Message = "Terlalu banyak pemeriksaan dalam satu menit dari perangkat ini. Tunggu sebentar, lalu coba lagi.";

    public RateLimitPartition<string> GetPartition(HttpContext context) =>
        // Without an address (an in-process test host) there is nothing to count by; Kestrel always knows it.
        context.Connection.RemoteIpAddress is not { } address
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetFixedWindowLimiter(SignInThrottle.ClientKey(address.ToString()), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, options.Value.LookupsPerMinute),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });

    public Func<OnRejectedContext, CancellationToken, ValueTask> OnRejected => async (rejected, ct) =>
    {
        var http = rejected.HttpContext;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        http.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        http.Response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex, nofollow">
            <title>Terlalu banyak pemeriksaan – E-Raport</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main><section class="verification"><h1>Terlalu banyak pemeriksaan</h1>
            <div class="alert error" role="alert">{Message}</div>
            <p><a href="{ReportCardPrinting.PagePath}">Kembali ke halaman verifikasi rapor</a></p></section></main></body></html>
            """, ct);
    };

    public static IServiceCollection AddReportCardVerification(IServiceCollection services)
    {
        services.AddOptions<VerificationOptions>().BindConfiguration(VerificationOptions.Section);
        services.AddRateLimiter(o => o.AddPolicy<string, VerificationRateLimit>(Policy));
        return services;
    }
}
