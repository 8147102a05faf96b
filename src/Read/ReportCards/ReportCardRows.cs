using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using JasperFx.Events;

namespace ERaport.Read.ReportCards;

// What the homeroom teacher added to report cards, one table per section so that each event replaces whole rows.

public sealed record AttendanceRow(Guid TermId, Guid StudentId, string SchoolId, int Sick, int Permitted, int Unexcused);

public sealed record ExtracurricularRow(
    Guid EntryId, string SchoolId, Guid TermId, Guid StudentId, int Number, string Activity, string? Predicate, string Description);

public sealed record KokurikulerRow(Guid TermId, Guid StudentId, string SchoolId, string Text);

public sealed record HomeroomNoteRow(Guid TermId, Guid StudentId, string SchoolId, string Text);

public sealed record PromotionRow(Guid TermId, Guid StudentId, string SchoolId, string Kind, string Wording);

/// <summary>One row per homeroom event, for the class's history: <see cref="Section"/> says which part of the
/// report card, <see cref="Detail"/> what it became, in the words the report uses. <see cref="Command"/> names the command
/// that wrote it (<see cref="CommandOf"/>): the rows one command wrote alike for several students (locking or printing the
/// class) are one line of the class's history. <see cref="Before"/>: the paragraph a kokurikuler or catatan wali kelas replaced, the
/// extracurricular line a revision replaced, the days absent or the promotion decision a change replaced, in the same words, for the
/// history to show what it was beside what it became; null where it replaced none (or the event did not keep it). <see
/// cref="RequestId"/>: on a wali kelas's correction request's line, the request, whose row (<see cref="HomeroomCorrectionRequestRow"/>)
/// holds the part as seen and as asked for and the reason, for the history to show them apart.</summary>
public sealed record ReportCardChangeRow(
    long Sequence, string SchoolId, Guid TermId, Guid StudentId, string Section, string Detail, string ChangedBy, DateTimeOffset ChangedAt, string Source,
    string Command, string? Before = null, Guid? RequestId = null)
{
    /// <summary>The command id an event was stored with; an event without one stands alone.</summary>
    public static string CommandOf(IEvent e) => Grading.ScoreChangeRow.CommandOf(e) ?? $"event {e.Sequence}";
}

/// <summary>A printed report card, by its verification code: what the public verification page looks up.
/// <see cref="Digest"/> is what the card said when printed; <see cref="Sequence"/> orders prints and later changes;
/// <see cref="Kind"/> is null for a print stored before prints said their kind.</summary>
public sealed record ReportCardPrintRow(
    string Code, string SchoolId, Guid TermId, Guid ClassId, Guid StudentId, string ClassName, string StudentName, string Digest,
    long Sequence, DateTimeOffset PrintedAt, string PrintedBy, PrintKind? Kind);

/// <summary>A subject line of a printed card, in printed order.</summary>
public sealed record PrintedGradeRow(string Code, int Position, Guid SubjectId, string Subject, int? FinalGrade);

/// <summary>A locked report card (kunci rapor), with who locked its class and when; no row: open.</summary>
public sealed record ReportCardLockRow(Guid TermId, Guid StudentId, string SchoolId, Guid ClassId, string LockedBy, DateTimeOffset LockedAt);

/// <summary>A wali kelas's request to correct one part of a locked report card: <see cref="Before"/> and <see cref="After"/>
/// the part as they saw it and as asked for, in the report's words. Its decision is a <see
/// cref="Grading.CorrectionDecisionRow"/>, as a teacher's.</summary>
public sealed record HomeroomCorrectionRequestRow(
    Guid RequestId, string SchoolId, Guid TermId, Guid ClassId, Guid StudentId, string Part, string Before, string After, string Reason,
    string RequestedBy, DateTimeOffset RequestedAt);
