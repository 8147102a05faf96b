using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
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
        var options = Strict.GetValue(request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions,
            o => new JsonSerializerOptions(o) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow });
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, options, ct);
            return value is null
                ? (null, Problems.Single(StatusCodes.Status400BadRequest, "request.empty", "Isi permintaan kosong."))
                : (value, null);
        }
        catch (JsonException e) when (UnknownField(e) is { } field)
        {
            return (null, Problems.Single(StatusCodes.Status400BadRequest, "request.unknown_field",
                $"Kolom '{field}' tidak dikenal (di {e.Path}): periksa ejaannya; tidak ada yang disimpan."));
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

    // A field the API does not know is refused, not dropped: a misspelled optional field, or roles sent with a new account,
    // were ignored and the program was told all went well.
    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> Strict = new();

    /// <summary>The property a refused body named that no field of the request has, else null. The serializer says it only in
    /// its message, which quotes the name the path ends with; a value that could not be read does not.</summary>
    private static string? UnknownField(JsonException e) =>
        e.InnerException is null && e.Path is { } path && path.LastIndexOf('.') is var dot and >= 0 && path[(dot + 1)..] is { Length: > 0 } name
            && !name.EndsWith(']') && e.Message.Contains($"'{name}'", StringComparison.Ordinal) ? name : null;

    private static IResult TooLarge(long maxBytes) =>
        Problems.Single(StatusCodes.Status413PayloadTooLarge, "request.too_large",
            $"Isi permintaan terlalu besar (maksimal {(maxBytes >= 1024 * 1024 ? $"{maxBytes / 1024 / 1024} MB" : $"{maxBytes / 1024} kB")}).");
}
