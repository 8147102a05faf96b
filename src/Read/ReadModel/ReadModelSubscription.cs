using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;

namespace ERaport.Read.ReadModel;

/// <summary>Feeds the SQLite read model from the event store, page by page in sequence order. An event
/// the projectors cannot handle is dead-lettered (shown to the admin) and skipped, so one bad event does
/// not stop every page from updating.</summary>
public sealed class ReadModelSubscription : SubscriptionBase
{
    public const string SubscriptionName = "ReadModel";

    private readonly ReadModelStore _store;
    private readonly ReadModelPosition _position;

    public ReadModelSubscription(ReadModelStore store, ReadModelPosition position)
    {
        _store = store;
        _position = position;
        Name = SubscriptionName;
        Options.BatchSize = 1000;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        try
        {
            // A new or older SQLite file is behind what the daemon has already delivered: fill the gap first.
            if (page.SequenceFloor > 0)
                await ReadModelCatchUp.RunAsync(operations, _store, page.SequenceFloor, ct, controller.RecordDeadLetterEventAsync);
            _position.Advance(await _store.ApplyAsync(page.Events, page.SequenceCeiling, ct, controller.RecordDeadLetterEventAsync));
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The daemon retries the page; the operator sees why it is behind (operations page, health check).
            _position.Failed(e);
            throw;
        }
        return NullChangeListener.Instance;
    }
}
