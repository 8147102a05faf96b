using JasperFx.Events;
using Marten;
using Marten.Schema;
using Marten.Storage;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace ERaport.Write.Common;

/// <summary>Which school holds each entity id (a stream key without its school: "student/{id}"). Ids are chosen by clients
/// and the read model keys its rows by id alone, so a school's student of another school's id would take over that school's
/// row: a command that starts an entity's stream claims its id here, in the command's transaction, and the id's primary key
/// lets only one school have it (two schools claiming one id at once: the second waits for the first and fails). A table of
/// its own because the check was a pass over every stream (`substr(id, …)` has no index, and Marten drops an index on
/// mt_streams it does not define): ≈ 0.3 s per new student in a district of 600,000 streams (docs/benchmarks.md).
/// A report card's key is its term and student, each held so; a school's own stream has no id to claim.</summary>
public static class IdClaims
{
    public const string TableName = "id_claims";

    /// <summary>The row that says the ids of the streams from before the table are claimed (no slash: never an entity key).</summary>
    private const string FilledMarker = "filled-from-streams";

    /// <summary>The table, created and kept by Marten with the rest of the schema.</summary>
    public static void Configure(StoreOptions opts)
    {
        var table = new Table(new PostgresqlObjectName(opts.DatabaseSchemaName, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn("entity_key", "text").AsPrimaryKey();
        table.AddColumn("school_id", "text").NotNull();
        opts.Storage.ExtendedSchemaObjects.Add(table);
    }

    /// <summary>Claims the entity ids of <paramref name="newKeys"/> (streams the command starts) in the session's unit of work;
    /// false when another school holds one of them already. A school's own claim is no conflict (its stream exists).
    /// One primary-key lookup per id; a claim made meanwhile by a transaction not yet committed fails the save instead
    /// (<see cref="IsTaken"/>).</summary>
    public static async Task<bool> ClaimAsync(IDocumentSession session, IReadOnlyCollection<string> newKeys, CancellationToken ct)
    {
        var keys = newKeys.Where(k => k.Count(c => c == '/') == 2).Distinct().ToList();
        if (keys.Count == 0)
            return true;
        // Made at start; this covers a command line (create-admin) run against a store that predates the table.
        await session.Database.EnsureStorageExistsAsync(typeof(StorageFeatures), ct);
        var table = TableOf(session.DocumentStore);
        // (object): one array parameter, not one parameter per key.
        var holders = await session.QueryAsync<string>(
            $"select school_id || '/' || entity_key from {table} where entity_key = any(?)", ct, (object)keys.Select(EntityKey).ToArray());
        if (holders.Any(held => !keys.Contains(held)))
            return false;
        var unclaimed = keys.Except(holders).ToArray();
        if (unclaimed.Length > 0)
            session.QueueSqlCommand(
                $"insert into {table} (entity_key, school_id) select substr(k, strpos(k, '/') + 1), split_part(k, '/', 1) from unnest(?) k",
                (object)unclaimed);
        return true;
    }

    /// <summary>Whether a save failed because another transaction claimed one of its ids first.</summary>
    public static bool IsTaken(Exception e) => UniqueViolation(e) is { TableName: TableName };

    /// <summary>The unique key that refused a save, wherever Marten or Npgsql wrapped it; null when none did.</summary>
    internal static PostgresException? UniqueViolation(Exception e) => e switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique => unique,
        AggregateException all => all.InnerExceptions.Select(UniqueViolation).FirstOrDefault(u => u is not null),
        _ => e.InnerException is { } inner ? UniqueViolation(inner) : null,
    };

    private static string EntityKey(string streamKey) => streamKey[(streamKey.IndexOf('/') + 1)..];

    private static string TableOf(IDocumentStore store) => $"{store.Options.DatabaseSchemaName}.{TableName}";

    /// <summary>Claims the ids of the streams a store had before the table, once (at start, after Marten has made the table);
    /// a store already filled costs one key lookup. Two schools' streams of one id (made before the id.taken check) leave
    /// the claim to one of them: either way the id is taken for every other school.</summary>
    public sealed class FillFromStreams : IInitialData
    {
        public async Task Populate(IDocumentStore store, CancellationToken cancellation)
        {
            await store.Storage.Database.EnsureStorageExistsAsync(typeof(IEvent), cancellation);
            await store.Storage.Database.EnsureStorageExistsAsync(typeof(StorageFeatures), cancellation);
            var table = TableOf(store);
            await using var session = store.LightweightSession();
            var filled = await session.QueryAsync<bool>($"select exists (select 1 from {table} where entity_key = ?)", cancellation, FilledMarker);
            if (filled.Single())
                return;
            session.QueueSqlCommand(
                $"insert into {table} (entity_key, school_id) select substr(id, strpos(id, '/') + 1), split_part(id, '/', 1) " +
                $"from {store.Options.Events.DatabaseSchemaName}.mt_streams where id like '%/%/%' and id not like '%/%/%/%' " +
                "on conflict (entity_key) do nothing");
            session.QueueSqlCommand($"insert into {table} (entity_key, school_id) values (?, '') on conflict (entity_key) do nothing", FilledMarker);
            await session.SaveChangesAsync(cancellation);
        }
    }
}
