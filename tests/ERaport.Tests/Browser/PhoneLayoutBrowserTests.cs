using System.Globalization;
using System.Text.RegularExpressions;
using ERaport.Tests.Unit.School;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>What teachers read on a 360 px phone, after the UX review's findings: the header, a report card, the forms that
/// ask for a moment, tables wider than the screen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneLayoutBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    private const string Wali = "wali.x2";
    private const string ClassName = "X-2";

    [Theory]
    [InlineData("admin")]
    [InlineData("kepsek")]
    [InlineData("guru.mtk")]
    [InlineData(Wali)]
    [InlineData("wali.xii1")]
    public Task on_a_phone_the_header_is_two_short_rows_with_every_link_in_view_and_finger_sized_targets(string user) => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await SignInAsync(page, user);

        var header = page.Locator("header.topbar");
        var height = (await header.BoundingBoxAsync())!.Height;
        height.ShouldBeLessThanOrEqualTo(80, "two rows of about 28 px and the padding; three rows were 110 px");
        (await header.EvaluateAsync<int>("h => h.scrollWidth - h.clientWidth")).ShouldBeLessThanOrEqualTo(0, "nothing sticks out of the header");
        foreach (var target in await header.Locator("a, button").AllAsync())
        {
            var box = (await target.BoundingBoxAsync())!;
            var name = await target.InnerTextAsync();
            box.Height.ShouldBeGreaterThanOrEqualTo(24, $"{name}: tap target height");
            box.Width.ShouldBeGreaterThanOrEqualTo(24, $"{name}: tap target width");
            (box.X >= 0 && box.X + box.Width <= 360).ShouldBeTrue($"{name} is in view ({box.X} + {box.Width})");
        }
        // The name gives way (ellipsis) rather than push Keluar onto a row of its own.
        var who = (await header.Locator(".who").BoundingBoxAsync())!;
        var signOut = (await header.GetByRole(AriaRole.Button, new() { Name = "Keluar" }).BoundingBoxAsync())!;
        (who.Y + who.Height / 2).ShouldBeInRange(signOut.Y, signOut.Y + signOut.Height, "the name and Keluar on one row");
    });

    /// <summary>The header above keeps to 80 px for these too: the name's second line fits in its row.</summary>
    [Theory]
    [InlineData(Wali, "Agus Salim, S.Pd.")]
    [InlineData("kepsek", "Dra. Hj. Sri Wahyuni, M.Pd.")]
    [InlineData("wali.xii1", "Iwan Setiawan, M.Pd.")]
    public Task on_a_phone_the_header_shows_the_whole_name_with_its_title_rather_than_an_ellipsis(string user, string name) => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await SignInAsync(page, user);

        var who = page.Locator("header.topbar .who");
        await Expect(who).ToHaveTextAsync(name);
        await Expect(who).ToBeVisibleAsync(); // laid out: once measured 0×0 straight after the sign-in's page load
        // Whole: neither cut off at the side (an ellipsis) nor below (a line clamped away).
        (await who.EvaluateAsync<string>("w => `${w.clientWidth}×${w.clientHeight}`"))
            .ShouldBe(await who.EvaluateAsync<string>("w => `${w.scrollWidth}×${w.scrollHeight}`"), $"{name}: the box shown against the whole name's");
        (await who.GetAttributeAsync("title")).ShouldBe(name, "the whole name also on a long press, whatever the box shows");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360, "nothing wider than the phone");
        await ScreenshotAsync(page, $"header-360-{user}");
    });

    [Fact]
    public Task on_a_phone_the_report_card_identity_labels_and_the_parents_signature_blank_each_keep_to_one_line() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await OpenReportCardAsync(page);

        (await page.Locator("article.rapor .identity dt").EvaluateAllAsync<string[]>(LinesOver1)).ShouldBeEmpty("identity labels broken over lines");
        var blank = page.Locator("article.rapor .signatures .parent .sign");
        (await blank.EvaluateAllAsync<string[]>(LinesOver1)).ShouldBeEmpty("the parent's signature blank");
        (await blank.EvaluateAsync<bool>(
            "p => { const text = document.createRange(); text.selectNodeContents(p); return text.getBoundingClientRect().width <= p.clientWidth; }"))
            .ShouldBeTrue("the blank fits its column");

        // A link pasted into the kokurikuler, the note or an extracurricular wraps in its box; the page keeps the phone's width.
        const string link = "https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKl";
        await page.EvaluateAsync("link => document.querySelectorAll('article.rapor .box, article.rapor td.typed').forEach(e => e.textContent = link)", link);
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await ScreenshotAsync(page, "report-card-360");
    });

    [Fact]
    public Task the_point_in_time_forms_ask_for_hours_and_minutes_and_show_the_card_at_the_minute_given() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await OpenReportCardAsync(page);

        (await page.Locator("input[type=time]").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.step)")).ShouldBe(["60", "60", "60"]);
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.Now, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta"));
        var form = page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Lihat rapor saat itu" }) });
        await form.GetByLabel("Tanggal").FillAsync(now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await form.GetByLabel("Jam (WIB)").FillAsync(now.ToString("HH:mm", CultureInfo.InvariantCulture));
        await form.GetByRole(AriaRole.Button).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"jam={now:HH}%3A{now:mm}$"));
        await Expect(page.Locator(".past-moment")).ToContainTextAsync($"{now:HH.mm} WIB");
        await Expect(page.Locator("article.rapor .identity")).ToBeVisibleAsync();
    });

    [Fact]
    public Task on_a_phone_a_table_wider_than_the_screen_shows_a_shadow_on_the_side_with_more_until_scrolled_there() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await SignInAsync(page, Wali);
        await page.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = ClassName, Exact = true }).ClickAsync();
        await ExpectShadowUntilTheEndAsync(page.GetByRole(AriaRole.Region, new() { Name = "Nilai akhir peserta didik × mata pelajaran" }));

        await page.GotoAsync("/rapor");
        await page.Locator("tr").Filter(new() { HasText = ClassName }).GetByRole(AriaRole.Link, new() { Name = "Leger" }).ClickAsync();
        await ExpectShadowUntilTheEndAsync(page.GetByRole(AriaRole.Region, new() { Name = $"Leger nilai kelas {ClassName}" }));
    });

    /// <summary>The home page sums up the wali kelas's class (what is left, each linked) within a phone's width, and opens the class
    /// in one tap.</summary>
    [Fact]
    public Task on_a_phone_the_home_page_sums_up_the_wali_kelas_class_within_the_screen_and_opens_it_in_one_tap() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await SignInAsync(page, Wali);

        var block = page.Locator("[data-homeroom-class]");
        await Expect(block.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync($"Kelas {ClassName}");
        await Expect(block.Locator("[data-complete]")).ToContainTextAsync("Rapor lengkap: ");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);

        await block.GetByRole(AriaRole.Link, new() { Name = ClassName, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Kelengkapan nilai – {ClassName}");
    });

    /// <summary>A wali kelas (in an SD, the guru kelas teaching most of the subjects) goes from her class's progress to a
    /// subject's grid and back with one tap each, not through Beranda.</summary>
    [Fact]
    public Task on_a_phone_the_wali_kelas_goes_from_the_class_progress_to_a_grid_and_back_in_one_tap_each() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await SignInAsync(page, Wali);
        await page.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = ClassName, Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Region, new() { Name = "Nilai akhir peserta didik × mata pelajaran" })
            .GetByRole(AriaRole.Link, new() { Name = "Matematika", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Nilai Matematika – {ClassName}");
        var classLinks = page.GetByRole(AriaRole.Navigation, new() { Name = $"Halaman Anda yang lain untuk kelas {ClassName}" });
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);

        await classLinks.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Kelengkapan nilai – {ClassName}");
    });

    /// <summary>A refused import lists what each cell held: on a phone that column stays wide enough to read, and a long
    /// value wraps inside it instead of pushing the page wider than the screen.</summary>
    [Fact]
    public Task on_a_phone_a_refused_imports_problem_list_shows_what_each_cell_held_readably() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await SignInAsync(page, "admin");
        await page.GotoAsync("/data/impor");
        var table = DapodikFiles.Set(DapodikFiles.Set(DapodikFiles.Table(), 0, "Nama", "Adi\u200BNugroho"), 1, "Nama", new string('a', 250));
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "daftar.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = DapodikFiles.Xlsx(table),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Impor" }).ClickAsync();

        var held = page.Locator("table.import-problems tbody td:nth-child(3)");
        await Expect(held.First).ToHaveTextAsync("Adi[U+200B]Nugroho");
        (await held.EvaluateAllAsync<double[]>("cells => cells.map(c => c.getBoundingClientRect().width)"))
            .ShouldAllBe(width => width >= 64, "about eight characters at least; it was two when empty");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await ScreenshotAsync(page, "import-problems-360");
    });

    // Elements taller than one line of their own text, with their text.
    private const string LinesOver1 =
        "els => els.filter(e => e.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(e).lineHeight)).map(e => e.textContent.trim())";

    /// <summary>A teacher may write a description in paragraphs (the editor keeps line breaks, and the PDF prints them): the
    /// rapor page keeps them too, and a link in a description wraps on a phone rather than widen the page.</summary>
    [Fact]
    public Task the_report_cards_descriptions_keep_the_teachers_line_breaks_and_wrap_a_link_on_a_phone() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await OpenReportCardAsync(page);
        var description = page.Locator("article.rapor td.description").First;

        await description.EvaluateAsync("td => td.textContent = 'Menunjukkan penguasaan yang baik dalam eksponen.\\nPerlu ditingkatkan dalam logaritma.'");
        (await description.InnerTextAsync()).ShouldContain("eksponen.\nPerlu", Case.Sensitive, "the line break is shown, as in the PDF");

        await description.EvaluateAsync("td => td.textContent = 'Lihat https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKl'");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
    });

    /// <summary>A principal settling a parent's dispute on a phone compares a student's card between two moments: each change
    /// is a card of its own, with before, after and its causes (who, when, why) in view. It was a five-column table in a box
    /// that scrolled sideways, its "Sesudah" and "Penyebab" off the screen and the rows as tall as the causes list. On a wide
    /// screen the causes get room: they were a column of four words a line beside a value of two digits.</summary>
    [Fact]
    public Task the_report_card_comparison_shows_each_change_with_before_after_and_causes_in_view_on_a_phone_and_roomy_on_a_wide_screen() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await OpenReportCardAsync(page, "kepsek");
        // From before the demo school existed (every part of the card is a change) to the end of tomorrow (all of it since).
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.Now, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")).DateTime);
        await page.GotoAsync($"{new Uri(page.Url).AbsolutePath}/waktu?dari={today.AddDays(-1):yyyy-MM-dd}&dariJam=00:00&sampai={today.AddDays(1):yyyy-MM-dd}");

        var change = page.Locator("table.card-diff tbody tr").Filter(new() { HasText = "Nilai akhir" }).First;
        await Expect(change.Locator("td.after")).ToBeVisibleAsync();
        foreach (var cell in await change.Locator("td").AllAsync())
        {
            var box = (await cell.BoundingBoxAsync())!;
            var label = await cell.GetAttributeAsync("data-label") ?? await cell.InnerTextAsync();
            (box.X >= 0 && box.X + box.Width <= 360).ShouldBeTrue($"{label} is in view ({box.X} + {box.Width})");
        }
        (await change.Locator("td.before").GetAttributeAsync("data-label")).ShouldBe("Sebelum");
        (await change.Locator("td.after").GetAttributeAsync("data-label")).ShouldBe("Sesudah");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360);
        await ScreenshotAsync(page, "report-card-comparison-360");

        await page.SetViewportSizeAsync(1366, 900);
        var causes = (await change.Locator("td").Last.BoundingBoxAsync())!.Width;
        causes.ShouldBeGreaterThanOrEqualTo(320, "about 40 characters a line for who, when and why");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(1366);
    });

    /// <summary>A grade in dispute: on the rapor page each NA opens the student's score history of its subject, a finger's width on a
    /// phone that keeps the page its width; on paper it is the plain grade it always was.</summary>
    [Fact]
    public Task on_a_phone_each_final_grade_of_the_rapor_opens_its_history_and_on_paper_is_plain_text() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await OpenReportCardAsync(page);
        var grade = page.Locator("article.rapor table.grades td.na a").First;

        (await grade.BoundingBoxAsync())!.Width.ShouldBeGreaterThanOrEqualTo(44, "a finger's width");
        (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth")).ShouldBeLessThanOrEqualTo(360, "nothing wider than the phone");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        (await grade.EvaluateAsync<string>("a => { const s = getComputedStyle(a); return `${s.color} ${s.textDecorationLine} ${s.paddingTop}`; }"))
            .ShouldBe("rgb(0, 0, 0) none 0px", "printed as the grade alone");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        await grade.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Riwayat nilai");
    });

    private async Task OpenReportCardAsync(IPage page, string user = Wali)
    {
        await SignInAsync(page, user);
        await page.GotoAsync("/rapor");
        await page.Locator("tr").Filter(new() { HasText = ClassName }).GetByRole(AriaRole.Link, new() { Name = ClassName, Exact = true }).ClickAsync();
        await page.Locator("table.report-cards tbody tr").First.Locator("td a").First.ClickAsync();
        await Expect(page.Locator("article.rapor .identity")).ToBeVisibleAsync();
    }

    /// <summary>The box scrolls sideways; at the start its right edge is shaded, and once scrolled to the end it is not.</summary>
    private static async Task ExpectShadowUntilTheEndAsync(ILocator box)
    {
        (await box.EvaluateAsync<bool>("b => b.scrollWidth > b.clientWidth")).ShouldBeTrue("the table is wider than the screen");
        (await RightEdgeShadowAsync(box)).ShouldBeGreaterThan(15, "a shadow while more is to the right");
        await box.EvaluateAsync("b => { b.scrollLeft = b.scrollWidth; }");
        (await RightEdgeShadowAsync(box)).ShouldBeLessThan(3, "no shadow at the end");
    }

    /// <summary>How much darker (0–255) the strip just inside the box's right edge is on screen than with the box's
    /// background plain white: what the scroll hint adds there, through the cells over it.</summary>
    private static async Task<double> RightEdgeShadowAsync(ILocator box)
    {
        var page = box.Page;
        await box.ScrollIntoViewIfNeededAsync();
        var at = (await box.BoundingBoxAsync())!;
        var (top, bottom) = (Math.Max(at.Y, 0), Math.Min(at.Y + at.Height, page.ViewportSize!.Height));
        var strip = new Clip { X = at.X + at.Width - 6, Y = top, Width = 4, Height = bottom - top };
        async Task<double> DarknessAsync() => await page.EvaluateAsync<double>("""
            async png => {
              const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
              const image = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
              const canvas = new OffscreenCanvas(image.width, image.height);
              const g = canvas.getContext('2d');
              g.drawImage(image, 0, 0);
              const d = g.getImageData(0, 0, image.width, image.height).data;
              let dark = 0;
              for (let i = 0; i < d.length; i += 4) dark += 255 - (d[i] + d[i + 1] + d[i + 2]) / 3;
              return dark / (d.length / 4);
            }
            """, Convert.ToBase64String(await page.ScreenshotAsync(new() { Clip = strip })));
        var shown = await DarknessAsync();
        var plain = await page.AddStyleTagAsync(new() { Content = ".table-scroll { background: #fff !important; }" });
        var withoutHint = await DarknessAsync();
        await plain.EvaluateAsync("style => style.remove()");
        return shown - withoutHint;
    }
}
