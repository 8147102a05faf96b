using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using Marten;

namespace ERaport.Write.School;

public sealed record OpenClass(
    Guid CommandId, Guid ClassId, Guid TermId, string Name, int Level, string Phase, Guid? HomeroomTeacherId,
    Actor By, EntrySource Source) : ICommand;

public sealed record ClassOpened(Guid ClassId, Guid TermId, string Name, int Level, string Phase, Guid? HomeroomTeacherId);

public static class OpenClassHandler
{
    /// <summary><paramref name="classesOfTerm"/>: the term's classes (names are unique in a term);
    /// <paramref name="teacher"/>: the account named as homeroom teacher, if any; <paramref name="lastLevel"/>: the school's
    /// last tingkat (<see cref="SchoolProfileData.LastLevel"/>).</summary>
    public static Decision Decide(SchoolClass? current, Acting by, Term? term, IEnumerable<SchoolClass> classesOfTerm, UserAccount? teacher, OpenClass c,
        int lastLevel = SchoolProfileData.ThreeYearLastLevel)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (current is not null)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("class.already_opened", "Kelas ini sudah dibuka."));
        if (term is null)
            return Decision.Reject(OutcomeStatus.NotFound, UpdateTermHandler.TermNotFound);
        var name = Text.Clean(c.Name) ?? "";
        var phase = ClassRules.Phase(c.Phase, c.Level);
        var check = Rules.Check(
            () => Decision.Append(new ClassOpened(c.ClassId, c.TermId, name, c.Level, phase, c.HomeroomTeacherId)),
            [.. ClassRules.Errors(name, c.Level, phase, lastLevel), ClassRules.Teacher(c.HomeroomTeacherId, teacher, by)]);
        if (check.IsAccepted && ClassRules.SameName(classesOfTerm.Where(k => k.TermId == c.TermId), name, c.ClassId) is { } same)
            return Decision.Reject(OutcomeStatus.Conflict, ClassRules.NameTaken(same, term));
        return check;
    }

    /// <summary>The class decision and the wali kelas role of the teacher named, if any; <paramref name="accounts"/>: the
    /// school's accounts named or holding this class's role (<see cref="HomeroomTeacherRole.AccountsAsync"/>).</summary>
    public static MultiDecision DecideWithRoles(SchoolClass? current, Acting by, Term? term, IEnumerable<SchoolClass> classesOfTerm, IReadOnlyList<UserAccount> accounts, OpenClass c,
        int lastLevel = SchoolProfileData.ThreeYearLastLevel) =>
        HomeroomTeacherRole.With(Decide(current, by, term, classesOfTerm, accounts.FirstOrDefault(a => a.UserId == c.HomeroomTeacherId), c, lastLevel),
            by.By.SchoolId, true, new NamedHomeroomTeacher(c.ClassId, c.TermId, c.HomeroomTeacherId), accounts);

    /// <summary>Receipted under the class's stream key, as before the role came along, so a command sent again still answers.</summary>
    public static Task<CommandOutcome> Handle(OpenClass c, IDocumentSession session, CancellationToken ct) =>
        MasterData.ExecuteMany(session, c, StreamKeys.Class(c.By.SchoolId, c.ClassId), async (by, locks) =>
        {
            var school = c.By.SchoolId;
            var accounts = await HomeroomTeacherRole.AccountsAsync(session, locks, school, [new(c.ClassId, c.TermId, c.HomeroomTeacherId)], ct);
            return DecideWithRoles(await session.LoadAsync<SchoolClass>(StreamKeys.Class(school, c.ClassId), ct), by,
                await session.LoadAsync<Term>(StreamKeys.Term(school, c.TermId), ct),
                await MasterData.ClassesOfTermAsync(session, school, c.TermId, ct), accounts, c, await MasterData.LastLevelAsync(session, school, ct));
        }, ct);
}

/// <summary>Checks shared by opening and editing a class.</summary>
public static class ClassRules
{
    public static readonly string[] Phases = ["A", "B", "C", "D", "E", "F"];

    /// <summary>The fase a tingkat belongs to in Kurikulum Merdeka: SD 1–2 A, 3–4 B, 5–6 C; SMP D; SMA/SMK X E, XI and up F.</summary>
    public static string PhaseOfLevel(int level) => level switch { <= 2 => "A", <= 4 => "B", <= 6 => "C", <= 9 => "D", 10 => "E", _ => "F" };

    /// <summary>The fase as given, or the tingkat's own when left blank (the forms' default); <see cref="Errors"/> refuses one
    /// that is not the tingkat's own.</summary>
    public static string Phase(string? given, int level) =>
        (given ?? "").Trim().ToUpperInvariant() is { Length: > 0 } phase ? phase : PhaseOfLevel(level);

    /// <summary>The national maximum study-group (rombel) size: SD 28, SMP 32, SMA/SMK 36. Only a warning: a school
    /// may be allowed more, and refusing the 37th student would stop an enrolment that has already happened.</summary>
    public static int MaxStudents(int level) => level switch { <= 6 => 28, <= 9 => 32, _ => 36 };

    public static readonly DomainError ClassNotFound = new("class.not_found", "Kelas tidak ditemukan.");

    /// <summary><paramref name="lastLevel"/>: the school's last tingkat; a class above it (XIII without the four-year program) is refused.</summary>
    public static IEnumerable<DomainError?> Errors(string name, int level, string phase, int lastLevel) =>
    [
        Rules.Required(name, "name", "Nama kelas", 50),
        level is < 1 or > 13 ? new DomainError("level.invalid", "Tingkat kelas harus 1 sampai 13.", new Dictionary<string, object?> { ["field"] = "level" })
        : level > lastLevel ? Text.Error("level.four_year_program_only",
            $"Kelas {PromotionKinds.Roman(level)} hanya ada di SMK dengan lama pendidikan 4 tahun. Bila sekolah ini SMK program 4 tahun, " +
            "pilih \"4 tahun (ada kelas XIII)\" di Profil sekolah dulu.", "level", level)
        : null,
        !Phases.Contains(phase)
            ? Text.Error("phase.invalid", "Fase harus A, B, C, D, E atau F (SD 1–2 A, 3–4 B, 5–6 C; SMP D; SMA/SMK X E, XI–XII F), atau kosong agar mengikuti tingkat.", "phase", phase)
        // The rapor prints the fase beside the kelas: a class X in fase A would be wrong on every card.
        : level is >= 1 and <= 13 && phase != PhaseOfLevel(level)
            ? Text.Error("phase.level_mismatch",
                $"Tingkat {level} adalah fase {PhaseOfLevel(level)}, bukan fase {phase} (tingkat 1–2 fase A, 3–4 B, 5–6 C, 7–9 D, 10 E, 11 ke atas F). " +
                "Pilih \"Sesuai tingkat\" atau perbaiki tingkatnya.", "phase", phase)
        : null,
    ];

    /// <summary>Who may be named wali kelas: an active account the school has made a teacher (guru or wali kelas, in any
    /// term: a new term's classes are opened before its roles are given), so not an admin's or the kepala sekolah's own
    /// account, nor a leaver's. The class forms offer exactly these (MasterDataQuery.HomeroomCandidatesAsync).</summary>
    public static bool MayBeHomeroomTeacher(UserAccount teacher) => !teacher.Disabled && Teaches(teacher.Roles.Select(r => r.Role));

    public static bool Teaches(IEnumerable<Role> roles) => roles.Any(r => r is Role.Teacher or Role.HomeroomTeacher);

    public static DomainError? Teacher(Guid? teacherId, UserAccount? teacher, Acting by) =>
        teacherId is null ? null
        : teacher is null || teacher.SchoolId != by.By.SchoolId ? Text.Error("teacher.not_found", "Guru wali kelas tidak ditemukan.", "homeroomTeacherId", teacherId)
        : teacher.Disabled ? Text.Error("teacher.disabled", $"Akun {teacher.DisplayName} nonaktif.", "homeroomTeacherId", teacherId)
        : !MayBeHomeroomTeacher(teacher) ? Text.Error("teacher.no_teacher_role",
            $"{teacher.DisplayName} bukan akun guru, jadi tidak dapat menjadi wali kelas. Pilih guru, atau beri akun ini peran guru di halaman Pengguna.",
            "homeroomTeacherId", teacherId)
        : null;

    /// <summary>Class names compare without case and extra spaces, as people type them ("x-1" is "X-1").</summary>
    public static string Key(string? name) => Text.Key(name);

    public static SchoolClass? SameName(IEnumerable<SchoolClass> classes, string name, Guid except) =>
        classes.FirstOrDefault(k => k.ClassId != except && Key(k.Name) == Key(name));

    public static DomainError NameTaken(SchoolClass same, Term term) =>
        Text.Error("class.name_taken", $"Kelas {same.Name} sudah ada di semester {term.Label}.", "name", same.Name);
}
