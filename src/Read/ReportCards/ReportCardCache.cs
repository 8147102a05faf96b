using System.Collections.Concurrent;
using ERaport.Read.ReadModel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ERaport.Read.ReportCards;

/// <summary>Each class's report cards (what the leger, the rapor pages and the PDFs show) kept between requests:
/// building them takes a dozen queries and milliseconds of CPU, and at semester end hundreds of people read the same
/// leger. It holds data only: callers check access on every request.
/// <para>Never stale: after every commit the read model says which rows changed (<see cref="ReadModelStore.Changed"/>).
/// A row names the gradebook, class and/or student it belongs to; one that names none of them (school, term, subject,
/// user) may concern any class. Each of those gets the commit's stamp. An entry keeps the stamp taken before it was
/// loaded and what it was built from (its class, gradebooks, students), and is served only while none of those has a
/// newer stamp. Stamps move after the commit and before the read-your-writes position, so an entry loaded while a
/// commit happens is not served after it, and a reader waiting for its own write never gets an older entry.</para></summary>
public sealed class ReportCardCache
{
    private readonly ReadModelStore _store;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<(string SchoolId, Guid ClassId), Entry> _entries = new();
    private readonly ConcurrentDictionary<Source, long> _stamps = new();
    private readonly ConcurrentDictionary<Type, SourceColumns> _columns = new();
    private readonly IModel _model;
    private long _clock;
    private long _everything;

    /// <param name="capacity">Classes kept (least recently used go first). A class of 36 with its leger and every rapor page
    /// rendered (<c>RenderedOnce</c>, kept as long as its cards) holds about 1 MB.</param>
    public ReportCardCache(ReadModelStore store, int capacity = 48)
    {
        _store = store;
        _capacity = capacity;
        using (var db = store.CreateDbContext())
            _model = db.Model;
        store.Changed += Invalidate;
    }

    /// <summary>What <see cref="ReportCardQuery.LoadAsync"/> reads now: null when the class is not the school's;
    /// <paramref name="studentId"/> narrows it to one student. Concurrent requests for a class not cached share one load.</summary>
    public async Task<ClassReportCards?> LoadAsync(string schoolId, Guid classId, CancellationToken ct, Guid? studentId = null)
    {
        var cards = await ClassAsync(schoolId, classId, ct);
        return studentId is { } id ? cards?.Of(id) : cards;
    }

    private async Task<ClassReportCards?> ClassAsync(string schoolId, Guid classId, CancellationToken ct)
    {
        var key = (schoolId, classId);
        while (true)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                var cards = await entry.Cards.WaitAsync(ct);
                if (IsCurrent(entry))
                {
                    entry.LastUsed = Environment.TickCount64;
                    return cards;
                }
                // Stale: replace it unless someone else already did, then look again.
                var fresh = new Entry(Volatile.Read(ref _clock));
                if (_entries.TryUpdate(key, fresh, entry))
                    return await FillAsync(key, fresh);
            }
            else
            {
                var fresh = new Entry(Volatile.Read(ref _clock));
                if (_entries.TryAdd(key, fresh))
                {
                    EvictIfFull();
                    return await FillAsync(key, fresh);
                }
            }
        }
    }

    private async Task<ClassReportCards?> FillAsync((string SchoolId, Guid ClassId) key, Entry entry)
    {
        try
        {
            // Not the caller's token: others may be waiting for this load.
            await using var db = _store.CreateDbContext();
            var cards = await ReportCardQuery.LoadAsync(db, key.SchoolId, key.ClassId, CancellationToken.None);
            entry.Sources = cards is null ? [] :
                [new Source(SourceKind.Class, key.ClassId), .. cards.GradebookIds.Select(id => new Source(SourceKind.Gradebook, id)),
                    .. cards.Cards.Select(c => new Source(SourceKind.Student, c.Student.StudentId))];
            entry.Done.SetResult(cards);
            // Unknown classes are not kept: anyone could fill the cache with made-up ids.
            if (cards is null)
                _entries.TryRemove(KeyValuePair.Create(key, entry));
            return cards;
        }
        catch (Exception error)
        {
            _entries.TryRemove(KeyValuePair.Create(key, entry));
            entry.Done.SetException(error);
            throw;
        }
    }

    private bool IsCurrent(Entry entry)
    {
        if (Volatile.Read(ref _everything) > entry.Stamp || entry.Cards.Result is null)
            return false;
        foreach (var source in entry.Sources)
            if (_stamps.TryGetValue(source, out var stamp) && stamp > entry.Stamp)
                return false;
        return true;
    }

    private void EvictIfFull()
    {
        if (_entries.Count <= _capacity)
            return;
        // The least recently used tenth goes; rare enough for a sort.
        foreach (var (key, entry) in _entries.OrderBy(e => e.Value.LastUsed).Take(Math.Max(1, _capacity / 10)).ToList())
            _entries.TryRemove(KeyValuePair.Create(key, entry));
    }

    /// <summary>Runs on the read model's writer after each commit; null: the whole file was replaced.</summary>
    private void Invalidate(IReadOnlyList<RowChange>? changes)
    {
        var stamp = Interlocked.Increment(ref _clock);
        if (changes is null)
        {
            Volatile.Write(ref _everything, stamp);
            return;
        }
        foreach (var change in changes)
        {
            var (rowType, values) = change switch
            {
                Upsert u => (u.Row.GetType(), (object)u.Row),
                Insert i => (i.Row.GetType(), i.Row),
                Delete d => (d.RowType, d.Key),
                _ => (typeof(object), null!),
            };
            if (!_columns.GetOrAdd(rowType, ColumnsOf).Mark(values, stamp, _stamps))
                Volatile.Write(ref _everything, stamp);
        }
    }

    private SourceColumns ColumnsOf(Type rowType)
    {
        var entity = _model.FindEntityType(rowType);
        var key = entity?.FindPrimaryKey()?.Properties.ToList();
        var columns = new List<(SourceKind, IProperty, int)>();
        foreach (var kind in Enum.GetValues<SourceKind>())
            if (entity?.FindProperty(kind + "Id") is { } property)
                columns.Add((kind, property, key?.IndexOf(property) ?? -1));
        return new SourceColumns([.. columns]);
    }

    /// <summary>What a cached class was built from; a row names its sources by these columns.</summary>
    private enum SourceKind { Gradebook, Class, Student }

    private readonly record struct Source(SourceKind Kind, Guid Id);

    /// <summary>The columns of one table that name a source: for a row its properties, for a delete its key's positions.</summary>
    private sealed record SourceColumns((SourceKind Kind, IProperty Property, int KeyIndex)[] Columns)
    {
        /// <summary>Stamps the sources the row (or deleted key) names; false when it names none.</summary>
        public bool Mark(object rowOrKey, long stamp, ConcurrentDictionary<Source, long> stamps)
        {
            var marked = false;
            foreach (var (kind, property, keyIndex) in Columns)
            {
                var value = rowOrKey is object[] key
                    ? keyIndex >= 0 ? key[keyIndex] : null
                    : property.GetGetter().GetClrValueUsingContainingEntity(rowOrKey);
                if (value is Guid id)
                {
                    stamps[new Source(kind, id)] = stamp;
                    marked = true;
                }
            }
            return marked;
        }
    }

    private sealed class Entry(long stamp)
    {
        public long Stamp { get; } = stamp;
        public TaskCompletionSource<ClassReportCards?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public Task<ClassReportCards?> Cards => Done.Task;
        public Source[] Sources { get; set; } = [];
        public long LastUsed { get; set; } = Environment.TickCount64;
    }
}
