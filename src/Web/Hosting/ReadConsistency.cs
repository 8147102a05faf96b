using ERaport.Read.ReadModel;

namespace ERaport.Web.Hosting;

/// <summary>Read-your-writes across requests: after a command the browser carries the sequence it
/// produced (a cookie; API clients may send ?minSequence=), and the next read waits until the read
/// model has applied it, for at most <see cref="MaxWait"/>.</summary>
public sealed class ReadConsistency(IHttpContextAccessor http, ReadModelPosition position, ReadModelMonitor monitor)
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

    /// <summary>On an answer that could not wait for the caller's last write: the sequence it waited for.</summary>
    public const string StaleHeader = "X-Read-Model-Stale";

    private Task<bool>? _waited;

    /// <summary>Waits until the read model holds what this user wrote, once per request (the layout and the page
    /// both ask); false when it timed out. The answer then says so: <see cref="StaleHeader"/>, and a notice on pages,
    /// so that a save that is not shown yet is never taken for a save that was lost.</summary>
    public Task<bool> WaitAsync(CancellationToken ct = default) => _waited ??= WaitOnceAsync(ct);

    /// <summary>Waits for what this same request wrote: a page that answers a form in place rather than by a redirect.</summary>
    public Task<bool> WaitForOwnWriteAsync(long sequence, CancellationToken ct) => position.WaitForAsync(sequence, MaxWait, ct);

    /// <summary>Waits until the read model holds every event committed so far, whoever wrote it; false when it
    /// timed out. For what records what it shows: a print stores each card's digest, which verification later compares.</summary>
    public async Task<bool> WaitForEveryoneAsync(CancellationToken ct) =>
        await position.WaitForAsync(await monitor.LastCommittedAsync(ct), MaxWait, ct);

    // Longer than the read model's lag under a semester's-end load (p99 ≈ 100 ms), so the event store is rarely asked.
    private static readonly TimeSpan Moment = TimeSpan.FromMilliseconds(250);

    /// <summary>Whether the event store has committed nothing as far as <paramref name="sequence"/>: a cookie from before the
    /// database was restored, or a made-up <c>?minSequence=</c>. Waiting for it would take the whole wait on every page and
    /// then announce a save that does not exist as saved but not shown yet. Unknown (the store unreachable) is not never.</summary>
    private async Task<bool> NeverCommittedAsync(long sequence, CancellationToken ct)
    {
        try
        {
            return sequence > await monitor.LastCommittedAsync(ct);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return false; // Npgsql's own or Marten's wrapping of it: either way, wait as for any other write
        }
    }

    private async Task<bool> WaitOnceAsync(CancellationToken ct)
    {
        var context = http.HttpContext;
        long wanted = 0;
        if (context is not null)
        {
            long.TryParse(context.Request.Query[QueryName], out var fromQuery);
            long.TryParse(context.Request.Cookies[CookieName], out var fromCookie);
            wanted = Math.Max(fromQuery, fromCookie);
        }
        if (wanted <= position.Current || await position.WaitForAsync(wanted, Moment, ct))
            return true;
        if (await NeverCommittedAsync(wanted, ct))
        {
            if (context is { Response.HasStarted: false })
                context.Response.Cookies.Delete(CookieName);
            return true;
        }
        if (await position.WaitForAsync(wanted, MaxWait - Moment, ct))
            return true;
        if (context is { Response.HasStarted: false })
            context.Response.Headers[StaleHeader] = wanted.ToString();
        return false;
    }
}
