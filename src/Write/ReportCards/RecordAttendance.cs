using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.ReportCards;

/// <summary>Days absent as typed (blank: 0), one entry per student: a whole class from the attendance grid or
/// one student through the API. All or nothing. <see cref="Seen"/> is the attendance the sender last saw (null:
/// none recorded yet, as the scores API takes a missing seen value for an empty cell): a card whose attendance
/// has changed since is a conflict, never overwritten. The three days are one fact of the card, so the whole
/// row is compared. A card's first entry is recorded even when it is 0 days, so a card whose attendance was never
/// entered can be told from one never absent. <see cref="IfNeverEntered"/>: a row the grid showed as never saved
/// and the wali kelas left as it was; saving the grid enters it, unless someone entered it meanwhile, whose entry
/// then stands (no conflict: nothing was typed over it).</summary>
public sealed record AttendanceEntry(Guid StudentId, string? Sick, string? Permitted, string? Unexcused, Attendance? Seen = null, bool IfNeverEntered = false);

public sealed record RecordAttendance(Guid CommandId, Guid ClassId, IReadOnlyList<AttendanceEntry> Entries, Actor By, EntrySource Source) : ICommand;

public static class RecordAttendanceHandler
{
    /// <summary>A semester has about 100–120 school days; more than this is a typing error.</summary>
    public const int MaxDays = 150;

    public static MultiDecision Decide(HomeroomState s, RecordAttendance c)
    {
        if (HomeroomRules.GuardEntries(s, c.Entries, e => e.StudentId,
                new DomainError("attendance.empty", "Tidak ada data ketidakhadiran yang dikirim.")) is { } refused)
            return refused;

        var errors = new List<DomainError>();
        var stale = new List<DomainError>();
        var streams = new List<StreamEvents>();
        foreach (var e in c.Entries)
        {
            var errorsBefore = errors.Count;
            var sick = Days(e.Sick, e.StudentId, "sick", "Sakit", errors);
            var permitted = Days(e.Permitted, e.StudentId, "permitted", "Izin", errors);
            var unexcused = Days(e.Unexcused, e.StudentId, "unexcused", "Tanpa keterangan", errors);
            var attendance = new Attendance(sick, permitted, unexcused);
            // The total and its parts: one of the three cells is usually the typo (100 for 10).
            if (sick + permitted + unexcused > MaxDays)
                errors.Add(new DomainError("attendance.total_too_high",
                    $"Jumlah hari tidak hadir paling banyak {MaxDays}; yang diisi {sick + permitted + unexcused} ({Parts(attendance)}).",
                    new Dictionary<string, object?> { ["studentId"] = e.StudentId }));
            var card = s.Card(e.StudentId);
            var current = card?.Attendance ?? Attendance.None;
            // The first entry is kept even when it is 0 days: "never absent" is then the wali kelas's word, not a gap. (A
            // snapshot stored before the stamp existed has none: days it holds were entered, 0 days may have been.)
            var entered = card is not null && (card.AttendanceChanged is not null || current != Attendance.None);
            if (errors.Count > errorsBefore || (attendance == current && entered) || (e.IfNeverEntered && entered))
                continue;
            if ((e.Seen ?? Attendance.None) != current)
                stale.Add(HomeroomRules.Stale(HomeroomRules.AttendanceStale, HomeroomParts.Labels.Attendance, e.StudentId, null, e.Seen ?? Attendance.None, current, Shown,
                    s.Card(e.StudentId)?.AttendanceChanged));
            else
                streams.Add(HomeroomRules.Events(s, e.StudentId, [new AttendanceRecorded(sick, permitted, unexcused, entered ? current : null)]));
        }
        return HomeroomRules.Outcome(errors, stale, streams.Count, streams);
    }

    public static string Shown(Attendance a) => $"{Parts(a)} hari";

    private static string Parts(Attendance a) => $"sakit {a.Sick}, izin {a.Permitted}, tanpa keterangan {a.Unexcused}";

    /// <summary>Whole days 0 to <see cref="MaxDays"/>; blank is 0. An error leaves 0 and is collected.</summary>
    private static int Days(string? typed, Guid studentId, string field, string label, List<DomainError> errors)
    {
        var text = (typed ?? "").Trim();
        if (text.Length == 0)
            return 0;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days) && days <= MaxDays)
            return days;
        errors.Add(new DomainError($"attendance.{field}_invalid", $"{label}: isi jumlah hari berupa bilangan bulat 0–{MaxDays}.",
            new Dictionary<string, object?> { ["studentId"] = studentId, ["field"] = field, ["value"] = typed }));
        return 0;
    }

    public static Task<CommandOutcome> Handle(RecordAttendance c, IDocumentSession session, CancellationToken ct) =>
        HomeroomRules.Execute(session, c, c.ClassId, (c.Entries ?? []).Where(e => e is not null).Select(e => e.StudentId),
            s => Decide(s, c), ct);
}
