using ERaport.Tests.Unit.Grading;
using static ERaport.Tests.Unit.Grading.TemplateFiles;

namespace ERaport.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class ScoreTemplatePageTests(AppFixture app)
{
    private static string Nisn(int i) => $"00{i:00}123456";

    private static async Task<byte[]> Download(TestBrowser browser, Guid gradebook)
    {
        var result = await browser.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/template"));
        using var copy = new MemoryStream();
        await result.Context.Response.Body.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task the_score_grid_offers_the_teacher_the_template_download_and_upload_and_the_principal_only_the_download()
    {
        var gradebook = await app.OpenGradebookAsync();

        var teacherPage = await (await app.SignInAsync("guru.mtk")).GetPageAsync($"/nilai/{gradebook}");
        var principalPage = await (await app.SignInAsync("kepsek")).GetPageAsync($"/nilai/{gradebook}");
        var homeroomPage = await (await app.SignInAsync("wali.x1")).GetPageAsync($"/nilai/{gradebook}");

        teacherPage.QuerySelector($"a[href='/api/gradebooks/{gradebook}/template']")!.TextContent.ShouldBe("Unduh templat");
        var form = teacherPage.QuerySelector("form[data-template-upload]").ShouldNotBeNull();
        form.GetAttribute("action").ShouldBe($"/nilai/{gradebook}/unggah");
        form.QuerySelector("textarea[name=reason]").ShouldNotBeNull();
        principalPage.QuerySelector($"a[href='/api/gradebooks/{gradebook}/template']").ShouldNotBeNull();
        principalPage.QuerySelector("form[data-template-upload]").ShouldBeNull();
        homeroomPage.QuerySelector($"a[href='/api/gradebooks/{gradebook}/template']").ShouldBeNull();
    }

    [Fact]
    public async Task the_teacher_uploads_a_filled_template_from_the_grid_and_sees_what_was_saved()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var template = await Download(teacher, gradebook);
        var file = Save(template, Set(Set(Table(template), Nisn(0), "TP2", 75), Nisn(4), "SAS Tes", 82));
        var grid = await teacher.GetPageAsync($"/nilai/{gradebook}");

        var (status, page) = await teacher.UploadFormAsync(grid, "form[data-template-upload]", $"/nilai/{gradebook}/unggah",
            new Dictionary<string, string> { ["reason"] = "" }, file, "nilai.xlsx");

        status.ShouldBe(200, page.QuerySelector("[role=alert]")?.TextContent);
        page.QuerySelector("[data-upload-result]")!.TextContent.ShouldContain("2 nilai tersimpan");
        var after = await teacher.GetPageAsync($"/nilai/{gradebook}");
        after.QuerySelector($"input[name='v|{app.School.Students[4]}|sas-tes']")!.GetAttribute("value").ShouldBe("82");
    }

    [Fact]
    public async Task the_upload_page_lists_every_rejected_cell_and_stores_nothing()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var template = await Download(teacher, gradebook);
        var file = Save(template, Set(Set(Table(template), Nisn(1), "TP1", "7O"), Nisn(2), "SAS Non-tes", -5));
        var upload = await teacher.GetPageAsync($"/nilai/{gradebook}/unggah");
        var before = await app.EventCountAsync();

        var (status, page) = await teacher.UploadFormAsync(upload, "form[enctype]", $"/nilai/{gradebook}/unggah",
            new Dictionary<string, string>(), file, "nilai.xlsx");

        status.ShouldBe(400);
        var rows = page.QuerySelectorAll("table.import-problems tbody tr").ToList();
        rows.Select(r => r.GetAttribute("data-code")).ShouldBe(["score.not_a_number", "score.out_of_range"]);
        rows[0].QuerySelectorAll("td").Select(td => td.TextContent).Take(3).ShouldBe(["10", "TP1 – TP satu (E)", "7O"]);
        (await app.EventCountAsync()).ShouldBe(before);
    }

    /// <summary>The upload page brought back (Back) after its upload was stored, another file sent under its id: refused as another
    /// command, in the page's words, and shown again under a new id (it was refused again until a reload).</summary>
    [Fact]
    public async Task an_upload_sent_under_a_spent_id_says_so_and_the_next_try_goes_through()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var template = await Download(teacher, gradebook);
        var url = $"/nilai/{gradebook}/unggah";
        var upload = await teacher.GetPageAsync(url);
        var none = new Dictionary<string, string>();
        (await teacher.UploadFormAsync(upload, "form[enctype]", url, none, Save(template, Set(Table(template), Nisn(0), "TP2", 75)), "nilai.xlsx"))
            .Status.ShouldBe(200);
        var other = Save(template, Set(Table(template), Nisn(1), "TP2", 76));

        var (status, refused) = await teacher.UploadFormAsync(upload, "form[enctype]", url, none, other, "nilai.xlsx");

        status.ShouldBe(409);
        refused.QuerySelector("[data-code='command.id_reused']")!.TextContent.ShouldContain("sudah pernah disimpan dengan isian lain");
        var (again, saved) = await teacher.UploadFormAsync(refused, "form[enctype]", url, none, other, "nilai.xlsx");
        again.ShouldBe(200, saved.QuerySelector("[role=alert]")?.TextContent);
        saved.QuerySelector("[data-upload-result]")!.TextContent.ShouldContain("1 nilai tersimpan");
    }

    [Fact]
    public async Task the_upload_page_refuses_junk_with_a_message()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var upload = await teacher.GetPageAsync($"/nilai/{gradebook}/unggah");

        var (status, page) = await teacher.UploadFormAsync(upload, "form[enctype]", $"/nilai/{gradebook}/unggah",
            new Dictionary<string, string>(), ScoreTemplateTests.BadFile("csv renamed"), "nilai.xlsx");

        status.ShouldBe(400);
        page.QuerySelector("[data-code='import.not_a_spreadsheet']").ShouldNotBeNull();
    }

    [Fact]
    public async Task only_the_teacher_of_record_reaches_the_upload_page()
    {
        var gradebook = await app.OpenGradebookAsync();

        foreach (var other in new[] { "kepsek", "guru.bio", "wali.x1" })
            await (await app.SignInAsync(other)).GetPageAsync($"/nilai/{gradebook}/unggah", 403);
    }
}
