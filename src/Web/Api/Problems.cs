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

    public static IResult Single(int status, string code, string message) =>
        Results.Json(new ApiProblem(code, message, status, [new DomainError(code, message)]), statusCode: status, contentType: ContentType);
}
