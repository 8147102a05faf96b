using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>The class page as an operator uses it on a phone: a tick box per student and one choice of class, reached and
/// sent by keyboard alone. It moves students, so it runs on a demo app of its own.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ClassPageBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    public override async Task InitializeAsync() => Site = await App.StartOwnAppAsync("kelas");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Site != App.Demo)
            await Site.DisposeAsync();
    }

    [Fact]
    public Task an_admin_on_a_phone_ticks_two_students_and_moves_them_with_the_keyboard() => RunAsync(async () =>
    {
        var admin = await NewPageAsync(360, 800);
        await SignInAsync(admin, "admin");
        await admin.GotoAsync("/data/kelas");
        await admin.GetByRole(AriaRole.Link, new() { Name = "X-1", Exact = true }).ClickAsync();
        // Measured once the class page has loaded with its styles: a click only starts the navigation (CI measured too early).
        await admin.WaitForURLAsync(new Regex("/data/kelas/[0-9a-f-]+$"));
        (await admin.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue();
        (await AxeViolationsAsync(admin)).ShouldBeEmpty();
        await ScreenshotAsync(admin, "class-page-360");
        var names = (await admin.Locator("table.roster td.title a").AllInnerTextsAsync()).Select(n => n.Trim()).Take(2).ToList();

        foreach (var name in names)
        {
            await admin.GetByLabel($"Pilih {name}", new() { Exact = true }).FocusAsync();
            await admin.Keyboard.PressAsync("Space");
        }
        await admin.GetByLabel("Ke kelas", new() { Exact = true }).FocusAsync();
        await admin.Keyboard.PressAsync("ArrowDown"); // the first other class
        await admin.GetByRole(AriaRole.Button, new() { Name = "Pindahkan" }).FocusAsync();
        await admin.Keyboard.PressAsync("Enter");

        await Expect(admin.Locator(".alert.success")).ToContainTextAsync("2 peserta didik dipindahkan ke kelas ");
        foreach (var name in names)
            await Expect(admin.Locator("table.roster td.title").Filter(new() { HasText = name })).ToHaveCountAsync(0);
        (await admin.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")).ShouldBeTrue();
    });
}
