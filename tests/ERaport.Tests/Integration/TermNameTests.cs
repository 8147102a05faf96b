using AngleSharp.Html.Dom;

namespace ERaport.Tests.Integration;

/// <summary>The pages name the semester in two ways only: "2026/2027 Ganjil" in lists and headings, and
/// "Tahun pelajaran 2026/2027, semester Ganjil" under a page's title.</summary>
[Collection(AppCollection.Name)]
public sealed class TermNameTests(AppFixture app)
{
    private const string Listed = "2026/2027 Ganjil";
    private const string UnderTitle = "Tahun pelajaran 2026/2027, semester Ganjil";

    private static string Subtitle(IHtmlDocument page) => page.QuerySelector("h1 ~ p.muted")!.TextContent.Trim();

    [Fact]
    public async Task every_page_names_the_term_the_same_way()
    {
        var classId = app.School.ClassId;
        var wali = await app.SignInAsync("wali.x1");

        (await wali.GetPageAsync("/rapor")).QuerySelector("h2")!.TextContent.Trim().ShouldBe(Listed);
        (await wali.GetPageAsync("/wali")).QuerySelector("main li .muted")!.TextContent.ShouldStartWith(Listed);
        Subtitle(await wali.GetPageAsync($"/rapor/{classId}")).ShouldStartWith(UnderTitle);
        Subtitle(await wali.GetPageAsync($"/leger/{classId}")).ShouldBe(UnderTitle);
        Subtitle(await wali.GetPageAsync($"/wali/{classId}")).ShouldStartWith(UnderTitle);
        Subtitle(await wali.GetPageAsync($"/kelas/{classId}/kunci")).ShouldStartWith(UnderTitle);

        var teacher = await app.SignInAsync("guru.mtk");
        Subtitle(await teacher.GetPageAsync($"/nilai/{app.School.MathGradebook}")).ShouldStartWith(UnderTitle);
    }
}
