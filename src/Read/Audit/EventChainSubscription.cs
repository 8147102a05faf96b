using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;

namespace ERaport.Read.Audit;

/// <summary>Keeps the tamper-evidence chain up with the event log, in sequence order.</summary>
public sealed class EventChainSubscription : SubscriptionBase
{
    private readonly EventChain _chain;

    public EventChainSubscription(EventChain chain)
    {
        _chain = chain;
        Name = "EventChain";
        Options.BatchSize = 1000;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        await _chain.ExtendAsync(page.SequenceCeiling, ct);
        return NullChangeListener.Instance;
    }
}
