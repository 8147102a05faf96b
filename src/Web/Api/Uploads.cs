using ERaport.Web.Documents;
using ERaport.Write.Common;

namespace ERaport.Web.Api;

/// <summary>An uploaded file with the form fields sent along with it.</summary>
public sealed record Upload(byte[] File, string? FileName, Guid CommandId, IFormCollection Form);

/// <summary>What the spreadsheet upload endpoints share: reading a multipart upload with a size cap before
/// anything is buffered, and answering refused files and rows as problems with row, column, value and reason.</summary>
public static class Uploads
{
    // Room for the other form fields and the multipart framing around the file.
    private const long FormOverhead = 64 * 1024;

    public static IResult TooLarge(long limit) =>
        Problems.Single(StatusCodes.Status413PayloadTooLarge, "import.too_large", $"Berkas terlalu besar (maksimal {limit / 1024 / 1024} MB).");

    /// <summary>The uploaded file (multipart field "file" or the first file) of at most <paramref name="limit"/> bytes,
    /// or the problem to answer. A missing commandId gets a fresh one.</summary>
    public static async Task<(Upload? Upload, IResult? Problem)> ReadAsync(HttpContext http, long limit, string noFileMessage, CancellationToken ct)
    {
        if (http.Request.ContentLength > limit + FormOverhead)
            return (null, TooLarge(limit));
        if (!http.Request.HasFormContentType)
            return (null, Problems.Single(StatusCodes.Status415UnsupportedMediaType, "request.unsupported_media_type",
                "Kirim berkas sebagai multipart/form-data dengan kolom \"file\"."));
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = limit + FormOverhead }, ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return (null, TooLarge(limit));
        }
        var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault();
        if (file is null)
            return (null, Problems.Single(400, "import.no_file", noFileMessage));
        if (file.Length > limit)
            return (null, TooLarge(limit));
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var commandId = Guid.TryParse(form["commandId"], out var given) && given != Guid.Empty ? given : Guid.NewGuid();
        return (new Upload(buffer.ToArray(), file.FileName, commandId, form), null);
    }

    /// <summary>The HTTP status of a refused upload: 413 for a file over the cap, else the outcome's.</summary>
    public static int StatusOf(ImportProblem? fatal, OutcomeStatus status) =>
        fatal is { Code: "import.too_large" } ? StatusCodes.Status413PayloadTooLarge : Problems.StatusOf(status);

    /// <summary>A refused file (its one problem) or refused rows and cells: errors[] with row, column, header, value, code, message.</summary>
    public static IResult Rejected(ImportProblem? fatal, IReadOnlyList<ImportProblem> problems, OutcomeStatus status, string code, string message)
    {
        var httpStatus = StatusOf(fatal, status);
        if (fatal is not null)
            return Problems.Single(httpStatus, fatal.Code, fatal.Message);
        var errors = problems.Select(p => new DomainError(p.Code, p.Message, new Dictionary<string, object?>
        {
            ["row"] = p.Row, ["column"] = p.Column?.Letter, ["header"] = p.Column?.Header, ["value"] = p.Value,
        })).ToList();
        return Results.Json(new ApiProblem(code, message, httpStatus, errors), statusCode: httpStatus, contentType: Problems.ContentType);
    }
}
