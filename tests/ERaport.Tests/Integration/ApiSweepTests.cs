using System.Text;
using System.Text.Json;
using Alba;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace ERaport.Tests.Integration;

/// <summary>Issue 7's hostile-input corpus, swept over the whole API from the app's own endpoint list (so an endpoint
/// added later is swept too): every endpoint that declares a JSON body gets each broken body, and every value an
/// endpoint reads from the query gets junk. Each must answer a 4xx problem with a code and a title, as the caller
/// allowed to use it, and store nothing.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class ApiSweepTests(MasterDataFixture app, ITestOutputHelper output)
{
    /// <summary>Broken bodies by name: (Content-Type, bytes).</summary>
    private static readonly Dictionary<string, (string? ContentType, Func<byte[]> Bytes)> Bodies = new()
    {
        ["unclosed object"] = ("application/json", () => "{"u8.ToArray()),
        ["property without value"] = ("application/json", () => "{\"commandId\":"u8.ToArray()),
        ["array"] = ("application/json", () => "[]"u8.ToArray()),
        ["string"] = ("application/json", () => "\"teks\""u8.ToArray()),
        ["number"] = ("application/json", () => "123"u8.ToArray()),
        ["null"] = ("application/json", () => "null"u8.ToArray()),
        ["command id not a guid"] = ("application/json", () => "{\"commandId\":\"bukan-guid\"}"u8.ToArray()),
        ["trailing junk"] = ("application/json", () => "{} sampah"u8.ToArray()),
        ["NaN"] = ("application/json", () => "{\"commandId\":NaN}"u8.ToArray()),
        ["5,000 nested arrays"] = ("application/json", () => Encoding.ASCII.GetBytes(new string('[', 5000) + new string(']', 5000))),
        ["bad escape"] = ("application/json", () => "{\"a\":\"\\uZZZZ\"}"u8.ToArray()),
        ["invalid utf-8"] = ("application/json", () => [.. "{\"commandId\":\"Adi"u8, 0xC3, 0x28, 0xFF, .. "\"}"u8]),
        ["3 MB string"] = ("application/json", () => Encoding.ASCII.GetBytes("{\"x\":\"" + new string('x', 3 * 1024 * 1024) + "\"}")),
        ["empty"] = ("application/json", () => []),
        ["as text/plain"] = ("text/plain", () => "{}"u8.ToArray()),
        ["as a form"] = ("application/x-www-form-urlencoded", () => "commandId=1"u8.ToArray()),
        ["without a content type"] = (null, () => "{}"u8.ToArray()),
    };

    public static TheoryData<string> BodyNames() => [.. Bodies.Keys];

    private IReadOnlyList<AppRoute> JsonEndpoints() =>
        [.. AppRoute.All(app.Host.Services).Where(e => e.JsonBody is not null)];

    /// <summary>The route with real ids of the test school where one is needed (a request or an entry that does not
    /// exist is fine: the body is read first).</summary>
    private string Fill(string route) => AppRoute.Fill(route, app.School.RouteValues());

    /// <summary>Who may call it: a refusal for lack of a role would prove nothing about the body.</summary>
    private static string? CallerOf(string route) => route switch
    {
        _ when route.StartsWith("/api/session") => null,
        _ when route.StartsWith("/api/gradebooks") => "guru.mtk",
        _ when route.StartsWith("/api/homeroom") || route.StartsWith("/api/classes") => "wali.x1",
        _ when route.StartsWith("/api/correction-requests") || route.StartsWith("/api/audit") => "kepsek",
        _ when route.StartsWith("/api/account") => "guru.bio",
        _ => "admin",
    };

    [Fact]
    public void the_sweep_finds_the_json_endpoints_of_every_part_of_the_api()
    {
        var routes = JsonEndpoints().Select(e => e.Pattern).ToList();

        routes.Count.ShouldBeGreaterThanOrEqualTo(45);
        foreach (var prefix in (string[])["/api/session", "/api/account", "/api/users", "/api/master-data", "/api/gradebooks", "/api/homeroom",
                     "/api/classes", "/api/correction-requests"])
            routes.ShouldContain(r => r.StartsWith(prefix), prefix);
    }

    [Theory]
    [MemberData(nameof(BodyNames))]
    public async Task every_json_endpoint_refuses_a_broken_body_with_a_coded_problem_and_stores_nothing(string bodyName)
    {
        var (contentType, bytes) = Bodies[bodyName];
        var failures = new List<string>();
        foreach (var endpoint in JsonEndpoints())
        {
            var caller = CallerOf(endpoint.Pattern) is { } userName ? await app.SignInOnceAsync(userName) : new TestBrowser(app.Host);
            var url = Fill(endpoint.Pattern);
            var before = await app.EventCountAsync();

            var result = await caller.SendAsync(s =>
            {
                var body = bytes();
                if (endpoint.Method == HttpMethods.Put)
                    s.Put.ByteArray(body).ToUrl(url);
                else
                    s.Post.ByteArray(body).ToUrl(url);
                if (contentType is null)
                    s.ConfigureHttpContext(c => c.Request.ContentType = null);
                else
                    s.WithRequestHeader("Content-Type", contentType);
                s.IgnoreStatusCode();
            });

            if (await WhatIsWrongAsync(result, before) is { } why)
                failures.Add($"{endpoint.Method} {endpoint.Pattern}: {why}");
        }

        failures.ShouldBeEmpty();
    }

    private sealed record QueryParameter(string Method, string Route, string Name, Type Type);

    /// <summary>The typed values endpoints read from the query (a GUID, a flag, a number, a moment), not from the route.</summary>
    private IReadOnlyList<QueryParameter> QueryParameters() =>
    [
        .. AppRoute.All(app.Host.Services).Where(e => e.IsApi)
            .SelectMany(e => e.QueryParameters.Where(p => p.Type != typeof(string)).Select(p => new QueryParameter(e.Method, e.Pattern, p.Name, p.Type)))
            .Distinct(),
    ];

    [Fact]
    public async Task every_typed_query_value_of_the_api_refuses_junk_with_a_coded_problem_and_stores_nothing()
    {
        var values = QueryParameters();
        output.WriteLine(string.Join(Environment.NewLine, values.Select(v => $"{v.Method} {v.Route}?{v.Name} ({v.Type.Name})")));
        values.Select(v => v.Route).Distinct().Count().ShouldBeGreaterThanOrEqualTo(5, "the sweep found the API's query values");
        var failures = new List<string>();
        foreach (var value in values)
            foreach (var junk in (string[])["bukan-nilai", "<script>alert(1)</script>", "99999999999999999999999", "1e999", "%00"])
            {
                var caller = CallerOf(value.Route) is { } userName ? await app.SignInOnceAsync(userName) : new TestBrowser(app.Host);
                var path = Fill(value.Route);
                var query = "?" + value.Name + "=" + (junk == "%00" ? junk : Uri.EscapeDataString(junk));
                var before = await app.EventCountAsync();

                var result = await caller.SendAsync(s =>
                {
                    if (value.Method == HttpMethods.Get)
                        s.Get.Url(path + query);
                    else
                    {
                        // Alba takes a path alone for a body: the query goes on the request itself.
                        (value.Method == HttpMethods.Put ? s.Put : s.Post).Text("{}").ToUrl(path);
                        s.WithRequestHeader("Content-Type", "application/json");
                        s.ConfigureHttpContext(c => c.Request.QueryString = new QueryString(query));
                    }
                    s.IgnoreStatusCode();
                });

                if (await WhatIsWrongAsync(result, before) is { } why)
                    failures.Add($"{value.Method} {value.Route}?{value.Name}={junk} ({value.Type.Name}): {why}");
            }

        failures.ShouldBeEmpty();
    }

    /// <summary>What is wrong with the answer or the store after it, or null for a proper refusal that stored nothing.</summary>
    private async Task<string?> WhatIsWrongAsync(IScenarioResult result, long eventsBefore)
    {
        var why = Refusal(result.Context.Response.StatusCode, result.Context.Response.ContentType, await result.ReadAsTextAsync());
        return await app.EventCountAsync() == eventsBefore ? why : (why is null ? "" : why + "; ") + "stored events";
    }

    private static string? Refusal(int status, string? contentType, string body)
    {
        var shown = body.Length > 160 ? body[..160] + "…" : body;
        if (status is < 400 or > 499 or 401 or 403)
            return $"answered {status}: {shown}";
        if (contentType != "application/problem+json")
            return $"answered {status} as {contentType}: {shown}";
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            return problem.TryGetProperty("code", out var code) && !string.IsNullOrWhiteSpace(code.GetString())
                && problem.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString())
                ? null
                : $"a problem without code or title: {shown}";
        }
        catch (JsonException)
        {
            return $"a problem that is not JSON: {shown}";
        }
    }
}
