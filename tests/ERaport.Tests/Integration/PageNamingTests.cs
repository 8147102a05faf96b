using AngleSharp.Html.Dom;

namespace ERaport.Tests.Integration;

/// <summary>The pages name things one way: the semester as "2026/2027 Ganjil" in lists and headings and as
/// "Tahun pelajaran 2026/2027, semester Ganjil" under a page's title; a gradebook as "Matematika X-1" on the way back.</summary>
[Collection(AppCollection.Name)]
public sealed class PageNamingTests(AppFixture app)
{
    private const string Listed = "2026/2027 Ganjil";
    private const string UnderTitle = "Tahun pelajaran 2026/2027, semester Ganjil";

    private static string Subtitle(IHtmlDocument page) => page.QuerySelector("h1 ~ p.muted")!.TextContent.Trim();

    private static string Crumb(IHtmlDocument page) =>
        string.Join(" ", page.QuerySelector("nav.breadcrumb")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task every_page_names_the_term_the_same_way()
    {
        var classId = app.School.ClassId;
        var wali = await app.SignInAsync("wali.x1");

        (await wali.GetPageAsync("/rapor")).QuerySelector("h2")!.TextContent.Trim().ShouldBe(Listed);
        (await wali.GetPageAsync("/wali?semua=true")).QuerySelector("main li .muted")!.TextContent.ShouldStartWith(Listed);
        Subtitle(await wali.GetPageAsync($"/rapor/{classId}")).ShouldStartWith(UnderTitle);
        Subtitle(await wali.GetPageAsync($"/leger/{classId}")).ShouldBe(UnderTitle);
        Subtitle(await wali.GetPageAsync($"/wali/{classId}")).ShouldStartWith(UnderTitle);
        Subtitle(await wali.GetPageAsync($"/kelas/{classId}/kunci")).ShouldStartWith(UnderTitle);

        var teacher = await app.SignInAsync("guru.mtk");
        Subtitle(await teacher.GetPageAsync($"/nilai/{app.School.MathGradebook}")).ShouldStartWith(UnderTitle);
    }

    [Fact]
    public async Task every_page_of_a_gradebook_leads_back_to_its_grid_under_one_name()
    {
        var gradebook = app.School.MathGradebook;
        var student = app.School.Students[0];
        var teacher = await app.SignInAsync("guru.mtk");

        Crumb(await teacher.GetPageAsync($"/nilai/{gradebook}")).ShouldBe("Beranda › Matematika X-1");
        foreach (var (url, here) in new[]
                 {
                     ($"/nilai/{gradebook}/akhir", "Nilai akhir"), ($"/nilai/{gradebook}/tp", "Tujuan pembelajaran & bobot"),
                     ($"/nilai/{gradebook}/unggah", "Unggah templat"), ($"/riwayat/{gradebook}/{student}", "Riwayat"),
                 })
        {
            var page = await teacher.GetPageAsync(url);
            Crumb(page).ShouldBe($"Beranda › Matematika X-1 › {here}", url);
            page.QuerySelector($"nav.breadcrumb a[href='/nilai/{gradebook}']").ShouldNotBeNull(url);
        }
    }

    [Fact]
    public async Task every_report_card_page_leads_back_through_the_class()
    {
        var (classId, student) = (app.School.ClassId, app.School.Students[0]);
        var wali = await app.SignInAsync("wali.x1");

        Crumb(await wali.GetPageAsync($"/rapor/{classId}")).ShouldBe("Beranda › Rapor › X-1");
        Crumb(await wali.GetPageAsync($"/leger/{classId}")).ShouldBe("Beranda › Rapor › X-1 › Leger");
        Crumb(await wali.GetPageAsync($"/rapor/{classId}/{student}")).ShouldBe("Beranda › Rapor › X-1 › Adi Nugroho");
    }

    [Fact]
    public async Task the_lock_page_is_one_of_the_wali_kelas_pages_with_their_way_back_and_links()
    {
        var classId = app.School.ClassId;
        var wali = await app.SignInAsync("wali.x1");

        var page = await wali.GetPageAsync($"/kelas/{classId}/kunci");

        Crumb(page).ShouldBe("Beranda › Wali kelas › X-1 › Kunci nilai");
        page.QuerySelector($"p.page-links a[href='/wali/{classId}/ketidakhadiran']").ShouldNotBeNull("the homeroom pages' links");
        page.QuerySelector("p.page-links a[aria-current=page]")!.TextContent.Trim().ShouldBe("Kunci nilai");
        page.QuerySelector("[data-lock-state]").ShouldNotBeNull();
        var principal = await app.SignInAsync("kepsek");
        Crumb(await principal.GetPageAsync($"/kelas/{classId}/kunci")).ShouldBe("Beranda › Rapor › X-1 › Kunci nilai");
    }

    [Fact]
    public async Task the_history_links_say_which_history_they_open()
    {
        var wali = await app.SignInAsync("wali.x1");
        foreach (var url in new[] { $"/wali/{app.School.ClassId}", $"/wali/{app.School.ClassId}/riwayat", $"/rapor/{app.School.ClassId}" })
        {
            var page = await wali.GetPageAsync(url);
            var ambiguous = page.QuerySelectorAll("a[href]").Where(a => a.TextContent.Trim().StartsWith("Riwayat")).GroupBy(a => a.TextContent.Trim())
                .Where(g => g.Select(a => a.GetAttribute("href")).Distinct().Count() > 1).Select(g => g.Key);
            ambiguous.ShouldBeEmpty(url);
        }
    }
}
