using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>22:00 on the last day: the wali kelas locks the class while a teacher is still typing scores on her phone.
/// Her save cannot land, and the grid turns read-only: what she typed must not vanish with its form.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LockedWhileTypingBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    [Fact]
    public Task scores_typed_while_the_class_was_locked_are_shown_by_their_cells_to_request_as_corrections() => RunAsync(async () =>
    {
        var phone = await NewContextAsync(360, 740, phone: true);
        var teacher = await phone.NewPageAsync();
        await SignInAsync(teacher, "guru.bio");
        var grid = await OpenGradebookAsync(teacher, "X-2", "Biologi", "Isi nilai");
        var typed = new List<(string Student, string Assessment, string Value)>();
        foreach (var (row, assessment) in new[] { (0, "tp1"), (1, "tp2") })
        {
            var value = await Cell(teacher, row, assessment).InputValueAsync() == "66" ? "67" : "66";
            await Cell(teacher, row, assessment).FillAsync(value);
            typed.Add((await GridRows(teacher).Nth(row).GetAttributeAsync("data-student") ?? "", assessment, value));
        }
        await teacher.GetByLabel("Alasan koreksi").FillAsync("Nilai remedial.");

        var wali = await NewPageAsync();
        await SignInAsync(wali, "wali.x2");
        await wali.GotoAsync("/wali");
        await wali.GetByRole(AriaRole.Link, new() { Name = "X-2", Exact = true }).ClickAsync();
        await wali.GetByRole(AriaRole.Link, new() { Name = "Kunci nilai", Exact = true }).ClickAsync();
        var lockPage = new Uri(wali.Url).PathAndQuery;
        await wali.Locator("input[name=confirm]").CheckAsync();
        await wali.GetByRole(AriaRole.Button, new() { Name = "Kunci nilai kelas X-2" }).ClickAsync();
        await Expect(wali.Locator(".alert.success")).ToBeVisibleAsync();
        try
        {
            await SaveButton(teacher).ClickAsync();
            await Expect(teacher.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Isian tidak terkirim");
            await Expect(teacher.Locator("main")).ToContainTextAsync("nilainya sudah dikunci");
            await teacher.GetByRole(AriaRole.Link, new() { Name = "Buka lagi halaman tadi" }).ClickAsync();
            await Expect(teacher).ToHaveURLAsync(Site.BaseUrl + grid);
            await Expect(teacher.Locator("[data-locked]")).ToContainTextAsync("Nilai dikunci");

            await Expect(teacher.Locator("[data-locked-draft-status]")).ToHaveTextAsync("2 nilai yang Anda ketik belum tersimpan karena nilai sudah " +
                "dikunci; nilai itu tertulis di bawah nilai tersimpan pada selnya. Ketuk nilainya untuk mengajukan koreksi kepada kepala sekolah.");
            foreach (var (student, assessment, value) in typed)
            {
                var cell = teacher.Locator("table.grid.readonly td.score").Filter(new() { Has = teacher.Locator($"a[href$='/{student}/{assessment}']") });
                await Expect(cell.Locator(".draft-value")).ToHaveTextAsync("isian Anda yang belum tersimpan: " + value);
            }
            await teacher.GetByRole(AriaRole.Button, new() { Name = "Buang isian yang belum tersimpan" }).ClickAsync();
            await Expect(teacher.Locator(".draft-value")).ToHaveCountAsync(0);
            await teacher.ReloadAsync();
            await Expect(teacher.Locator("[data-locked-draft-status]")).ToBeHiddenAsync();
            await Expect(teacher.Locator(".draft-value")).ToHaveCountAsync(0);
        }
        finally
        {
            // The principal opens the class again, for the other tests that share the demo school.
            var principal = await NewPageAsync();
            await SignInAsync(principal, "kepsek");
            await principal.GotoAsync(lockPage);
            await principal.GetByLabel("Alasan membuka kunci").FillAsync("Dibuka lagi setelah uji penguncian.");
            await principal.GetByRole(AriaRole.Button, new() { Name = "Buka kunci nilai" }).ClickAsync();
            await Expect(principal.Locator(".alert.success")).ToBeVisibleAsync();
        }
    });
}
