using ERaport.Read.ReadModel;

namespace ERaport.Web.Hosting;

/// <summary>Read-your-writes across requests: after a command the browser carries the sequence it
/// produced (a cookie; API clients may send ?minSequence=), and the next read waits until the read
/// model has applied it, for at most <see cref="MaxWait"/>.</summary>
public sealed class ReadConsistency(IHttpContextAccessor http, ReadModelPosition position)
{
    public const string CookieName = "er_seq";
    public const string QueryName = "minSequence";
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(3);

    /// <summary>Remembers what the current user just wrote.</summary>
    public void Remember(long sequence)
    {
        var context = http.HttpContext;
        if (context is null || sequence <= 0)
            return;
        // Saves can finish out of order: keep the highest sequence this browser has produced.
        if (long.TryParse(context.Request.Cookies[CookieName], out var earlier) && earlier > sequence)
            sequence = earlier;
        context.Response.Cookies.Append(CookieName, sequence.ToString(), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            MaxAge = TimeSpan.FromMinutes(5),
        });
    }

    /// <summary>Waits until the read model holds what this user wrote; false when it timed out.</summary>
    public Task<bool> WaitAsync(CancellationToken ct = default)
    {
        var request = http.HttpContext?.Request;
        long wanted = 0;
        if (request is not null)
        {
            long.TryParse(request.Query[QueryName], out var fromQuery);
            long.TryParse(request.Cookies[CookieName], out var fromCookie);
            wanted = Math.Max(fromQuery, fromCookie);
        }
        return wanted <= position.Current ? Task.FromResult(true) : position.WaitForAsync(wanted, MaxWait, ct);
    }
}
