using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using JasperFx.Events;

namespace ERaport.Read.ReportCards;

public static class ReportCardProjector
{
    public static IEnumerable<RowChange> Project(IEvent e, string schoolId)
    {
        if (e.Data is not (AttendanceRecorded or ExtracurricularAdded or ExtracurricularRevised or ExtracurricularRemoved
            or KokurikulerWritten or HomeroomNoteWritten or PromotionDecided or PromotionCleared or ReportCardLocked or ReportCardUnlocked or ReportCardPrinted))
            return [];
        var (termId, studentId) = StreamKeys.ReportCardOf(e.StreamKey!);
        RowChange History(string section, string detail, string? before = null) => new Insert(new ReportCardChangeRow(e.Sequence, schoolId, termId,
            studentId, section, detail, e.UserName ?? "", e.Timestamp, e.GetHeader(CommandPipeline.SourceHeader)?.ToString() ?? "",
            ReportCardChangeRow.CommandOf(e), before is { Length: > 0 } ? before : null));
        return e.Data switch
        {
            AttendanceRecorded x =>
            [
                new Upsert(new AttendanceRow(termId, studentId, schoolId, x.Sick, x.Permitted, x.Unexcused)),
                History(Sections.Attendance, Days(x.Sick, x.Permitted, x.Unexcused), x.Before is { } was ? Days(was.Sick, was.Permitted, was.Unexcused) : null),
            ],
            ExtracurricularAdded x =>
            [
                new Upsert(new ExtracurricularRow(x.EntryId, schoolId, termId, studentId, x.Number, x.Activity, x.Predicate, x.Description)),
                History(Sections.Extracurricular, Extracurricular(x.Activity, x.Predicate, x.Description)),
            ],
            ExtracurricularRevised x =>
            [
                new Upsert(new ExtracurricularRow(x.EntryId, schoolId, termId, studentId, x.Number, x.Activity, x.Predicate, x.Description)),
                History(Sections.Extracurricular, Extracurricular(x.Activity, x.Predicate, x.Description),
                    x.Before is { } was ? Extracurricular(was.Activity, was.Predicate, was.Description) : null),
            ],
            ExtracurricularRemoved x => [Delete.Of<ExtracurricularRow>(termId, studentId, x.EntryId), History(Sections.Extracurricular, $"{x.Activity} dihapus")],
            KokurikulerWritten x =>
            [
                x.Text.Length == 0 ? Delete.Of<KokurikulerRow>(termId, studentId) : new Upsert(new KokurikulerRow(termId, studentId, schoolId, x.Text)),
                History(Sections.Kokurikuler, Written(x.Text), x.Before),
            ],
            HomeroomNoteWritten x =>
            [
                x.Text.Length == 0 ? Delete.Of<HomeroomNoteRow>(termId, studentId) : new Upsert(new HomeroomNoteRow(termId, studentId, schoolId, x.Text)),
                History(Sections.HomeroomNote, Written(x.Text), x.Before),
            ],
            PromotionDecided x =>
                [new Upsert(new PromotionRow(termId, studentId, schoolId, x.Kind, x.Wording)), History(Sections.Promotion, x.Wording, x.Before?.Wording)],
            PromotionCleared x => [Delete.Of<PromotionRow>(termId, studentId), History(Sections.Promotion, Withdrawn, x.Before?.Wording)],
            ReportCardLocked x =>
            [
                new Upsert(new ReportCardLockRow(termId, studentId, schoolId, x.ClassId, e.UserName ?? "", e.Timestamp)),
                History(Sections.Lock, "Rapor dikunci"),
            ],
            ReportCardUnlocked x => [Delete.Of<ReportCardLockRow>(termId, studentId), History(Sections.Lock, $"Kunci dibuka: {x.Reason}")],
            ReportCardPrinted x =>
            [
                new Insert(new ReportCardPrintRow(x.Code, schoolId, termId, x.ClassId, studentId, x.ClassName, x.StudentName, x.Digest,
                    e.Sequence, e.Timestamp, e.UserName ?? "", x.Kind)),
                .. x.Grades.Select((g, i) => new Insert(new PrintedGradeRow(x.Code, i, g.SubjectId, g.Subject, g.FinalGrade))),
                // The code stays off the history: whoever holds it can open the card's verification page.
                History(Sections.Print, $"{PrintKinds.Label(x.Kind)} dicetak (kelas {x.ClassName})"),
            ],
            _ => [],
        };
    }

    /// <summary>What the history says a paragraph is now: its text, or <see cref="Cleared"/>.</summary>
    private static string Written(string text) => text.Length == 0 ? Cleared : text;

    /// <summary>A kokurikuler or catatan wali kelas cleared, in the history's words: not a text to compare with the one it replaced.</summary>
    public const string Cleared = "(dihapus)";

    /// <summary>A promotion decision withdrawn, in the history's words: as <see cref="Cleared"/>.</summary>
    public const string Withdrawn = "(dibatalkan)";

    /// <summary>Whether what a history row says a part became is read word by word against what it replaced: not where it is
    /// words of ours saying the part is gone.</summary>
    public static bool Comparable(string detail) => detail is not (Cleared or Withdrawn);

    private static string Days(int sick, int permitted, int unexcused) => $"Sakit {sick}, izin {permitted}, tanpa keterangan {unexcused} hari";

    private static string Extracurricular(string activity, string? predicate, string description) =>
        $"{activity}{(predicate is null ? "" : $" ({predicate})")}: {description}";

    /// <summary>The parts of the report card as the history names them; a wali kelas's parts in the words of their forms.</summary>
    public static class Sections
    {
        public const string Attendance = HomeroomParts.Labels.Attendance;
        public const string Extracurricular = HomeroomParts.Labels.Extracurricular;
        public const string Kokurikuler = HomeroomParts.Labels.Kokurikuler;
        public const string HomeroomNote = HomeroomParts.Labels.HomeroomNote;
        public const string Promotion = HomeroomParts.Labels.Promotion;
        public const string Lock = "Kunci rapor";
        public const string Print = "Cetak rapor";
    }
}
