using System.Text.RegularExpressions;
using ERaport.Tests.Unit.ReportCards;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>A term's end as the people at school live it, in one browser session each: the subject teacher fills
/// a whole class and corrects a score (a stale tab gets the conflict), the wali kelas checks progress, locks the
/// class and prints the report cards, the teacher asks for a correction, the principal approves it and finds it
/// in the history explorer, and an admin rebuilds the read model while the teacher keeps saving. It locks a
/// class, so it runs on a demo app of its own; classes and people come from the demo logins and the pages.
/// Screenshots of the main pages at desktop width and 360 px are kept as artifacts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TermJourneyBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    private const string Teacher = "guru.mtk";
    private const string Subject = "Matematika";
    private const string ClassName = "X-1"; // empty in Matematika in the demo, so the teacher fills it whole

    // 60..99: every score can be corrected up by one.
    private static string Score(int row, int column) => (60 + (row * 7 + column * 5) % 40).ToString();

    public override async Task InitializeAsync() => Site = await App.StartOwnAppAsync("journey");

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Site != App.Demo)
            await Site.DisposeAsync();
    }

    [Fact]
    public Task teachers_wali_kelas_principal_and_admin_take_a_class_from_empty_grid_to_audited_correction() => RunAsync(async () =>
    {
        var teacher = await NewPageAsync();
        await SignInAsync(teacher, Teacher);
        var (grid, rows) = await TeacherEntersWholeClassAsync(teacher);
        var corrected = await StaleTabGetsConflictAsync(teacher, grid);

        var wali = await NewPageAsync();
        await SignInAsync(wali, "wali.x1");
        var classId = await WaliKelasLocksAsync(wali, rows);
        var printed = await WaliKelasPrintsAsync(wali, classId, corrected.Student, rows);

        var request = await TeacherRequestsCorrectionAsync(teacher, grid, corrected.Student);

        var principal = await NewPageAsync();
        await SignInAsync(principal, "kepsek");
        await PrincipalApprovesAndAuditsAsync(principal, request);
        await ParentChecksThePrintedCardOnAPhoneAsync(printed, request);
        await PrincipalFollowsTheCodeToTheEvidenceAsync(principal, printed, request);
        await teacher.GotoAsync(grid);
        await Expect(teacher.GetByTitle($"Ajukan koreksi {request.Student} TP2")).ToHaveTextAsync(request.After.ToString());

        var admin = await NewPageAsync();
        await SignInAsync(admin, "admin");
        await AdminRebuildsWhileTeacherSavesAsync(admin, teacher);
        await AdminStartsGenapFromGanjilAsync(admin);
    });

    private async Task<(string Grid, int Rows)> TeacherEntersWholeClassAsync(IPage page)
    {
        var grid = await OpenGradebookAsync(page, ClassName, Subject, "Isi nilai");
        var rows = await GridRows(page).CountAsync();
        rows.ShouldBeGreaterThan(3);
        var columns = await page.Locator("form[data-score-grid] thead th[data-col]").EvaluateAllAsync<string[]>("ths => ths.map(t => t.dataset.col)");
        await Expect(page.Locator("form[data-score-grid] input.cell[data-seen]:not([data-seen=''])")).ToHaveCountAsync(0);

        // All but the last column pasted as one block from a spreadsheet, the last typed down the column.
        var block = string.Concat(Enumerable.Range(0, rows).Select(r =>
            string.Join("\t", Enumerable.Range(0, columns.Length - 1).Select(c => Score(r, c))) + "\n"));
        await PasteAsync(Cell(page, 0, columns[0]), block);
        var last = columns.Length - 1;
        await Cell(page, 0, columns[last]).ClickAsync();
        await page.Keyboard.TypeAsync(string.Join("\n", Enumerable.Range(0, rows).Select(r => Score(r, last))));
        var cells = rows * columns.Length;
        await Expect(page.Locator("[data-grid-status]")).ToHaveTextAsync($"{cells} nilai diubah");

        await SaveButton(page).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync($"{cells} nilai tersimpan.");
        await Expect(page.Locator("main p.muted").First).ToContainTextAsync($"terisi {cells} dari {cells} nilai");
        (await page.Locator("form[data-score-grid] input.cell").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)"))
            .ShouldBe(Enumerable.Range(0, rows).SelectMany(r => columns.Select((_, c) => Score(r, c))));
        await ScreenshotWideAndPhoneAsync(page, "journey-grid");
        return (grid, rows);
    }

    /// <summary>The teacher corrects one score with a reason; a tab opened before that still shows the old value,
    /// and its save is refused with the current value.</summary>
    private async Task<(string Student, int Value)> StaleTabGetsConflictAsync(IPage page, string grid)
    {
        const int row = 2;
        var stale = await page.Context.NewPageAsync();
        await stale.GotoAsync(grid);
        var original = int.Parse(Score(row, 0));
        await Expect(Cell(stale, row, "tp1")).ToHaveValueAsync(original.ToString());
        var student = await StudentNameAsync(page, row);

        await Cell(page, row, "tp1").FillAsync((original + 1).ToString());
        await page.GetByLabel("Alasan koreksi").FillAsync("Salah ketik dari lembar jawaban.");
        await SaveButton(page).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("1 nilai tersimpan.");

        await Cell(stale, row, "tp1").FillAsync((original - 1).ToString());
        await stale.GetByLabel("Alasan koreksi").FillAsync("Nilai remedial.");
        await SaveButton(stale).ClickAsync();
        var alert = stale.Locator(".alert[role=alert]");
        await Expect(alert).ToContainTextAsync("sudah diubah sejak halaman ini dibuka");
        await Expect(alert).ToContainTextAsync($"{student}, TP1: kini {original + 1}");
        await Expect(alert).ToContainTextAsync($"Anda melihat {original}");
        await ScreenshotAsync(stale, "journey-conflict-1280");
        (await AxeViolationsAsync(stale)).ShouldBeEmpty("the conflict as shown");
        await stale.CloseAsync();
        return (student, original + 1);
    }

    /// <summary>The wali kelas finds the class on their own page, sees Matematika complete and locks the class.</summary>
    private async Task<Guid> WaliKelasLocksAsync(IPage page, int rows)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Wali kelas", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = ClassName, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Kelengkapan nilai – {ClassName}");
        var classId = Guid.Parse(new Uri(page.Url).Segments[^1]);
        await Expect(page.Locator("table.progress thead th").Filter(new() { HasText = Subject })).ToContainTextAsync($"{rows}/{rows}");
        await Expect(page.Locator("ul.progress-subjects li").Filter(new() { HasText = Subject })).ToHaveCountAsync(0);
        await ScreenshotWideAndPhoneAsync(page, "journey-homeroom-progress");

        await page.GetByRole(AriaRole.Link, new() { Name = "Kunci nilai", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-lock-state]")).ToHaveTextAsync("Terbuka");
        await Expect(page.Locator("table.list tbody tr").Filter(new() { HasText = Subject }).Locator("[data-complete]")).ToHaveTextAsync($"{rows}/{rows}");
        var lockButton = page.GetByRole(AriaRole.Button, new() { Name = $"Kunci nilai kelas {ClassName}" });
        await lockButton.ClickAsync();
        await Expect(page.Locator("[data-lock-state]")).ToHaveTextAsync("Terbuka"); // the confirmation is required
        await page.Locator("form[data-form=lock] input[name=confirm]").CheckAsync();
        await ScreenshotWideAndPhoneAsync(page, "journey-lock-confirm");
        await lockButton.ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("Nilai kelas dikunci.");
        await Expect(page.Locator("[data-lock-state]")).ToHaveTextAsync("Dikunci");
        // The whole class locked at once: who and when is said once above the subjects, each row says "Dikunci".
        await Expect(page.Locator("[data-shared-lock]")).ToContainTextAsync("mata pelajaran dikunci sekaligus oleh");
        await Expect(page.Locator("table.list tbody tr").Filter(new() { HasText = Subject }).Locator("td[data-label=Status]")).ToHaveTextAsync("Dikunci");
        await ScreenshotAsync(page, "journey-lock-1280");
        return classId;
    }

    /// <summary>The report card of the corrected student on screen, and the class's report cards as one PDF; answers the
    /// verification code printed on that student's card.</summary>
    private async Task<string> WaliKelasPrintsAsync(IPage page, Guid classId, string student, int rows)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Rapor", Exact = true }).First.ClickAsync();
        await page.Locator($"tr[data-class='{classId}']").GetByRole(AriaRole.Link, new() { Name = ClassName, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Rapor kelas {ClassName}");
        await Expect(page.Locator("table.report-cards tbody tr")).ToHaveCountAsync(rows);

        await page.GetByRole(AriaRole.Link, new() { Name = student, Exact = true }).ClickAsync();
        await Expect(page.Locator("article.rapor .identity")).ToContainTextAsync(student);
        await Expect(page.Locator("table.rapor-table.grades tbody tr").Filter(new() { HasText = Subject }).Locator("td.na"))
            .ToHaveTextAsync(new Regex(@"^\s*\d{1,3}\s*$"));
        await ScreenshotWideAndPhoneAsync(page, "journey-report-card", "table.rapor-table.grades");

        await page.GoBackAsync();
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Unduh semua (satu PDF)" }).ClickAsync());
        var path = await download.PathAsync();
        var pdf = await File.ReadAllBytesAsync(path);
        System.Text.Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
        var pages = ReportCardPdfTests.PagesText(pdf);
        pages.Count.ShouldBeGreaterThanOrEqualTo(rows);
        var card = pages.First(p => p.Contains(student));
        var code = Regex.Match(card, @"Kode verifikasi: (\S+)").Groups[1].Value;
        code.ShouldNotBeNullOrEmpty();
        return code;
    }

    /// <summary>A parent scans the code of the card printed before the correction: on a phone, without signing in, the
    /// page says the card was corrected since it was printed and which subject changed, not to what nor why (the school tells that).</summary>
    private async Task ParentChecksThePrintedCardOnAPhoneAsync(string code, Request request)
    {
        var parent = await NewPageAsync(360, 740);
        await parent.GotoAsync($"/verifikasi/{code}");
        await Expect(parent.Locator("[data-verdict='corrected']")).ToBeVisibleAsync();
        await Expect(parent.Locator("table[data-changes] tbody tr").Filter(new() { HasText = Subject })).ToContainTextAsync("Nilai diubah");
        await Expect(parent.Locator("section.verification")).Not.ToContainTextAsync(request.Reason);
        await Expect(parent.Locator("[data-evidence]")).ToHaveCountAsync(0);
        await ScreenshotAsync(parent, "journey-verification-360");
        await ExpectWholeTableInViewAsync(parent.Locator("table[data-changes]"));
    }

    /// <summary>The principal holding the same printout: signed in, the code's page says why, and leads to the card compared with the paper.</summary>
    private async Task PrincipalFollowsTheCodeToTheEvidenceAsync(IPage principal, string code, Request request)
    {
        await principal.GotoAsync($"/verifikasi/{code}");
        await Expect(principal.Locator("table[data-changes] tbody tr").Filter(new() { HasText = request.Reason }))
            .ToContainTextAsync($"{request.Before} → {request.After}");
        await principal.Locator("[data-evidence]").GetByRole(AriaRole.Link, new() { Name = "Bandingkan dengan yang tercetak" }).ClickAsync();
        await Expect(principal.Locator("main")).ToContainTextAsync(request.Reason);
    }

    private sealed record Request(string Student, int Before, int After, string Reason);

    /// <summary>The locked grid is read-only for the teacher; a score's link opens the correction request.</summary>
    private async Task<Request> TeacherRequestsCorrectionAsync(IPage page, string grid, string student)
    {
        await page.GotoAsync(grid);
        await Expect(page.Locator("[data-locked]")).ToContainTextAsync("Nilai dikunci");
        await Expect(page.Locator("form[data-score-grid]")).ToHaveCountAsync(0);
        await Expect(page.Locator("table.grid.readonly")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "journey-grid-locked-1280");

        var score = page.GetByTitle($"Ajukan koreksi {student} TP2");
        var before = int.Parse(await score.InnerTextAsync());
        await score.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Ajukan koreksi nilai");
        await Expect(page.Locator("[data-current]")).ToHaveTextAsync(before.ToString());
        // Large enough to move the final grade (a quarter of it over four TPs, then half of NA), so the printed card is out of date.
        var request = new Request(student, before, before <= 88 ? before + 12 : before - 12, "Hasil remedial TP2 baru dinilai setelah nilai dikunci.");
        await page.GetByLabel("Nilai yang benar").FillAsync(request.After.ToString());
        await page.GetByLabel("Alasan koreksi").FillAsync(request.Reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajukan koreksi ke kepala sekolah" }).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("Permintaan koreksi terkirim ke kepala sekolah.");
        await Expect(page.Locator("section[data-request]").Filter(new() { HasText = student })).ToContainTextAsync($"{before} → {request.After}");

        // The final grade, tercapai and description are asked for from the student's locked final-grade page.
        await page.GotoAsync($"{grid}/akhir");
        await page.Locator("tr").Filter(new() { HasText = student }).GetByRole(AriaRole.Link, new() { Name = "Rincian" }).ClickAsync();
        await Expect(page.Locator("[data-locked]")).ToContainTextAsync("Nilai dikunci");
        await Expect(page.Locator("a[data-request-correction]").First).ToBeVisibleAsync();
        await ScreenshotWideAndPhoneAsync(page, "journey-final-grade-locked");
        return request;
    }

    private async Task PrincipalApprovesAndAuditsAsync(IPage page, Request request)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Koreksi", Exact = true }).ClickAsync();
        var pending = page.Locator("section[data-request]").Filter(new() { HasText = request.Student });
        await Expect(pending).ToContainTextAsync(request.Reason);
        await pending.GetByLabel("Alasan keputusan").FillAsync("Bukti remedial sudah diperiksa.");
        await pending.GetByRole(AriaRole.Button, new() { Name = "Setujui" }).ClickAsync();
        await Expect(page.Locator(".alert.success")).ToHaveTextAsync("Koreksi disetujui; perubahannya sudah disimpan.");
        await Expect(page.Locator("tr[data-request]").Filter(new() { HasText = request.Student })).ToContainTextAsync("Disetujui");
        await ScreenshotWideAndPhoneAsync(page, "journey-koreksi", "table.decided");

        await page.GetByRole(AriaRole.Link, new() { Name = "Riwayat", Exact = true }).ClickAsync();
        await page.GetByLabel("Hanya setelah dikunci").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Tampilkan" }).ClickAsync();
        var change = page.Locator("table.explorer tbody tr").Filter(new() { HasText = $"{ClassName} · {Subject}" })
            .Filter(new() { HasText = request.Student }).Filter(new() { HasText = "TP2" });
        await Expect(change).ToHaveCountAsync(1);
        await Expect(change).ToContainTextAsync($"{request.Before} → {request.After}");
        await Expect(change.Locator(".badge.flag")).ToContainTextAsync(["Setelah dikunci"]);
        await ExpectWholeTableInViewAsync(page.Locator("table.explorer"));
        await ScreenshotWideAndPhoneAsync(page, "journey-audit", "table.explorer");

        // The student's own history: every change of the disputed score, with who, why and how.
        await change.GetByRole(AriaRole.Link, new() { Name = request.Student }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Riwayat nilai {request.Student}");
        var rows = page.Locator("table.history tbody tr").Filter(new() { HasText = request.Reason });
        await Expect(rows.Filter(new() { HasText = "Koreksi diajukan" })).ToContainTextAsync($"{request.Before} → {request.After}");
        await Expect(rows.Filter(new() { HasText = "Dikoreksi" })).ToContainTextAsync("Persetujuan kepala sekolah");
        await ScreenshotWideAndPhoneAsync(page, "journey-score-history", "table.history");
    }

    /// <summary>The admin starts a rebuild; the teacher saves corrections in another gradebook until it has
    /// swapped in: every save is acknowledged, every value is there afterwards, and nobody is signed out.</summary>
    private async Task AdminRebuildsWhileTeacherSavesAsync(IPage admin, IPage teacher)
    {
        await admin.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Link, new() { Name = "Operasi", Exact = true }).ClickAsync();
        var file = admin.Locator("table.status tr").Filter(new() { HasText = "Berkas" }).Locator("td");
        var before = await file.InnerTextAsync();
        var grid = await OpenGradebookAsync(teacher, "X-2", Subject, "Isi nilai");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Bangun ulang data tampilan" }).ClickAsync();

        var saved = new Dictionary<int, string>();
        for (var row = 0; row < 3 || !await RebuildFinishedAsync(admin); row++)
        {
            row.ShouldBeLessThan(await GridRows(teacher).CountAsync(), "the rebuild did not finish while the teacher corrected every row");
            var value = int.Parse(await Cell(teacher, row, "tp1").InputValueAsync());
            var after = (value < 100 ? value + 1 : value - 1).ToString();
            await Cell(teacher, row, "tp1").FillAsync(after);
            await teacher.GetByLabel("Alasan koreksi").FillAsync($"Koreksi ke-{row + 1} selama pembangunan ulang.");
            await SaveButton(teacher).ClickAsync();
            await Expect(teacher.Locator(".alert.success")).ToHaveTextAsync("1 nilai tersimpan.");
            await Expect(Cell(teacher, row, "tp1")).ToHaveValueAsync(after);
            saved[row] = after;
        }
        await Expect(admin.GetByText("Selesai:")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Expect(admin.Locator(".alert").First).ToHaveTextAsync("Sehat: halaman menampilkan data terbaru.");
        (await file.InnerTextAsync()).ShouldNotBe(before, "the rebuilt file serves now");
        await ScreenshotWideAndPhoneAsync(admin, "journey-operasi", "table.status");

        await teacher.GotoAsync(grid);
        await Expect(teacher.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Nilai {Subject} – X-2");
        foreach (var (row, value) in saved)
            await Expect(Cell(teacher, row, "tp1")).ToHaveValueAsync(value);
        await admin.ReloadAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Data tampilan (read model)");
    }

    /// <summary>The next semester begins: the admin opens Genap and carries the Ganjil classes, rosters, roles and teaching
    /// assignments over with one button, then finds the classes in the new term.</summary>
    private async Task AdminStartsGenapFromGanjilAsync(IPage admin)
    {
        await admin.GotoAsync("/data/semester");
        var year = (await admin.Locator("table.list tbody tr td.title").First.InnerTextAsync()).Trim();
        await admin.GotoAsync("/data/kelas");
        var ganjilClasses = await admin.Locator("table.list tbody tr").CountAsync();
        await admin.GotoAsync("/data/semester");
        await admin.GetByLabel("Tahun pelajaran").FillAsync(year);
        await admin.GetByLabel("Semester", new() { Exact = true }).SelectOptionAsync("2");
        await admin.GetByLabel("Yakin membuka semester ini").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Buka semester" }).ClickAsync();

        await ScreenshotWideAndPhoneAsync(admin, "journey-carry-over-offer");
        await admin.GetByRole(AriaRole.Button, new() { Name = $"Salin dari {year} Ganjil" }).ClickAsync();

        await Expect(admin.Locator("[data-carried-over]")).ToContainTextAsync($"Semester {year} Genap dimulai dari {year} Ganjil: {ganjilClasses} kelas");
        await Expect(admin.Locator("[data-carry-over-offer]")).ToHaveCountAsync(0);
        await ScreenshotWideAndPhoneAsync(admin, "journey-carry-over");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Periksa kelas" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Kelas {year} Genap");
        await Expect(admin.Locator("table.list tbody tr")).ToHaveCountAsync(ganjilClasses);
    }

    /// <summary>Whether the admin's page (it reloads itself every 2 s while a rebuild runs) says it finished.</summary>
    private static async Task<bool> RebuildFinishedAsync(IPage admin)
    {
        try
        {
            return await admin.GetByText("Selesai:").IsVisibleAsync();
        }
        catch (PlaywrightException)
        {
            return false; // caught mid-reload: ask again after the next save
        }
    }

    /// <summary>A full-page screenshot at the desktop width and one at 360 px, where the page must not be wider
    /// than the screen (wide tables scroll in their own box); at both widths no table cell's content spills
    /// out of its cell. The tables named in <paramref name="wholeOnPhone"/> must be read on the phone without
    /// scrolling sideways (their rows become cards). axe-core checks the page in the state the journey left it at both widths.</summary>
    private async Task ScreenshotWideAndPhoneAsync(IPage page, string name, params string[] wholeOnPhone)
    {
        var desktop = page.ViewportSize!;
        await ScreenshotAsync(page, $"{name}-{desktop.Width}");
        var spills = await SpillingCellsAsync(page);
        var violations = await AxeViolationsAsync(page);
        await page.SetViewportSizeAsync(360, 740);
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        spills.AddRange(await SpillingCellsAsync(page));
        violations.AddRange(await AxeViolationsAsync(page));
        await ScreenshotAsync(page, $"{name}-360");
        foreach (var table in wholeOnPhone)
            await ExpectWholeTableInViewAsync(page.Locator(table));
        await page.SetViewportSizeAsync(desktop.Width, desktop.Height);
        width.ShouldBeLessThanOrEqualTo(360, $"{page.Url} is {width} px wide on a 360 px screen");
        spills.ShouldBeEmpty($"{page.Url}: content wider than its table cell");
        violations.ShouldBeEmpty(page.Url);
    }

    private static async Task<List<string>> SpillingCellsAsync(IPage page) =>
        [.. await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('main td, main th')].filter(c => c.scrollWidth > c.clientWidth + 1)
              .map(c => `${innerWidth} px: ${c.textContent.trim().slice(0, 40)}`)
            """)];
}
