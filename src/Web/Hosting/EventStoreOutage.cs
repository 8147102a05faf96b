using System.Net.Sockets;
using ERaport.Web.Api;
using Npgsql;

namespace ERaport.Web.Hosting;

/// <summary>PostgreSQL, the event store, cannot be reached: stopped for a restore, restarting, not up yet after a reboot.
/// What needs it answers 503 with Retry-After, saying so: a page in Bahasa Indonesia for people, a problem
/// (<see cref="Code"/>) for the API, and one line in the log instead of a stack trace per request. Without it a
/// signed-in user got an empty 500 on every page once their session was checked against the account in PostgreSQL,
/// since the error page needs that same check.</summary>
public static class EventStoreOutage
{
    public const string Code = "server.database_unavailable";

    public const string Message = "Basis data E-Raport sedang tidak dapat dihubungi, jadi permintaan ini tidak diproses. "
        + "Data yang sudah tersimpan tetap aman. Coba lagi dalam beberapa menit; jika masih begini, hubungi operator sekolah.";

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>No connection to PostgreSQL (refused, cut, timed out), or the server is shutting down, starting or full:
    /// not a query the database refused.</summary>
    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
                return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                    || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) // shut down, crashed, starting up
                    || postgres.SqlState == PostgresErrorCodes.TooManyConnections;
            if (e is NpgsqlException { InnerException: SocketException or IOException or TimeoutException })
                return true;
        }
        return false;
    }

    public static void UseEventStoreOutage(this WebApplication app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (Is(e) && !context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EventStoreOutage))
                .LogWarning("PostgreSQL cannot be reached ({Error}); answered 503 to {Method} {Path}", e.GetBaseException().Message,
                    context.Request.Method, context.Request.Path);
            await AnswerAsync(context);
        }
    });

    private static async Task AnswerAsync(HttpContext context)
    {
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Problems.Single(StatusCodes.Status503ServiceUnavailable, Code, Message).ExecuteAsync(context);
            return;
        }
        // A GET of the same address tries again (a form's page, for a form that was posted).
        var again = System.Net.WebUtility.HtmlEncode($"{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}");
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Basis data tidak dapat dihubungi – E-Raport</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><main><section><h1>Basis data tidak dapat dihubungi</h1>
            <div class="alert error" role="alert">{Message}</div>
            <p><a href="{again}">Coba lagi</a></p></section></main></body></html>
            """, context.RequestAborted);
    }
}
