using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>One student's final grade page (NA, its override, tercapai and the description) in a real Chromium on a
/// phone: what the teacher typed late at night must survive the session ending before the save. Each test takes a student
/// of its own whose NA and description the demo left as calculated (no badge in the list).</summary>
[Collection(BrowserCollection.Name)]
public sealed class FinalGradeBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    [Fact]
    public Task an_override_typed_while_the_session_ended_is_restored_after_signing_in_and_saved() => RunAsync(async () =>
    {
        var (phone, page, finalGrade) = await OpenOnPhoneAsync(10);
        var form = page.Locator("form[data-form=override]");
        const string reason = "Remedial dikerjakan tanggal 12 Desember.";
        await form.GetByLabel("Timpa NA dengan nilai (0–100)").FillAsync("86");
        await form.GetByLabel("Alasan").FillAsync(reason);

        await SendAfterTheSessionEndedAsync(phone, page, form.GetByRole(AriaRole.Button, new() { Name = "Simpan NA pengganti" }), finalGrade);

        await Expect(form.Locator("[data-draft-status]")).ToHaveTextAsync("2 isian yang belum tersimpan dipulihkan; periksa, lalu Simpan NA pengganti.");
        await Expect(form.GetByLabel("Timpa NA dengan nilai (0–100)")).ToHaveValueAsync("86");
        await Expect(form.GetByLabel("Alasan")).ToHaveValueAsync(reason);
        await form.GetByRole(AriaRole.Button, new() { Name = "Simpan NA pengganti" }).ClickAsync();
        await Expect(page.Locator(".override-note")).ToContainTextAsync("Ditimpa menjadi 86");
        await Expect(page.Locator("[data-draft-status]")).ToHaveCountAsync(0);

        // Back to the calculated NA (so the demo's other tests find this student as seeded), the session ending again: the
        // folded form is opened with its reason.
        const string back = "Remedial dibatalkan; nilai kembali ke hasil hitungan.";
        await page.GetByText("Hapus penimpaan (kembali ke NA hasil hitungan)").ClickAsync();
        await page.GetByLabel("Alasan kembali ke hasil hitungan").FillAsync(back);
        await phone.ClearCookiesAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Hapus penimpaan" }).ClickAsync();
        await FillSignInAsync(page, "guru.mtk");
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + finalGrade);
        await Expect(page.GetByLabel("Alasan kembali ke hasil hitungan")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Alasan kembali ke hasil hitungan")).ToHaveValueAsync(back);
        await page.GetByRole(AriaRole.Button, new() { Name = "Hapus penimpaan" }).ClickAsync();
        await Expect(page.Locator(".override-note")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task tercapai_choices_made_while_the_session_ended_are_restored_after_signing_in_and_saved() => RunAsync(async () =>
    {
        var (phone, page, finalGrade) = await OpenOnPhoneAsync(13);
        var form = page.Locator("form[data-form=marks]");
        var tp1 = form.GetByLabel("Ketercapaian TP1");
        var tp2 = form.GetByLabel("Ketercapaian TP2");
        await Expect(tp1).ToHaveValueAsync("otomatis");
        await Expect(tp2).ToHaveValueAsync("otomatis");
        await tp1.SelectOptionAsync("tercapai");
        await tp2.SelectOptionAsync("tidak");

        await SendAfterTheSessionEndedAsync(phone, page, form.GetByRole(AriaRole.Button, new() { Name = "Simpan ketercapaian" }), finalGrade);

        await Expect(form.Locator("[data-draft-status]")).ToHaveTextAsync("2 isian yang belum tersimpan dipulihkan; periksa, lalu Simpan ketercapaian.");
        await Expect(tp1).ToHaveValueAsync("tercapai");
        await Expect(tp2).ToHaveValueAsync("tidak");
        await form.GetByRole(AriaRole.Button, new() { Name = "Simpan ketercapaian" }).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("Ketercapaian tersimpan.");
        await Expect(page.Locator("[data-draft-status]")).ToHaveCountAsync(0);
        await Expect(tp1).ToHaveValueAsync("tercapai");
        await Expect(tp2).ToHaveValueAsync("tidak");

        // Back to the KKTP rule (so the demo's other tests find this student as seeded): saved, nothing is offered again.
        await tp1.SelectOptionAsync("otomatis");
        await tp2.SelectOptionAsync("otomatis");
        await form.GetByRole(AriaRole.Button, new() { Name = "Simpan ketercapaian" }).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("Ketercapaian tersimpan.");
        await page.ReloadAsync();
        await Expect(page.Locator("[data-draft-status]")).ToHaveCountAsync(0);
        await Expect(tp1).ToHaveValueAsync("otomatis");
    });

    [Fact]
    public Task a_description_conflict_shows_the_text_saved_meanwhile_beside_the_teachers_own_typing() => RunAsync(async () =>
    {
        var phone = await NewContextAsync(360, 740, phone: true);
        var mine = await phone.NewPageAsync();
        await SignInAsync(mine, "guru.mtk");
        await OpenGradebookAsync(mine, "X-2", "Matematika", "Isi nilai");
        await mine.GetByRole(AriaRole.Link, new() { Name = "Nilai akhir, ketercapaian & deskripsi" }).ClickAsync();
        await mine.Locator("main tbody tr[data-student]:not(:has(.badge))").Nth(11).Locator("a[href*='/akhir/']").ClickAsync();

        // Her other tab (or device) saves a description first.
        const string theirs = "Ananda sangat baik dalam aljabar; perlu latihan dalam geometri ruang.";
        var other = await phone.NewPageAsync();
        await other.GotoAsync(mine.Url);
        await other.GetByLabel("Deskripsi di rapor").FillAsync(theirs);
        await other.GetByRole(AriaRole.Button, new() { Name = "Simpan deskripsi" }).ClickAsync();
        await Expect(other.Locator(".alert.success")).ToHaveTextAsync("Deskripsi tersimpan.");

        const string typed = "Ananda baik dalam statistika; perlu bimbingan dalam trigonometri.";
        await mine.GetByLabel("Deskripsi di rapor").FillAsync(typed);
        await mine.GetByRole(AriaRole.Button, new() { Name = "Simpan deskripsi" }).ClickAsync();
        await Expect(mine.Locator("main [role=alert]")).ToContainTextAsync("periksa teks terbarunya");
        // The text saved meanwhile is there to read before saving again over it, and her own typing stays in the field.
        await Expect(mine.Locator("[data-edited]")).ToHaveTextAsync(theirs);
        await Expect(mine.GetByLabel("Deskripsi di rapor")).ToHaveValueAsync(typed);
        await ScreenshotAsync(mine, "description-conflict-360");

        await mine.GetByRole(AriaRole.Button, new() { Name = "Kembalikan ke deskripsi otomatis" }).ClickAsync();
        await Expect(mine.Locator(".alert.success")).ToBeVisibleAsync();
    });

    [Fact]
    public Task an_override_conflict_with_her_own_other_tab_says_it_was_her_not_her_login() => RunAsync(async () =>
    {
        var context = await NewContextAsync();
        var mine = await context.NewPageAsync();
        await SignInAsync(mine, "guru.mtk");
        await OpenGradebookAsync(mine, "X-2", "Matematika", "Isi nilai");
        await mine.GetByRole(AriaRole.Link, new() { Name = "Nilai akhir, ketercapaian & deskripsi" }).ClickAsync();
        await mine.Locator("main tbody tr[data-student]:not(:has(.badge))").Nth(12).Locator("a[href*='/akhir/']").ClickAsync();
        var other = await context.NewPageAsync();
        await other.GotoAsync(mine.Url);
        await other.GetByLabel("Timpa NA dengan nilai (0–100)").FillAsync("77");
        await other.GetByLabel("Alasan", new() { Exact = true }).FillAsync("Remedial.");
        await other.GetByRole(AriaRole.Button, new() { Name = "Simpan NA pengganti" }).ClickAsync();
        await Expect(other.Locator(".alert.success")).ToHaveTextAsync("Nilai akhir tersimpan.");

        await mine.GetByLabel("Timpa NA dengan nilai (0–100)").FillAsync("78");
        await mine.GetByLabel("Alasan", new() { Exact = true }).FillAsync("Remedial kedua.");
        await mine.GetByRole(AriaRole.Button, new() { Name = "Simpan NA pengganti" }).ClickAsync();
        await Expect(mine.Locator("main [role=alert] li")).ToHaveTextAsync(
            "Nilai akhir ini sudah diubah menjadi 77 oleh Anda sendiri (di tab atau perangkat lain) sejak Anda membukanya (Anda melihat tanpa penimpaan). Tidak ada yang ditimpa.");
        await Expect(mine.GetByLabel("Ganti NA pengganti (0–100)")).ToHaveValueAsync("78");

        // Back to the calculated NA, so the demo's other tests find this student as seeded.
        await mine.GetByText("Hapus penimpaan (kembali ke NA hasil hitungan)").ClickAsync();
        await mine.GetByLabel("Alasan kembali ke hasil hitungan").FillAsync("Dicoba di uji peramban.");
        await mine.GetByRole(AriaRole.Button, new() { Name = "Hapus penimpaan" }).ClickAsync();
        await Expect(mine.Locator(".override-note")).ToHaveCountAsync(0);
    });

    /// <summary>guru.mtk on a phone, on the final-grade page of the <paramref name="student"/>-th student of X-2 Matematika whose
    /// NA and description the demo left as calculated.</summary>
    /// <summary>A description pasted from a document longer than the field takes: the browser cuts it without a word.</summary>
    [Fact]
    public Task a_description_pasted_longer_than_the_field_takes_says_how_much_was_cut() => RunAsync(async () =>
    {
        var (_, page, _) = await OpenOnPhoneAsync(3);
        var description = page.GetByLabel("Deskripsi di rapor");
        await description.FillAsync("");

        await PasteAsync(description, new string('a', 2150));

        await Expect(page.Locator("form[data-form=description] [role=alert]")).ToHaveTextAsync(
            "Teks yang ditempel terlalu panjang: 150 karakter terakhirnya terpotong (paling banyak 2.000 karakter). Periksa dan ringkas teksnya sebelum menyimpan.");
    });

    /// <summary>The browser's own "Please fill out this field." is in its language, English on many phones and laptops.</summary>
    [Fact]
    public Task a_required_reason_left_empty_is_asked_for_in_indonesian() => RunAsync(async () =>
    {
        var (_, page, _) = await OpenOnPhoneAsync(4);
        var form = page.Locator("form[data-form=override]");
        await form.GetByLabel("Timpa NA dengan nilai (0–100)").FillAsync("86");

        await form.GetByRole(AriaRole.Button, new() { Name = "Simpan NA pengganti" }).ClickAsync();

        (await form.GetByLabel("Alasan").EvaluateAsync<string>("f => f.validationMessage")).ShouldBe("Isian ini wajib diisi.");
        await form.GetByLabel("Alasan").FillAsync("Remedial.");
        (await form.GetByLabel("Alasan").EvaluateAsync<string>("f => f.validationMessage")).ShouldBe("");
    });

    private async Task<(IBrowserContext Phone, IPage Page, string FinalGrade)> OpenOnPhoneAsync(int student)
    {
        var phone = await NewContextAsync(360, 740, phone: true);
        var page = await phone.NewPageAsync();
        await SignInAsync(page, "guru.mtk");
        await OpenGradebookAsync(page, "X-2", "Matematika", "Isi nilai");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nilai akhir, ketercapaian & deskripsi" }).ClickAsync();
        await page.Locator("main tbody tr[data-student]:not(:has(.badge))").Nth(student).Locator("a[href*='/akhir/']").ClickAsync();
        return (phone, page, new Uri(page.Url).PathAndQuery);
    }

    /// <summary>The session ends while the teacher types (8 idle hours), then <paramref name="send"/>: the sign-in page, and
    /// after signing in the final-grade page again.</summary>
    private async Task SendAfterTheSessionEndedAsync(IBrowserContext phone, IPage page, ILocator send, string finalGrade)
    {
        await phone.ClearCookiesAsync();
        await send.ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/masuk?ReturnUrl=" + Uri.EscapeDataString(finalGrade));
        await FillSignInAsync(page, "guru.mtk");
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + finalGrade);
    }
}
