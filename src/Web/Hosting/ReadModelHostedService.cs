using ERaport.Read.ReadModel;
using Marten;

namespace ERaport.Web.Hosting;

/// <summary>Creates the read-model file before the daemon feeds it, then fills whatever it lacks of the
/// events the daemon already delivered (a deleted or restored file rebuilds itself on start).</summary>
public sealed class ReadModelHostedService(ReadModelStore readModel, ReadModelPosition position, IDocumentStore store,
    ILogger<ReadModelHostedService> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken ct)
    {
        await readModel.InitializeAsync(ct);
        position.Advance(await readModel.CheckpointAsync(ct));
    }

    public async Task StartedAsync(CancellationToken ct)
    {
        var delivered = await ReadModelCatchUp.DeliveredAsync(store, ct);
        var checkpoint = await readModel.CheckpointAsync(ct);
        if (checkpoint >= delivered)
            return;
        logger.LogInformation("Read model at {Checkpoint}, event store delivered {Delivered}: catching up", checkpoint, delivered);
        await using var session = store.QuerySession();
        position.Advance(await ReadModelCatchUp.RunAsync(session, readModel, delivered, ct));
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
