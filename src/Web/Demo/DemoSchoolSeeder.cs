using System.Security.Cryptography;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using Marten;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Wolverine;

namespace ERaport.Web.Demo;

/// <summary>On the first start of a demo installation, creates a demo school through the same commands
/// people use, with a random password per account (no default passwords). The logins are kept in a local
/// file, readable only by its owner, and printed at every start.</summary>
public sealed class DemoSchoolSeeder(IServiceScopeFactory scopes, IDocumentStore store, IPasswordHasher<UserAccount> hasher,
    IConfiguration config, IServer server, ILogger<DemoSchoolSeeder> logger) : IHostedLifecycleService
{
    public const string SchoolId = "sman1-sukamaju";

    public async Task StartedAsync(CancellationToken ct)
    {
        var loginsFile = config["Demo:LoginsFile"] ?? ".local/demo-logins.txt";
        await using (var session = store.QuerySession())
        {
            if (await session.Events.FetchStreamStateAsync(StreamKeys.School(SchoolId), ct) is null)
                await SeedAsync(loginsFile, ct);
        }
        var urls = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine($"{Environment.NewLine}E-Raport is running at {string.Join(", ", urls)}");
        if (File.Exists(loginsFile))
            Console.WriteLine($"Demo logins (also in {Path.GetFullPath(loginsFile)}):{Environment.NewLine}{await File.ReadAllTextAsync(loginsFile, ct)}");
    }

    private async Task SeedAsync(string loginsFile, CancellationToken ct)
    {
        logger.LogInformation("Seeding the demo school {School}", SchoolId);
        var system = new Actor(Guid.Empty, "sistem", SchoolId);
        var random = new Random(20262027);
        var termId = Guid.CreateVersion7();
        await Send(new RegisterSchool(Guid.NewGuid(), "SMA Negeri 1 Sukamaju", "20212345", "Jl. Pendidikan No. 1, Sukamaju",
            "Kabupaten Sukamaju", "Dra. Hj. Sri Wahyuni, M.Pd.", "196805121994032004", system, EntrySource.Seed), ct);
        await Send(new OpenTerm(Guid.NewGuid(), termId, "2026/2027", 1, new DateOnly(2026, 12, 19), system, EntrySource.Seed), ct);

        var classes = new[] { (Id: Guid.CreateVersion7(), Name: "X-1"), (Id: Guid.CreateVersion7(), Name: "X-2") };
        var logins = new List<string>();
        async Task<Actor> User(string userName, string displayName, string what, params RoleGrant[] roles)
        {
            var id = Guid.CreateVersion7();
            var password = RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyz23456789", 12);
            await Send(new RegisterUser(Guid.NewGuid(), id, userName, displayName, null, hasher.HashPassword(new UserAccount(), password),
                roles, system, EntrySource.Seed), ct);
            logins.Add($"  {what,-32} {userName,-12} {password}");
            return new Actor(id, userName, SchoolId);
        }

        await User("admin", "Operator Sekolah", "Admin", new RoleGrant(Role.Admin, null, null));
        await User("kepsek", "Dra. Hj. Sri Wahyuni, M.Pd.", "Kepala sekolah", new RoleGrant(Role.Principal, termId, null));
        var homeroom = new[]
        {
            await User("wali.x1", "Rina Marlina, S.Pd.", "Wali kelas X-1", new RoleGrant(Role.HomeroomTeacher, termId, classes[0].Id)),
            await User("wali.x2", "Agus Salim, S.Pd.", "Wali kelas X-2", new RoleGrant(Role.HomeroomTeacher, termId, classes[1].Id)),
        };
        var subjects = new[]
        {
            (Id: Guid.CreateVersion7(), Name: "Bahasa Indonesia", Code: "BIND", Order: 3,
                Teacher: await User("guru.bindo", "Dewi Kartika, S.Pd.", "Guru Bahasa Indonesia", new RoleGrant(Role.Teacher, termId, null)),
                Objectives: DemoNames.BahasaIndonesiaObjectives),
            (Id: Guid.CreateVersion7(), Name: "Matematika", Code: "MTK", Order: 4,
                Teacher: await User("guru.mtk", "Bambang Sutrisno, S.Si.", "Guru Matematika", new RoleGrant(Role.Teacher, termId, null)),
                Objectives: DemoNames.MathematicsObjectives),
            (Id: Guid.CreateVersion7(), Name: "Biologi", Code: "BIO", Order: 8,
                Teacher: await User("guru.bio", "Yuliana Siregar, S.Pd.", "Guru Biologi", new RoleGrant(Role.Teacher, termId, null)),
                Objectives: DemoNames.BiologyObjectives),
        };
        foreach (var s in subjects)
            await Send(new AddSubject(Guid.NewGuid(), s.Id, s.Name, s.Code, "Umum", s.Order, false, 70, system, EntrySource.Seed), ct);

        var studentNumber = 0;
        foreach (var (c, i) in classes.Select((c, i) => (c, i)))
        {
            await Send(new OpenClass(Guid.NewGuid(), c.Id, termId, c.Name, 10, "E", homeroom[i].UserId, system, EntrySource.Seed), ct);
            foreach (var student in DemoNames.Students(random, 32, ref studentNumber))
            {
                await Send(new RegisterStudent(Guid.NewGuid(), student.Id, student.Name, student.Nisn, student.Nis, student.Sex,
                    student.BirthPlace, student.BirthDate, student.Religion, system, EntrySource.Seed), ct);
                await Send(new EnrollStudent(Guid.NewGuid(), c.Id, student.Id, system, EntrySource.Seed), ct);
            }
            foreach (var s in subjects)
            {
                var gradebookId = Guid.CreateVersion7();
                await Send(new OpenGradebook(Guid.NewGuid(), gradebookId, termId, c.Id, s.Id, s.Teacher.UserId, s.Objectives, system, EntrySource.Seed), ct);
                // X-2 arrives with its scores entered, so there is something to audit; X-1 is left for trying the grid.
                if (i == 1)
                    await FillScoresAsync(gradebookId, c.Id, s.Teacher, random, ct);
                if (i == 1 && s.Code == "MTK")
                    await ShowcaseFinalGradesAsync(gradebookId, s.Teacher, ct);
            }
        }

        var file = new FileInfo(loginsFile);
        file.Directory!.Create();
        await File.WriteAllTextAsync(file.FullName, string.Join(Environment.NewLine, logins) + Environment.NewLine, ct);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private async Task FillScoresAsync(Guid gradebookId, Guid classId, Actor teacher, Random random, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var gradebook = await session.LoadAsync<Gradebook>(StreamKeys.Gradebook(SchoolId, gradebookId), ct);
        var schoolClass = await session.LoadAsync<SchoolClass>(StreamKeys.Class(SchoolId, classId), ct);
        var entries = (
            from studentId in schoolClass!.StudentIds
            let ability = random.Next(62, 92)
            from a in gradebook!.Assessments
            select new ScoreEntry(studentId, a.Key, Math.Clamp(ability + random.Next(-12, 10), 40, 100).ToString(), null)).ToList();
        await Send(new SaveScores(Guid.NewGuid(), gradebookId, entries, null, teacher, EntrySource.Seed), ct);

        var first = entries[0];
        await Send(new SaveScores(Guid.NewGuid(), gradebookId,
            [first with { Seen = int.Parse(first.Value!), Value = (int.Parse(first.Value!) + 5 > 100 ? 100 : int.Parse(first.Value!) + 5).ToString() }],
            "Salah ketik saat memasukkan nilai dari lembar jawaban.", teacher, EntrySource.Seed), ct);
    }

    /// <summary>One overridden final grade and one description in the teacher's own words, so the final-grade
    /// pages show both beside what was calculated.</summary>
    private async Task ShowcaseFinalGradesAsync(Guid gradebookId, Actor teacher, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var gradebook = await session.LoadAsync<Gradebook>(StreamKeys.Gradebook(SchoolId, gradebookId), ct);
        var students = gradebook!.FinalGrades.Where(f => f.Value.Value is not null).Select(f => (Id: f.Key, Value: f.Value.Value!.Value)).Take(2).ToList();
        if (students.Count < 2)
            return;
        await Send(new OverrideFinalGrade(Guid.NewGuid(), gradebookId, students[0].Id, Math.Min(100, students[0].Value + 3).ToString(), null,
            "Nilai praktik susulan setelah sakit, disetujui wali kelas.", teacher, EntrySource.Seed), ct);
        await Send(new EditDescription(Guid.NewGuid(), gradebookId, students[1].Id,
            gradebook.GeneratedDescriptions[students[1].Id] + " Aktif bertanya dan membantu teman dalam diskusi kelompok.", null, teacher,
            EntrySource.Seed), ct);
    }

    private async Task Send<T>(T command, CancellationToken ct) where T : notnull
    {
        using var scope = scopes.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync<CommandOutcome>(command, ct);
        if (!outcome.IsAccepted)
            throw new InvalidOperationException($"Demo seed: {typeof(T).Name} rejected: {string.Join("; ", outcome.Errors.Select(e => $"{e.Code} {e.Message}"))}");
    }

    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
