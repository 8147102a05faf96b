using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>The score grid, its history and the phone layout in a real Chromium against the real app with
/// the demo school: class X-1 starts empty, X-2 arrives with every score entered.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScoreGridBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    private const string Teacher = "guru.mtk";
    private const string TeacherName = "Bambang Sutrisno, S.Si.";
    private const string Subject = "Matematika";
    private const int Students = 32;
    private static readonly string[] Columns = ["tp1", "tp2", "tp3", "tp4", "sas-tes", "sas-nontes"];

    // TP2 is pasted as "80\n81\n...", the rest varies between 55 and 100.
    private static string Score(int row, int column) =>
        (column == 1 ? 80 + row % 21 : 55 + (row * 7 + column * 11) % 46).ToString();

    [Fact]
    public Task teacher_enters_a_whole_class_with_keyboard_and_paste_and_sees_it_after_reload() => RunAsync(async () =>
    {
        var page = await NewPageAsync();
        await SignInAsync(page, Teacher);
        await ScreenshotAsync(page, "home-1280");
        await OpenGradebookAsync(page, "X-1", Subject, "Isi nilai");
        await Expect(GridRows(page)).ToHaveCountAsync(Students);
        (await page.Locator("form[data-score-grid] thead th[data-col]").EvaluateAllAsync<string[]>("ths => ths.map(t => t.dataset.col)"))
            .ShouldBe(Columns);
        var status = page.Locator("[data-grid-status]");
        await Expect(status).ToHaveTextAsync("Belum ada perubahan");

        // TP1 by keyboard, down the column: Enter and ArrowDown move to the next row and never submit.
        await Cell(page, 0, "tp1").ClickAsync();
        for (var row = 0; row < Students; row++)
        {
            await page.Keyboard.TypeAsync(Score(row, 0));
            await page.Keyboard.PressAsync(row % 2 == 0 ? "Enter" : "ArrowDown");
            if (row < 2)
                await Expect(Cell(page, row + 1, "tp1")).ToBeFocusedAsync();
        }
        await Expect(Cell(page, Students - 1, "tp1")).ToBeFocusedAsync(); // the last row stays
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(Cell(page, Students - 1, "tp2")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Enter");
        await Expect(Cell(page, Students - 2, "tp2")).ToBeFocusedAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/nilai/[0-9a-f-]+$"));
        await Expect(status).ToHaveTextAsync($"{Students} nilai diubah");

        // TP2: a whole column pasted from a spreadsheet (with its trailing newline) into the first cell.
        var column = string.Concat(Enumerable.Range(0, Students).Select(r => Score(r, 1) + "\n"));
        await PasteAsync(Cell(page, 0, "tp2"), column);
        await Expect(status).ToHaveTextAsync($"{Students} nilai ditempel. {2 * Students} nilai diubah");
        await Expect(Cell(page, Students - 1, "tp2")).ToHaveValueAsync(Score(Students - 1, 1));

        // The rest typed in column by column, Enter after each score, as from a paper list.
        for (var c = 2; c < Columns.Length; c++)
        {
            await Cell(page, 0, Columns[c]).ClickAsync();
            await page.Keyboard.TypeAsync(string.Join("\n", Enumerable.Range(0, Students).Select(r => Score(r, c))));
            await Expect(Cell(page, Students - 1, Columns[c])).ToBeFocusedAsync();
        }
        await Expect(status).ToHaveTextAsync($"{Students * Columns.Length} nilai diubah");
        await Expect(page.GetByLabel("Alasan koreksi")).ToBeHiddenAsync(); // new scores are no corrections

        await SaveButton(page).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync($"{Students * Columns.Length} nilai tersimpan.");
        await ExpectWholeClassAsync(page);
        await ScreenshotAsync(page, "grid-1280");

        await page.ReloadAsync();
        await ExpectWholeClassAsync(page);
    });

    [Fact]
    public Task a_teacher_who_pastes_a_messy_spreadsheet_column_loses_no_score_beside_or_under_it() => RunAsync(async () =>
    {
        // X-2 has every score: what the paste must not touch is visible.
        var (_, page, _) = await OpenFilledGridAsync();
        var tp1 = await ColumnAsync(page, "tp1");
        var tp2 = await ColumnAsync(page, "tp2");
        var status = page.Locator("[data-grid-status]");

        // As an id-ID spreadsheet copies a column next to an empty one: CRLF, a tab after every value, decimal
        // commas, a blank line and "-" for a student without a score (single digits: no seeded score is one).
        await PasteAsync(Cell(page, 10, "tp1"), "1\t\r\n2,00\t\r\n\t\r\n-\t\r\n 4 \t\r\n5,5\t\r\n");
        await Expect(status).ToHaveTextAsync("4 nilai ditempel, 2 sel kosong atau \"-\" dilewati. 4 nilai diubah, 4 koreksi, 1 tidak valid");
        (await ColumnAsync(page, "tp1")).ShouldBe([.. tp1[..10], "1", "2", tp1[12], tp1[13], "4", "5,5", .. tp1[16..]]);
        (await ColumnAsync(page, "tp2")).ShouldBe(tp2); // the trailing tabs are no column of their own

        // The cell whose value has a fraction stays as pasted; the teacher is told what a score must be.
        await SaveButton(page).ClickAsync();
        await Expect(Cell(page, 15, "tp1")).ToBeFocusedAsync();
        await Expect(status).ToHaveTextAsync("Perbaiki 1 nilai yang ditandai merah: isi bilangan bulat 0–100 tanpa koma.");
        await Expect(page.Locator(".alert")).ToHaveCountAsync(0); // nothing was sent
    });

    /// <summary>A list longer than the class, or a column pasted a few rows too low: what fell past the last row is named with why.</summary>
    [Fact]
    public Task scores_pasted_past_the_last_row_are_counted_with_why_they_were_not_pasted() => RunAsync(async () =>
    {
        var (_, page, _) = await OpenFilledGridAsync();

        await PasteAsync(Cell(page, Students - 2, "tp1"), "1\n2\n3\n4\n5\n");

        await Expect(page.Locator("[data-grid-status]")).ToHaveTextAsync("2 nilai ditempel, 3 nilai tidak ditempel karena melewati baris atau kolom terakhir " +
            "(periksa apakah tempelan dimulai dari sel yang benar). 2 nilai diubah, 2 koreksi");

        // A value longer than a cell takes is the grid's to mark, not a note squeezed into the cell's column.
        await PasteAsync(Cell(page, 0, "tp2"), "85.5000");
        await Expect(page.Locator("form[data-score-grid] [data-cut]")).ToHaveCountAsync(0);
    });

    /// <summary>A cell took three characters: "85,5" typed on a laptop became "85,", refused as if the teacher had typed that.</summary>
    [Fact]
    public Task a_score_typed_with_a_decimal_comma_stays_as_typed_and_is_refused_as_not_whole() => RunAsync(async () =>
    {
        var (_, page, _) = await OpenFilledGridAsync();
        var status = page.Locator("[data-grid-status]");

        await Cell(page, 5, "tp2").SelectTextAsync(); // over the score there, as moving in by keyboard does
        await page.Keyboard.TypeAsync("85,5");

        await Expect(Cell(page, 5, "tp2")).ToHaveValueAsync("85,5");
        await Expect(Cell(page, 5, "tp2").Locator("xpath=..")).ToHaveAttributeAsync("title", "Isi bilangan bulat 0–100 tanpa koma");
        await SaveButton(page).ClickAsync();
        await Expect(status).ToHaveTextAsync("Perbaiki 1 nilai yang ditandai merah: isi bilangan bulat 0–100 tanpa koma.");
        await Expect(Cell(page, 5, "tp2")).ToHaveValueAsync("85,5");
        await Expect(page.Locator(".alert")).ToHaveCountAsync(0); // nothing was sent
    });

    [Fact]
    public Task a_column_copied_with_its_heading_or_its_names_puts_each_score_on_its_own_student() => RunAsync(async () =>
    {
        var (_, page, _) = await OpenFilledGridAsync();
        var tp1 = await ColumnAsync(page, "tp1");
        var status = page.Locator("[data-grid-status]");

        // Selecting a column in a spreadsheet by its letter takes its heading along.
        await PasteAsync(Cell(page, 0, "tp1"), "Nilai TP 1\r\n7\r\n8\r\n");
        await Expect(status).ToContainTextAsync("2 nilai ditempel, baris judul dilewati.");
        (await ColumnAsync(page, "tp1")).ShouldBe(["7", "8", .. tp1[2..]]);

        // Names copied beside their scores, sorted otherwise and spelled as a spreadsheet may: each score goes to the
        // student of that name in the column pasted into, wherever the cursor was; a name the class lacks is named back.
        var names = await GridRows(page).EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.name)");
        var tp2 = await ColumnAsync(page, "tp2");
        var tp3 = await ColumnAsync(page, "tp3");
        await PasteAsync(Cell(page, 20, "tp3"),
            $"Nama\tNilai\r\n{names[5].ToUpperInvariant()}\t1\r\n {names[2].Replace(" ", "  ")} \t2\r\nNama Tak Dikenal\t3\r\n{names[9]}\t4\r\n");
        await Expect(status).ToContainTextAsync(
            "3 nilai ditempel menurut nama, baris judul dilewati; 1 baris tidak ditempel karena namanya tidak ada di kelas ini: Nama Tak Dikenal.");
        var expected = tp3.ToArray();
        (expected[5], expected[2], expected[9]) = ("1", "2", "4");
        (await ColumnAsync(page, "tp3")).ShouldBe(expected);

        // A named row with its score left empty (Excel copies "Nama<TAB>") is still a named row, first or in the middle:
        // the others' scores stay in the column pasted into and that student's score is untouched.
        await PasteAsync(Cell(page, 0, "tp2"), $"{names[11]}\t\r\n{names[12]}\t5\r\n{names[13]}\t\r\n{names[14]}\t6\r\n");
        await Expect(status).ToContainTextAsync("2 nilai ditempel menurut nama, 2 sel kosong atau \"-\" dilewati.");
        var expectedTp2 = tp2.ToArray();
        (expectedTp2[12], expectedTp2[14]) = ("5", "6");
        (await ColumnAsync(page, "tp2")).ShouldBe(expectedTp2);
        (await ColumnAsync(page, "tp3")).ShouldBe(expected);
        tp2 = expectedTp2;

        // Names the class does not know at all (nicknames) leave the rows in the order pasted, with a warning; the
        // names stay out of the grid and the scores land in the column pasted into.
        await PasteAsync(Cell(page, 2, "tp1"), "Nama\tNilai\r\nAdi\t9\r\nSiti\t6\r\n");
        await Expect(status).ToContainTextAsync("2 nilai ditempel, baris judul dilewati, kolom nama dilewati (tidak ada nama yang cocok");
        (await ColumnAsync(page, "tp1")).ShouldBe(["7", "8", "9", "6", .. tp1[4..]]);
        (await ColumnAsync(page, "tp2")).ShouldBe(tp2);
    });

    [Fact]
    public Task a_block_copied_with_the_students_nisn_puts_each_score_on_that_student_and_another_class_list_pastes_nothing() => RunAsync(async () =>
    {
        var (_, page, _) = await OpenFilledGridAsync();
        var status = page.Locator("[data-grid-status]");
        var nisns = await GridRows(page).EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.nisn)");
        var tp4 = await ColumnAsync(page, "tp4");

        // A Dapodik export sorted otherwise, one NISN held as a number (its leading zeros gone), one NISN not of this class.
        await PasteAsync(Cell(page, 0, "tp4"),
            $"NISN\tNilai\r\n{nisns[7]}\t3\r\n{nisns[1].TrimStart('0')}\t4\r\n9999999999\t5\r\n");
        await Expect(status).ToContainTextAsync(
            "2 nilai ditempel menurut NISN/NIS, baris judul dilewati; 1 baris tidak ditempel karena NISN/NIS-nya tidak ada di kelas ini: 9999999999.");
        var expected = tp4.ToArray();
        (expected[7], expected[1]) = ("3", "4");
        (await ColumnAsync(page, "tp4")).ShouldBe(expected);

        // Not one NISN of this class: the list is another class's, and its order would put scores on the wrong students.
        await PasteAsync(Cell(page, 0, "tp4"), "9999999991\t6\r\n9999999992\t7\r\n");
        await Expect(status).ToHaveTextAsync("Tidak ada yang ditempel: tidak ada NISN/NIS yang cocok dengan peserta didik kelas ini.");
        (await ColumnAsync(page, "tp4")).ShouldBe(expected);
    });

    [Fact]
    public Task a_block_copied_with_several_identity_columns_puts_only_the_scores_in_the_grid() => RunAsync(async () =>
    {
        var (_, page, _) = await OpenFilledGridAsync();
        var status = page.Locator("[data-grid-status]");
        var students = await GridRows(page).EvaluateAllAsync<string[][]>("rows => rows.map(r => [r.dataset.name, r.dataset.nis, r.dataset.nisn])");
        var tp3 = await ColumnAsync(page, "tp3");
        var tp4 = await ColumnAsync(page, "tp4");
        var sas = await ColumnAsync(page, "sas-tes");

        // Columns as a Dapodik list has them (No, Nama, NIPD, JK, NISN) copied along with the scores, sorted otherwise:
        // none of them is a score, so none may land in TP3 and push the scores into TP4.
        string Line(int no, int row, string score) =>
            $"{no}\t{students[row][0]}\t{students[row][1]}\tP\t{students[row][2]}\t{score}\r\n";
        await PasteAsync(Cell(page, 0, "tp3"), "No\tNama\tNIPD\tJK\tNISN\tNilai\r\n" + Line(1, 6, "3") + Line(2, 2, "4"));
        await Expect(status).ToContainTextAsync("2 nilai ditempel menurut nama, baris judul dilewati.");
        var expected = tp3.ToArray();
        (expected[6], expected[2]) = ("3", "4");
        (await ColumnAsync(page, "tp3")).ShouldBe(expected);
        (await ColumnAsync(page, "tp4")).ShouldBe(tp4);
        (await ColumnAsync(page, "sas-tes")).ShouldBe(sas);
    });

    [Fact]
    public Task a_keyboard_only_teacher_corrects_a_score_and_saves_without_tabbing_through_the_class() => RunAsync(async () =>
    {
        const int row = 8;
        var (_, page, _) = await OpenFilledGridAsync();
        await Expect(page.Locator("[data-grid-keys]")).ToContainTextAsync("Ctrl+Enter untuk menyimpan");
        var before = int.Parse(await Cell(page, row, "tp3").InputValueAsync());
        var after = (before <= 90 ? before + 4 : before - 4).ToString();
        await Cell(page, row - 1, "tp3").FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown"); // selects the score, as moving in does
        await page.Keyboard.TypeAsync(after);

        // Saving from the cell asks for the reason first, with the cursor in its box.
        await page.Keyboard.PressAsync("Control+Enter");
        await Expect(page.GetByLabel("Alasan koreksi")).ToBeFocusedAsync();
        await Expect(page.Locator("[data-grid-status]")).ToHaveTextAsync("Tulis alasan koreksi, lalu simpan lagi (Ctrl+Enter).");
        await page.Keyboard.TypeAsync("Salah baca lembar jawaban.");
        await page.Keyboard.PressAsync("Control+Enter");

        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("1 nilai tersimpan.");
        await Expect(Cell(page, row, "tp3")).ToHaveValueAsync(after);
        await Expect(Cell(page, row, "tp3")).ToHaveAttributeAsync("data-seen", after);
    });

    private static Task<string[]> ColumnAsync(IPage page, string assessment) =>
        page.Locator($"form[data-score-grid] input.cell[name$='|{assessment}']").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");

    private static async Task ExpectWholeClassAsync(IPage page)
    {
        var expected = Enumerable.Range(0, Students).SelectMany(r => Columns.Select((_, c) => Score(r, c))).ToArray();
        var cells = page.Locator("form[data-score-grid] input.cell");
        await Expect(cells).ToHaveCountAsync(expected.Length);
        (await cells.EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)")).ShouldBe(expected);
        (await cells.EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.dataset.seen)")).ShouldBe(expected);
        await Expect(page.Locator("main p.muted").First).ToContainTextAsync($"terisi {expected.Length} dari {expected.Length} nilai");
        await Expect(page.Locator("form[data-score-grid] td.changed, form[data-score-grid] td.invalid")).ToHaveCountAsync(0);
    }

    [Fact]
    public Task a_second_tab_with_an_old_value_gets_a_conflict_showing_the_current_value() => RunAsync(async () =>
    {
        const int row = 1;
        var context = await NewContextAsync();
        var tabA = await context.NewPageAsync();
        await SignInAsync(tabA, Teacher);
        var grid = await OpenGradebookAsync(tabA, "X-2", Subject, "Isi nilai");
        var tabB = await context.NewPageAsync();
        await tabB.GotoAsync(grid);
        var original = int.Parse(await Cell(tabA, row, "tp1").InputValueAsync());
        await Expect(Cell(tabB, row, "tp1")).ToHaveValueAsync(original.ToString());
        var (mine, theirs) = original <= 90 ? (original + 5, original + 7) : (original - 5, original - 7);
        var student = await StudentNameAsync(tabA, row);

        // Tab A corrects the score: an existing value changes, so the reason box appears and is required.
        await Cell(tabA, row, "tp1").FillAsync(mine.ToString());
        var reasonA = tabA.GetByLabel("Alasan koreksi");
        await Expect(reasonA).ToBeVisibleAsync();
        await reasonA.FillAsync("Salah ketik dari lembar jawaban.");
        await SaveButton(tabA).ClickAsync();
        await Expect(tabA.Locator(".alert.success")).ToHaveTextAsync("1 nilai tersimpan.");
        await Expect(Cell(tabA, row, "tp1")).ToHaveValueAsync(mine.ToString());

        // Tab B still shows the old value and changes the same cell.
        await Expect(Cell(tabB, row, "tp1")).ToHaveValueAsync(original.ToString());
        await Cell(tabB, row, "tp1").FillAsync(theirs.ToString());
        await tabB.GetByLabel("Alasan koreksi").FillAsync("Nilai setelah remedial.");
        await SaveButton(tabB).ClickAsync();

        var alert = tabB.Locator(".alert[role=alert]");
        await Expect(alert).ToContainTextAsync("sudah diubah sejak halaman ini dibuka");
        await Expect(alert).ToContainTextAsync($"{student}, TP1:");
        await Expect(alert).ToContainTextAsync($"kini {mine}");
        await Expect(alert).ToContainTextAsync($"Anda melihat {original}");
        await Expect(tabB.Locator(".alert.success")).ToHaveCountAsync(0);
        await Expect(Cell(tabB, row, "tp1").Locator("xpath=..")).ToHaveClassAsync(new Regex(@"(^|\s)conflict(\s|$)"));
        await Expect(Cell(tabB, row, "tp1")).ToHaveValueAsync(theirs.ToString()); // what was typed is not lost
        await Expect(Cell(tabB, row, "tp1")).ToHaveAttributeAsync("data-seen", mine.ToString()); // saving again is deliberate
        await ScreenshotAsync(tabB, "conflict-1280");

        // Nothing was overwritten: the stored value is tab A's.
        await tabA.GotoAsync(grid);
        await Expect(Cell(tabA, row, "tp1")).ToHaveValueAsync(mine.ToString());
        await Expect(Cell(tabA, row, "tp1")).ToHaveAttributeAsync("data-seen", mine.ToString());
    });

    [Fact]
    public Task typing_survives_an_expired_session_and_is_saved_after_signing_in_again() => RunAsync(async () =>
    {
        const int row = 5;
        var (context, page, grid) = await OpenFilledGridAsync();
        var typed = new Dictionary<string, string>();
        foreach (var column in new[] { "tp2", "tp3" })
        {
            var original = int.Parse(await Cell(page, row, column).InputValueAsync());
            typed[column] = (original <= 90 ? original + 3 : original - 3).ToString();
            await Cell(page, row, column).FillAsync(typed[column]);
        }
        await page.GetByLabel("Alasan koreksi").FillAsync("Nilai ujian susulan.");

        // The session ends while the teacher types (cookies gone, as after 8 idle hours); the save cannot land.
        await context.ClearCookiesAsync();
        await SaveButton(page).ClickAsync();
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + "/masuk?ReturnUrl=" + Uri.EscapeDataString(grid));
        await Expect(page.Locator("[data-return]")).ToContainTextAsync("isian yang belum tersimpan di tab ini dipulihkan setelah masuk");
        await FillSignInAsync(page, Teacher);
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + grid);

        await Expect(page.Locator("[data-grid-status]")).ToContainTextAsync("2 nilai yang belum tersimpan dipulihkan");
        foreach (var (column, value) in typed)
            await Expect(Cell(page, row, column)).ToHaveValueAsync(value);
        await Expect(page.GetByLabel("Alasan koreksi")).ToHaveValueAsync("Nilai ujian susulan.");
        await SaveButton(page).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("2 nilai tersimpan.");

        await page.ReloadAsync();
        await Expect(page.Locator("[data-grid-status]")).ToHaveTextAsync("Belum ada perubahan");
        foreach (var (column, value) in typed)
            await Expect(Cell(page, row, column)).ToHaveValueAsync(value);
        (await DraftsAsync(page)).ShouldBe(0);
    });

    [Fact]
    public Task typing_sent_after_another_account_signed_in_in_this_browser_says_so_and_is_restored_after_signing_in_again() => RunAsync(async () =>
    {
        const int row = 9;
        var (context, page, grid) = await OpenFilledGridAsync();
        var typed = await Cell(page, row, "tp4").InputValueAsync() == "66" ? "67" : "66";
        await Cell(page, row, "tp4").FillAsync(typed);
        await page.GetByLabel("Alasan koreksi").FillAsync("Nilai remedial.");

        // Someone else at the same computer signs in with their own account in another tab (the session cookie is shared).
        var other = await context.NewPageAsync();
        await other.GotoAsync("/");
        await other.GetByRole(AriaRole.Button, new() { Name = "Keluar" }).ClickAsync();
        await FillSignInAsync(other, "guru.bio");
        await Expect(other.Locator("header .who")).ToHaveTextAsync("Yuliana Siregar, S.Pd.");

        await SaveButton(page).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Isian tidak terkirim");
        await Expect(page.Locator("main")).ToContainTextAsync(
            "Sejak halaman ini dibuka, akun yang masuk di peramban ini berganti menjadi Yuliana Siregar, S.Pd., jadi isian Anda tidak disimpan.");
        await page.GetByRole(AriaRole.Link, new() { Name = "Masuk dengan akun Anda" }).ClickAsync();
        await FillSignInAsync(page, Teacher);
        await Expect(page).ToHaveURLAsync(Site.BaseUrl + grid);
        await Expect(page.Locator("[data-grid-status]")).ToContainTextAsync("1 nilai yang belum tersimpan dipulihkan");
        await Expect(Cell(page, row, "tp4")).ToHaveValueAsync(typed);
        await SaveButton(page).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("1 nilai tersimpan.");
    });

    [Fact]
    public Task a_grid_brought_back_by_the_back_button_after_a_save_saves_the_next_change_instead_of_repeating_the_first() => RunAsync(async () =>
    {
        const int row = 11;
        var (_, page, grid) = await OpenFilledGridAsync();
        var form = page.Locator("form[data-score-grid]");
        var spent = await form.Locator("input[name=commandId]").InputValueAsync();
        var first = await Cell(page, row, "tp1").InputValueAsync() == "66" ? "67" : "66";
        await Cell(page, row, "tp1").FillAsync(first);
        await page.GetByLabel("Alasan koreksi").FillAsync("Salah ketik.");
        await SaveButton(page).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("1 nilai tersimpan.");

        // Back shows the page as it was before that save, from the back-forward cache (Safari and Firefox keep such pages; this
        // Chromium does not, so the restored page is played here): the form still holds the command id its save spent.
        await form.Locator("input[name=commandId]").EvaluateAsync("(input, id) => { input.value = id; }", spent);
        await page.EvaluateAsync("() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))");
        var next = await Cell(page, row, "tp2").InputValueAsync() == "66" ? "67" : "66";
        await Cell(page, row, "tp2").FillAsync(next);
        await page.GetByLabel("Alasan koreksi").FillAsync("Salah ketik juga.");
        await SaveButton(page).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("1 nilai tersimpan.");

        // Saved, not answered with the first save's outcome.
        await page.GotoAsync(grid);
        await Expect(Cell(page, row, "tp2")).ToHaveAttributeAsync("data-seen", next);
        await Expect(Cell(page, row, "tp1")).ToHaveAttributeAsync("data-seen", first);
    });

    /// <summary>The connection drops while the save is on its way: the browser's error page takes the grid's place in the history,
    /// and Back leads past it. The home page's link to the grid says its typing is still kept.</summary>
    [Fact]
    public Task typing_whose_save_lost_the_connection_is_named_on_the_home_pages_link_to_its_grid() => RunAsync(async () =>
    {
        var (_, page, grid) = await OpenFilledGridAsync();
        var typed = await Cell(page, 6, "tp3").InputValueAsync() == "66" ? "67" : "66";
        await Cell(page, 6, "tp3").FillAsync(typed);
        await page.GetByLabel("Alasan koreksi").FillAsync("Salah ketik.");
        await page.RouteAsync("**/nilai/**", route => route.Request.Method == "POST" ? route.AbortAsync("internetdisconnected") : route.ContinueAsync());
        await SaveButton(page).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("^chrome-error:"));
        await page.UnrouteAllAsync();

        await page.GotoAsync("/");

        var link = page.Locator($"table.gradebooks a[href='{grid}']");
        await Expect(link.Locator("xpath=following-sibling::*[@data-draft-kept]")).ToHaveTextAsync("ada isian belum tersimpan");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "X-2 · Matematika", Exact = true })).ToHaveAttributeAsync("href", grid);
        await Expect(page.Locator("[data-draft-kept]")).ToHaveCountAsync(1);
        await link.ClickAsync();
        await Expect(Cell(page, 6, "tp3")).ToHaveValueAsync(typed);
    });

    [Fact]
    public Task a_save_without_a_connection_keeps_the_page_and_says_to_save_again_once_connected() => RunAsync(async () =>
    {
        const int row = 4;
        const string offline = "Tidak ada koneksi internet, jadi belum ada yang disimpan; isian tetap di sini. Simpan lagi setelah tersambung.";
        var (context, page, grid) = await OpenFilledGridAsync();
        var after = await Cell(page, row, "tp2").InputValueAsync() == "77" ? "78" : "77";
        await Cell(page, row, "tp2").FillAsync(after);
        await page.GetByLabel("Alasan koreksi").FillAsync("Salah ketik.");
        var student = await GridRows(page).Nth(row).GetAttributeAsync("data-student");
        var finalGrade = await context.NewPageAsync();
        await finalGrade.GotoAsync($"{grid}/akhir/{student}");

        // The school's wifi drops: the browser's own error page would take the grid away.
        await context.SetOfflineAsync(true);
        await page.Keyboard.PressAsync("Control+Enter");
        await Expect(page.Locator("[data-grid-status]")).ToHaveTextAsync(offline);
        await Expect(page).ToHaveURLAsync(grid);
        await Expect(Cell(page, row, "tp2")).ToHaveValueAsync(after);
        await Expect(SaveButton(page)).ToBeEnabledAsync();

        // Any other form too, e.g. a final grade's override.
        var form = finalGrade.Locator("form[data-form=override]");
        await form.Locator("input[name=value]").FillAsync("90");
        await form.Locator("textarea[name=reason]").FillAsync("Remedial.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Simpan NA pengganti" }).ClickAsync();
        await Expect(form.Locator("[data-offline]")).ToHaveTextAsync(offline);
        await Expect(finalGrade).ToHaveURLAsync($"{grid}/akhir/{student}");
        await Expect(form.Locator("input[name=value]")).ToHaveValueAsync("90");

        await context.SetOfflineAsync(false);
        await SaveButton(page).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("1 nilai tersimpan.");
        await Expect(Cell(page, row, "tp2")).ToHaveAttributeAsync("data-seen", after);
    });

    [Fact]
    public Task a_draft_belongs_to_its_tab_skips_cells_changed_since_and_can_be_thrown_away() => RunAsync(async () =>
    {
        const int row = 6;
        var (context, tabA, grid) = await OpenFilledGridAsync();
        var seen = new Dictionary<string, string>();
        foreach (var column in new[] { "tp1", "tp4" })
        {
            seen[column] = await Cell(tabA, row, column).InputValueAsync();
            await Cell(tabA, row, column).FillAsync(int.Parse(seen[column]) <= 90 ? "99" : "60");
        }

        // Another tab of the same browser starts clean, and saves tp4 meanwhile.
        var tabB = await context.NewPageAsync();
        await tabB.GotoAsync(grid);
        await Expect(tabB.Locator("[data-grid-status]")).ToHaveTextAsync("Belum ada perubahan");
        var theirs = seen["tp4"] == "70" ? "71" : "70";
        await Cell(tabB, row, "tp4").FillAsync(theirs);
        await tabB.GetByLabel("Alasan koreksi").FillAsync("Remedial.");
        await SaveButton(tabB).ClickAsync();
        await Expect(tabB.Locator(".alert.success")).ToHaveTextAsync("1 nilai tersimpan.");

        // Tab A reloads (a dropped connection, a reflex F5): tp1 comes back; tp4 changed since and does not.
        await tabA.ReloadAsync();
        var status = tabA.Locator("[data-grid-status]");
        await Expect(status).ToContainTextAsync("1 nilai yang belum tersimpan dipulihkan; periksa, lalu Simpan. 1 tidak dipulihkan karena sudah diubah sejak itu.");
        await Expect(Cell(tabA, row, "tp1")).Not.ToHaveValueAsync(seen["tp1"]);
        await Expect(Cell(tabA, row, "tp4")).ToHaveValueAsync(theirs);
        await tabA.Locator("[data-discard-draft]").ClickAsync();
        await Expect(status).ToHaveTextAsync("Isian yang dipulihkan dibuang. Belum ada perubahan");
        await Expect(Cell(tabA, row, "tp1")).ToHaveValueAsync(seen["tp1"]);
        (await DraftsAsync(tabA)).ShouldBe(0);

        // Signing out (a shared computer) drops the drafts too.
        await Cell(tabA, row, "tp1").FillAsync("98");
        (await DraftsAsync(tabA)).ShouldBe(1);
        await tabA.GetByRole(AriaRole.Button, new() { Name = "Keluar", Exact = true }).ClickAsync();
        await Expect(tabA).ToHaveURLAsync(new Regex("/masuk"));
        (await DraftsAsync(tabA)).ShouldBe(0);
    });

    [Fact]
    public Task typing_refused_after_an_earlier_save_on_the_same_page_stays_in_the_tabs_draft() => RunAsync(async () =>
    {
        const int row = 7;
        var (context, tabA, grid) = await OpenFilledGridAsync();
        static string Other(string value, string a, string b) => value == a ? b : a;

        // A first save: the page comes back at ?disimpan=1, which the script then drops from the address.
        await Cell(tabA, row, "tp2").FillAsync(Other(await Cell(tabA, row, "tp2").InputValueAsync(), "80", "81"));
        await tabA.GetByLabel("Alasan koreksi").FillAsync("Salah ketik.");
        await SaveButton(tabA).ClickAsync();
        await Expect(tabA.Locator(".alert.success")).ToHaveTextAsync("1 nilai tersimpan.");

        // Another tab changes TP3 meanwhile.
        var tabB = await context.NewPageAsync();
        await tabB.GotoAsync(grid);
        await Cell(tabB, row, "tp3").FillAsync(Other(await Cell(tabB, row, "tp3").InputValueAsync(), "70", "71"));
        await tabB.GetByLabel("Alasan koreksi").FillAsync("Remedial.");
        await SaveButton(tabB).ClickAsync();
        await Expect(tabB.Locator(".alert.success")).ToHaveTextAsync("1 nilai tersimpan.");

        // The first tab's next save meets that change: refused, it says nothing of "saved" and keeps the typing.
        var tp4 = Other(await Cell(tabA, row, "tp4").InputValueAsync(), "61", "63");
        await Cell(tabA, row, "tp3").FillAsync("62");
        await Cell(tabA, row, "tp4").FillAsync(tp4);
        await tabA.GetByLabel("Alasan koreksi").FillAsync("Ujian susulan.");
        await SaveButton(tabA).ClickAsync();
        await Expect(tabA.Locator(".alert[role=alert]")).ToContainTextAsync("sudah diubah sejak halaman ini dibuka");
        await Expect(tabA.Locator(".alert.success")).ToHaveCountAsync(0);
        (await DraftsAsync(tabA)).ShouldBe(1);
        await tabA.GotoAsync(grid);
        await Expect(tabA.Locator("[data-grid-status]")).ToContainTextAsync("dipulihkan");
        await Expect(Cell(tabA, row, "tp4")).ToHaveValueAsync(tp4);
    });

    /// <summary>A browser of its own, signed in as the teacher, on X-2's grid (every score entered).</summary>
    private async Task<(IBrowserContext Context, IPage Page, string Grid)> OpenFilledGridAsync()
    {
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, Teacher);
        return (context, page, await OpenGradebookAsync(page, "X-2", Subject, "Isi nilai"));
    }

    private static Task<int> DraftsAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Object.keys(sessionStorage).filter(k => k.startsWith('eraport-draft:')).length");

    [Fact]
    public Task principal_sees_the_history_of_a_student() => RunAsync(async () =>
    {
        const int row = 3;
        const string reason = "Salah membaca lembar jawaban nomor 4.";
        var teacher = await NewPageAsync();
        await SignInAsync(teacher, Teacher);
        await OpenGradebookAsync(teacher, "X-2", Subject, "Isi nilai");
        var before = int.Parse(await Cell(teacher, row, "tp2").InputValueAsync());
        var after = before <= 95 ? before + 3 : before - 3;
        var student = await StudentNameAsync(teacher, row);
        await Cell(teacher, row, "tp2").FillAsync(after.ToString());
        await teacher.GetByLabel("Alasan koreksi").FillAsync(reason);
        await SaveButton(teacher).ClickAsync();
        await Expect(teacher.Locator(".alert.success")).ToHaveTextAsync("1 nilai tersimpan.");

        // The principal, in another browser, only reads.
        var principal = await NewPageAsync();
        await SignInAsync(principal, "kepsek");
        await OpenGradebookAsync(principal, "X-2", Subject, "Lihat");
        await Expect(principal.Locator("table.grid.readonly")).ToBeVisibleAsync();
        await Expect(principal.Locator("main input:not([type=hidden]), main textarea, main form")).ToHaveCountAsync(0);
        await Expect(SaveButton(principal)).ToHaveCountAsync(0);
        var studentRow = principal.Locator("table.grid tbody tr").Nth(row);
        await Expect(studentRow.Locator("td.name")).ToContainTextAsync(student);
        await Expect(studentRow.Locator("td.score").Nth(1)).ToHaveTextAsync(after.ToString());
        await ScreenshotAsync(principal, "grid-readonly-1280");

        await studentRow.GetByRole(AriaRole.Link, new() { Name = "riwayat" }).ClickAsync();
        await Expect(principal.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Riwayat nilai {student}");
        var correction = principal.Locator("table.history tbody tr").Filter(new() { HasText = reason });
        await Expect(correction).ToHaveCountAsync(1);
        var cells = correction.Locator("td");
        await Expect(cells.Nth(1)).ToHaveTextAsync("TP2");
        await Expect(cells.Nth(2)).ToHaveTextAsync(new Regex($@"^\s*Dikoreksi\s+{before} → {after}\s*$"));
        await Expect(cells.Nth(3)).ToHaveTextAsync(TeacherName);
        await Expect(cells.Nth(4)).ToHaveTextAsync(reason);
        await Expect(cells.Nth(5)).ToHaveTextAsync("Formulir");
        await Expect(cells.Nth(0)).ToHaveTextAsync(new Regex(@"\d{4}, \d{2}\.\d{2}\.\d{2} WIB$"));
        // The seeded score it corrected is there too.
        await Expect(principal.Locator("table.history tbody tr").Filter(new() { HasText = "Diisi" })
            .Filter(new() { HasText = $"– → {before}" }).Filter(new() { HasText = "TP2" })).ToHaveCountAsync(1);
        await ScreenshotAsync(principal, "history-1280");
    });

    [Fact]
    public Task pages_fit_a_360_px_phone_screen() => RunAsync(async () =>
    {
        var context = await NewContextAsync(360, 740, phone: true);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
                errors.Add($"{page.Url}: console error: {m.Text}");
        };
        page.PageError += (_, e) => errors.Add($"{page.Url}: uncaught: {e}");

        async Task ExpectFitsAsync(string name)
        {
            // Measured before the stylesheet arrives (a busy machine), the unstyled page is wider than any styled one.
            await page.WaitForLoadStateAsync(LoadState.Load);
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            width.ShouldBeLessThanOrEqualTo(360, $"{page.Url} is {width} px wide");
            await ScreenshotAsync(page, name);
        }

        await page.GotoAsync("/masuk");
        await ExpectFitsAsync("login-360");
        await SignInAsync(page, Teacher);
        await ExpectFitsAsync("home-360");

        await OpenGradebookAsync(page, "X-2", Subject, "Isi nilai");
        await ExpectFitsAsync("grid-360");
        // The grid scrolls inside its own box instead of widening the page.
        var scroller = page.Locator("form[data-score-grid] .table-scroll");
        (await scroller.EvaluateAsync<bool>("box => box.scrollWidth > box.clientWidth")).ShouldBeTrue("the grid should scroll sideways in .table-scroll");
        (await scroller.EvaluateAsync<int>("box => box.getBoundingClientRect().right")).ShouldBeLessThanOrEqualTo(360);

        await GridRows(page).First.GetByRole(AriaRole.Link, new() { Name = "riwayat" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Riwayat nilai");
        await ExpectFitsAsync("history-360");

        errors.ShouldBeEmpty();
    });
}
