using System.Diagnostics;
using System.Text.RegularExpressions;
using ERaport.Tests.Faults;

namespace ERaport.Tests.Deploy;

/// <summary>deploy/backup/backup.sh, the script of the compose backup service, run for real with Debian's sh,
/// pg_dump and pg_restore (PostgreSQL 15, as in the postgres:15-bookworm image) against a PostgreSQL server of
/// its own: the shared test role may not create databases, and a dump of the shared test database would hold
/// every other test's schemas.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the script and its file modes are for the Linux server
public sealed class BackupTests(BackupFixture postgres) : IClassFixture<BackupFixture>
{
    private static readonly string Script = DeployTools.RepoPath("deploy", "backup", "backup.sh");
    private static readonly Regex DumpName = new(@"^eraport-\d{4}-\d{2}-\d{2}_\d{6}\.dump$");

    [Fact]
    public async Task a_backup_is_a_checked_dump_that_restores_every_event_and_says_so_in_one_line()
    {
        var directory = postgres.TempDirectory();
        var (exit, output) = await BackupAsync(directory);

        exit.ShouldBe(0, output);
        var dump = Dumps(directory).ShouldHaveSingleItem();
        dump.ShouldMatch(DumpName.ToString());
        var path = Path.Combine(directory, dump);
        output.ShouldMatch($@"eraport-backup: OK {Regex.Escape(path)}, \d+ kB, \d+ s, 5 events \(last sequence 3000000000\), 0 old dump\(s\) removed, keeping the newest 14");
        output.ShouldNotContain(postgres.Password);
        // Every student's grades and the accounts' password hashes are in there.
        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Directory.EnumerateFiles(directory).Select(Path.GetFileName).ShouldBe([".lock", dump], ignoreOrder: true);

        var list = await DeployTools.RunAsync(DeployTools.Tool("pg_restore"), ["--list", path]);
        list.Exit.ShouldBe(0, list.Output);
        list.Output.ShouldContain($" TABLE DATA eraport mt_events ");

        // Restored into an empty database, it holds the same events, byte for byte.
        var restored = await postgres.CreateDatabaseAsync();
        var restore = await DeployTools.RunAsync(DeployTools.Tool("pg_restore"), ["--no-owner", "--exit-on-error", "-d", restored, path], postgres.Environment());
        restore.Exit.ShouldBe(0, restore.Output);
        const string events = "select count(*) || ' ' || max(seq_id) || ' ' || md5(string_agg(seq_id || ':' || data::text, ',' order by seq_id)) from eraport.mt_events";
        var copy = await postgres.QueryAsync(restored, events);
        copy.ShouldStartWith("5 3000000000 ");
        copy.ShouldBe(await postgres.QueryAsync(BackupFixture.Database, events));
    }

    [Fact]
    public async Task rotation_keeps_exactly_the_newest_dumps_and_touches_no_other_file()
    {
        var directory = postgres.TempDirectory();
        var old = OldDumps(directory, 5);
        File.WriteAllText(Path.Combine(directory, "eraport-salinan-sebelum-update.dump"), "a copy the operator made");
        File.WriteAllText(Path.Combine(directory, "catatan.txt"), "the operator's notes");

        var (exit, output) = await BackupAsync(directory, new() { ["BACKUP_KEEP_DAYS"] = "3" });

        exit.ShouldBe(0, output);
        output.ShouldContain("3 old dump(s) removed, keeping the newest 3");
        var dumps = Dumps(directory);
        dumps.Length.ShouldBe(3);
        dumps[1..].ShouldBe([old[4], old[3]]);
        File.Exists(Path.Combine(directory, "eraport-salinan-sebelum-update.dump")).ShouldBeTrue();
        File.Exists(Path.Combine(directory, "catatan.txt")).ShouldBeTrue();
    }

    [Fact]
    public async Task a_dump_named_by_a_clock_that_once_ran_ahead_never_pushes_out_the_new_one()
    {
        var directory = postgres.TempDirectory();
        File.WriteAllText(Path.Combine(directory, "eraport-2099-01-01_013000.dump"), "a dump from a server whose clock was wrong");

        var (exit, output) = await BackupAsync(directory, new() { ["BACKUP_KEEP_DAYS"] = "1" });

        exit.ShouldBe(0, output);
        var dumps = Dumps(directory);
        dumps.Length.ShouldBe(2);
        dumps[0].ShouldBe("eraport-2099-01-01_013000.dump");
    }

    [Fact]
    public async Task a_failed_pg_dump_exits_non_zero_says_why_and_keeps_every_earlier_dump_until_a_backup_succeeds()
    {
        var directory = postgres.TempDirectory();
        var old = OldDumps(directory, 4);
        var wrong = $"salah-{Guid.NewGuid():N}";

        var (exit, output) = await BackupAsync(directory, new() { ["BACKUP_KEEP_DAYS"] = "2", ["PGPASSWORD"] = wrong });

        exit.ShouldNotBe(0, output);
        output.ShouldContain($"FAILED: pg_dump of database {BackupFixture.Database} on 127.0.0.1 failed");
        output.ShouldContain("password authentication failed");
        output.ShouldContain("the previous backups are kept");
        output.ShouldNotContain(wrong);
        Dumps(directory).ShouldBe(Enumerable.Reverse(old));
        Directory.EnumerateFiles(directory, "*.partial").ShouldBeEmpty();
        var marker = Path.Combine(directory, "BACKUP-FAILED.txt");
        File.ReadAllText(marker).ShouldContain("password authentication failed");

        // The next good backup rotates as usual and clears the alarm (the service's health check).
        var (again, againOutput) = await BackupAsync(directory, new() { ["BACKUP_KEEP_DAYS"] = "2" });
        again.ShouldBe(0, againOutput);
        Dumps(directory).Length.ShouldBe(2);
        File.Exists(marker).ShouldBeFalse();
    }

    [Fact]
    public async Task a_dump_that_does_not_check_out_is_thrown_away_loudly_and_the_good_ones_stay()
    {
        // A database without E-Raport's event table: pg_dump succeeds, but the dump would restore nothing.
        var directory = postgres.TempDirectory();
        var old = OldDumps(directory, 3);
        var empty = await postgres.CreateDatabaseAsync();
        var (exit, output) = await BackupAsync(directory, new() { ["BACKUP_KEEP_DAYS"] = "1", ["PGDATABASE"] = empty });
        exit.ShouldNotBe(0, output);
        output.ShouldContain("FAILED: the new dump holds no eraport.mt_events");
        Dumps(directory).ShouldBe(Enumerable.Reverse(old));
        Directory.EnumerateFiles(directory, "*.partial").ShouldBeEmpty();
        File.Exists(Path.Combine(directory, "BACKUP-FAILED.txt")).ShouldBeTrue();

        // A pg_dump that exits 0 with garbage (a full disk, a broken binary): pg_restore --list rejects it.
        var (garbageExit, garbageOutput) = await BackupAsync(directory, new() { ["BACKUP_KEEP_DAYS"] = "1", ["PATH"] = FakePgDump("echo 'bukan dump'") });
        garbageExit.ShouldNotBe(0, garbageOutput);
        garbageOutput.ShouldContain("FAILED: the new dump does not read back (pg_restore --list:");
        Dumps(directory).ShouldBe(Enumerable.Reverse(old));
        Directory.EnumerateFiles(directory, "*.partial").ShouldBeEmpty();
    }

    [Fact]
    public async Task while_pg_dump_writes_only_a_partial_file_exists_and_one_left_by_an_interrupted_run_is_never_kept()
    {
        var directory = postgres.TempDirectory();
        var old = OldDumps(directory, 1);
        var stale = Path.Combine(directory, "eraport-2020-01-02_013000.dump.partial");
        File.WriteAllText(stale, "half a dump from a run stopped by a reboot");

        // pg_dump is slow to finish: the finished name appears only after the dump is complete and checked.
        var backup = BackupAsync(directory, new() { ["BACKUP_KEEP_DAYS"] = "1", ["PATH"] = FakePgDump("pg_dump \"$@\" && sleep 2") });
        var seenPartial = false;
        while (!backup.IsCompleted)
        {
            var partial = Directory.EnumerateFiles(directory, "*.dump.partial").Where(p => p != stale).ToList();
            if (partial.Count > 0)
            {
                seenPartial = true;
                Dumps(directory).ShouldBe(old);
            }
            await Task.Delay(50);
        }
        var (exit, output) = await backup;
        exit.ShouldBe(0, output);
        seenPartial.ShouldBeTrue();
        File.Exists(stale).ShouldBeFalse();
        Directory.EnumerateFiles(directory, "*.partial").ShouldBeEmpty();
        var dump = Dumps(directory).ShouldHaveSingleItem();
        dump.ShouldNotBe(old[0]);
    }

    /// <summary>The disk really full (a tmpfs filled to the last byte; as root, like the other deployment tests): the backup
    /// fails saying that the disk is full, keeps every earlier dump, still raises the alarm the health check reads, and the first backup after
    /// room is made succeeds and clears it.</summary>
    [Fact]
    public async Task on_a_full_disk_the_backup_fails_loudly_keeps_every_earlier_dump_and_succeeds_once_there_is_room()
    {
        var directory = postgres.TempDirectory();
        var mount = await DeployTools.RunAsync(DeployTools.Tool("mount"), ["-t", "tmpfs", "-o", "size=256k,mode=700", "tmpfs", directory]);
        mount.Exit.ShouldBe(0, mount.Output);
        try
        {
            var old = OldDumps(directory, 2);
            var filler = Path.Combine(directory, "isi-disk.bin");
            FillUp(filler);
            var marker = Path.Combine(directory, "BACKUP-FAILED.txt");

            var (exit, output) = await BackupAsync(directory, new() { ["BACKUP_KEEP_DAYS"] = "2" });

            // This dump is smaller than pg_dump's output buffer: pg_dump loses it at exit without a word, and only the
            // check finds it broken. The message says why.
            exit.ShouldNotBe(0, output);
            output.ShouldContain("eraport-backup: FAILED: ");
            output.ShouldContain("the previous backups are kept");
            output.ShouldContain($"(0 kB free in {directory}: the disk is full)");
            Dumps(directory).ShouldBe(Enumerable.Reverse(old));
            Directory.EnumerateFiles(directory, "*.partial").ShouldBeEmpty();
            File.Exists(marker).ShouldBeTrue("the backup service's health check looks for it");

            File.Delete(filler);
            var (again, againOutput) = await BackupAsync(directory, new() { ["BACKUP_KEEP_DAYS"] = "2" });
            again.ShouldBe(0, againOutput);
            File.Exists(marker).ShouldBeFalse();
            Dumps(directory).Length.ShouldBe(2);
            Dumps(directory).ShouldNotContain(old[0]);
        }
        finally
        {
            await DeployTools.RunAsync(DeployTools.Tool("umount"), [directory]);
        }
    }

    /// <summary>Writes until the file system has no byte left.</summary>
    private static void FillUp(string path)
    {
        var block = new byte[4096];
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true)
                file.Write(block);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task the_service_backs_up_every_day_at_backup_time_in_the_schools_time_zone_and_stops_at_once()
    {
        var jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");
        if (TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, jakarta).TimeOfDay > TimeSpan.FromHours(24) - TimeSpan.FromSeconds(10))
            await Task.Delay(TimeSpan.FromSeconds(12)); // the test's "in 3 seconds" must still be today
        var at = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, jakarta).AddSeconds(3);
        var time = at.ToString("HH:mm:ss");

        var directory = postgres.TempDirectory();
        var environment = postgres.Environment(directory);
        environment["BACKUP_TIME"] = time;
        environment["TZ"] = "Asia/Jakarta";
        await using var service = ChildProcess.Start("backup", "/bin/sh", [Script], environment, Path.Combine(directory, "service.log"));

        await DeployTools.WaitUntilAsync(() => Task.FromResult(service.Lines().Any(l => l.Contains("next backup at") && l.Contains(at.AddDays(1).ToString("yyyy-MM-dd")))),
            TimeSpan.FromSeconds(30), service.Tail);
        var lines = service.Lines();
        lines[0].ShouldEndWith($"eraport-backup: a backup of database {BackupFixture.Database} every day at {time} (Asia/Jakarta) into {directory}, keeping the newest 14");
        lines[1].ShouldEndWith($"next backup at {at:yyyy-MM-dd} {time} WIB");
        lines[2].ShouldContain("eraport-backup: OK ");
        lines[3].ShouldEndWith($"next backup at {at.AddDays(1):yyyy-MM-dd} {time} WIB");
        var taken = DateTime.ParseExact(Dumps(directory).ShouldHaveSingleItem()["eraport-".Length..^".dump".Length], "yyyy-MM-dd_HHmmss", null);
        taken.ShouldBeInRange(at.DateTime.AddSeconds(-1), at.DateTime.AddSeconds(15)); // names carry the school's clock

        // docker stop sends TERM: the service ends at once, and its nap with it.
        var napId = 0;
        await DeployTools.WaitUntilAsync(async () =>
            int.TryParse((await DeployTools.RunAsync(DeployTools.Tool("pgrep"), ["-P", service.Id.ToString(), "sleep"])).Output.Trim(), out napId),
            TimeSpan.FromSeconds(5), service.Tail);
        DeployTools.Signal(Process.GetProcessById(service.Id), 15);
        await DeployTools.WaitUntilAsync(() => Task.FromResult(service.HasExited && !Directory.Exists($"/proc/{napId}")), TimeSpan.FromSeconds(5), service.Tail);
    }

    [Theory]
    [InlineData("BACKUP_TIME", "25:00", "BACKUP_TIME=25:00 is not a time of day (HH:MM, e.g. 01:30)")]
    [InlineData("BACKUP_TIME", "1.30", "BACKUP_TIME=1.30 is not a time of day (HH:MM, e.g. 01:30)")]
    [InlineData("TZ", "Asia/Jakrta", "TZ=Asia/Jakrta is not a known time zone")]
    [InlineData("BACKUP_KEEP_DAYS", "0", "BACKUP_KEEP_DAYS=0 must be a whole number of at least 1")]
    [InlineData("BACKUP_KEEP_DAYS", "dua", "BACKUP_KEEP_DAYS=dua must be a whole number of at least 1")]
    [InlineData("PGPASSWORD", "", "PGPASSWORD is not set (in docker compose it comes from POSTGRES_PASSWORD in .env)")]
    public async Task a_wrong_setting_stops_the_service_with_a_message_that_says_what_to_fix(string name, string value, string message)
    {
        var directory = postgres.TempDirectory();
        var environment = postgres.Environment(directory);
        environment[name] = value;
        var (exit, output) = await DeployTools.RunAsync("/bin/sh", [Script, "schedule"], environment, TimeSpan.FromSeconds(10));
        exit.ShouldBe(2, output);
        output.ShouldContain($"eraport-backup: cannot start: {message}");
        Directory.EnumerateFileSystemEntries(directory).ShouldBeEmpty();
    }

    private async Task<(int Exit, string Output)> BackupAsync(string directory, Dictionary<string, string>? settings = null)
    {
        var environment = postgres.Environment(directory);
        foreach (var (name, value) in settings ?? [])
            environment[name] = value;
        return await DeployTools.RunAsync("/bin/sh", [Script, "now"], environment, TimeSpan.FromSeconds(30));
    }

    /// <summary>The finished dumps, newest first.</summary>
    private static string[] Dumps(string directory) =>
        Directory.EnumerateFiles(directory).Select(p => Path.GetFileName(p)!).Where(n => DumpName.IsMatch(n)).OrderDescending(StringComparer.Ordinal).ToArray();

    /// <summary>Dumps of earlier nights (oldest first); their content does not matter to the rotation.</summary>
    private static string[] OldDumps(string directory, int count) =>
        Enumerable.Range(1, count).Select(day =>
        {
            var name = $"eraport-2020-01-{day:00}_013000.dump";
            File.WriteAllText(Path.Combine(directory, name), $"dump of night {day}");
            return name;
        }).ToArray();

    /// <summary>A PATH whose pg_dump runs the given shell code (the real pg_dump stays reachable as `pg_dump`).</summary>
    private string FakePgDump(string body)
    {
        var bin = postgres.TempDirectory();
        var real = DeployTools.Tool("pg_dump");
        var fake = Path.Combine(bin, "pg_dump");
        File.WriteAllText(fake, $"#!/bin/sh\npg_dump() {{ {real} \"$@\"; }}\n{body}\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
    }
}

/// <summary>A PostgreSQL server of the backup tests' own (scripts/postgres.sh in a temporary folder), with the
/// database <see cref="Database"/> holding an event table like Marten's: five events whose sequence numbers have
/// gaps (as after failed transactions) and reach beyond 32 bits (mawk's %d would clamp them), and data with a
/// line break and a tab, which COPY escapes.</summary>
public sealed class BackupFixture : IAsyncLifetime
{
    public const string Database = "eraport_backup";
    private readonly PrivatePostgres _server = new();
    private readonly List<string> _directories = [];

    /// <summary>scripts/postgres.sh gives the superuser and the eraport role this password.</summary>
    public string Password { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        Password = (await File.ReadAllTextAsync(Path.Combine(_server.Directory, "pg", "password"))).Trim();
        await CreateDatabaseAsync(Database);
        await QueryAsync(Database, """
            create schema eraport;
            create table eraport.mt_events (seq_id bigint primary key, id uuid not null, stream_id uuid not null, version integer not null,
                data jsonb not null, type varchar not null, timestamp timestamptz not null default now());
            insert into eraport.mt_events (seq_id, id, stream_id, version, data, type)
            select s, gen_random_uuid(), gen_random_uuid(), 1, jsonb_build_object('catatan', 'baris satu' || chr(10) || 'baris dua' || chr(9) || s), 'scores_saved'
            from unnest(array[1, 2, 3, 5, 3000000000]) s;
            """);
    }

    /// <summary>libpq's variables for the eraport role, and the backup folder, as the compose service sets them.</summary>
    public Dictionary<string, string> Environment(string? backupDirectory = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["PGHOST"] = "127.0.0.1",
            ["PGPORT"] = _server.Port.ToString(),
            ["PGUSER"] = "eraport",
            ["PGPASSWORD"] = Password,
            ["PGDATABASE"] = Database,
            ["TZ"] = "Asia/Jakarta",
        };
        if (backupDirectory is not null)
            environment["BACKUP_DIR"] = backupDirectory;
        return environment;
    }

    /// <summary>A new empty database owned by eraport (created by the superuser: eraport may not).</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"scratch_{Guid.NewGuid():N}";
        var environment = Environment();
        environment["PGUSER"] = "postgres";
        var (exit, output) = await DeployTools.RunAsync(DeployTools.Tool("psql"), ["-d", "postgres", "-v", "ON_ERROR_STOP=1", "-qc", $"create database \"{name}\" owner eraport"], environment);
        exit.ShouldBe(0, output);
        return name;
    }

    public async Task<string> QueryAsync(string database, string sql)
    {
        var (exit, output) = await DeployTools.RunAsync(DeployTools.Tool("psql"), ["-d", database, "-v", "ON_ERROR_STOP=1", "-qtAc", sql], Environment());
        exit.ShouldBe(0, output);
        return output.Trim();
    }

    /// <summary>A scratch folder, deleted with the server.</summary>
    public string TempDirectory()
    {
        var directory = DeployTools.TempDirectory("backup");
        lock (_directories)
            _directories.Add(directory);
        return directory;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        foreach (var directory in _directories)
            Directory.Delete(directory, recursive: true);
    }
}
