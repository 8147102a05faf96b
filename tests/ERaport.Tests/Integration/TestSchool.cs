using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace ERaport.Tests.Integration;

/// <summary>A small school: class X-1 with five students, Matematika (guru.mtk) and Biologi (guru.bio),
/// a principal, an admin and the homeroom teacher of X-1. Every account has <see cref="Password"/>. A district
/// deployment holds several (<see cref="Neighbour"/>), each with its own people and students.</summary>
public sealed record TestSchool(
    string SchoolId, Guid TermId, Guid ClassId, IReadOnlyList<Guid> Students, Guid OtherClassStudent,
    Guid MathGradebook, Guid BiologyGradebook, IReadOnlyDictionary<string, Actor> Users)
{
    public const string Password = "kata-sandi-uji-coba-1";
    public const string Id = "sma-uji";

    public static readonly string[] Assessments = ["tp1", "tp2", "tp3", "sas-tes", "sas-nontes"];

    private static long _studentsRegistered;

    /// <summary>A NISN and NIS no other student of this test run has: tests register students into one school, and
    /// random six-digit NIS collided now and then (a registration refused as nis.taken).</summary>
    public static (string Nisn, string Nis) NewStudentNumbers()
    {
        var n = Interlocked.Increment(ref _studentsRegistered);
        return ((7_000_000_000 + n).ToString(), $"T{n:D6}");
    }

    private static long _subjectsAdded;

    /// <summary>A tag no other subject of this test run has, for a subject's name and code: a school refuses a second subject
    /// of one code or name, and the four characters of a random GUID the tests used to take would now and then repeat.</summary>
    public static string NewSubjectTag() => Interlocked.Increment(ref _subjectsAdded).ToString("D4");

    public Actor User(string userName) => Users[userName];

    /// <summary>What the school was made from: its names, numbers and people.</summary>
    public Spec Of { get; init; } = Default;

    /// <summary>This school's things by route parameter name, to fill a route with (<see cref="AppRoute.Fill(IReadOnlyDictionary{string, string})"/>).</summary>
    public Dictionary<string, string> RouteValues() => new()
    {
        ["gradebookId"] = MathGradebook.ToString(), ["classId"] = ClassId.ToString(), ["studentId"] = Students[0].ToString(),
        ["termId"] = TermId.ToString(), ["teacherId"] = User(Of.Biology).UserId.ToString(), ["userId"] = User(Of.Biology).UserId.ToString(),
        ["objective"] = "tp1",
    };

    /// <summary>What tells one test school from another. User names are unique across schools, and no name or number of
    /// one school is part of another's, so a page of one that shows one of the other's has leaked it.</summary>
    public sealed record Spec(string Id, string Name, string Npsn, string Principal, string Math, string Biology, string Head,
        string Admin, string Homeroom, IReadOnlyList<string> StudentNames, string OtherClassStudent, string NisnPrefix, string NisPrefix)
    {
        /// <summary>The NISN of the <paramref name="i"/>th student of class X-1 (99: the student of X-2).</summary>
        public string Nisn(int i) => $"{NisnPrefix}{i:00}123456";

        public IEnumerable<string> Nisns => [.. StudentNames.Select((_, i) => Nisn(i)), Nisn(99)];

        /// <summary>Every account's display name by user name.</summary>
        public IReadOnlyDictionary<string, string> People { get; init; } = new Dictionary<string, string>();
    }

    public static readonly Spec Default = new(Id, "SMA Uji Coba", "12345678", "Kepala Uji", "guru.mtk", "guru.bio", "kepsek", "admin", "wali.x1",
        ["Adi Nugroho", "Bunga Lestari", "Citra Siregar", "Dimas Pratama", "Eka Putri"], "Fajar Kelas Lain", "00", "262")
    {
        People = new Dictionary<string, string>
        {
            ["guru.mtk"] = "Bambang Matematika", ["guru.bio"] = "Yuliana Biologi", ["kepsek"] = "Ibu Kepala", ["admin"] = "Operator", ["wali.x1"] = "Wali X-1",
        },
    };

    /// <summary>A second school of the same district deployment.</summary>
    public static readonly Spec Neighbour = new("sma-tetangga", "SMAN Tetangga Jauh", "87650001", "Kepala Tetangga", "t.mat", "t.biologi",
        "t.kepala", "t.operator", "t.walikelas", ["Gilang Ramadhan", "Hana Wijaya", "Indah Permata", "Joko Santoso", "Kiki Amelia"],
        "Lutfi Ruang Sebelah", "55", "737")
    {
        People = new Dictionary<string, string>
        {
            ["t.mat"] = "Slamet Hitung", ["t.biologi"] = "Ratna Hayati", ["t.kepala"] = "Pak Pimpinan", ["t.operator"] = "Petugas Data",
            ["t.walikelas"] = "Pembina Kelas",
        },
    };

    public static Task<TestSchool> CreateAsync(IServiceProvider services) => CreateAsync(services, Default);

    public static async Task<TestSchool> CreateAsync(IServiceProvider services, Spec spec)
    {
        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var hasher = services.GetRequiredService<IPasswordHasher<UserAccount>>();
        var system = new Actor(Guid.Empty, "sistem", spec.Id);
        async Task Send(object command)
        {
            var outcome = await bus.InvokeAsync<CommandOutcome>(command);
            outcome.Status.ShouldBe(OutcomeStatus.Accepted, string.Join("; ", outcome.Errors.Select(e => e.Message)));
        }

        var termId = Guid.NewGuid();
        var classId = Guid.NewGuid();
        var otherClassId = Guid.NewGuid();
        await Send(new RegisterSchool(Guid.NewGuid(), spec.Name, spec.Npsn, "Jl. Uji No. 1", "Kota Uji", spec.Principal, null, system, EntrySource.Seed));
        await Send(new OpenTerm(Guid.NewGuid(), termId, "2026/2027", 1, new DateOnly(2026, 12, 19), system, EntrySource.Seed));

        var users = new Dictionary<string, Actor>();
        async Task<Actor> User(string userName, params RoleGrant[] roles)
        {
            var actor = new Actor(Guid.NewGuid(), userName, spec.Id);
            await Send(new RegisterUser(Guid.NewGuid(), actor.UserId, userName, spec.People[userName], null,
                hasher.HashPassword(new UserAccount(), Password), roles, system, EntrySource.Seed));
            return users[userName] = actor;
        }

        var math = await User(spec.Math, new RoleGrant(Role.Teacher, termId, null));
        var biology = await User(spec.Biology, new RoleGrant(Role.Teacher, termId, null));
        await User(spec.Head, new RoleGrant(Role.Principal, termId, null));
        await User(spec.Admin, new RoleGrant(Role.Admin, null, null));
        // A teacher, made wali kelas (and given its role) by the class that names them.
        var homeroom = await User(spec.Homeroom, new RoleGrant(Role.Teacher, termId, null));

        await Send(new OpenClass(Guid.NewGuid(), classId, termId, "X-1", 10, "E", homeroom.UserId, system, EntrySource.Seed));
        await Send(new OpenClass(Guid.NewGuid(), otherClassId, termId, "X-2", 10, "E", null, system, EntrySource.Seed));
        var students = new List<Guid>();
        foreach (var (name, i) in spec.StudentNames.Select((n, i) => (n, i)))
        {
            var id = Guid.NewGuid();
            await Send(new RegisterStudent(Guid.NewGuid(), id, name, spec.Nisn(i), $"{spec.NisPrefix}{i:000}", i % 2 == 0 ? "L" : "P", null, null, "Islam", system, EntrySource.Seed));
            await Send(new EnrollStudent(Guid.NewGuid(), classId, id, system, EntrySource.Seed));
            students.Add(id);
        }
        var otherStudent = Guid.NewGuid();
        await Send(new RegisterStudent(Guid.NewGuid(), otherStudent, spec.OtherClassStudent, spec.Nisn(99), $"{spec.NisPrefix}099", "L", null, null, null, system, EntrySource.Seed));
        await Send(new EnrollStudent(Guid.NewGuid(), otherClassId, otherStudent, system, EntrySource.Seed));

        var mathSubject = Guid.NewGuid();
        var biologySubject = Guid.NewGuid();
        await Send(new AddSubject(Guid.NewGuid(), mathSubject, "Matematika", "MTK", "Umum", 4, false, 70, system, EntrySource.Seed));
        await Send(new AddSubject(Guid.NewGuid(), biologySubject, "Biologi", "BIO", "Umum", 8, false, 70, system, EntrySource.Seed));
        var mathGradebook = Guid.NewGuid();
        var biologyGradebook = Guid.NewGuid();
        string[] objectives = ["Eksponen dan logaritma", "Barisan dan deret", "Sistem persamaan linear"];
        await Send(new OpenGradebook(Guid.NewGuid(), mathGradebook, termId, classId, mathSubject, math.UserId, objectives, system, EntrySource.Seed));
        await Send(new OpenGradebook(Guid.NewGuid(), biologyGradebook, termId, classId, biologySubject, biology.UserId, objectives, system, EntrySource.Seed));

        return new TestSchool(spec.Id, termId, classId, students, otherStudent, mathGradebook, biologyGradebook, users) { Of = spec };
    }

    /// <summary>A fresh gradebook of class X-1 (its own subject), so that tests do not share cells.</summary>
    public async Task<Guid> OpenGradebookAsync(IServiceProvider services, string teacher = "guru.mtk")
    {
        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var system = new Actor(Guid.Empty, "sistem", SchoolId);
        var subjectId = Guid.NewGuid();
        var gradebookId = Guid.NewGuid();
        var tag = NewSubjectTag();
        (await bus.InvokeAsync<CommandOutcome>(new AddSubject(Guid.NewGuid(), subjectId, "Mapel " + tag, "M" + tag,
            "Umum", 9, false, 70, system, EntrySource.Seed))).IsAccepted.ShouldBeTrue();
        (await bus.InvokeAsync<CommandOutcome>(new OpenGradebook(Guid.NewGuid(), gradebookId, TermId, ClassId, subjectId,
            User(teacher).UserId, ["TP satu", "TP dua", "TP tiga"], system, EntrySource.Seed))).IsAccepted.ShouldBeTrue();
        return gradebookId;
    }
}
