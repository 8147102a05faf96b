using System.Globalization;

namespace ERaport.Benchmark;

/// <summary>Everything a run is parameterised by; written into the results so that a number is never without
/// its settings. Parsed from <c>--name value</c> pairs (see <see cref="Usage"/>).</summary>
public sealed record Settings
{
    public required Uri Url { get; init; }
    public required string LoginsFile { get; init; }
    public int AppPid { get; init; }
    /// <summary>Holds a password: never written into the results.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Postgres { get; init; }

    public bool PostgresObserved => !string.IsNullOrWhiteSpace(Postgres);
    public string ResultsDirectory { get; init; } = "bench/results";
    public string Label { get; init; } = "";

    /// <summary>Seconds of measured load per phase.</summary>
    public int Duration { get; init; } = 30;
    public int CorrectionDuration { get; init; }
    public int ReadDuration { get; init; }
    public int Warmup { get; init; } = 5;

    public int Writers { get; init; } = 50;
    public int Correctors { get; init; } = 50;
    public int CorrectorThinkMs { get; init; }
    public int Readers { get; init; } = 200;
    public int PacedReaders { get; init; } = 200;
    public double PacedRate { get; init; } = 1;
    /// <summary>Share of reads that are the grid page (HTML); the rest are the JSON sheet.</summary>
    public double GridShare { get; init; } = 0.5;

    /// <summary>Top the event store up to this many events (by correcting whole columns) before the rebuild; 0: rebuild what the run made.</summary>
    public long RebuildEvents { get; init; }
    public int TopUpMaxSeconds { get; init; } = 3600;
    public int RebuildTimeoutSeconds { get; init; } = 3600;
    public int SetupTimeoutSeconds { get; init; } = 1800;

    public IReadOnlySet<string> Phases { get; init; } = AllPhases;

    /// <summary>The school the app was asked to seed (for the record only; the tool reads the school through the API).</summary>
    public string School { get; init; } = "";

    public static readonly IReadOnlySet<string> AllPhases = new HashSet<string> { "saves", "corrections", "reads", "paced", "rebuild" };

    public int CorrectionSeconds => CorrectionDuration > 0 ? CorrectionDuration : Duration;
    public int ReadSeconds => ReadDuration > 0 ? ReadDuration : Duration;

    public const string Usage = """
        ERaport.Benchmark --url http://127.0.0.1:PORT --logins FILE [options]   (normally started by scripts/bench.sh)
          --app-pid N              the app's process id, for peak memory (VmHWM) and CPU
          --pg CONNSTRING          observe PostgreSQL (wait events, WAL, commits) of the app's database
          --results DIR            where <timestamp>.md/.json go (bench/results)
          --duration S             seconds per measured phase (30); --correction-duration, --read-duration override
          --warmup S               unmeasured warm-up writes (5)
          --writers N              concurrent teachers saving sheets (50)
          --correctors N           concurrent teachers correcting single cells (50); --think-ms between corrections (0)
          --readers N              closed-loop readers (200); --grid-share 0..1 share of grid pages vs JSON (0.5)
          --paced-readers N        readers each reading --paced-rate pages/s (200 × 1)
          --rebuild-events N       top the event store up to N events before the rebuild (0: as the run left it)
          --phases a,b             saves,corrections,reads,paced,rebuild (all)
          --school TEXT            the seeded school, for the record
          --label TEXT             free text for the record
        """;

    public static Settings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            values[args[i][2..]] = args[++i];
        }
        string? Get(string name) => values.Remove(name, out var v) ? v : null;
        int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        double Double(string name, double fallback) => Get(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

        var defaults = new Settings { Url = new Uri("http://127.0.0.1"), LoginsFile = "" };
        var url = new Uri(Get("url") ?? throw new ArgumentException("--url is required."));
        if (!url.IsLoopback)
            throw new ArgumentException("The benchmark only drives an app on a loopback address.");
        var settings = new Settings
        {
            Url = url,
            LoginsFile = Get("logins") ?? throw new ArgumentException("--logins is required."),
            AppPid = Int("app-pid", 0),
            Postgres = Get("pg"),
            ResultsDirectory = Get("results") ?? defaults.ResultsDirectory,
            Label = Get("label") ?? "",
            Duration = Int("duration", defaults.Duration),
            CorrectionDuration = Int("correction-duration", 0),
            ReadDuration = Int("read-duration", 0),
            Warmup = Int("warmup", defaults.Warmup),
            Writers = Int("writers", defaults.Writers),
            Correctors = Int("correctors", defaults.Correctors),
            CorrectorThinkMs = Int("think-ms", 0),
            Readers = Int("readers", defaults.Readers),
            PacedReaders = Int("paced-readers", defaults.PacedReaders),
            PacedRate = Double("paced-rate", defaults.PacedRate),
            GridShare = Math.Clamp(Double("grid-share", defaults.GridShare), 0, 1),
            RebuildEvents = Get("rebuild-events") is { } e ? long.Parse(e, CultureInfo.InvariantCulture) : 0,
            TopUpMaxSeconds = Int("topup-max", defaults.TopUpMaxSeconds),
            RebuildTimeoutSeconds = Int("rebuild-timeout", defaults.RebuildTimeoutSeconds),
            SetupTimeoutSeconds = Int("setup-timeout", defaults.SetupTimeoutSeconds),
            Phases = Get("phases") is { } p ? p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() : AllPhases,
            School = Get("school") ?? "",
        };
        if (values.Count > 0)
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}");
        if (settings.Phases.Except(AllPhases).ToList() is { Count: > 0 } unknown)
            throw new ArgumentException($"Unknown phase(s): {string.Join(", ", unknown)}");
        if (settings.Duration < 1 || settings.Writers < 1 || settings.Correctors < 1 || settings.Readers < 1 || settings.PacedReaders < 1 || settings.PacedRate <= 0)
            throw new ArgumentException("Durations, user counts and rates must be positive.");
        return settings;
    }
}
