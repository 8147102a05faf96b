using System.Security.Cryptography;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using Marten;

namespace ERaport.Write.School;

/// <summary>Starts an empty term from an earlier one. Genap from the Ganjil of the same school year, which carries on with
/// the same rombel: every class with its wali kelas and roster. A new school year's term from the same semester a year
/// before: the classes by name with their wali kelas but without students (the rombel are new; the Dapodik import puts
/// the students into the classes of the same names), and TPs of the same semester; or, for a school whose last year's Ganjil
/// is not in E-Raport, from the Genap just before it, the same way but without TPs (Genap's are the second half of the year's
/// material). All carry the roles of the term (guru, kepala sekolah; the wali kelas role goes to each new class's wali kelas)
/// and every teaching assignment with its teacher, grading scheme and TPs
/// (a starting point the teacher revises). Scores, homeroom data and locks stay where they are. Only into a term without
/// classes, so it never merges with what the admin already made.</summary>
public sealed record CarryOverTerm(Guid CommandId, Guid TermId, Guid FromTermId, Actor By, EntrySource Source) : ICommand;

/// <summary>What was carried over, and what was left out and why (in Bahasa Indonesia, for the admin).</summary>
public sealed record CarryOverSummary(int Classes, int Students, int Roles, int TeachingAssignments, IReadOnlyList<string> LeftOut)
{
    public static readonly CarryOverSummary None = new(0, 0, 0, 0, []);
}

/// <summary><see cref="Summary"/> is null when a repeated command was answered from its receipt.</summary>
public sealed record CarryOverOutcome(CommandOutcome Outcome, CarryOverSummary? Summary);

public sealed record CarryOverPlan(MultiDecision Decision, CarryOverSummary Summary);

/// <summary>What the decision reads: both terms, their classes, the earlier term's gradebooks, the school's subjects
/// and the accounts that taught or held a role in it.</summary>
public sealed record CarryOverState(
    Term? Term, Term? From, IReadOnlyList<SchoolClass> ClassesOfTerm, IReadOnlyList<SchoolClass> ClassesOfFrom,
    IReadOnlyList<Gradebook> GradebooksOfFrom, IReadOnlyList<Subject> Subjects, IReadOnlyList<UserAccount> Accounts);

public static class CarryOverTermHandler
{
    public static CarryOverPlan Decide(Acting by, CarryOverState state, CarryOverTerm c)
    {
        if (MasterData.Guard(by) is { } refused)
            return Rejected(MultiDecision.Reject(refused.Status, [.. refused.Errors]));
        if (state.Term is not { } term)
            return Rejected(MultiDecision.Reject(OutcomeStatus.NotFound, UpdateTermHandler.TermNotFound));
        if (state.From is not { } from)
            return Rejected(MultiDecision.Reject(OutcomeStatus.NotFound, new DomainError("carryOver.source_not_found", "Semester asal tidak ditemukan.")));
        if (!CarriesOver(from.SchoolYear, from.Semester, term.SchoolYear, term.Semester, out var rosters))
            return Rejected(MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("carryOver.not_next_semester",
                $"Data disalin dari semester Ganjil ke semester Genap tahun pelajaran yang sama, dari semester yang sama tahun pelajaran " +
                $"sebelumnya, atau dari semester Genap ke semester Ganjil tahun pelajaran berikutnya; bukan dari {from.Label} ke {term.Label}.")));
        if (state.ClassesOfTerm.Count > 0)
            return Rejected(MultiDecision.Reject(OutcomeStatus.Conflict, new DomainError("carryOver.term_not_empty",
                $"Semester {term.Label} sudah berisi {state.ClassesOfTerm.Count} kelas. Penyalinan hanya untuk semester yang masih kosong; " +
                "lengkapi semester ini lewat halaman Kelas dan Pembelajaran.")));
        if (state.ClassesOfFrom.Count == 0)
            return Rejected(MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("carryOver.nothing_to_copy",
                $"Semester {from.Label} belum berisi kelas; tidak ada yang dapat disalin.")));

        var school = c.By.SchoolId;
        var active = state.Accounts.Where(a => !a.Disabled && a.SchoolId == school).ToDictionary(a => a.UserId);
        var subjects = state.Subjects.ToDictionary(s => s.SubjectId);
        var leftOut = new List<string>();
        var streams = new List<StreamEvents>();

        var newClassIds = new Dictionary<Guid, Guid>();
        var homerooms = new Dictionary<Guid, List<RoleGrant>>();
        var students = 0;
        foreach (var k in state.ClassesOfFrom.OrderBy(k => k.Level).ThenBy(k => k.Name, StringComparer.Ordinal))
        {
            var classId = IdFor(c.CommandId, k.ClassId);
            newClassIds[k.ClassId] = classId;
            // A class of before the class form gave the role may have had its role holder unnamed: that holder is its wali kelas.
            var homeroom = k.HomeroomTeacherId is { } id ? active.ContainsKey(id) ? id : (Guid?)null
                : active.Values.Where(a => a.Roles.Contains(HomeroomTeacherRole.Of(from.TermId, k.ClassId))).Select(a => (Guid?)a.UserId).Min();
            if (k.HomeroomTeacherId is { } gone && homeroom is null)
                leftOut.Add($"Kelas {k.Name} disalin tanpa wali kelas: {NameOf(state.Accounts, gone)} tidak aktif.");
            if (homeroom is { } named)
                homerooms[named] = [.. homerooms.GetValueOrDefault(named, []), HomeroomTeacherRole.Of(term.TermId, classId)];
            // A class stored before the fase had to match the tingkat does not pass its mistake on.
            var phase = ClassRules.PhaseOfLevel(k.Level);
            if (phase != k.Phase)
                leftOut.Add($"Kelas {k.Name} disalin dengan fase {phase} (fase tingkat {k.Level}), bukan fase {k.Phase} seperti di semester asal.");
            var roster = rosters ? k.StudentIds.Order().ToList() : [];
            students += roster.Count;
            streams.Add(new StreamEvents(StreamKeys.Class(school, classId), typeof(SchoolClass), true,
                [new ClassOpened(classId, term.TermId, k.Name, k.Level, phase, homeroom), .. roster.Select(s => new StudentEnrolled(s))]));
        }
        if (!rosters)
            leftOut.Add($"Peserta didik tidak disalin: tahun pelajaran {term.SchoolYear} punya rombel baru. Impor peserta didik dari Dapodik " +
                "(Data › Impor); rombel yang namanya sama dengan kelas di sini masuk ke kelas itu.");

        var objectives = rosters || from.Semester == term.Semester;
        var gradebooks = new List<StreamEvents>();
        var teachers = new HashSet<Guid>();
        foreach (var g in state.GradebooksOfFrom.Where(g => newClassIds.ContainsKey(g.ClassId)))
        {
            var what = $"{subjects.GetValueOrDefault(g.SubjectId)?.Name ?? "Mata pelajaran"} {state.ClassesOfFrom.First(k => k.ClassId == g.ClassId).Name}";
            if (!subjects.ContainsKey(g.SubjectId))
                leftOut.Add($"Pembelajaran {what} tidak disalin: mata pelajarannya tidak ditemukan.");
            else if (!active.ContainsKey(g.TeacherId))
                leftOut.Add($"Pembelajaran {what} tidak disalin: {NameOf(state.Accounts, g.TeacherId)} tidak aktif. Buat pembelajarannya dengan guru lain.");
            else
            {
                teachers.Add(g.TeacherId);
                gradebooks.Add(Continued(g, IdFor(c.CommandId, MasterData.IdOf(g.Id)), term.TermId, newClassIds[g.ClassId], school, objectives));
            }
        }
        if (!objectives && gradebooks.Count > 0)
            leftOut.Add($"TP tidak disalin: TP semester {Term.SemesterName(from.Semester)} bukan untuk semester {Term.SemesterName(term.Semester)}. " +
                "Guru menulis TP semester ini di buku nilainya.");

        var roles = 0;
        foreach (var account in active.Values.OrderBy(a => a.UserId))
        {
            List<RoleGrant> wanted =
            [
                // The wali kelas role follows the classes' wali kelas (HomeroomTeacherRole), not the roles held before.
                .. account.Roles.Where(r => r.TermId == from.TermId && r.Role != Role.HomeroomTeacher).Select(r => r with { TermId = term.TermId }),
                .. homerooms.GetValueOrDefault(account.UserId, []),
                // A teacher of a carried assignment needs the role in the new term, even from before roles were checked.
                .. teachers.Contains(account.UserId) ? [new RoleGrant(Role.Teacher, term.TermId, null)] : Array.Empty<RoleGrant>(),
            ];
            var grants = wanted.Distinct().Where(r => !account.Roles.Contains(r)).Select(r => (object)new RoleGranted(r)).ToList();
            roles += grants.Count;
            streams.Add(new StreamEvents(StreamKeys.User(school, account.UserId), typeof(UserAccount), false, grants));
        }
        streams.AddRange(gradebooks);

        if (term.DefaultWeights is null && from.DefaultWeights is { } weights)
            streams.Add(new StreamEvents(StreamKeys.Term(school, term.TermId), typeof(Term), false, [new TermDefaultWeightsChanged(term.TermId, weights)]));

        var summary = new CarryOverSummary(newClassIds.Count, students, roles, gradebooks.Count, leftOut);
        return new CarryOverPlan(MultiDecision.Append(newClassIds.Count + students + roles + gradebooks.Count, streams), summary);
    }

    /// <summary>Whether a term may start from an earlier one, and whether the rosters come along
    /// (Genap continues Ganjil's rombel; a new school year has new ones, from last year's same semester or the Genap just before).</summary>
    public static bool CarriesOver(string fromYear, int fromSemester, string toYear, int toSemester, out bool rosters)
    {
        rosters = fromYear == toYear && fromSemester == 1 && toSemester == 2;
        return rosters || NextSchoolYear(fromYear) == toYear && (fromSemester == toSemester || fromSemester == 2 && toSemester == 1);
    }

    /// <summary>"2026/2027" → "2027/2028"; a school year is always two consecutive years (<see cref="OpenTermHandler"/>).</summary>
    private static string NextSchoolYear(string schoolYear) =>
        int.TryParse(schoolYear.AsSpan(0, Math.Min(4, schoolYear.Length)), out var start) ? $"{start + 1}/{start + 2}" : "";

    /// <summary>The same teaching assignment in the new term: teacher, KKTP, weights and description style as they are
    /// now, and (<paramref name="withObjectives"/>: the same semester) the TPs renumbered from TP1 as a starting point (Kurikulum
    /// Merdeka sets TPs per semester).</summary>
    private static StreamEvents Continued(Gradebook g, Guid gradebookId, Guid termId, Guid classId, string school, bool withObjectives)
    {
        var objectives = withObjectives ? g.LearningObjectives().Select((o, i) => LearningObjective.Numbered(i + 1, o.Description)).ToList() : [];
        List<object> events = [new GradebookOpened(gradebookId, termId, classId, g.SubjectId, g.TeacherId, objectives, g.Kktp, g.Weights)];
        if (g.DescriptionStyle != DescriptionStyle.EveryObjective)
            events.Add(new GradingSchemeChanged(g.Weights, g.Kktp, g.DescriptionStyle, g.Weights, g.Kktp));
        return new StreamEvents(StreamKeys.Gradebook(school, gradebookId), typeof(Gradebook), true, events);
    }

    private static string NameOf(IReadOnlyList<UserAccount> accounts, Guid userId) =>
        accounts.FirstOrDefault(a => a.UserId == userId)?.DisplayName ?? "akunnya";

    /// <summary>The id a carried class or gradebook gets: derived from the command and the original, so the decision
    /// stays a function of its input and a retried command names the same streams.</summary>
    public static Guid IdFor(Guid commandId, Guid original)
    {
        Span<byte> input = stackalloc byte[32];
        commandId.TryWriteBytes(input);
        original.TryWriteBytes(input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        // RFC 9562 version 8 (custom) and variant bits, in Guid's little-endian byte layout.
        hash[7] = (byte)((hash[7] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]);
    }

    private static CarryOverPlan Rejected(MultiDecision d) => new(d, CarryOverSummary.None);

    /// <summary>What the decision reads, loaded after the school's master-data lock. The accounts that the carry-over can
    /// give roles to are fetched for writing (in key order, as <see cref="StreamLocks"/> requires), so a role granted or
    /// revoked meanwhile is either seen or waits. (Not named Load*: Wolverine would take that for handler middleware.)</summary>
    public static async Task<CarryOverState> StateAsync(IDocumentSession session, StreamLocks locks, CarryOverTerm c, CancellationToken ct)
    {
        var school = c.By.SchoolId;
        var term = await session.LoadAsync<Term>(StreamKeys.Term(school, c.TermId), ct);
        var from = await session.LoadAsync<Term>(StreamKeys.Term(school, c.FromTermId), ct);
        var classesOfTerm = await MasterData.ClassesOfTermAsync(session, school, c.TermId, ct);
        var classesOfFrom = await MasterData.ClassesOfTermAsync(session, school, c.FromTermId, ct);
        var prefix = MasterData.Prefix(school, "gradebook");
        var gradebooks = await session.Query<Gradebook>().Where(g => g.Id.StartsWith(prefix) && g.TermId == c.FromTermId).ToListAsync(ct);
        var subjects = await MasterData.SubjectsAsync(session, school, ct);
        var everyone = await session.Query<UserAccount>().Where(u => u.SchoolId == school).ToListAsync(ct);
        var involved = everyone.Where(u => !u.Disabled && (u.Roles.Any(r => r.TermId == c.FromTermId) || gradebooks.Any(g => g.TeacherId == u.UserId) ||
            classesOfFrom.Any(k => k.HomeroomTeacherId == u.UserId)));
        var accounts = new List<UserAccount>();
        foreach (var key in involved.Select(u => u.Id).Order(StringComparer.Ordinal))
            if (await locks.FetchAsync<UserAccount>(key) is { } account)
                accounts.Add(account);
        // Disabled homeroom teachers and teachers are named in what was left out.
        accounts.AddRange(everyone.Where(u => u.Disabled));
        return new CarryOverState(term, from, classesOfTerm, classesOfFrom, gradebooks, subjects, accounts);
    }

    public static async Task<CarryOverOutcome> Handle(CarryOverTerm c, IDocumentSession session, CancellationToken ct)
    {
        CarryOverSummary? summary = null;
        var outcome = await MasterData.ExecuteMany(session, c, $"{c.By.SchoolId}/carry-over/{c.CommandId:N}",
            async (by, locks) =>
            {
                var plan = Decide(by, await StateAsync(session, locks, c, ct), c);
                summary = plan.Summary;
                return plan.Decision;
            }, ct);
        return new CarryOverOutcome(outcome, outcome.IsAccepted ? summary : null);
    }
}
