using System.Globalization;
using System.Security.Cryptography;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using Marten;
using Microsoft.AspNetCore.Identity;
using Wolverine;

namespace ERaport.Web.Demo;

/// <summary>Benchmark only (bench/ERaport.Benchmark, scripts/bench.sh): on the first start, creates a large
/// school through the same commands people and the demo seeder use, until master data can be created through
/// the API. Registered only when the section <c>Benchmark:SeedSchool</c> is present, e.g.
/// <c>Benchmark__SeedSchool__Classes=12</c>, <c>__Students=32-36</c>, <c>__Subjects=12</c>, <c>__Teachers=50</c>,
/// <c>__Objectives=4</c>, and <c>Benchmark__LoginsFile</c>. Every account gets the same random password (hashed
/// once, so seeding hundreds of accounts stays cheap); the logins file lists them for the benchmark tool,
/// readable only by its owner. Scores are left empty: entering them is what the benchmark measures.</summary>
public sealed class BenchmarkSchoolSeeder(IServiceScopeFactory scopes, IDocumentStore store, IPasswordHasher<UserAccount> hasher,
    IConfiguration config, ILogger<BenchmarkSchoolSeeder> logger) : IHostedLifecycleService
{
    public const string Section = "Benchmark:SeedSchool";
    public const string SchoolId = "sma-bench";

    private static readonly string[] SubjectNames =
    [
        "Pendidikan Agama dan Budi Pekerti", "Pendidikan Pancasila", "Bahasa Indonesia", "Matematika", "Bahasa Inggris", "Sejarah",
        "Fisika", "Kimia", "Biologi", "Ekonomi", "Geografi", "Sosiologi", "Informatika", "Seni Budaya",
        "Pendidikan Jasmani, Olahraga, dan Kesehatan", "Bahasa Sunda",
    ];

    public async Task StartedAsync(CancellationToken ct)
    {
        var loginsFile = config["Benchmark:LoginsFile"] ?? ".local/bench-logins.tsv";
        await using (var session = store.QuerySession())
        {
            if (await session.Events.FetchStreamStateAsync(StreamKeys.School(SchoolId), ct) is not null)
                return;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var commands = await SeedAsync(loginsFile, ct);
        logger.LogInformation("Benchmark school {School} seeded with {Commands} commands in {Seconds:N1} s; logins in {File}",
            SchoolId, commands, clock.Elapsed.TotalSeconds, Path.GetFullPath(loginsFile));
    }

    private async Task<int> SeedAsync(string loginsFile, CancellationToken ct)
    {
        var section = config.GetSection(Section);
        var classCount = Math.Clamp(section.GetValue("Classes", 12), 1, 500);
        var (studentsMin, studentsMax) = Range(section["Students"] ?? "32-36");
        var subjectCount = Math.Clamp(section.GetValue("Subjects", 12), 1, 40);
        var teacherTarget = Math.Max(1, section.GetValue("Teachers", 50));
        var objectiveCount = Math.Clamp(section.GetValue("Objectives", 4), 1, OpenGradebookHandler.MaxLearningObjectives);
        // Each subject gets the same number of teachers; a teacher teaches one subject to every k-th class.
        var teachersPerSubject = Math.Clamp((teacherTarget + subjectCount - 1) / subjectCount, 1, classCount);
        logger.LogInformation("Seeding the benchmark school: {Classes} classes × {Min}–{Max} students × {Subjects} subjects, {Teachers} teachers",
            classCount, studentsMin, studentsMax, subjectCount, teachersPerSubject * subjectCount);

        var system = new Actor(Guid.Empty, "sistem", SchoolId);
        var random = new Random(20262027);
        var password = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 16);
        var passwordHash = hasher.HashPassword(new UserAccount(), password);
        var logins = new List<string>();
        var sent = 0;

        async Task Send<T>(T command) where T : notnull
        {
            using var scope = scopes.CreateScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync<CommandOutcome>(command, ct);
            if (!outcome.IsAccepted)
                throw new InvalidOperationException(
                    $"Benchmark seed: {typeof(T).Name} rejected: {string.Join("; ", outcome.Errors.Select(e => $"{e.Code} {e.Message}"))}");
            Interlocked.Increment(ref sent);
        }

        async Task<Guid> User(string userName, string displayName, string role, params RoleGrant[] roles)
        {
            var id = Guid.CreateVersion7();
            await Send(new RegisterUser(Guid.NewGuid(), id, userName, displayName, null, passwordHash, roles, system, EntrySource.Seed));
            lock (logins)
                logins.Add($"{role}\t{userName}\t{password}");
            return id;
        }

        var termId = Guid.CreateVersion7();
        await Send(new RegisterSchool(Guid.NewGuid(), "SMA Negeri 2 Sukamaju (benchmark)", "20299999", "Jl. Uji Beban No. 2, Sukamaju",
            "Kabupaten Sukamaju", "Drs. H. Bench Marking, M.Pd.", null, system, EntrySource.Seed));
        await Send(new OpenTerm(Guid.NewGuid(), termId, "2026/2027", 1, new DateOnly(2026, 12, 19), system, EntrySource.Seed));
        await User("bench.admin", "Operator Benchmark", "admin", new RoleGrant(Role.Admin, null, null));
        await User("bench.kepsek", "Kepala Sekolah Benchmark", "principal", new RoleGrant(Role.Principal, termId, null));

        var subjects = new List<(Guid Id, Guid[] Teachers)>();
        for (var s = 0; s < subjectCount; s++)
        {
            var subjectId = Guid.CreateVersion7();
            var name = s < SubjectNames.Length ? SubjectNames[s] : $"Mata Pelajaran Pilihan {s + 1 - SubjectNames.Length}";
            await Send(new AddSubject(Guid.NewGuid(), subjectId, name, $"MP{s + 1:00}", s < 6 ? "Umum" : "Pilihan", s + 1, false, 70, system,
                EntrySource.Seed));
            var teachers = new Guid[teachersPerSubject];
            for (var t = 0; t < teachersPerSubject; t++)
                teachers[t] = await User($"bench.guru.{s + 1:00}.{t + 1:00}", $"Guru {name} {t + 1}", "teacher", new RoleGrant(Role.Teacher, termId, null));
            subjects.Add((subjectId, teachers));
        }

        var objectives = Enumerable.Range(1, objectiveCount)
            .Select(i => $"Tujuan pembelajaran {i}: menganalisis dan menerapkan konsep bab {i} dalam konteks sehari-hari.").ToList();
        var classes = Enumerable.Range(0, classCount).Select(c => (Index: c, Id: Guid.CreateVersion7(),
            Name: $"{(c % 3) switch { 0 => "X", 1 => "XI", _ => "XII" }}-{c / 3 + 1}", Level: 10 + c % 3, Students: random.Next(studentsMin, studentsMax + 1))).ToList();
        var homerooms = new Guid[classCount];
        foreach (var c in classes)
            homerooms[c.Index] = await User($"bench.wali.{c.Index + 1:000}", $"Wali Kelas {c.Name}", "homeroom",
                new RoleGrant(Role.HomeroomTeacher, termId, c.Id));

        // Classes are independent streams: seed a few at once (students and enrolments of one class stay in order).
        var studentNumber = 0;
        await Parallel.ForEachAsync(classes, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (c, _) =>
        {
            await Send(new OpenClass(Guid.NewGuid(), c.Id, termId, c.Name, c.Level, c.Level == 10 ? "E" : "F", homerooms[c.Index], system,
                EntrySource.Seed));
            List<DemoStudent> students;
            lock (classes)
                // NISN and NIS are unique per school: number them instead of drawing them at random.
                students = [.. DemoNames.Students(new Random(c.Index * 7919 + 17), c.Students, 2010, [], ref studentNumber)
                    .Select((st, i) => st with { Nisn = $"{9_000_000_000L + studentNumber * 100L + i}"[..10], Nis = $"B{studentNumber:00000}{i:00}" })];
            foreach (var student in students)
            {
                await Send(new RegisterStudent(Guid.NewGuid(), student.Id, student.Name, student.Nisn, student.Nis, student.Sex,
                    student.BirthPlace, student.BirthDate, student.Religion, system, EntrySource.Seed));
                await Send(new EnrollStudent(Guid.NewGuid(), c.Id, student.Id, system, EntrySource.Seed));
            }
            foreach (var (subjectId, teachers) in subjects)
                await Send(new OpenGradebook(Guid.NewGuid(), Guid.CreateVersion7(), termId, c.Id, subjectId, teachers[c.Index % teachers.Length],
                    objectives, system, EntrySource.Seed));
        });

        var file = new FileInfo(loginsFile);
        file.Directory!.Create();
        await File.WriteAllTextAsync(file.FullName + ".tmp",
            "# role\tuserName\tpassword (benchmark school " + SchoolId + ")" + Environment.NewLine + string.Join(Environment.NewLine, logins) + Environment.NewLine, ct);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file.FullName + ".tmp", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // Appears whole: the benchmark tool waits for this file to know the school is ready.
        File.Move(file.FullName + ".tmp", file.FullName, overwrite: true);
        return sent;
    }

    /// <summary>"32-36" or "32".</summary>
    private static (int Min, int Max) Range(string text)
    {
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        var min = Math.Clamp(int.Parse(parts[0], CultureInfo.InvariantCulture), 1, 60);
        var max = parts.Length > 1 ? Math.Clamp(int.Parse(parts[1], CultureInfo.InvariantCulture), min, 60) : min;
        return (min, max);
    }

    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
