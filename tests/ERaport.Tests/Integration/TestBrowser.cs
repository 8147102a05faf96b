using System.Net;
using Alba;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Net.Http.Headers;

namespace ERaport.Tests.Integration;

/// <summary>A signed-in user agent over Alba: keeps cookies like a browser tab does.</summary>
public sealed class TestBrowser(IAlbaHost host)
{
    private readonly Dictionary<string, string> _cookies = [];

    public IAlbaHost Host => host;

    public static async Task<TestBrowser> SignInAsync(IAlbaHost host, string userName, string password)
    {
        var browser = new TestBrowser(host);
        await browser.SendAsync(s =>
        {
            s.Post.Json(new { userName, password }).ToUrl("/api/session");
            s.StatusCodeShouldBe(HttpStatusCode.NoContent);
        });
        return browser;
    }

    /// <summary>A second tab shares the cookies of the first, as browsers do.</summary>
    public TestBrowser NewTab()
    {
        var tab = new TestBrowser(host);
        foreach (var (name, value) in _cookies)
            tab._cookies[name] = value;
        return tab;
    }

    /// <summary>A cookie as the browser holds it (null when it has none), and one put there, as one left from earlier.</summary>
    public string? Cookie(string name) => _cookies.GetValueOrDefault(name);

    public void SetCookie(string name, string value) => _cookies[name] = value;

    public async Task<IScenarioResult> SendAsync(Action<Scenario> configure)
    {
        var result = await host.Scenario(s =>
        {
            if (_cookies.Count > 0)
                s.WithRequestHeader(HeaderNames.Cookie, string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            configure(s);
        });
        foreach (var header in result.Context.Response.Headers.SetCookie)
        {
            var cookie = SetCookieHeaderValue.Parse(header);
            if (cookie.Expires < DateTimeOffset.UtcNow || cookie.MaxAge <= TimeSpan.Zero)
                _cookies.Remove(cookie.Name.Value!);
            else
                _cookies[cookie.Name.Value!] = cookie.Value.Value!;
        }
        return result;
    }

    /// <summary>A file's bytes (PDF, xlsx) as the browser downloads it.</summary>
    public async Task<byte[]> DownloadAsync(string url)
    {
        var result = await SendAsync(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(200);
        });
        using var body = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(body);
        return body.ToArray();
    }

    public async Task<IHtmlDocument> GetPageAsync(string url, int status = 200)
    {
        var result = await SendAsync(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(status);
        });
        return Parse(await result.ReadAsTextAsync());
    }

    public static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>Submits a page's form as the browser would: every field as rendered, with some changed.</summary>
    public Task<IScenarioResult> SubmitAsync(IHtmlDocument page, string formSelector, string url, IReadOnlyDictionary<string, string> changes, int? status = null) =>
        SubmitAsync((IHtmlFormElement)page.QuerySelector(formSelector)!, url, changes, status);

    /// <summary>Submits a form of the page at <paramref name="pageUrl"/> as a browser would: its fields as rendered (checked
    /// boxes only, nothing disabled, also those outside it that name it in their form attribute, a name repeated for each
    /// ticked box) with some changed, to its action (the page itself when it names none), by its method.</summary>
    public async Task<IScenarioResult> SubmitAsync(IHtmlFormElement form, string pageUrl, IReadOnlyDictionary<string, string> changes, int? status = null)
    {
        IEnumerable<AngleSharp.Dom.IElement> outside = form.Id is { Length: > 0 } id ? form.Owner!.QuerySelectorAll($"[form='{id}']") : [];
        var controls = form.Elements.Cast<AngleSharp.Dom.IElement>().Concat(outside).Distinct().ToList();
        var fields = controls.OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && !i.IsDisabled && (i.Type is not ("checkbox" or "radio") || i.IsChecked))
            .Select(i => (Name: i.Name!, i.Value))
            .Concat(controls.OfType<IHtmlTextAreaElement>().Where(t => !string.IsNullOrEmpty(t.Name) && !t.IsDisabled).Select(t => (Name: t.Name!, t.Value)))
            .Concat(controls.OfType<IHtmlSelectElement>().Where(s => !string.IsNullOrEmpty(s.Name) && !s.IsDisabled).Select(s => (Name: s.Name!, Value: s.Value ?? "")))
            .Where(f => !changes.ContainsKey(f.Name))
            .Concat(changes.Select(c => (Name: c.Key, c.Value)))
            .ToList();
        var action = ActionOf(form, pageUrl);
        // Alba takes the path alone: a query (e.g. /masuk?ReturnUrl=…) goes on the request itself.
        var query = action.IndexOf('?') is var at and >= 0 ? action[at..] : "";
        var path = action[..(action.Length - query.Length)];
        var encoded = string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));
        return await SendAsync(s =>
        {
            if (form.Method.Equals("get", StringComparison.OrdinalIgnoreCase))
                s.Get.Url(path + "?" + encoded);
            else
            {
                // Written by hand rather than with Alba's FormData: a dictionary cannot say a name twice (several ticked boxes).
                var body = System.Text.Encoding.UTF8.GetBytes(encoded);
                s.Post.Url(path);
                s.ConfigureHttpContext(c =>
                {
                    c.Request.ContentType = "application/x-www-form-urlencoded";
                    c.Request.ContentLength = body.Length;
                    c.Request.Body = new MemoryStream(body);
                    if (query.Length > 0)
                        c.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query);
                });
            }
            if (status is { } code)
                s.StatusCodeShouldBe(code);
            else
                s.IgnoreStatusCode();
        });
    }

    /// <summary>Where a form posts: its action, or the page it is on when it names none.</summary>
    public static string ActionOf(IHtmlFormElement form, string pageUrl) =>
        form.GetAttribute("action") is { Length: > 0 } action ? action : pageUrl;
}
