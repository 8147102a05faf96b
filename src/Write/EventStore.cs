using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using JasperFx.Events;
using Marten;
using JasperFx.Events.Projections;

namespace ERaport.Write;

/// <summary>How the event store is set up: string stream keys that start with the school, metadata that
/// says who and through what, and inline snapshots for what decisions and sign-in load.</summary>
public static class EventStore
{
    public static void Configure(StoreOptions opts)
    {
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.UseListenNotifyForEventAppends = true;

        opts.Projections.Snapshot<SchoolProfile>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<Term>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<SchoolClass>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<Student>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<Subject>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<Gradebook>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<UserAccount>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<CorrectionRequest>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<ReportCard>(SnapshotLifecycle.Inline);

        opts.Schema.For<UserAccount>().UniqueIndex(u => u.UserName);
        opts.Schema.For<CommandReceipt>();
    }
}
