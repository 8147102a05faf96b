using System.Text.Json.Serialization;
using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using ERaport.Web.Accounts;
using ERaport.Web.Hosting;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using Wolverine;

namespace ERaport.Web.Api;

/// <summary>Days like scores: a JSON number or text, checked by the decision (blank or null: 0). <see cref="Seen"/>:
/// the attendance the client last read (<c>{"sick":1,"permitted":0,"unexcused":0}</c>); missing means none recorded,
/// so changing a student's recorded attendance without it is a conflict (409 with the current days).</summary>
public sealed record AttendanceRequestEntry(
    Guid StudentId,
    [property: JsonConverter(typeof(ScoreTextConverter))] string? Sick,
    [property: JsonConverter(typeof(ScoreTextConverter))] string? Permitted,
    [property: JsonConverter(typeof(ScoreTextConverter))] string? Unexcused,
    Attendance? Seen = null);

public sealed record AttendanceRequest(Guid CommandId, IReadOnlyList<AttendanceRequestEntry>? Entries);

/// <summary>A null text is left as it is; an empty one clears it. Each entry carries the texts the client last read
/// (seenKokurikuler, seenHomeroomNote; missing: empty): a text changed since is a conflict (409), never overwritten.</summary>
public sealed record HomeroomNotesRequest(Guid CommandId, IReadOnlyList<HomeroomNoteEntry>? Entries);

/// <summary><see cref="PromotionEntry.Kind"/>: promoted, retained, graduated or not_graduated; blank withdraws.
/// <see cref="PromotionEntry.Seen"/>: the kind the client last read (missing: none decided); a decision changed since
/// is a conflict (409), never overwritten.</summary>
public sealed record PromotionsRequest(Guid CommandId, IReadOnlyList<PromotionEntry>? Entries);

/// <summary>Revising a line needs <see cref="Seen"/>, the line as the client last read it (activity, predicate,
/// description): a line changed since is a conflict (409), never overwritten.</summary>
public sealed record ExtracurricularRequest(Guid CommandId, string? Activity, string? Predicate, string? Description, ExtracurricularSeen? Seen = null);

/// <summary>One activity for several students of the class: <see cref="Predicate"/> and <see cref="Description"/> go to
/// every participant who sends none of their own. All or nothing; a student who already has the activity is a conflict
/// (409, extracurricular.already_added), never a second line.</summary>
public sealed record ClassExtracurricularRequest(
    Guid CommandId, string? Activity, string? Predicate, string? Description, IReadOnlyList<ExtracurricularParticipant>? Participants);

/// <summary>Removing a line needs <see cref="Seen"/> too, the line as the client last read it: a line changed since is a
/// conflict (409), never removed unseen; missing means nothing seen, which conflicts with any line.</summary>
public sealed record RemoveExtracurricularRequest(Guid CommandId, ExtracurricularSeen? Seen = null);

/// <summary>A correction of one part of a locked report card, asked of the principal: <see cref="Part"/> is
/// ketidakhadiran (days as for attendance, <see cref="SeenAttendance"/> the days last read), kokurikuler or catatan
/// (<see cref="Text"/>, empty: clear; <see cref="SeenText"/> the text last read), keputusan (<see cref="Text"/> the kind,
/// empty: withdraw; <see cref="SeenText"/> the kind last read) or ekstrakurikuler (<see cref="Line"/>: entryId, activity,
/// predicate, description, or remove; a new entryId adds a line; <see cref="SeenLine"/> the line last read). The command id
/// also names the request.</summary>
public sealed record HomeroomCorrectionRequestBody(
    Guid CommandId, Guid StudentId, string? Part,
    [property: JsonConverter(typeof(ScoreTextConverter))] string? Sick,
    [property: JsonConverter(typeof(ScoreTextConverter))] string? Permitted,
    [property: JsonConverter(typeof(ScoreTextConverter))] string? Unexcused,
    Attendance? SeenAttendance, string? Text, string? SeenText, string? Reason, ExtracurricularLine? Line = null, ExtracurricularSeen? SeenLine = null);

/// <summary>The homeroom teacher's (wali kelas) data of their class and the class progress. Only the wali kelas of
/// the class in its term; the decisions check the same again.</summary>
public static class HomeroomApi
{
    public static void MapHomeroomApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/homeroom/classes").RequireAuthorization().WithTags("Wali kelas").DisableAntiforgery();

        api.MapGet("/", async (HttpContext http, ReadModelStore readModel, ReadConsistency consistency, CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                return await HomeroomClassQuery.ClassesAsync(db, http.User.SchoolId(), http.User.HomeroomClassIds(), ct);
            })
            .Produces<IReadOnlyList<HomeroomClassItem>>().WithSummary("Kelas yang diampu pengguna ini sebagai wali kelas.");

        api.MapGet("/{classId:guid}", (Guid classId, HttpContext http, ReadModelStore readModel, ReadConsistency consistency, CancellationToken ct) =>
                Read(classId, http, readModel, consistency, ct, async db =>
                    await HomeroomClassQuery.LoadAsync(db, http.User.SchoolId(), classId, ct) is { } found ? Results.Ok(found) : NotFound()))
            .Produces<HomeroomClass>().ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Data rapor dari wali kelas: ketidakhadiran, ekstrakurikuler, kokurikuler, catatan, keputusan.");

        api.MapGet("/{classId:guid}/progress", (Guid classId, HttpContext http, ReadModelStore readModel, ReadConsistency consistency, CancellationToken ct) =>
                Read(classId, http, readModel, consistency, ct, async db => Results.Ok(await HomeroomClassQuery.ProgressAsync(db, http.User.SchoolId(), classId, ct))))
            .Produces<ClassProgress>().ProducesProblem(403)
            .WithSummary("Kelengkapan nilai akhir: peserta didik × mata pelajaran, yang belum lengkap dan guru pengampunya.");

        api.MapPost("/{classId:guid}/attendance", (Guid classId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<AttendanceRequest>(http, bus, consistency, ct, r => new RecordAttendance(r.CommandId, classId,
                    [.. (r.Entries ?? []).Select(e => e is null ? null! : new AttendanceEntry(e.StudentId, e.Sick, e.Permitted, e.Unexcused, e.Seen))],
                    http.User.ToActor(), EntrySource.Api)))
            .Accepts<AttendanceRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary($"Ketidakhadiran (sakit, izin, tanpa keterangan; hari 0–{RecordAttendanceHandler.MaxDays}) satu atau banyak peserta didik, semua atau tidak sama sekali; seen: ketidakhadiran yang terakhir dibaca.");

        api.MapPost("/{classId:guid}/notes", (Guid classId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<HomeroomNotesRequest>(http, bus, consistency, ct, r =>
                    new WriteHomeroomNotes(r.CommandId, classId, r.Entries ?? [], http.User.ToActor(), EntrySource.Api)))
            .Accepts<HomeroomNotesRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Deskripsi kokurikuler dan catatan wali kelas (null: tidak diubah, kosong: dihapus); seenKokurikuler, seenHomeroomNote: teks yang terakhir dibaca.");

        api.MapPost("/{classId:guid}/promotions", (Guid classId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<PromotionsRequest>(http, bus, consistency, ct, r =>
                    new DecidePromotions(r.CommandId, classId, r.Entries ?? [], http.User.ToActor(), EntrySource.Api)))
            .Accepts<PromotionsRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Keputusan semester 2: promoted/retained (naik/tinggal kelas) atau graduated/not_graduated (kelas akhir: 6 SD, 9 SMP, XII); seen: keputusan yang terakhir dibaca.");

        api.MapPost("/{classId:guid}/students/{studentId:guid}/extracurriculars/{entryId:guid}", (Guid classId, Guid studentId, Guid entryId,
                HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<ExtracurricularRequest>(http, bus, consistency, ct, r => new SaveExtracurricular(r.CommandId, classId, studentId, entryId,
                    r.Activity, r.Predicate, r.Description, http.User.ToActor(), EntrySource.Api, r.Seen)))
            .Accepts<ExtracurricularRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Tambah kegiatan ekstrakurikuler (entryId baru) atau ubah yang ada (dengan seen: kegiatan yang terakhir dibaca).");

        api.MapPost("/{classId:guid}/extracurriculars", (Guid classId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<ClassExtracurricularRequest>(http, bus, consistency, ct, r => new AddExtracurricularToClass(r.CommandId, classId,
                    r.Activity, r.Predicate, r.Description, r.Participants ?? [], http.User.ToActor(), EntrySource.Api)))
            .Accepts<ClassExtracurricularRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Tambah satu kegiatan ekstrakurikuler (mis. Pramuka) untuk banyak peserta didik sekaligus, semua atau tidak sama sekali; " +
                "predicate/description berlaku bagi peserta yang tidak mengirim miliknya sendiri. Yang sudah punya kegiatan itu: 409.");

        api.MapPost("/{classId:guid}/students/{studentId:guid}/extracurriculars/{entryId:guid}/remove", (Guid classId, Guid studentId, Guid entryId,
                HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<RemoveExtracurricularRequest>(http, bus, consistency, ct, r =>
                    new RemoveExtracurricular(r.CommandId, classId, studentId, entryId, http.User.ToActor(), EntrySource.Api, r.Seen)))
            .Accepts<RemoveExtracurricularRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Hapus kegiatan ekstrakurikuler (dengan seen: kegiatan yang terakhir dibaca).");

        api.MapPost("/{classId:guid}/correction-requests", (Guid classId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<HomeroomCorrectionRequestBody>(http, bus, consistency, ct, r => new RequestHomeroomCorrection(r.CommandId, r.CommandId, classId,
                    r.StudentId, new HomeroomChange(r.Part, r.Sick, r.Permitted, r.Unexcused, r.SeenAttendance, r.Text, r.SeenText, r.Line, r.SeenLine), r.Reason,
                    http.User.ToActor(), EntrySource.Api)))
            .Accepts<HomeroomCorrectionRequestBody>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Ajukan koreksi satu bagian rapor yang sudah dikunci (wali kelas) kepada kepala sekolah: ketidakhadiran, kokurikuler, catatan, keputusan atau satu kegiatan ekstrakurikuler, dengan yang terakhir dibaca dan alasan.");
    }

    private static async Task<IResult> Read(Guid classId, HttpContext http, ReadModelStore readModel, ReadConsistency consistency,
        CancellationToken ct, Func<ReadModelDb, Task<IResult>> read)
    {
        if (!http.User.IsHomeroomTeacherOf(classId))
            return Problems.Single(StatusCodes.Status403Forbidden, "reportCard.not_homeroom_teacher", "Hanya wali kelas kelas ini yang dapat membukanya.");
        await consistency.WaitAsync(ct);
        await using var db = readModel.CreateDbContext();
        return await read(db);
    }

    private static IResult NotFound() => Problems.Single(StatusCodes.Status404NotFound, "class.not_found", "Kelas tidak ditemukan.");

    private static async Task<IResult> Command<TRequest>(HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct,
        Func<TRequest, object> command) where TRequest : class
    {
        var (request, problem) = await JsonBody.ReadAsync<TRequest>(http.Request, ct);
        return problem ?? await GradingApi.Send(command(request!), bus, consistency, ct);
    }
}
