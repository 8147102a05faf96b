using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ERaport.Web.Api;

/// <summary>Reads a JSON request body with answers a person can act on, instead of the framework's bare 400.</summary>
public static class JsonBody
{
    public const long MaxBytes = 2 * 1024 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Problems.Single(StatusCodes.Status415UnsupportedMediaType, "request.unsupported_media_type",
                "Isi permintaan harus JSON (Content-Type: application/json)."));
        if (request.ContentLength > MaxBytes)
            return (null, Problems.Single(StatusCodes.Status413PayloadTooLarge, "request.too_large", "Isi permintaan terlalu besar (maksimal 2 MB)."));
        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, ct);
            return value is null
                ? (null, Problems.Single(StatusCodes.Status400BadRequest, "request.empty", "Isi permintaan kosong."))
                : (value, null);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" (di {e.Path})";
            return (null, Problems.Single(StatusCodes.Status400BadRequest, "request.malformed", $"Isi permintaan bukan JSON yang sah{where}."));
        }
    }
}
