using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ERaport.Web.Api;

namespace ERaport.Tests.Deploy;

/// <summary>What nginx answers by itself (the app is restarting or being updated, a body over its limit, too many
/// password posts) reads like the app: a page in Bahasa Indonesia for people, a problem with a stable code for the
/// API, every security header as usual. nginx's bare English pages ("502 Bad Gateway") reach nobody.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ProxyErrorPageTests(ProxyFixture fixture)
{
    [Fact]
    public async Task while_the_app_is_down_people_get_an_indonesian_page_and_the_api_a_problem_both_503()
    {
        // An upstream nothing listens on: as while `docker compose up -d --build` replaces the app's container.
        await using var nginx = new NginxServer(ProxyFixture.ServerName);
        await nginx.StartAsync($"127.0.0.1:{DeployTools.FreeTcpPort()}");
        using var http = DeployTools.Client();

        var page = await http.GetAsync($"{nginx.HttpsOrigin}/nilai/{Guid.NewGuid()}");
        page.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, nginx.Tail());
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("<html lang=\"id\">");
        html.ShouldContain("E-Raport sedang dimulai ulang");
        html.ShouldNotContain("Bad Gateway");
        html.ShouldNotContain("<center>nginx</center>");
        DeployTools.Header(page, "Content-Security-Policy").ShouldBe([ProxyTests.ContentSecurityPolicy]);
        DeployTools.Header(page, "Strict-Transport-Security").ShouldHaveSingleItem();

        // A save posted meanwhile (the form's POST stays a POST) gets the same page.
        var save = await http.PostAsync($"{nginx.HttpsOrigin}/nilai/{Guid.NewGuid()}", new FormUrlEncodedContent([new("a", "1")]));
        save.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await save.Content.ReadAsStringAsync()).ShouldContain("E-Raport sedang dimulai ulang");

        var api = await http.PostAsync($"{nginx.HttpsOrigin}/api/gradebooks/{Guid.NewGuid()}/scores",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        api.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        api.Content.Headers.ContentType!.MediaType.ShouldBe(Problems.ContentType);
        var problem = await api.Content.ReadFromJsonAsync<ApiProblem>();
        problem!.Code.ShouldBe("server.unavailable");
        problem.Status.ShouldBe(503);
        problem.Title.ShouldContain("commandId yang sama");
        problem.Errors.ShouldHaveSingleItem().Code.ShouldBe("server.unavailable");
    }

    [Fact]
    public async Task a_body_over_nginxs_limit_is_refused_in_indonesian_with_the_limit_named()
    {
        using var http = DeployTools.Client();
        async Task<HttpResponseMessage> PostAsync(string path, string mediaType)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, fixture.Nginx.HttpsOrigin + path)
            {
                Content = new ByteArrayContent(new byte[11 * 1024 * 1024]) { Headers = { ContentType = new MediaTypeHeaderValue(mediaType) } },
            };
            request.Headers.ExpectContinue = true;
            return await http.SendAsync(request);
        }

        var form = await PostAsync("/data/siswa/impor", "multipart/form-data");
        form.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge, fixture.Logs());
        form.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await form.Content.ReadAsStringAsync();
        html.ShouldContain("Berkas terlalu besar");
        html.ShouldContain("10 MB");

        var api = await PostAsync($"/api/gradebooks/{Guid.NewGuid()}/template", "multipart/form-data");
        api.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var problem = await api.Content.ReadFromJsonAsync<ApiProblem>();
        problem!.Code.ShouldBe("request.too_large");
        problem.Title.ShouldContain("10 MB");
    }
}
