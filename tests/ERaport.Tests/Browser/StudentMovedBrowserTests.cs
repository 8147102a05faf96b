using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>A student moved to another class in the middle of the term, in the demo school: the admin is told before
/// and after the move that the scores stay in the old class, and the Matematika teacher of the new class copies them
/// into the grid and saves them. It moves a student, so it runs on a demo app of its own.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StudentMovedBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    public override async Task InitializeAsync() => Site = await App.StartOwnAppAsync("moved");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Site != App.Demo)
            await Site.DisposeAsync();
    }

    [Fact]
    public Task the_teacher_of_a_moved_students_new_class_copies_the_scores_from_the_old_class_and_saves_them() => RunAsync(async () =>
    {
        // X-2 is fully scored; X-1's Matematika is empty.
        var admin = await NewPageAsync();
        await SignInAsync(admin, "admin");
        await admin.GotoAsync("/data/kelas");
        await admin.GetByRole(AriaRole.Link, new() { Name = "X-2", Exact = true }).ClickAsync();
        var link = admin.Locator("table.roster tbody tr td.title a").First;
        var name = (await link.InnerTextAsync()).Trim();
        await link.ClickAsync();
        await Expect(admin.Locator("[data-scores-in-class]")).ToContainTextAsync($"{name} sudah memiliki");
        await admin.GetByLabel("Kelas", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "X-1" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Pindah kelas" }).ClickAsync();
        await Expect(admin.Locator(".alert.success")).ToContainTextAsync("tetap tersimpan di sana");
        await Expect(admin.Locator("[data-left-behind] tbody tr").Filter(new() { HasText = "Matematika" })).ToContainTextAsync("X-2");

        var teacher = await NewPageAsync();
        await SignInAsync(teacher, "guru.mtk");
        var grid = await OpenGradebookAsync(teacher, "X-1", "Matematika", "Isi nilai");
        var row = GridRows(teacher).Filter(new() { HasText = name });
        await Expect(row.Locator(".earlier")).ToContainTextAsync("Nilai di X-2 sebelum pindah: TP1 ");
        var earlier = JsonDocument.Parse((await row.Locator("button[data-copy]").GetAttributeAsync("data-copy"))!).RootElement
            .EnumerateArray().ToDictionary(c => c.GetProperty("Key").GetString()!, c => c.GetProperty("Value").GetInt32().ToString());
        earlier.Count.ShouldBe(6, "X-2 has every Matematika score: four TPs and both SAS parts");
        await ScreenshotAsync(teacher, "grid-moved-student-1280");
        (await AxeViolationsAsync(teacher)).ShouldBeEmpty();
        // On a phone the note wraps inside the name column: the page is no wider than the screen.
        await teacher.SetViewportSizeAsync(360, 800);
        (await teacher.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue();
        await ScreenshotAsync(teacher, "grid-moved-student-360");
        await teacher.SetViewportSizeAsync(1280, 900);

        await row.GetByRole(AriaRole.Button, new() { Name = $"Salin nilai {name} dari X-2 ke sel yang kosong" }).ClickAsync();
        var status = teacher.Locator("[data-grid-status]");
        await Expect(status).ToHaveTextAsync("6 nilai dari X-2 disalin; periksa lalu simpan. 6 nilai diubah");
        foreach (var (key, value) in earlier)
            await Expect(row.Locator($"input.cell[name$='|{key}']")).ToHaveValueAsync(value);

        // A second click overwrites nothing the teacher has since typed.
        await row.Locator("input.cell[name$='|tp1']").FillAsync("55");
        await row.GetByRole(AriaRole.Button, new() { Name = $"Salin nilai {name} dari X-2 ke sel yang kosong" }).ClickAsync();
        await Expect(status).ToHaveTextAsync("0 nilai dari X-2 disalin, 6 sel yang sudah berisi dibiarkan; periksa lalu simpan. 6 nilai diubah");
        await Expect(row.Locator("input.cell[name$='|tp1']")).ToHaveValueAsync("55");

        await SaveButton(teacher).ClickAsync();
        await Expect(teacher.Locator(".alert.success")).ToHaveTextAsync("6 nilai tersimpan.");
        await teacher.GotoAsync(grid);
        foreach (var (key, value) in earlier)
            await Expect(GridRows(teacher).Filter(new() { HasText = name }).Locator($"input.cell[name$='|{key}']")).ToHaveValueAsync(key == "tp1" ? "55" : value);
        await Expect(GridRows(teacher).Filter(new() { HasText = name }).Locator("td.na")).Not.ToHaveTextAsync("belum lengkap");
    });
}
