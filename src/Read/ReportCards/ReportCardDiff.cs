using ERaport.Read.Accounts;
using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Read.School;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using JasperFx.Events;

namespace ERaport.Read.ReportCards;

/// <summary>The parts of a report card a change belongs to.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<CardSection>))]
public enum CardSection
{
    Identity,
    Subject,
    Kokurikuler,
    Extracurricular,
    Attendance,
    HomeroomNote,
    Promotion,
}

/// <summary>One printed value of a card: <see cref="Item"/> names it within its section (and subject).</summary>
public sealed record CardLine(CardSection Section, Guid? SubjectId, string? Subject, string Item, string Value);

/// <summary>A printed value that differs between two moments; null before or after: not printed then.</summary>
public sealed record CardChange(CardSection Section, Guid? SubjectId, string? Subject, string Item, string? Before, string? After);

/// <summary>An event that changed a part of the card: when, who (user name and display name), through what
/// (<see cref="Source"/>), why; <see cref="Score"/> for a gradebook's history line (a score, the NA, a description,
/// a correction request or its decision), else <see cref="What"/> says it. <see cref="RequestedByName"/>: for a change an
/// approved correction request made (the principal's event, with the request's reason), who asked for it.</summary>
public sealed record CardCause(
    long Sequence, DateTimeOffset At, string ChangedBy, string ChangedByName, string Source, CardSection Section, Guid? SubjectId, string What,
    string? Reason, ScoreChange? Score = null, string? RequestedByName = null);

/// <summary>A correction request the principal approved, as the changes it made explain themselves: who asked and why, who
/// approved and why.</summary>
public sealed record ApprovedRequest(string RequestedByName, string Reason, string ApprovedByName, string ApprovalReason);

public sealed record CardDifference(CardChange Change, IReadOnlyList<CardCause> Causes);

/// <summary>Two moments of one card; <see cref="Before"/> null when the student was in no class of the term then.</summary>
public sealed record ReportCardDifference(
    CardMoment From, CardMoment To, StudentReportCard? Before, StudentReportCard After, IReadOnlyList<CardDifference> Changes);

/// <summary>Compares two report cards section by section and says which events made each difference.</summary>
public static class ReportCardDiff
{
    /// <summary>Every value the card prints, in the card's order.</summary>
    public static IEnumerable<CardLine> Lines(StudentReportCard card)
    {
        CardLine Identity(string item, string? value) => new(CardSection.Identity, null, null, item, value ?? "");
        yield return Identity("Nama peserta didik", card.Student.Name);
        yield return Identity("NISN", card.Student.Nisn);
        yield return Identity("NIS", card.Student.Nis);
        yield return Identity("Agama", card.Student.Religion);
        yield return Identity("Sekolah", card.School.Name);
        yield return Identity("Alamat sekolah", card.School.Address);
        yield return Identity("Kelas", card.Class.Name);
        yield return Identity("Fase", card.Class.Phase);
        yield return Identity("Tahun pelajaran", ERaport.Write.School.Term.Name(card.Term.SchoolYear, card.Term.Semester));
        // As the card prints it ("Sukamaju, 19 Desember 2026"): the comparison is read beside the paper.
        yield return Identity("Tempat dan tanggal rapor", $"{card.Term.Place}, {card.Term.ReportDate?.ToString("d MMMM yyyy", SchoolTime.Indonesian) ?? "–"}");
        yield return Identity("Wali kelas", card.Class.HomeroomTeacher);
        yield return Identity("NIP wali kelas", card.Class.HomeroomTeacherNip);
        yield return Identity("Kepala sekolah", card.School.Principal);
        yield return Identity("NIP kepala sekolah", card.School.PrincipalNip);
        foreach (var group in card.Groups)
            foreach (var s in group.Subjects)
            {
                yield return new CardLine(CardSection.Subject, s.SubjectId, s.Name, "Mata pelajaran", $"{s.Name} ({group.Heading})");
                yield return new CardLine(CardSection.Subject, s.SubjectId, s.Name, "Nilai akhir",
                    s.FinalGrade is { } na ? s.Overridden ? $"{na} (ditetapkan guru)" : na.ToString() : "belum lengkap");
                yield return new CardLine(CardSection.Subject, s.SubjectId, s.Name, "Capaian kompetensi", s.Description);
            }
        var h = card.Homeroom;
        yield return new CardLine(CardSection.Kokurikuler, null, null, "Kokurikuler", h.Kokurikuler ?? "");
        foreach (var (e, i) in h.Extracurriculars.Select((e, i) => (e, i)))
            yield return new CardLine(CardSection.Extracurricular, null, null, $"Ekstrakurikuler {i + 1}",
                $"{e.Activity}{(e.Predicate is { Length: > 0 } p ? $" ({p})" : "")}: {e.Description}");
        yield return new CardLine(CardSection.Attendance, null, null, "Sakit", $"{h.Attendance.Sick} hari");
        yield return new CardLine(CardSection.Attendance, null, null, "Izin", $"{h.Attendance.Permitted} hari");
        yield return new CardLine(CardSection.Attendance, null, null, "Tanpa keterangan", $"{h.Attendance.Unexcused} hari");
        yield return new CardLine(CardSection.HomeroomNote, null, null, "Catatan wali kelas", h.HomeroomNote ?? "");
        if (card.HasPromotion)
            yield return new CardLine(CardSection.Promotion, null, null, "Keputusan", h.Promotion?.Wording ?? "");
    }

    /// <summary>The values that differ, in the later card's order, then what only the earlier card printed.
    /// A null <paramref name="before"/> (no card then) makes every value of <paramref name="after"/> new.</summary>
    public static IReadOnlyList<CardChange> Compare(StudentReportCard? before, StudentReportCard after)
    {
        var old = (before is null ? [] : Lines(before)).ToDictionary(Key);
        var now = Lines(after).ToList();
        var changes = now.Where(l => !old.TryGetValue(Key(l), out var o) || o.Value != l.Value)
            .Select(l => new CardChange(l.Section, l.SubjectId, l.Subject, l.Item, old.GetValueOrDefault(Key(l))?.Value, l.Value)).ToList();
        var kept = now.Select(Key).ToHashSet();
        changes.AddRange(old.Values.Where(o => !kept.Contains(Key(o))).Select(o => new CardChange(o.Section, o.SubjectId, o.Subject, o.Item, o.Value, null)));
        return changes;
    }

    private static (CardSection, Guid?, string) Key(CardLine l) => (l.Section, l.SubjectId, l.Item);

    /// <summary>Each change with the causes of its section (for a subject: of that subject). A subject that came
    /// or went without events of its own did so with the student's class: the identity causes (a move) explain it.</summary>
    public static ReportCardDifference Attach(CardMoment from, StudentReportCard? before, CardMoment to, StudentReportCard after,
        IReadOnlyList<CardCause> causes)
    {
        var changes = Compare(before, after).Select(change =>
        {
            var own = causes.Where(c => c.Section == change.Section && c.SubjectId == change.SubjectId).ToList();
            if (own.Count == 0 && change.Section == CardSection.Subject)
                own = causes.Where(c => c.Section == CardSection.Identity).ToList();
            return new CardDifference(change, own);
        }).ToList();
        return new ReportCardDifference(from, to, before, after, changes);
    }

    /// <summary>What one event did to one student's card, read from the rows the read model's projectors make of it:
    /// its history lines for the student where it has them, else the master data it saved.
    /// <paramref name="subjects"/>: gradebook → subject; <paramref name="labels"/>: (gradebook, assessment) → label;
    /// <paramref name="names"/>: user name → display name; <paramref name="approvals"/>: the approved correction requests, by the
    /// approving command (<see cref="Approvals"/>), which the changes they made carry.</summary>
    public static IEnumerable<CardCause> CausesOf(IEvent e, Guid studentId, IReadOnlyDictionary<Guid, Guid> subjects,
        IReadOnlyDictionary<(Guid, string), string> labels, IReadOnlyDictionary<string, string> names,
        IReadOnlyDictionary<string, ApprovedRequest>? approvals = null)
    {
        List<RowChange> changes;
        try
        {
            changes = [.. Projector.Project(e)];
        }
        catch (Exception)
        {
            // Not on the card either: the read model skips what its projectors cannot handle.
            return [];
        }
        var by = e.UserName ?? "";
        var byName = names.GetValueOrDefault(by) ?? by;
        var source = e.GetHeader(CommandPipeline.SourceHeader)?.ToString() ?? "";
        // The approval's own command: the changes it made are the principal's events with the request's reason, asked by another.
        var approved = approvals?.GetValueOrDefault(ReportCardChangeRow.CommandOf(e));
        CardCause Cause(CardSection section, Guid? subjectId, string what, string? reason = null, ScoreChange? score = null, string? requestedBy = null) =>
            new(e.Sequence, e.Timestamp, by, byName, source, section, subjectId, what, reason, score, requestedBy);

        CardCause ScoreCause(ScoreChangeRow r, Guid subjectId, string? requestedBy)
        {
            var label = labels.GetValueOrDefault((r.GradebookId, r.Assessment)) ?? Label(r.Assessment);
            return Cause(CardSection.Subject, subjectId, label, r.Reason, new ScoreChange(r.Sequence, r.Assessment, label, r.Kind, r.Before, r.After,
                r.ChangedBy, byName, r.ChangedAt, r.Reason, r.Source, r.Detail, r.DetailBefore, requestedBy), requestedBy);
        }

        var rows = changes.Select(c => c switch { Upsert u => u.Row, Insert i => i.Row, _ => null }).OfType<object>().ToList();
        var history = rows.Select(row => row switch
        {
            // A change of weights or KKTP, or of a TP, is the whole gradebook's (no student) and moves this student's NA or description too.
            ScoreChangeRow r when (r.StudentId == studentId || (r.StudentId == Guid.Empty && ScoreChangeRow.ForEveryStudent.Contains(r.Kind)))
                                  && subjects.TryGetValue(r.GradebookId, out var subjectId) =>
                ScoreCause(r, subjectId, ScoreChangeRow.Markers.Contains(r.Kind) || r.Source != nameof(EntrySource.Approval) ? null : approved?.RequestedByName),
            ReportCardChangeRow r when r.StudentId == studentId && SectionOf(r.Section) is { } section => approved is null ? Cause(section, null, r.Detail)
                : Cause(section, null, r.Detail,
                    $"Diubah melalui permintaan koreksi wali kelas: {approved.Reason}; disetujui oleh {approved.ApprovedByName}: {approved.ApprovalReason}",
                    requestedBy: approved.RequestedByName),
            StudentChangeRow r when r.StudentId == studentId => Cause(CardSection.Identity, null, Student(r.Kind, r.Changes),
                r.Kind == StudentChangeKind.Withdrawn ? r.Detail : null),
            _ => null,
        }).OfType<CardCause>().ToList();
        if (history.Count > 0)
            return history;
        return rows.Select(row => row switch
        {
            SchoolRow => Cause(CardSection.Identity, null, "Profil sekolah disimpan"),
            TermRow => Cause(CardSection.Identity, null, "Data semester disimpan"),
            ClassRow => Cause(CardSection.Identity, null, "Data kelas disimpan"),
            UserRow => Cause(CardSection.Identity, null, "Data pengguna (wali kelas) disimpan"),
            StudentRow r when r.StudentId == studentId => Cause(CardSection.Identity, null, "Peserta didik didaftarkan"),
            EnrollmentRow r when r.StudentId == studentId => Cause(CardSection.Identity, null, "Masuk kelas"),
            SubjectRow r => Cause(CardSection.Subject, r.SubjectId, "Data mata pelajaran disimpan"),
            GradebookRow r => Cause(CardSection.Subject, r.SubjectId, "Buku nilai dibuka"),
            _ => null,
        }).OfType<CardCause>().Take(1).ToList();
    }

    /// <summary>The approved correction requests, a teacher's and a wali kelas's, by the approving command (the changes it saved
    /// carry the same command id): who asked and why, who approved and why. <paramref name="requests"/>: events in order, among them
    /// those of the student's correction requests (a request may be older than a compared span).</summary>
    public static IReadOnlyDictionary<string, ApprovedRequest> Approvals(IEnumerable<IEvent> requests, IReadOnlyDictionary<string, string> names)
    {
        string Name(string? user) => names.GetValueOrDefault(user ?? "") ?? user ?? "";
        var asked = new Dictionary<Guid, (string By, string Reason)>();
        var approved = new Dictionary<string, ApprovedRequest>();
        foreach (var e in requests)
            switch (e.Data)
            {
                case HomeroomCorrectionRequested x:
                    asked[x.RequestId] = (Name(e.UserName), x.Reason);
                    break;
                case CorrectionRequested x:
                    asked[x.RequestId] = (Name(e.UserName), x.Reason);
                    break;
                case CorrectionApproved x when asked.TryGetValue(x.RequestId, out var request):
                    approved[ReportCardChangeRow.CommandOf(e)] = new ApprovedRequest(request.By, request.Reason, Name(e.UserName), x.Reason);
                    break;
            }
        return approved;
    }

    private static string Label(string assessment) => assessment switch
    {
        ScoreChangeRow.FinalGrade => "Nilai akhir",
        ScoreChangeRow.Description => "Capaian kompetensi",
        ScoreChangeRow.Scheme => ScoreHistoryQuery.Label(assessment),
        _ => assessment.ToUpperInvariant(),
    };

    private static string Student(StudentChangeKind kind, string? changes) => kind switch
    {
        StudentChangeKind.Updated => $"Data peserta didik diubah: {changes}",
        StudentChangeKind.MovedIn => "Pindah masuk kelas",
        StudentChangeKind.MovedOut => "Pindah keluar kelas",
        StudentChangeKind.Withdrawn => "Keluar dari kelas",
        _ => kind.ToString(),
    };

    private static CardSection? SectionOf(string section) => section switch
    {
        ReportCardProjector.Sections.Attendance => CardSection.Attendance,
        ReportCardProjector.Sections.Extracurricular => CardSection.Extracurricular,
        ReportCardProjector.Sections.Kokurikuler => CardSection.Kokurikuler,
        ReportCardProjector.Sections.HomeroomNote => CardSection.HomeroomNote,
        ReportCardProjector.Sections.Promotion => CardSection.Promotion,
        _ => null,
    };
}
