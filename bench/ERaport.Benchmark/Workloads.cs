using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;

namespace ERaport.Benchmark;

/// <summary>Errors by what failed ("POST scores 409", "TaskCanceledException", ...).</summary>
public sealed class ErrorCounts
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    public void Add(string what) => _counts.AddOrUpdate(what, 1, (_, n) => n + 1);

    public int Total => _counts.Values.Sum();

    public Dictionary<string, int> ToDictionary() => new(_counts);
}

public static class Clock
{
    public static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    public static double MsSince(long from) => Stopwatch.GetElapsedTime(from).TotalMilliseconds;
}

/// <summary>Commit → visible-in-read-model lag. A save's answer carries the event sequence it produced. While the
/// load runs (and afterwards, until the read model has caught up) the probe polls the admin's read-model status
/// back to back: its checkpoint is the last sequence committed to SQLite, which is what every reader sees. A
/// save became visible at the first poll answer, received after the save's answer, whose checkpoint had reached
/// its sequence. Every acknowledged save gets a lag; each is an upper bound, too high by at most one poll
/// interval (recorded: the poll round trip plus a 5 ms pause).</summary>
public sealed class LagProbe(Api api, Session admin)
{
    private readonly ConcurrentQueue<(long Sequence, long AnsweredAt)> _answers = new();
    private readonly List<(long At, long Checkpoint)> _polls = [];
    // Stopwatch timestamps to wall-clock time, for a stretch given by the server's clock.
    private readonly (long Timestamp, DateTimeOffset At) _origin = (Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow);

    public Samples PollInterval { get; } = new();

    /// <summary>How long the read model needed, after the load stopped, to apply everything acknowledged (s).</summary>
    public double DrainSeconds { get; private set; }

    /// <summary>Acknowledged events the read model had not applied when the load stopped.</summary>
    public long BacklogAtEnd { get; private set; }

    public void Offer(long sequence) => _answers.Enqueue((sequence, Stopwatch.GetTimestamp()));

    /// <summary>Polls until <paramref name="loadDone"/> is cancelled, then until the read model holds every
    /// acknowledged sequence (at most <paramref name="drainLimit"/>).</summary>
    public async Task RunAsync(CancellationToken loadDone, TimeSpan drainLimit)
    {
        long? drainStarted = null;
        long last = Stopwatch.GetTimestamp();
        while (true)
        {
            var status = await api.StatusAsync(admin, CancellationToken.None);
            var now = Stopwatch.GetTimestamp();
            PollInterval.Add(Clock.Ms(last, now));
            last = now;
            _polls.Add((now, status.Checkpoint));
            if (loadDone.IsCancellationRequested)
            {
                var highest = _answers.IsEmpty ? 0 : _answers.Max(a => a.Sequence);
                if (drainStarted is null)
                {
                    drainStarted = now;
                    BacklogAtEnd = Math.Max(0, status.HighWaterMark - status.Checkpoint);
                }
                if (status.Checkpoint >= highest || Stopwatch.GetElapsedTime(drainStarted.Value) > drainLimit)
                {
                    DrainSeconds = Stopwatch.GetElapsedTime(drainStarted.Value).TotalSeconds;
                    return;
                }
            }
            await Task.Delay(5, CancellationToken.None);
        }
    }

    /// <summary>The lag of every acknowledged save, and how many never became visible while the probe watched; or only of
    /// the saves answered in [from, to).</summary>
    public (Summary Lag, int Unresolved) Result(DateTimeOffset? answeredFrom = null, DateTimeOffset? answeredTo = null)
    {
        var times = _polls.Select(p => p.At).ToArray();
        var reached = new long[_polls.Count];
        for (var i = 0; i < _polls.Count; i++)
            reached[i] = Math.Max(i == 0 ? 0 : reached[i - 1], _polls[i].Checkpoint);
        var lags = new List<double>();
        var unresolved = 0;
        foreach (var (sequence, answeredAt) in _answers)
        {
            var at = _origin.At + Stopwatch.GetElapsedTime(_origin.Timestamp, answeredAt);
            if (at < answeredFrom || at >= answeredTo)
                continue;
            // First poll answered after the save's answer, then the first from there whose checkpoint covers it.
            var from = Array.BinarySearch(times, answeredAt + 1);
            from = from < 0 ? ~from : from;
            var index = Array.BinarySearch(reached, from, reached.Length - from, sequence);
            if (index < 0)
                index = ~index;
            if (index >= reached.Length)
                unresolved++;
            else
                lags.Add(Clock.Ms(answeredAt, times[index]));
        }
        return (Summary.Of(lags), unresolved);
    }
}

/// <summary>What a write loop did.</summary>
public sealed class WriteTally
{
    private long _saves, _cells, _firstEntries, _revisions, _ranOut;
    public Samples Latency { get; } = new();
    public ErrorCounts Errors { get; } = new();
    public long Saves => Interlocked.Read(ref _saves);
    public long Cells => Interlocked.Read(ref _cells);
    public long FirstEntries => Interlocked.Read(ref _firstEntries);
    public long Revisions => Interlocked.Read(ref _revisions);
    /// <summary>Virtual teachers that stopped early because no teacher had an empty column left.</summary>
    public long RanOut => Interlocked.Read(ref _ranOut);

    public void Count(int cells, bool revision)
    {
        Interlocked.Increment(ref _saves);
        Interlocked.Add(ref _cells, cells);
        Interlocked.Increment(ref revision ? ref _revisions : ref _firstEntries);
    }

    public void CountRanOut() => Interlocked.Increment(ref _ranOut);
}

/// <summary>What a read or print loop did, per page kind.</summary>
public sealed class ReadTally
{
    private readonly ConcurrentDictionary<string, Samples> _kinds = new();
    private long _late, _bytes;
    public ErrorCounts Errors { get; } = new();
    /// <summary>Paced reads that could not start on time because the previous one had not finished.</summary>
    public long LateStarts => Interlocked.Read(ref _late);
    public long Bytes => Interlocked.Read(ref _bytes);

    public Samples Of(string kind) => _kinds.GetOrAdd(kind, _ => new Samples());

    public IReadOnlyDictionary<string, Samples> Kinds => _kinds;

    public long Pages => _kinds.Values.Sum(k => (long)k.Count);

    public void Add(string kind, double milliseconds, long bytes)
    {
        Of(kind).Add(milliseconds);
        Interlocked.Add(ref _bytes, bytes);
    }

    public void CountLate() => Interlocked.Increment(ref _late);
}

public enum SaveMode
{
    /// <summary>Empty columns only: the semester's end (one ScoresRecorded per save).</summary>
    FirstEntries,

    /// <summary>Whole-column revisions with the seen values and a reason (one ScoreCorrected per cell).</summary>
    Revisions,
}

/// <summary>The virtual users. Every loop is bounded by a deadline or a token and stops by itself.</summary>
public sealed class Workloads
{
    public const string LegerPage = "leger page GET /leger/{class}";
    public const string RaporPage = "rapor page GET /rapor/{class}/{student}";
    public const string StudentPdf = "rapor PDF, one student GET /rapor/{class}/{student}/pdf";
    public const string ClassPdf = "rapor PDF, whole class GET /rapor/{class}/pdf";
    private const string RevisionReason = "Perbaikan nilai setelah remedial (benchmark).";
    private const string CorrectionReason = "Salah ketik saat memasukkan nilai (benchmark).";

    private readonly Api _api;
    private readonly Session _admin;
    private readonly Session _principal;

    /// <param name="readClasses">How many classes of the first school the readers and printers use.</param>
    public Workloads(Api api, IReadOnlyList<SeededSchool> schools, int readClasses)
    {
        _api = api;
        _principal = schools[0].Principal;
        _admin = schools[0].Admin;
        // Interleaved across schools, most gradebooks first, so "the first N teachers" spread over the district evenly.
        Teachers = [.. schools.SelectMany(s => s.Teachers.Where(t => t.Gradebooks.Count > 0).OrderByDescending(t => t.Gradebooks.Count).Select((t, i) => (t, i)))
            .OrderBy(x => x.i).Select(x => x.t)];
        ReadClasses = [.. schools[0].Classes.Take(Math.Max(1, readClasses))];
    }

    public IReadOnlyList<Teacher> Teachers { get; }

    /// <summary>The classes whose leger and report cards are read and printed (the first school's).</summary>
    public IReadOnlyList<SeededClass> ReadClasses { get; }

    public IEnumerable<GradebookState> Gradebooks => Teachers.SelectMany(t => t.Gradebooks);

    public int EmptyColumns => Gradebooks.Sum(g => g.Assessments.Length - g.FilledColumns.Count);

    public int Columns => Gradebooks.Sum(g => g.Assessments.Length);

    /// <summary>Teachers save whole columns (one class × one assessment) in a closed loop. First entries: the
    /// semester's end. The <paramref name="writers"/> virtual users take teachers who still have empty columns
    /// from one queue and enter all of that teacher's empty columns before taking the next teacher, so at every
    /// moment <paramref name="writers"/> different teachers are saving; a user that finds the queue empty stops
    /// (counted: the district was too small for the phase). Revisions: each of the first
    /// <paramref name="writers"/> teachers re-enters its filled columns round and round (remedial tests).</summary>
    public async Task<WriteTally> SaveSheetsAsync(int writers, TimeSpan duration, SaveMode mode, LagProbe? lag, CancellationToken stop)
    {
        var tally = new WriteTally();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        bool Running() => Stopwatch.GetTimestamp() < deadline && !stop.IsCancellationRequested;
        if (mode == SaveMode.FirstEntries)
        {
            var queue = new ConcurrentQueue<Teacher>(Teachers.Where(t => t.Gradebooks.Any(g => !g.IsFull)));
            await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
            {
                var random = new Random(1000 + i);
                while (Running())
                {
                    if (!queue.TryDequeue(out var teacher))
                    {
                        tally.CountRanOut();
                        return;
                    }
                    foreach (var (g, assessment) in EmptyColumnsOf(teacher))
                    {
                        if (!Running())
                            break;
                        await SaveColumnAsync(teacher.Session, g, assessment, random, tally, lag);
                    }
                }
            }, CancellationToken.None)));
            return tally;
        }
        var revisers = Teachers.Where(t => t.Gradebooks.Any(g => g.FilledColumns.Count > 0)).Take(writers).ToList();
        await Task.WhenAll(revisers.Select((t, i) => Task.Run(async () =>
        {
            var random = new Random(1500 + i);
            var columns = (from g in t.Gradebooks from a in g.FilledColumns.ToList() select (Gradebook: g, Assessment: a)).ToList();
            var cursor = random.Next(columns.Count);
            while (Running())
            {
                var (g, assessment) = columns[cursor++ % columns.Count];
                await SaveColumnAsync(t.Session, g, assessment, random, tally, lag);
            }
        }, CancellationToken.None)));
        return tally;
    }

    private static IEnumerable<(GradebookState, string)> EmptyColumnsOf(Teacher teacher) =>
        [.. from g in teacher.Gradebooks from a in g.Assessments where !g.FilledColumns.Contains(a) select (g, a)];

    /// <summary>Enters every empty column of the gradebooks of the classes that are read and printed, so that
    /// the leger and the report cards show complete grades (not measured). Returns the columns saved.</summary>
    public async Task<long> FillReadClassesAsync(CancellationToken ct)
    {
        var classes = ReadClasses.Select(c => c.Id).ToHashSet();
        var tally = new WriteTally();
        await Parallel.ForEachAsync(Teachers, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (t, _) =>
        {
            var random = new Random(t.Session.UserName.GetHashCode());
            foreach (var (g, assessment) in EmptyColumnsOf(t).Where(c => classes.Contains(c.Item1.ClassId)))
                await SaveColumnAsync(t.Session, g, assessment, random, tally, null);
        });
        if (tally.Errors.Total > 0)
            throw new InvalidOperationException($"Filling the read classes failed: {string.Join(", ", tally.Errors.ToDictionary().Select(e => $"{e.Key} × {e.Value}"))}");
        return tally.Saves;
    }

    private async Task SaveColumnAsync(Session session, GradebookState g, string assessment, Random random, WriteTally tally, LagProbe? lag)
    {
        var revision = g.FilledColumns.Contains(assessment);
        var scores = g.Students.Select(s =>
        {
            var seen = g.Values.TryGetValue((s, assessment), out var current) ? current : (int?)null;
            return new { studentId = s, assessment, value = NewValue(seen, random), seen };
        }).ToList();
        var body = new { commandId = Guid.NewGuid(), reason = scores.Any(s => s.seen is not null) ? RevisionReason : null, scores };
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = _api.Request(HttpMethod.Post, $"/api/gradebooks/{g.Id}/scores", session, body);
            using var response = await _api.SendAsync(request, CancellationToken.None);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                tally.Errors.Add($"POST scores {(int)response.StatusCode} {await ProblemCodeAsync(response)}");
                if (response.StatusCode == HttpStatusCode.Conflict)
                    await ReloadAsync(session, g);
                return;
            }
            var answer = await response.Content.ReadFromJsonAsync<CommandAnswer>(Api.Json);
            tally.Latency.Add(Clock.MsSince(started));
            lag?.Offer(answer!.Sequence);
            foreach (var s in scores)
                g.Values[(s.studentId, assessment)] = s.value;
            g.FilledColumns.Add(assessment);
            tally.Count(scores.Count, revision);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            tally.Errors.Add(e.GetType().Name);
        }
    }

    /// <summary>Teachers correct single cells (the value they saw, a new value and a reason). With
    /// <paramref name="think"/> zero a closed loop (the stress case); otherwise each teacher pauses a uniformly
    /// jittered 50–150 % of <paramref name="think"/> after each answer, as a person reading the grid would.</summary>
    public async Task<WriteTally> CorrectCellsAsync(int correctors, TimeSpan duration, TimeSpan think, LagProbe? lag, CancellationToken stop)
    {
        var tally = new WriteTally();
        var users = Teachers.Take(correctors).ToList();
        // A correction needs a value to correct: fill one column of any gradebook that has none (not measured).
        foreach (var t in users)
        foreach (var g in t.Gradebooks.Where(g => g.FilledColumns.Count == 0))
            await SaveColumnAsync(t.Session, g, g.Assessments[0], new Random(7), new WriteTally(), null);
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(users.Select((t, i) => Task.Run(async () =>
        {
            var random = new Random(2000 + i);
            // Paced teachers do not all start in the same instant.
            if (think > TimeSpan.Zero)
                await Task.Delay(think * random.NextDouble(), CancellationToken.None);
            while (Stopwatch.GetTimestamp() < deadline && !stop.IsCancellationRequested)
            {
                var g = t.Gradebooks[random.Next(t.Gradebooks.Count)];
                if (g.FilledColumns.Count == 0)
                    break;
                var assessment = g.FilledColumns.ElementAt(random.Next(g.FilledColumns.Count));
                var student = g.Students[random.Next(g.Students.Length)];
                var seen = g.Values[(student, assessment)];
                var value = NewValue(seen, random);
                var body = new { commandId = Guid.NewGuid(), studentId = student, assessment, seen, value, reason = CorrectionReason };
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var request = _api.Request(HttpMethod.Post, $"/api/gradebooks/{g.Id}/corrections", t.Session, body);
                    using var response = await _api.SendAsync(request, CancellationToken.None);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        tally.Errors.Add($"POST corrections {(int)response.StatusCode} {await ProblemCodeAsync(response)}");
                        if (response.StatusCode == HttpStatusCode.Conflict)
                            await ReloadAsync(t.Session, g);
                    }
                    else
                    {
                        var answer = await response.Content.ReadFromJsonAsync<CommandAnswer>(Api.Json);
                        tally.Latency.Add(Clock.MsSince(started));
                        lag?.Offer(answer!.Sequence);
                        g.Values[(student, assessment)] = value;
                        tally.Count(1, revision: true);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
                {
                    tally.Errors.Add(e.GetType().Name);
                }
                if (think > TimeSpan.Zero)
                    await Task.Delay(think * (0.5 + random.NextDouble()), CancellationToken.None);
            }
        }, CancellationToken.None)));
        return tally;
    }

    /// <summary>Who reads which class: each class's wali kelas reads their own class; the principal and the admin
    /// read every class (the only people the leger and the report cards are shown to).</summary>
    private List<(Session Session, SeededClass[] Classes)> ReaderPool()
    {
        var pool = ReadClasses.GroupBy(c => c.Homeroom.UserName).Select(g => (g.First().Homeroom, g.ToArray())).ToList();
        pool.Add((_principal, [.. ReadClasses]));
        pool.Add((_admin, [.. ReadClasses]));
        return pool;
    }

    /// <summary>Readers of the leger (<c>/leger/{class}</c>, a share <paramref name="legerShare"/> of the reads) and
    /// of one student's report card (<c>/rapor/{class}/{student}</c>). With <paramref name="rate"/> null a closed
    /// loop (each reader sends its next request as soon as the previous one answered); otherwise each reader reads
    /// <paramref name="rate"/> pages per second on a fixed schedule, and latency counts from the scheduled start,
    /// so a slow answer also delays (and counts against) the next one (no coordinated omission).</summary>
    public async Task<ReadTally> ReadAsync(int readers, double legerShare, double? rate, TimeSpan duration, CancellationToken stop)
    {
        var tally = new ReadTally();
        tally.Of(LegerPage);
        tally.Of(RaporPage);
        var pool = ReaderPool();
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, readers).Select(i => Task.Run(async () =>
        {
            var random = new Random(3000 + i);
            var (session, classes) = pool[i % pool.Count];
            var interval = rate is { } r ? (long)(Stopwatch.Frequency / r) : 0;
            // Paced readers start spread over one interval, not all at once.
            var scheduled = start + (rate is null ? 0 : (long)(interval * (i / (double)readers)));
            while (!stop.IsCancellationRequested)
            {
                if (rate is not null)
                {
                    var wait = scheduled - Stopwatch.GetTimestamp();
                    if (wait > 0)
                        await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), CancellationToken.None);
                    else if (wait < -interval / 10)
                        tally.CountLate();
                }
                if (Stopwatch.GetTimestamp() >= deadline)
                    break;
                var started = rate is null ? Stopwatch.GetTimestamp() : scheduled;
                var c = classes[random.Next(classes.Length)];
                var leger = random.NextDouble() < legerShare;
                await GetAsync(session, leger ? $"/leger/{c.Id}" : $"/rapor/{c.Id}/{c.Students[random.Next(c.Students.Length)]}",
                    leger ? LegerPage : RaporPage, "text/html", started, tally);
                scheduled += interval;
            }
        }, CancellationToken.None)));
        return tally;
    }

    /// <summary>Prints report cards as PDFs, <paramref name="concurrency"/> at a time, each by the class's wali kelas:
    /// one student's card (a random student of a read class) or a whole read class of at least 36 (the first class has 36).
    /// Every print records a ReportCardPrinted per card (by design: a print is a fact with a verification code).</summary>
    public async Task<ReadTally> PrintAsync(bool wholeClass, int concurrency, TimeSpan duration, int minimum, ReadTally tally)
    {
        var classes = wholeClass
            ? ReadClasses.Where(c => c.Students.Length >= SchoolShape.PrintedClassSize).ToArray()
            : [.. ReadClasses];
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var printed = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            var random = new Random(4000 + i);
            while (Stopwatch.GetTimestamp() < deadline || Volatile.Read(ref printed) < minimum)
            {
                var c = classes[random.Next(classes.Length)];
                var path = wholeClass ? $"/rapor/{c.Id}/pdf" : $"/rapor/{c.Id}/{c.Students[random.Next(c.Students.Length)]}/pdf";
                await GetAsync(c.Homeroom, path, wholeClass ? ClassPdf : StudentPdf, "application/pdf", Stopwatch.GetTimestamp(), tally);
                Interlocked.Increment(ref printed);
            }
        }, CancellationToken.None)));
        return tally;
    }

    /// <summary>One GET that must answer 200 with <paramref name="mediaType"/>; its latency counts from <paramref name="started"/>.</summary>
    private async Task GetAsync(Session session, string path, string kind, string mediaType, long started, ReadTally tally)
    {
        try
        {
            using var request = _api.Request(HttpMethod.Get, path, session);
            using var response = await _api.SendAsync(request, CancellationToken.None);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != mediaType)
                tally.Errors.Add($"GET {kind.Split(' ')[0]} {(int)response.StatusCode} {response.Content.Headers.ContentType?.MediaType}");
            else
                tally.Add(kind, Clock.MsSince(started), response.Content.Headers.ContentLength ?? 0);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            tally.Errors.Add(e.GetType().Name);
        }
    }

    /// <summary>After the writes: every value the benchmark was told was saved is what the read model shows
    /// (read without a read-your-writes token, once the read model has caught up). Returns (cells checked, mismatches).</summary>
    public async Task<(int Checked, int Mismatches)> VerifyAsync(CancellationToken ct)
    {
        int checkedCells = 0, mismatches = 0;
        foreach (var t in Teachers)
        foreach (var g in t.Gradebooks.Where(g => g.Values.Count > 0))
        {
            var shown = GradebookState.FromSheet(await _api.GetJsonAsync($"/api/gradebooks/{g.Id}/scores", t.Session, ct));
            foreach (var (cell, value) in g.Values)
            {
                checkedCells++;
                if (!shown.Values.TryGetValue(cell, out var seen) || seen != value)
                    mismatches++;
            }
        }
        return (checkedCells, mismatches);
    }

    private async Task ReloadAsync(Session session, GradebookState g)
    {
        var fresh = GradebookState.FromSheet(await _api.GetJsonAsync($"/api/gradebooks/{g.Id}/scores", session, CancellationToken.None));
        g.Values.Clear();
        foreach (var (cell, value) in fresh.Values)
            g.Values[cell] = value;
        g.FilledColumns.Clear();
        g.FilledColumns.UnionWith(fresh.FilledColumns);
    }

    private static async Task<string> ProblemCodeAsync(HttpResponseMessage response)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Api.Json);
            return problem.TryGetProperty("code", out var code) ? code.GetString() ?? "" : "";
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return "";
        }
    }

    /// <summary>A plausible score that differs from <paramref name="seen"/> (a first entry when null).</summary>
    public static int NewValue(int? seen, Random random)
    {
        var value = random.Next(55, 101);
        return value == seen ? (value == 100 ? 99 : value + 1) : value;
    }

    private sealed record CommandAnswer(long Sequence, int Changes);
}
