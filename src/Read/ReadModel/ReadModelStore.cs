using System.Text.RegularExpressions;
using JasperFx.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.ReadModel;

/// <summary>The SQLite read model: one writer at a time, many readers (WAL). Each batch of events is
/// applied in one transaction together with the checkpoint, and events at or below the checkpoint are
/// skipped, so a batch delivered twice changes nothing.
/// <para>The file behind it can be replaced while it serves (blue/green rebuild): readers open their
/// context on whichever file is current; a small pointer file next to the configured path names it,
/// so a restart keeps serving the rebuilt file.</para></summary>
public sealed class ReadModelStore : IDbContextFactory<ReadModelDb>
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private volatile ReadModelFile _file;

    public ReadModelStore(string path)
    {
        BasePath = System.IO.Path.GetFullPath(path);
        _file = new ReadModelFile(PublishedPath() ?? BasePath);
    }

    /// <summary>The configured path; the file in use may be a rebuilt one next to it (<see cref="Path"/>).</summary>
    public string BasePath { get; }

    public string Path => _file.Path;

    /// <summary>A file being filled from the events, as a rebuild's or one far behind at the start: its commits skip
    /// fsync and its secondary indexes wait for <see cref="Seal"/> (a crash or a failure throws the file away: its
    /// version is written when sealed).</summary>
    public bool Filling { get; private set; }

    private string PointerPath => BasePath + ".current";

    /// <summary>The file the pointer names, when it exists; a rebuild run from the command line publishes
    /// its file this way and the running app adopts it.</summary>
    public string? PublishedPath()
    {
        var name = File.Exists(PointerPath) ? File.ReadAllText(PointerPath).Trim() : "";
        var path = name.Length > 0 ? System.IO.Path.Combine(System.IO.Path.GetDirectoryName(BasePath)!, name) : null;
        return path is not null && File.Exists(path) ? path : null;
    }

    /// <summary>Names <paramref name="replacement"/> as the file to serve from now on (atomically).</summary>
    public void Publish(ReadModelStore replacement)
    {
        replacement.Seal();
        var pointer = PointerPath + ".tmp";
        File.WriteAllText(pointer, System.IO.Path.GetFileName(replacement.Path));
        File.Move(pointer, PointerPath, overwrite: true);
    }

    public ReadModelDb CreateDbContext() => new(_file.Options);

    /// <summary>Told after each commit what rows it changed, and with null after the file was replaced (anything may
    /// have changed); runs before <see cref="ApplyAsync"/> returns, so before readers waiting for that sequence go on.
    /// For caches of what the pages read (<c>ReportCardCache</c>).</summary>
    public event Action<IReadOnlyList<RowChange>?>? Changed;

    /// <summary>Creates the file, or starts it afresh when it was made for another version of the tables
    /// (the app's catch-up then refills it from the events: the read model is disposable).</summary>
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using (var db = CreateDbContext())
        {
            var version = SchemaVersion(db);
            var tables = await db.Database.SqlQueryRaw<int>("select count(*) as Value from sqlite_master where type = 'table'").SingleAsync(ct);
            var stored = await db.Database.SqlQueryRaw<int>("select user_version as Value from pragma_user_version").SingleAsync(ct);
            if (tables > 0 && stored == version)
                return;
            if (tables > 0)
            {
                await db.Database.CloseConnectionAsync();
                _file.Delete();
            }
        }
        await using var fresh = CreateDbContext();
        await fresh.Database.EnsureCreatedAsync(ct);
        await fresh.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        if (Filling)
            _deferredIndexes = await DeferIndexesAsync(fresh, ct);
        else
            await fresh.Database.ExecuteSqlRawAsync(StampVersion(fresh), ct);
    }

    /// <summary>Throws the file away and creates it empty, for the catch-up to fill: for a file that holds events the
    /// event store does not have (a restored or replaced database), which catching up could never correct, since it
    /// skips every sequence at or below the checkpoint.</summary>
    public async Task StartAfreshAsync(CancellationToken ct)
    {
        _file.Delete();
        await InitializeAsync(ct);
    }

    /// <summary>Fills the rest like a rebuild (<see cref="Filling"/>) until <see cref="Seal"/>: for a file far behind the
    /// events at the start (deleted, made for other tables, restored), which serves nobody meanwhile. Maintaining five
    /// history indexes per row made that refill about half as fast as a rebuild (docs/benchmarks.md).</summary>
    public async Task StartFillingAsync(CancellationToken ct)
    {
        await _writer.WaitAsync(ct);
        try
        {
            if (Filling)
                return;
            await using var db = CreateDbContext();
            // Until sealed the file is not of this version: one a crash leaves half-filled is started afresh.
            await db.Database.ExecuteSqlRawAsync("PRAGMA user_version=0;", ct);
            _deferredIndexes = await DeferIndexesAsync(db, ct);
            Filling = true;
            _sealed = false;
        }
        finally
        {
            _writer.Release();
        }
    }

    // PRAGMA takes no parameters; the version is a number of ours.
    private static string StampVersion(ReadModelDb db) => $"PRAGMA user_version={SchemaVersion(db)};";

    /// <summary>The secondary indexes a rebuild's file gets only when sealed: a bulk load and one CREATE INDEX
    /// per index is far cheaper than maintaining every B-tree for every row (a score change has five). Unique
    /// indexes stay, so a duplicate fails where it would fail in the live file.</summary>
    private string[] _deferredIndexes = [];

    private static async Task<string[]> DeferIndexesAsync(ReadModelDb db, CancellationToken ct)
    {
        var indexes = await db.Database.SqlQueryRaw<string>(
            "select name as Value from sqlite_master where type = 'index' and sql is not null and sql not like 'CREATE UNIQUE%' order by name").ToListAsync(ct);
        var definitions = new List<string>();
        foreach (var name in indexes)
        {
            definitions.Add(await db.Database.SqlQueryRaw<string>("select sql as Value from sqlite_master where name = {0}", name).SingleAsync(ct));
            // An index name comes from sqlite_master (the model's own), and DDL takes no parameters.
            var drop = $"DROP INDEX \"{name.Replace("\"", "\"\"")}\"";
            await db.Database.ExecuteSqlRawAsync(drop, ct);
        }
        return [.. definitions];
    }

    /// <summary>A number that changes whenever the tables or the projectors' <see cref="Projector.Revision"/> do (kept in SQLite's
    /// user_version); <paramref name="projectorsRevision"/> 0 is what a file carried before revisions were counted (the tables alone).</summary>
    public static int SchemaVersion(ReadModelDb db, int projectorsRevision = Projector.Revision) =>
        Math.Abs(BitConverter.ToInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(db.Database.GenerateCreateScript()
            + (projectorsRevision == 0 ? "" : $"\n-- projectors revision {projectorsRevision}")))) % int.MaxValue) + 1;

    /// <summary>The last event applied (sequence and id), or null before any.</summary>
    public async Task<(long Sequence, Guid Id)?> LastEventAsync(CancellationToken ct = default)
    {
        await using var db = CreateDbContext();
        var row = await db.Checkpoints.Where(c => c.Name == CheckpointRow.Main && c.LastEventSequence > 0)
            .Select(c => new { c.LastEventSequence, c.LastEventId }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.LastEventSequence, row.LastEventId);
    }

    public async Task<long> CheckpointAsync(CancellationToken ct = default)
    {
        await using var db = CreateDbContext();
        return await db.Checkpoints.Where(c => c.Name == CheckpointRow.Main).Select(c => c.Sequence).FirstOrDefaultAsync(ct);
    }

    /// <summary>Applies the events above the checkpoint and moves the checkpoint to at least
    /// <paramref name="ceiling"/>. An event the projectors cannot handle goes to
    /// <paramref name="onPoisonEvent"/> and is skipped; without it, the batch fails with
    /// <see cref="ProjectionFailedException"/> and nothing of it is applied. Returns the new checkpoint.</summary>
    public async Task<long> ApplyAsync(IReadOnlyList<IEvent> events, long ceiling, CancellationToken ct = default,
        Func<IEvent, Exception, Task>? onPoisonEvent = null, RebuildPace? pace = null)
    {
        await _writer.WaitAsync(ct);
        try
        {
            return await ApplyUnlockedAsync(events, ceiling, onPoisonEvent, pace, ct);
        }
        finally
        {
            _writer.Release();
        }
    }

    // Events applied between two looks at the requests being served: about half a millisecond of a rebuild's work.
    private const int EventsBetweenPaceChecks = 32;

    private async Task<long> ApplyUnlockedAsync(IReadOnlyList<IEvent> events, long ceiling, Func<IEvent, Exception, Task>? onPoisonEvent,
        RebuildPace? pace, CancellationToken ct)
    {
        var sincePaceCheck = 0;
        await using var connection = _file.OpenWriter(Filling);
        await using var tx = connection.BeginTransaction();
        var (applied, lastEvent) = ReadCheckpoint(connection, tx);
        var changed = Changed is null ? null : new List<RowChange>();
        using (var writer = new RowWriter(connection))
        {
            foreach (var e in events.Where(e => e.Sequence > applied))
            {
                // A rebuild's file serves nobody yet, so its transaction may wait while people are being served.
                if (pace is not null && ++sincePaceCheck == EventsBetweenPaceChecks)
                {
                    sincePaceCheck = 0;
                    await pace.GiveWayAsync();
                }
                // Projectors are pure, so a failing event is found before anything of it reaches the database.
                List<RowChange> changes;
                try
                {
                    changes = [.. Projector.Project(e)];
                }
                catch (Exception error)
                {
                    if (onPoisonEvent is null)
                        throw new ProjectionFailedException(e, error);
                    await onPoisonEvent(e, error);
                    continue;
                }
                foreach (var change in changes)
                    writer.Write(change);
                changed?.AddRange(changes);
            }
            if (events.Count > 0 && events.MaxBy(e => e.Sequence) is { } last && last.Sequence > lastEvent.Sequence)
                lastEvent = (last.Sequence, last.Id);
            var checkpoint = Math.Max(applied, Math.Max(ceiling, lastEvent.Sequence));
            writer.Write(new Upsert(new CheckpointRow { Sequence = checkpoint, LastEventSequence = lastEvent.Sequence, LastEventId = lastEvent.Id }));
            applied = checkpoint;
        }
        await tx.CommitAsync(ct);
        if (changed is not null)
            Changed?.Invoke(changed);
        if (!Filling)
            RefreshStatistics(connection, applied);
        return applied;
    }

    private long _analyzedAt = -1;
    private long _analyzedTicks;

    /// <summary>The history explorer's filters need table statistics to pick an index (without them SQLite walks every
    /// change in sequence order, docs/benchmarks.md); ANALYZE sampling 1,000 rows per index takes milliseconds.
    /// Refreshed when the model has doubled since, and hourly while it changes; a rebuilt file gets them in <see cref="Seal"/>.</summary>
    private void RefreshStatistics(SqliteConnection connection, long checkpoint)
    {
        if (_analyzedAt >= 0 && checkpoint < 2 * _analyzedAt && Environment.TickCount64 - _analyzedTicks < 3_600_000)
            return;
        using var command = new SqliteCommand(Analyze, connection);
        command.ExecuteNonQuery();
        (_analyzedAt, _analyzedTicks) = (checkpoint, Environment.TickCount64);
    }

    private const string Analyze = "PRAGMA analysis_limit=1000; ANALYZE;";

    // CREATE INDEX sorts every row of its table: 16 MB of cache merges fewer runs than the default 2 MB. More cache
    // or a helper thread (PRAGMA threads) sorted no faster on 2 cores and cost up to 150 MB more at the peak (docs/benchmarks.md).
    private const string SortInMemory = "PRAGMA cache_size=-16384;\n";
    private const string SortDefault = "PRAGMA cache_size=-2000;\n";

    private static (long Checkpoint, (long Sequence, Guid Id) LastEvent) ReadCheckpoint(SqliteConnection connection, SqliteTransaction tx)
    {
        using var command = new SqliteCommand(
            "SELECT \"Sequence\", \"LastEventSequence\", \"LastEventId\" FROM \"Checkpoints\" WHERE \"Name\" = $name", connection, tx);
        command.Parameters.AddWithValue("$name", CheckpointRow.Main);
        using var row = command.ExecuteReader();
        return row.Read() ? (row.GetInt64(0), (row.GetInt64(1), new Guid((byte[])row.GetValue(2)))) : (0, (0, Guid.Empty));
    }

    /// <summary>A read model in a new file beside this one, for a rebuild; it serves nobody until swapped in.</summary>
    public ReadModelStore CreateSibling()
    {
        var directory = System.IO.Path.GetDirectoryName(BasePath)!;
        var name = System.IO.Path.GetFileNameWithoutExtension(BasePath);
        return new ReadModelStore(System.IO.Path.Combine(directory, $"{name}-{DateTime.UtcNow:yyyyMMddHHmmssfff}.db")) { Filling = true };
    }

    /// <summary>Deletes the read-model files beside this one that nothing will use again: a rebuild's that never finished
    /// (the app or the command line stopped midway) and a replaced one not yet retired when the app stopped. Each is as
    /// big as the read model, and a small server's disk fills with them. A file written to within <paramref name="quiet"/>
    /// may belong to a command-line rebuild still running, and stays. Returns the files deleted.</summary>
    public IReadOnlyList<string> DeleteLeftovers(TimeSpan quiet)
    {
        var directory = System.IO.Path.GetDirectoryName(BasePath)!;
        var name = System.IO.Path.GetFileNameWithoutExtension(BasePath);
        var sibling = new Regex($"^{Regex.Escape(name)}-[0-9]{{17}}\\.db$");
        var candidates = Directory.EnumerateFiles(directory, name + "-*.db").Where(f => sibling.IsMatch(System.IO.Path.GetFileName(f))).Append(BasePath);
        List<string> deleted = [];
        foreach (var file in candidates.Where(f => f != Path && File.Exists(f)))
        {
            var lastWritten = new[] { "", "-wal", "-shm" }.Select(suffix => file + suffix).Where(File.Exists).Max(File.GetLastWriteTimeUtc);
            if (DateTime.UtcNow - lastWritten < quiet)
                continue;
            new ReadModelFile(file).Delete();
            deleted.Add(file);
        }
        return deleted;
    }

    /// <summary>Makes <paramref name="replacement"/> the file everyone reads and the subscription writes.
    /// Writers are held while <paramref name="catchUp"/> brings the replacement to this model's checkpoint,
    /// so no event is lost between the two; readers never wait.</summary>
    public Task SwapAsync(ReadModelStore replacement, Func<ReadModelStore, long, Task> catchUp, CancellationToken ct) =>
        SwitchAsync(() => replacement, catchUp, ct);

    /// <summary>Switches to a file published by a rebuild in another process (the command line), if any.</summary>
    public Task AdoptPublishedAsync(Func<ReadModelStore, long, Task> catchUp, CancellationToken ct) =>
        SwitchAsync(() => PublishedPath() is { } path && path != Path ? new ReadModelStore(path) : null, catchUp, ct);

    private async Task SwitchAsync(Func<ReadModelStore?> replacementOf, Func<ReadModelStore, long, Task> catchUp, CancellationToken ct)
    {
        ReadModelFile old;
        await _writer.WaitAsync(ct);
        try
        {
            if (replacementOf() is not { } replacement)
                return;
            await catchUp(replacement, await CheckpointAsync(ct));
            old = _file;
            Publish(replacement);
            _file = replacement._file;
            Changed?.Invoke(null);
        }
        finally
        {
            _writer.Release();
        }
        _ = RetireAsync(old);
    }

    /// <summary>Deletes a replaced file once the requests still reading it are done.</summary>
    private static async Task RetireAsync(ReadModelFile file)
    {
        await Task.Delay(TimeSpan.FromSeconds(30));
        file.Delete();
    }

    /// <summary>Writes what a fill left in the WAL into the file and syncs it, so that it survives a power cut
    /// once it is named as current; later commits sync as usual. <see cref="Publish"/> does it too; a rebuild
    /// does it first, before writers are held for the swap, which then finds it done: sealing again took 100–230 ms
    /// of that hold (a sync of the file among them).</summary>
    public void Seal()
    {
        _writer.Wait();
        try
        {
            if (_sealed)
                return;
            Filling = false;
            string version;
            using (var db = CreateDbContext())
                version = StampVersion(db);
            using var connection = _file.OpenWriter(filling: false);
            using var command = new SqliteCommand(SortInMemory + string.Concat(_deferredIndexes.Select(sql => sql + ";\n")) + SortDefault +
                Analyze + version + " PRAGMA synchronous=FULL; PRAGMA wal_checkpoint(TRUNCATE);", connection);
            command.ExecuteNonQuery();
            _deferredIndexes = [];
            _sealed = true;
        }
        finally
        {
            _writer.Release();
        }
    }

    // Sealed since it was last filled: its later commits sync as any live file's do.
    private bool _sealed;

    /// <summary>Deletes this store's file; for a rebuild that did not finish.</summary>
    public void Discard() => _file.Delete();

    private sealed class ReadModelFile
    {
        public ReadModelFile(string path)
        {
            Path = path;
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
            Options = new DbContextOptionsBuilder<ReadModelDb>()
                .UseSqlite(ConnectionString)
                .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
                .Options;
        }

        public string Path { get; }
        public string ConnectionString { get; }
        public DbContextOptions<ReadModelDb> Options { get; }

        /// <summary>A connection for the single writer. In WAL mode synchronous=NORMAL syncs at checkpoints
        /// only: a power cut may lose the last commits, which the catch-up applies again from the events.
        /// Checkpoints every 64 MB of WAL instead of SQLite's 4 MB: under semester-end writes a checkpoint ran
        /// every few batches and took ≈ 30 % of the writer's time copying the same hot index pages again
        /// (docs/benchmarks.md: catch-up 5.6k → 9k events/s).</summary>
        public SqliteConnection OpenWriter(bool filling)
        {
            var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            using var command = new SqliteCommand((filling ? "PRAGMA synchronous=OFF;" : "PRAGMA synchronous=NORMAL;") + " PRAGMA wal_autocheckpoint=16384;", connection);
            command.ExecuteNonQuery();
            return connection;
        }

        public void Delete()
        {
            using (var connection = new SqliteConnection(ConnectionString))
                SqliteConnection.ClearPool(connection);
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(Path + suffix);
        }
    }
}

/// <summary>An event the read model's projectors could not handle.</summary>
public sealed class ProjectionFailedException(IEvent e, Exception inner)
    : Exception($"Event {e.Sequence} ({e.EventTypeName}, stream {e.StreamKey}) could not be projected: {inner.Message}", inner)
{
    public long Sequence { get; } = e.Sequence;
    public string EventType { get; } = e.EventTypeName;
}
