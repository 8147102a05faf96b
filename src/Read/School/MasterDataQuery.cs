using ERaport.Read.Accounts;
using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Write.Accounts;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.School;

public sealed record ClassItem(
    Guid ClassId, Guid TermId, string Name, int Level, string Phase, Guid? HomeroomTeacherId, string? HomeroomTeacherName,
    bool HomeroomHasRole, int Students);

public sealed record StudentItem(StudentRow Student, Guid? ClassId, string? ClassName);

/// <summary>Where a student sat in an earlier term: the class and the keputusan (naik, tinggal, lulus) written there, if any.</summary>
public sealed record EarlierPlace(string ClassName, int Level, ERaport.Read.ReportCards.PromotionRow? Promotion)
{
    /// <summary>Whether the student should sit in a class of the term after: everyone but a graduate.</summary>
    public bool StaysAtSchool => Promotion?.Kind != PromotionKinds.Graduated;

    /// <summary>Whether a class of tingkat <paramref name="level"/> in the term after agrees with the keputusan: the next tingkat after
    /// naik kelas, the same after tinggal kelas or tidak lulus, none after lulus. Without a keputusan anything goes.</summary>
    public bool Fits(int level) => Promotion?.Kind switch
    {
        PromotionKinds.Promoted => level == Level + 1,
        PromotionKinds.Retained or PromotionKinds.NotGraduated => level == Level,
        PromotionKinds.Graduated => false,
        _ => true,
    };
}

public sealed record TeacherItem(Guid UserId, string UserName, string DisplayName, bool Disabled);

/// <summary><see cref="TeacherDisabled"/>: its teacher's account is disabled, so nobody can fill it until the admin hands it over.</summary>
public sealed record TeachingAssignmentItem(GradebookSummary Gradebook, GradingSchemeRow? Scheme, bool TeacherDisabled);

/// <summary>A student with their history; <see cref="ChangedByNames"/> names whoever made a change (user name → display name).</summary>
public sealed record StudentDetail(StudentItem Item, IReadOnlyList<StudentChangeRow> History, IReadOnlyDictionary<Guid, string> ClassNames,
    IReadOnlyDictionary<string, string> ChangedByNames);

/// <summary>What the admin's master-data pages and API read, all from the read model.</summary>
/// <summary>What a term holds: its classes, the students on their rosters and its teaching assignments.</summary>
public sealed record TermContents(int Classes, int Students, int TeachingAssignments);

public static class MasterDataQuery
{
    public static Task<SchoolRow?> SchoolAsync(ReadModelDb db, string schoolId, CancellationToken ct) =>
        db.Schools.FirstOrDefaultAsync(s => s.SchoolId == schoolId, ct);

    /// <summary>Newest first: the term people work in is usually the latest.</summary>
    public static async Task<List<TermRow>> TermsAsync(ReadModelDb db, string schoolId, CancellationToken ct) =>
        (await db.Terms.Where(t => t.SchoolId == schoolId).ToListAsync(ct))
            .OrderByDescending(t => t.SchoolYear, StringComparer.Ordinal).ThenByDescending(t => t.Semester).ToList();

    /// <summary>The terms of <paramref name="terms"/> that teach the subject and handed out their rapor before <paramref name="today"/>:
    /// those rapor keep printing the subject as it stood on their report date, whatever it is renamed to now.</summary>
    public static async Task<List<TermRow>> HandedOutWithSubjectAsync(ReadModelDb db, Guid subjectId, IEnumerable<TermRow> terms, DateOnly today,
        CancellationToken ct)
    {
        var taught = await db.Gradebooks.Where(g => g.SubjectId == subjectId).Select(g => g.TermId).Distinct().ToListAsync(ct);
        return [.. terms.Where(t => taught.Contains(t.TermId) && t.ReportDate < today)];
    }

    /// <summary>Whether people still work in <paramref name="term"/>: the newest of <paramref name="terms"/> (newest first, as
    /// <see cref="TermsAsync"/> gives them) always; an earlier one until its report date has passed. A finished term (rapor
    /// handed out, a newer term open) is kept for reading, but nothing in it asks the admin for action any more.</summary>
    public static bool InUse(TermRow term, IReadOnlyList<TermRow> terms, DateOnly today) =>
        term.TermId == terms.FirstOrDefault()?.TermId || term.ReportDate is not { } day || day >= today;

    /// <summary>The weights each term's teaching assignments start with; a term missing here starts with 1 : 0 : 1.</summary>
    public static async Task<Dictionary<Guid, Weights>> DefaultWeightsAsync(ReadModelDb db, string schoolId, CancellationToken ct) =>
        await db.TermDefaultWeights.Where(t => t.SchoolId == schoolId)
            .ToDictionaryAsync(t => t.TermId, t => new Weights(t.WeightSlm, t.WeightSts, t.WeightSas), ct);

    /// <summary>Per term, how many teaching assignments weigh the final grade otherwise than the term's default: a rapor
    /// whose subjects are weighted differently is a dispute waiting to happen.</summary>
    public static async Task<Dictionary<Guid, int>> OffDefaultWeightsAsync(ReadModelDb db, string schoolId,
        IReadOnlyDictionary<Guid, Weights> defaults, CancellationToken ct)
    {
        var schemes = await (
            from g in db.Gradebooks
            where g.SchoolId == schoolId
            join s in db.GradingSchemes on g.GradebookId equals s.GradebookId
            group g by new { g.TermId, s.WeightSlm, s.WeightSts, s.WeightSas } into same
            select new { same.Key.TermId, Weights = new Weights(same.Key.WeightSlm, same.Key.WeightSts, same.Key.WeightSas), Count = same.Count() })
            .ToListAsync(ct);
        return schemes.Where(x => !x.Weights.SameRatioAs(defaults.GetValueOrDefault(x.TermId) ?? Weights.Default))
            .GroupBy(x => x.TermId).ToDictionary(t => t.Key, t => t.Sum(x => x.Count));
    }

    /// <summary>Null when the school has no such term.</summary>
    public static async Task<Weights?> DefaultWeightsAsync(ReadModelDb db, string schoolId, Guid termId, CancellationToken ct) =>
        !await db.Terms.AnyAsync(t => t.SchoolId == schoolId && t.TermId == termId, ct)
            ? null
            : await db.TermDefaultWeights.Where(t => t.SchoolId == schoolId && t.TermId == termId)
                .Select(t => new Weights(t.WeightSlm, t.WeightSts, t.WeightSas)).FirstOrDefaultAsync(ct) ?? Weights.Default;

    /// <summary>Per term of the school that has classes; a term missing here is empty.</summary>
    public static async Task<Dictionary<Guid, TermContents>> TermContentsAsync(ReadModelDb db, string schoolId, CancellationToken ct)
    {
        var classes = await db.Classes.Where(c => c.SchoolId == schoolId).GroupBy(c => c.TermId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var students = await (
            from e in db.Enrollments
            join c in db.Classes on e.ClassId equals c.ClassId
            where c.SchoolId == schoolId
            group e by c.TermId into g
            select new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var gradebooks = await db.Gradebooks.Where(g => g.SchoolId == schoolId).GroupBy(g => g.TermId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return classes.ToDictionary(c => c.Key, c => new TermContents(c.Value, students.GetValueOrDefault(c.Key), gradebooks.GetValueOrDefault(c.Key)));
    }

    public static async Task<List<ClassItem>> ClassesAsync(ReadModelDb db, string schoolId, Guid termId, CancellationToken ct)
    {
        var classes = await db.Classes.Where(c => c.SchoolId == schoolId && c.TermId == termId).ToListAsync(ct);
        var ids = classes.Select(c => c.ClassId).ToList();
        var counts = await db.Enrollments.Where(e => ids.Contains(e.ClassId)).GroupBy(e => e.ClassId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var teacherIds = classes.Where(c => c.HomeroomTeacherId != null).Select(c => c.HomeroomTeacherId!.Value).ToList();
        var names = await db.Users.Where(u => teacherIds.Contains(u.UserId)).ToDictionaryAsync(u => u.UserId, u => u.DisplayName, ct);
        var roles = await db.UserRoles.Where(r => r.SchoolId == schoolId && r.Role == Role.HomeroomTeacher && r.Active && ids.Contains(r.ClassId))
            .Select(r => new { r.UserId, r.ClassId }).ToListAsync(ct);
        return classes
            .OrderBy(c => c.Level).ThenBy(c => c.OrderKey, StringComparer.Ordinal)
            .Select(c => new ClassItem(c.ClassId, c.TermId, c.Name, c.Level, c.Phase, c.HomeroomTeacherId,
                c.HomeroomTeacherId is { } t ? names.GetValueOrDefault(t) : null,
                c.HomeroomTeacherId is { } h && roles.Any(r => r.UserId == h && r.ClassId == c.ClassId),
                counts.GetValueOrDefault(c.ClassId)))
            .ToList();
    }

    public static Task<ClassRow?> ClassAsync(ReadModelDb db, string schoolId, Guid classId, CancellationToken ct) =>
        db.Classes.FirstOrDefaultAsync(c => c.SchoolId == schoolId && c.ClassId == classId, ct);

    /// <summary>The students of one class, by name.</summary>
    public static async Task<List<StudentRow>> StudentsOfClassAsync(ReadModelDb db, Guid classId, CancellationToken ct) =>
        (await (from e in db.Enrollments
                where e.ClassId == classId
                join s in db.Students on e.StudentId equals s.StudentId
                select s).ToListAsync(ct))
            .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Every student of the school with their class in <paramref name="termId"/> (null: none).</summary>
    public static async Task<List<StudentItem>> StudentsAsync(ReadModelDb db, string schoolId, Guid? termId, CancellationToken ct)
    {
        var students = await db.Students.Where(s => s.SchoolId == schoolId).ToListAsync(ct);
        var classes = termId is null ? [] : await db.Classes.Where(c => c.SchoolId == schoolId && c.TermId == termId).ToDictionaryAsync(c => c.ClassId, ct);
        var ids = classes.Keys.ToList();
        var enrollments = await db.Enrollments.Where(e => ids.Contains(e.ClassId)).ToListAsync(ct);
        var classOf = enrollments.GroupBy(e => e.StudentId).ToDictionary(g => g.Key, g => g.First().ClassId);
        var classRank = classes.Values.OrderBy(c => c.Level).ThenBy(c => c.OrderKey, StringComparer.Ordinal).Select((c, i) => (c.ClassId, i))
            .ToDictionary(x => x.ClassId, x => x.i);
        return students
            .Select(s => classOf.TryGetValue(s.StudentId, out var c) ? new StudentItem(s, c, classes[c].Name) : new StudentItem(s, null, null))
            .OrderBy(s => s.ClassId is { } c ? classRank[c] : int.MaxValue).ThenBy(s => s.Student.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The term just before <paramref name="termId"/> in <paramref name="newestFirst"/> (as <see cref="TermsAsync"/>
    /// gives them); null for the first term or an unknown one.</summary>
    private static TermRow? TermBefore(IReadOnlyList<TermRow> newestFirst, Guid termId) =>
        newestFirst.SkipWhile(t => t.TermId != termId).Skip(1).FirstOrDefault();

    /// <summary>Where students came from, for a class of <paramref name="level"/> in <paramref name="termId"/>: each student's class in the
    /// term before it (<paramref name="terms"/> newest first, as <see cref="TermsAsync"/> gives them), among that term's classes of the
    /// level such a class fills from: the same level within a school year, the one below across a new year. Empty for the first term.</summary>
    public static async Task<Dictionary<Guid, ClassRow>> CameFromAsync(ReadModelDb db, string schoolId, IReadOnlyList<TermRow> terms, Guid termId, int level,
        CancellationToken ct)
    {
        if (TermBefore(terms, termId) is not { } previous)
            return [];
        var fromLevel = previous.SchoolYear == terms.First(t => t.TermId == termId).SchoolYear ? level : level - 1;
        var classes = await db.Classes.Where(c => c.SchoolId == schoolId && c.TermId == previous.TermId && c.Level == fromLevel).ToDictionaryAsync(c => c.ClassId, ct);
        var ids = classes.Keys.ToList();
        return (await db.Enrollments.Where(e => ids.Contains(e.ClassId)).ToListAsync(ct))
            .GroupBy(e => e.StudentId).ToDictionary(g => g.Key, g => classes[g.First().ClassId]);
    }

    /// <summary>The term just before <paramref name="termId"/> in <paramref name="terms"/> (newest first; null: none) and, for each
    /// student on one of its rosters, their class and keputusan there: at the turn of the school year, who still needs a class in
    /// the new one.</summary>
    public static async Task<(TermRow? Term, Dictionary<Guid, EarlierPlace> Places)> PreviousTermPlacesAsync(ReadModelDb db, string schoolId,
        IReadOnlyList<TermRow> terms, Guid termId, CancellationToken ct)
    {
        if (TermBefore(terms, termId) is not { } previous)
            return (null, []);
        var rosters = await (from e in db.Enrollments
                             join c in db.Classes on e.ClassId equals c.ClassId
                             where c.SchoolId == schoolId && c.TermId == previous.TermId
                             select new { e.StudentId, c.Name, c.Level }).ToListAsync(ct);
        var promotions = await db.Promotions.Where(p => p.SchoolId == schoolId && p.TermId == previous.TermId).ToDictionaryAsync(p => p.StudentId, ct);
        return (previous, rosters.GroupBy(r => r.StudentId)
            .ToDictionary(g => g.Key, g => new EarlierPlace(g.First().Name, g.First().Level, promotions.GetValueOrDefault(g.Key))));
    }

    public static async Task<StudentDetail?> StudentAsync(ReadModelDb db, string schoolId, Guid studentId, Guid? termId, CancellationToken ct)
    {
        var student = await db.Students.FirstOrDefaultAsync(s => s.SchoolId == schoolId && s.StudentId == studentId, ct);
        if (student is null)
            return null;
        var classNames = await db.Classes.Where(c => c.SchoolId == schoolId).ToDictionaryAsync(c => c.ClassId, c => c.Name, ct);
        var inTerm = termId is null ? null : await (
            from e in db.Enrollments
            where e.StudentId == studentId
            join c in db.Classes on e.ClassId equals c.ClassId
            where c.TermId == termId
            select c).FirstOrDefaultAsync(ct);
        var history = (await db.StudentChanges.Where(h => h.SchoolId == schoolId && h.StudentId == studentId).ToListAsync(ct))
            .OrderByDescending(h => h.Sequence).ToList();
        var changedBy = history.Select(h => h.ChangedBy).Distinct().ToList();
        var names = await db.Users.Where(u => changedBy.Contains(u.UserName)).ToDictionaryAsync(u => u.UserName, u => u.DisplayName, ct);
        return new StudentDetail(new StudentItem(student, inTerm?.ClassId, inTerm?.Name), history, classNames, names);
    }

    public static async Task<List<SubjectRow>> SubjectsAsync(ReadModelDb db, string schoolId, CancellationToken ct) =>
        (await db.Subjects.Where(s => s.SchoolId == schoolId).ToListAsync(ct))
            .OrderBy(s => s.Order).ThenBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Active users who can teach (every account but the disabled ones), by name.</summary>
    public static async Task<List<TeacherItem>> TeachersAsync(ReadModelDb db, string schoolId, CancellationToken ct)
    {
        var users = await db.Users.Where(u => u.SchoolId == schoolId).ToListAsync(ct);
        var disabled = await DisabledAsync(db, schoolId, ct);
        return users.Select(u => new TeacherItem(u.UserId, u.UserName, u.DisplayName, disabled.Contains(u.UserId)))
            .OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Who may take over a gradebook of the term (ReassignGradebook's rule): active accounts with the teacher
    /// role in that term.</summary>
    public static async Task<List<TeacherItem>> TeachersOfTermAsync(ReadModelDb db, string schoolId, Guid termId, CancellationToken ct)
    {
        var inTerm = (await db.UserRoles.Where(r => r.SchoolId == schoolId && r.Role == Role.Teacher && r.TermId == termId && r.Active)
            .Select(r => r.UserId).ToListAsync(ct)).ToHashSet();
        return [.. (await TeachersAsync(db, schoolId, ct)).Where(t => !t.Disabled && inTerm.Contains(t.UserId))];
    }

    /// <summary>Who may be named wali kelas (ClassRules.MayBeHomeroomTeacher): active accounts with a guru or wali kelas role.</summary>
    public static async Task<List<TeacherItem>> HomeroomCandidatesAsync(ReadModelDb db, string schoolId, CancellationToken ct)
    {
        var roles = (await db.UserRoles.Where(r => r.SchoolId == schoolId && r.Active).ToListAsync(ct)).ToLookup(r => r.UserId, r => r.Role);
        return [.. (await TeachersAsync(db, schoolId, ct)).Where(t => !t.Disabled && ClassRules.Teaches(roles[t.UserId]))];
    }

    /// <summary>Teaching assignments (gradebooks) of a term, with their weights and KKTP; of one class or one teacher when given.</summary>
    public static async Task<List<TeachingAssignmentItem>> TeachingAssignmentsAsync(ReadModelDb db, string schoolId, Guid termId, CancellationToken ct,
        Guid? classId = null, Guid? teacherId = null)
    {
        var gradebooks = db.Gradebooks.Where(g => g.SchoolId == schoolId && g.TermId == termId);
        if (classId is { } c)
            gradebooks = gradebooks.Where(g => g.ClassId == c);
        if (teacherId is { } t)
            gradebooks = gradebooks.Where(g => g.TeacherId == t);
        var summaries = await GradeSheetQuery.Summarize(db, gradebooks).ToListAsync(ct);
        var ids = summaries.Select(s => s.GradebookId).ToList();
        var schemes = await db.GradingSchemes.Where(s => ids.Contains(s.GradebookId)).ToDictionaryAsync(s => s.GradebookId, ct);
        var disabled = await DisabledAsync(db, schoolId, ct);
        return summaries.Select(s => new TeachingAssignmentItem(s, schemes.GetValueOrDefault(s.GradebookId), disabled.Contains(s.TeacherId))).ToList();
    }

    /// <summary>The gradebooks a teacher is teacher of record of, in the given terms (a leaver's, still to hand over).</summary>
    public static async Task<List<GradebookSummary>> GradebooksOfTeacherAsync(ReadModelDb db, string schoolId, Guid teacherId,
        IReadOnlyCollection<Guid> termIds, CancellationToken ct) =>
        await GradeSheetQuery.Summarize(db, db.Gradebooks.Where(g => g.SchoolId == schoolId && g.TeacherId == teacherId && termIds.Contains(g.TermId)))
            .ToListAsync(ct);

    private static async Task<HashSet<Guid>> DisabledAsync(ReadModelDb db, string schoolId, CancellationToken ct) =>
        (await db.UserFlags.Where(f => f.SchoolId == schoolId && f.Flag == UserFlag.Disabled && f.Active).Select(f => f.UserId).ToListAsync(ct)).ToHashSet();
}
