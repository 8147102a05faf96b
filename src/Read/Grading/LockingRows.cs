namespace ERaport.Read.Grading;

/// <summary>A gradebook that is locked (kunci nilai); no row: open.</summary>
public sealed record GradebookLockRow(Guid GradebookId, string SchoolId, Guid ClassId, string LockedBy, DateTimeOffset LockedAt);

/// <summary>A teacher's correction request on a locked gradebook: <see cref="Seen"/> the value they saw,
/// <see cref="Value"/> the value asked for (null: remove); for a description, <see cref="SeenText"/> and <see cref="Text"/>
/// (the teacher's own text; null: the generated one); for a tercapai, <see cref="SeenMark"/> and <see cref="Mark"/>
/// (the teacher's mark; null: automatic).</summary>
public sealed record CorrectionRequestRow(
    Guid RequestId, string SchoolId, Guid GradebookId, Guid StudentId, string Assessment, int? Seen, int? Value, string Reason,
    string RequestedBy, DateTimeOffset RequestedAt, string? SeenText, string? Text, bool? SeenMark, bool? Mark);

/// <summary>The principal's decision on a request; no row: still pending.</summary>
public sealed record CorrectionDecisionRow(Guid RequestId, bool Approved, string DecidedBy, DateTimeOffset DecidedAt, string Reason);
