using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Web.Accounts;
using ERaport.Web.Grading;
using ERaport.Web.Hosting;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using Microsoft.EntityFrameworkCore;
using Wolverine;

namespace ERaport.Web.Api;

public sealed record SaveScoresRequest(Guid CommandId, string? Reason, IReadOnlyList<ScoreInput>? Scores);

/// <summary><see cref="Value"/> accepts a JSON number or string; the decision validates it, so the API
/// gives the same messages as the form. <see cref="Seen"/> is the value the client last saw (null: empty).</summary>
public sealed record ScoreInput(Guid StudentId, string? Assessment, [property: JsonConverter(typeof(ScoreTextConverter))] string? Value, int? Seen);

public sealed record CorrectScoreRequest(
    Guid CommandId, Guid StudentId, string? Assessment, int? Seen, [property: JsonConverter(typeof(ScoreTextConverter))] string? Value, string? Reason);

/// <summary>A command's answer: <see cref="Sequence"/> is the read-your-writes token
/// (send it back as ?minSequence= on the next read).</summary>
public sealed record CommandAccepted(long Sequence, int Changes);

public static class GradingApi
{
    public static void MapERaportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/gradebooks").RequireAuthorization().WithTags("Nilai").DisableAntiforgery();

        api.MapGet("/", async (HttpContext http, ReadModelStore readModel, ReadConsistency consistency, CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                return await GradeSheetQuery.Summaries(db, http.User.SchoolId(), http.User.VisibleGradebooks()).ToListAsync(ct);
            })
            .WithSummary("Buku nilai yang boleh dilihat pengguna ini.");

        api.MapGet("/{gradebookId:guid}/scores", async (Guid gradebookId, HttpContext http, ReadModelStore readModel,
                ReadConsistency consistency, CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                var sheet = await GradeSheetQuery.LoadAsync(db, http.User.SchoolId(), gradebookId, ct);
                return sheet is null ? NotFound()
                    : !http.User.CanView(sheet.Gradebook) ? Forbidden()
                    : Results.Ok(sheet);
            })
            .Produces<GradeSheet>().WithSummary("Lembar nilai: peserta didik × penilaian.");

        api.MapPost("/{gradebookId:guid}/scores", async (Guid gradebookId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
            {
                var (request, problem) = await JsonBody.ReadAsync<SaveScoresRequest>(http.Request, ct);
                if (problem is not null)
                    return problem;
                var entries = (request!.Scores ?? []).Select(s => new ScoreEntry(s.StudentId, s.Assessment!, s.Value, s.Seen)).ToList();
                return await Send(new SaveScores(request.CommandId, gradebookId, entries, request.Reason, http.User.ToActor(), EntrySource.Api),
                    bus, consistency, ct);
            })
            .Accepts<SaveScoresRequest>("application/json")
            .Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Simpan nilai (semua atau tidak sama sekali). Mengubah nilai yang ada adalah koreksi dan wajib beralasan.");

        api.MapPost("/{gradebookId:guid}/corrections", async (Guid gradebookId, HttpContext http, IMessageBus bus, ReadConsistency consistency,
                CancellationToken ct) =>
            {
                var (request, problem) = await JsonBody.ReadAsync<CorrectScoreRequest>(http.Request, ct);
                if (problem is not null)
                    return problem;
                var entry = new ScoreEntry(request!.StudentId, request.Assessment!, request.Value, request.Seen);
                return await Send(new SaveScores(request.CommandId, gradebookId, [entry], request.Reason, http.User.ToActor(), EntrySource.Api),
                    bus, consistency, ct);
            })
            .Accepts<CorrectScoreRequest>("application/json")
            .Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Koreksi satu nilai: bawa nilai yang terakhir dilihat (seen) dan alasannya.");

        api.MapGet("/{gradebookId:guid}/students/{studentId:guid}/history", async (Guid gradebookId, Guid studentId, HttpContext http,
                ReadModelStore readModel, ReadConsistency consistency, ERaport.Read.Audit.AuditRules rules, CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                var gradebook = await GradeSheetQuery.SummaryAsync(db, http.User.SchoolId(), gradebookId, ct);
                return gradebook is null ? NotFound()
                    : !http.User.CanView(gradebook) ? Forbidden()
                    : Results.Ok(await ScoreHistoryQuery.LoadAsync(db, http.User.SchoolId(), gradebookId, studentId, rules, ct));
            })
            .Produces<List<ScoreChange>>().WithSummary("Riwayat perubahan nilai satu peserta didik: kapan, siapa, sebelum → sesudah, alasan, sumber.");

        api.MapFinalGradeApi();
        api.MapScoreTemplateApi();
    }

    /// <summary>Sends a command and answers with its read-your-writes token, or its problem.</summary>
    internal static async Task<IResult> Send(object command, IMessageBus bus, ReadConsistency consistency, CancellationToken ct)
    {
        var outcome = await bus.InvokeAsync<CommandOutcome>(command, ct);
        if (!outcome.IsAccepted)
            return Problems.From(outcome);
        consistency.Remember(outcome.Sequence);
        return Results.Ok(new CommandAccepted(outcome.Sequence, outcome.Changes));
    }

    internal static IResult NotFound() => Problems.Single(StatusCodes.Status404NotFound, "gradebook.not_found", "Buku nilai tidak ditemukan.");

    internal static IResult Forbidden() =>
        Problems.Single(StatusCodes.Status403Forbidden, "gradebook.forbidden", "Anda tidak berhak melihat buku nilai ini.");
}

/// <summary>Takes a score as typed: a JSON number, a string or null, kept as text for the decision.</summary>
public sealed class ScoreTextConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        _ => throw new JsonException("Nilai harus angka atau teks."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
