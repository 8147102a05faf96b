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
        var wakeup = new AppendWakeup();
        opts.Listeners.Add(wakeup);
        opts.Projections.Wakeup = wakeup;

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

    /// <summary>The event store's connection string as the app uses it; a setting already in the string wins.
    /// Pool: Npgsql's default (100) let 50 concurrent saves open 50 connections, each slow to open under load, and
    /// filled the server's slots; a few transactions at a time keep 2 cores busy. Prepared statements: every command
    /// sends the same few statements (lock, receipt, append, snapshot), and preparing them saved about a quarter of
    /// PostgreSQL's CPU per save and per correction (docs/benchmarks.md).</summary>
    public static string ForApp(string connectionString, int maxPoolSize = 20, int maxAutoPrepare = 100)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("pool size", StringComparison.OrdinalIgnoreCase))
            builder.MaxPoolSize = maxPoolSize;
        if (!connectionString.Contains("auto prepare", StringComparison.OrdinalIgnoreCase))
            builder.MaxAutoPrepare = maxAutoPrepare;
        return builder.ConnectionString;
    }
}
