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

/// <summary><see cref="Value"/> like a score: a JSON number or text. <see cref="Seen"/>: the override the client
/// last saw (null: none).</summary>
public sealed record OverrideFinalGradeRequest(
    Guid CommandId, [property: JsonConverter(typeof(ScoreTextConverter))] string? Value, int? Seen, string? Reason);

public sealed record ClearOverrideRequest(Guid CommandId, int? Seen, string? Reason);

/// <summary><see cref="AchievementMark.Achieved"/>: true, false, or null for automatic (score ≥ KKTP);
/// <see cref="AchievementMark.Seen"/> the same for what the client last saw.</summary>
public sealed record MarkAchievementRequest(Guid CommandId, IReadOnlyList<AchievementMark>? Marks);

/// <summary><see cref="Seen"/>: the teacher's own text the client last saw, null when it showed the generated one.</summary>
public sealed record EditDescriptionRequest(Guid CommandId, string? Text, string? Seen);

public sealed record ResetDescriptionRequest(Guid CommandId, string? Seen);

public sealed record AddObjectiveRequest(Guid CommandId, string? Description);

public sealed record ReviseObjectiveRequest(Guid CommandId, string? Description, string? Seen);

public sealed record RemoveObjectiveRequest(Guid CommandId, string? Reason);

public sealed record GradingSchemeRequest(Guid CommandId, int WeightSlm, int WeightSts, int WeightSas, int Kktp);

public sealed record GradebookObjectives(GradingScheme Scheme, IReadOnlyList<ObjectiveView> Objectives);

/// <summary>Final grades (NA), overrides, tercapai, descriptions, TPs and weights of a gradebook. Every change
/// goes through the same decisions as the pages: only the teacher of record, with the same codes.</summary>
public static class GradingFinalApi
{
    public static void MapFinalGradeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/{gradebookId:guid}/final-grades", async (Guid gradebookId, HttpContext http, ReadModelStore readModel,
                ReadConsistency consistency, CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                var sheet = await FinalGradeQuery.LoadAsync(db, http.User.SchoolId(), gradebookId, ct);
                return sheet is null ? GradingApi.NotFound()
                    : !http.User.CanView(sheet.Gradebook) ? GradingApi.Forbidden()
                    : Results.Ok(sheet);
            })
            .Produces<FinalGradeSheet>()
            .WithSummary("Nilai akhir (hitungan dan penimpaan), ketercapaian TP dan deskripsi setiap peserta didik.");

        api.MapPost("/{gradebookId:guid}/final-grades/{studentId:guid}/override", (Guid gradebookId, Guid studentId, HttpContext http,
                IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<OverrideFinalGradeRequest>(http, bus, consistency, ct, r =>
                    new OverrideFinalGrade(r.CommandId, gradebookId, studentId, r.Value, r.Seen, r.Reason, http.User.ToActor(), EntrySource.Api)))
            .Accepts<OverrideFinalGradeRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Timpa nilai akhir (0–100) dengan alasan; nilai hitungan tetap disimpan.");

        api.MapPost("/{gradebookId:guid}/final-grades/{studentId:guid}/override/clear", (Guid gradebookId, Guid studentId, HttpContext http,
                IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<ClearOverrideRequest>(http, bus, consistency, ct, r =>
                    new ClearFinalGradeOverride(r.CommandId, gradebookId, studentId, r.Seen, r.Reason, http.User.ToActor(), EntrySource.Api)))
            .Accepts<ClearOverrideRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Hapus penimpaan: kembali ke nilai akhir hasil hitungan (wajib beralasan).");

        api.MapPost("/{gradebookId:guid}/final-grades/{studentId:guid}/achievements", (Guid gradebookId, Guid studentId, HttpContext http,
                IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<MarkAchievementRequest>(http, bus, consistency, ct, r =>
                    new MarkAchievement(r.CommandId, gradebookId, studentId, r.Marks ?? [], http.User.ToActor(), EntrySource.Api)))
            .Accepts<MarkAchievementRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Tandai ketercapaian TP (true/false) atau kembalikan ke otomatis (null, nilai ≥ KKTP).");

        api.MapPost("/{gradebookId:guid}/final-grades/{studentId:guid}/description", (Guid gradebookId, Guid studentId, HttpContext http,
                IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<EditDescriptionRequest>(http, bus, consistency, ct, r =>
                    new EditDescription(r.CommandId, gradebookId, studentId, r.Text, r.Seen, http.User.ToActor(), EntrySource.Api)))
            .Accepts<EditDescriptionRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary($"Tulis deskripsi sendiri (paling banyak {Description.MaxLength} karakter); tidak tertimpa saat nilai berubah.");

        api.MapPost("/{gradebookId:guid}/final-grades/{studentId:guid}/description/reset", (Guid gradebookId, Guid studentId, HttpContext http,
                IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<ResetDescriptionRequest>(http, bus, consistency, ct, r =>
                    new ResetDescription(r.CommandId, gradebookId, studentId, r.Seen, http.User.ToActor(), EntrySource.Api)))
            .Accepts<ResetDescriptionRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Kembali ke deskripsi otomatis.");

        api.MapGet("/{gradebookId:guid}/objectives", async (Guid gradebookId, HttpContext http, ReadModelStore readModel,
                ReadConsistency consistency, CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                var gradebook = await GradeSheetQuery.SummaryAsync(db, http.User.SchoolId(), gradebookId, ct);
                return gradebook is null ? GradingApi.NotFound()
                    : !http.User.CanView(gradebook) ? GradingApi.Forbidden()
                    : Results.Ok(new GradebookObjectives(await FinalGradeQuery.SchemeAsync(db, gradebookId, ct),
                        await FinalGradeQuery.ObjectivesAsync(db, gradebookId, ct)));
            })
            .Produces<GradebookObjectives>().WithSummary("Tujuan pembelajaran (TP), bobot dan KKTP buku nilai ini.");

        api.MapPost("/{gradebookId:guid}/objectives", (Guid gradebookId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
                Command<AddObjectiveRequest>(http, bus, consistency, ct, r =>
                    new AddLearningObjective(r.CommandId, gradebookId, r.Description, http.User.ToActor(), EntrySource.Api)))
            .Accepts<AddObjectiveRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403)
            .WithSummary("Tambah tujuan pembelajaran.");

        api.MapPost("/{gradebookId:guid}/objectives/{objective}", (Guid gradebookId, string objective, HttpContext http, IMessageBus bus,
                ReadConsistency consistency, CancellationToken ct) =>
                Command<ReviseObjectiveRequest>(http, bus, consistency, ct, r =>
                    new ReviseLearningObjective(r.CommandId, gradebookId, objective, r.Description, r.Seen, http.User.ToActor(), EntrySource.Api)))
            .Accepts<ReviseObjectiveRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Ubah rumusan tujuan pembelajaran (bawa rumusan yang terakhir dilihat).");

        api.MapPost("/{gradebookId:guid}/objectives/{objective}/remove", (Guid gradebookId, string objective, HttpContext http, IMessageBus bus,
                ReadConsistency consistency, CancellationToken ct) =>
                Command<RemoveObjectiveRequest>(http, bus, consistency, ct, r =>
                    new RemoveLearningObjective(r.CommandId, gradebookId, objective, r.Reason, http.User.ToActor(), EntrySource.Api)))
            .Accepts<RemoveObjectiveRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("Hapus tujuan pembelajaran; bila sudah bernilai wajib beralasan, dan nilainya tetap tercatat di riwayat.");

        api.MapPost("/{gradebookId:guid}/scheme", (Guid gradebookId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
                Command<GradingSchemeRequest>(http, bus, consistency, ct, r =>
                    new ChangeGradingScheme(r.CommandId, gradebookId, new Weights(r.WeightSlm, r.WeightSts, r.WeightSas), r.Kktp,
                        http.User.ToActor(), EntrySource.Api)))
            .Accepts<GradingSchemeRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403)
            .WithSummary("Atur bobot SLM : STS : SAS (bawaan 1 : 0 : 1) dan KKTP.");
    }

    internal static async Task<IResult> Command<TRequest>(HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct,
        Func<TRequest, object> command) where TRequest : class
    {
        var (request, problem) = await JsonBody.ReadAsync<TRequest>(http.Request, ct);
        return problem ?? await GradingApi.Send(command(request!), bus, consistency, ct);
    }
}
