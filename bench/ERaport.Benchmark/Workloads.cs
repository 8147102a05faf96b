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

    /// <summary>The lag of every acknowledged save, and how many never became visible while the probe watched.</summary>
    public (Summary Lag, int Unresolved) Result()
    {
        var times = _polls.Select(p => p.At).ToArray();
        var reached = new long[_polls.Count];
        for (var i = 0; i < _polls.Count; i++)
            reached[i] = Math.Max(i == 0 ? 0 : reached[i - 1], _polls[i].Checkpoint);
        var lags = new List<double>();
        var unresolved = 0;
        foreach (var (sequence, answeredAt) in _answers)
        {
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
    private long _saves, _cells, _firstEntries, _revisions;
    public Samples Latency { get; } = new();
    public Samples FirstEntryLatency { get; } = new();
    public Samples RevisionLatency { get; } = new();
    public ErrorCounts Errors { get; } = new();
    public long Saves => Interlocked.Read(ref _saves);
    public long Cells => Interlocked.Read(ref _cells);
    public long FirstEntries => Interlocked.Read(ref _firstEntries);
    public long Revisions => Interlocked.Read(ref _revisions);

    public void Count(int cells, bool revision)
    {
        Interlocked.Increment(ref _saves);
        Interlocked.Add(ref _cells, cells);
        Interlocked.Increment(ref revision ? ref _revisions : ref _firstEntries);
    }
}

/// <summary>The virtual users. Every loop is bounded by a deadline or a token and stops by itself.</summary>
public sealed class Workloads(Api api, IReadOnlyList<Teacher> teachers, Session admin, Session? principal)
{
    private const string RevisionReason = "Perbaikan nilai setelah remedial (benchmark).";
    private const string CorrectionReason = "Salah ketik saat memasukkan nilai (benchmark).";

    /// <summary>Teachers save whole columns (one class × one assessment) in a closed loop: empty columns first
    /// (a first entry, one ScoresRecorded), then, when all are full, whole-column revisions with the values
    /// they saw and a reason (one ScoreCorrected per cell): a teacher re-entering after remedial tests.</summary>
    public async Task<WriteTally> SaveSheetsAsync(int writers, TimeSpan duration, LagProbe? lag, CancellationToken stop)
    {
        var tally = new WriteTally();
        var users = teachers.Take(writers).ToList();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(users.Select((t, i) => Task.Run(async () =>
        {
            var random = new Random(1000 + i);
            var columns = (from g in t.Gradebooks from a in g.Assessments select (Gradebook: g, Assessment: a)).ToList();
            var cursor = random.Next(columns.Count);
            while (Stopwatch.GetTimestamp() < deadline && !stop.IsCancellationRequested)
            {
                // Empty columns first, in order; then round and round revising.
                var next = columns.FindIndex(c => !c.Gradebook.FilledColumns.Contains(c.Assessment));
                var (gradebook, assessment) = columns[next >= 0 ? next : cursor++ % columns.Count];
                await SaveColumnAsync(t.Session, gradebook, assessment, random, tally, lag);
            }
        }, CancellationToken.None)));
        return tally;
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
            using var request = api.Request(HttpMethod.Post, $"/api/gradebooks/{g.Id}/scores", session, body);
            using var response = await api.SendAsync(request, CancellationToken.None);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                tally.Errors.Add($"POST scores {(int)response.StatusCode} {await ProblemCodeAsync(response)}");
                if (response.StatusCode == HttpStatusCode.Conflict)
                    await ReloadAsync(session, g);
                return;
            }
            var answer = await response.Content.ReadFromJsonAsync<CommandAnswer>(Api.Json);
            var elapsed = Clock.MsSince(started);
            tally.Latency.Add(elapsed);
            (revision ? tally.RevisionLatency : tally.FirstEntryLatency).Add(elapsed);
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

    /// <summary>Teachers correct single cells (the value they saw, a new value and a reason) in a closed loop,
    /// optionally with think time between corrections.</summary>
    public async Task<WriteTally> CorrectCellsAsync(int correctors, TimeSpan duration, TimeSpan think, LagProbe? lag, CancellationToken stop)
    {
        var tally = new WriteTally();
        var users = teachers.Take(correctors).ToList();
        // A correction needs a value to correct: fill one column of any gradebook that has none (not measured).
        foreach (var t in users)
        foreach (var g in t.Gradebooks.Where(g => g.FilledColumns.Count == 0))
            await SaveColumnAsync(t.Session, g, g.Assessments[0], new Random(7), new WriteTally(), null);
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(users.Select((t, i) => Task.Run(async () =>
        {
            var random = new Random(2000 + i);
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
                    using var request = api.Request(HttpMethod.Post, $"/api/gradebooks/{g.Id}/corrections", t.Session, body);
                    using var response = await api.SendAsync(request, CancellationToken.None);
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
                    await Task.Delay(think, CancellationToken.None);
            }
        }, CancellationToken.None)));
        return tally;
    }

    public sealed class ReadTally
    {
        private long _grid, _sheet, _late;
        public Samples Grid { get; } = new();
        public Samples Sheet { get; } = new();
        public ErrorCounts Errors { get; } = new();
        public long GridPages => Interlocked.Read(ref _grid);
        public long SheetReads => Interlocked.Read(ref _sheet);
        /// <summary>Paced reads that could not start on time because the previous one had not finished.</summary>
        public long LateStarts => Interlocked.Read(ref _late);

        public void CountGrid() => Interlocked.Increment(ref _grid);
        public void CountSheet() => Interlocked.Increment(ref _sheet);
        public void CountLate() => Interlocked.Increment(ref _late);
    }

    /// <summary>Readers: the grid page (/nilai/{id}, server-rendered HTML) and the JSON sheet. With
    /// <paramref name="rate"/> null a closed loop (each reader sends its next request as soon as the previous
    /// one answered); otherwise each reader reads <paramref name="rate"/> pages per second on a fixed schedule,
    /// and latency counts from the scheduled start, so a slow answer also delays (and counts against) the
    /// next one (no coordinated omission).</summary>
    public async Task<ReadTally> ReadAsync(int readers, double gridShare, double? rate, TimeSpan duration, CancellationToken stop)
    {
        var tally = new ReadTally();
        var sessions = teachers.Select(t => (t.Session, Gradebooks: t.Gradebooks.Select(g => g.Id).ToList())).ToList();
        if (principal is not null)
            sessions.Add((principal, [.. teachers.SelectMany(t => t.Gradebooks).Select(g => g.Id)]));
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, readers).Select(i => Task.Run(async () =>
        {
            var random = new Random(3000 + i);
            var (session, gradebooks) = sessions[i % sessions.Count];
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
                var gradebook = gradebooks[random.Next(gradebooks.Count)];
                var grid = random.NextDouble() < gridShare;
                try
                {
                    using var request = api.Request(HttpMethod.Get, grid ? $"/nilai/{gradebook}" : $"/api/gradebooks/{gradebook}/scores", session);
                    using var response = await api.SendAsync(request, CancellationToken.None);
                    if (response.StatusCode != HttpStatusCode.OK)
                        tally.Errors.Add($"GET {(grid ? "grid page" : "sheet")} {(int)response.StatusCode}");
                    else if (grid)
                    {
                        tally.Grid.Add(Clock.MsSince(started));
                        tally.CountGrid();
                    }
                    else
                    {
                        tally.Sheet.Add(Clock.MsSince(started));
                        tally.CountSheet();
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    tally.Errors.Add(e.GetType().Name);
                }
                scheduled += interval;
            }
        }, CancellationToken.None)));
        return tally;
    }

    /// <summary>After the writes: every value the benchmark was told was saved is what the read model shows
    /// (read without a read-your-writes token, once the read model has caught up). Returns (cells checked, mismatches).</summary>
    public async Task<(int Checked, int Mismatches)> VerifyAsync(CancellationToken ct)
    {
        int checkedCells = 0, mismatches = 0;
        foreach (var t in teachers)
        foreach (var g in t.Gradebooks)
        {
            var shown = GradebookState.FromSheet(await api.GetJsonAsync($"/api/gradebooks/{g.Id}/scores", t.Session, ct));
            foreach (var (cell, value) in g.Values)
            {
                checkedCells++;
                if (!shown.Values.TryGetValue(cell, out var seen) || seen != value)
                    mismatches++;
            }
        }
        return (checkedCells, mismatches);
    }

    /// <summary>Waits until the read model has applied everything committed; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitCaughtUpAsync(TimeSpan timeout, CancellationToken ct)
    {
        var until = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            var status = await api.StatusAsync(admin, ct);
            if (status.Checkpoint >= status.HighWaterMark)
                return true;
            await Task.Delay(100, ct);
        }
        return false;
    }

    private async Task ReloadAsync(Session session, GradebookState g)
    {
        var fresh = GradebookState.FromSheet(await api.GetJsonAsync($"/api/gradebooks/{g.Id}/scores", session, CancellationToken.None));
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
