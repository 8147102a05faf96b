using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;

namespace ERaport.Read.Audit;

/// <summary>Keeps the tamper-evidence chain up with the event log, in sequence order, and records a checkpoint
/// once the chain covers a class lock or a print: the root hash of everything the locked or printed report cards rest on.</summary>
public sealed class EventChainSubscription : SubscriptionBase
{
    private readonly EventChain _chain;

    public EventChainSubscription(EventChain chain)
    {
        _chain = chain;
        Name = "EventChain";
        Options.BatchSize = 1000;
        // The chain reads and hashes every stored row itself (EventChain.ExtendAsync); through Marten it only needs
        // the events that record a checkpoint, so the daemon does not load and deserialise every event a second time.
        // Pages still arrive for every range (empty when nothing matched), so the chain keeps up with the log.
        IncludeType<GradebookLocked>();
        IncludeType<ReportCardPrinted>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        // One lock appends to every gradebook of the class, one print to every printed card: one checkpoint each.
        // A gradebook opened in a locked class starts locked: that is no new lock of the class.
        var locks = page.Events.Where(e => e.Data is GradebookLocked { AtOpening: false }).DistinctBy(e => ((GradebookLocked)e.Data).ClassId).ToList();
        var prints = page.Events.Where(e => e.Data is ReportCardPrinted).GroupBy(e => e.GetHeader(CommandPipeline.CommandIdHeader)?.ToString())
            .Select(g => (Last: g.MaxBy(e => e.Sequence)!, Cards: g.Count())).ToList();
        var chainedBefore = locks.Count + prints.Count > 0 ? await _chain.ChainedUpToAsync(ct) : 0;
        await _chain.ExtendAsync(page.SequenceCeiling, ct);
        // Only locks and prints the chain has just covered: a page delivered again records nothing twice.
        foreach (var e in locks.Where(e => e.Sequence > chainedBefore))
        {
            var classId = ((GradebookLocked)e.Data).ClassId;
            var school = StreamKeys.Parse(e.StreamKey!).SchoolId;
            var schoolClass = await operations.LoadAsync<SchoolClass>(StreamKeys.Class(school, classId), ct);
            await _chain.RecordCheckpointAsync(school, $"Kunci nilai kelas {schoolClass?.Name ?? classId.ToString()}", e.UserName ?? "", ct);
        }
        foreach (var (e, cards) in prints.Where(p => p.Last.Sequence > chainedBefore))
            await _chain.RecordCheckpointAsync(StreamKeys.Parse(e.StreamKey!).SchoolId, PrintReason((ReportCardPrinted)e.Data, cards), e.UserName ?? "", ct);
        return NullChangeListener.Instance;
    }

    /// <summary>A print checkpoint's reason: the class, the kind of print as the print history names it, and how many cards.
    /// A print stored before prints said their kind reads as every print checkpoint did then. The reason is stored beside the
    /// checkpoint and never hashed (the root is the chain's link), so older checkpoints keep their text and still verify.</summary>
    public static string PrintReason(ReportCardPrinted print, int cards) =>
        $"Cetak rapor kelas {print.ClassName} ({(print.Kind is null ? "" : PrintKinds.Label(print.Kind) + ", ")}{cards} peserta didik)";
}
