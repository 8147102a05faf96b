using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using JasperFx.Events;

namespace ERaport.Read.Grading;

public static class GradingProjector
{
    public static IEnumerable<RowChange> Project(IEvent e, string schoolId) => e.Data switch
    {
        GradebookOpened x => Opened(e, x, schoolId),
        GradebookReassigned x =>
        [
            new Upsert(new GradebookRow(x.GradebookId, schoolId, x.TermId, x.ClassId, x.SubjectId, x.ToTeacherId)),
            new Insert(new GradebookTeacherRow(x.GradebookId, e.Sequence, x.ToTeacherId)),
            History(e, schoolId, Guid.Empty, ScoreChangeRow.Teacher, ScoreChangeKind.Reassigned, null, null, x.Reason,
                ScoreChangeRow.Teachers(x.FromTeacherId, x.ToTeacherId), command: ScoreChangeRow.CommandOf(e)),
        ],
        ScoresRecorded x => Recorded(e, x, schoolId),
        ScoreCorrected x => Corrected(e, x, schoolId),
        // A new TP leaves every NA incomplete until it has its scores: a line of the whole gradebook says why.
        LearningObjectiveAdded x =>
        [
            new Upsert(Column(GradebookId(e), x.Objective)),
            History(e, schoolId, Guid.Empty, x.Objective.Key, ScoreChangeKind.ObjectiveAdded, null, null, null, x.Objective.Description),
        ],
        // A reworded TP rewords every generated description: the line names the wording before and after.
        LearningObjectiveRevised x =>
        [
            new Upsert(Column(GradebookId(e), x.Objective)),
            History(e, schoolId, Guid.Empty, x.Objective.Key, ScoreChangeKind.ObjectiveRevised, null, null, null, x.Objective.Description,
                detailBefore: x.Before),
        ],
        LearningObjectiveRemoved x => ObjectiveRemoved(e, x, schoolId),
        GradingSchemeChanged x => Scheme(e, x, schoolId),
        ResultsCalculated x => Results(e, x, schoolId),
        FinalGradeCalculated x => Calculated(e, x, schoolId),
        FinalGradeOverridden x =>
        [
            new Upsert(new FinalGradeOverrideRow(GradebookId(e), x.StudentId, x.Value, x.Reason, x.Calculated, By(e), e.Timestamp)),
            History(e, schoolId, x.StudentId, ScoreChangeRow.FinalGrade, ScoreChangeKind.Overridden, x.Previous ?? x.Calculated, x.Value, x.Reason),
        ],
        FinalGradeOverrideCleared x =>
        [
            Delete.Of<FinalGradeOverrideRow>(GradebookId(e), x.StudentId),
            History(e, schoolId, x.StudentId, ScoreChangeRow.FinalGrade, ScoreChangeKind.OverrideCleared, x.Before, x.Calculated, x.Reason),
        ],
        AchievementsCalculated x => Achievements(e, x),
        AchievementMarked x =>
        [
            History(e, schoolId, x.StudentId, x.Objective, ScoreChangeKind.Marked, null, null, null, MarkAchievementHandler.Label(x.Achieved)),
        ],
        DescriptionGenerated x => [Generated(e, x)],
        DescriptionEdited x =>
        [
            new Upsert(new DescriptionEditRow(GradebookId(e), x.StudentId, x.Text, x.Generated, By(e), e.Timestamp)),
            History(e, schoolId, x.StudentId, ScoreChangeRow.Description, ScoreChangeKind.DescriptionEdited, null, null, null, x.Text, generatedThen: x.Generated),
        ],
        DescriptionReset x =>
        [
            Delete.Of<DescriptionEditRow>(GradebookId(e), x.StudentId),
            History(e, schoolId, x.StudentId, ScoreChangeRow.Description, ScoreChangeKind.DescriptionReset, null, null, null, null),
        ],
        _ => [],
    };

    private static IEnumerable<RowChange> Opened(IEvent e, GradebookOpened x, string schoolId)
    {
        var w = x.Weights ?? Weights.Default;
        return
        [
            new Upsert(new GradebookRow(x.GradebookId, schoolId, x.TermId, x.ClassId, x.SubjectId, x.TeacherId)),
            new Insert(new GradebookTeacherRow(x.GradebookId, e.Sequence, x.TeacherId)),
            .. Assessment.For(x.LearningObjectives, w.HasMidSemester).Select((a, i) => new Upsert(new AssessmentRow(x.GradebookId, a.Key, a.Label, a.Description, i))),
            new Upsert(new GradingSchemeRow(x.GradebookId, w.Slm, w.Sts, w.Sas, x.Kktp, DescriptionStyle.EveryObjective)),
        ];
    }

    private static IEnumerable<RowChange> Recorded(IEvent e, ScoresRecorded x, string schoolId)
    {
        var gradebookId = GradebookId(e);
        foreach (var (s, i) in x.Scores.Select((s, i) => (s, i)))
        {
            yield return new Upsert(new ScoreRow(gradebookId, s.StudentId, s.Assessment, s.Value, By(e), e.Timestamp));
            yield return new Insert(new ScoreChangeRow(e.Sequence, i, schoolId, gradebookId, s.StudentId, s.Assessment,
                ScoreChangeKind.Recorded, null, s.Value, By(e), e.Timestamp, null, Source(e)));
        }
    }

    private static IEnumerable<RowChange> Corrected(IEvent e, ScoreCorrected x, string schoolId)
    {
        var gradebookId = GradebookId(e);
        yield return x.After is { } value
            ? new Upsert(new ScoreRow(gradebookId, x.StudentId, x.Assessment, value, By(e), e.Timestamp))
            : Delete.Of<ScoreRow>(gradebookId, x.StudentId, x.Assessment);
        yield return new Insert(new ScoreChangeRow(e.Sequence, 0, schoolId, gradebookId, x.StudentId, x.Assessment,
            x.After is null ? ScoreChangeKind.Removed : ScoreChangeKind.Corrected, x.Before, x.After, By(e), e.Timestamp, x.Reason, Source(e)));
    }

    /// <summary>The TP's column and scores go; each score leaves a "removed" line in its student's history, and the TP a line of the
    /// whole gradebook (after the scores' lines), since every NA is now a mean over one TP fewer, also where the student had no score of it.</summary>
    private static IEnumerable<RowChange> ObjectiveRemoved(IEvent e, LearningObjectiveRemoved x, string schoolId)
    {
        var gradebookId = GradebookId(e);
        yield return Delete.Of<AssessmentRow>(gradebookId, x.Objective.Key);
        var reason = x.Reason is null ? $"{x.Objective.Code} dihapus" : $"{x.Objective.Code} dihapus: {x.Reason}";
        foreach (var (s, i) in x.Scores.Select((s, i) => (s, i)))
        {
            yield return Delete.Of<ScoreRow>(gradebookId, s.StudentId, x.Objective.Key);
            yield return new Insert(new ScoreChangeRow(e.Sequence, i, schoolId, gradebookId, s.StudentId, x.Objective.Key,
                ScoreChangeKind.Removed, s.Value, null, By(e), e.Timestamp, reason, Source(e)));
        }
        yield return History(e, schoolId, Guid.Empty, x.Objective.Key, ScoreChangeKind.ObjectiveRemoved, null, null, x.Reason, x.Objective.Description,
            position: x.Scores.Count);
    }

    private static IEnumerable<RowChange> Scheme(IEvent e, GradingSchemeChanged x, string schoolId)
    {
        var gradebookId = GradebookId(e);
        yield return new Upsert(new GradingSchemeRow(gradebookId, x.Weights.Slm, x.Weights.Sts, x.Weights.Sas, x.Kktp, x.DescriptionStyle));
        yield return x.Weights.HasMidSemester
            ? new Upsert(MidSemesterColumn(gradebookId))
            : Delete.Of<AssessmentRow>(gradebookId, Assessment.MidSemesterTest);
        // Weights and KKTP move every student's NA and tercapai at once: a line of the whole gradebook says so, else an NA
        // "recalculated" has no visible cause. A change of the description style alone moves no number.
        if (SchemeChange(x) is { } detail)
            yield return History(e, schoolId, Guid.Empty, ScoreChangeRow.Scheme, ScoreChangeKind.SchemeChanged, null, null, null, detail);
    }

    /// <summary>"SLM : SAS 1 : 1 → 3 : 2; KKTP 70 → 75", naming only what changed (STS where either side weighs it); an event
    /// stored before the previous values were kept names the new ones ("SLM : SAS 3 : 2; KKTP 75"). Null: neither changed.</summary>
    public static string? SchemeChange(GradingSchemeChanged x)
    {
        var (weights, before) = (x.Weights, x.WeightsBefore);
        if (before is null || x.KktpBefore is null)
            return $"{WeightNames(weights, weights)} {WeightValues(weights, weights)}; KKTP {x.Kktp}";
        var parts = new List<string>();
        if (weights != before)
            parts.Add($"{WeightNames(before, weights)} {WeightValues(before, weights)} → {WeightValues(weights, before)}");
        if (x.Kktp != x.KktpBefore)
            parts.Add($"KKTP {x.KktpBefore} → {x.Kktp}");
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static bool WithMidSemester(Weights a, Weights b) => a.HasMidSemester || b.HasMidSemester;

    private static string WeightNames(Weights a, Weights b) => WithMidSemester(a, b) ? "SLM : STS : SAS" : "SLM : SAS";

    private static string WeightValues(Weights w, Weights other) => WithMidSemester(w, other) ? $"{w.Slm} : {w.Sts} : {w.Sas}" : $"{w.Slm} : {w.Sas}";

    /// <summary>Each part as the event it once was (streams stored before the batch hold those, one per student):
    /// the same rows, only a final grade's history line takes its place in the batch as its position.</summary>
    private static IEnumerable<RowChange> Results(IEvent e, ResultsCalculated x, string schoolId) =>
    [
        .. x.FinalGrades.SelectMany((grade, i) => Calculated(e, grade, schoolId, position: i)),
        .. x.Achievements.SelectMany(a => Achievements(e, a)),
        .. x.Descriptions.Select(d => Generated(e, d)),
    ];

    /// <summary>NA history only when the number changes, not for every mean that moves while incomplete.</summary>
    private static IEnumerable<RowChange> Calculated(IEvent e, FinalGradeCalculated x, string schoolId, int position = 0)
    {
        yield return new Upsert(new FinalGradeRow(GradebookId(e), x.StudentId, x.Value, x.Complete, x.SlmMean, x.Sas, x.Sts, e.Timestamp));
        if (x.Value != x.Previous)
            yield return History(e, schoolId, x.StudentId, ScoreChangeRow.FinalGrade, ScoreChangeKind.Calculated, x.Previous, x.Value, null,
                position: position);
    }

    private static IEnumerable<RowChange> Achievements(IEvent e, AchievementsCalculated x) =>
        x.Objectives.Select(o => o.Achieved is { } achieved
            ? (RowChange)new Upsert(new AchievementRow(GradebookId(e), x.StudentId, o.Objective, achieved, o.ByHand))
            : Delete.Of<AchievementRow>(GradebookId(e), x.StudentId, o.Objective));

    private static RowChange Generated(IEvent e, DescriptionGenerated x) =>
        x.Text.Length == 0
            ? Delete.Of<DescriptionRow>(GradebookId(e), x.StudentId)
            : new Upsert(new DescriptionRow(GradebookId(e), x.StudentId, x.Text));

    /// <summary>A TP column. Its order is its number, so it needs no other row; the query puts STS and SAS after all TPs.</summary>
    private static AssessmentRow Column(Guid gradebookId, LearningObjective o) =>
        new(gradebookId, o.Key, o.Code, o.Description, LearningObjective.NumberOf(o.Key) - 1);

    private static AssessmentRow MidSemesterColumn(Guid gradebookId)
    {
        var sts = Assessment.For([], midSemester: true)[0];
        return new AssessmentRow(gradebookId, sts.Key, sts.Label, sts.Description, 0);
    }

    private static Insert History(IEvent e, string schoolId, Guid studentId, string assessment, ScoreChangeKind kind,
        int? before, int? after, string? reason, string? detail = null, int position = 0, string? generatedThen = null, string? command = null,
        string? detailBefore = null) =>
        new(new ScoreChangeRow(e.Sequence, position, schoolId, GradebookId(e), studentId, assessment, kind, before, after, By(e), e.Timestamp,
            reason, Source(e), detail, generatedThen, command, detailBefore));

    private static Guid GradebookId(IEvent e) => StreamKeys.Parse(e.StreamKey!).EntityId!.Value;

    private static string By(IEvent e) => e.UserName ?? "";

    private static string Source(IEvent e) => e.GetHeader(CommandPipeline.SourceHeader)?.ToString() ?? "";
}
