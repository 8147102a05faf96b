using ERaport.Read.ReadModel;
using ERaport.Web.Api;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.StaticAssets;

namespace ERaport.Web.Hosting;

/// <summary>A read model far behind the events when the app starts (a new version whose tables changed, a deleted or
/// restored file) fills itself while the server already listens. Until it has caught up, people get a "being prepared"
/// page and programs a 503, instead of pages that look complete but lack what was saved: a half-filled leger reads as
/// lost grades, and an account not filled in yet cannot sign in.</summary>
public sealed class ReadModelWarmUp(ReadModelPosition position)
{
    /// <summary>Fewer events than this are caught up in well under a second: nobody is kept waiting for those.</summary>
    public const long Threshold = 1_000;

    public const string Code = "read_model.preparing";

    private long _target;

    /// <summary>The sequence the read model must reach before pages are served again; 0 when serving.</summary>
    public long Target => Interlocked.Read(ref _target);

    private volatile bool _indexing;

    public bool Preparing => Target > 0 && (_indexing || Target > position.Current);

    /// <summary>How far the filling has come, in whole percent.</summary>
    public int Percent => Target == 0 ? 100 : (int)Math.Clamp(100 * position.Current / Target, 0, 99);

    /// <summary>Every event is in, and the indexes are being built (<see cref="ReadModelStore.Seal"/>): pages wait for
    /// those too, since without them a page of the history would read every change.</summary>
    public void Indexing() => _indexing = true;

    /// <summary>Holds pages back while the read model catches up from <paramref name="checkpoint"/> to
    /// <paramref name="delivered"/>, when that is far enough to notice.</summary>
    public void Begin(long checkpoint, long delivered)
    {
        if (delivered - checkpoint >= Threshold)
            Interlocked.Exchange(ref _target, delivered);
    }

    /// <summary>Whether the catch-up should fill like a rebuild (<see cref="ReadModelStore.StartFillingAsync"/>): when most of
    /// the file is still to come. Building the indexes again costs seconds per million rows already in it, so a gap in a big
    /// file goes event by event.</summary>
    public static bool FillsLikeARebuild(long checkpoint, long delivered) =>
        delivered - checkpoint >= Threshold && delivered - checkpoint > checkpoint;

    public void End()
    {
        _indexing = false;
        Interlocked.Exchange(ref _target, 0);
    }

    public string Message => $"E-Raport sedang menyiapkan data setelah dimulai ulang ({Percent}%). Tidak ada data yang hilang; " +
        "halaman akan terbuka dengan sendirinya dalam beberapa saat.";
}

public static class ReadModelWarmUpSetup
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Answers 503 while <see cref="ReadModelWarmUp.Preparing"/>: a JSON problem on /api, the status page
    /// (re-executed) for people. Health checks go on, and so do wwwroot's files (the stylesheet, scripts, icon: their
    /// endpoints run after this), which the waiting page itself uses.</summary>
    public static void UseReadModelWarmUp(this WebApplication app)
    {
        var warmUp = app.Services.GetRequiredService<ReadModelWarmUp>();
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!warmUp.Preparing || path.StartsWithSegments("/health") || path.StartsWithSegments("/healthz")
                || context.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null
                || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
            {
                await next(context);
                return;
            }
            context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString();
            if (path.StartsWithSegments("/api"))
                await Problems.Single(StatusCodes.Status503ServiceUnavailable, ReadModelWarmUp.Code, warmUp.Message).ExecuteAsync(context);
            else
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable; // the status page says why
        });
    }
}
