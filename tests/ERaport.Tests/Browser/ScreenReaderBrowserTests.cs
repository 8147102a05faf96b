using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>The score grid as a blind teacher hears it through a screen reader (NVDA, TalkBack), keyboard only: what the
/// accessibility tree says of the focus, the cells and the answers to a save. Rows 20 and 21 of X-2 are this class's.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenReaderBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    private const string Teacher = "guru.mtk";

    [Fact]
    public Task the_answer_to_a_save_takes_the_focus_so_a_screen_reader_says_it_was_saved_or_refused() => RunAsync(async () =>
    {
        const int row = 20;
        var context = await NewContextAsync();
        var tabA = await context.NewPageAsync();
        await SignInAsync(tabA, Teacher);
        var grid = await OpenGradebookAsync(tabA, "X-2", "Matematika", "Isi nilai");
        var tabB = await context.NewPageAsync();
        await tabB.GotoAsync(grid);

        // Saved in one tab: the page comes back with the focus on "tersimpan", which is what a screen reader reads first.
        var seen = await Cell(tabB, row, "tp1").InputValueAsync();
        var theirs = seen == "70" ? "71" : "70";
        await Cell(tabB, row, "tp1").FillAsync(theirs);
        await tabB.GetByLabel("Alasan koreksi").FillAsync("Remedial.");
        await tabB.Keyboard.PressAsync("Control+Enter");
        await Expect(tabB.Locator(".alert.success")).ToHaveTextAsync("1 nilai tersimpan.");
        await Expect(tabB.Locator(".alert.success")).ToBeFocusedAsync();

        // The other tab, opened before, changes the same score: refused, the focus is on why, and the cell itself says
        // (as its description, after its name and value) what it holds now.
        await Cell(tabA, row, "tp1").FillAsync(new[] { "72", "73", "74" }.First(v => v != seen && v != theirs));
        await tabA.GetByLabel("Alasan koreksi").FillAsync("Salah ketik.");
        await tabA.Keyboard.PressAsync("Control+Enter");
        var refusal = tabA.Locator("main .alert[role=alert]");
        await Expect(refusal).ToContainTextAsync("sudah diubah sejak halaman ini dibuka");
        await Expect(refusal).ToBeFocusedAsync();
        await Expect(Cell(tabA, row, "tp1")).ToHaveAccessibleDescriptionAsync(new Regex($"TP1: kini {theirs}, diubah oleh"));
    });

    [Fact]
    public Task a_cell_with_a_score_out_of_range_is_marked_invalid_and_says_why() => RunAsync(async () =>
    {
        const int row = 21;
        var page = await NewPageAsync();
        await SignInAsync(page, Teacher);
        await OpenGradebookAsync(page, "X-2", "Matematika", "Isi nilai");
        var cell = Cell(page, row, "tp2");
        await Expect(cell).ToHaveAccessibleNameAsync(new Regex(@"^\S.* TP2$")); // the student and the column

        await cell.SelectTextAsync();
        await page.Keyboard.TypeAsync("150");
        await Expect(cell).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(cell).ToHaveAccessibleDescriptionAsync("Isi bilangan bulat 0–100 tanpa koma");

        await cell.SelectTextAsync();
        await page.Keyboard.TypeAsync("95");
        await Expect(cell).ToHaveAttributeAsync("aria-invalid", "false");
        await Expect(cell).ToHaveAccessibleDescriptionAsync("");
    });

    [Fact]
    public Task attendance_refused_by_the_server_marks_the_students_cells_invalid_and_says_why() => RunAsync(async () =>
    {
        const int row = 30;
        var page = await NewPageAsync();
        await SignInAsync(page, "wali.x1");
        await page.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "X-1", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Ketidakhadiran", Exact = true }).ClickAsync();

        // Each number is possible, their sum is not: only the server sees that.
        foreach (var column in new[] { "sick", "permitted", "unexcused" })
            await Cell(page, row, column).FillAsync("100");
        await page.Keyboard.PressAsync("Control+Enter");

        await Expect(page.Locator("main .alert[role=alert]")).ToBeFocusedAsync();
        var cell = Cell(page, row, "sick");
        await Expect(cell).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(cell).ToHaveAccessibleDescriptionAsync(new Regex("Jumlah hari tidak hadir paling banyak 150"));
    });

    [Fact]
    public Task a_note_changed_in_another_tab_since_says_in_its_description_what_is_saved_now() => RunAsync(async () =>
    {
        const int row = 25;
        var context = await NewContextAsync();
        var tabA = await context.NewPageAsync();
        await SignInAsync(tabA, "wali.x2");
        await tabA.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await tabA.GetByRole(AriaRole.Link, new() { Name = "X-2", Exact = true }).ClickAsync();
        await tabA.GetByRole(AriaRole.Link, new() { Name = "Kokurikuler & catatan", Exact = true }).ClickAsync();
        var tabB = await context.NewPageAsync();
        await tabB.GotoAsync(tabA.Url);
        await tabB.Locator("textarea[name^='c|']").Nth(row).FillAsync("Ananda rajin; catatan dari tab lain.");
        await tabB.Keyboard.PressAsync("Control+Enter");
        await Expect(tabB.Locator(".alert.success")).ToHaveTextAsync("1 isian tersimpan.");

        var note = tabA.Locator("textarea[name^='c|']").Nth(row);
        await note.FillAsync("Ananda tekun; catatan dari tab ini.");
        await note.PressAsync("Control+Enter");
        await Expect(tabA.Locator("main .alert[role=alert]")).ToBeFocusedAsync();
        await Expect(note).ToHaveValueAsync("Ananda tekun; catatan dari tab ini.");
        await Expect(note).ToHaveAccessibleDescriptionAsync("Tersimpan kini: Ananda rajin; catatan dari tab lain.");
    });

    /// <summary>TalkBack may not say a fieldset's legend when a field inside it takes the focus: each field's own name says whose
    /// note it is, as each score cell names its student.</summary>
    [Fact]
    public Task each_note_field_names_its_student() => RunAsync(async () =>
    {
        var tab = await (await NewContextAsync()).NewPageAsync();
        await SignInAsync(tab, "wali.x2");
        await tab.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await tab.GetByRole(AriaRole.Link, new() { Name = "X-2", Exact = true }).ClickAsync();
        await tab.GetByRole(AriaRole.Link, new() { Name = "Kokurikuler & catatan", Exact = true }).ClickAsync();

        var legend = (await tab.Locator("fieldset.student-notes legend").Nth(2).TextContentAsync())!.Trim(); // "3. Name"
        var student = legend[(legend.IndexOf(". ", StringComparison.Ordinal) + 2)..];
        await Expect(tab.Locator("textarea[name^='k|']").Nth(2)).ToHaveAccessibleNameAsync($"Deskripsi kokurikuler {student}");
        await Expect(tab.Locator("textarea[name^='c|']").Nth(2)).ToHaveAccessibleNameAsync($"Catatan wali kelas {student}");
    });

    [Fact]
    public Task a_refused_sign_in_puts_the_focus_on_why_instead_of_the_name_field() => RunAsync(async () =>
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/masuk");
        await Expect(page.GetByLabel("Nama pengguna")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("pak.darto"); // no such account: no one's sign-in attempts are counted
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("bukan-sandinya");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("main .alert[role=alert]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Nama pengguna")).ToBeFocusedAsync();
    });

    [Fact]
    public Task the_first_tab_offers_a_link_past_the_menu_to_the_page_itself() => RunAsync(async () =>
    {
        var page = await NewPageAsync();
        await SignInAsync(page, Teacher);
        await OpenGradebookAsync(page, "X-2", "Matematika", "Isi nilai");
        // The menu is a landmark of its own, which a screen reader lists and jumps to (NVDA's D key).
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Menu utama", Exact = true })
            .GetByRole(AriaRole.Link, new() { Name = "Koreksi", Exact = true })).ToHaveCountAsync(1);

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Langsung ke isi halaman", Exact = true });
        await Expect(skip).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page).ToHaveURLAsync(new Regex(@"/nilai/[0-9a-f-]+#isi$")); // the same page, not the home page
        await Expect(page.Locator("main nav.breadcrumb a").First).ToBeFocusedAsync(); // not the menu again
    });
}
