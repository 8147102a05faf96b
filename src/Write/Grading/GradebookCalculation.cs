using System.Text.Json.Serialization;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>Every result one command changed, for all its students in one event: a column save changes up to a
/// class's worth, and one event instead of three per student keeps the stream, the snapshot and the read model's
/// work per save small. Its parts are the per-student records that were once events of their own (streams written
/// before still hold those, and they are applied and projected through the same code as these parts).</summary>
public sealed record ResultsCalculated(
    IReadOnlyList<FinalGradeCalculated> FinalGrades,
    IReadOnlyList<AchievementsCalculated> Achievements,
    IReadOnlyList<DescriptionGenerated> Descriptions) : ICalculatedEvent
{
    [JsonIgnore]
    public bool IsEmpty => FinalGrades.Count == 0 && Achievements.Count == 0 && Descriptions.Count == 0;
}

/// <summary>The final grade of one student as calculated after a change. <see cref="Previous"/> is the value
/// reported before, so the history can say "80 → 82" without keeping state.</summary>
public sealed record FinalGradeCalculated(
    Guid StudentId, int? Value, bool Complete, decimal? SlmMean, decimal? Sas, int? Sts, int? Previous) : ICalculatedEvent;

/// <summary>The TPs whose tercapai changed for one student; <see cref="ObjectiveAchievement.Achieved"/> null:
/// no longer decided (score removed, TP removed).</summary>
public sealed record AchievementsCalculated(Guid StudentId, IReadOnlyList<ObjectiveAchievement> Objectives) : ICalculatedEvent;

public sealed record ObjectiveAchievement(string Objective, bool? Achieved, bool ByHand);

/// <summary>The generated description of one student; empty when no TP is decided yet. Generated even when
/// the teacher has written their own, which is kept.</summary>
public sealed record DescriptionGenerated(Guid StudentId, string Text) : ICalculatedEvent;

/// <summary>Read models are fed by stateless projectors, so the results a page shows are calculated here,
/// in the decision: every command that changes what a result depends on appends, after its own events,
/// the results that changed because of them.</summary>
public static class GradebookCalculation
{
    /// <summary>Accepts <paramref name="events"/> followed by the calculation results they change, if any.</summary>
    public static Decision Append(Gradebook before, Actor by, int changes, IReadOnlyList<object> events)
    {
        if (events.Count == 0)
            return Decision.Nothing;
        var results = Recalculate(before.After(events, by.UserName), StudentsChangedBy(events));
        return Decision.Append(changes, results.IsEmpty ? events : [.. events, results]);
    }

    /// <summary>The students whose results these events can change; null for every student (a scheme or a TP
    /// changed, or an event not known here). A correction recalculates one student instead of the class.</summary>
    private static HashSet<Guid>? StudentsChangedBy(IReadOnlyList<object> events)
    {
        var students = new HashSet<Guid>();
        foreach (var e in events)
            switch (e)
            {
                case ScoresRecorded x:
                    students.UnionWith(x.Scores.Select(s => s.StudentId));
                    break;
                case ScoreCorrected x:
                    students.Add(x.StudentId);
                    break;
                case AchievementMarked x:
                    students.Add(x.StudentId);
                    break;
                case FinalGradeOverridden or FinalGradeOverrideCleared or DescriptionEdited or DescriptionReset:
                    // Kept beside the calculated results; they change none of them.
                    break;
                default:
                    return null;
            }
        return students;
    }

    /// <summary>Every result that differs from what was last reported, student by student (of
    /// <paramref name="only"/> when given).</summary>
    public static ResultsCalculated Recalculate(Gradebook g, IReadOnlySet<Guid>? only = null)
    {
        List<FinalGradeCalculated> grades = [];
        List<AchievementsCalculated> achievements = [];
        List<DescriptionGenerated> descriptions = [];
        var objectives = g.LearningObjectives();
        var objectiveKeys = objectives.Select(o => o.Key).ToHashSet();
        // Once per command, not once per student: a column save recalculates a whole class.
        var phrases = objectives.Select(o => Description.Phrase(o.Description)).ToArray();
        var described = new (string Phrase, bool? Achieved)[objectives.Count];
        // A student of only who has nothing in the gradebook had no results and gets none: the same as leaving them out.
        IEnumerable<Guid> students = only is null ? g.Students() : only.Order();
        foreach (var student in students)
        {
            var now = new Achievement?[objectives.Count];
            var slm = new int?[objectives.Count];
            for (var i = 0; i < objectives.Count; i++)
            {
                slm[i] = g.Score(student, objectives[i].Key)?.Value;
                now[i] = AchievementOf(g, student, objectives[i].Key);
            }

            var grade = FinalGrade.Calculate(slm,
                [g.Score(student, Assessment.SemesterTest)?.Value, g.Score(student, Assessment.SemesterNonTest)?.Value],
                g.Score(student, Assessment.MidSemesterTest)?.Value,
                g.Weights);
            var previousGrade = g.FinalGrades.GetValueOrDefault(student) ?? FinalGradeResult.Empty;
            if (grade != previousGrade)
                grades.Add(new FinalGradeCalculated(student, grade.Value, grade.Complete, grade.SlmMean, grade.Sas, grade.Sts, previousGrade.Value));

            var before = g.Achievements.GetValueOrDefault(student);
            List<ObjectiveAchievement> changed = [];
            for (var i = 0; i < objectives.Count; i++)
                if (now[i] != before?.GetValueOrDefault(objectives[i].Key))
                    changed.Add(new ObjectiveAchievement(objectives[i].Key, now[i]?.Achieved, now[i]?.ByHand ?? false));
            foreach (var removed in before?.Keys.Where(k => !objectiveKeys.Contains(k)) ?? [])
                changed.Add(new ObjectiveAchievement(removed, null, false));
            if (changed.Count > 0)
                achievements.Add(new AchievementsCalculated(student, changed));

            for (var i = 0; i < objectives.Count; i++)
                described[i] = (phrases[i], now[i]?.Achieved);
            if (g.DescriptionStyle == DescriptionStyle.StrongestAndWeakest)
                Description.KeepStrongestAndWeakest(described, slm);
            var description = Description.Compose(described);
            if (description != (g.GeneratedDescriptions.GetValueOrDefault(student) ?? ""))
                descriptions.Add(new DescriptionGenerated(student, description));
        }
        return new ResultsCalculated(grades, achievements, descriptions);
    }

    /// <summary>Tercapai: the teacher's mark when set, otherwise score ≥ KKTP; undecided without either.</summary>
    public static Achievement? AchievementOf(Gradebook g, Guid student, string objective) =>
        g.Mark(student, objective) is { } mark ? new Achievement(mark, ByHand: true)
        : g.Score(student, objective) is { } score ? new Achievement(score.Value >= g.Kktp, ByHand: false)
        : null;
}

/// <summary>Checks every grading command shares.</summary>
public static class GradebookRules
{
    public const int MaxReasonLength = 1000;

    public static readonly DomainError Locked = new("gradebook.locked",
        "Nilai kelas ini sudah dikunci, jadi tidak dapat diubah langsung. Ajukan permintaan koreksi (dengan alasan) kepada kepala sekolah.");

    /// <summary>Null when <paramref name="by"/> may change this gradebook now; otherwise the refusal. Every
    /// teacher command goes through here, so a locked gradebook refuses them all.</summary>
    public static Decision? TeacherOfRecord(Gradebook? gradebook, Actor by) =>
        Teacher(gradebook, by) ?? (gradebook!.Locked ? Decision.Reject(OutcomeStatus.Conflict, Locked) : null);

    /// <summary>Null when <paramref name="by"/> teaches this gradebook, locked or not.</summary>
    public static Decision? Teacher(Gradebook? gradebook, Actor by) =>
        gradebook is null
            ? Decision.Reject(OutcomeStatus.NotFound, new DomainError("gradebook.not_found", "Buku nilai tidak ditemukan."))
            : by.UserId != gradebook.TeacherId
                ? Decision.Reject(OutcomeStatus.Forbidden, new DomainError("gradebook.not_teacher_of_record",
                    "Hanya guru pengampu mata pelajaran ini yang dapat mengisi atau mengubah nilainya."))
                : null;

    /// <summary>Null when <paramref name="teacher"/> may be named to teach a gradebook of <paramref name="termId"/>, when it is
    /// opened or handed over: an active account of the school that the admin has made a teacher (guru) in that term, so a
    /// gradebook never goes to someone the school has not given that role.</summary>
    public static DomainError? EligibleTeacher(UserAccount? teacher, string schoolId, Guid termId) =>
        teacher is null || teacher.SchoolId != schoolId ? new DomainError("teacher.not_found", "Guru tidak ditemukan.", TeacherField)
        : teacher.Disabled ? new DomainError("teacher.disabled", $"Akun {teacher.DisplayName} nonaktif.", TeacherField)
        : !teacher.Roles.Any(r => r.Role == Role.Teacher && r.TermId == termId) ? new DomainError("teacher.no_teacher_role",
            $"{teacher.DisplayName} belum punya peran guru di semester buku nilai ini. Beri peran guru di halaman Pengguna terlebih dahulu.", TeacherField)
        : null;

    /// <summary>The gradebooks <paramref name="teacherId"/> is teacher of record of in <paramref name="termId"/>, from the event
    /// store's snapshots (a change of teacher a moment ago counts). Every change of a gradebook's teacher takes the school's
    /// master-data lock, so under it the answer holds until commit.</summary>
    public static IQueryable<Gradebook> OfTeacher(IQuerySession session, string schoolId, Guid teacherId, Guid termId)
    {
        var prefix = MasterData.Prefix(schoolId, "gradebook");
        return session.Query<Gradebook>().Where(g => g.Id.StartsWith(prefix) && g.TermId == termId && g.TeacherId == teacherId);
    }

    /// <summary><see cref="EligibleTeacher"/> as a decision's refusal: an unknown teacher is not found, any other is invalid.</summary>
    public static Decision? RefuseTeacher(UserAccount? teacher, string schoolId, Guid termId) =>
        EligibleTeacher(teacher, schoolId, termId) is { } notEligible
            ? Decision.Reject(notEligible.Code == "teacher.not_found" ? OutcomeStatus.NotFound : OutcomeStatus.Invalid, notEligible)
            : null;

    private static readonly IReadOnlyDictionary<string, object?> TeacherField = new Dictionary<string, object?> { ["field"] = "teacherId" };

    /// <summary>Carries out a gradebook command whose decision also needs the gradebook's class (its students): the
    /// class is loaded in the round trip that looks for the command's receipt.</summary>
    public static Task<CommandOutcome> ExecuteWithClass(IDocumentSession session, ICommand command,
        Guid gradebookId, Func<Gradebook?, SchoolClass?, Decision> decide, CancellationToken ct) =>
        CommandPipeline.Execute<Gradebook, SchoolClass?>(session, command, StreamKeys.Gradebook(command.By.SchoolId, gradebookId),
            (gradebook, batch) => gradebook is null ? Task.FromResult<SchoolClass?>(null)
                : batch.Load<SchoolClass>(StreamKeys.Class(command.By.SchoolId, gradebook.ClassId)),
            (gradebook, schoolClass) => Task.FromResult(decide(gradebook, schoolClass)), ct);

    public static Decision? StudentInClass(SchoolClass? schoolClass, Guid studentId) =>
        schoolClass is null
            ? Decision.Reject(OutcomeStatus.NotFound, new DomainError("gradebook.not_found", "Kelas buku nilai ini tidak ditemukan."))
            : !schoolClass.StudentIds.Contains(studentId)
                ? Decision.Invalid(new DomainError("student.not_in_class", "Peserta didik ini tidak terdaftar di kelas ini.",
                    new Dictionary<string, object?> { ["studentId"] = studentId }))
                : null;

    /// <summary>A reason that must be given: not blank, at most <see cref="MaxReasonLength"/> characters, and clean text (markup
    /// is escaped where it is shown; a NUL would fail in PostgreSQL). It is typed in a text area, so line breaks may stay.</summary>
    public static DomainError? Reason(string? reason, string code, string what) =>
        string.IsNullOrWhiteSpace(reason) ? new DomainError($"{code}.reason_required", $"Alasan {what} wajib diisi.")
        : reason.Trim().Length > MaxReasonLength ? new DomainError($"{code}.reason_too_long", $"Alasan {what} paling banyak {MaxReasonLength} karakter.")
        : Rules.TextProblem(reason, $"Alasan {what}", allowMarkup: true, lineBreaks: true) is { } problem
            ? new DomainError($"{code}.reason_invalid_characters", problem)
        : null;
}
