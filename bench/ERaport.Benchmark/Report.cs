using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ERaport.Benchmark;

public sealed record Machine(int Cores, double MemoryGb, string CpuModel, string Kernel, string Runtime, string LoadAverageAtStart, string LoadAverageAtEnd)
{
    public static Machine Read(string loadAtStart) => new(
        Environment.ProcessorCount,
        Math.Round(MemTotalKb() / 1048576.0, 1),
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?",
        File.Exists("/proc/version") ? string.Join(' ', File.ReadAllText("/proc/version").Split(' ').Take(3)) : RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        loadAtStart,
        LoadAverage());

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static long MemTotalKb() =>
        File.Exists("/proc/meminfo")
            ? long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
                CultureInfo.InvariantCulture)
            : 0;
}

/// <summary>Where the CPU went during a phase, in cores (CPU seconds per second of wall time).</summary>
public sealed record CpuShare(double MachineBusy, double App, double Postgres, double Nginx, double BenchTool, double Other);

public sealed record PhaseResult(string Name, string What, double Seconds, int Concurrency)
{
    public Dictionary<string, double> Numbers { get; init; } = [];
    public Dictionary<string, Summary> Latencies { get; init; } = [];
    public Dictionary<string, int> Errors { get; init; } = [];
    public CpuShare? Cpu { get; init; }
    public double PeakRssMb { get; init; }
    public PostgresPhase? Postgres { get; init; }
    /// <summary>With --server: the app and PostgreSQL together.</summary>
    public ServerMemory? Server { get; init; }
    public List<string> Notes { get; init; } = [];
}

/// <summary>How long seeding the district through the public API took, and how many requests it sent.</summary>
public sealed record Seeding(double Seconds, long Requests);

public sealed record BenchmarkResult(
    DateTimeOffset StartedAt, Machine Machine, Settings Settings, string School, Seeding Seeding, List<PhaseResult> Phases, List<TargetResult> Targets,
    double AppPeakRssMb, List<string> Notes, ServerGroup? Server = null);

public static class Report
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static (string Markdown, string Json) Write(BenchmarkResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, result.StartedAt.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        File.WriteAllText(stem + ".json", JsonSerializer.Serialize(result, JsonOptions));
        File.WriteAllText(stem + ".md", Markdown(result));
        return (stem + ".md", stem + ".json");
    }

    public static string Markdown(BenchmarkResult r)
    {
        var md = new StringBuilder();
        var s = r.Settings;
        md.AppendLine($"# E-Raport benchmark, {r.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC{(s.Label.Length > 0 ? $" ({s.Label})" : "")}");
        md.AppendLine();
        md.AppendLine($"**Machine:** {r.Machine.Cores} cores, {r.Machine.MemoryGb} GB, {r.Machine.CpuModel}; {r.Machine.Kernel}; {r.Machine.Runtime}; " +
            $"load average {r.Machine.LoadAverageAtStart} at start, {r.Machine.LoadAverageAtEnd} at end. App, PostgreSQL (fsync on) and this tool share the machine.");
        md.AppendLine();
        if (r.Server is { } server)
        {
            md.AppendLine($"**Server:** the app and PostgreSQL confined together to {server.Limits} (a cgroup, as on a small VPS; this tool outside it). " +
                $"Peak memory of the two: {server.PeakMb:N0} MB charged, page cache included; {server.PeakHeldMb:N0} MB anonymous and shared (what cannot be " +
                $"reclaimed without swap). The limit was reached {server.LimitHits:N0} times; processes killed for memory: {server.OomKills}.");
            md.AppendLine();
        }
        if (s.LoadUrl is { } load)
        {
            md.AppendLine($"**Path:** the measured phases went through nginx (deploy/nginx, TLS) at {load}, HTTP/{s.HttpVersion.ToString(2)} with keep-alive " +
                $"and Accept-Encoding as a browser sends it; nginx to the app: a new HTTP/1.1 connection per request, as the production configuration does. " +
                $"Seeding and sign-ins went to the app directly ({s.Url}).");
            md.AppendLine();
        }
        md.AppendLine($"**School:** {r.School}");
        md.AppendLine();
        md.AppendLine($"**Settings:** phases {string.Join(",", s.Phases.Order())}; {s.Schools} school(s) of {s.Shape}; {s.Duration} s sheet saves with {s.Writers} writers " +
            $"(first entries; revisions apart); {s.CorrectionSeconds} s corrections with {s.Correctors} teachers at think {s.CorrectorThinkMs} ms ± 50 %, then closed loop; " +
            $"{s.ReadSeconds} s reads with {s.Readers} closed-loop readers and {s.PacedReaders} readers at {s.PacedRate}/s ({s.LegerShare:P0} leger, {s.ReadClasses} classes); " +
            $"{s.PdfDuration} s PDF, {s.PdfConcurrency} at a time; warm-up {s.Warmup} s; rebuild " +
            $"{(s.RebuildEvents > 0 ? $"after a top-up to {s.RebuildEvents.ToString("N0", CultureInfo.InvariantCulture)} events" : "of what the run left")}.");
        md.AppendLine();
        md.AppendLine("## Targets (issue 7)");
        md.AppendLine();
        md.AppendLine("| metric | measured | target | result | note |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var t in r.Targets)
            md.AppendLine($"| {t.Metric} | {t.MeasuredText} | {t.TargetText} | {t.Status} | {t.Note} |");
        md.AppendLine();
        md.AppendLine("## Phases");
        foreach (var p in r.Phases)
        {
            md.AppendLine();
            md.AppendLine($"### {p.Name}: {p.What}");
            md.AppendLine();
            md.AppendLine($"{p.Seconds:F1} s, {p.Concurrency} concurrent; app peak RSS in phase {p.PeakRssMb:F0} MB" +
                (p.Server is { } m ? $"; app + PostgreSQL peak {m.PeakMb:F0} MB charged, {m.PeakHeldMb:F0} MB anonymous and shared." : "."));
            md.AppendLine();
            if (p.Numbers.Count > 0)
            {
                md.AppendLine("| number | value |");
                md.AppendLine("|---|---|");
                foreach (var (name, value) in p.Numbers)
                    md.AppendLine($"| {name} | {Format.Number(value)} |");
                md.AppendLine();
            }
            if (p.Latencies.Count > 0)
            {
                md.AppendLine("| latency (ms) | n | mean | p50 | p95 | p99 | max |");
                md.AppendLine("|---|---|---|---|---|---|---|");
                foreach (var (name, l) in p.Latencies)
                    md.AppendLine($"| {name} | {l.Count} | {l.Mean:F1} | {l.P50:F1} | {l.P95:F1} | {l.P99:F1} | {l.Max:F1} |");
                md.AppendLine();
            }
            if (p.Cpu is { } cpu)
                md.AppendLine($"CPU (cores busy, over the load and the read model's catch-up after it): machine {cpu.MachineBusy:F2} = app {cpu.App:F2} + " +
                    $"PostgreSQL {cpu.Postgres:F2} + {(s.NginxPid > 0 ? $"nginx {cpu.Nginx:F2} + " : "")}benchmark tool {cpu.BenchTool:F2} + other processes {cpu.Other:F2}.");
            if (p.Postgres is { } pg)
            {
                md.AppendLine();
                md.AppendLine($"PostgreSQL: {pg.Commits:N0} transactions incl. read-only ({pg.CommitsPerOperation} per operation), {pg.RowsInserted:N0} rows inserted " +
                    $"({pg.RowsInsertedPerOperation} per operation), {pg.RowsUpdated:N0} updated, WAL {pg.WalMegabytes} MB ({pg.WalKilobytesPerOperation} kB per operation, " +
                    $"cluster-wide), {pg.WalSyncs:N0} WAL syncs; average active backends {pg.AverageActiveBackends}; waits: " +
                    string.Join(", ", pg.WaitShares.Select(w => $"{w.Key} {w.Value}%")) + "." +
                    (pg.LockWaits.Count > 0 ? " Lock waits: " + string.Join(", ", pg.LockWaits.Select(w => $"{w.Key} {w.Value}%")) + "." : ""));
            }
            if (p.Errors.Count > 0)
            {
                md.AppendLine();
                md.AppendLine("Errors: " + string.Join(", ", p.Errors.Select(e => $"{e.Key} × {e.Value}")) + ".");
            }
            foreach (var note in p.Notes)
            {
                md.AppendLine();
                md.AppendLine(note);
            }
        }
        if (r.Notes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in r.Notes)
                md.AppendLine($"- {note}");
        }
        return md.ToString();
    }
}
