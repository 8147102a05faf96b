using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ERaport.Tests.Browser;
using ERaport.Tests.Integration;

namespace ERaport.Tests.Deploy;

/// <summary>The zone compose hands the app from TZ in .env (School__TimeZone), in the app as it runs.</summary>
public sealed class SchoolTimeZoneTests
{
    [Fact]
    public async Task a_school_in_bali_reads_every_change_in_wita_at_its_own_clock_time()
    {
        var connectionString = Environment.GetEnvironmentVariable(PublishedApp.ConnectionVariable)
            ?? throw new InvalidOperationException($"{PublishedApp.ConnectionVariable} is not set: run the tests with ./scripts/test.sh.");
        await using var demo = await DemoApp.StartAsync(connectionString, DeployTools.TempDirectory("wita") + "/app.log",
            new Dictionary<string, string> { ["School__TimeZone"] = "Asia/Makassar" });
        using var kepsek = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(demo.BaseUrl) };
        (await kepsek.PostAsJsonAsync("/api/session", new { userName = "kepsek", password = demo.Password("kepsek") })).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        using var changes = JsonDocument.Parse(await kepsek.GetStringAsync("/api/audit/changes"));
        var latest = changes.RootElement.GetProperty("entries")[0].GetProperty("changedAt").GetDateTimeOffset();
        var page = TestBrowser.Parse(await kepsek.GetStringAsync("/audit"));

        var wita = latest.ToOffset(TimeSpan.FromHours(8));
        page.QuerySelector("td.when")!.TextContent.Trim().ShouldBe(wita.ToString("d MMM yyyy, HH.mm", CultureInfo.GetCultureInfo("id-ID")) + " WITA", demo.LogTail());
    }
}
