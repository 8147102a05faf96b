using System.Linq.Expressions;
using ERaport.Read.Grading;
using ERaport.Write.Common;
using ERaport.Read.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.Audit;

/// <summary>Why a change deserves the principal's attention.</summary>
public enum ChangeFlag
{
    AfterReportDate,
    NotTeacherOfRecord,
    LargeSwing,

    /// <summary>Changed while its gradebook was locked: an approved correction and what it recalculated.</summary>
    AfterLock,
}

/// <summary>The kinds of change a principal tells apart (<see cref="HistoryExplorer.KindsOf"/>): a score entered, corrected,
/// the final grade set by hand, a lock, ….</summary>
public enum ChangeGroup
{
    Recorded,
    Corrected,
    FinalGradeOverride,
    FinalGradeCalculated,
    Achievement,
    Description,
    Lock,
    CorrectionRequest,
    Teacher,

    /// <summary>Weights, KKTP and TPs added, reworded or removed: what changes every NA or description of a gradebook at once.</summary>
    Scheme,
}

/// <summary>Which changes to list. <see cref="After"/> is the keyset cursor (the last row of the previous
/// page), so paging stays fast however long the history is; <see cref="Before"/> (the first row of the next page)
/// pages back the same way.</summary>
public sealed record HistoryFilter(
    Guid? ClassId = null, Guid? SubjectId = null, Guid? StudentId = null, string? Nisn = null, string? ChangedBy = null,
    DateOnly? From = null, DateOnly? To = null, int? MinSwing = null, bool FlaggedOnly = false,
    HistoryCursor? After = null, int PageSize = 50, ChangeFlag? Flag = null, string? StudentName = null, ChangeGroup? Kind = null,
    HistoryCursor? Before = null)
{
    /// <summary>The filters a flag counter keeps: all but the flags and the page cursor.</summary>
    public HistoryFilter BesideFlags() => this with { Flag = null, FlaggedOnly = false, After = null, Before = null };
}

public sealed record HistoryCursor(long Sequence, int Position)
{
    public override string ToString() => $"{Sequence}.{Position}";

    public static HistoryCursor? Parse(string? text) =>
        text?.Split('.') is [var s, var p] && long.TryParse(s, out var sequence) && int.TryParse(p, out var position)
            ? new HistoryCursor(sequence, position)
            : null;
}

/// <summary>How the school judges changes; <see cref="LargeSwing"/> in points.</summary>
public sealed record AuditRules(int LargeSwing, TimeZoneInfo SchoolTime)
{
    /// <summary>Read when asked: the school's zone is set at start-up.</summary>
    public static AuditRules Default => new(20, ERaport.Write.Common.SchoolTime.Zone);

    /// <summary>The first moment after a date ends in the school's time zone.</summary>
    public DateTimeOffset EndOf(DateOnly date)
    {
        var midnight = date.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, SchoolTime.GetUtcOffset(midnight)).ToUniversalTime();
    }
}

public sealed record HistoryEntry(
    long Sequence, int Position, DateTimeOffset ChangedAt, Guid GradebookId, string ClassName, string SubjectName, string Term,
    Guid StudentId, string StudentName, string Nisn, string Assessment, string AssessmentLabel, ScoreChangeKind Kind,
    int? Before, int? After, string ChangedBy, string ChangedByName, string TeacherName, string? Reason, string Source,
    IReadOnlyList<ChangeFlag> Flags, string? Detail = null, string? DetailBefore = null)
{
    public HistoryCursor Cursor => new(Sequence, Position);
}

/// <summary><see cref="Previous"/> is the cursor of the page before (<see cref="HistoryFilter.Before"/>); <see cref="Count"/>, when
/// asked for, how many changes match the filter, up to one more than the count asked for ("more than").</summary>
public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Entries, HistoryCursor? Next, HistoryCursor? Previous = null, int? Count = null);

public sealed record FlagCount(ChangeFlag Flag, int Count);

/// <summary>Every grade change across the school, filtered, newest first; what a principal needs to settle
/// a dispute. <paramref name="visible"/> limits a teacher to their own teaching assignments.</summary>
public static class HistoryExplorer
{
    // Built with an initializer, not a constructor, so that EF Core can still filter on its members.
    private sealed class Candidate
    {
        public required ScoreChangeRow Change { get; init; }
        public required GradebookRow Gradebook { get; init; }
        public string? TeacherUserName { get; init; }
    }

    /// <summary>A page of changes. With <paramref name="tallies"/>, a filter on flags reads only the gradebooks that have such
    /// changes, when they are few. With <paramref name="countUpTo"/>, the matching changes are counted, up to one more than that:
    /// a count walks every match, so a school's whole history is not counted on each visit. A filter on flags is not counted: it
    /// judges every change it walks with subqueries (flagged only: 0.55 s on a year of 2,500 students, docs/benchmarks.md), and the
    /// counters above the list say how many changes carry each flag.</summary>
    public static async Task<HistoryPage> LoadAsync(ReadModelDb db, string schoolId, GradebookFilter? visible, HistoryFilter filter, AuditRules rules,
        CancellationToken ct, FlagTallies? tallies = null, int? countUpTo = null)
    {
        var (matching, ofStudents) = await MatchingAsync(db, schoolId, visible, filter, rules, ct, tallies);
        var page = filter.Before is { } before
            ? await PageBackAsync(db, matching, before, filter.PageSize, rules, ofStudents, ct)
            : await PageAsync(db, matching, filter.After, filter.PageSize, rules, ofStudents, ct);
        // A first page that holds every match has counted them already.
        return countUpTo is not { } cap || filter.FlaggedOnly || filter.Flag is not null ? page
            : page with { Count = filter is { After: null, Before: null } && page.Next is null ? page.Entries.Count : await matching.Take(cap + 1).CountAsync(ct) };
    }

    /// <summary>How many of the changes <paramref name="filter"/> matches carry each flag, whatever flag it chooses: each count is what
    /// choosing its flag would list with the other filters kept. A filter of class and subject only is counted from the gradebooks' kept
    /// <paramref name="tallies"/>; any other is judged change by change in memory, on the changes the list's own query reads by its index,
    /// and not at all (null) when they are more than <paramref name="countUpTo"/> (docs/benchmarks.md).</summary>
    public static async Task<List<FlagCount>?> CountFlagsAsync(ReadModelDb db, string schoolId, GradebookFilter? visible, HistoryFilter filter,
        AuditRules rules, FlagTallies tallies, int countUpTo, CancellationToken ct)
    {
        var others = filter.BesideFlags();
        if (others == new HistoryFilter(ClassId: others.ClassId, SubjectId: others.SubjectId, PageSize: others.PageSize))
            return await tallies.CountAsync(db, schoolId, visible, rules, ct, others.ClassId, others.SubjectId);
        var (matching, _) = await MatchingAsync(db, schoolId, visible, others, rules, ct, tallies: null);
        List<ChangeToJudge> changes = [];
        await using (var snapshot = await FlagTallies.Snapshot.BeginAsync(db, ct))
        {
            await foreach (var change in FlagTallies.ReadAsync(FlagTallies.Judged(matching.Select(c => c.Change)).Take(countUpTo + 1), _ => true, snapshot, ct))
                changes.Add(change);
            if (changes.Count > countUpTo)
                return null;
            var userNames = await UserNamesAsync(db, schoolId, ct);
            // A few gradebooks by their ids, more by the subquery of those visible: the facts of a school's 2,000 gradebooks read by
            // their ids took several times as long as the changes (docs/benchmarks.md).
            var ids = changes.Select(c => c.GradebookId).Distinct().ToList();
            var school = db.Gradebooks.Where(g => g.SchoolId == schoolId);
            var facts = await FactsAsync(db, ids.Count <= FlagTallies.FewGradebooks ? school.Where(g => ids.Contains(g.GradebookId)) : visible?.Apply(school) ?? school,
                userNames, rules, ct);
            var counts = new int[Flags.Length];
            foreach (var change in changes)
                AddTo(counts, change.FlagsBy(facts[change.GradebookId], rules));
            return [.. Flags.Select((flag, i) => new FlagCount(flag, counts[i]))];
        }
    }

    private static async Task<HistoryPage> PageAsync(ReadModelDb db, IQueryable<Candidate> matching, HistoryCursor? after, int size, AuditRules rules,
        StudentScope? ofStudents, CancellationToken ct)
    {
        if (after is not null)
            matching = matching.Where(c => c.Change.Sequence < after.Sequence || (c.Change.Sequence == after.Sequence && c.Change.Position > after.Position));
        var rows = await matching.OrderByDescending(c => c.Change.Sequence).ThenBy(c => c.Change.Position).Take(size + 1).ToListAsync(ct);
        var entries = await DescribeAsync(db, rows.Take(size).ToList(), rules, ofStudents, ct);
        // A page after a cursor came from newer changes: the way back is the cursor of its first.
        return new HistoryPage(entries, rows.Count > size ? entries[^1].Cursor : null, after is not null && entries.Count > 0 ? entries[0].Cursor : null);
    }

    /// <summary>The page just newer than <paramref name="before"/>: the same index walked the other way (oldest first), then turned
    /// round, so going back costs what going forward does, however deep the page.</summary>
    private static async Task<HistoryPage> PageBackAsync(ReadModelDb db, IQueryable<Candidate> matching, HistoryCursor before, int size, AuditRules rules,
        StudentScope? ofStudents, CancellationToken ct)
    {
        var rows = await matching
            .Where(c => c.Change.Sequence > before.Sequence || (c.Change.Sequence == before.Sequence && c.Change.Position < before.Position))
            .OrderBy(c => c.Change.Sequence).ThenByDescending(c => c.Change.Position).Take(size + 1).ToListAsync(ct);
        var entries = await DescribeAsync(db, rows.Take(size).Reverse().ToList(), rules, ofStudents, ct);
        // The change at the cursor is older than all of these and still matches: there is a next page.
        return new HistoryPage(entries, entries.Count > 0 ? entries[^1].Cursor : null, rows.Count > size ? entries[0].Cursor : null);
    }

    /// <summary>The students a filter is about and the gradebooks they have lines in.</summary>
    private sealed record StudentScope(List<Guid> Students, List<Guid> Gradebooks);

    /// <summary>Every change the filter matches, in no order and from no cursor; with the students it is about, if it is about some.</summary>
    private static async Task<(IQueryable<Candidate> Query, StudentScope? OfStudents)> MatchingAsync(ReadModelDb db, string schoolId,
        GradebookFilter? visible, HistoryFilter filter, AuditRules rules, CancellationToken ct, FlagTallies? tallies)
    {
        var reportDates = await ReportDatesAsync(db, schoolId, rules, ct);
        // Resolved first: SQLite cannot estimate a subquery on students and would walk every change in sequence order.
        var students = await StudentsAsync(db, schoolId, filter, ct);
        if (filter.StudentId is { } studentId)
            students = students is null ? [studentId] : [.. students.Where(s => s == studentId)];
        // And their gradebooks, by the school's student index: as a subquery (no school id) SQLite walked the whole
        // (GradebookId, StudentId) index, and the lines of a command in their gradebooks (OfStudents) would walk it again.
        var ofStudents = students is null ? null : new StudentScope(students,
            await db.ScoreChanges.Where(h => h.SchoolId == schoolId && students.Contains(h.StudentId)).Select(h => h.GradebookId).Distinct().ToListAsync(ct));
        // Only those of the class and subject asked for: a class lock is listed once, as its line in the first of these
        // gradebooks (OfStudents), and that line must be one the filter keeps.
        if (ofStudents is not null && (filter.ClassId is not null || filter.SubjectId is not null))
        {
            var theirs = ofStudents.Gradebooks;
            ofStudents = ofStudents with
            {
                Gradebooks = await db.Gradebooks.Where(g => theirs.Contains(g.GradebookId)
                        && (filter.ClassId == null || g.ClassId == filter.ClassId) && (filter.SubjectId == null || g.SubjectId == filter.SubjectId))
                    .Select(g => g.GradebookId).ToListAsync(ct),
            };
        }
        // Likewise the gradebooks of a class and subject: SQLite would otherwise walk the school's changes in
        // sequence order when both are given (≈ 100 ms on a year of 2,500 students instead of a few).
        var gradebooks = filter is { ClassId: { } classId, SubjectId: { } subjectId }
            ? await db.Gradebooks.Where(g => g.SchoolId == schoolId && g.ClassId == classId && g.SubjectId == subjectId).Select(g => g.GradebookId).ToListAsync(ct)
            : null;
        // And the gradebooks a rare flag is in, with those changed since they were counted (this read may see a later moment).
        if (tallies is not null && (filter.Flag is not null || filter.FlaggedOnly)
            && await tallies.FewGradebooksWithAsync(db, schoolId, visible, rules, filter.FlaggedOnly ? null : filter.Flag, ct) is { } few)
        {
            var (flagged, through) = few;
            var changedSince = await db.ScoreChanges.Where(h => h.SchoolId == schoolId && h.Sequence > through).Select(h => h.GradebookId).Distinct().ToListAsync(ct);
            var candidates = flagged.Union(changedSince);
            gradebooks = gradebooks is null ? [.. candidates] : [.. gradebooks.Intersect(candidates)];
        }
        var query = Query(db, schoolId, visible, filter, rules, reportDates, ofStudents, gradebooks);
        // A principal's terms are walked in sequence order, and terms follow one another in it: a principal of an earlier term
        // only would walk every later change first (≈ 400 ms of CPU on a year of 2,500 students). Their last change, one index
        // seek per visible gradebook (≈ 8 ms there), is where the walk starts. A teacher's few gradebooks are read by index.
        if (visible is { PrincipalTermIds.Count: > 0 })
        {
            var last = await visible.Apply(db.Gradebooks.Where(g => g.SchoolId == schoolId))
                .Select(g => db.ScoreChanges.Where(h => h.GradebookId == g.GradebookId).Max(h => (long?)h.Sequence)).MaxAsync(ct) ?? 0;
            query = query.Where(c => c.Change.Sequence <= last);
        }
        return (query, ofStudents);
    }

    /// <summary>The students a NISN (exact, but for lost leading zeros) and a part of a name (any case: a parent gives a name, the card a NISN) point to;
    /// null when neither is asked for.</summary>
    private static async Task<List<Guid>?> StudentsAsync(ReadModelDb db, string schoolId, HistoryFilter filter, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(filter.Nisn) && string.IsNullOrWhiteSpace(filter.StudentName))
            return null;
        var students = db.Students.Where(s => s.SchoolId == schoolId);
        if (filter.Nisn is { } typed && !string.IsNullOrWhiteSpace(typed))
        {
            // Read out in groups ("0101 323 615"), it is still one number.
            var nisn = string.Concat(typed.Where(c => !char.IsWhiteSpace(c)));
            // Every NISN has 10 digits: fewer are one a spreadsheet kept as a number, without its leading zeros.
            var whole = nisn.Length < 10 && nisn.All(char.IsAsciiDigit) ? nisn.PadLeft(10, '0') : nisn;
            students = students.Where(s => s.Nisn == whole);
        }
        if (filter.StudentName is { } name && !string.IsNullOrWhiteSpace(name))
            // Each word anywhere in the name: a parent's "Nugroho Adi" or "Siti Aisyah" (for Siti Nur Aisyah) finds the student.
            foreach (var word in name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                var pattern = "%" + word.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
                students = students.Where(s => EF.Functions.Like(s.Name, pattern, "\\"));
            }
        return await students.Select(s => s.StudentId).ToListAsync(ct);
    }

    /// <summary>Every matching change from the newest (whatever cursor the filter holds), for the CSV export, streamed in pages.</summary>
    public static async IAsyncEnumerable<HistoryEntry> AllAsync(ReadModelDb db, string schoolId, GradebookFilter? visible, HistoryFilter filter,
        AuditRules rules, FlagTallies? tallies, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var page = filter with { PageSize = 1000, After = null, Before = null };
        while (true)
        {
            var result = await LoadAsync(db, schoolId, visible, page, rules, ct, tallies);
            foreach (var entry in result.Entries)
                yield return entry;
            if (result.Next is null)
                yield break;
            page = page with { After = result.Next };
        }
    }

    /// <summary>The lines of a kind of change; every <see cref="ScoreChangeKind"/> is in one.</summary>
    public static ScoreChangeKind[] KindsOf(ChangeGroup group) => group switch
    {
        ChangeGroup.Recorded => [ScoreChangeKind.Recorded],
        ChangeGroup.Corrected => [ScoreChangeKind.Corrected, ScoreChangeKind.Removed],
        ChangeGroup.FinalGradeOverride => [ScoreChangeKind.Overridden, ScoreChangeKind.OverrideCleared],
        ChangeGroup.FinalGradeCalculated => [ScoreChangeKind.Calculated],
        ChangeGroup.Achievement => [ScoreChangeKind.Marked],
        ChangeGroup.Description => [ScoreChangeKind.DescriptionEdited, ScoreChangeKind.DescriptionReset],
        ChangeGroup.Lock => [ScoreChangeKind.Locked, ScoreChangeKind.Unlocked],
        ChangeGroup.CorrectionRequest => [ScoreChangeKind.CorrectionRequested, ScoreChangeKind.CorrectionApproved, ScoreChangeKind.CorrectionDenied],
        ChangeGroup.Teacher => [ScoreChangeKind.Reassigned],
        _ => [ScoreChangeKind.SchemeChanged, ScoreChangeKind.ObjectiveAdded, ScoreChangeKind.ObjectiveRevised, ScoreChangeKind.ObjectiveRemoved],
    };

    internal static readonly ChangeFlag[] Flags = Enum.GetValues<ChangeFlag>();

    internal static int Bit(ChangeFlag flag) => 1 << (int)flag;

    /// <summary>The school's accounts by id, as the gradebooks' teachers are kept: the flags judge a change by its teacher then.</summary>
    internal static Task<Dictionary<Guid, string>> UserNamesAsync(ReadModelDb db, string schoolId, CancellationToken ct) =>
        db.Users.Where(u => u.SchoolId == schoolId).ToDictionaryAsync(u => u.UserId, u => u.UserName, ct);

    /// <summary>Counts a change's <paramref name="flags"/> (bits) in <paramref name="counts"/> (indexed like <see cref="Flags"/>).</summary>
    internal static void AddTo(int[] counts, int flags)
    {
        for (var i = 0; i < Flags.Length; i++)
            if ((flags & Bit(Flags[i])) != 0)
                counts[i]++;
    }

    private static IQueryable<Candidate> Query(ReadModelDb db, string schoolId, GradebookFilter? visible, HistoryFilter f, AuditRules rules,
        IReadOnlyList<(Guid TermId, DateTimeOffset End)> reportDates, StudentScope? ofStudents, List<Guid>? gradebooks)
    {
        var query = Base(db, schoolId, visible);
        if (gradebooks is not null)
            query = query.Where(c => gradebooks.Contains(c.Change.GradebookId));
        if (f.ClassId is { } classId)
            query = query.Where(c => c.Gradebook.ClassId == classId);
        if (f.SubjectId is { } subjectId)
            query = query.Where(c => c.Gradebook.SubjectId == subjectId);
        if (ofStudents is not null)
            query = OfStudents(db, query, ofStudents);
        if (!string.IsNullOrWhiteSpace(f.ChangedBy))
            query = query.Where(c => c.Change.ChangedBy == f.ChangedBy);
        if (f.From is { } from)
        {
            var start = rules.EndOf(from.AddDays(-1));
            query = query.Where(c => c.Change.ChangedAt >= start);
        }
        if (f.To is { } to)
        {
            var end = rules.EndOf(to);
            query = query.Where(c => c.Change.ChangedAt < end);
        }
        if (f.MinSwing is { } swing)
            query = query.Where(c => c.Change.Before != null && c.Change.After != null && Math.Abs(c.Change.After.Value - c.Change.Before.Value) >= swing);
        if (f.Kind is { } group)
        {
            var kinds = KindsOf(group);
            query = query.Where(c => kinds.Contains(c.Change.Kind));
            // Lock and teacher lines are the whole gradebook's (no student): the student index finds these rare lines without walking the history.
            if (group is ChangeGroup.Lock or ChangeGroup.Teacher or ChangeGroup.Scheme)
                query = query.Where(c => c.Change.StudentId == Guid.Empty);
        }
        if (f.FlaggedOnly)
            query = query.Where(Enum.GetValues<ChangeFlag>().Select(flag => Flagged(db, flag, rules, reportDates)).Aggregate(Or));
        if (f.Flag is { } only)
            query = query.Where(Flagged(db, only, rules, reportDates));
        return query;
    }

    /// <summary>The students' own lines, and the lines of the whole gradebook their changes are read among (weights and KKTP, TPs,
    /// locks, changes of teacher: <see cref="ScoreChangeRow.OnEachStudentsHistory"/>) in the gradebooks they have lines in: a dispute
    /// about a grade starts from the student, and their score history shows these too. Their gradebooks are resolved first
    /// (<see cref="StudentScope"/>); the lines of the whole gradebook are few. A line one command wrote alike in several of their
    /// gradebooks (the class locked, a teacher's gradebooks handed over) is one change to them: only its first is listed
    /// (<see cref="DescribeAsync"/> names the subjects).</summary>
    private static IQueryable<Candidate> OfStudents(ReadModelDb db, IQueryable<Candidate> query, StudentScope of)
    {
        var everyStudent = ScoreChangeRow.OnEachStudentsHistory;
        var (students, theirGradebooks) = of;
        // "?? """ is never taken (a line without a command is listed): it keeps the comparison a plain "=" that the command's index serves.
        return query.Where(c => students.Contains(c.Change.StudentId)
            || (c.Change.StudentId == Guid.Empty && everyStudent.Contains(c.Change.Kind) && theirGradebooks.Contains(c.Change.GradebookId)
                && (c.Change.Command == null || !db.ScoreChanges.Any(o => o.Command == (c.Change.Command ?? "") && o.Sequence < c.Change.Sequence
                    && o.Kind == c.Change.Kind && o.Detail == c.Change.Detail && theirGradebooks.Contains(o.GradebookId)))));
    }

    private static IQueryable<Candidate> Base(ReadModelDb db, string schoolId, GradebookFilter? visible)
    {
        var school = db.Gradebooks.Where(g => g.SchoolId == schoolId);
        var gradebooks = visible?.Apply(school) ?? school;
        return from h in db.ScoreChanges
               where h.SchoolId == schoolId
               join g in gradebooks on h.GradebookId equals g.GradebookId
               // Only gradebooks of a known term, as the badges and counts judge them (FactsAsync).
               join t in db.Terms on g.TermId equals t.TermId
               join u in db.Users on g.TeacherId equals u.UserId into teachers
               from u in teachers.DefaultIfEmpty()
               select new Candidate { Change = h, Gradebook = g, TeacherUserName = u == null ? null : u.UserName };
    }

    /// <summary>Sources of changes nobody made on their own account: a correction the principal approved carries out the
    /// teacher's request (its request and decision are lines of their own), and a recalculation follows the change that
    /// caused it, which carries its own flags. Neither is "not by the teacher of record"; both still count as after lock.</summary>
    private static readonly string[] OnBehalf = [nameof(EntrySource.Approval), nameof(EntrySource.Calculation)];

    /// <summary>Lines that record a lock or a correction request and its decision are never flagged: the
    /// change an approval makes is its own line, and that one is.</summary>
    private static Expression<Func<Candidate, bool>> Flagged(ReadModelDb db, ChangeFlag flag, AuditRules rules,
        IReadOnlyList<(Guid TermId, DateTimeOffset End)> reportDates)
    {
        var markers = ScoreChangeRow.Markers;
        Expression<Func<Candidate, bool>> change = c => !markers.Contains(c.Change.Kind);
        Expression<Func<Candidate, bool>> flagged = flag switch
        {
            // Today's teacher first: only a gradebook that changed hands needs the teacher of the change's moment.
            ChangeFlag.NotTeacherOfRecord => c => c.Change.ChangedBy != c.TeacherUserName && !OnBehalf.Contains(c.Change.Source)
                && c.Change.ChangedBy != db.Users.Where(u => u.UserId == db.GradebookTeachers
                        .Where(t => t.GradebookId == c.Change.GradebookId && t.Since < c.Change.Sequence)
                        .OrderByDescending(t => t.Since).Select(t => t.TeacherId).FirstOrDefault())
                    .Select(u => u.UserName).FirstOrDefault(),
            ChangeFlag.LargeSwing => c => c.Change.Before != null && c.Change.After != null
                && Math.Abs(c.Change.After.Value - c.Change.Before.Value) >= rules.LargeSwing,
            // The gradebook's last lock or unlock line before the change is a lock.
            ChangeFlag.AfterLock => c => db.ScoreChanges
                .Where(l => l.GradebookId == c.Change.GradebookId && l.StudentId == Guid.Empty && l.Sequence < c.Change.Sequence
                    && (l.Kind == ScoreChangeKind.Locked || l.Kind == ScoreChangeKind.Unlocked))
                .OrderByDescending(l => l.Sequence).Select(l => l.Kind).FirstOrDefault() == ScoreChangeKind.Locked,
            _ => reportDates.Select(r => (Expression<Func<Candidate, bool>>)(c => c.Gradebook.TermId == r.TermId && c.Change.ChangedAt >= r.End))
                .DefaultIfEmpty(c => false).Aggregate(Or),
        };
        return And(change, flagged);
    }

    private static Expression<Func<Candidate, bool>> And(Expression<Func<Candidate, bool>> left, Expression<Func<Candidate, bool>> right) =>
        Combine(left, right, Expression.AndAlso);

    private static Expression<Func<Candidate, bool>> Or(Expression<Func<Candidate, bool>> left, Expression<Func<Candidate, bool>> right) =>
        Combine(left, right, Expression.OrElse);

    private static Expression<Func<Candidate, bool>> Combine(Expression<Func<Candidate, bool>> left, Expression<Func<Candidate, bool>> right,
        Func<Expression, Expression, BinaryExpression> combine)
    {
        var parameter = Expression.Parameter(typeof(Candidate), "c");
        return Expression.Lambda<Func<Candidate, bool>>(combine(
            new Rebind(left.Parameters[0], parameter).Visit(left.Body), new Rebind(right.Parameters[0], parameter).Visit(right.Body)), parameter);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    private static async Task<List<(Guid TermId, DateTimeOffset End)>> ReportDatesAsync(ReadModelDb db, string schoolId, AuditRules rules,
        CancellationToken ct) =>
        (await db.Terms.Where(t => t.SchoolId == schoolId && t.ReportDate != null).Select(t => new { t.TermId, t.ReportDate }).ToListAsync(ct))
            .Select(t => (t.TermId, rules.EndOf(t.ReportDate!.Value))).ToList();

    /// <summary>A reassignment line's "{from}>{to}" ids as "previous → new" display names (one student's score history shows them too).</summary>
    internal static string? TeacherNames(string? detail, Dictionary<Guid, string> userNames, Dictionary<string, string> displayNames)
    {
        string Name(string id) => Guid.TryParse(id, out var userId) && userNames.TryGetValue(userId, out var userName)
            ? displayNames.GetValueOrDefault(userName, userName) : "?";
        return detail?.Split('>') is [var from, var to] ? $"{Name(from)} → {Name(to)}" : detail;
    }

    /// <summary>What judging a change needs of its gradebook: the end of its term's report date, today's teacher, who
    /// taught it from which change on (reassignments), and its lock and unlock lines, both in sequence order.</summary>
    internal sealed record GradebookFacts(
        DateTimeOffset? ReportEnd, string? TeacherUserName, (long Since, string? UserName)[] Teachers, (long Sequence, ScoreChangeKind Kind)[] LockLines)
    {
        /// <summary>Equal exactly when the facts are (the record's own equality compares the arrays by reference).</summary>
        public string Fingerprint => $"{ReportEnd?.UtcTicks}|{TeacherUserName}|{string.Join(",", Teachers)}|{string.Join(",", LockLines)}";
    }

    internal static async Task<Dictionary<Guid, GradebookFacts>> FactsAsync(ReadModelDb db, IQueryable<GradebookRow> gradebooks,
        Dictionary<Guid, string> userNames, AuditRules rules, CancellationToken ct)
    {
        var rows = await (from g in gradebooks
                          join t in db.Terms on g.TermId equals t.TermId
                          select new { g.GradebookId, g.TeacherId, t.ReportDate }).ToListAsync(ct);
        // By subquery, not by a list of ids: a principal's are a school's 2,000 gradebooks.
        var ids = gradebooks.Select(g => g.GradebookId);
        var teachers = (await db.GradebookTeachers.Where(t => ids.Contains(t.GradebookId)).ToListAsync(ct)).ToLookup(t => t.GradebookId);
        var lockLines = (await db.ScoreChanges
                .Where(l => ids.Contains(l.GradebookId) && l.StudentId == Guid.Empty && (l.Kind == ScoreChangeKind.Locked || l.Kind == ScoreChangeKind.Unlocked))
                .Select(l => new { l.GradebookId, l.Sequence, l.Kind }).ToListAsync(ct))
            .ToLookup(l => l.GradebookId);
        return rows.ToDictionary(r => r.GradebookId, r => new GradebookFacts(
            r.ReportDate is { } date ? rules.EndOf(date) : null,
            userNames.GetValueOrDefault(r.TeacherId),
            [.. teachers[r.GradebookId].OrderBy(t => t.Since).Select(t => (t.Since, userNames.GetValueOrDefault(t.TeacherId)))],
            [.. lockLines[r.GradebookId].OrderBy(l => l.Sequence).Select(l => (l.Sequence, l.Kind))]));
    }

    /// <summary>The flags of one change as its line shows them (<see cref="FlagsOf(ScoreChangeKind, long, string, string, int?, int?, DateTimeOffset, GradebookFacts, AuditRules)"/>):
    /// the explorer's and one student's score history.</summary>
    internal static ChangeFlag[] FlagsOf(ScoreChangeRow h, GradebookFacts gradebook, AuditRules rules)
    {
        var bits = FlagsOf(h.Kind, h.Sequence, h.ChangedBy, h.Source, h.Before, h.After, h.ChangedAt, gradebook, rules);
        return [.. Flags.Where(f => (bits & Bit(f)) != 0)];
    }

    /// <summary>The flags of one change as bits (<see cref="Bit"/>): what its line shows and the counts add up. <see cref="Flagged"/> is
    /// the same rule in SQL, for the filters. A lock or request line is not a change and is never flagged.</summary>
    internal static int FlagsOf(ScoreChangeKind kind, long sequence, string changedBy, string source, int? before, int? after, DateTimeOffset changedAt,
        GradebookFacts gradebook, AuditRules rules)
    {
        if (ScoreChangeRow.Markers.Contains(kind))
            return 0;
        var flags = 0;
        if (changedAt >= gradebook.ReportEnd)
            flags |= Bit(ChangeFlag.AfterReportDate);
        if (changedBy != gradebook.TeacherUserName && !OnBehalf.Contains(source) && changedBy != Last(gradebook.Teachers, sequence, static t => t.Since)?.UserName)
            flags |= Bit(ChangeFlag.NotTeacherOfRecord);
        if (before is { } b && after is { } a && Math.Abs(a - b) >= rules.LargeSwing)
            flags |= Bit(ChangeFlag.LargeSwing);
        if (Last(gradebook.LockLines, sequence, static l => l.Sequence)?.Kind == ScoreChangeKind.Locked)
            flags |= Bit(ChangeFlag.AfterLock);
        return flags;
    }

    /// <summary>The last of <paramref name="lines"/> (in sequence order, <paramref name="at"/>) before the change at
    /// <paramref name="sequence"/>. A loop and a static lambda: nothing allocated per change when a school's are counted.</summary>
    private static T? Last<T>(T[] lines, long sequence, Func<T, long> at) where T : struct
    {
        for (var i = lines.Length - 1; i >= 0; i--)
            if (at(lines[i]) < sequence)
                return lines[i];
        return null;
    }

    private static async Task<List<HistoryEntry>> DescribeAsync(ReadModelDb db, List<Candidate> rows, AuditRules rules, StudentScope? ofStudents,
        CancellationToken ct)
    {
        var gradebookIds = rows.Select(r => r.Gradebook.GradebookId).Distinct().ToList();
        var classIds = rows.Select(r => r.Gradebook.ClassId).Distinct().ToList();
        var subjectIds = rows.Select(r => r.Gradebook.SubjectId).Distinct().ToList();
        var studentIds = rows.Select(r => r.Change.StudentId).Distinct().ToList();
        // With the term: every school year has its own "X-1", and last year's changes must not pass for this year's.
        var classes = (await (from c in db.Classes
                              join t in db.Terms on c.TermId equals t.TermId
                              where classIds.Contains(c.ClassId)
                              select new { c.ClassId, c.Name, t.SchoolYear, t.Semester }).ToListAsync(ct))
            .ToDictionary(c => c.ClassId, c => (c.Name, Term: ERaport.Write.School.Term.Name(c.SchoolYear, c.Semester)));
        var subjects = await db.Subjects.Where(s => subjectIds.Contains(s.SubjectId)).ToDictionaryAsync(s => s.SubjectId, s => s.Name, ct);
        var students = await db.Students.Where(s => studentIds.Contains(s.StudentId)).ToDictionaryAsync(s => s.StudentId, ct);
        var labels = (await db.Assessments.Where(a => gradebookIds.Contains(a.GradebookId)).ToListAsync(ct))
            .ToDictionary(a => (a.GradebookId, a.Key), a => a.Label);
        var userRows = await db.Users.ToListAsync(ct);
        var users = userRows.ToDictionary(u => u.UserName, u => u.DisplayName);
        var userNames = userRows.ToDictionary(u => u.UserId, u => u.UserName);
        var facts = await FactsAsync(db, db.Gradebooks.Where(g => gradebookIds.Contains(g.GradebookId)), userNames, rules, ct);
        var textsBefore = await TextsBeforeAsync(db, rows.Select(r => r.Change).ToList(), ct);
        var alike = ofStudents is null ? [] : await AlikeSubjectsAsync(db, rows, ofStudents.Gradebooks, ct);
        return rows.Select(r =>
        {
            var h = r.Change;
            var student = students.GetValueOrDefault(h.StudentId);
            var (className, term) = classes.GetValueOrDefault(r.Gradebook.ClassId, ("?", ""));
            return new HistoryEntry(h.Sequence, h.Position, h.ChangedAt, h.GradebookId, className,
                alike.GetValueOrDefault((h.Command ?? "", h.Kind, h.Detail)) ?? subjects.GetValueOrDefault(r.Gradebook.SubjectId, "?"), term, h.StudentId, student?.Name ?? (h.StudentId == Guid.Empty ? "" : "?"), student?.Nisn ?? "",
                h.Assessment, labels.GetValueOrDefault((h.GradebookId, h.Assessment)) ?? ScoreHistoryQuery.Label(h.Assessment), h.Kind, h.Before, h.After,
                h.ChangedBy, users.GetValueOrDefault(h.ChangedBy, h.ChangedBy), r.TeacherUserName is { } t ? users.GetValueOrDefault(t, t) : "",
                h.Reason, h.Source, FlagsOf(h, facts[h.GradebookId], rules), h.Kind == ScoreChangeKind.Reassigned ? TeacherNames(h.Detail, userNames, users) : h.Detail,
                textsBefore.GetValueOrDefault((h.Sequence, h.Position)));
        }).ToList();
    }

    /// <summary>For the lines of <paramref name="rows"/> that stand for a command's alike lines in the students' gradebooks (<see
    /// cref="OfStudents"/>): the subjects of those gradebooks, in report order, as the line's subject ("Matematika, Biologi").</summary>
    private static async Task<Dictionary<(string, ScoreChangeKind, string?), string>> AlikeSubjectsAsync(ReadModelDb db, List<Candidate> rows,
        List<Guid> theirGradebooks, CancellationToken ct)
    {
        var commands = rows.Where(r => r.Change is { StudentId: var s, Command: not null } && s == Guid.Empty).Select(r => r.Change.Command!).Distinct().ToList();
        if (commands.Count == 0)
            return [];
        var lines = await (from o in db.ScoreChanges
                           where commands.Contains(o.Command!) && theirGradebooks.Contains(o.GradebookId)
                           join g in db.Gradebooks on o.GradebookId equals g.GradebookId
                           join s in db.Subjects on g.SubjectId equals s.SubjectId
                           select new { o.Command, o.Kind, o.Detail, s.Order, s.Name }).ToListAsync(ct);
        return lines.GroupBy(l => (l.Command!, l.Kind, (string?)l.Detail))
            .ToDictionary(g => g.Key, g => string.Join(", ", g.OrderBy(l => l.Order).ThenBy(l => l.Name).Select(l => l.Name).Distinct()));
    }

    private static readonly ScoreChangeKind[] DescriptionChanges = KindsOf(ChangeGroup.Description);

    /// <summary>The text each line among <paramref name="changes"/> replaced: the one its row keeps (<see
    /// cref="ScoreChangeRow.DetailBefore"/>: a TP's wording), and for a description edit or reset the teacher's own text of the line
    /// before it, or (none, or reset since) the generated text the edit saw, by one read of those students' description lines.
    /// The explorer and one student's history (<see cref="ScoreHistoryQuery"/>) both show it.</summary>
    public static async Task<Dictionary<(long, int), string?>> TextsBeforeAsync(ReadModelDb db, IReadOnlyList<ScoreChangeRow> changes, CancellationToken ct)
    {
        var kept = changes.Where(c => c.DetailBefore is not null).ToDictionary(c => (c.Sequence, c.Position), c => c.DetailBefore);
        var edits = changes.Where(c => DescriptionChanges.Contains(c.Kind)).ToList();
        if (edits.Count == 0)
            return kept;
        var gradebookIds = edits.Select(c => c.GradebookId).Distinct().ToList();
        var studentIds = edits.Select(c => c.StudentId).Distinct().ToList();
        var last = edits.Max(c => c.Sequence);
        var lines = (await db.ScoreChanges
                .Where(h => gradebookIds.Contains(h.GradebookId) && studentIds.Contains(h.StudentId) && h.Sequence < last && DescriptionChanges.Contains(h.Kind))
                .Select(h => new { h.GradebookId, h.StudentId, h.Sequence, h.Kind, h.Detail }).ToListAsync(ct))
            .ToLookup(h => (h.GradebookId, h.StudentId));
        foreach (var c in edits)
            kept[(c.Sequence, c.Position)] =
                lines[(c.GradebookId, c.StudentId)].Where(l => l.Sequence < c.Sequence).MaxBy(l => l.Sequence) is { Kind: ScoreChangeKind.DescriptionEdited } own
                    ? own.Detail
                    : c.GeneratedThen;
        return kept;
    }
}
