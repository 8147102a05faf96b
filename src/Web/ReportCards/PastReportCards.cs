using System.Security.Claims;
using ERaport.Read.Audit;
using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using ERaport.Web.Accounts;
using ERaport.Web.Components;
using ERaport.Web.Hosting;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Web.ReportCards;

/// <summary>A moment as people and programs name it: a date and time in the school's zone (the page), an ISO time with offset
/// (the API), or an event sequence (a printed card records one).</summary>
public sealed record MomentInput(DateOnly? Date, TimeOnly? Time, DateTimeOffset? At, long? Sequence)
{
    public bool Given => Sequence is not null || At is not null || Date is not null;

    /// <summary>The time asked for: the end of the minute given (the form asks for minutes, as histories show them, so a
    /// change shown at 14.05 is on the card asked for at 14:05), or of the day without a time (the school's zone).</summary>
    public DateTimeOffset? Instant => At ?? (Date is { } date
        ? new DateTimeOffset(date.ToDateTime(EndOfMinute(Time ?? new TimeOnly(23, 59))), SchoolTime.Zone.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue)))
        : null);

    // Event times are kept to the microsecond.
    private static TimeOnly EndOfMinute(TimeOnly time) => new(time.Hour, time.Minute, 59, 999, 999);
}

/// <summary>What the point-in-time page and API share: who may ask, how a moment is resolved, the answers.</summary>
public sealed class PastReportCards(IDocumentStore store, ReadModelStore readModel, ReadModelPosition position)
{
    public sealed record Answer<T>(T? Value, int Status, string? Code, string? Message)
    {
        public static Answer<T> Refuse(int status, string code, string message) => new(default, status, code, message);
    }

    /// <summary>The card of <paramref name="studentId"/> as it was at <paramref name="moment"/>.</summary>
    public Task<Answer<PastReportCard>> CardAsync(HttpContext http, Guid classId, Guid studentId, MomentInput moment, CancellationToken ct) =>
        WithAccessAsync<PastReportCard>(http, classId, CardReaders, moment, null, ct, async (session, db, at, _) =>
            await ReportCardAtMoment.LoadAsync(session, db, http.User.SchoolId(), classId, studentId, at, ct) is { } card
                ? new Answer<PastReportCard>(card, 200, null, null)
                : NotAtMoment<PastReportCard>(at));

    /// <summary>The card at two moments and what changed between them (the earlier moment first, whichever order given).</summary>
    public Task<Answer<ReportCardDifference>> DiffAsync(HttpContext http, Guid classId, Guid studentId, MomentInput from, MomentInput to,
        CancellationToken ct) =>
        WithAccessAsync<ReportCardDifference>(http, classId, HistoryReaders, from, to, ct, async (session, db, a, b) =>
        {
            var (early, late) = a.Sequence <= b!.Sequence ? (a, b) : (b, a);
            return await ReportCardAtMoment.CompareAsync(session, db, http.User.SchoolId(), classId, studentId, early, late, ct) is { } diff
                ? new Answer<ReportCardDifference>(diff, 200, null, null)
                : NotAtMoment<ReportCardDifference>(late);
        });

    /// <summary>Who may ask (given the class and its term), and what anyone else is told.</summary>
    private sealed record Access(Func<ClaimsPrincipal, Guid, Guid, bool> May, string Refusal);

    // A card at a moment shows only what a card shows (no who, when or why): whoever sees today's card, the admin too.
    private static readonly Access CardReaders = new(ReportCardAccess.CanSeeReportCards,
        "Hanya kepala sekolah semester ini, admin, dan wali kelas kelas ini yang dapat melihat rapor pada waktu tertentu.");

    // A comparison says who changed what, when and why: a history, which the admin does not read.
    private static readonly Access HistoryReaders = new(ReportCardAccess.CanReadHomeroomPages,
        "Perbandingan rapor hanya untuk wali kelas kelas ini dan kepala sekolah.");

    private async Task<Answer<T>> WithAccessAsync<T>(HttpContext http, Guid classId, Access access, MomentInput first, MomentInput? second, CancellationToken ct,
        Func<IQuerySession, ReadModelDb, CardMoment, CardMoment?, Task<Answer<T>>> answer)
    {
        if (!first.Given || second is { Given: false })
            return Answer<T>.Refuse(StatusCodes.Status400BadRequest, "moment.required", $"Pilih tanggal dan jam ({SchoolTime.ZoneName}) atau nomor urut perubahan.");
        await using var session = store.QuerySession();
        var a = await ResolveAsync(session, first, ct);
        var b = second is null ? null : await ResolveAsync(session, second, ct);
        // Today's read model proposes the streams; it must have seen every stream that existed at the moment.
        await position.WaitForAsync(Math.Max(a.Sequence, b?.Sequence ?? 0), ReadConsistency.MaxWait, ct);
        await using var db = readModel.CreateDbContext();
        if (await db.Classes.FindAsync([classId], ct) is not { } cls || cls.SchoolId != http.User.SchoolId())
            return Answer<T>.Refuse(StatusCodes.Status404NotFound, "class.not_found", "Kelas tidak ditemukan.");
        // After the lookup: the class's term decides whether a principal may see it.
        if (!access.May(http.User, classId, cls.TermId))
            return Answer<T>.Refuse(StatusCodes.Status403Forbidden, "report_card.forbidden", access.Refusal);
        return await answer(session, db, a, b);
    }

    private static Task<CardMoment> ResolveAsync(IQuerySession session, MomentInput input, CancellationToken ct) =>
        input.Sequence is { } sequence ? PastEvents.MomentOfAsync(session, sequence, ct) : PastEvents.MomentAsync(session, input.Instant!.Value, ct);

    private static Answer<T> NotAtMoment<T>(CardMoment at) =>
        Answer<T>.Refuse(StatusCodes.Status404NotFound, "report_card.not_at_moment",
            $"Pada {Format.Time(at.At)} (perubahan ke-{at.Sequence.ToString("N0", Format.Indonesian)}) peserta didik ini belum terdaftar di kelas mana pun pada semester ini.");
}
