using ERaport.Read.ReadModel;
using ERaport.Write.Grading;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.Grading;

/// <summary>A gradebook's lock: who locked it and when (people's names).</summary>
public sealed record LockInfo(string LockedBy, string LockedByName, DateTimeOffset LockedAt);

/// <summary><see cref="LockCommand"/>: the command that locked the gradebook, shared by the gradebooks a class lock locked at once.</summary>
public sealed record ClassGradebookLock(GradebookSummary Gradebook, LockInfo? Lock, string? LockCommand = null);

/// <summary>A class's lock state: locked when every gradebook is.</summary>
public sealed record ClassLockView(
    Guid ClassId, string ClassName, Guid TermId, string SchoolYear, int Semester, IReadOnlyList<ClassGradebookLock> Gradebooks)
{
    public bool Locked => Gradebooks.Count > 0 && Gradebooks.All(g => g.Lock is not null);
    public bool PartlyLocked => Gradebooks.Any(g => g.Lock is not null);

    /// <summary>The most gradebooks one command locked, when two or more (the class locked at once): who and when is said once for
    /// them, and on its own only for the others (e.g. a subject opened after the lock). Empty when no command locked two.</summary>
    public IReadOnlyList<ClassGradebookLock> LockedTogether() =>
        Gradebooks.Where(g => g.Lock is not null && g.LockCommand is not null).GroupBy(g => g.LockCommand)
            .Where(g => g.Count() > 1).MaxBy(g => g.Count())?.ToList() ?? [];
}

public enum CorrectionState
{
    Pending,
    Approved,
    Denied,
}

/// <summary>A correction request as the principal's queue and the teacher's list show it. For a final-grade request
/// (<see cref="ERaport.Write.Grading.CorrectionRequest.FinalGrade"/>) <see cref="Seen"/> and <see cref="Value"/> are
/// overrides, and <see cref="CalculatedFinalGrade"/> is the calculated grade now, what "no override" means. For a
/// description request, <see cref="SeenText"/> and <see cref="Text"/> are the teacher's own text before and asked for, and
/// <see cref="GeneratedDescription"/> the generated one now, what "none" means. For a tercapai request, <see cref="SeenMark"/>
/// and <see cref="Mark"/> are the teacher's mark before and asked for (null: automatic), and <see cref="ObjectiveScore"/> and
/// <see cref="Kktp"/> what the automatic mark follows from now. <see cref="RequestedByName"/> is who asked (the teacher of record
/// then); <see cref="TeacherName"/> the gradebook's teacher now, another one after a hand-over.</summary>
public sealed record CorrectionView(
    Guid RequestId, Guid GradebookId, Guid TermId, string ClassName, string SubjectName, Guid TeacherId, string TeacherName,
    Guid StudentId, string StudentName, string Assessment, string AssessmentLabel, int? Seen, int? Value, string Reason, DateTimeOffset RequestedAt,
    CorrectionState State, string? DecidedByName, DateTimeOffset? DecidedAt, string? DecisionReason, int? CalculatedFinalGrade = null,
    string? SeenText = null, string? Text = null, string? GeneratedDescription = null, bool? SeenMark = null, bool? Mark = null,
    int? ObjectiveScore = null, int? Kktp = null, string RequestedByName = "");

/// <summary>A wali kelas's correction request as the principal's queue and the wali kelas's list show it.</summary>
public sealed record HomeroomCorrectionView(
    Guid RequestId, Guid TermId, Guid ClassId, string ClassName, Guid StudentId, string StudentName, string Part, string Before, string After,
    string Reason, string RequestedByName, DateTimeOffset RequestedAt, CorrectionState State, string? DecidedByName, DateTimeOffset? DecidedAt,
    string? DecisionReason);

public static class LockingQuery
{
    public static async Task<LockInfo?> GradebookLockAsync(ReadModelDb db, Guid gradebookId, CancellationToken ct) =>
        await (from l in db.GradebookLocks
               where l.GradebookId == gradebookId
               join u in db.Users on l.LockedBy equals u.UserName into users
               from u in users.DefaultIfEmpty()
               select new LockInfo(l.LockedBy, u == null ? l.LockedBy : u.DisplayName, l.LockedAt)).FirstOrDefaultAsync(ct);

    public static async Task<ClassLockView?> ClassAsync(ReadModelDb db, string schoolId, Guid classId, CancellationToken ct)
    {
        var found = await (from c in db.Classes
                           where c.SchoolId == schoolId && c.ClassId == classId
                           join t in db.Terms on c.TermId equals t.TermId
                           select new { c.Name, c.TermId, t.SchoolYear, t.Semester }).FirstOrDefaultAsync(ct);
        if (found is null)
            return null;
        var gradebooks = await GradeSheetQuery.Summarize(db, db.Gradebooks.Where(g => g.SchoolId == schoolId && g.ClassId == classId)).ToListAsync(ct);
        var ids = gradebooks.Select(g => g.GradebookId).ToList();
        var locks = await (from l in db.GradebookLocks
                           where ids.Contains(l.GradebookId)
                           join u in db.Users on l.LockedBy equals u.UserName into users
                           from u in users.DefaultIfEmpty()
                           select new { l.GradebookId, Info = new LockInfo(l.LockedBy, u == null ? l.LockedBy : u.DisplayName, l.LockedAt) })
            .ToDictionaryAsync(l => l.GradebookId, l => l.Info, ct);
        // Each lock's command, from its history line (the newest: a gradebook may have been locked and unlocked before).
        var locked = locks.Keys.ToList();
        var commands = (await db.ScoreChanges
                .Where(r => locked.Contains(r.GradebookId) && r.StudentId == Guid.Empty && r.Assessment == ScoreChangeRow.Lock && r.Kind == ScoreChangeKind.Locked)
                .Select(r => new { r.GradebookId, r.Sequence, r.Command }).ToListAsync(ct))
            .GroupBy(r => r.GradebookId).ToDictionary(g => g.Key, g => g.MaxBy(r => r.Sequence)!.Command);
        return new ClassLockView(classId, found.Name, found.TermId, found.SchoolYear, found.Semester,
            [.. gradebooks.Select(g => new ClassGradebookLock(g, locks.GetValueOrDefault(g.GradebookId), commands.GetValueOrDefault(g.GradebookId)))]);
    }

    /// <summary>Correction requests, newest first; <paramref name="visible"/> limits them to those gradebooks (null: all),
    /// <paramref name="pendingOnly"/> to the undecided ones.</summary>
    public static async Task<List<CorrectionView>> CorrectionsAsync(ReadModelDb db, string schoolId, GradebookFilter? visible, bool pendingOnly,
        CancellationToken ct, int limit = 200)
    {
        var visibleGradebooks = visible?.Apply(db.Gradebooks) ?? db.Gradebooks;
        var requests = from r in db.CorrectionRequests
                       where r.SchoolId == schoolId
                       join g in visibleGradebooks on r.GradebookId equals g.GradebookId
                       join d in db.CorrectionDecisions on r.RequestId equals d.RequestId into decisions
                       from d in decisions.DefaultIfEmpty()
                       select new { r, g, d };
        if (pendingOnly)
            requests = requests.Where(x => x.d == null);
        var rows = await requests.OrderByDescending(x => x.r.RequestedAt).Take(limit).ToListAsync(ct);
        var gradebooks = rows.Select(x => x.g.GradebookId).Distinct().ToList();
        var summaries = await GradeSheetQuery.Summarize(db, db.Gradebooks.Where(g => gradebooks.Contains(g.GradebookId))).ToDictionaryAsync(g => g.GradebookId, ct);
        var studentIds = rows.Select(x => x.r.StudentId).Distinct().ToList();
        var students = await db.Students.Where(s => studentIds.Contains(s.StudentId)).ToDictionaryAsync(s => s.StudentId, s => s.Name, ct);
        var labels = (await db.Assessments.Where(a => gradebooks.Contains(a.GradebookId)).ToListAsync(ct)).ToDictionary(a => (a.GradebookId, a.Key), a => a.Label);
        var users = await db.Users.Where(u => u.SchoolId == schoolId).ToDictionaryAsync(u => u.UserName, u => u.DisplayName, ct);
        var finalGradeRequests = rows.Where(x => x.r.Assessment == ScoreChangeRow.FinalGrade).Select(x => x.r.GradebookId).Distinct().ToList();
        var calculated = (await db.FinalGrades.Where(f => finalGradeRequests.Contains(f.GradebookId)).ToListAsync(ct))
            .ToDictionary(f => (f.GradebookId, f.StudentId), f => f.Value);
        var descriptionRequests = rows.Where(x => x.r.Assessment == ScoreChangeRow.Description).Select(x => x.r.GradebookId).Distinct().ToList();
        var generated = (await db.Descriptions.Where(d => descriptionRequests.Contains(d.GradebookId)).ToListAsync(ct))
            .ToDictionary(d => (d.GradebookId, d.StudentId), d => d.Generated);
        var achievementRequests = rows.Where(x => CorrectionRequest.ObjectiveOf(x.r.Assessment) is not null).Select(x => x.r.GradebookId).Distinct().ToList();
        var objectiveScores = (await db.Scores.Where(s => achievementRequests.Contains(s.GradebookId)).ToListAsync(ct))
            .ToDictionary(s => (s.GradebookId, s.StudentId, CorrectionRequest.AchievementOf(s.Assessment)), s => s.Value);
        var kktp = await db.GradingSchemes.Where(g => achievementRequests.Contains(g.GradebookId)).ToDictionaryAsync(g => g.GradebookId, g => g.Kktp, ct);
        return [.. rows.Select(x =>
        {
            var summary = summaries.GetValueOrDefault(x.g.GradebookId);
            return new CorrectionView(x.r.RequestId, x.g.GradebookId, x.g.TermId, summary?.ClassName ?? "?", summary?.SubjectName ?? "?", x.g.TeacherId,
                summary?.TeacherName ?? "", x.r.StudentId, students.GetValueOrDefault(x.r.StudentId, "?"), x.r.Assessment,
                labels.GetValueOrDefault((x.g.GradebookId, x.r.Assessment)) ?? ScoreHistoryQuery.Label(x.r.Assessment), x.r.Seen, x.r.Value, x.r.Reason,
                x.r.RequestedAt, x.d is null ? CorrectionState.Pending : x.d.Approved ? CorrectionState.Approved : CorrectionState.Denied,
                x.d is null ? null : users.GetValueOrDefault(x.d.DecidedBy, x.d.DecidedBy), x.d?.DecidedAt, x.d?.Reason,
                calculated.GetValueOrDefault((x.g.GradebookId, x.r.StudentId)), x.r.SeenText, x.r.Text,
                generated.GetValueOrDefault((x.g.GradebookId, x.r.StudentId)), x.r.SeenMark, x.r.Mark,
                objectiveScores.TryGetValue((x.g.GradebookId, x.r.StudentId, x.r.Assessment), out var score) ? score : null,
                kktp.TryGetValue(x.g.GradebookId, out var k) ? k : null, users.GetValueOrDefault(x.r.RequestedBy, x.r.RequestedBy));
        })];
    }

    /// <summary>Wali kelas's correction requests, newest first: those of the terms in <paramref name="principalTerms"/>
    /// and of the classes in <paramref name="homeroomClasses"/> (the principal decides them, the wali kelas follows them).</summary>
    public static async Task<List<HomeroomCorrectionView>> HomeroomCorrectionsAsync(ReadModelDb db, string schoolId,
        IReadOnlyCollection<Guid> principalTerms, IReadOnlyCollection<Guid> homeroomClasses, bool pendingOnly, CancellationToken ct, int limit = 200)
    {
        var requests = from r in db.HomeroomCorrectionRequests
                       where r.SchoolId == schoolId && (principalTerms.Contains(r.TermId) || homeroomClasses.Contains(r.ClassId))
                       join c in db.Classes on r.ClassId equals c.ClassId
                       join s in db.Students on r.StudentId equals s.StudentId
                       join d in db.CorrectionDecisions on r.RequestId equals d.RequestId into decisions
                       from d in decisions.DefaultIfEmpty()
                       select new { r, ClassName = c.Name, StudentName = s.Name, d };
        if (pendingOnly)
            requests = requests.Where(x => x.d == null);
        var rows = await requests.OrderByDescending(x => x.r.RequestedAt).Take(limit).ToListAsync(ct);
        var users = await db.Users.Where(u => u.SchoolId == schoolId).ToDictionaryAsync(u => u.UserName, u => u.DisplayName, ct);
        return [.. rows.Select(x => new HomeroomCorrectionView(x.r.RequestId, x.r.TermId, x.r.ClassId, x.ClassName, x.r.StudentId, x.StudentName,
            x.r.Part, x.r.Before, x.r.After, x.r.Reason, users.GetValueOrDefault(x.r.RequestedBy, x.r.RequestedBy), x.r.RequestedAt,
            x.d is null ? CorrectionState.Pending : x.d.Approved ? CorrectionState.Approved : CorrectionState.Denied,
            x.d is null ? null : users.GetValueOrDefault(x.d.DecidedBy, x.d.DecidedBy), x.d?.DecidedAt, x.d?.Reason))];
    }
}
