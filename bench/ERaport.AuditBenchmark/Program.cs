using System.Diagnostics;
using ERaport.AuditBenchmark;
using ERaport.Read.Audit;
using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using JasperFx.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

// The history explorer (/audit) on a large school's year: a read model filled through the real projectors with a
// school of N students (2 terms, 36 per class, 14 subjects, 4 TPs + SAS per gradebook, every column entered and
// about 8 corrections per gradebook), then each filter's first page and a deep page (keyset cursor near the oldest
// change) timed, and the query plan SQLite chose for each. Prints numbers only.
// Usage: dotnet bench/ERaport.AuditBenchmark/bin/Release/net10.0/ERaport.AuditBenchmark.dll [--students 2500] [--file PATH] [--runs 7] [--sql]
var students = Arg("--students", 2500);
var runs = Arg("--runs", 7);
var file = args.SkipWhile(a => a != "--file").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), $"eraport-audit-{students}.db");

var store = new ReadModelStore(file);
await store.InitializeAsync();
var school = new BenchSchool(students);
if (await store.CheckpointAsync() == 0)
{
    var clock = Stopwatch.StartNew();
    var applied = 0L;
    foreach (var page in school.Events().Chunk(5000))
    {
        await store.ApplyAsync(page, page[^1].Sequence);
        applied += page.Length;
    }
    Console.WriteLine($"Filled {file}: {applied:N0} events in {clock.Elapsed.TotalSeconds:N1} s");
}
await using (var db = store.CreateDbContext())
    Console.WriteLine($"Score changes: {await db.ScoreChanges.CountAsync():N0}; gradebooks: {await db.Gradebooks.CountAsync():N0}; " +
        $"students: {await db.Students.CountAsync():N0}; file {new FileInfo(file).Length / 1048576.0:N0} MB");

long oldest, newest;
await using (var db = store.CreateDbContext())
{
    oldest = await db.ScoreChanges.MinAsync(c => c.Sequence);
    newest = await db.ScoreChanges.MaxAsync(c => c.Sequence);
}
var deep = new HistoryCursor(oldest + (newest - oldest) / 10, 0);
// What the explorer page counts up to (HistoryExplorerPage.CountedUpTo).
const int CountedUpTo = 10_000;
var cases = new (string Name, HistoryFilter Filter, GradebookFilter? Visible)[]
{
    ("no filter", new HistoryFilter(), null),
    ("class", new HistoryFilter(ClassId: school.ClassId(0, 3)), null),
    ("subject", new HistoryFilter(SubjectId: school.SubjectIds[5]), null),
    ("student", new HistoryFilter(StudentId: school.StudentIds[1234]), null),
    ("NISN", new HistoryFilter(Nisn: BenchSchool.Nisn(1234)), null),
    ("changed by (teacher)", new HistoryFilter(ChangedBy: BenchSchool.TeacherName(7)), null),
    ("changed by (kepsek)", new HistoryFilter(ChangedBy: "kepsek"), null),
    ("date range (one week)", new HistoryFilter(From: new DateOnly(2026, 10, 5), To: new DateOnly(2026, 10, 11)), null),
    ("min swing 20", new HistoryFilter(MinSwing: 20), null),
    ("flagged only", new HistoryFilter(FlaggedOnly: true), null),
    ("teacher's own (visible)", new HistoryFilter(), new GradebookFilter(school.TeacherIds[7], [], [])),
    ("principal of the later term (visible)", new HistoryFilter(), new GradebookFilter(Guid.Empty, [], [school.TermId(1)])),
    ("principal of the earlier term (visible)", new HistoryFilter(), new GradebookFilter(Guid.Empty, [], [school.TermId(0)])),
    ("principal of the earlier term, class", new HistoryFilter(ClassId: school.ClassId(0, 3)), new GradebookFilter(Guid.Empty, [], [school.TermId(0)])),
    ("class + subject + swing", new HistoryFilter(ClassId: school.ClassId(1, 10), SubjectId: school.SubjectIds[2], MinSwing: 10), null),
    ("kind: corrected", new HistoryFilter(Kind: ChangeGroup.Corrected), null),
    ("kind: final grade by hand (none)", new HistoryFilter(Kind: ChangeGroup.FinalGradeOverride), null),
    ("kind: lock (none)", new HistoryFilter(Kind: ChangeGroup.Lock), null),
};

Console.WriteLine($"uptime: {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine($"| filter | first page: ms wall / CPU (median of {runs}) | rows | deep page: ms wall / CPU | rows | page back from the deep page: ms wall / CPU | first page with its count (up to {CountedUpTo:N0}): ms wall / CPU | count | plan (first page) |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
using var capture = new HistoryQueryCapture();
foreach (var (name, filter, visible) in cases)
{
    var (first, firstCpu, firstRows) = await Time(filter, visible);
    var query = capture.Paged.LastOrDefault() ?? throw new InvalidOperationException("no query captured");
    var plan = await HistoryQueryCapture.PlanAsync(file, query);
    var (deepMs, deepCpu, deepRows) = await Time(filter with { After = deep }, visible);
    var (backMs, backCpu, _) = await Time(filter with { Before = deep }, visible);
    var (countMs, countCpu, count) = await Measure(async db =>
        (await HistoryExplorer.LoadAsync(db, BenchSchool.Id, visible, filter, AuditRules.Default, CancellationToken.None, countUpTo: CountedUpTo)).Count, runs);
    Console.WriteLine($"| {name} | {first:N1} / {firstCpu:N1} | {firstRows} | {deepMs:N1} / {deepCpu:N1} | {deepRows} | {backMs:N1} / {backCpu:N1} | " +
        $"{countMs:N1} / {countCpu:N1} | {(count > CountedUpTo ? $"> {CountedUpTo:N0}" : $"{count:N0}")} | {plan} |");
    if (args.Contains("--sql"))
        Console.WriteLine(query.CommandText);
}
// The counts above the list count within the filters in force, each what choosing its flag would list: per filter, on the
// tallies a first visit filled (the app keeps them). Class and subject are counted from those tallies, other filters' changes are
// judged one by one (read by the same query and index as the list, without its order: the plan column of the first table).
Console.WriteLine();
Console.WriteLine($"| flag counts within the filter | ms wall / CPU (median of {runs}) | counted from | counts |");
Console.WriteLine("|---|---|---|---|");
var kept = new FlagTallies(store);
await Measure(db => kept.CountAsync(db, BenchSchool.Id, null, AuditRules.Default, CancellationToken.None), repeat: 1);
foreach (var (name, filter, visible) in cases)
{
    var (ms, cpu, counts) = await Measure(db => HistoryExplorer.CountFlagsAsync(db, BenchSchool.Id, visible, filter, AuditRules.Default, kept, CountedUpTo,
        CancellationToken.None), runs);
    var from = filter.BesideFlags() == new HistoryFilter(ClassId: filter.ClassId, SubjectId: filter.SubjectId) ? "tallies" : "changes judged";
    Console.WriteLine($"| {name} | {ms:N1} / {cpu:N1} | {from} | {(counts is null ? $"not counted: more than {CountedUpTo:N0} changes" : string.Join(", ", counts.Select(c => $"{c.Flag} {c.Count:N0}")))} |");
}

// The counts above the list, computed on every visit to /audit, for each reader the explorer serves.
Console.WriteLine();
Console.WriteLine($"| flag counts for | first visit: ms wall / CPU | later visits: ms wall / CPU (median of {runs}) | counts |");
Console.WriteLine("|---|---|---|---|");
foreach (var (name, visible) in new (string, GradebookFilter?)[]
         {
             ("the whole school", null),
             ("a principal of the later term", new GradebookFilter(Guid.Empty, [], [school.TermId(1)])),
             ("a teacher's own", new GradebookFilter(school.TeacherIds[7], [], [])),
         })
{
    // A visit of a fresh app, then the visits after it (the app keeps each gradebook's tallies).
    var tallies = new FlagTallies(store);
    Task<string> Count(ReadModelDb db) => tallies.CountAsync(db, BenchSchool.Id, visible, AuditRules.Default, CancellationToken.None)
        .ContinueWith(t => string.Join(", ", t.Result.Select(c => $"{c.Flag} {c.Count:N0}")));
    var (firstMs, firstCpu, _) = await Measure(Count, repeat: 1);
    var (ms, cpu, counts) = await Measure(Count, runs);
    Console.WriteLine($"| {name} | {firstMs:N1} / {firstCpu:N1} | {ms:N1} / {cpu:N1} | {counts} |");
}
Console.WriteLine($"uptime: {File.ReadAllText("/proc/loadavg").Trim()}");
return 0;

async Task<(double Ms, double Cpu, T Result)> Measure<T>(Func<ReadModelDb, Task<T>> run, int repeat)
{
    var times = new List<double>();
    var cpu = new List<double>();
    T result = default!;
    for (var i = 0; i < repeat; i++)
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await using var db = store.CreateDbContext();
        result = await run(db);
        times.Add(clock.Elapsed.TotalMilliseconds);
        cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
    }
    return (times.Order().ElementAt(times.Count / 2), cpu.Order().ElementAt(cpu.Count / 2), result);
}

Task<(double Ms, double Cpu, int Rows)> Time(HistoryFilter filter, GradebookFilter? visible) =>
    Measure(async db => (await HistoryExplorer.LoadAsync(db, BenchSchool.Id, visible, filter, AuditRules.Default, CancellationToken.None)).Entries.Count, runs);

int Arg(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v) : fallback;

/// <summary>A school of <c>students</c> students over one year, as events in sequence order.</summary>
sealed class BenchSchool(int students)
{
    public const string Id = "bench";
    private const int Subjects = 14, Teachers = 100, ClassSize = 36, CorrectionsPerGradebook = 8;
    private static readonly string[] Columns = ["tp1", "tp2", "tp3", "tp4", "sas-tes"];
    private readonly int _classes = (students + ClassSize - 1) / ClassSize;
    private readonly Guid[] _terms = [NewId(), NewId()];
    private readonly Guid[,] _classIds = New(2, (students + ClassSize - 1) / ClassSize);
    public Guid[] StudentIds { get; } = Enumerable.Range(0, students).Select(_ => NewId()).ToArray();
    public Guid[] SubjectIds { get; } = Enumerable.Range(0, Subjects).Select(_ => NewId()).ToArray();
    public Guid[] TeacherIds { get; } = Enumerable.Range(0, Teachers).Select(_ => NewId()).ToArray();
    private long _sequence;
    // The same ids every run, so that a kept file (--file) is queried with ids it holds.
    private static readonly Random Ids = new(1);

    private static Guid NewId()
    {
        var bytes = new byte[16];
        Ids.NextBytes(bytes);
        return new Guid(bytes);
    }

    public Guid ClassId(int term, int index) => _classIds[term, index];
    public Guid TermId(int term) => _terms[term];
    public static string Nisn(int student) => (1_000_000_000 + student).ToString("D10");
    public static string TeacherName(int teacher) => $"guru.{teacher}";

    private static Guid[,] New(int a, int b)
    {
        var ids = new Guid[a, b];
        for (var i = 0; i < a; i++)
            for (var j = 0; j < b; j++)
                ids[i, j] = NewId();
        return ids;
    }

    public IEnumerable<IEvent> Events()
    {
        var start = new DateTimeOffset(2026, 7, 13, 1, 0, 0, TimeSpan.Zero);
        var principal = NewId();
        yield return Stored(new UserRegistered(principal, Id, "kepsek", "Kepala Sekolah", null), StreamKeys.User(Id, principal), "admin", start);
        for (var t = 0; t < Teachers; t++)
            yield return Stored(new UserRegistered(TeacherIds[t], Id, TeacherName(t), $"Guru {t}", null), StreamKeys.User(Id, TeacherIds[t]), "admin", start);
        yield return Stored(new TermOpened(_terms[0], "2026/2027", 1, new DateOnly(2026, 12, 19)), StreamKeys.Term(Id, _terms[0]), "admin", start);
        yield return Stored(new TermOpened(_terms[1], "2026/2027", 2, new DateOnly(2027, 6, 19)), StreamKeys.Term(Id, _terms[1]), "admin", start);
        for (var s = 0; s < Subjects; s++)
            yield return Stored(new SubjectAdded(SubjectIds[s], $"Mapel {s}", $"M{s}", "Umum", s, false, 70), StreamKeys.Subject(Id, SubjectIds[s]), "admin", start);
        for (var i = 0; i < students; i++)
            yield return Stored(new StudentRegistered(StudentIds[i], $"Siswa {i}", Nisn(i), $"{i}", i % 2 == 0 ? "L" : "P", null, null, null),
                StreamKeys.Student(Id, StudentIds[i]), "admin", start);

        var random = new Random(7);
        for (var term = 0; term < 2; term++)
        {
            var termStart = start.AddDays(term * 182);
            var gradebooks = new List<(Guid Id, int Class, int Teacher)>();
            for (var c = 0; c < _classes; c++)
            {
                yield return Stored(new ClassOpened(_classIds[term, c], _terms[term], $"X-{c + 1}", 10, "E", null), StreamKeys.Class(Id, _classIds[term, c]), "admin", termStart);
                for (var s = 0; s < Subjects; s++)
                {
                    var gradebook = (NewId(), c, (c * Subjects + s) % Teachers);
                    gradebooks.Add(gradebook);
                    yield return Stored(new GradebookOpened(gradebook.Item1, _terms[term], _classIds[term, c], SubjectIds[s], TeacherIds[gradebook.Item3],
                            [.. Columns.Take(4).Select(k => new LearningObjective(k, k.ToUpperInvariant(), $"Tujuan {k}"))]),
                        StreamKeys.Gradebook(Id, gradebook.Item1), "admin", termStart);
                }
            }
            // Columns are entered through the term (about 150 days), corrections follow each column; a few come after
            // the report date (day 160 and later) or from the principal.
            for (var col = 0; col < Columns.Length; col++)
            {
                foreach (var (gradebook, c, teacher) in gradebooks)
                {
                    var members = Enumerable.Range(c * ClassSize, Math.Min(ClassSize, students - c * ClassSize)).ToList();
                    var at = termStart.AddDays(col * 30 + random.NextDouble() * 25);
                    var stream = StreamKeys.Gradebook(Id, gradebook);
                    yield return Stored(new ScoresRecorded([.. members.Select(m => new RecordedScore(StudentIds[m], Columns[col], 50 + random.Next(50)))]),
                        stream, TeacherName(teacher), at);
                    for (var k = 0; k < CorrectionsPerGradebook / Columns.Length + (random.Next(Columns.Length) < CorrectionsPerGradebook % Columns.Length ? 1 : 0); k++)
                    {
                        var m = members[random.Next(members.Count)];
                        var before = 50 + random.Next(50);
                        var after = Math.Clamp(before + random.Next(-40, 41), 0, 100);
                        var late = random.Next(40) == 0;
                        yield return Stored(new ScoreCorrected(StudentIds[m], Columns[col], before, after, "Salah ketik"), stream,
                            random.Next(8) == 0 ? "kepsek" : TeacherName(teacher), late ? termStart.AddDays(161 + random.Next(10)) : at.AddDays(1 + random.Next(5)));
                    }
                }
            }
        }
    }

    private IEvent Stored<T>(T data, string stream, string user, DateTimeOffset at) where T : notnull
    {
        var e = new Event<T>(data) { StreamKey = stream, UserName = user, Sequence = ++_sequence, Timestamp = at };
        e.SetHeader(CommandPipeline.SourceHeader, EntrySource.Form.ToString());
        return e;
    }
}
