using ERaport.Write.Common;
using ERaport.Write.Grading;
using Marten;

namespace ERaport.Write.ReportCards;

/// <summary>The parts of a locked report card its wali kelas can ask to correct, as the API and the pages name them.</summary>
public static class HomeroomParts
{
    public const string Attendance = "ketidakhadiran";
    public const string Kokurikuler = "kokurikuler";
    public const string HomeroomNote = "catatan";
    public const string Promotion = "keputusan";
    public const string Extracurricular = "ekstrakurikuler";

    public static readonly IReadOnlyList<string> All = [Attendance, Kokurikuler, HomeroomNote, Promotion, Extracurricular];

    /// <summary>The parts in people's words: the same on the wali kelas's forms and in their messages, in the principal's
    /// queue and in the report card's history.</summary>
    public static class Labels
    {
        public const string Attendance = "Ketidakhadiran";
        public const string Kokurikuler = "Deskripsi kokurikuler";
        public const string HomeroomNote = "Catatan wali kelas";
        public const string Promotion = "Keputusan";
        public const string Extracurricular = "Ekstrakurikuler";
    }

    public static string Label(string part) => part switch
    {
        Attendance => Labels.Attendance,
        Kokurikuler => Labels.Kokurikuler,
        HomeroomNote => Labels.HomeroomNote,
        Promotion => Labels.Promotion,
        Extracurricular => Labels.Extracurricular,
        _ => part,
    };
}

/// <summary>One part of a report card as asked to change, with what the sender saw, exactly as the homeroom pages save it:
/// days as typed and <see cref="SeenAttendance"/> for <see cref="HomeroomParts.Attendance"/>; the text (empty: clear it)
/// and <see cref="SeenText"/> for kokurikuler and catatan; the kind (<see cref="PromotionKinds"/>, empty: withdraw the
/// decision) and the kind seen for keputusan; one extracurricular line (<see cref="Line"/>: a new entry id adds it) and the
/// line seen (<see cref="SeenLine"/>, null for a new one) for ekstrakurikuler.</summary>
public sealed record HomeroomChange(
    string? Part, string? Sick = null, string? Permitted = null, string? Unexcused = null, Attendance? SeenAttendance = null,
    string? Text = null, string? SeenText = null, ExtracurricularLine? Line = null, ExtracurricularSeen? SeenLine = null);

/// <summary>An extracurricular line as asked for; <see cref="Remove"/>: take the line off the report card.</summary>
public sealed record ExtracurricularLine(Guid EntryId, string? Activity, string? Predicate, string? Description, bool Remove = false);

/// <summary>The wali kelas asks the principal to change one part of one student's locked report card, and why.
/// <see cref="RequestId"/> names the request's stream (a <see cref="CorrectionRequest"/>, like a teacher's).</summary>
public sealed record RequestHomeroomCorrection(
    Guid CommandId, Guid RequestId, Guid ClassId, Guid StudentId, HomeroomChange? Change, string? Reason, Actor By, EntrySource Source) : ICommand;

/// <summary>The change asked for, checked as a save would be and stored as the card would store it (<see
/// cref="Change"/>), so that approving it is that save. <see cref="Before"/> and <see cref="After"/> say the part as the
/// card showed it and as asked for, in the report's words.</summary>
public sealed record HomeroomCorrectionRequested(
    Guid RequestId, Guid TermId, Guid ClassId, Guid StudentId, HomeroomChange Change, string Reason, string Before, string After);

public static class RequestHomeroomCorrectionHandler
{
    /// <summary><paramref name="waiting"/>: the requests about the student in the term still waiting for the principal.</summary>
    public static MultiDecision Decide(
        HomeroomState s, CorrectionRequest? existing, IReadOnlyCollection<CorrectionRequest> waiting, string requestKey, RequestHomeroomCorrection c)
    {
        if (existing is not null)
            return MultiDecision.Reject(OutcomeStatus.Conflict, new DomainError("correction.already_requested", "Permintaan koreksi ini sudah dikirim."));
        if (HomeroomRules.Guard(s, [c.StudentId]) is { } refused)
            return refused;
        if (c.Change?.Part is not { } part || !HomeroomParts.All.Contains(part))
            return MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("correction.part_unknown",
                $"Bagian rapor yang dikoreksi harus salah satu dari: {string.Join(", ", HomeroomParts.All)}.",
                new Dictionary<string, object?> { ["part"] = c.Change?.Part }));
        var card = s.Card(c.StudentId);
        if (card?.Locked != true)
            return MultiDecision.Reject(OutcomeStatus.Conflict, new DomainError("correction.not_locked",
                "Rapor peserta didik ini tidak dikunci: ubah datanya langsung di halaman wali kelas, tanpa permintaan koreksi.",
                new Dictionary<string, object?> { ["studentId"] = c.StudentId }));
        var target = new CorrectionTarget(s.Class!.TermId, Guid.Empty, c.StudentId, part, c.Change.Line?.EntryId);
        if (CorrectionRequest.AlreadyWaiting(waiting, target, HomeroomParts.Label(part).ToLowerInvariant()) is { } waits)
            return MultiDecision.Reject(OutcomeStatus.Conflict, waits);

        var saved = HomeroomCorrection.Save(s, c.StudentId, c.Change, c.By, c.Source);
        var noReason = GradebookRules.Reason(c.Reason, "correction", "koreksi");
        if (!saved.IsAccepted)
            return saved.Status == OutcomeStatus.Invalid && noReason is not null
                ? MultiDecision.Reject(OutcomeStatus.Invalid, [.. saved.Errors, noReason])
                : saved;
        if (noReason is not null)
            return MultiDecision.Reject(OutcomeStatus.Invalid, noReason);
        if (saved.Streams.Count == 0)
            return MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("correction.no_change",
                $"{HomeroomParts.Label(part)} yang diajukan sama dengan yang ada di rapor sekarang.",
                new Dictionary<string, object?> { ["studentId"] = c.StudentId, ["part"] = part }));

        var change = HomeroomCorrection.AsStored(part, saved.Streams[0].Events[0], card);
        var requested = new HomeroomCorrectionRequested(c.RequestId, s.Class!.TermId, s.Class.ClassId, c.StudentId, change, c.Reason!.Trim(),
            HomeroomCorrection.Before(s, change), HomeroomCorrection.After(s, change));
        return MultiDecision.Append(1, [new StreamEvents(requestKey, typeof(CorrectionRequest), true, [requested])]);
    }

    public static Task<CommandOutcome> Handle(RequestHomeroomCorrection c, IDocumentSession session, CancellationToken ct)
    {
        var requestKey = StreamKeys.CorrectionRequest(c.By.SchoolId, c.RequestId);
        return HomeroomRules.Execute(session, c, c.ClassId, [c.StudentId], HomeroomWrite.Request,
            $"{c.By.SchoolId}/homeroom/{c.ClassId:N}", async (s, _) => Decide(s, await session.LoadAsync<CorrectionRequest>(requestKey, ct),
                s.Class is null ? [] : await CorrectionRequest.WaitingAsync(session, s.Class.TermId, c.StudentId, ct), requestKey, c), ct);
    }
}

/// <summary>What a wali kelas's correction request and its approval share: the change is the homeroom save it
/// names, decided by that save's own rules.</summary>
public static class HomeroomCorrection
{
    /// <summary>The save of <paramref name="change"/> to one student's card: its events, or why not (invalid, or stale
    /// against what the card holds now).</summary>
    public static MultiDecision Save(HomeroomState s, Guid studentId, HomeroomChange? change, Actor by, EntrySource source)
    {
        var classId = s.Class!.ClassId;
        return change?.Part switch
        {
            HomeroomParts.Attendance => RecordAttendanceHandler.Decide(s, new RecordAttendance(Guid.Empty, classId,
                [new AttendanceEntry(studentId, change.Sick, change.Permitted, change.Unexcused, change.SeenAttendance)], by, source)),
            HomeroomParts.Kokurikuler => WriteHomeroomNotesHandler.Decide(s, new WriteHomeroomNotes(Guid.Empty, classId,
                [new HomeroomNoteEntry(studentId, change.Text ?? "", null, SeenKokurikuler: change.SeenText)], by, source)),
            HomeroomParts.HomeroomNote => WriteHomeroomNotesHandler.Decide(s, new WriteHomeroomNotes(Guid.Empty, classId,
                [new HomeroomNoteEntry(studentId, null, change.Text ?? "", SeenHomeroomNote: change.SeenText)], by, source)),
            HomeroomParts.Promotion => DecidePromotionsHandler.Decide(s, new DecidePromotions(Guid.Empty, classId,
                [new PromotionEntry(studentId, change.Text ?? "", change.SeenText)], by, source)),
            HomeroomParts.Extracurricular => change.Line switch
            {
                null => MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("correction.line_missing",
                    "Sebutkan kegiatan ekstrakurikuler yang dikoreksi (line: entryId, kegiatan, predikat, keterangan, atau remove).")),
                { Remove: true } line => RemoveExtracurricularHandler.Decide(s, new RemoveExtracurricular(Guid.Empty, classId, studentId, line.EntryId, by,
                    source, change.SeenLine)),
                var line => SaveExtracurricularHandler.Decide(s, new SaveExtracurricular(Guid.Empty, classId, studentId, line.EntryId, line.Activity,
                    line.Predicate, line.Description, by, source, change.SeenLine)),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(change), change?.Part, null),
        };
    }

    /// <summary>The change as the card stores it (days as numbers, texts trimmed, the kind), from the event its save
    /// produced, with what the card held as seen: the request was checked against exactly that.</summary>
    public static HomeroomChange AsStored(string part, object saved, ReportCard card) => saved switch
    {
        AttendanceRecorded a => new HomeroomChange(part, $"{a.Sick}", $"{a.Permitted}", $"{a.Unexcused}", card.Attendance),
        KokurikulerWritten k => new HomeroomChange(part, Text: k.Text, SeenText: card.Kokurikuler),
        HomeroomNoteWritten n => new HomeroomChange(part, Text: n.Text, SeenText: card.HomeroomNote),
        PromotionDecided p => new HomeroomChange(part, Text: p.Kind, SeenText: card.Promotion?.Kind ?? ""),
        PromotionCleared => new HomeroomChange(part, Text: "", SeenText: card.Promotion?.Kind ?? ""),
        ExtracurricularAdded x => new HomeroomChange(part, Line: new ExtracurricularLine(x.EntryId, x.Activity, x.Predicate, x.Description)),
        ExtracurricularRevised x => new HomeroomChange(part, Line: new ExtracurricularLine(x.EntryId, x.Activity, x.Predicate, x.Description),
            SeenLine: SeenLine(card, x.EntryId)),
        ExtracurricularRemoved x => new HomeroomChange(part, Line: new ExtracurricularLine(x.EntryId, null, null, null, Remove: true),
            SeenLine: SeenLine(card, x.EntryId)),
        _ => throw new ArgumentOutOfRangeException(nameof(saved), saved.GetType().Name, null),
    };

    private static ExtracurricularSeen? SeenLine(ReportCard card, Guid entryId) =>
        card.FindExtracurricular(entryId) is { } x ? new ExtracurricularSeen(x.Activity, x.Predicate, x.Description) : null;

    /// <summary>The part as the sender saw it, in the report's words.</summary>
    public static string Before(HomeroomState s, HomeroomChange change) => change.Part switch
    {
        HomeroomParts.Attendance => RecordAttendanceHandler.Shown(change.SeenAttendance ?? Attendance.None),
        HomeroomParts.Extracurricular => change.SeenLine is { } x ? Line(x.Activity, x.Predicate, x.Description) : NoLine,
        _ => Words(s, change.Part!, change.SeenText),
    };

    /// <summary>A stored change as asked for, in the report's words.</summary>
    public static string After(HomeroomState s, HomeroomChange change) => change.Part switch
    {
        HomeroomParts.Attendance => RecordAttendanceHandler.Shown(new Attendance(int.Parse(change.Sick!), int.Parse(change.Permitted!), int.Parse(change.Unexcused!))),
        HomeroomParts.Extracurricular => change.Line is { Remove: true } ? Removed : Line(change.Line!.Activity, change.Line.Predicate, change.Line.Description),
        _ => Words(s, change.Part!, change.Text),
    };

    private static string Words(HomeroomState s, string part, string? text) => part == HomeroomParts.Promotion
        ? text is { Length: > 0 } kind ? PromotionKinds.Wording(kind, s.Class!.Level) : Undecided
        : text is { Length: > 0 } ? text : Empty;

    /// <summary>What <see cref="Before"/> and <see cref="After"/> say where there is none of the part: words of ours, no text of the
    /// card's to compare word by word.</summary>
    public const string NoLine = "(belum ada)", Removed = "(dihapus)", Undecided = "belum diputuskan", Empty = "(kosong)";

    /// <summary>Whether a part in the report's words (<see cref="Before"/>, <see cref="After"/>) is one the card holds.</summary>
    public static bool Holds(string words) => words is not (NoLine or Removed or Undecided or Empty);

    private static string Line(string? activity, string? predicate, string? description) =>
        $"{activity}{(predicate is null ? "" : $" ({predicate})")}: {description}";

    /// <summary>The principal approves: the change is saved to the card as its wali kelas would have saved it before the
    /// lock (source Approval), with the decision on the request, in one transaction; stale when the part changed since.</summary>
    public static MultiDecision Approve(HomeroomState s, CorrectionRequest? request, string requestKey, ApproveCorrection c)
    {
        if (CorrectionDecision.Refusal(s.By, request, c.Reason, "menyetujui koreksi") is { } refused)
            return MultiDecision.Reject(refused.Status, [.. refused.Errors]);
        var r = request!.Homeroom!;
        var saved = Save(s, r.StudentId, r.Change, s.By.By, EntrySource.Approval);
        if (saved.Status == OutcomeStatus.Conflict)
            return MultiDecision.Reject(OutcomeStatus.Conflict, [.. saved.Errors.Select(stale => new DomainError("correction.stale",
                $"{HomeroomParts.Label(r.Change.Part!)} peserta didik ini sudah diubah sejak koreksi diajukan. " +
                "Tidak ada yang diubah; tolak permintaan ini dan minta wali kelas mengajukan lagi.", stale.Details))]);
        if (!saved.IsAccepted)
            return saved;
        return MultiDecision.Append(1,
        [
            new StreamEvents(requestKey, typeof(CorrectionRequest), false,
                [new CorrectionApproved(r.RequestId, Guid.Empty, r.StudentId, r.Change.Part!, null, null, c.Reason!.Trim(), r.TermId)]),
            .. saved.Streams,
        ]);
    }
}
