using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Alba;
using AngleSharp.Html.Dom;

namespace ERaport.Tests.Integration;

/// <summary>Its own app and schema: the master-data tests move students and open terms, which the other
/// collections' tests must not see.</summary>
public sealed class MasterDataFixture : AppFixture
{
    private static int _year = 2100;

    /// <summary>A school year no other test uses, so every test can open its own term.</summary>
    public static string NewSchoolYear()
    {
        var year = Interlocked.Increment(ref _year);
        return $"{year}/{year + 1}";
    }
}

[CollectionDefinition(Name)]
public sealed class MasterDataCollection : ICollectionFixture<MasterDataFixture>
{
    public const string Name = "master-data";
}

/// <summary>JSON and upload calls of the master-data API for a signed-in browser.</summary>
public static class MasterDataCalls
{
    public static async Task<JsonElement> PostJsonAsync(this TestBrowser browser, string url, object body, int status = 200, string method = "POST")
    {
        var result = await browser.SendAsync(s =>
        {
            if (method == "PUT")
                s.Put.Json(body).ToUrl(url);
            else
                s.Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(status);
        });
        var text = await result.ReadAsTextAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<JsonElement> PutJsonAsync(this TestBrowser browser, string url, object body, int status = 200) =>
        browser.PostJsonAsync(url, body, status, "PUT");

    public static async Task<JsonElement> GetJsonAsync(this TestBrowser browser, string url, int status = 200)
    {
        var result = await browser.SendAsync(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(status);
        });
        return JsonDocument.Parse(await result.ReadAsTextAsync()).RootElement.Clone();
    }

    /// <summary>Posts a file as multipart form data; <paramref name="termId"/> goes in a form field (Alba drops the
    /// query string of a multipart post).</summary>
    public static async Task<(int Status, JsonElement Body)> UploadAsync(this TestBrowser browser, string url, byte[] file, string fileName,
        Guid? commandId = null, Guid? termId = null, bool confirmRenames = false)
    {
        var content = new MultipartFormDataContent();
        if (termId is { } term)
            content.Add(new StringContent(term.ToString()), "termId");
        if (confirmRenames)
            content.Add(new StringContent("true"), "confirmRenames");
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv") ? "text/csv" : "application/octet-stream");
        content.Add(part, "file", fileName);
        if (commandId is { } id)
            content.Add(new StringContent(id.ToString()), "commandId");
        var result = await browser.SendAsync(s =>
        {
            s.Post.MultipartFormData(content).ToUrl(url);
            s.IgnoreStatusCode();
        });
        var text = await result.ReadAsTextAsync();
        return (result.Context.Response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Submits a page's multipart form as a browser would: its hidden fields (antiforgery token, form
    /// name, command id), the chosen fields and the file.</summary>
    public static async Task<(int Status, IHtmlDocument Page)> UploadFormAsync(this TestBrowser browser, IHtmlDocument page, string formSelector, string url,
        IReadOnlyDictionary<string, string> fields, byte[] file, string fileName)
    {
        var form = (IHtmlFormElement)page.QuerySelector(formSelector)!;
        var content = new MultipartFormDataContent();
        foreach (var input in form.Elements.OfType<IHtmlInputElement>().Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name)))
            content.Add(new StringContent(input.Value), input.Name!);
        foreach (var (name, value) in fields)
            content.Add(new StringContent(value), name);
        content.Add(new ByteArrayContent(file), "file", fileName);
        var result = await browser.SendAsync(s =>
        {
            s.Post.MultipartFormData(content).ToUrl(url);
            s.IgnoreStatusCode();
        });
        return (result.Context.Response.StatusCode, TestBrowser.Parse(await result.ReadAsTextAsync()));
    }

    public static Guid Id(this JsonElement e, string property = "id") => e.GetProperty(property).GetGuid();

    public static HttpStatusCode Status(int code) => (HttpStatusCode)code;
}
