using ERaport.Web.ReportCards;

namespace ERaport.Web.Api;

/// <summary>Report cards as they were: one moment, or two compared. A moment is <c>at</c> (ISO time with offset)
/// or <c>sequence</c> (an event sequence); for a comparison <c>from</c>/<c>to</c> or <c>fromSequence</c>/<c>toSequence</c>.</summary>
public static class PointInTimeApi
{
    public static void MapPointInTimeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/report-cards/{classId:guid}/{studentId:guid}").RequireAuthorization().WithTags("Rapor");
        api.MapGet("/at", async (Guid classId, Guid studentId, DateTimeOffset? at, long? sequence, HttpContext http, PastReportCards past,
                CancellationToken ct) =>
                Result(await past.CardAsync(http, classId, studentId, new MomentInput(null, null, at, sequence), ct)))
            .WithSummary("Rapor peserta didik sebagaimana adanya pada suatu waktu, dibangun ulang dari event store (bukan dari read model).");
        api.MapGet("/diff", async (Guid classId, Guid studentId, DateTimeOffset? from, DateTimeOffset? to, long? fromSequence, long? toSequence,
                HttpContext http, PastReportCards past, CancellationToken ct) =>
                Result(await past.DiffAsync(http, classId, studentId, new MomentInput(null, null, from, fromSequence),
                    new MomentInput(null, null, to, toSequence), ct)))
            .WithSummary("Perbedaan rapor di antara dua waktu, per bagian, dengan event penyebabnya: kapan, oleh siapa, alasan, dan sumbernya.");
    }

    private static IResult Result<T>(PastReportCards.Answer<T> answer) =>
        answer.Value is { } value ? Results.Ok(value) : Problems.Single(answer.Status, answer.Code!, answer.Message!);
}
