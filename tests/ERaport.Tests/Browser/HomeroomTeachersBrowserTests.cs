using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>"Wali kelas semua kelas" on a 360 px phone and by keyboard alone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HomeroomTeachersBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    [Fact]
    public Task on_a_phone_every_class_row_fits_and_the_form_is_filled_and_sent_by_keyboard() => RunAsync(async () =>
    {
        var admin = await NewPageAsync(360, 740);
        await SignInAsync(admin, "admin");
        await admin.GotoAsync("/data/kelas");

        var form = admin.Locator("#wali-semua");
        (await admin.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360, "nothing wider than the phone");
        foreach (var input in await form.Locator("input[list]").AllAsync())
        {
            var box = (await input.BoundingBoxAsync())!;
            (box.X >= 0 && box.X + box.Width <= 360).ShouldBeTrue($"a teacher field in view ({box.X} + {box.Width})");
            box.Height.ShouldBeGreaterThanOrEqualTo(24, "a finger-sized field");
        }
        await ScreenshotAsync(admin, "homeroom-teachers-360");

        // By keyboard: the class's field by its label, Tab to the next class, Enter sends the form (nothing changed: nothing saved).
        var first = form.GetByLabel("X-1", new() { Exact = true });
        await first.FocusAsync();
        var shown = await first.InputValueAsync();
        await admin.Keyboard.PressAsync("Tab");
        await Expect(form.GetByLabel("X-2", new() { Exact = true })).ToBeFocusedAsync();
        await admin.Keyboard.PressAsync("Shift+Tab");
        await admin.Keyboard.PressAsync("Control+A");
        await admin.Keyboard.TypeAsync(shown);
        await admin.Keyboard.PressAsync("Enter");
        await Expect(admin.Locator(".alert.success")).ToContainTextAsync("Tidak ada perubahan");
    });
}
