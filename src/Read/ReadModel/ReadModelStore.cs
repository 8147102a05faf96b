using JasperFx.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.ReadModel;

/// <summary>One SQLite read-model file: one writer at a time, many readers (WAL). Each batch of events is
/// applied in one transaction together with the checkpoint, and events at or below the checkpoint are
/// skipped, so a batch delivered twice changes nothing.</summary>
public sealed class ReadModelStore : IDbContextFactory<ReadModelDb>
{
    private readonly DbContextOptions<ReadModelDb> _options;
    private readonly SemaphoreSlim _writer = new(1, 1);

    public ReadModelStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        var connection = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, DefaultTimeout = 30 };
        _options = new DbContextOptionsBuilder<ReadModelDb>()
            .UseSqlite(connection.ToString())
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking)
            .Options;
    }

    public string Path { get; }

    public ReadModelDb CreateDbContext() => new(_options);

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var db = CreateDbContext();
        await db.Database.EnsureCreatedAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    public async Task<long> CheckpointAsync(CancellationToken ct = default)
    {
        await using var db = CreateDbContext();
        return await db.Checkpoints.Where(c => c.Name == CheckpointRow.Main).Select(c => c.Sequence).FirstOrDefaultAsync(ct);
    }

    /// <summary>Applies the events above the checkpoint and moves the checkpoint to at least
    /// <paramref name="ceiling"/>. Returns the new checkpoint.</summary>
    public async Task<long> ApplyAsync(IReadOnlyList<IEvent> events, long ceiling, CancellationToken ct = default)
    {
        await _writer.WaitAsync(ct);
        try
        {
            await using var db = CreateDbContext();
            db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.TrackAll;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var checkpoint = await db.Checkpoints.FindAsync([CheckpointRow.Main], ct);
            if (checkpoint is null)
                db.Checkpoints.Add(checkpoint = new CheckpointRow());
            foreach (var e in events.Where(e => e.Sequence > checkpoint.Sequence))
                foreach (var change in Projector.Project(e))
                    await ApplyAsync(db, change, ct);
            checkpoint.Sequence = Math.Max(checkpoint.Sequence, Math.Max(ceiling, events.Count > 0 ? events.Max(e => e.Sequence) : 0));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return checkpoint.Sequence;
        }
        finally
        {
            _writer.Release();
        }
    }

    private static async Task ApplyAsync(ReadModelDb db, RowChange change, CancellationToken ct)
    {
        switch (change)
        {
            case Insert insert:
                db.Add(insert.Row);
                break;
            case Upsert upsert:
                var existing = await db.FindAsync(upsert.Row.GetType(), KeyOf(db, upsert.Row), ct);
                if (existing is null)
                    db.Add(upsert.Row);
                else
                    db.Entry(existing).CurrentValues.SetValues(upsert.Row);
                break;
            case Delete delete:
                if (await db.FindAsync(delete.RowType, delete.Key, ct) is { } row)
                    db.Remove(row);
                break;
            default:
                throw new InvalidOperationException($"Unknown row change {change.GetType().Name}");
        }
    }

    private static object[] KeyOf(ReadModelDb db, object row) =>
        db.Model.FindEntityType(row.GetType())!.FindPrimaryKey()!.Properties
            .Select(p => p.PropertyInfo!.GetValue(row)!).ToArray();
}
