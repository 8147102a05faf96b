using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>The wali kelas's attendance grid in a real Chromium: the score grid's keys and paste, counting days.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AttendanceGridBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    private const int Students = 32;

    private static string Sick(int row) => (1 + row % 4).ToString();

    [Fact]
    public Task wali_kelas_pastes_a_sick_column_fixes_a_bad_cell_by_keyboard_and_sees_it_after_reload() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 780);
        await SignInAsync(page, "wali.x1");
        await page.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "X-1", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Ketidakhadiran", Exact = true }).ClickAsync();
        await Expect(GridRows(page)).ToHaveCountAsync(Students);
        var status = page.Locator("[data-grid-status]");
        await Expect(status).ToHaveTextAsync("Belum ada perubahan");

        // A column copied from a spreadsheet (with its trailing newline) pasted into the first Sakit cell.
        var column = string.Concat(Enumerable.Range(0, Students).Select(r => Sick(r) + "\n"));
        await PasteAsync(Cell(page, 0, "sick"), column);
        await Expect(status).ToHaveTextAsync($"{Students} isian ditempel. {Students} isian diubah");

        // More days than a semester has is marked at once; fixed by keyboard, moving right from Izin.
        await Cell(page, 3, "permitted").FillAsync("200");
        await Expect(Cell(page, 3, "permitted").Locator("xpath=..")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"(^|\s)invalid(\s|$)"));
        // Half a day typed is kept as typed ("12,5", not a browser-shortened "12,") and refused as not whole days.
        await Cell(page, 3, "permitted").SelectTextAsync();
        await page.Keyboard.TypeAsync("12,5");
        await Expect(Cell(page, 3, "permitted")).ToHaveValueAsync("12,5");
        await Expect(Cell(page, 3, "permitted").Locator("xpath=..")).ToHaveAttributeAsync("title", "Isi bilangan bulat 0–150 tanpa koma");
        await Cell(page, 3, "permitted").FillAsync("2");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(Cell(page, 3, "unexcused")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("1");
        await Expect(page.Locator("form[data-score-grid] td.invalid")).ToHaveCountAsync(0);

        await SaveButton(page).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync($"Ketidakhadiran {Students} peserta didik tersimpan.");
        await ScreenshotAsync(page, "attendance-360");
        await page.ReloadAsync();
        var sick = await page.Locator("form[data-score-grid] input.cell[name$='|sick']").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");
        sick.ShouldBe(Enumerable.Range(0, Students).Select(Sick).ToArray());
        await Expect(Cell(page, 3, "permitted")).ToHaveValueAsync("2");
        await Expect(Cell(page, 3, "unexcused")).ToHaveValueAsync("1");
    });

    /// <summary>X-1's attendance grid as its wali kelas opens it on a phone.</summary>
    private async Task<IPage> OpenOnPhoneAsync()
    {
        var page = await (await NewContextAsync(360, 780, phone: true)).NewPageAsync();
        await SignInAsync(page, "wali.x1");
        await page.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "X-1", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Ketidakhadiran", Exact = true }).ClickAsync();
        return page;
    }

    [Fact]
    public Task a_tapped_cell_takes_the_typed_number_instead_of_appending_it_to_the_old_one() => RunAsync(async () =>
    {
        var page = await OpenOnPhoneAsync();
        var sick = Cell(page, 5, "sick");
        await sick.FillAsync("2");
        await Cell(page, 5, "permitted").TapAsync();

        // A wali kelas changing 2 days to 3 taps the cell and types 3: 23 days would pass every check.
        await sick.TapAsync();
        await page.Keyboard.TypeAsync("3");
        await Expect(sick).ToHaveValueAsync("3");
    });

    [Fact]
    public Task a_phone_keyboards_next_key_goes_down_the_column_not_along_the_row() => RunAsync(async () =>
    {
        var page = await OpenOnPhoneAsync();

        // Android's Chrome sends the Next key as Enter only to a field that names the key (enterkeyhint); otherwise it
        // moves to the next field in page order: the same student's Izin after their Sakit. The grid's script names it once
        // it has run, which the click that opened the page does not wait for.
        await Expect(page.Locator("input.cell").Last).ToHaveJSPropertyAsync("enterKeyHint", "next");
        (await page.Locator("input.cell").EvaluateAllAsync<string[]>("cells => cells.map(c => c.enterKeyHint)")).Distinct().ShouldBe(["next"]);
        await Cell(page, 0, "sick").TapAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(Cell(page, 1, "sick")).ToBeFocusedAsync();
    });

    [Fact]
    public Task a_first_line_of_days_with_their_unit_is_pasted_as_a_value_refused_as_not_a_number_not_skipped_as_a_heading() => RunAsync(async () =>
    {
        var page = await OpenOnPhoneAsync();
        var status = page.Locator("[data-grid-status]");
        await Expect(status).ToHaveTextAsync("Belum ada perubahan");

        // As the score grid does with "5,5": the text stays in its own student's cell, red, and the save names it.
        await PasteAsync(Cell(page, 0, "sick"), "3 hari\r\n2 hr\r\n1\r\n");
        await Expect(status).ToContainTextAsync("3 isian ditempel.");
        await Expect(status).Not.ToContainTextAsync("judul");
        await Expect(status).ToContainTextAsync("2 tidak valid");
        await Expect(Cell(page, 0, "sick")).ToHaveValueAsync("3 hari");
        await Expect(Cell(page, 1, "sick")).ToHaveValueAsync("2 hr");
        await Expect(Cell(page, 2, "sick")).ToHaveValueAsync("1");
        await SaveButton(page).ClickAsync();
        await Expect(Cell(page, 0, "sick")).ToBeFocusedAsync();
        await Expect(status).ToHaveTextAsync("Perbaiki 2 isian yang ditandai merah: isi bilangan bulat 0–150 tanpa koma.");
        await Expect(page.Locator(".alert.success")).ToHaveCountAsync(0); // nothing was sent

        // A real heading is still skipped.
        await PasteAsync(Cell(page, 0, "sick"), "Sakit\r\n4\r\n0\r\n");
        await Expect(status).ToContainTextAsync("2 isian ditempel, baris judul dilewati.");
        await Expect(Cell(page, 0, "sick")).ToHaveValueAsync("4");
        await Expect(Cell(page, 1, "sick")).ToHaveValueAsync("0");
    });
}
