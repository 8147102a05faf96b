using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>The wali kelas's extracurricular forms on a phone, in a real Chromium. Pramuka is compulsory for every
/// student: she enters it for the whole class in one save. The demo's X-1 has no extracurricular yet.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ClassExtracurricularBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    [Fact]
    public Task the_wali_kelas_adds_pramuka_for_the_whole_class_in_one_save_and_sees_it_on_a_students_rapor() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await SignInAsync(page, "wali.x1");
        await page.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "X-1", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Ekstrakurikuler", Exact = true }).ClickAsync();
        var form = page.Locator("form[data-form=kelas]");
        var boxes = form.Locator("input[type=checkbox]");
        var students = await boxes.CountAsync();
        students.ShouldBeGreaterThan(1);

        await form.GetByLabel("Kegiatan", new() { Exact = true }).FillAsync("Pramuka");
        await form.GetByLabel("Predikat untuk semua (boleh kosong)").FillAsync("Baik");
        await form.GetByLabel("Keterangan untuk semua").FillAsync("Aktif mengikuti latihan rutin dan perkemahan.");
        // The shared texts show in every row, which the wali kelas overrides where a student differs.
        var third = form.Locator("tbody tr").Nth(2);
        await Expect(third.Locator("textarea")).ToHaveAttributeAsync("placeholder", "Aktif mengikuti latihan rutin dan perkemahan.");
        await third.Locator("input[name^='p|']").FillAsync("Sangat Baik");
        var thirdName = (await third.Locator("label").InnerTextAsync()).Trim();
        // None, then all again, from the keyboard.
        await form.GetByRole(AriaRole.Button, new() { Name = "Kosongkan pilihan" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(form.Locator("input[type=checkbox]:checked")).ToHaveCountAsync(0);
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Space");
        await Expect(form.Locator("input[type=checkbox]:checked")).ToHaveCountAsync(students);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        (await AxeViolationsAsync(page)).ShouldBeEmpty();
        await ScreenshotAsync(page, "class-extracurricular-360");

        // The button above the list: on a phone the one below it is every student's card further down.
        await form.GetByRole(AriaRole.Button, new() { Name = "Tambahkan ke yang dicentang" }).First.ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync($"Kegiatan ditambahkan ke rapor {students} peserta didik.");
        await Expect(page.Locator("table.list:not(.participants) tbody tr").Nth(2).Locator("td").Nth(2)).ToHaveTextAsync("Pramuka (Sangat Baik)");

        // Typed again, Pramuka is there for everyone: shown so, nobody ticked, nothing to add twice.
        await page.Locator("summary").Filter(new() { HasText = "Satu kegiatan untuk banyak peserta didik" }).ClickAsync();
        await form.GetByLabel("Kegiatan", new() { Exact = true }).FillAsync(" pramuka");
        await Expect(form.Locator("input[type=checkbox]:checked")).ToHaveCountAsync(0);
        await Expect(form.Locator("[data-already]:visible")).ToHaveCountAsync(students);

        var classId = new Uri(page.Url).Segments[2].TrimEnd('/');
        await page.Locator($"a[href='/rapor/{classId}']").First.ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = thirdName, Exact = true }).ClickAsync();
        var row = page.Locator("h2:text-is('Ekstrakurikuler') + table tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("Pramuka");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("Sangat Baik. Aktif mengikuti latihan rutin dan perkemahan.");
    });

    [Fact]
    public Task extracurricular_typing_survives_the_session_ending_and_stays_on_its_own_students_form() => RunAsync(async () =>
    {
        var context = await NewContextAsync(360, 740);
        var page = await context.NewPageAsync();
        await SignInAsync(page, "wali.x2");
        await page.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "X-2", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Ekstrakurikuler", Exact = true }).ClickAsync();
        var students = page.Locator("table.list:not(.participants) tbody tr");
        var forClass = page.Locator("form[data-form=kelas]");
        var add = page.Locator("form[data-form=tambah]");
        var activity = add.GetByLabel("Kegiatan", new() { Exact = true });
        var description = add.GetByLabel("Keterangan", new() { Exact = true });
        await page.Locator("details#kelas").EvaluateAsync("d => d.open = true");
        await forClass.GetByLabel("Kegiatan", new() { Exact = true }).FillAsync("Paduan Suara");
        await students.Nth(0).GetByRole(AriaRole.Link, new() { Name = "Isi" }).ClickAsync();
        const string description0 = "Berlatih baris-berbaris setiap Jumat sore dengan disiplin.";
        await activity.FillAsync("Paskibra");
        await description.FillAsync(description0);

        await context.ClearCookiesAsync(); // the session ends while the wali kelas writes
        await add.GetByRole(AriaRole.Button, new() { Name = "Tambah", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/masuk"));
        await FillSignInAsync(page, "wali.x2");
        await Expect(add.Locator("[data-draft-status]")).ToHaveTextAsync("2 isian yang belum tersimpan dipulihkan; periksa, lalu Tambah.");
        await Expect(activity).ToHaveValueAsync("Paskibra");
        await Expect(description).ToHaveValueAsync(description0);
        // The whole-class form kept its own typing, and opens to show it.
        await Expect(forClass.Locator("[data-draft-status]")).ToHaveTextAsync("1 isian yang belum tersimpan dipulihkan; periksa, lalu Tambahkan ke yang dicentang.");
        await Expect(forClass.GetByLabel("Kegiatan", new() { Exact = true })).ToHaveValueAsync("Paduan Suara");
        await forClass.Locator("[data-discard-draft]").ClickAsync();

        // Another student's add form is that student's: empty.
        await students.Nth(1).GetByRole(AriaRole.Link, new() { Name = "Isi" }).ClickAsync();
        await Expect(page.Locator("h2#isi")).ToHaveTextAsync((await students.Nth(1).Locator("td").Nth(1).InnerTextAsync()).Trim());
        await Expect(add.Locator("[data-draft-status]")).ToHaveCountAsync(0);
        await Expect(activity).ToHaveValueAsync("");
        await Expect(description).ToHaveValueAsync("");

        // Back to the first student: still there until it is saved, then gone.
        await students.Nth(0).GetByRole(AriaRole.Link, new() { Name = "Isi" }).ClickAsync();
        await Expect(activity).ToHaveValueAsync("Paskibra");
        await add.GetByRole(AriaRole.Button, new() { Name = "Tambah", Exact = true }).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("Ekstrakurikuler tersimpan.");
        await page.ReloadAsync();
        await Expect(page.Locator("[data-draft-status]")).ToHaveCountAsync(0);
        await Expect(activity).ToHaveValueAsync("");
        // X-2's cards as the other tests know them.
        await page.Locator("form[data-form^='x-']").Filter(new() { Has = page.Locator("input[value=Paskibra]") })
            .GetByRole(AriaRole.Button, new() { Name = "Hapus" }).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("Ekstrakurikuler tersimpan.");
    });
}
