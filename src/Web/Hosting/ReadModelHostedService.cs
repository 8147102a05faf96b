using System.Diagnostics;
using ERaport.Read.ReadModel;
using Marten;

namespace ERaport.Web.Hosting;

/// <summary>Creates the read-model file before the daemon feeds it, fills whatever it lacks of the events
/// the daemon already delivered (a deleted or restored file rebuilds itself on start), and switches to a
/// file that a command-line rebuild has published.</summary>
public sealed class ReadModelHostedService(ReadModelStore readModel, ReadModelPosition position, ReadModelWarmUp warmUp,
    IDocumentStore store, ILogger<ReadModelHostedService> logger) : IHostedLifecycleService
{
    private static readonly TimeSpan PublishedFileCheck = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopping = new();
    private Task _watching = Task.CompletedTask;

    // Longer than any pause in a rebuild's writes, the index building at its end included.
    private static readonly TimeSpan LeftoverQuiet = TimeSpan.FromMinutes(10);

    public async Task StartingAsync(CancellationToken ct)
    {
        foreach (var file in readModel.DeleteLeftovers(LeftoverQuiet))
            logger.LogInformation("Deleted {File}, a read-model file left by a rebuild or a replaced file that nothing uses", file);
        await readModel.InitializeAsync(ct);
        var checkpoint = await readModel.CheckpointAsync(ct);
        var handedOut = await WhenPostgresAnswersAsync(() => ReadModelCatchUp.HandedOutAsync(store, ct), ct);
        // Before the daemon delivers anything: it would append new events to what the lost or foreign ones said.
        if (checkpoint > handedOut)
            logger.LogWarning("The read model has events up to {Checkpoint} but the event store only up to {HandedOut} (restored or replaced): " +
                "starting the read model afresh from the event store", checkpoint, handedOut);
        else if (await readModel.LastEventAsync(ct) is { } last && !await ReadModelCatchUp.HoldsAsync(store, last, ct))
            logger.LogWarning("The read model's last event {Id} at {Sequence} is not the event store's (restored, replaced or another server's): " +
                "starting the read model afresh from the event store", last.Id, last.Sequence);
        else
        {
            position.Advance(checkpoint);
            return;
        }
        await readModel.StartAfreshAsync(ct);
        position.Advance(0);
    }

    /// <summary>The first question to PostgreSQL, asked until it answers: after a reboot Docker starts the app and
    /// PostgreSQL together (depends_on is not waited for then), and an app that exited would be started again only
    /// after a growing pause, with a stack trace in the log each time. Until then nginx says the app is starting.</summary>
    private async Task<T> WhenPostgresAnswersAsync<T>(Func<Task<T>> ask, CancellationToken ct)
    {
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await ask();
            }
            catch (Exception e) when (EventStoreOutage.Is(e) && waiting.Elapsed < PostgresStartWait && !ct.IsCancellationRequested)
            {
                logger.LogWarning("PostgreSQL cannot be reached yet ({Error}); trying again in {Seconds} s ({Waited:N0} s so far, at most {Limit} s)",
                    e.GetBaseException().Message, PostgresRetry.TotalSeconds, waiting.Elapsed.TotalSeconds, PostgresStartWait.TotalSeconds);
                await Task.Delay(PostgresRetry, ct);
            }
        }
    }

    private static readonly TimeSpan PostgresRetry = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan PostgresStartWait = TimeSpan.FromMinutes(5);

    public async Task StartedAsync(CancellationToken ct)
    {
        var delivered = await ReadModelCatchUp.DeliveredAsync(store, ct);
        var checkpoint = await readModel.CheckpointAsync(ct);
        if (checkpoint < delivered)
        {
            logger.LogInformation("Read model at {Checkpoint}, event store delivered {Delivered}: catching up", checkpoint, delivered);
            warmUp.Begin(checkpoint, delivered);
            try
            {
                if (ReadModelWarmUp.FillsLikeARebuild(checkpoint, delivered))
                    await readModel.StartFillingAsync(ct);
                await using var session = store.QuerySession();
                position.Advance(await ReadModelCatchUp.RunAsync(session, readModel, delivered, ct, onPage: position.Advance));
                if (readModel.Filling)
                {
                    warmUp.Indexing();
                    var indexing = Stopwatch.StartNew();
                    readModel.Seal();
                    logger.LogInformation("Read model caught up; indexes built in {Seconds:N1} s", indexing.Elapsed.TotalSeconds);
                }
            }
            finally
            {
                warmUp.End();
            }
        }
        _watching = WatchPublishedFileAsync(_stopping.Token);
    }

    private async Task WatchPublishedFileAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PublishedFileCheck);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await timer.WaitForNextTickAsync(ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await using var session = store.QuerySession();
                await readModel.AdoptPublishedAsync((replacement, until) => ReadModelCatchUp.RunAsync(session, replacement, until, ct), ct);
            }
            catch (Exception error) when (!ct.IsCancellationRequested)
            {
                logger.LogError(error, "Could not switch to the published read model {Path}", readModel.PublishedPath());
            }
        }
    }

    public async Task StoppingAsync(CancellationToken ct)
    {
        await _stopping.CancelAsync();
        await _watching;
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
