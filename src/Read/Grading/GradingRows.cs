namespace ERaport.Read.Grading;

/// <summary>A teaching assignment: who teaches which subject to which class in which term.</summary>
public sealed record GradebookRow(Guid GradebookId, string SchoolId, Guid TermId, Guid ClassId, Guid SubjectId, Guid TeacherId);

public sealed record AssessmentRow(Guid GradebookId, string Key, string Label, string Description, int Order);

public sealed record ScoreRow(Guid GradebookId, Guid StudentId, string Assessment, int Value, string ChangedBy, DateTimeOffset ChangedAt);

public enum ScoreChangeKind
{
    Recorded,
    Corrected,
    Removed,
}

/// <summary>One row per changed cell, so that history pages are plain indexed reads.</summary>
public sealed record ScoreChangeRow(
    long Sequence, int Position, string SchoolId, Guid GradebookId, Guid StudentId, string Assessment,
    ScoreChangeKind Kind, int? Before, int? After, string ChangedBy, DateTimeOffset ChangedAt, string? Reason, string Source);
