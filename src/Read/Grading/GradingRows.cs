using ERaport.Write.Common;
using JasperFx.Events;

namespace ERaport.Read.Grading;

/// <summary>A teaching assignment: who teaches which subject to which class in which term.</summary>
public sealed record GradebookRow(Guid GradebookId, string SchoolId, Guid TermId, Guid ClassId, Guid SubjectId, Guid TeacherId);

/// <summary>Who has been the gradebook's teacher of record since the event at <see cref="Since"/> (its opening or a
/// reassignment), so the history explorer judges each change against the teacher of that moment, not today's.</summary>
public sealed record GradebookTeacherRow(Guid GradebookId, long Since, Guid TeacherId);

public sealed record AssessmentRow(Guid GradebookId, string Key, string Label, string Description, int Order);

public sealed record ScoreRow(Guid GradebookId, Guid StudentId, string Assessment, int Value, string ChangedBy, DateTimeOffset ChangedAt);

public enum ScoreChangeKind
{
    Recorded,
    Corrected,
    Removed,
    Calculated,
    Overridden,
    OverrideCleared,
    Marked,
    DescriptionEdited,
    DescriptionReset,
    Locked,
    Unlocked,
    CorrectionRequested,
    CorrectionApproved,
    CorrectionDenied,
    Reassigned,

    /// <summary>The gradebook's weights or KKTP changed (whole gradebook, empty student): what moves every NA at once.</summary>
    SchemeChanged,

    /// <summary>A TP was added (whole gradebook, empty student; its <see cref="ScoreChangeRow.Detail"/> the TP's wording): every NA
    /// is incomplete until the TP has its scores.</summary>
    ObjectiveAdded,

    /// <summary>A TP was reworded (whole gradebook, empty student; its <see cref="ScoreChangeRow.Detail"/> the new wording, its <see
    /// cref="ScoreChangeRow.DetailBefore"/> the wording before):
    /// every generated description follows the new wording.</summary>
    ObjectiveRevised,

    /// <summary>A TP was removed (whole gradebook, empty student; its <see cref="ScoreChangeRow.Detail"/> the TP's wording, its reason
    /// the teacher's): every NA becomes a mean over one TP fewer, also for a student without a score of it.</summary>
    ObjectiveRemoved,
}

/// <summary>One row per changed cell, so that history pages are plain indexed reads. Besides scores it holds
/// the final grade (<see cref="FinalGrade"/>), tercapai marks (the TP's key) and descriptions
/// (<see cref="Description"/>); <see cref="Detail"/> carries what is not a number (a mark, a text). <see cref="GeneratedThen"/>
/// is a description edit's generated text at the time: what the card showed before, when the teacher had no text of their own.
/// <see cref="Command"/> (<see cref="CommandOf"/>) is set on the lines one command writes alike in several gradebooks (a class locked
/// or unlocked, a teacher's gradebooks handed over): a student's changes show them once. <see cref="DetailBefore"/> is the text
/// <see cref="Detail"/> replaced where the event names it (a TP's wording before it was reworded), for the histories to mark the words
/// taken out and put in.</summary>
public sealed record ScoreChangeRow(
    long Sequence, int Position, string SchoolId, Guid GradebookId, Guid StudentId, string Assessment,
    ScoreChangeKind Kind, int? Before, int? After, string ChangedBy, DateTimeOffset ChangedAt, string? Reason, string Source,
    string? Detail = null, string? GeneratedThen = null, string? Command = null, string? DetailBefore = null)
{
    public const string FinalGrade = ERaport.Write.Grading.CorrectionRequest.FinalGrade;
    public const string Description = ERaport.Write.Grading.CorrectionRequest.Description;

    /// <summary>The assessment of a lock or unlock line: the whole gradebook (its student is empty).</summary>
    public const string Lock = "kunci";

    /// <summary>The assessment of a reassignment line (whole gradebook, empty student); its <see cref="Detail"/> holds
    /// the previous and the new teacher's ids, "{from:N}>{to:N}", which the history explorer turns into names.</summary>
    public const string Teacher = "guru";

    /// <summary>The assessment of a weights-and-KKTP line (whole gradebook, empty student); its <see cref="Detail"/> says what
    /// changed ("SLM : SAS 1 : 1 → 3 : 2; KKTP 70 → 75").</summary>
    public const string Scheme = "bobot";

    /// <summary>Lines that record a lock, a correction request and its decision, or a new teacher, not a change of a value.</summary>
    public static readonly ScoreChangeKind[] Markers =
    [
        ScoreChangeKind.Locked, ScoreChangeKind.Unlocked, ScoreChangeKind.CorrectionRequested, ScoreChangeKind.CorrectionApproved, ScoreChangeKind.CorrectionDenied,
        ScoreChangeKind.Reassigned,
    ];

    /// <summary>Lines of the whole gradebook (no student) that change every student's NA or description (weights and KKTP, a TP added,
    /// reworded or removed): causes of a card's subject in a comparison, and on each student's history (<see cref="OnEachStudentsHistory"/>).</summary>
    public static readonly ScoreChangeKind[] ForEveryStudent =
        [ScoreChangeKind.SchemeChanged, ScoreChangeKind.ObjectiveAdded, ScoreChangeKind.ObjectiveRevised, ScoreChangeKind.ObjectiveRemoved];

    /// <summary>The lines of the whole gradebook a student's changes are read among (their score history, the history explorer's
    /// student filters): those for every student, and the class's locks and unlocks and the changes of teacher, which change nothing
    /// yet tell whether a change came after the lock, and whether by the teacher of record of its moment.</summary>
    public static readonly ScoreChangeKind[] OnEachStudentsHistory =
        [.. ForEveryStudent, ScoreChangeKind.Locked, ScoreChangeKind.Unlocked, ScoreChangeKind.Reassigned];

    public static string Teachers(Guid from, Guid to) => $"{from:N}>{to:N}";

    /// <summary>The command id an event was stored with, if any.</summary>
    public static string? CommandOf(IEvent e) => e.GetHeader(CommandPipeline.CommandIdHeader)?.ToString();
}

/// <summary>Weights (SLM : STS : SAS) and KKTP of a gradebook.</summary>
public sealed record GradingSchemeRow(Guid GradebookId, int WeightSlm, int WeightSts, int WeightSas, int Kktp, Write.Grading.DescriptionStyle DescriptionStyle);

/// <summary>The final grade as calculated on the write side; <see cref="Value"/> null while incomplete.</summary>
public sealed record FinalGradeRow(
    Guid GradebookId, Guid StudentId, int? Value, bool Complete, decimal? SlmMean, decimal? Sas, int? Sts, DateTimeOffset CalculatedAt);

/// <summary>The teacher's final grade, kept beside the calculated one.</summary>
public sealed record FinalGradeOverrideRow(
    Guid GradebookId, Guid StudentId, int Value, string Reason, int? CalculatedThen, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>Tercapai of one TP for one student, when decided (by score and KKTP, or by hand).</summary>
public sealed record AchievementRow(Guid GradebookId, Guid StudentId, string Objective, bool Achieved, bool ByHand);

public sealed record DescriptionRow(Guid GradebookId, Guid StudentId, string Generated);

/// <summary>The teacher's own description; <see cref="GeneratedThen"/> tells whether the generated one has
/// changed since.</summary>
public sealed record DescriptionEditRow(Guid GradebookId, Guid StudentId, string Text, string GeneratedThen, string ChangedBy, DateTimeOffset ChangedAt);
