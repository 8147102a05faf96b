using ERaport.Write.Common;

namespace ERaport.Web.Api;

/// <summary>An error as the API answers it: ProblemDetails fields plus a stable code and every error.</summary>
public sealed record ApiProblem(string Code, string Title, int Status, IReadOnlyList<DomainError> Errors);

public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static int StatusOf(OutcomeStatus status) => status switch
    {
        OutcomeStatus.Invalid => StatusCodes.Status400BadRequest,
        OutcomeStatus.Forbidden => StatusCodes.Status403Forbidden,
        OutcomeStatus.NotFound => StatusCodes.Status404NotFound,
        OutcomeStatus.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status200OK,
    };

    public static IResult From(CommandOutcome outcome)
    {
        var status = StatusOf(outcome.Status);
        var first = outcome.Errors.FirstOrDefault() ?? new DomainError("request.rejected", "Permintaan ditolak.");
        var title = outcome.Errors.Count > 1 ? $"{first.Message} (dan {outcome.Errors.Count - 1} kesalahan lain)" : first.Message;
        return Results.Json(new ApiProblem(first.Code, title, status, outcome.Errors), statusCode: status, contentType: ContentType);
    }

    /// <summary>A body for answers the framework gives without one (routing, authentication, crashes).</summary>
    public static IResult ForStatus(int status) => status switch
    {
        400 => Single(status, "request.invalid", "Permintaan tidak sah: periksa nilai di alamat (query) dan isi permintaan."),
        401 => Single(status, "auth.required", "Silakan masuk terlebih dahulu."),
        403 => Single(status, "auth.forbidden", "Anda tidak berhak melakukan ini."),
        404 => Single(status, "request.not_found", "Alamat API ini tidak ada."),
        405 => Single(status, "request.method_not_allowed", "Metode HTTP ini tidak didukung untuk alamat ini."),
        413 => Single(status, "request.too_large", "Isi permintaan terlalu besar."),
        415 => Single(status, "request.unsupported_media_type", "Isi permintaan harus JSON (Content-Type: application/json)."),
        >= 500 => Single(status, "server.error", "Terjadi kesalahan di server. Tidak ada yang tersimpan setengah jalan; silakan coba lagi."),
        _ => Single(status, "request.rejected", "Permintaan ditolak."),
    };

    public static IResult Single(int status, string code, string message) =>
        Results.Json(new ApiProblem(code, message, status, [new DomainError(code, message)]), statusCode: status, contentType: ContentType);
}
