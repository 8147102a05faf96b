using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using JasperFx.Events;

namespace ERaport.Read.Grading;

/// <summary>Locks and correction requests: their state for the pages, and a history line each so the history
/// explorer (a wali kelas's request: the class's report card history) shows who locked, asked, approved or denied, and why.</summary>
public static class LockingProjector
{
    public static IEnumerable<RowChange> Project(IEvent e, string schoolId) => e.Data switch
    {
        GradebookLocked x => Locked(e, x, schoolId),
        GradebookUnlocked x =>
        [
            Delete.Of<GradebookLockRow>(EntityId(e)),
            History(e, schoolId, EntityId(e), Guid.Empty, ScoreChangeRow.Lock, ScoreChangeKind.Unlocked, null, null, x.Reason,
                command: ScoreChangeRow.CommandOf(e)),
        ],
        CorrectionRequested x =>
        [
            new Upsert(new CorrectionRequestRow(x.RequestId, schoolId, x.GradebookId, x.StudentId, x.Assessment, x.Seen, x.Value, x.Reason, By(e), e.Timestamp,
                x.SeenText, x.Text, x.SeenMark, x.Mark)),
            History(e, schoolId, x.GradebookId, x.StudentId, x.Assessment, ScoreChangeKind.CorrectionRequested, x.Seen, x.Value, x.Reason,
                CorrectionRequest.ObjectiveOf(x.Assessment) is null ? x.Text : MarkAchievementHandler.Label(x.Mark)),
        ],
        HomeroomCorrectionRequested x =>
        [
            new Upsert(new HomeroomCorrectionRequestRow(x.RequestId, schoolId, x.TermId, x.ClassId, x.StudentId, x.Change.Part!, x.Before, x.After,
                x.Reason, By(e), e.Timestamp)),
            CardHistory(e, schoolId, x.TermId, x.StudentId, x.Change.Part!, $"{CardRequested}{x.After} (sebelumnya {x.Before}). Alasan: {x.Reason}",
                x.RequestId),
        ],
        CorrectionApproved { TermId: { } termId } x =>
        [
            new Upsert(new CorrectionDecisionRow(x.RequestId, true, By(e), e.Timestamp, x.Reason)),
            CardHistory(e, schoolId, termId, x.StudentId, x.Assessment, $"Koreksi disetujui: {x.Reason}"),
        ],
        CorrectionDenied { TermId: { } termId } x =>
        [
            new Upsert(new CorrectionDecisionRow(x.RequestId, false, By(e), e.Timestamp, x.Reason)),
            CardHistory(e, schoolId, termId, x.StudentId, x.Assessment, $"{CardDenied}{x.Reason}"),
        ],
        CorrectionApproved x =>
        [
            new Upsert(new CorrectionDecisionRow(x.RequestId, true, By(e), e.Timestamp, x.Reason)),
            History(e, schoolId, x.GradebookId, x.StudentId, x.Assessment, ScoreChangeKind.CorrectionApproved, x.Before, x.After, x.Reason),
        ],
        CorrectionDenied x =>
        [
            new Upsert(new CorrectionDecisionRow(x.RequestId, false, By(e), e.Timestamp, x.Reason)),
            History(e, schoolId, x.GradebookId, x.StudentId, x.Assessment, ScoreChangeKind.CorrectionDenied, x.Seen, x.Value, x.Reason),
        ],
        _ => [],
    };

    /// <summary>The lock row names who locked the class and when; the history line, who appended the lock (for a gradebook
    /// opened in a locked class, who opened it) and when.</summary>
    private static RowChange[] Locked(IEvent e, GradebookLocked x, string schoolId)
    {
        var (lockedBy, lockedAt) = x.Lock(e);
        return
        [
            new Upsert(new GradebookLockRow(EntityId(e), schoolId, x.ClassId, lockedBy, lockedAt)),
            History(e, schoolId, EntityId(e), Guid.Empty, ScoreChangeRow.Lock, ScoreChangeKind.Locked, null, null,
                x.AtOpening ? "Dibuka saat nilai kelasnya sudah dikunci" : null, command: ScoreChangeRow.CommandOf(e)),
        ];
    }

    private static Insert History(IEvent e, string schoolId, Guid gradebookId, Guid studentId, string assessment, ScoreChangeKind kind,
        int? before, int? after, string? reason, string? detail = null, string? command = null) =>
        new(new ScoreChangeRow(e.Sequence, 0, schoolId, gradebookId, studentId, assessment, kind, before, after, By(e), e.Timestamp, reason,
            e.GetHeader(CommandPipeline.SourceHeader)?.ToString() ?? "", detail, Command: command));

    /// <summary>How a card's history line of a wali kelas's request and of a denial starts: the school's own business, which
    /// changed nothing on the card (the public verification page leaves them out).</summary>
    public const string CardRequested = "Koreksi diajukan: ", CardDenied = "Koreksi ditolak: ";

    /// <summary>A line of the report card's history for a wali kelas's request or its decision.</summary>
    private static Insert CardHistory(IEvent e, string schoolId, Guid termId, Guid studentId, string part, string detail, Guid? requestId = null) =>
        new(new ReportCardChangeRow(e.Sequence, schoolId, termId, studentId, HomeroomParts.Label(part), detail, By(e), e.Timestamp,
            e.GetHeader(CommandPipeline.SourceHeader)?.ToString() ?? "", ReportCardChangeRow.CommandOf(e), RequestId: requestId));

    private static Guid EntityId(IEvent e) => StreamKeys.Parse(e.StreamKey!).EntityId!.Value;

    private static string By(IEvent e) => e.UserName ?? "";
}
