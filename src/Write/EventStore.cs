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
        // A teacher saves one gradebook column after column: the next save finds its snapshot here instead of
        // reading and deserialising ≈ 60 kB again. Marten still reads the stream's version under the lock and uses
        // an entry only at exactly that version (a save on another node, or a failed commit, means a reload).
        opts.Events.CacheAggregatesForWriting<Gradebook>(sizeLimit: 128);
        opts.Projections.Snapshot<UserAccount>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<CorrectionRequest>(SnapshotLifecycle.Inline);
        opts.Projections.Snapshot<ReportCard>(SnapshotLifecycle.Inline);

        opts.Schema.For<UserAccount>().UniqueIndex(u => u.UserName);
        opts.Schema.For<CommandReceipt>();
        IdClaims.Configure(opts);
    }

    /// <summary>The event store's connection string as the app uses it; a setting already in the string wins.
    /// Pool: Npgsql's default (100) let 50 concurrent saves open 50 connections, each slow to open under load, and
    /// filled the server's slots; a few transactions at a time keep 2 cores busy. Prepared statements: every command
    /// sends the same few statements (lock, receipt, append, snapshot), and preparing them saved about a quarter of
    /// PostgreSQL's CPU per save and per correction. Buffers of 64 kB: a filled gradebook's snapshot (≈ 60 kB of JSON)
    /// goes out in one write instead of eight. lz4 for what PostgreSQL compresses (the snapshot, a column's results
    /// event): half the CPU of its default pglz, and smaller (PostgreSQL 14 or later; docs/benchmarks.md).</summary>
    public static string ForApp(string connectionString, int maxPoolSize = 20, int maxAutoPrepare = 100)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        // The keys as written (a value such as a password may contain any word), without spaces or case.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "").ToLowerInvariant()).ToHashSet();
        void Default(Action set, params string[] keys)
        {
            if (!keys.Any(given.Contains))
                set();
        }
        Default(() => builder.MaxPoolSize = maxPoolSize, "maximumpoolsize", "maxpoolsize");
        Default(() => builder.MaxAutoPrepare = maxAutoPrepare, "maxautoprepare");
        Default(() => builder.WriteBufferSize = 65536, "writebuffersize");
        Default(() => builder.ReadBufferSize = 65536, "readbuffersize");
        Default(() => builder.Options = "-c default_toast_compression=lz4", "options");
        return builder.ConnectionString;
    }
}
