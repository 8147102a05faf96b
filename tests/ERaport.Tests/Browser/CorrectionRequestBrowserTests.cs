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

    [Fact]
    public Task on_a_phone_the_wali_kelas_of_the_locked_class_asks_for_a_homeroom_note_correction_and_the_principal_approves_it() => RunAsync(async () =>
    {
        var wali = await NewPageAsync(360, 740);
        await SignInAsync(wali, "wali.xii1");
        await wali.GotoAsync("/wali");
        await wali.GetByRole(AriaRole.Link, new() { Name = "XII-1", Exact = true }).First.ClickAsync();
        var hub = wali.Url;
        await wali.GetByRole(AriaRole.Link, new() { Name = "Kokurikuler & catatan" }).ClickAsync();
        await Expect(wali.Locator("[data-report-cards-locked]")).ToContainTextAsync("Rapor dikunci oleh");
        await Expect(wali.Locator("textarea").First).ToBeDisabledAsync();
        await wali.Locator("[data-report-cards-locked]").GetByRole(AriaRole.Link, new() { Name = "ajukan koreksi" }).ClickAsync();
        var student = (await wali.Locator("[data-students] a").First.InnerTextAsync()).Trim();
        await wali.Locator("[data-students] a").First.ClickAsync();

        var form = wali.Locator("form[data-form=catatan]");
        const string note = "Pertahankan prestasi; tingkatkan kehadiran di kegiatan sekolah.";
        await form.GetByLabel("Seharusnya").FillAsync(note);
        await form.GetByLabel("Alasan koreksi").FillAsync("Catatan tertukar dengan siswa lain saat disalin.");
        (await wali.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        (await AxeViolationsAsync(wali)).ShouldBeEmpty();
        await ScreenshotAsync(wali, "homeroom-correction-360");
        await form.GetByRole(AriaRole.Button, new() { Name = "Ajukan koreksi" }).ClickAsync();
        await Expect(wali.Locator(".alert.success")).ToContainTextAsync($"Permintaan koreksi catatan wali kelas {student} terkirim ke kepala sekolah.");
        await Expect(form.Locator("[data-waiting]")).ToContainTextAsync(note);

        var principal = await NewPageAsync(360, 740);
        await SignInAsync(principal, "kepsek");
        // The principal holds no read-your-writes token for the wali kelas's request: the queue may come a moment early.
        var request = principal.Locator("section[data-homeroom]").Filter(new() { HasText = $"{student} · Catatan wali kelas" });
        for (var tries = 0; tries < 50 && (tries == 0 || await request.CountAsync() == 0); tries++, await Task.Delay(100))
            await principal.GotoAsync("/koreksi");
        await Expect(request.Locator("[data-change]")).ToHaveTextAsync(note);
        (await AxeViolationsAsync(principal)).ShouldBeEmpty();
        await ScreenshotAsync(principal, "corrections-homeroom-360");
        await request.GetByLabel("Alasan keputusan").FillAsync("Sesuai buku catatan wali kelas.");
        await request.GetByRole(AriaRole.Button, new() { Name = "Setujui" }).ClickAsync();
        await Expect(principal.Locator(".alert.success")).ToHaveTextAsync("Koreksi disetujui; perubahannya sudah disimpan.");

        // The wali kelas holds no read-your-writes token for the principal's decision: the page may come a moment early.
        var shown = "";
        for (var tries = 0; tries < 50 && shown != note; tries++, await Task.Delay(100))
        {
            await wali.GotoAsync(hub + "/catatan");
            shown = await wali.Locator("fieldset.student-notes").Filter(new() { HasText = student }).Locator("textarea").Last.InputValueAsync();
        }
        shown.ShouldBe(note);
    });

    [Fact]
    public Task a_correction_typed_while_the_session_ended_is_restored_after_signing_in_and_once_sent_is_not_offered_again() => RunAsync(async () =>
    {
        var context = await NewContextAsync(360, 740);
        var wali = await context.NewPageAsync();
        await SignInAsync(wali, "wali.xii1");
        await wali.GotoAsync("/wali");
        await wali.GetByRole(AriaRole.Link, new() { Name = "XII-1", Exact = true }).First.ClickAsync();
        await wali.GetByRole(AriaRole.Link, new() { Name = "Kokurikuler & catatan" }).ClickAsync();
        await wali.Locator("[data-report-cards-locked]").GetByRole(AriaRole.Link, new() { Name = "ajukan koreksi" }).ClickAsync();
        await wali.Locator("[data-students] a").Nth(2).ClickAsync();
        var request = new Uri(wali.Url).PathAndQuery;
        var form = wali.Locator("form[data-form=kokurikuler]");
        var text = form.GetByLabel("Seharusnya");
        var reason = form.GetByLabel("Alasan koreksi");
        var stored = await text.InputValueAsync();
        const string corrected = "Aktif memimpin kelompok pada proyek kewirausahaan kantin sehat.";
        const string why = "Deskripsi proyek tertukar dengan kelas lain saat disalin.";
        await text.FillAsync(corrected);
        await reason.FillAsync(why);

        await context.ClearCookiesAsync(); // the session ends while the wali kelas writes, late on the last evening
        await form.GetByRole(AriaRole.Button, new() { Name = "Ajukan koreksi" }).ClickAsync();
        await Expect(wali).ToHaveURLAsync(Site.BaseUrl + "/masuk?ReturnUrl=" + Uri.EscapeDataString(request));
        await FillSignInAsync(wali, "wali.xii1");
        await Expect(wali).ToHaveURLAsync(Site.BaseUrl + request);
        await Expect(form.Locator("[data-draft-status]")).ToHaveTextAsync("2 isian yang belum tersimpan dipulihkan; periksa, lalu Ajukan koreksi.");
        await Expect(text).ToHaveValueAsync(corrected);
        await Expect(reason).ToHaveValueAsync(why);
        await form.GetByRole(AriaRole.Button, new() { Name = "Ajukan koreksi" }).ClickAsync();
        await Expect(wali.Locator(".alert.success")).ToContainTextAsync("terkirim ke kepala sekolah.");

        // The answer is the student's page again, then the same page opened afresh: the request sent is not offered again
        // as unsaved typing on its form.
        await Expect(wali.Locator("[data-draft-status]")).ToHaveCountAsync(0);
        await Expect(text).ToHaveValueAsync(stored);
        await wali.GotoAsync(request);
        await Expect(wali.Locator("[data-draft-status]")).ToHaveCountAsync(0);
        await Expect(text).ToHaveValueAsync(stored);
        await Expect(reason).ToHaveValueAsync("");
    });
}
