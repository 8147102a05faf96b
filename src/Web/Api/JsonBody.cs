using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ERaport.Web.Api;

/// <summary>Reads a JSON request body with answers a person can act on, instead of the framework's bare 400.</summary>
public static class JsonBody
{
    public const long MaxBytes = 2 * 1024 * 1024;

    /// <param name="maxBytes">The body's cap, enforced while reading too: a chunked body says no length up front.</param>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct, long maxBytes = MaxBytes) where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Problems.Single(StatusCodes.Status415UnsupportedMediaType, "request.unsupported_media_type",
                "Isi permintaan harus JSON (Content-Type: application/json)."));
        if (request.ContentLength > maxBytes)
            return (null, TooLarge(maxBytes));
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
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
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
    }

    private static IResult TooLarge(long maxBytes) =>
        Problems.Single(StatusCodes.Status413PayloadTooLarge, "request.too_large",
            $"Isi permintaan terlalu besar (maksimal {(maxBytes >= 1024 * 1024 ? $"{maxBytes / 1024 / 1024} MB" : $"{maxBytes / 1024} kB")}).");
}
