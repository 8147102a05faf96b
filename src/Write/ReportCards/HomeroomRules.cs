using System.Security.Cryptography;
using System.Text;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.ReportCards;

/// <summary>How a homeroom change reaches a report card: saved by the class's wali kelas, refused while the card is
/// locked; asked for by the wali kelas as a correction of a locked card (the lock is why it is a request); or carried
/// out when the principal approves that request.</summary>
public enum HomeroomWrite
{
    Direct,
    Request,
    Approval,
}

/// <summary>What a homeroom decision sees: who acts, the class and its term, the current report card of each student
/// the command names (absent: nothing recorded yet), how the change comes, and the school's last tingkat (<see
/// cref="SchoolProfileData.LastLevel"/>: XIII in a four-year SMK), whose students graduate.</summary>
public sealed record HomeroomState(
    Acting By, SchoolClass? Class, Term? Term, IReadOnlyDictionary<Guid, ReportCard> Cards, HomeroomWrite Write = HomeroomWrite.Direct,
    int LastLevel = SchoolProfileData.ThreeYearLastLevel)
{
    public ReportCard? Card(Guid studentId) => Cards.GetValueOrDefault(studentId);
}

/// <summary>Who may write a class's report cards, and how homeroom commands reach the event store.</summary>
public static class HomeroomRules
{
    public const int MaxTextLength = 4000;

    public static readonly DomainError ClassNotFound = new("class.not_found", "Kelas tidak ditemukan.");

    public static DomainError NotHomeroomTeacher(SchoolClass c) => new("reportCard.not_homeroom_teacher",
        $"Hanya wali kelas {c.Name} pada semester ini yang dapat mengisi data rapor kelas ini.");

    /// <summary>The active account holds the homeroom role for this class in the class's term: roles are per term.</summary>
    public static bool IsHomeroomTeacher(Acting by, SchoolClass c) =>
        by.Account is { Disabled: false } a && a.SchoolId == by.By.SchoolId &&
        a.Roles.Contains(new RoleGrant(Role.HomeroomTeacher, c.TermId, c.ClassId));

    /// <summary>The usual start of a homeroom decision: the class exists, the sender is its wali kelas, every
    /// student named sits in it, and none of their cards is locked. A correction request skips the lock, and an
    /// approval the wali kelas too (the principal decides, <see cref="Grading.CorrectionDecision"/>). Null when the
    /// decision may go on.</summary>
    public static MultiDecision? Guard(HomeroomState s, IReadOnlyCollection<Guid> studentIds)
    {
        if (s.Class is null || s.Term is null)
            return MultiDecision.Reject(OutcomeStatus.NotFound, ClassNotFound);
        if (s.Write != HomeroomWrite.Approval && !IsHomeroomTeacher(s.By, s.Class))
            return MultiDecision.Reject(OutcomeStatus.Forbidden, NotHomeroomTeacher(s.Class));
        var outside = studentIds.Where(id => !s.Class.StudentIds.Contains(id)).ToList();
        if (outside.Count > 0)
            return MultiDecision.Reject(OutcomeStatus.Invalid, [.. outside.Select(id => new DomainError("student.not_in_class",
                "Peserta didik ini tidak terdaftar di kelas ini.", new Dictionary<string, object?> { ["studentId"] = id }))]);
        var locked = s.Write != HomeroomWrite.Direct ? [] : studentIds.Where(id => s.Card(id)?.Locked == true).ToList();
        return locked.Count > 0 ? MultiDecision.Reject(OutcomeStatus.Conflict, ReportCardLock.Refusal(locked)) : null;
    }

    /// <summary>The start of a decision over several students: something was sent, <see cref="Guard"/>, and no
    /// student twice.</summary>
    public static MultiDecision? GuardEntries<T>(HomeroomState s, IReadOnlyList<T>? entries, Func<T, Guid> studentId, DomainError empty)
    {
        if (entries is not { Count: > 0 } || entries.Any(e => e is null))
            return MultiDecision.Reject(OutcomeStatus.Invalid, empty);
        return Guard(s, [.. entries.Select(studentId)]) ?? Duplicate(entries.Select(studentId));
    }

    /// <summary>A student named twice in one command is a client mistake, not a later-wins.</summary>
    private static MultiDecision? Duplicate(IEnumerable<Guid> studentIds) =>
        studentIds.GroupBy(id => id).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("student.duplicate", "Satu peserta didik dikirim lebih dari sekali.",
                new Dictionary<string, object?> { ["studentId"] = twice.Key }))
            : null;

    /// <summary>A free text as stored: trimmed, line breaks kept, at most <see cref="MaxTextLength"/> characters.</summary>
    public static (string Text, DomainError? Error) FreeText(string? value, string field, string label, Guid studentId)
    {
        var text = AsStored(value);
        var details = new Dictionary<string, object?> { ["studentId"] = studentId, ["field"] = field };
        if (text.Length > MaxTextLength)
            return (text, new DomainError($"{field}.too_long", $"{label} paling banyak {MaxTextLength.ToString("N0", SchoolTime.Indonesian)} karakter.", details));
        if (Rules.TextProblem(text, label, allowMarkup: true, lineBreaks: true) is { } problem)
            return (text, new DomainError($"{field}.invalid_characters", problem, details));
        return (text, null);
    }

    /// <summary>A text as <see cref="FreeText"/> stores it; null is empty. A browser posts line breaks as CR LF, so a
    /// seen text compares equal to the stored one only in this form.</summary>
    public static string AsStored(string? value) => (value ?? "").Replace("\r\n", "\n").Trim();

    public const string AttendanceStale = "attendance.stale";
    public const string NotesStale = "notes.stale";
    public const string PromotionStale = "promotion.stale";
    public const string ExtracurricularStale = "extracurricular.stale";

    public static bool IsStale(DomainError e) => e.Code is AttendanceStale or NotesStale or PromotionStale or ExtracurricularStale;

    /// <summary>The refusal of a change whose sender saw <paramref name="seen"/> while the card holds <paramref
    /// name="current"/>: someone changed it meanwhile (another tab, another device, another person), and a page
    /// opened before that must not overwrite it. <paramref name="shown"/> words a value for people; <paramref
    /// name="changed"/> says who made the current value and when, when the card knows (details changedBy, changedAt).</summary>
    public static DomainError Stale<T>(string code, string label, Guid studentId, string? field, T seen, T current, Func<T, string> shown,
        ChangeStamp? changed) =>
        new(code, (changed is null
                      ? $"{label} sudah diubah sejak halaman ini dibuka (di tab atau perangkat lain, atau oleh orang lain): "
                      : $"{label} sudah diubah sejak halaman ini dibuka, {ChangedBy(changed.By, changed.At)}: ") +
                  $"kini {shown(current)}, yang Anda lihat {shown(seen)}. Tidak ada yang disimpan atau ditimpa; bila tetap ingin mengubahnya, simpan lagi.",
            new Dictionary<string, object?>
            {
                ["studentId"] = studentId, ["field"] = field, ["seen"] = seen, ["current"] = current,
                ["changedBy"] = changed?.By, ["changedAt"] = changed?.At,
            });

    /// <summary>"oleh wali.x1 pada 3 Des 2026, 10.15 WIB": a page puts the person's name in place of <paramref name="by"/>.</summary>
    public static string ChangedBy(string by, DateTimeOffset at) => $"oleh {by} pada {SchoolTime.Format(at)}";

    /// <summary>All or nothing: any invalid entry rejects the save (with the stale ones listed too, so that one
    /// answer says everything), else any stale entry makes it a conflict, else every change is appended.</summary>
    public static MultiDecision Outcome(List<DomainError> errors, List<DomainError> stale, int changes, IReadOnlyList<StreamEvents> streams) =>
        errors.Count > 0 ? MultiDecision.Reject(OutcomeStatus.Invalid, [.. errors, .. stale])
        : stale.Count > 0 ? MultiDecision.Reject(OutcomeStatus.Conflict, stale)
        : MultiDecision.Append(changes, streams);

    public static StreamEvents Events(HomeroomState s, Guid studentId, IReadOnlyList<object> events) =>
        new(StreamKeys.ReportCard(s.By.By.SchoolId, s.Class!.TermId, studentId), typeof(ReportCard), s.Card(studentId) is null, events);

    /// <summary>Serialises every writer of one class's report cards (homeroom commands and the class lock), the class
    /// lock with the opening of a gradebook in the class (which starts locked when the class is), and the teachers'
    /// correction requests in the class (none asks again for what still waits, <see cref="Grading.CorrectionRequest.AlreadyWaiting"/>), with an
    /// advisory lock inside the open transaction, released at commit or rollback. Taking this one lock also covers
    /// streams that do not exist yet.</summary>
    public static async Task LockClassAsync(IDocumentSession session, string schoolId, Guid classId, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"eraport/report-cards/{schoolId}/{classId:N}")));
        await session.QueryAsync<int>("select 1 from (select pg_advisory_xact_lock(?)) as l", ct, key);
    }

    /// <summary>The one way a homeroom command is carried out: lock the class, load its state and the named
    /// students' cards, decide, and append to every card in one transaction.</summary>
    public static Task<CommandOutcome> Execute(
        IDocumentSession session, ICommand command, Guid classId, IEnumerable<Guid> studentIds,
        Func<HomeroomState, MultiDecision> decide, CancellationToken ct) =>
        Execute(session, command, classId, studentIds, HomeroomWrite.Direct, $"{command.By.SchoolId}/homeroom/{classId:N}",
            (s, _) => Task.FromResult(decide(s)), ct);

    /// <summary><see cref="Execute(IDocumentSession, ICommand, Guid, IEnumerable{Guid}, Func{HomeroomState, MultiDecision}, CancellationToken)"/>
    /// for a correction request or its approval, whose decision also locks the request's own stream.</summary>
    public static async Task<CommandOutcome> Execute(
        IDocumentSession session, ICommand command, Guid classId, IEnumerable<Guid> studentIds,
        HomeroomWrite write, string receiptKey, Func<HomeroomState, StreamLocks, Task<MultiDecision>> decide, CancellationToken ct)
    {
        var by = command.By;
        await LockClassAsync(session, by.SchoolId, classId, ct);
        return await CommandPipeline.ExecuteMany(session, command, receiptKey, async locks =>
        {
            var acting = await AccountRules.ActingAsync(session, by, ct);
            var schoolClass = await session.LoadAsync<SchoolClass>(StreamKeys.Class(by.SchoolId, classId), ct);
            var term = schoolClass is null ? null : await session.LoadAsync<Term>(StreamKeys.Term(by.SchoolId, schoolClass.TermId), ct);
            var ids = studentIds.Distinct().ToList();
            var cards = new Dictionary<Guid, ReportCard>();
            if (schoolClass is not null && ids.Count > 0)
            {
                var keys = ids.ToDictionary(id => StreamKeys.ReportCard(by.SchoolId, schoolClass.TermId, id));
                foreach (var card in await session.LoadManyAsync<ReportCard>(ct, keys.Keys))
                    cards[keys[card.Id]] = card;
            }
            return await decide(new HomeroomState(acting, schoolClass, term, cards, write, await MasterData.LastLevelAsync(session, by.SchoolId, ct)), locks);
        }, ct);
    }
}
