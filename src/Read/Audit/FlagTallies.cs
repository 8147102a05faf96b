using System.Runtime.CompilerServices;
using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using static ERaport.Read.Audit.HistoryExplorer;

namespace ERaport.Read.Audit;

/// <summary>How many changes carry each flag, the first thing the history explorer shows, kept per gradebook between
/// visits. Counting every change of a large school's year on each visit took 1.3–2 s of SQL (docs/benchmarks.md); a
/// visit now counts only the changes added since the last one and recounts a gradebook only when what judges its
/// changes moved (a lock, a reassignment, a report date). History rows are only ever added, so a count through a
/// sequence stays true until those facts change; a replaced file starts the tallies afresh.</summary>
public sealed class FlagTallies
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string School, AuditRules Rules), SchoolTallies> _schools = [];

    public FlagTallies(ReadModelStore store) => store.Changed += changes =>
    {
        if (changes is null)
            lock (_lock)
                _schools.Clear();
    };

    /// <summary>Each gradebook's counts (indexed like <see cref="HistoryExplorer.Flags"/>) through <see cref="Through"/>,
    /// with the facts they were judged by.</summary>
    private sealed record SchoolTallies(long Through, Dictionary<Guid, (string Facts, int[] Counts)> Gradebooks);

    /// <summary>The counts of the visible gradebooks, of one class or subject (or both) when given.</summary>
    public async Task<List<FlagCount>> CountAsync(ReadModelDb db, string schoolId, GradebookFilter? visible, AuditRules rules, CancellationToken ct,
        Guid? classId = null, Guid? subjectId = null)
    {
        var (visibleIds, tallies, _) = await TallyAsync(db, schoolId, visible, rules, ct, classId, subjectId);
        return [.. Flags.Select((flag, i) => new FlagCount(flag, visibleIds.Sum(id => tallies[id].Counts[i])))];
    }

    /// <summary>The visible gradebooks with a change carrying <paramref name="flag"/> (any flag when null), when they are few
    /// enough to read by their index, and the sequence they are counted through; null when there are more. A filter on a
    /// rare flag otherwise walked every change of the school to find a few (1.3 s on a million-change school).</summary>
    public async Task<(List<Guid> Gradebooks, long Through)?> FewGradebooksWithAsync(ReadModelDb db, string schoolId, GradebookFilter? visible,
        AuditRules rules, ChangeFlag? flag, CancellationToken ct)
    {
        var (visibleIds, tallies, through) = await TallyAsync(db, schoolId, visible, rules, ct);
        var flagged = visibleIds.Where(id => flag is { } only ? tallies[id].Counts[Array.IndexOf(Flags, only)] > 0 : tallies[id].Counts.Any(c => c > 0))
            .Take(FewGradebooks + 1).ToList();
        return flagged.Count <= FewGradebooks ? (flagged, through) : null;
    }

    private async Task<(IReadOnlyCollection<Guid> Visible, Dictionary<Guid, (string Facts, int[] Counts)> Tallies, long Through)> TallyAsync(
        ReadModelDb db, string schoolId, GradebookFilter? visible, AuditRules rules, CancellationToken ct, Guid? classId = null, Guid? subjectId = null)
    {
        // Taken before the snapshot, so never ahead of it (a file replaced meanwhile starts afresh).
        SchoolTallies kept;
        lock (_lock)
            kept = _schools.GetValueOrDefault((schoolId, rules)) ?? new SchoolTallies(0, []);
        // One snapshot: the facts, the checkpoint and the changes read together.
        await using var snapshot = await Snapshot.BeginAsync(db, ct);
        var through = await db.Checkpoints.Where(c => c.Name == CheckpointRow.Main).Select(c => c.Sequence).FirstOrDefaultAsync(ct);
        var known = kept.Through <= through ? kept : new SchoolTallies(0, []);
        var tallies = known.Gradebooks.ToDictionary(t => t.Key, t => (t.Value.Facts, Counts: (int[])t.Value.Counts.Clone()));
        var userNames = await HistoryExplorer.UserNamesAsync(db, schoolId, ct);
        var school = db.Gradebooks.Where(g => g.SchoolId == schoolId);
        // Gradebooks out of this view keep their counts, checked against their facts when next shown, as another reader's do.
        var shown = visible?.Apply(school) ?? school;
        if (classId is { } inClass)
            shown = shown.Where(g => g.ClassId == inClass);
        if (subjectId is { } ofSubject)
            shown = shown.Where(g => g.SubjectId == ofSubject);
        var facts = await FactsAsync(db, shown, userNames, rules, ct);

        // The changes since the last count, to the gradebooks counted then whose facts still hold. The others are dropped, to
        // be counted whole when next shown: kept, they would miss these changes should their facts return to the old ones.
        if (tallies.Count > 0 && through > known.Through)
        {
            var after = known.Through;
            var added = db.ScoreChanges.Where(h => h.SchoolId == schoolId && h.Sequence > after && h.Sequence <= through);
            var addedTo = await added.Select(h => h.GradebookId).Distinct().ToListAsync(ct);
            var addedFacts = await FactsAsync(db, school.Where(g => addedTo.Contains(g.GradebookId)), userNames, rules, ct);
            foreach (var id in addedTo)
                if (tallies.TryGetValue(id, out var tally) && (!addedFacts.TryGetValue(id, out var current) || tally.Facts != current.Fingerprint))
                    tallies.Remove(id);
            await ScanAsync(added, id => tallies.TryGetValue(id, out var tally) ? (addedFacts[id], tally.Counts) : null, snapshot, rules, ct);
        }

        // Gradebooks never counted, or whose facts changed, are counted whole.
        var recount = facts.Where(f => !tallies.TryGetValue(f.Key, out var tally) || tally.Facts != f.Value.Fingerprint).Select(f => f.Key).ToList();
        if (recount.Count > 0)
        {
            foreach (var id in recount)
                tallies[id] = (facts[id].Fingerprint, new int[Flags.Length]);
            // A teacher's few gradebooks are read by their index (given the school too, SQLite walked the school's changes);
            // a first count of a principal's reads the school's changes.
            var changes = recount.Count <= FewGradebooks
                ? db.ScoreChanges.Where(h => recount.Contains(h.GradebookId) && h.Sequence <= through)
                : db.ScoreChanges.Where(h => h.SchoolId == schoolId && h.Sequence <= through);
            var recounted = recount.ToHashSet();
            await ScanAsync(changes, id => recounted.Contains(id) ? (facts[id], tallies[id].Counts) : null, snapshot, rules, ct);
        }

        lock (_lock)
            if (!_schools.TryGetValue((schoolId, rules), out var stored) || stored.Through <= through)
                _schools[(schoolId, rules)] = new SchoolTallies(through, tallies);
        return (facts.Keys, tallies, through);
    }

    /// <summary>Gradebooks few enough to read their changes and facts by their ids.</summary>
    internal const int FewGradebooks = 100;

    // How the model stores a DateTimeOffset (ReadModelDb's conventions).
    private static readonly Func<long, DateTimeOffset> StoredTime = new DateTimeOffsetToBinaryConverter().ConvertFromProviderTyped;

    /// <summary>A read snapshot of the model: what is read in it is of one moment. Deferred: Microsoft.Data.Sqlite's default,
    /// BEGIN IMMEDIATE, takes the write lock, so a count held the read model's writer up and waited out its commits.</summary>
    internal sealed class Snapshot : IAsyncDisposable
    {
        private readonly ReadModelDb _db;

        private Snapshot(ReadModelDb db, SqliteTransaction transaction) => (_db, Transaction) = (db, transaction);

        public SqliteTransaction Transaction { get; }

        public static async Task<Snapshot> BeginAsync(ReadModelDb db, CancellationToken ct)
        {
            await db.Database.OpenConnectionAsync(ct);
            var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
            await db.Database.UseTransactionAsync(transaction, ct);
            return new Snapshot(db, transaction);
        }

        /// <summary>Ends it, and EF Core's use of it (a transaction EF Core was given is not EF Core's to end).</summary>
        public async ValueTask DisposeAsync()
        {
            await _db.Database.UseTransactionAsync(null);
            await Transaction.DisposeAsync();
        }
    }

    /// <summary>Adds each change's flags to its gradebook's counts, for the gradebooks <paramref name="countsOf"/> gives counts for.</summary>
    private static async Task ScanAsync(IQueryable<ScoreChangeRow> changes, Func<Guid, (GradebookFacts Facts, int[] Counts)?> countsOf,
        Snapshot snapshot, AuditRules rules, CancellationToken ct)
    {
        await foreach (var change in ReadAsync(Judged(changes), id => countsOf(id) is not null, snapshot, ct))
        {
            var (facts, counts) = countsOf(change.GradebookId)!.Value;
            AddTo(counts, change.FlagsBy(facts, rules));
        }
    }

    /// <summary>The changes among <paramref name="changes"/> (<see cref="Judged"/>: those that can carry a flag) of the gradebooks
    /// <paramref name="wanted"/>, as judging them needs. Read as stored, past EF Core's materialiser (which took three times as long as
    /// the reading); the SQL and the columns are still EF Core's.</summary>
    internal static async IAsyncEnumerable<ChangeToJudge> ReadAsync(IQueryable<ScoreChangeRow> changes, Func<Guid, bool> wanted,
        Snapshot snapshot, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = changes.Select(h => new { h.GradebookId, h.Sequence, h.Kind, h.ChangedBy, h.Source, h.Before, h.After, h.ChangedAt })
            .CreateDbCommand();
        command.Transaction = snapshot.Transaction;
        await using var reader = await command.ExecuteReaderAsync(ct);
        int Column(string name) => reader.GetOrdinal(name);
        var (gradebook, sequence, kind, by, source, before, after, at) = (Column(nameof(ScoreChangeRow.GradebookId)), Column(nameof(ScoreChangeRow.Sequence)),
            Column(nameof(ScoreChangeRow.Kind)), Column(nameof(ScoreChangeRow.ChangedBy)), Column(nameof(ScoreChangeRow.Source)),
            Column(nameof(ScoreChangeRow.Before)), Column(nameof(ScoreChangeRow.After)), Column(nameof(ScoreChangeRow.ChangedAt)));
        while (await reader.ReadAsync(ct))
        {
            // GetFieldValue, not GetBytes: GetBytes opens the blob as a stream and took 40 times as long.
            var gradebookId = new Guid(reader.GetFieldValue<byte[]>(gradebook));
            if (wanted(gradebookId))
                yield return new ChangeToJudge(gradebookId, (ScoreChangeKind)reader.GetInt32(kind), reader.GetInt64(sequence), reader.GetString(by),
                    reader.GetString(source), reader.IsDBNull(before) ? null : reader.GetInt32(before), reader.IsDBNull(after) ? null : reader.GetInt32(after),
                    StoredTime(reader.GetInt64(at)));
        }
    }

    /// <summary>Only the changes that can carry a flag: lock and request lines never do.</summary>
    internal static IQueryable<ScoreChangeRow> Judged(IQueryable<ScoreChangeRow> changes)
    {
        var markers = ScoreChangeRow.Markers;
        return changes.Where(h => !markers.Contains(h.Kind));
    }
}

/// <summary>A change as judging it needs (<see cref="HistoryExplorer.FlagsOf(ScoreChangeKind, long, string, string, int?, int?, DateTimeOffset, GradebookFacts, AuditRules)"/>).</summary>
internal readonly record struct ChangeToJudge(Guid GradebookId, ScoreChangeKind Kind, long Sequence, string ChangedBy, string Source, int? Before, int? After,
    DateTimeOffset ChangedAt)
{
    public int FlagsBy(GradebookFacts facts, AuditRules rules) => FlagsOf(Kind, Sequence, ChangedBy, Source, Before, After, ChangedAt, facts, rules);
}
