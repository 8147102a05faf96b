using ERaport.Write.Common;
using ERaport.Write.Grading;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace ERaport.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class ErrorPageTests(AppFixture app)
{
    [Fact]
    public async Task an_unknown_page_says_so_in_bahasa_indonesia()
    {
        var browser = await app.SignInAsync("guru.mtk");
        var page = await browser.GetPageAsync("/tidak-ada-halaman-ini", 404);
        page.QuerySelector("h1")!.TextContent.ShouldBe("Halaman tidak ditemukan");
    }

    /// <summary>Browsers ask every site for an icon; without one named in the page that is /favicon.ico, a 404 page.</summary>
    [Fact]
    public async Task a_page_names_its_icon_so_a_first_visit_asks_for_no_page_that_is_not_there()
    {
        var page = TestBrowser.Parse(await (await app.Host.Scenario(s => s.Get.Url("/masuk"))).ReadAsTextAsync());
        var icon = page.QuerySelector("link[rel=icon]")?.GetAttribute("href");
        icon.ShouldNotBeNull();
        var served = await app.Host.Scenario(s =>
        {
            s.Get.Url("/" + icon.TrimStart('/'));
            s.StatusCodeShouldBe(200);
        });
        served.Context.Response.ContentType.ShouldBe("image/svg+xml");
    }

    [Fact]
    public async Task an_unknown_api_address_answers_a_json_problem()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Get.Url("/api/tidak-ada");
            s.StatusCodeShouldBe(404);
        });
        (await result.ReadAsTextAsync()).ShouldContain("request.not_found");
    }
}

/// <summary>The app as it runs in production (the other fixtures run in Development).</summary>
public sealed class ProductionFixture : AppFixture
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseEnvironment(Environments.Production);
}

public sealed class ProductionErrorPageTests(ProductionFixture app) : IClassFixture<ProductionFixture>
{
    [Fact]
    public async Task a_page_that_refuses_answers_its_status_with_the_status_page_in_production()
    {
        var wali = await app.SignInAsync("wali.x1");
        var page = await wali.GetPageAsync($"/leger/{Guid.NewGuid()}", 404);
        page.QuerySelector("h1")!.TextContent.ShouldBe("Halaman tidak ditemukan");
    }

    /// <summary>A plain form post to a page that no longer shows that form (the framework answers an empty 400): a tab left
    /// open on a gradebook that the admin has since handed to another teacher.</summary>
    [Fact]
    public async Task a_teacher_who_saves_a_gradebook_handed_to_another_teacher_meanwhile_is_told_nothing_was_saved_and_what_to_open()
    {
        var gradebookId = await app.OpenGradebookAsync("guru.mtk");
        var teacher = await app.SignInAsync("guru.mtk");
        var grid = await teacher.GetPageAsync($"/nilai/{gradebookId}");
        await app.SendAcceptedAsync(new ReassignGradebook(Guid.NewGuid(), gradebookId, app.School.User("guru.bio").UserId, "Pindah tugas",
            app.School.User("admin"), EntrySource.Api));
        await app.CatchUpAsync();

        var answer = await teacher.SubmitAsync(grid, "form[data-score-grid]", $"/nilai/{gradebookId}",
            new Dictionary<string, string> { [$"v|{app.School.Students[0]}|tp1"] = "80" }, 400);

        var page = TestBrowser.Parse(await answer.ReadAsTextAsync());
        page.QuerySelector("h1")!.TextContent.ShouldBe("Isian tidak terkirim");
        page.QuerySelector("main")!.TextContent.ShouldContain("tidak disimpan");
        page.QuerySelector($"main a[href='/nilai/{gradebookId}']").ShouldNotBeNull("a link back to the page, to see how it stands now");
    }

    /// <summary>At the end of a term the likeliest page to change under a teacher's typing: the wali kelas locks the class,
    /// and the grid she saves has no form any more. The page must name the lock among the causes, not only a handover.</summary>
    [Fact]
    public async Task a_teacher_who_saves_a_grid_whose_class_was_locked_meanwhile_is_told_the_scores_may_be_locked_and_nothing_was_saved()
    {
        var (classId, gradebookId, studentId) = await app.ClassOfItsOwnAsync("KN-1");
        var teacher = await app.SignInAsync("guru.mtk");
        var grid = await teacher.GetPageAsync($"/nilai/{gradebookId}");
        await app.SendAcceptedAsync(new LockClass(Guid.NewGuid(), classId, app.School.User("admin"), EntrySource.Api));
        await app.CatchUpAsync();
        var before = await app.EventCountAsync();

        var answer = await teacher.SubmitAsync(grid, "form[data-score-grid]", $"/nilai/{gradebookId}",
            new Dictionary<string, string> { [$"v|{studentId}|tp1"] = "80" }, 400);

        var page = TestBrowser.Parse(await answer.ReadAsTextAsync());
        page.QuerySelector("h1")!.TextContent.ShouldBe("Isian tidak terkirim");
        page.QuerySelector("main")!.TextContent.ShouldContain("nilainya sudah dikunci");
        page.QuerySelector("main")!.TextContent.ShouldContain("tidak disimpan");
        (await app.EventCountAsync()).ShouldBe(before);
    }

    /// <summary>The framework cannot read a form holding a NUL (pasted from another program) at all, so nothing of it can be
    /// kept or shown again; the page must name that cause, not a page that changed meanwhile.</summary>
    [Fact]
    public async Task a_form_holding_a_nul_character_is_refused_as_unreadable_not_as_a_page_that_changed()
    {
        var admin = await app.SignInAsync("admin");
        var form = await admin.GetPageAsync("/data/mapel");
        var before = await app.EventCountAsync();

        var answer = await admin.SubmitAsync(form, "form.stack", "/data/mapel",
            new Dictionary<string, string> { ["code"] = "NUL1", ["name"] = "Bahasa\0Jepang", ["group"] = "Umum", ["order"] = "50", ["kktp"] = "70" }, 400);

        var page = TestBrowser.Parse(await answer.ReadAsTextAsync());
        page.QuerySelector("h1")!.TextContent.ShouldBe("Isian tidak dapat dibaca");
        page.QuerySelector("main")!.TextContent.ShouldContain("karakter");
        page.QuerySelector("main")!.TextContent.ShouldNotContain("berubah sejak");
        page.QuerySelector("main [data-code='form.unreadable']").ShouldNotBeNull();
        page.QuerySelector("main a[href='/data/mapel']").ShouldNotBeNull("a way back to the form");
        (await app.EventCountAsync()).ShouldBe(before);
    }
}
