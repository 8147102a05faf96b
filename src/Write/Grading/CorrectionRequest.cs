using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using JasperFx.Events;
using Marten;

namespace ERaport.Write.Grading;

public enum CorrectionStatus
{
    Pending,
    Approved,
    Denied,
}

/// <summary>See <see cref="CorrectionRequest.Target"/>; <see cref="GradebookId"/> is empty and <see cref="Assessment"/> names the
/// part for a wali kelas's request.</summary>
public sealed record CorrectionTarget(Guid TermId, Guid GradebookId, Guid StudentId, string Assessment, Guid? Line);

/// <summary>A teacher's request to correct one score, the final grade, a TP's tercapai or the description of a locked
/// gradebook, or a wali kelas's request to correct a part of a locked report card (<see cref="Homeroom"/>), and the
/// principal's decision: a stream of its own, so that deciding it needs nothing else to stay consistent.</summary>
public sealed class CorrectionRequest
{
    /// <summary>The <see cref="Assessment"/> of a request for the final grade: <see cref="Seen"/> and <see cref="Value"/>
    /// are then the teacher's override (null: none, the calculated grade stands). The history uses the same key.</summary>
    public const string FinalGrade = "na";

    /// <summary>The <see cref="Assessment"/> of a request for the description: <see cref="SeenText"/> and <see cref="Text"/>
    /// are then the teacher's own text (null: none, the generated one stands); <see cref="Seen"/> and <see cref="Value"/> stay null.</summary>
    public const string Description = "deskripsi";

    /// <summary>The <see cref="Assessment"/> of a request for one TP's tercapai is this followed by the TP's key
    /// ("tercapai-tp3"): <see cref="SeenMark"/> and <see cref="Mark"/> are then the teacher's mark (null: none, the KKTP
    /// decides).</summary>
    public const string AchievementPrefix = "tercapai-";

    public static string AchievementOf(string objective) => AchievementPrefix + objective;

    /// <summary>The TP a tercapai request is about; null for any other request.</summary>
    public static string? ObjectiveOf(string? assessment) =>
        assessment is not null && assessment.StartsWith(AchievementPrefix, StringComparison.Ordinal) ? assessment[AchievementPrefix.Length..] : null;

    public bool IsFinalGrade => Assessment == FinalGrade;

    public bool IsDescription => Assessment == Description;

    public bool IsAchievement => ObjectiveOf(Assessment) is not null;

    public string Id { get; set; } = "";
    public Guid RequestId { get; set; }
    public Guid GradebookId { get; set; }
    public Guid TermId { get; set; }
    public Guid StudentId { get; set; }
    public string Assessment { get; set; } = "";

    /// <summary>The value the teacher saw when asking (null: empty) and the value asked for (null: remove).</summary>
    public int? Seen { get; set; }
    public int? Value { get; set; }
    public string? SeenText { get; set; }
    public string? Text { get; set; }
    public bool? SeenMark { get; set; }
    public bool? Mark { get; set; }
    public string Reason { get; set; } = "";
    public CorrectionStatus Status { get; set; }
    public string? DecidedBy { get; set; }

    /// <summary>A wali kelas's request (then <see cref="GradebookId"/> is empty and <see cref="Assessment"/> names the
    /// part); null for a teacher's.</summary>
    public HomeroomCorrectionRequested? Homeroom { get; set; }

    /// <summary>What the request asks to change: for a teacher one score, final grade, tercapai or description of one
    /// student in one gradebook; for a wali kelas one part of one student's report card (one extracurricular line).</summary>
    public CorrectionTarget Target() => new(TermId, GradebookId, StudentId, Assessment, Homeroom?.Change.Line?.EntryId);

    /// <summary>The requests about one student in a term still waiting for the principal.</summary>
    public static Task<IReadOnlyList<CorrectionRequest>> WaitingAsync(IQuerySession session, Guid termId, Guid studentId, CancellationToken ct) =>
        session.Query<CorrectionRequest>().Where(r => r.TermId == termId && r.StudentId == studentId && r.Status == CorrectionStatus.Pending)
            .ToListAsync(ct);

    /// <summary>A second request for a target while one still waits is refused: approving the first would make the second
    /// stale, a refusal the principal could only answer by denying it. Once the first is decided, it may be asked again.
    /// <paramref name="what"/> names the target in people's words ("nilai TP1", "ketidakhadiran").</summary>
    public static DomainError? AlreadyWaiting(IEnumerable<CorrectionRequest> waiting, CorrectionTarget target, string what) =>
        waiting.FirstOrDefault(r => r.Status == CorrectionStatus.Pending && r.Target() == target) is { } first
            ? new DomainError("correction.already_waiting",
                $"Koreksi {what} peserta didik ini sudah diajukan dan masih menunggu keputusan kepala sekolah. " +
                "Tunggu keputusannya; bila yang diajukan perlu diganti, minta kepala sekolah menolaknya, lalu ajukan lagi.",
                new Dictionary<string, object?> { ["requestId"] = first.RequestId, ["studentId"] = target.StudentId, ["assessment"] = target.Assessment })
            : null;

    public static CorrectionRequest Create(CorrectionRequested e) => new()
    {
        RequestId = e.RequestId,
        GradebookId = e.GradebookId,
        TermId = e.TermId,
        StudentId = e.StudentId,
        Assessment = e.Assessment,
        Seen = e.Seen,
        Value = e.Value,
        Reason = e.Reason,
        SeenText = e.SeenText,
        Text = e.Text,
        SeenMark = e.SeenMark,
        Mark = e.Mark,
    };

    public static CorrectionRequest Create(HomeroomCorrectionRequested e) => new()
    {
        RequestId = e.RequestId,
        TermId = e.TermId,
        StudentId = e.StudentId,
        Assessment = e.Change.Part!,
        Reason = e.Reason,
        Homeroom = e,
    };

    public void Apply(IEvent<CorrectionApproved> e) => (Status, DecidedBy) = (CorrectionStatus.Approved, e.UserName);

    public void Apply(IEvent<CorrectionDenied> e) => (Status, DecidedBy) = (CorrectionStatus.Denied, e.UserName);
}
