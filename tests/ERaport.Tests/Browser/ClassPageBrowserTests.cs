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

    /// <summary>At term's end the operator, on a phone, goes from the rapor index to the subjects holding a class up and on to
    /// the class's teaching assignments, where its teacher is seen (and changed): the list fits the screen. On this app of its own
    /// X-1 is as the demo seeds it (the shared app's other tests fill its grades).</summary>
    [Fact]
    public Task on_a_phone_the_admin_goes_from_the_rapor_index_to_the_subjects_holding_a_class_up_and_their_teaching_assignments() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await SignInAsync(page, "admin");
        await page.GotoAsync("/rapor");
        // X-1 is mid-term in the demo: Matematika empty, Bahasa Inggris with gaps.
        await page.Locator("tr").Filter(new() { HasText = "X-1" }).First.Locator("[data-grades] a").ClickAsync();

        var behind = page.Locator("#nilai-belum-lengkap");
        await Expect(behind).ToBeInViewportAsync();
        await Expect(behind).ToContainTextAsync("peserta didik belum lengkap");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await behind.Locator("li a").First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/data/pembelajaran\\?semester=.+&kelas="));
        await Expect(page.Locator("#kelas-judul")).ToContainTextAsync("Kelas X-1");
    });
}
