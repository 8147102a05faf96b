using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;

namespace ERaport.Read.Audit;

/// <summary>Keeps the tamper-evidence chain up with the event log, in sequence order, and records a checkpoint
/// once the chain covers a class lock: the root hash of everything the locked report cards rest on.</summary>
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
        // One lock appends to every gradebook of the class: one checkpoint per class.
        var locks = page.Events.Where(e => e.Data is GradebookLocked).DistinctBy(e => ((GradebookLocked)e.Data).ClassId).ToList();
        var chainedBefore = locks.Count > 0 ? await _chain.ChainedUpToAsync(ct) : 0;
        await _chain.ExtendAsync(page.SequenceCeiling, ct);
        // Only locks the chain has just covered: a page delivered again records nothing twice.
        foreach (var e in locks.Where(e => e.Sequence > chainedBefore))
        {
            var classId = ((GradebookLocked)e.Data).ClassId;
            var schoolClass = await operations.LoadAsync<SchoolClass>(StreamKeys.Class(StreamKeys.Parse(e.StreamKey!).SchoolId, classId), ct);
            await _chain.RecordCheckpointAsync($"Kunci nilai kelas {schoolClass?.Name ?? classId.ToString()}", e.UserName ?? "", ct);
        }
        return NullChangeListener.Instance;
    }
}
