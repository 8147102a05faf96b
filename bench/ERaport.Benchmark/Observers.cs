using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ERaport.Benchmark;

/// <summary>Reads the machine and the app process from /proc: resident memory (sampled, plus the kernel's
/// high-water mark VmHWM), and CPU time of the app, of the database and of this tool per phase, so that
/// "where did the time go" starts from numbers.</summary>
public sealed class ProcessObserver : IAsyncDisposable
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _phasePeakRssKb;

    public ProcessObserver(int pid)
    {
        _pid = pid;
        _sampling = pid > 0 ? SampleAsync(_stop.Token) : Task.CompletedTask;
    }

    public bool Enabled => _pid > 0 && File.Exists($"/proc/{_pid}/status");

    /// <summary>Peak resident set of the app since the last call (sampled every 100 ms), in MB.</summary>
    public double TakePhasePeakRssMb() => Interlocked.Exchange(ref _phasePeakRssKb, CurrentRssKb()) / 1024.0;

    public double CurrentRssMb() => CurrentRssKb() / 1024.0;

    /// <summary>The kernel's peak resident set of the app over its whole life (VmHWM), in MB.</summary>
    public double PeakRssMb() => StatusKb("VmHWM") / 1024.0;

    private long CurrentRssKb() => StatusKb("VmRSS");

    private long StatusKb(string field)
    {
        if (!Enabled)
            return 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
        }
        return 0;
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var rss = CurrentRssKb();
                long seen;
                do
                    seen = Volatile.Read(ref _phasePeakRssKb);
                while (rss > seen && Interlocked.CompareExchange(ref _phasePeakRssKb, rss, seen) != seen);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>CPU seconds (user + system) a process has used; 0 when it is gone or unreadable.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may hold spaces) start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>CPU seconds of a process and its children (nginx's master and its workers).</summary>
    public static double TreeCpuSeconds(int pid)
    {
        if (pid <= 0)
            return 0;
        var total = CpuSeconds(pid);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var child) || child == pid)
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                // The parent's pid is the second field after the command name.
                if (stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1] == pid.ToString(CultureInfo.InvariantCulture))
                    total += CpuSeconds(child);
            }
            catch (IOException)
            {
                // The process ended while the directory was listed.
            }
        }
        return total;
    }

    /// <summary>Busy and total CPU seconds of the whole machine (all cores) from /proc/stat.</summary>
    public static (double Busy, double Total) MachineCpuSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    public double AppCpuSeconds() => _pid > 0 ? CpuSeconds(_pid) : 0;

    public static double OwnCpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}

/// <summary>The memory of the cgroup that scripts/bench.sh --server confines the app and PostgreSQL to, as on a
/// small VPS: what the group holds in all (page cache included, which the kernel reclaims at the limit) and what
/// it cannot give back without swap (anonymous and shared memory: the heaps, PostgreSQL's shared buffers), the
/// peak per phase, and how often the limit was reached or a process was killed for memory. Reads cgroup v1 or v2.</summary>
public sealed class ServerGroupObserver : IAsyncDisposable
{
    private readonly string _directory;
    private readonly bool _v1;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _phasePeak, _phasePeakHeld, _peakHeld;

    public ServerGroupObserver(string directory)
    {
        _directory = directory;
        _v1 = File.Exists(Path.Combine(directory, "memory.usage_in_bytes"));
        if (!_v1 && !File.Exists(Path.Combine(directory, "memory.current")))
            throw new ArgumentException($"{directory} is not a memory cgroup (--server-cgroup).");
        _sampling = SampleAsync(_stop.Token);
    }

    /// <summary>Peaks since the last call, in MB: everything charged, and anonymous + shared memory.</summary>
    public ServerMemory TakePhasePeak() => new(
        Math.Round(Interlocked.Exchange(ref _phasePeak, 0) / 1048576.0),
        Math.Round(Interlocked.Exchange(ref _phasePeakHeld, 0) / 1048576.0));

    /// <summary>The whole run: the kernel's own peak of everything charged, the sampled peak of what cannot be
    /// reclaimed, how many times the limit was hit (reclaim or worse) and the processes killed for memory.</summary>
    public ServerGroup Summary(string limits)
    {
        var peak = Read(_v1 ? "memory.max_usage_in_bytes" : "memory.peak") ?? Interlocked.Read(ref _phasePeak);
        var events = _v1 ? null : Fields("memory.events");
        var limitHits = _v1 ? Read("memory.failcnt") ?? 0 : events!.GetValueOrDefault("max");
        var oomKills = (_v1 ? Fields("memory.oom_control") : events!).GetValueOrDefault("oom_kill");
        return new ServerGroup(limits, Math.Round(peak / 1048576.0), Math.Round(Interlocked.Read(ref _peakHeld) / 1048576.0), limitHits, oomKills);
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                var usage = Read(_v1 ? "memory.usage_in_bytes" : "memory.current") ?? 0;
                var stat = Fields("memory.stat");
                var held = _v1 ? stat.GetValueOrDefault("total_rss") + stat.GetValueOrDefault("total_shmem") : stat.GetValueOrDefault("anon") + stat.GetValueOrDefault("shmem");
                Raise(ref _phasePeak, usage);
                Raise(ref _phasePeakHeld, held);
                Raise(ref _peakHeld, held);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void Raise(ref long peak, long value)
    {
        long seen;
        do
            seen = Volatile.Read(ref peak);
        while (value > seen && Interlocked.CompareExchange(ref peak, value, seen) != seen);
    }

    private long? Read(string file)
    {
        try
        {
            return long.Parse(File.ReadAllText(Path.Combine(_directory, file)).Trim(), CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            return null;
        }
    }

    /// <summary>A flat-keyed cgroup file ("name value" per line).</summary>
    private Dictionary<string, long> Fields(string file)
    {
        var fields = new Dictionary<string, long>();
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(_directory, file)))
                if (line.Split(' ') is [var name, var value] && long.TryParse(value, CultureInfo.InvariantCulture, out var number))
                    fields[name] = number;
        }
        catch (IOException)
        {
        }
        return fields;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}

public sealed record ServerMemory(double PeakMb, double PeakHeldMb);

public sealed record ServerGroup(string Limits, double PeakMb, double PeakHeldMb, long LimitHits, long OomKills);

/// <summary>Watches the app's PostgreSQL database while a phase runs (optional, --pg): what active backends wait
/// on (sampled pg_stat_activity; "CPU" when not waiting), commits and rows (pg_stat_database), WAL written and
/// flushed (pg_stat_wal, for the whole cluster), and the CPU time of the database's backends and of the WAL
/// writer, checkpointer and background writer.</summary>
public sealed class PostgresObserver : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly Lock _lock = new();
    private Dictionary<string, int> _waits = [];
    private Dictionary<string, int> _lockWaits = [];
    private int _waitSamples;
    private CancellationTokenSource? _stop;
    private Task _sampling = Task.CompletedTask;
    private Snapshot? _start;

    private PostgresObserver(NpgsqlDataSource source) => _source = source;

    public static async Task<PostgresObserver?> TryCreateAsync(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            return null;
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "eraport-bench", Pooling = true, MaxPoolSize = 3 };
        var source = NpgsqlDataSource.Create(builder.ConnectionString);
        try
        {
            await using var c = await source.OpenConnectionAsync();
            return new PostgresObserver(source);
        }
        catch (Exception e)
        {
            Console.WriteLine($"  (PostgreSQL not observed: {e.Message})");
            await source.DisposeAsync();
            return null;
        }
    }

    public async Task StartPhaseAsync()
    {
        _start = await SnapshotAsync();
        lock (_lock)
        {
            _waits = [];
            _lockWaits = [];
            _waitSamples = 0;
        }
        _stop = new CancellationTokenSource();
        _sampling = SampleWaitsAsync(_stop.Token);
    }

    public async Task<PostgresPhase?> EndPhaseAsync(int operations)
    {
        if (_stop is null || _start is null)
            return null;
        await _stop.CancelAsync();
        await _sampling;
        var end = await SnapshotAsync();
        var start = _start;
        Dictionary<string, double> waits;
        Dictionary<string, double> lockWaits;
        double activeBackends;
        lock (_lock)
        {
            var lockTotal = Math.Max(1, _lockWaits.Values.Sum());
            lockWaits = _lockWaits.OrderByDescending(w => w.Value).Take(5).ToDictionary(w => w.Key, w => Math.Round(100.0 * w.Value / lockTotal, 1));
            var samples = Math.Max(1, _waitSamples);
            var total = Math.Max(1, _waits.Values.Sum());
            waits = _waits.OrderByDescending(w => w.Value).Take(12).ToDictionary(w => w.Key, w => Math.Round(100.0 * w.Value / total, 1));
            activeBackends = Math.Round((double)_waits.Values.Sum() / samples, 2);
        }
        var per = Math.Max(1, operations);
        var commits = end.Commits - start.Commits;
        return new PostgresPhase(
            Commits: commits,
            Rollbacks: end.Rollbacks - start.Rollbacks,
            RowsInserted: end.Inserted - start.Inserted,
            RowsUpdated: end.Updated - start.Updated,
            BlocksRead: end.BlocksRead - start.BlocksRead,
            WalMegabytes: Math.Round((end.WalBytes - start.WalBytes) / 1048576.0, 1),
            WalSyncs: end.WalSyncs - start.WalSyncs,
            CommitsPerOperation: Math.Round((double)commits / per, 2),
            RowsInsertedPerOperation: Math.Round((double)(end.Inserted - start.Inserted) / per, 1),
            WalKilobytesPerOperation: Math.Round((end.WalBytes - start.WalBytes) / 1024.0 / per, 1),
            CpuSeconds: Math.Round(CpuDelta(start.Cpu, end.Cpu), 2),
            AverageActiveBackends: activeBackends,
            WaitShares: waits,
            LockWaits: lockWaits);
    }

    private static double CpuDelta(Dictionary<int, double> start, Dictionary<int, double> end) =>
        end.Sum(e => e.Value - start.GetValueOrDefault(e.Key));

    private async Task SampleWaitsAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await _source.OpenConnectionAsync(ct);
            await using var command = new NpgsqlCommand("""
                select coalesce(wait_event_type || ':' || wait_event, 'CPU'), count(*)::int from pg_stat_activity
                where datname = current_database() and state = 'active' and pid <> pg_backend_pid() group by 1
                """, connection);
            await command.PrepareAsync(ct);
            // Which lock, when backends wait on one: e.g. "object AccessExclusiveLock pg_database (COMMIT)" is the
            // cluster-wide lock that NOTIFY holds from its commit until after the WAL flush.
            await using var locks = new NpgsqlCommand("""
                select l.locktype || ' ' || l.mode || coalesce(' ' || l.classid::regclass::text, '') || coalesce(' ' || l.relation::regclass::text, '')
                       || ' (' || left(regexp_replace(a.query, '\s+', ' ', 'g'), 40) || ')', count(*)::int
                from pg_locks l join pg_stat_activity a using (pid)
                where not l.granted and a.datname = current_database() group by 1
                """, connection);
            await locks.PrepareAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                var sample = new List<(string Wait, int Count)>();
                await using (var reader = await command.ExecuteReaderAsync(ct))
                    while (await reader.ReadAsync(ct))
                        sample.Add((reader.GetString(0), reader.GetInt32(1)));
                var lockSample = new List<(string, int)>();
                if (sample.Any(w => w.Wait.StartsWith("Lock:", StringComparison.Ordinal)))
                {
                    await using var reader = await locks.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                        lockSample.Add((reader.GetString(0), reader.GetInt32(1)));
                }
                lock (_lock)
                {
                    _waitSamples++;
                    foreach (var (wait, count) in sample)
                        _waits[wait] = _waits.GetValueOrDefault(wait) + count;
                    foreach (var (what, count) in lockSample)
                        _lockWaits[what] = _lockWaits.GetValueOrDefault(what) + count;
                }
                await Task.Delay(20, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            Console.WriteLine($"  (wait sampling stopped: {e.Message})");
        }
    }

    private sealed record Snapshot(long Commits, long Rollbacks, long Inserted, long Updated, long BlocksRead, long WalBytes, long WalSyncs,
        Dictionary<int, double> Cpu);

    private async Task<Snapshot> SnapshotAsync()
    {
        await using var connection = await _source.OpenConnectionAsync();
        long commits, rollbacks, inserted, updated, blocksRead;
        await using (var command = new NpgsqlCommand(
            "select xact_commit, xact_rollback, tup_inserted, tup_updated, blks_read from pg_stat_database where datname = current_database()", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (commits, rollbacks, inserted, updated, blocksRead) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }
        long walBytes = 0, walSyncs = 0;
        try
        {
            await using var command = new NpgsqlCommand("select wal_bytes::bigint, wal_sync from pg_stat_wal", connection);
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
                (walBytes, walSyncs) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        catch (PostgresException)
        {
            // pg_stat_wal is PostgreSQL 14+.
        }
        var pids = new List<int>();
        await using (var command = new NpgsqlCommand("""
            select pid from pg_stat_activity where (datname = current_database() and pid <> pg_backend_pid())
               or backend_type in ('walwriter', 'checkpointer', 'background writer')
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                pids.Add(reader.GetInt32(0));
        return new Snapshot(commits, rollbacks, inserted, updated, blocksRead, walBytes, walSyncs,
            pids.ToDictionary(p => p, ProcessObserver.CpuSeconds));
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop is not null)
        {
            await _stop.CancelAsync();
            await _sampling;
        }
        await _source.DisposeAsync();
    }
}

public sealed record PostgresPhase(
    long Commits, long Rollbacks, long RowsInserted, long RowsUpdated, long BlocksRead, double WalMegabytes, long WalSyncs,
    double CommitsPerOperation, double RowsInsertedPerOperation, double WalKilobytesPerOperation, double CpuSeconds,
    double AverageActiveBackends, Dictionary<string, double> WaitShares, Dictionary<string, double> LockWaits);
