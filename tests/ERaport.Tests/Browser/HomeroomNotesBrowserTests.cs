using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>The wali kelas's notes for the whole class in a real Chromium: an hour of writing must survive the
/// session ending before the save.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HomeroomNotesBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    [Fact]
    public Task notes_written_while_the_session_ended_are_restored_after_signing_in_and_saved() => RunAsync(async () =>
    {
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, "wali.x2");
        await page.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "X-2", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Kokurikuler & catatan", Exact = true }).ClickAsync();
        var notes = new Uri(page.Url).PathAndQuery;
        var note = page.Locator("textarea[name^='c|']").Nth(0);
        var kokurikuler = page.Locator("textarea[name^='k|']").Nth(1);
        const string noteText = "Ananda rajin bertanya di kelas; pertahankan semangat membaca di rumah.";
        const string kokurikulerText = "Aktif memimpin diskusi proyek pengolahan sampah sekolah.";
        await note.FillAsync(noteText);
        await kokurikuler.FillAsync(kokurikulerText);

        await context.ClearCookiesAsync(); // the session ends while the wali kelas writes
        await page.GetByRole(AriaRole.Button, new() { Name = "Simpan semua", Exact = true }).Last.ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/masuk?ReturnUrl=" + Uri.EscapeDataString(notes));
        await FillSignInAsync(page, "wali.x2");
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + notes);

        await Expect(page.Locator("[data-draft-status]")).ToHaveTextAsync(
            "2 isian yang belum tersimpan dipulihkan; periksa, lalu Simpan semua.");
        await Expect(note).ToHaveValueAsync(noteText);
        await Expect(kokurikuler).ToHaveValueAsync(kokurikulerText);
        await page.GetByRole(AriaRole.Button, new() { Name = "Simpan semua", Exact = true }).Last.ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("2 isian tersimpan.");

        await page.ReloadAsync();
        await Expect(page.Locator("[data-draft-status]")).ToHaveCountAsync(0);
        await Expect(note).ToHaveValueAsync(noteText);
        await Expect(kokurikuler).ToHaveValueAsync(kokurikulerText);
    });

    /// <summary>Notes typed and not yet saved outlive writing one kokurikuler description for the cards without one: that save
    /// spends its own typing only, as the page's other forms' saves do. It changes a card, so on a demo app of its own.</summary>
    [Fact]
    public Task notes_typed_and_not_saved_survive_writing_one_kokurikuler_for_the_cards_without_one() => RunAsync(async () =>
    {
        var shared = Site;
        Site = await App.StartOwnAppAsync("kokurikuler");
        try
        {
            var page = await NewPageAsync(360, 800);
            await SignInAsync(page, "wali.x2");
            await page.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "X-2", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Kokurikuler & catatan", Exact = true }).ClickAsync();
            var without = page.Locator("textarea[name^='k|']").Nth(4);
            await without.FillAsync("");
            await page.GetByRole(AriaRole.Button, new() { Name = "Simpan semua", Exact = true }).Last.ClickAsync();
            await Expect(page.Locator(".alert.success")).ToHaveTextAsync("1 isian tersimpan.");

            var note = page.Locator("textarea[name^='c|']").Nth(6);
            const string typed = "Catatan yang belum disimpan.";
            await note.FillAsync(typed);
            page.Dialog += (_, dialog) => dialog.AcceptAsync(); // the leave guard names the unsaved note; the draft keeps it
            await page.GetByText("Satu deskripsi kokurikuler untuk 1 peserta didik yang belum punya").ClickAsync();
            await page.Locator("#kokurikuler-semua").FillAsync("Aktif dalam projek kelas.");
            await page.GetByRole(AriaRole.Button, new() { Name = "Isi yang belum punya", Exact = true }).ClickAsync();

            await Expect(page.Locator(".alert.success")).ToHaveTextAsync("1 isian tersimpan.");
            await Expect(without).ToHaveValueAsync("Aktif dalam projek kelas.");
            await Expect(note).ToHaveValueAsync(typed);
        }
        finally
        {
            await Site.DisposeAsync();
            Site = shared;
        }
    });

    [Fact]
    public Task ctrl_enter_in_a_note_saves_the_notes_as_it_saves_the_attendance_grid() => RunAsync(async () =>
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "wali.x2");
        await page.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "X-2", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Kokurikuler & catatan", Exact = true }).ClickAsync();
        // The fifth student's note: the Save button is 27 students further down.
        var note = page.Locator("textarea[name^='c|']").Nth(4);
        const string noteText = "Ananda tekun mengerjakan tugas; tingkatkan keberanian bertanya.";
        await note.FillAsync(noteText);

        await note.PressAsync("Control+Enter");
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("1 isian tersimpan.");
        await page.ReloadAsync();
        await Expect(note).ToHaveValueAsync(noteText);
    });

    [Fact]
    public Task on_a_phone_the_notes_are_saved_from_a_button_above_the_students_without_scrolling_past_the_class() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await SignInAsync(page, "wali.x2");
        await page.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "X-2", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Kokurikuler & catatan", Exact = true }).ClickAsync();
        var saves = page.GetByRole(AriaRole.Button, new() { Name = "Simpan semua", Exact = true });
        await Expect(saves).ToHaveCountAsync(2);
        var top = (await saves.First.BoundingBoxAsync())!;
        var firstStudent = (await page.Locator("fieldset.student-notes").First.BoundingBoxAsync())!;
        top.Y.ShouldBeLessThan(firstStudent.Y, "the top button is above the first student's card");
        const string noteText = "Ananda santun dan suka menolong teman; tingkatkan ketelitian.";
        var note = page.Locator("textarea[name^='c|']").Nth(2);
        await note.FillAsync(noteText);

        await saves.First.ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("1 isian tersimpan.");
        await page.ReloadAsync();
        await Expect(note).ToHaveValueAsync(noteText);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
    });
}
