using System.Security.Claims;
using System.Text.Json.Serialization;
using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Web.Accounts;
using ERaport.Web.Grading;
using ERaport.Web.Hosting;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using Wolverine;

namespace ERaport.Web.Api;

public sealed record LockClassRequest(Guid CommandId);

public sealed record UnlockClassRequest(Guid CommandId, string? Reason);

/// <summary>A correction of one score of a locked gradebook. <see cref="Seen"/>: the value the client last saw
/// (null: empty); <see cref="Value"/>: the new value (a JSON number or text; empty or null removes the score).
/// With <see cref="Assessment"/> "na" both are the final grade's override (null: none); with "deskripsi"
/// <see cref="Value"/> is the description asked for (empty: back to the generated one) and <see cref="SeenText"/> the
/// teacher's own text seen (null: the generated one); with "tercapai-tp3" <see cref="Value"/> is the mark asked for
/// ("tercapai", "tidak"; empty or "otomatis": back to the KKTP) and <see cref="SeenMark"/> the teacher's mark seen (null:
/// automatic). The command id also names the request.</summary>
public sealed record CorrectionRequestBody(
    Guid CommandId, Guid StudentId, string? Assessment, int? Seen, [property: JsonConverter(typeof(ScoreTextConverter))] string? Value, string? Reason,
    string? SeenText = null, bool? SeenMark = null);

public sealed record DecideCorrectionRequest(Guid CommandId, string? Reason);

/// <summary>Locking a class's grades, correction requests after lock and the principal's decisions. The
/// decisions check who may (wali kelas or admin locks; only the principal unlocks and decides; only the teacher
/// of record asks); these endpoints only carry the commands.</summary>
public static class LockingApi
{
    public static void MapLockingApi(this IEndpointRouteBuilder app)
    {
        var classes = app.MapGroup("/api/classes").RequireAuthorization().WithTags("Kunci nilai").DisableAntiforgery();
        classes.MapGet("/{classId:guid}/lock", async (Guid classId, HttpContext http, ReadModelStore readModel, ReadConsistency consistency,
                CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                return await LockingQuery.ClassAsync(db, http.User.SchoolId(), classId, ct) is not { } state
                    ? Problems.Single(StatusCodes.Status404NotFound, "class.not_found", "Kelas tidak ditemukan.")
                    : http.User.CanSeeLock(state)
                        ? Results.Ok(state)
                        : Problems.Single(StatusCodes.Status403Forbidden, GradebookAccess.LockRefusedCode, GradebookAccess.LockRefusal);
            })
            .Produces<ClassLockView>().ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Status kunci nilai kelas: setiap buku nilai, siapa yang mengunci dan kapan (wali kelas, guru yang mengajar di kelas itu, kepala sekolah, admin).");

        classes.MapPost("/{classId:guid}/lock", (Guid classId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                GradingFinalApi.Command<LockClassRequest>(http, bus, consistency, ct, r =>
                    new LockClass(r.CommandId, classId, http.User.ToActor(), EntrySource.Api)))
            .Accepts<LockClassRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Kunci nilai kelas (wali kelas atau admin): semua buku nilai dan rapor kelas dikunci sekaligus.");

        classes.MapPost("/{classId:guid}/unlock", (Guid classId, HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                GradingFinalApi.Command<UnlockClassRequest>(http, bus, consistency, ct, r =>
                    new UnlockClass(r.CommandId, classId, r.Reason, http.User.ToActor(), EntrySource.Api)))
            .Accepts<UnlockClassRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Buka kunci nilai kelas (kepala sekolah, wajib beralasan).");

        app.MapPost("/api/gradebooks/{gradebookId:guid}/correction-requests", (Guid gradebookId, HttpContext http, IMessageBus bus,
                ReadConsistency consistency, CancellationToken ct) =>
                GradingFinalApi.Command<CorrectionRequestBody>(http, bus, consistency, ct, r =>
                    new RequestCorrection(r.CommandId, r.CommandId, gradebookId, r.StudentId, r.Assessment, r.Seen, r.Value, r.Reason,
                        http.User.ToActor(), EntrySource.Api, r.SeenText, r.SeenMark)))
            .RequireAuthorization().WithTags("Kunci nilai").DisableAntiforgery()
            .Accepts<CorrectionRequestBody>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Ajukan koreksi satu nilai pada buku nilai yang dikunci (guru pengampu): nilai yang dilihat, nilai baru, alasan. Penilaian \"na\": nilai akhir pengganti (kosong: kembali ke hasil hitungan); \"deskripsi\": teks deskripsi (kosong: kembali ke otomatis) dan seenText; \"tercapai-tp3\": \"tercapai\", \"tidak\" atau \"otomatis\" dan seenMark.");

        var corrections = app.MapGroup("/api/correction-requests").RequireAuthorization().WithTags("Kunci nilai").DisableAntiforgery();
        corrections.MapGet("/", async (bool? pending, HttpContext http, ReadModelStore readModel, ReadConsistency consistency, CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                return await LockingQuery.CorrectionsAsync(db, http.User.SchoolId(), http.User.CorrectionsVisible(), pending == true, ct);
            })
            .Produces<List<CorrectionView>>()
            .WithSummary("Permintaan koreksi: kepala sekolah melihat semua dari semester yang dipimpinnya, guru miliknya sendiri; ?pending=true hanya yang belum diputuskan.");

        corrections.MapGet("/homeroom", async (bool? pending, HttpContext http, ReadModelStore readModel, ReadConsistency consistency, CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                return await LockingQuery.HomeroomCorrectionsAsync(db, http.User.SchoolId(), http.User.PrincipalTermIds(), http.User.HomeroomClassIds(),
                    pending == true, ct);
            })
            .Produces<List<HomeroomCorrectionView>>()
            .WithSummary("Permintaan koreksi data rapor dari wali kelas: kepala sekolah melihat semua dari semester yang dipimpinnya, wali kelas milik kelasnya; ?pending=true hanya yang belum diputuskan.");

        corrections.MapPost("/{requestId:guid}/approve", (Guid requestId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
                GradingFinalApi.Command<DecideCorrectionRequest>(http, bus, consistency, ct, r =>
                    new ApproveCorrection(r.CommandId, requestId, r.Reason, http.User.ToActor(), EntrySource.Api)))
            .Accepts<DecideCorrectionRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Setujui koreksi (kepala sekolah, wajib beralasan): nilai atau data rapor dikoreksi; ditolak bila sudah berubah sejak diajukan.");

        corrections.MapPost("/{requestId:guid}/deny", (Guid requestId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
                GradingFinalApi.Command<DecideCorrectionRequest>(http, bus, consistency, ct, r =>
                    new DenyCorrection(r.CommandId, requestId, r.Reason, http.User.ToActor(), EntrySource.Api)))
            .Accepts<DecideCorrectionRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Tolak koreksi (kepala sekolah, wajib beralasan); nilai tetap.");
    }

    /// <summary>Whose requests a user sees: those on their own gradebooks, and every one of the terms they are principal of.</summary>
    public static GradebookFilter CorrectionsVisible(this ClaimsPrincipal user) => new(user.UserId(), [], user.PrincipalTermIds());
}
