using System.Text.Json.Serialization;
using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Web.Accounts;
using ERaport.Web.Components.Grading;
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

/// <summary><see cref="DescriptionStyle"/>: <c>EveryObjective</c> or <c>StrongestAndWeakest</c>; left out, the gradebook's stays.</summary>
public sealed record GradingSchemeRequest(Guid CommandId, int WeightSlm, int WeightSts, int WeightSas, int Kktp, string? DescriptionStyle = null);

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

        api.MapStudentCommand<OverrideFinalGradeRequest>("/override", (r, gradebook, student, actor) =>
            new OverrideFinalGrade(r.CommandId, gradebook, student, r.Value, r.Seen, r.Reason, actor, EntrySource.Api),
            "Timpa nilai akhir (0–100) dengan alasan; nilai hitungan tetap disimpan.");

        api.MapStudentCommand<ClearOverrideRequest>("/override/clear", (r, gradebook, student, actor) =>
            new ClearFinalGradeOverride(r.CommandId, gradebook, student, r.Seen, r.Reason, actor, EntrySource.Api),
            "Hapus penimpaan: kembali ke nilai akhir hasil hitungan (wajib beralasan).");

        api.MapStudentCommand<MarkAchievementRequest>("/achievements", (r, gradebook, student, actor) =>
            new MarkAchievement(r.CommandId, gradebook, student, r.Marks ?? [], actor, EntrySource.Api),
            "Tandai ketercapaian TP (true/false) atau kembalikan ke otomatis (null, nilai ≥ KKTP).");

        api.MapStudentCommand<EditDescriptionRequest>("/description", (r, gradebook, student, actor) =>
            new EditDescription(r.CommandId, gradebook, student, r.Text, r.Seen, actor, EntrySource.Api),
            $"Tulis deskripsi sendiri (paling banyak {Description.MaxLength} karakter); tidak tertimpa saat nilai berubah.");

        api.MapStudentCommand<ResetDescriptionRequest>("/description/reset", (r, gradebook, student, actor) =>
            new ResetDescription(r.CommandId, gradebook, student, r.Seen, actor, EntrySource.Api),
            "Kembali ke deskripsi otomatis.");

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
            .WithSummary("Tambah tujuan pembelajaran; beberapa sekaligus, satu per baris (semua atau tidak sama sekali).");

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
                        http.User.ToActor(), EntrySource.Api, GradingFormat.StyleNamed(r.DescriptionStyle))))
            .Accepts<GradingSchemeRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403)
            .WithSummary("Atur bobot SLM : STS : SAS (bawaan 1 : 0 : 1), KKTP dan TP yang disebut deskripsi (semua, atau terkuat dan terlemah).");
    }

    /// <summary>The per-student final-grade commands share their route, parameters and answers.</summary>
    private static void MapStudentCommand<TRequest>(this RouteGroupBuilder api, string action,
        Func<TRequest, Guid, Guid, Actor, object> command, string summary) where TRequest : class =>
        api.MapPost("/{gradebookId:guid}/final-grades/{studentId:guid}" + action, (Guid gradebookId, Guid studentId, HttpContext http,
                IMessageBus bus, ReadConsistency consistency, CancellationToken ct) =>
                Command<TRequest>(http, bus, consistency, ct, r => command(r, gradebookId, studentId, http.User.ToActor())))
            .Accepts<TRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary(summary);

    internal static async Task<IResult> Command<TRequest>(HttpContext http, IMessageBus bus, ReadConsistency consistency, CancellationToken ct,
        Func<TRequest, object> command) where TRequest : class
    {
        var (request, problem) = await JsonBody.ReadAsync<TRequest>(http.Request, ct);
        return problem ?? await GradingApi.Send(command(request!), bus, consistency, ct);
    }
}
