using System.Globalization;

namespace ERaport.Benchmark;

/// <summary>Everything a run is parameterised by; written into the results so that a number is never without
/// its settings. Parsed from <c>--name value</c> pairs (see <see cref="Usage"/>).</summary>
public sealed record Settings
{
    public required Uri Url { get; init; }
    /// <summary>The first admin of each school (role, user name, one-time password, school id), from scripts/bench.sh.</summary>
    public required string LoginsFile { get; init; }
    public int AppPid { get; init; }
    /// <summary>Where the measured phases go when it is not <see cref="Url"/>: nginx in front of the app (scripts/bench.sh
    /// --via-nginx). Seeding, sign-ins and the wait for the app still go to <see cref="Url"/>, so that nginx's login rate
    /// limit (30 a minute per address) does not throttle the seeding of hundreds of accounts from one address.</summary>
    public Uri? LoadUrl { get; init; }
    /// <summary>A PEM certificate that TLS server certificates may chain to (the self-signed one bench.sh made for nginx).</summary>
    public string? TrustCertificate { get; init; }
    /// <summary>1.1 or 2 (HTTP/2 needs https; the tool falls back to 1.1 where the server does not offer h2).</summary>
    public Version HttpVersion { get; init; } = System.Net.HttpVersion.Version11;
    /// <summary>nginx's master process: it and its workers are measured as one CPU line.</summary>
    public int NginxPid { get; init; }
    /// <summary>Holds a password: never written into the results.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Postgres { get; init; }

    public bool PostgresObserved => !string.IsNullOrWhiteSpace(Postgres);
    public string ResultsDirectory { get; init; } = "bench/results";
    public string Label { get; init; } = "";
    /// <summary>The memory cgroup that the app and PostgreSQL are confined to (scripts/bench.sh --server), and its limits.</summary>
    public string? ServerCgroup { get; init; }
    public string ServerLimits { get; init; } = "";

    /// <summary>Seconds of measured load per phase.</summary>
    public int Duration { get; init; } = 30;
    public int CorrectionDuration { get; init; }
    public int ReadDuration { get; init; }
    public int PdfDuration { get; init; } = 20;
    public int Warmup { get; init; } = 5;

    /// <summary>A big SMA: 36 classes (12 per level), each teacher teaching one subject to about 14 of them.</summary>
    public SchoolShape Shape { get; init; } = new(36, 32, 36, 12, 30, 4);
    /// <summary>A district: with the shape above, 4 schools hold 10,368 empty columns, so first entries do not run out
    /// within a 30 s phase below ≈ 290 saves/s (the target's 15,000 cells/s is ≈ 440 saves/s: then add schools).</summary>
    public int Schools { get; init; } = 4;
    /// <summary>Schools seeded at the same time.</summary>
    public int SeedParallel { get; init; } = 2;

    public int Writers { get; init; } = 50;
    public int Correctors { get; init; } = 50;
    /// <summary>Mean pause of a paced corrector between corrections (jittered 50–150 %).</summary>
    public int CorrectorThinkMs { get; init; } = 1000;
    public int Readers { get; init; } = 200;
    public int PacedReaders { get; init; } = 200;
    public double PacedRate { get; init; } = 1;
    /// <summary>Share of reads that are the leger; the rest are one student's report card page.</summary>
    public double LegerShare { get; init; } = 0.8;
    /// <summary>How many classes of the first school are read and printed (filled completely first).</summary>
    public int ReadClasses { get; init; } = 12;
    public int PdfConcurrency { get; init; } = 1;

    /// <summary>Top the event store up to this many events before the rebuild (first entries, then whole-column
    /// revisions, by <see cref="TopUpWriters"/>); 0: rebuild what the run made.</summary>
    public long RebuildEvents { get; init; }
    public int TopUpWriters { get; init; } = 50;
    public int TopUpMaxSeconds { get; init; } = 3600;
    public int RebuildTimeoutSeconds { get; init; } = 3600;
    public int SetupTimeoutSeconds { get; init; } = 1800;

    public IReadOnlySet<string> Phases { get; init; } = AllPhases;

    public static readonly IReadOnlySet<string> AllPhases = new HashSet<string>
        { "saves", "revisions", "corrections", "corrections-stress", "reads", "paced", "pdf", "rebuild", "corrections-during-rebuild", "carryover" };

    public int CorrectionSeconds => CorrectionDuration > 0 ? CorrectionDuration : Duration;
    public int ReadSeconds => ReadDuration > 0 ? ReadDuration : Duration;

    public const string Usage = """
        ERaport.Benchmark --url http://127.0.0.1:PORT --logins FILE [options]   (normally started by scripts/bench.sh)
          --logins FILE            first admins, one per school: role, user name, one-time password, school id (tab-separated)
          --app-pid N              the app's process id, for peak memory (VmHWM) and CPU
          --load-url URL           send the measured phases here instead of --url (nginx in front, https://localhost:PORT);
                                   seeding and sign-ins still go to --url
          --trust-cert FILE        accept a TLS server certificate that chains to this PEM (a self-signed test certificate)
          --http-version 1.1|2     HTTP version of the load (1.1); 2 is negotiated over TLS (ALPN) as browsers do
          --nginx-pid N            nginx's master process: its and its workers' CPU is reported apart
          --pg CONNSTRING          observe PostgreSQL (wait events, WAL, commits) of the app's database
          --results DIR            where <timestamp>.md/.json go (bench/results)
        school (seeded through the API, every school alike):
          --classes 36 --students 32-36 --subjects 12 --teachers 30 --objectives 4   per school; the first class has 36
          --schools N              schools of the district (one admin each in --logins) (4); --seed-parallel N at a time (2)
        load:
          --duration S             seconds per measured phase (30); --correction-duration, --read-duration, --pdf-duration (20) override
          --warmup S               unmeasured warm-up first entries (5)
          --writers N              concurrent teachers saving sheets (50)
          --correctors N           concurrent teachers correcting single cells (50); paced with --think-ms (1000, ±50 %)
          --readers N              closed-loop readers (200); --leger-share 0..1 leger vs rapor page (0.8)
          --paced-readers N        readers each reading --paced-rate pages/s (200 × 1)
          --read-classes N         classes of the first school that are read and printed, filled first (12)
          --pdf-concurrency N      PDFs printed at a time (1)
          --rebuild-events N       top the event store up to N events before the rebuild (0: as the run left it); --topup-writers (50)
          --phases a,b             saves,revisions,corrections,corrections-stress,reads,paced,pdf,rebuild,corrections-during-rebuild,carryover (all)
          --label TEXT             free text for the record
          --server-cgroup DIR      the memory cgroup the app and PostgreSQL run in (scripts/bench.sh --server), with --server-limits TEXT
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
        var students = Range(Get("students") ?? $"{defaults.Shape.StudentsMin}-{defaults.Shape.StudentsMax}");
        var url = new Uri(Get("url") ?? throw new ArgumentException("--url is required."));
        var loadUrl = Get("load-url") is { } l ? new Uri(l) : null;
        if (!url.IsLoopback || loadUrl is { IsLoopback: false })
            throw new ArgumentException("The benchmark only drives an app on a loopback address.");
        var settings = new Settings
        {
            Url = url,
            LoginsFile = Get("logins") ?? throw new ArgumentException("--logins is required."),
            AppPid = Int("app-pid", 0),
            LoadUrl = loadUrl,
            TrustCertificate = Get("trust-cert"),
            HttpVersion = Get("http-version") is { } v ? Version.Parse(v is "2" ? "2.0" : v) : defaults.HttpVersion,
            NginxPid = Int("nginx-pid", 0),
            Postgres = Get("pg"),
            ResultsDirectory = Get("results") ?? defaults.ResultsDirectory,
            Label = Get("label") ?? "",
            ServerCgroup = Get("server-cgroup"),
            ServerLimits = Get("server-limits") ?? "",
            Duration = Int("duration", defaults.Duration),
            CorrectionDuration = Int("correction-duration", 0),
            ReadDuration = Int("read-duration", 0),
            PdfDuration = Int("pdf-duration", defaults.PdfDuration),
            Warmup = Int("warmup", defaults.Warmup),
            Shape = new SchoolShape(Int("classes", defaults.Shape.Classes), students.Min, students.Max, Int("subjects", defaults.Shape.Subjects),
                Int("teachers", defaults.Shape.Teachers), Int("objectives", defaults.Shape.Objectives)),
            Schools = Int("schools", defaults.Schools),
            SeedParallel = Int("seed-parallel", defaults.SeedParallel),
            Writers = Int("writers", defaults.Writers),
            Correctors = Int("correctors", defaults.Correctors),
            CorrectorThinkMs = Int("think-ms", defaults.CorrectorThinkMs),
            Readers = Int("readers", defaults.Readers),
            PacedReaders = Int("paced-readers", defaults.PacedReaders),
            PacedRate = Double("paced-rate", defaults.PacedRate),
            LegerShare = Math.Clamp(Double("leger-share", defaults.LegerShare), 0, 1),
            ReadClasses = Int("read-classes", defaults.ReadClasses),
            PdfConcurrency = Int("pdf-concurrency", defaults.PdfConcurrency),
            RebuildEvents = Get("rebuild-events") is { } e ? long.Parse(e, CultureInfo.InvariantCulture) : 0,
            TopUpWriters = Int("topup-writers", defaults.TopUpWriters),
            TopUpMaxSeconds = Int("topup-max", defaults.TopUpMaxSeconds),
            RebuildTimeoutSeconds = Int("rebuild-timeout", defaults.RebuildTimeoutSeconds),
            SetupTimeoutSeconds = Int("setup-timeout", defaults.SetupTimeoutSeconds),
            Phases = Get("phases") is { } p ? p.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet() : AllPhases,
        };
        if (values.Count > 0)
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}");
        if (settings.Phases.Except(AllPhases).ToList() is { Count: > 0 } unknown)
            throw new ArgumentException($"Unknown phase(s): {string.Join(", ", unknown)}");
        if (settings.Duration < 1 || settings.Writers < 1 || settings.Correctors < 1 || settings.Readers < 1 || settings.PacedReaders < 1 || settings.PacedRate <= 0
            || settings.Schools < 1 || settings.SeedParallel < 1 || settings.PdfConcurrency < 1 || settings.TopUpWriters < 1 || settings.CorrectorThinkMs < 0)
            throw new ArgumentException("Durations, user counts and rates must be positive.");
        var shape = settings.Shape;
        if (shape.Classes is < 1 or > 500 || shape.Subjects is < 1 or > 40 || shape.Teachers < 1 || shape.Objectives is < 1 or > 30)
            throw new ArgumentException("A school has 1–500 classes, 1–40 subjects, at least one teacher and 1–30 TPs per gradebook.");
        return settings;
    }

    /// <summary>"32-36" or "32" (students per class, 1–60).</summary>
    public static (int Min, int Max) Range(string text)
    {
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        var min = Math.Clamp(int.Parse(parts[0], CultureInfo.InvariantCulture), 1, 60);
        var max = parts.Length > 1 ? Math.Clamp(int.Parse(parts[1], CultureInfo.InvariantCulture), min, 60) : min;
        return (min, max);
    }
}
