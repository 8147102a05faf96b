using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>Corrections after lock in a real Chromium, on a phone: the demo's XII-1 is locked.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CorrectionRequestBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    [Fact]
    public Task on_a_phone_a_teacher_asks_for_a_tercapai_correction_and_the_principal_approves_it() => RunAsync(async () =>
    {
        var teacher = await NewPageAsync(360, 740);
        await SignInAsync(teacher, "guru.mtk");
        await teacher.GetByRole(AriaRole.Link, new() { Name = "XII-1 · Matematika", Exact = true }).ClickAsync();
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Nilai akhir, ketercapaian & deskripsi" }).ClickAsync();
        await ExpectWholeTableInViewAsync(teacher.Locator("table.final-grades"));
        await ScreenshotAsync(teacher, "final-grades-360");
        var row = teacher.Locator("table.final-grades tbody tr").Last;
        var student = (await row.Locator("td.name").InnerTextAsync()).Trim();
        await row.GetByRole(AriaRole.Link, new() { Name = "Rincian" }).ClickAsync();

        var tp1 = teacher.Locator("tr[data-objective='tp1']");
        var link = tp1.GetByRole(AriaRole.Link, new() { Name = "Ajukan koreksi ketercapaian TP1" });
        await link.ScrollIntoViewIfNeededAsync();
        // Tercapai and its request link are on the screen, not in a table scrolled sideways out of it.
        foreach (var box in new[] { await tp1.Locator("td").Nth(3).BoundingBoxAsync(), await link.BoundingBoxAsync() })
            (box!.X + box.Width).ShouldBeLessThanOrEqualTo(360);
        await link.ClickAsync();
        await Expect(teacher.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ajukan koreksi ketercapaian");
        var current = (await teacher.Locator("[data-current]").InnerTextAsync()).Trim();
        var asked = current.StartsWith("Tercapai") ? "Tidak tercapai" : "Tercapai";
        await teacher.GetByLabel("Ketercapaian yang benar").SelectOptionAsync(new SelectOptionValue { Label = asked });
        await teacher.GetByLabel("Alasan koreksi").FillAsync("Hasil remedial TP1 baru diperiksa setelah nilai dikunci.");
        (await teacher.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await ScreenshotAsync(teacher, "correction-tercapai-360");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Ajukan koreksi ke kepala sekolah" }).ClickAsync();
        await Expect(teacher.Locator(".alert.success")).ToHaveTextAsync("Permintaan koreksi terkirim ke kepala sekolah.");

        var principal = await NewPageAsync(360, 740);
        await SignInAsync(principal, "kepsek");
        await principal.GotoAsync("/koreksi");
        var request = principal.Locator("section[data-request]").Filter(new() { HasText = $"{student} · Ketercapaian TP1" });
        await Expect(request.Locator("[data-change]")).ToContainTextAsync($"→ {asked.ToLowerInvariant()}");
        await request.GetByLabel("Alasan keputusan").FillAsync("Lembar remedial sudah diperiksa.");
        await request.GetByRole(AriaRole.Button, new() { Name = "Setujui" }).ClickAsync();
        await Expect(principal.Locator(".alert.success")).ToHaveTextAsync("Koreksi disetujui; perubahannya sudah disimpan.");

        await teacher.GoBackAsync();
        await teacher.GoBackAsync();
        await teacher.ReloadAsync();
        await Expect(teacher.Locator("tr[data-objective='tp1'] td").Nth(3)).ToHaveTextAsync($"{asked} (ditandai guru)");
    });
}
