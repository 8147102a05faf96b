using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using ERaport.Web.Api;

namespace ERaport.Tests.Deploy;

/// <summary>deploy/nginx in front of the running app, for real: redirect, headers, cookies and client
/// address as the app sees them, compression and caching, body size and login rate limits.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ProxyTests(ProxyFixture fixture)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'self'; base-uri 'self'; object-src 'none'";

    private NginxServer Nginx => fixture.Nginx;

    [Fact]
    public async Task plain_http_answers_308_to_the_https_origin_except_for_the_acme_challenge()
    {
        using var http = DeployTools.Client();

        var get = await http.GetAsync($"{Nginx.HttpOrigin}/nilai/abc?x=1&y=2");
        ((int)get.StatusCode).ShouldBe(308, fixture.Logs());
        get.Headers.Location.ShouldBe(new Uri($"{Nginx.HttpsOrigin}/nilai/abc?x=1&y=2"));
        DeployTools.Header(get, "Strict-Transport-Security").ShouldBeEmpty(); // HSTS only over https

        // 308 keeps a POST a POST; the target is the configured origin, never the client's Host header.
        var post = new HttpRequestMessage(HttpMethod.Post, $"{Nginx.HttpOrigin}/masuk") { Content = new StringContent("a=b") };
        post.Headers.Host = "evil.example";
        var moved = await http.SendAsync(post);
        ((int)moved.StatusCode).ShouldBe(308);
        moved.Headers.Location.ShouldBe(new Uri($"{Nginx.HttpsOrigin}/masuk"));

        // certbot's webroot answers over plain http, as the CA asks; a missing token is 404, not a redirect.
        var challenges = Path.Combine(Nginx.AcmeRoot, ".well-known", "acme-challenge");
        Directory.CreateDirectory(challenges);
        await File.WriteAllTextAsync(Path.Combine(challenges, "tok3n"), "tok3n.thumbprint");
        var token = await http.GetAsync($"{Nginx.HttpOrigin}/.well-known/acme-challenge/tok3n");
        token.StatusCode.ShouldBe(HttpStatusCode.OK, Nginx.Tail());
        (await token.Content.ReadAsStringAsync()).ShouldBe("tok3n.thumbprint");
        token.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await http.GetAsync($"{Nginx.HttpOrigin}/.well-known/acme-challenge/missing")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task every_https_answer_carries_each_security_header_exactly_once_and_hsts_comes_from_nginx_only()
    {
        using var http = DeployTools.Client();
        var login = await http.GetStringAsync($"{Nginx.HttpsOrigin}/masuk");
        var stylesheet = Regex.Match(login, @"css/site\.[0-9a-z]+\.css").Value;
        stylesheet.ShouldNotBeEmpty();

        // A page with a form (the app adds X-Frame-Options there), an API error, static files, a 404 page, the health URL.
        foreach (var path in new[] { "/masuk", "/api/gradebooks", "/" + stylesheet, "/css/site.css", "/tidak-ada", "/healthz" })
        {
            var response = await http.GetAsync(Nginx.HttpsOrigin + path);
            ((int)response.StatusCode).ShouldBeLessThan(500, $"{path}{Environment.NewLine}{fixture.Logs()}");
            void Once(string name, string value) =>
                DeployTools.Header(response, name).ShouldBe([value], $"{name} on {path} ({(int)response.StatusCode})");
            Once("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
            Once("Content-Security-Policy", ContentSecurityPolicy);
            Once("X-Frame-Options", "SAMEORIGIN");
            Once("X-Content-Type-Options", "nosniff");
            Once("Referrer-Policy", "strict-origin-when-cross-origin");
            Once("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
            Once("Server", "nginx"); // no version, no Kestrel
            DeployTools.Header(response, "X-Powered-By").ShouldBeEmpty();
        }

        // The app itself sends no HSTS (browsers keep only the first one, and nginx's is the long one).
        using var direct = DeployTools.Client();
        var fromApp = await direct.GetAsync($"http://{fixture.App.Upstream}/masuk");
        fromApp.StatusCode.ShouldBe(HttpStatusCode.OK);
        DeployTools.Header(fromApp, "Strict-Transport-Security").ShouldBeEmpty();

        // HTTP/2 is offered (ALPN).
        using var h2 = DeployTools.Client(version: HttpVersion.Version20);
        var two = await h2.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{Nginx.HttpsOrigin}/healthz")
            { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact });
        two.Version.ShouldBe(HttpVersion.Version20);
        (await two.Content.ReadAsStringAsync()).ShouldBe("ok");
    }

    [Fact]
    public async Task the_app_sees_https_and_the_clients_address_so_its_cookies_are_secure()
    {
        var client = IPAddress.Parse("127.0.0.5");
        var cookies = new CookieContainer();
        using var http = DeployTools.Client(from: client, cookies: cookies);

        var page = await http.GetAsync($"{Nginx.HttpsOrigin}/masuk");
        var antiforgery = SetCookie(page, ".AspNetCore.Antiforgery.");
        antiforgery.ShouldContain("; secure", Case.Insensitive, "the antiforgery cookie over https");
        antiforgery.ShouldContain("; httponly", Case.Insensitive);

        // A client cannot choose the address the app sees: nginx replaces X-Forwarded-For.
        var signIn = new HttpRequestMessage(HttpMethod.Post, $"{Nginx.HttpsOrigin}/api/session")
        {
            Content = JsonContent.Create(new { userName = "guru.mtk", password = fixture.App.Password("guru.mtk") }),
        };
        signIn.Headers.Add("X-Forwarded-For", "203.0.113.7");
        var answer = await http.SendAsync(signIn);
        answer.StatusCode.ShouldBe(HttpStatusCode.NoContent, fixture.Logs());
        var auth = SetCookie(answer, "eraport=");
        auth.ShouldContain("; secure", Case.Insensitive, "the sign-in cookie over https");
        auth.ShouldContain("; httponly", Case.Insensitive);
        auth.ShouldContain("; samesite=lax", Case.Insensitive);
        (await http.GetAsync($"{Nginx.HttpsOrigin}/api/gradebooks")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var probe = $"/proxy-check/{Guid.NewGuid():N}";
        var spoofed = new HttpRequestMessage(HttpMethod.Get, Nginx.HttpsOrigin + probe);
        spoofed.Headers.Add("X-Forwarded-For", "203.0.113.7");
        spoofed.Headers.Add("X-Forwarded-Proto", "http");
        await http.SendAsync(spoofed);
        await DeployTools.WaitUntilAsync(() => Task.FromResult(fixture.RequestLines(probe).Length > 0), TimeSpan.FromSeconds(5), fixture.Logs);
        fixture.RequestLines(probe).ShouldBe([$"Request GET {probe} from 127.0.0.5 over https"]);

        // The sign-in keys are where DataProtection:KeysPath says (a volume in compose): restarts keep sessions.
        Directory.GetFiles(fixture.App.KeysDirectory, "key-*.xml").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task direct_plain_http_still_signs_in_and_callers_outside_the_proxy_network_cannot_claim_https()
    {
        // Development (./scripts/run.sh): plain http on loopback, cookies without Secure so that they come back.
        var cookies = new CookieContainer();
        using var local = DeployTools.Client(cookies: cookies);
        var answer = await local.PostAsJsonAsync($"http://{fixture.App.Upstream}/api/session",
            new { userName = "guru.bio", password = fixture.App.Password("guru.bio") });
        answer.StatusCode.ShouldBe(HttpStatusCode.NoContent, fixture.App.Tail());
        SetCookie(answer, "eraport=").ShouldNotContain("secure", Case.Insensitive);
        (await local.GetAsync($"http://{fixture.App.Upstream}/api/gradebooks")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // 127.0.0.7 is not in Proxy:KnownNetworks (127.0.0.1/32): its forwarded headers are ignored.
        using var stranger = DeployTools.Client(from: IPAddress.Parse("127.0.0.7"));
        var probe = $"/proxy-check/{Guid.NewGuid():N}";
        var claim = new HttpRequestMessage(HttpMethod.Get, $"http://{fixture.App.Upstream}{probe}");
        claim.Headers.Add("X-Forwarded-For", "203.0.113.8");
        claim.Headers.Add("X-Forwarded-Proto", "https");
        await stranger.SendAsync(claim);
        await DeployTools.WaitUntilAsync(() => Task.FromResult(fixture.RequestLines(probe).Length > 0), TimeSpan.FromSeconds(5), fixture.App.Tail);
        fixture.RequestLines(probe).ShouldBe([$"Request GET {probe} from 127.0.0.7 over http"]);
    }

    [Fact]
    public async Task pages_are_compressed_and_fingerprinted_assets_are_cached_for_a_year()
    {
        using var http = DeployTools.Client();
        var page = new HttpRequestMessage(HttpMethod.Get, $"{Nginx.HttpsOrigin}/masuk");
        page.Headers.AcceptEncoding.ParseAdd("gzip");
        var compressed = await http.SendAsync(page);
        compressed.Content.Headers.ContentEncoding.ShouldBe(["gzip"]);
        var html = await Gunzip(compressed);
        html.ShouldContain("<form");

        foreach (var asset in new[] { Regex.Match(html, @"css/site\.[0-9a-z]+\.css").Value, Regex.Match(html, @"js/grid\.[0-9a-z]+\.js").Value })
        {
            asset.ShouldNotBeEmpty();
            var request = new HttpRequestMessage(HttpMethod.Get, $"{Nginx.HttpsOrigin}/{asset}");
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            var response = await http.SendAsync(request);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            DeployTools.Header(response, "Cache-Control").ShouldBe(["max-age=31536000, immutable"], asset);
            response.Content.Headers.ContentEncoding.ShouldBe(["gzip"], asset);
            (await Gunzip(response)).Length.ShouldBeGreaterThan(1000, asset);
        }
        // A plain name may change with the next version: it is revalidated.
        var plain = await http.GetAsync($"{Nginx.HttpsOrigin}/css/site.css");
        DeployTools.Header(plain, "Cache-Control").ShouldBe(["no-cache"]);
    }

    [Fact]
    public async Task a_verification_link_with_a_nul_after_the_code_gets_the_unknown_code_page_and_head_answers_as_get()
    {
        using var http = DeployTools.Client();
        const string code = "ABCD-EFGH-JKMN-PQRS";

        // nginx refuses a NUL in the path before the app sees it; the answer is still the app's page, in Bahasa Indonesia.
        var junk = await http.GetAsync($"{Nginx.HttpsOrigin}/verifikasi/{code}%00");
        ((int)junk.StatusCode).ShouldBe(400, fixture.Logs());
        var page = await junk.Content.ReadAsStringAsync();
        page.ShouldContain("data-verdict=\"unknown\"");
        page.ShouldContain("Tidak dikenal.");
        var elsewhere = await http.GetAsync($"{Nginx.HttpsOrigin}/rapor/%00");
        ((int)elsewhere.StatusCode).ShouldBe(400);
        (await elsewhere.Content.ReadAsStringAsync()).ShouldContain("permintaan Anda tidak dapat diproses");

        // What a messaging app asks before it previews a shared link.
        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"{Nginx.HttpsOrigin}/verifikasi/{code}"));
        head.StatusCode.ShouldBe(HttpStatusCode.OK, fixture.Logs());
        head.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await head.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_spreadsheet_sized_upload_passes_and_a_body_over_10_MB_is_refused()
    {
        using var http = DeployTools.Client();
        async Task<HttpStatusCode> PostAsync(int megabytes)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{Nginx.HttpsOrigin}/api/gradebooks/{Guid.NewGuid()}/scores")
            {
                Content = new ByteArrayContent(new byte[megabytes * 1024 * 1024]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            request.Headers.ExpectContinue = true; // nginx answers 413 before the body is sent
            return (await http.SendAsync(request)).StatusCode;
        }
        (await PostAsync(11)).ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await PostAsync(9)).ShouldBe(HttpStatusCode.Unauthorized, "reaches the app, which wants a sign-in");
    }

    /// <summary>Without nginx in front (./scripts/run.sh, or a port left open), a chunked body says no length up front:
    /// the app stops reading at its cap instead of parsing whatever arrives.</summary>
    [Fact]
    public async Task a_chunked_json_body_over_the_cap_sent_straight_to_the_app_is_refused_as_too_large()
    {
        var cookies = new CookieContainer();
        using var local = DeployTools.Client(cookies: cookies);
        async Task<HttpResponseMessage> PostChunkedAsync(string path, int kilobytes)
        {
            var body = Encoding.ASCII.GetBytes("{\"commandId\":\"" + new string('x', kilobytes * 1024) + "\"}");
            var content = new StreamContent(new MemoryStream(body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
            var request = new HttpRequestMessage(HttpMethod.Post, $"http://{fixture.App.Upstream}{path}") { Content = content };
            request.Headers.TransferEncodingChunked = true;
            return await local.SendAsync(request);
        }
        async Task ShouldBeTooLargeAsync(HttpResponseMessage answer, string cap)
        {
            answer.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, fixture.App.Tail());
            var problem = await answer.Content.ReadFromJsonAsync<ApiProblem>();
            problem!.Code.ShouldBe("request.too_large");
            problem.Title.ShouldContain(cap);
        }

        await ShouldBeTooLargeAsync(await PostChunkedAsync("/api/session", 64), "16 kB");
        (await local.PostAsJsonAsync($"http://{fixture.App.Upstream}/api/session",
            new { userName = "guru.bio", password = fixture.App.Password("guru.bio") })).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await ShouldBeTooLargeAsync(await PostChunkedAsync($"/api/gradebooks/{Guid.NewGuid()}/scores", 3 * 1024), "2 MB");
    }

    [Fact]
    public async Task password_posts_are_rate_limited_per_client_by_nginx_but_pages_are_not()
    {
        using var guesser = DeployTools.Client(from: IPAddress.Parse("127.0.0.9"));
        var answers = new List<string>();
        for (var i = 0; i < 46; i++)
        {
            // The form and the API share one budget per client address.
            var response = i % 2 == 0
                ? await guesser.PostAsync($"{Nginx.HttpsOrigin}/api/session", new StringContent("{", Encoding.UTF8, "application/json"))
                : await guesser.PostAsync($"{Nginx.HttpsOrigin}/masuk", new FormUrlEncodedContent([new("Input.UserName", "x")]));
            // nginx's own 429 says so in Bahasa Indonesia (a page, or the problem auth.too_many_sign_ins); the app's (its own, tighter
            // limit, on wrong passwords) is auth.too_many_attempts.
            var body = await response.Content.ReadAsStringAsync();
            body.ShouldNotContain("<center>nginx</center>");
            var fromNginx = response.StatusCode == HttpStatusCode.TooManyRequests
                && (i % 2 == 0 ? body.Contains("\"code\": \"auth.too_many_sign_ins\"") : body.Contains("<h1>Terlalu banyak percobaan masuk</h1>"));
            answers.Add((i % 2 == 0 ? "api:" : "form:") + (fromNginx ? "nginx-429" : ((int)response.StatusCode).ToString()));
        }
        var all = string.Join(" ", answers);
        answers.Take(30).ShouldNotContain(a => a.EndsWith("nginx-429"), all);
        answers.Count(a => a.EndsWith("nginx-429")).ShouldBeGreaterThanOrEqualTo(10, all);
        answers.ShouldContain("api:nginx-429", all);
        answers.ShouldContain("form:nginx-429", all);

        (await guesser.GetAsync($"{Nginx.HttpsOrigin}/masuk")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var neighbour = DeployTools.Client(from: IPAddress.Parse("127.0.0.10"));
        var other = await neighbour.PostAsync($"{Nginx.HttpsOrigin}/api/session", new StringContent("{", Encoding.UTF8, "application/json"));
        other.StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
    }

    private static string SetCookie(HttpResponseMessage response, string prefix) =>
        DeployTools.Header(response, "Set-Cookie").SingleOrDefault(c => c.StartsWith(prefix, StringComparison.Ordinal))
        ?? throw new ShouldAssertException($"no Set-Cookie {prefix}… in {string.Join(" | ", DeployTools.Header(response, "Set-Cookie"))}");

    private static async Task<string> Gunzip(HttpResponseMessage response)
    {
        await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return await reader.ReadToEndAsync();
    }
}
