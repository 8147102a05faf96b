using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>A class's teaching assignments (/data/pembelajaran?kelas=) on a 360 px phone and by keyboard alone: a text field per
/// subject, all sharing one list of the term's teachers, as "Wali kelas semua kelas" does.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TeachingAssignmentsBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    [Fact]
    public Task on_a_phone_a_class_s_teacher_fields_fit_and_the_names_they_show_are_sent_back_as_the_same_teachers() => RunAsync(async () =>
    {
        var admin = await NewPageAsync(360, 740);
        await SignInAsync(admin, "admin");
        await admin.GotoAsync("/data/pembelajaran");
        await admin.Locator("#kelas-pembelajaran").GetByRole(AriaRole.Link, new() { Name = "X-1", Exact = true }).ClickAsync();
        await admin.WaitForURLAsync(new Regex("kelas=[0-9a-f-]+$"));

        var form = admin.Locator("form.class-teachers");
        (await admin.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360, "nothing wider than the phone");
        var fields = await form.Locator("input[list]").AllAsync();
        fields.ShouldNotBeEmpty();
        foreach (var field in fields)
        {
            var box = (await field.BoundingBoxAsync())!;
            (box.X >= 0 && box.X + box.Width <= 360).ShouldBeTrue($"a teacher field in view ({box.X} + {box.Width})");
        }
        (await form.Locator("select").CountAsync()).ShouldBe(0);
        (await AxeViolationsAsync(admin)).ShouldBeEmpty();
        await ScreenshotAsync(admin, "class-teachers-360");

        // Retyped as shown and sent with Enter: every row names the teacher it had, so nothing is saved.
        var first = fields[0];
        var shown = await first.InputValueAsync();
        shown.ShouldEndWith(")"); // a subject of X-1 with its teacher, as the list names them: Name (user name)
        await first.FocusAsync();
        await admin.Keyboard.PressAsync("Control+A");
        await admin.Keyboard.TypeAsync(shown);
        await admin.Keyboard.PressAsync("Enter");
        await Expect(admin.Locator(".alert.success")).ToContainTextAsync("Tidak ada perubahan");
    });
}
