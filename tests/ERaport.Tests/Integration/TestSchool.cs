using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace ERaport.Tests.Integration;

/// <summary>A small school: class X-1 with five students, Matematika (guru.mtk) and Biologi (guru.bio),
/// a principal, an admin and the homeroom teacher of X-1. Every account has <see cref="Password"/>.</summary>
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

    public static async Task<TestSchool> CreateAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var hasher = services.GetRequiredService<IPasswordHasher<UserAccount>>();
        var system = new Actor(Guid.Empty, "sistem", Id);
        async Task Send(object command)
        {
            var outcome = await bus.InvokeAsync<CommandOutcome>(command);
            outcome.Status.ShouldBe(OutcomeStatus.Accepted, string.Join("; ", outcome.Errors.Select(e => e.Message)));
        }

        var termId = Guid.NewGuid();
        var classId = Guid.NewGuid();
        var otherClassId = Guid.NewGuid();
        await Send(new RegisterSchool(Guid.NewGuid(), "SMA Uji Coba", "12345678", "Jl. Uji No. 1", "Kota Uji", "Kepala Uji", null, system, EntrySource.Seed));
        await Send(new OpenTerm(Guid.NewGuid(), termId, "2026/2027", 1, new DateOnly(2026, 12, 19), system, EntrySource.Seed));

        var users = new Dictionary<string, Actor>();
        async Task<Actor> User(string userName, string displayName, params RoleGrant[] roles)
        {
            var actor = new Actor(Guid.NewGuid(), userName, Id);
            await Send(new RegisterUser(Guid.NewGuid(), actor.UserId, userName, displayName, null,
                hasher.HashPassword(new UserAccount(), Password), roles, system, EntrySource.Seed));
            return users[userName] = actor;
        }

        var math = await User("guru.mtk", "Bambang Matematika", new RoleGrant(Role.Teacher, termId, null));
        var biology = await User("guru.bio", "Yuliana Biologi", new RoleGrant(Role.Teacher, termId, null));
        await User("kepsek", "Ibu Kepala", new RoleGrant(Role.Principal, termId, null));
        await User("admin", "Operator", new RoleGrant(Role.Admin, null, null));
        var homeroom = await User("wali.x1", "Wali X-1", new RoleGrant(Role.HomeroomTeacher, termId, classId));

        await Send(new OpenClass(Guid.NewGuid(), classId, termId, "X-1", 10, "E", homeroom.UserId, system, EntrySource.Seed));
        await Send(new OpenClass(Guid.NewGuid(), otherClassId, termId, "X-2", 10, "E", null, system, EntrySource.Seed));
        var students = new List<Guid>();
        string[] names = ["Adi Nugroho", "Bunga Lestari", "Citra Siregar", "Dimas Pratama", "Eka Putri"];
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            var id = Guid.NewGuid();
            await Send(new RegisterStudent(Guid.NewGuid(), id, name, $"00{i:00}123456", $"262{i:000}", i % 2 == 0 ? "L" : "P", null, null, "Islam", system, EntrySource.Seed));
            await Send(new EnrollStudent(Guid.NewGuid(), classId, id, system, EntrySource.Seed));
            students.Add(id);
        }
        var otherStudent = Guid.NewGuid();
        await Send(new RegisterStudent(Guid.NewGuid(), otherStudent, "Fajar Kelas Lain", "0099123456", "262099", "L", null, null, null, system, EntrySource.Seed));
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

        return new TestSchool(Id, termId, classId, students, otherStudent, mathGradebook, biologyGradebook, users);
    }

    /// <summary>A fresh gradebook of class X-1 (its own subject), so that tests do not share cells.</summary>
    public async Task<Guid> OpenGradebookAsync(IServiceProvider services, string teacher = "guru.mtk")
    {
        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var system = new Actor(Guid.Empty, "sistem", Id);
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
