using System.Text.RegularExpressions;
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

        var lockPage = await LockX2Async();
        try
        {
            await SaveButton(teacher).ClickAsync();
            await Expect(teacher.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Isian tidak terkirim");
            await Expect(teacher.Locator("main")).ToContainTextAsync("nilainya sudah dikunci");
            await teacher.GetByRole(AriaRole.Link, new() { Name = "Buka lagi halaman tadi" }).ClickAsync();
            await Expect(teacher).ToHaveURLAsync(Site.BaseUrl + grid);
            await Expect(teacher.Locator("[data-locked]")).ToContainTextAsync("Nilai dikunci");

            await Expect(teacher.Locator("[data-locked-draft-status]")).ToHaveTextAsync("2 nilai yang Anda ketik belum tersimpan karena nilai sudah " +
                "dikunci; nilai itu tertulis di bawah nilai tersimpan pada selnya. Pilih nilainya untuk mengajukan koreksi kepada kepala sekolah.");
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
            await UnlockAsync(lockPage);
        }
    });

    [Fact]
    public Task a_description_written_while_the_class_was_locked_is_shown_to_take_to_its_correction_request() => RunAsync(async () =>
    {
        var phone = await NewContextAsync(360, 740, phone: true);
        var teacher = await phone.NewPageAsync();
        await SignInAsync(teacher, "guru.bio");
        await OpenGradebookAsync(teacher, "X-2", "Biologi", "Isi nilai");
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Nilai akhir, ketercapaian & deskripsi" }).ClickAsync();
        await teacher.Locator("main a[href*='/akhir/']").First.ClickAsync();
        var finalGrade = new Uri(teacher.Url).PathAndQuery;
        const string written = "Ananda sangat baik dalam mengamati sel tumbuhan dan hewan; perlu bimbingan dalam menyusun laporan praktikum.";
        await teacher.GetByLabel("Deskripsi di rapor").FillAsync(written);

        var lockPage = await LockX2Async();
        try
        {
            await teacher.GetByRole(AriaRole.Button, new() { Name = "Simpan deskripsi" }).ClickAsync();
            await Expect(teacher.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Isian tidak terkirim");
            await teacher.GetByRole(AriaRole.Link, new() { Name = "Buka lagi halaman tadi" }).ClickAsync();
            await Expect(teacher).ToHaveURLAsync(Site.BaseUrl + finalGrade);

            var kept = teacher.Locator("[data-locked-draft][data-draft-of=description]");
            await Expect(kept.Locator("[role=status]")).ToHaveTextAsync(
                "Deskripsi yang Anda tulis di tab ini belum tersimpan karena nilai sudah dikunci. Salin ke pengajuan koreksi deskripsi:");
            await Expect(kept.Locator(".draft-value")).ToHaveTextAsync(written);
            await Expect(kept.GetByRole(AriaRole.Link, new() { Name = "pengajuan koreksi deskripsi" })).ToHaveAttributeAsync("href", new Regex("/koreksi/.+/deskripsi$"));
            await kept.GetByRole(AriaRole.Button, new() { Name = "Buang isian yang belum tersimpan" }).ClickAsync();
            await teacher.ReloadAsync();
            await Expect(kept).ToBeHiddenAsync();
        }
        finally
        {
            await UnlockAsync(lockPage);
        }
    });

    [Fact]
    public Task a_tercapai_choice_made_while_the_class_was_locked_is_shown_by_its_tp_to_request_as_a_correction() => RunAsync(async () =>
    {
        var phone = await NewContextAsync(360, 740, phone: true);
        var teacher = await phone.NewPageAsync();
        await SignInAsync(teacher, "guru.bio");
        await OpenGradebookAsync(teacher, "X-2", "Biologi", "Isi nilai");
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Nilai akhir, ketercapaian & deskripsi" }).ClickAsync();
        await teacher.Locator("main a[href*='/akhir/']").Nth(1).ClickAsync();
        var finalGrade = new Uri(teacher.Url).PathAndQuery;
        var tp = teacher.Locator("table.achievements tbody tr").First;
        var objective = await tp.GetAttributeAsync("data-objective");
        var choice = tp.Locator("select");
        var (chosen, shown) = await choice.InputValueAsync() == "tidak" ? ("tercapai", "Tercapai") : ("tidak", "Tidak tercapai");
        await choice.SelectOptionAsync(chosen);

        var lockPage = await LockX2Async();
        try
        {
            await teacher.GetByRole(AriaRole.Button, new() { Name = "Simpan ketercapaian" }).ClickAsync();
            await Expect(teacher.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Isian tidak terkirim");
            await teacher.GetByRole(AriaRole.Link, new() { Name = "Buka lagi halaman tadi" }).ClickAsync();
            await Expect(teacher).ToHaveURLAsync(Site.BaseUrl + finalGrade);

            var kept = teacher.Locator("[data-locked-draft][data-draft-of=marks]");
            await Expect(kept.Locator("[data-locked-draft-status]")).ToHaveTextAsync("1 pilihan ketercapaian Anda belum tersimpan karena nilai sudah " +
                "dikunci; pilihan itu tertulis di samping tautan koreksi TP-nya. Pilih tautannya untuk mengajukan koreksi kepada kepala sekolah.");
            var row = kept.Locator($"table.achievements tr[data-objective='{objective}']");
            await Expect(row.Locator(".draft-value")).ToHaveTextAsync("isian Anda yang belum tersimpan: " + shown);
            await Expect(row.Locator("a[data-request-correction]")).ToHaveAttributeAsync("href", new Regex($"/koreksi/.+/tercapai-{objective}$"));
            await kept.GetByRole(AriaRole.Button, new() { Name = "Buang isian yang belum tersimpan" }).ClickAsync();
            await Expect(kept.Locator(".draft-value")).ToHaveCountAsync(0);
            await teacher.ReloadAsync();
            await Expect(kept.Locator("[data-locked-draft-status]")).ToBeHiddenAsync();
            await Expect(kept.Locator(".draft-value")).ToHaveCountAsync(0);
        }
        finally
        {
            await UnlockAsync(lockPage);
        }
    });

    /// <summary>The wali kelas of X-2 locks its grades and report cards; returns the lock page.</summary>
    private async Task<string> LockX2Async()
    {
        var wali = await NewPageAsync();
        await SignInAsync(wali, "wali.x2");
        await wali.GotoAsync("/wali");
        await wali.GetByRole(AriaRole.Link, new() { Name = "X-2", Exact = true }).ClickAsync();
        await wali.GetByRole(AriaRole.Link, new() { Name = "Kunci nilai", Exact = true }).ClickAsync();
        var lockPage = new Uri(wali.Url).PathAndQuery;
        await wali.Locator("input[name=confirm]").CheckAsync();
        await wali.GetByRole(AriaRole.Button, new() { Name = "Kunci nilai kelas X-2" }).ClickAsync();
        await Expect(wali.Locator(".alert.success")).ToBeVisibleAsync();
        return lockPage;
    }

    /// <summary>The principal opens the class again, for the other tests that share the demo school.</summary>
    private async Task UnlockAsync(string lockPage)
    {
        var principal = await NewPageAsync();
        await SignInAsync(principal, "kepsek");
        await principal.GotoAsync(lockPage);
        await principal.GetByLabel("Alasan membuka kunci").FillAsync("Dibuka lagi setelah uji penguncian.");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Buka kunci nilai" }).ClickAsync();
        await Expect(principal.Locator(".alert.success")).ToBeVisibleAsync();
    }
}
