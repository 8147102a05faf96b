using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Read.School;
using ERaport.Write.School;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.ReportCards;

/// <summary>A class a wali kelas looks after, for their list of classes.</summary>
public sealed record HomeroomClassItem(Guid ClassId, string Name, string SchoolYear, int Semester, int Students);

/// <summary>One student's row on the homeroom hub; extracurriculars with their ids, so that they can be revised.</summary>
public sealed record HomeroomStudent(
    Guid StudentId, string Name, string Nisn, AttendanceDays Attendance, IReadOnlyList<ExtracurricularRow> Extracurriculars,
    string? Kokurikuler, string? HomeroomNote, PromotionDecision? Promotion);

/// <summary><see cref="Locks"/>: the students whose report cards are locked, with who locked them and when. <see cref="LastLevel"/>: the
/// school's last tingkat (XIII in a four-year SMK), whose students graduate.</summary>
public sealed record HomeroomClass(ClassRow Class, TermRow Term, IReadOnlyList<HomeroomStudent> Students, IReadOnlyDictionary<Guid, LockInfo> Locks,
    int LastLevel = SchoolProfileData.ThreeYearLastLevel)
{
    /// <summary>The newest lock of the class's cards (a class lock covers them all).</summary>
    public LockInfo? Lock => Locks.Values.MaxBy(l => l.LockedAt);
}

/// <summary>How far one subject is: final grades complete out of the class's students, and who teaches it.</summary>
public sealed record SubjectProgress(Guid GradebookId, string Subject, Guid TeacherId, string Teacher, int Complete, int Students);

/// <summary>One student × subject: complete (a final grade, calculated or set by the teacher), or the
/// assessments that still have no score. <see cref="Taken"/> is false for a religion subject of another religion than
/// the student's, which is neither printed nor missing.</summary>
public sealed record ProgressCell(Guid GradebookId, bool Taken, bool Complete, int? FinalGrade, IReadOnlyList<string> Missing);

/// <summary><see cref="MissingReligion"/>: why the student's rapor lacks Pendidikan Agama dan Budi Pekerti, a grade that no cell
/// can show missing (<see cref="ReportCardSubjects.MissingReligion"/>).</summary>
public sealed record StudentProgress(Guid StudentId, string Name, IReadOnlyList<ProgressCell> Cells, MissingReligionSubject? MissingReligion = null)
{
    public int Incomplete => Cells.Count(c => !c.Complete);
}

/// <summary>The class progress view: students × subjects, so that the wali kelas knows whom to chase.</summary>
public sealed record ClassProgress(IReadOnlyList<SubjectProgress> Subjects, IReadOnlyList<StudentProgress> Students);

/// <summary>What the homeroom hub reads.</summary>
public static class HomeroomClassQuery
{
    public static async Task<IReadOnlyList<HomeroomClassItem>> ClassesAsync(
        ReadModelDb db, string schoolId, IReadOnlyCollection<Guid> classIds, CancellationToken ct)
    {
        var rows = await (
            from c in db.Classes
            where c.SchoolId == schoolId && classIds.Contains(c.ClassId)
            join t in db.Terms on c.TermId equals t.TermId
            select new { c.ClassId, c.Name, c.Level, c.OrderKey, t.SchoolYear, t.Semester }).ToListAsync(ct);
        var counts = await db.Enrollments.Where(e => classIds.Contains(e.ClassId)).GroupBy(e => e.ClassId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return [.. rows.OrderByDescending(r => r.SchoolYear, StringComparer.Ordinal).ThenByDescending(r => r.Semester).ThenBy(r => r.Level)
            .ThenBy(r => r.OrderKey, StringComparer.Ordinal)
            .Select(r => new HomeroomClassItem(r.ClassId, r.Name, r.SchoolYear, r.Semester, counts.GetValueOrDefault(r.ClassId)))];
    }

    /// <summary>Which of <paramref name="classIds"/> are classes of the school's newest term, the one people work in.</summary>
    public static Task<List<Guid>> OfNewestTermAsync(ReadModelDb db, string schoolId, IReadOnlyCollection<Guid> classIds, CancellationToken ct)
    {
        var newest = db.Terms.Where(t => t.SchoolId == schoolId).OrderByDescending(t => t.SchoolYear).ThenByDescending(t => t.Semester)
            .Select(t => t.TermId).Take(1);
        return db.Classes.Where(c => c.SchoolId == schoolId && classIds.Contains(c.ClassId) && newest.Contains(c.TermId))
            .OrderBy(c => c.Level).ThenBy(c => c.OrderKey).Select(c => c.ClassId).ToListAsync(ct);
    }

    public static async Task<HomeroomClass?> LoadAsync(ReadModelDb db, string schoolId, Guid classId, CancellationToken ct)
    {
        var schoolClass = await db.Classes.FirstOrDefaultAsync(c => c.SchoolId == schoolId && c.ClassId == classId, ct);
        var term = schoolClass is null ? null : await db.Terms.FirstOrDefaultAsync(t => t.TermId == schoolClass.TermId, ct);
        if (schoolClass is null || term is null)
            return null;
        var students = await StudentsAsync(db, classId, ct);
        var ids = students.Select(s => s.StudentId).ToList();
        var sections = await HomeroomQuery.ForStudentsAsync(db, schoolId, term.TermId, ids, ct);
        var extracurriculars = (await db.Extracurriculars.Where(r => r.SchoolId == schoolId && r.TermId == term.TermId && ids.Contains(r.StudentId))
            .ToListAsync(ct)).ToLookup(r => r.StudentId);
        var locks = await (from l in db.ReportCardLocks
                           where l.TermId == term.TermId && ids.Contains(l.StudentId)
                           join u in db.Users on l.LockedBy equals u.UserName into users
                           from u in users.DefaultIfEmpty()
                           select new { l.StudentId, Info = new LockInfo(l.LockedBy, u == null ? l.LockedBy : u.DisplayName, l.LockedAt) })
            .ToDictionaryAsync(l => l.StudentId, l => l.Info, ct);
        var programYears = await db.Schools.Where(x => x.SchoolId == schoolId).Select(x => x.ProgramYears).FirstOrDefaultAsync(ct);
        return new HomeroomClass(schoolClass, term, [.. students.Select(s =>
        {
            var x = sections[s.StudentId];
            return new HomeroomStudent(s.StudentId, s.Name, s.Nisn, x.Attendance, [.. extracurriculars[s.StudentId].OrderBy(r => r.Number)],
                x.Kokurikuler, x.HomeroomNote, x.Promotion);
        })], locks, SchoolProfileData.LastLevelOf(programYears));
    }

    public static async Task<ClassProgress> ProgressAsync(ReadModelDb db, string schoolId, Guid classId, CancellationToken ct)
    {
        // No teacher has the empty id: the filter keeps this class's gradebooks only.
        var subjects = (await GradeSheetQuery.Summaries(db, schoolId, new GradebookFilter(Guid.Empty, [classId], [])).ToListAsync(ct))
            .OrderBy(g => g.SubjectOrder).ThenBy(g => g.SubjectName).ToList();
        var gradebookIds = subjects.Select(g => g.GradebookId).ToList();
        var students = await StudentsAsync(db, classId, ct);
        var columns = (await db.Assessments.Where(a => gradebookIds.Contains(a.GradebookId)).ToListAsync(ct)).ToLookup(a => a.GradebookId);
        var scored = (await db.Scores.Where(s => gradebookIds.Contains(s.GradebookId))
            .Select(s => new { s.GradebookId, s.StudentId, s.Assessment }).ToListAsync(ct))
            .Select(s => (s.GradebookId, s.StudentId, s.Assessment)).ToHashSet();
        var finals = await db.FinalGrades.Where(f => gradebookIds.Contains(f.GradebookId)).ToDictionaryAsync(f => (f.GradebookId, f.StudentId), ct);
        var overrides = await db.FinalGradeOverrides.Where(f => gradebookIds.Contains(f.GradebookId)).ToDictionaryAsync(f => (f.GradebookId, f.StudentId), ct);
        var subjectIds = subjects.Select(g => g.SubjectId).ToList();
        var religionSubjects = await db.Subjects.Where(s => subjectIds.Contains(s.SubjectId) && s.IsReligion).ToDictionaryAsync(s => s.SubjectId, ct);

        ProgressCell Cell(GradebookSummary g, StudentRow student)
        {
            if (religionSubjects.TryGetValue(g.SubjectId, out var subject) && !ReportCardSubjects.IsPrinted(subject, student.Religion))
                return new ProgressCell(g.GradebookId, false, false, null, []);
            var studentId = student.StudentId;
            var final = finals.GetValueOrDefault((g.GradebookId, studentId));
            var set = overrides.GetValueOrDefault((g.GradebookId, studentId));
            var complete = set is not null || final is { Complete: true };
            var missing = complete ? [] : GradeSheetQuery.Ordered(columns[g.GradebookId])
                .Where(a => !scored.Contains((g.GradebookId, studentId, a.Key))).Select(a => a.Label).ToList();
            return new ProgressCell(g.GradebookId, true, complete, set?.Value ?? final?.Value, missing);
        }

        var rows = students.Select(s => new StudentProgress(s.StudentId, s.Name, [.. subjects.Select(g => Cell(g, s))],
            ReportCardSubjects.MissingReligion(s.Religion, religionSubjects.Values))).ToList();
        return new ClassProgress(
            [.. subjects.Select((g, i) => new SubjectProgress(g.GradebookId, g.SubjectName, g.TeacherId, g.TeacherName, rows.Count(r => r.Cells[i].Complete), rows.Count(r => r.Cells[i].Taken)))],
            rows);
    }

    /// <summary>A page of the class's report-card history in its term (at most <paramref name="pageSize"/> lines older than
    /// <paramref name="before"/>, the sequence of a line's newest row), newest first. Each line is one
    /// change, or the rows one command wrote alike for several students (locking or printing the class: one line, not one per
    /// student), with the name of who made it (the user name when the account is gone) and of the students it is about. A
    /// student who left the class during the term (moved to another class or withdrawn) keeps the lines written before they
    /// left: what the history showed while they were in the class, so an audit of the class misses none of its changes,
    /// and nothing their next class wrote. A student who sits in no class of the term since leaving this one keeps the
    /// lines written after too (a request decided after a withdrawal): no other class's history shows them. A card is one
    /// stream per student × term wherever the student sits, so the lines are told apart by the sequence of leaving, not by
    /// class.</summary>
    public static async Task<ReportCardHistoryPage> HistoryAsync(ReadModelDb db, HomeroomClass c, long? before, int pageSize, CancellationToken ct)
    {
        var (schoolId, classId, termId) = (c.Class.SchoolId, c.Class.ClassId, c.Term.TermId);
        var current = c.Students.Select(s => s.StudentId).ToList();
        var termClasses = db.Classes.Where(k => k.SchoolId == schoolId && k.TermId == termId).Select(k => k.ClassId);
        var leavings = db.StudentChanges.Where(m => m.SchoolId == schoolId && termClasses.Any(k => k == m.ClassId)
            && (m.Kind == StudentChangeKind.MovedOut || m.Kind == StudentChangeKind.Withdrawn));
        var departures = leavings.Where(m => m.ClassId == classId);
        // Left this class last and sits in no class of the term now (an enrolment carries no sequence, hence "now").
        var inNoClass = departures
            .Where(m => !leavings.Any(o => o.StudentId == m.StudentId && o.Sequence > m.Sequence)
                && !db.Enrollments.Any(e => e.StudentId == m.StudentId && termClasses.Contains(e.ClassId)))
            .Select(m => m.StudentId);
        var rows = db.ReportCardChanges.Where(r => r.SchoolId == schoolId && r.TermId == termId
            && (current.Contains(r.StudentId) || departures.Any(m => m.StudentId == r.StudentId && m.Sequence > r.Sequence)
                || inNoClass.Contains(r.StudentId)));

        // Alike rows also in what they replaced: one line's "before" stands for each of its students.
        var lines = await rows.GroupBy(r => new { r.Command, r.Section, r.Detail, r.Before })
            .Select(g => new { First = g.Min(r => r.Sequence), Last = g.Max(r => r.Sequence) })
            .Where(l => before == null || l.Last < before)
            .OrderByDescending(l => l.Last).Take(pageSize + 1).ToListAsync(ct);
        var shown = lines.Take(pageSize).ToList();
        if (shown.Count == 0)
            return new ReportCardHistoryPage([], null);
        var (low, high) = (shown.Min(l => l.First), shown.Max(l => l.Last));
        var changes = await (
            from r in rows
            where r.Sequence >= low && r.Sequence <= high
            join s in db.Students on r.StudentId equals s.StudentId
            join u in db.Users on r.ChangedBy equals u.UserName into users
            from u in users.DefaultIfEmpty()
            select new
            {
                Row = r,
                ChangedByName = u == null ? r.ChangedBy : u.DisplayName,
                Student = new HistoryStudent(s.Name, current.Contains(r.StudentId)
                    ? null
                    : departures.Where(m => m.StudentId == r.StudentId).OrderByDescending(m => m.Sequence).Select(m => (StudentChangeKind?)m.Kind).First()),
            }).ToListAsync(ct);
        // Rows in that range of lines of other pages (one command's rows can straddle another's) are left to their page.
        var onPage = shown.Select(l => l.Last).ToHashSet();
        var requestIds = changes.Where(x => onPage.Contains(x.Row.Sequence) && x.Row.RequestId is not null).Select(x => x.Row.RequestId!.Value).ToList();
        var requests = await db.HomeroomCorrectionRequests.Where(r => requestIds.Contains(r.RequestId)).ToDictionaryAsync(r => r.RequestId, ct);
        return new ReportCardHistoryPage(
            [
                .. changes.GroupBy(x => (x.Row.Command, x.Row.Section, x.Row.Detail, x.Row.Before))
                    .Select(g => g.OrderByDescending(x => x.Row.Sequence).ToList())
                    .Where(g => onPage.Contains(g[0].Row.Sequence))
                    .OrderByDescending(g => g[0].Row.Sequence)
                    .Select(g => new ReportCardHistoryLine(g[0].Row, g[0].ChangedByName, [.. g.Select(x => x.Student).OrderBy(s => s.Name)],
                        g[0].Row.RequestId is { } requestId ? requests.GetValueOrDefault(requestId) : null)),
            ],
            lines.Count > pageSize ? shown[^1].Last : null);
    }

    private static Task<List<StudentRow>> StudentsAsync(ReadModelDb db, Guid classId, CancellationToken ct) => (
        from e in db.Enrollments
        where e.ClassId == classId
        join s in db.Students on e.StudentId equals s.StudentId
        orderby s.Name
        select s).ToListAsync(ct);
}

/// <summary>A line of the class's report-card history: <see cref="Change"/> (the newest row of the line) for the students it
/// is about, one, or several when one command wrote the same for them. <see cref="Request"/>: on a wali kelas's correction
/// request's line, the request (the part as seen and as asked for, and why).</summary>
public sealed record ReportCardHistoryLine(
    ReportCardChangeRow Change, string ChangedByName, IReadOnlyList<HistoryStudent> Students, HomeroomCorrectionRequestRow? Request = null);

/// <summary>A student of a history line; <see cref="Left"/>: how they left the class (moved out or withdrawn), null while
/// they are in it.</summary>
public sealed record HistoryStudent(string Name, StudentChangeKind? Left);

/// <summary><see cref="Next"/>: where the next, older page starts (<c>before</c>), null on the last page.</summary>
public sealed record ReportCardHistoryPage(IReadOnlyList<ReportCardHistoryLine> Lines, long? Next);
