using AngleSharp.Html.Dom;
using ERaport.Read.Grading;

namespace ERaport.Tests.Integration;

/// <summary>The score grid and history pages as a browser without JavaScript uses them: plain form posts.</summary>
[Collection(AppCollection.Name)]
public sealed class ScoreGridPageTests(AppFixture app)
{
    private TestSchool School => app.School;

    private static string Cell(Guid student, string assessment) => $"v|{student}|{assessment}";

    private static string Grid(Guid gradebook) => $"/nilai/{gradebook}";

    private static string? ValueOf(IHtmlDocument page, Guid student, string assessment) =>
        ((IHtmlInputElement?)page.QuerySelector($"input[name='{Cell(student, assessment)}']"))?.Value;

    private async Task<(Guid Gradebook, TestBrowser Teacher)> GradebookWithScoresAsync(int score)
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var page = await teacher.GetPageAsync(Grid(gradebook));
        await teacher.SubmitAsync(page, "form[data-score-grid]", Grid(gradebook),
            School.Students.ToDictionary(s => Cell(s, "tp1"), _ => score.ToString()), 302);
        return (gradebook, teacher);
    }

    // An SD guru kelas teaches six subjects of her own class: from one grid to the next was Beranda and back, every time.
    [Fact]
    public async Task a_grid_links_its_teachers_other_gradebooks_of_the_class_and_the_wali_kelas_pages()
    {
        var first = await app.OpenGradebookAsync();
        var second = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");

        var page = await teacher.GetPageAsync(Grid(first));

        var links = page.QuerySelectorAll("[data-class-gradebooks] a").Select(a => a.GetAttribute("href")).ToList();
        links.ShouldContain(Grid(second));
        links.ShouldNotContain(Grid(first));
        links.ShouldNotContain($"/wali/{School.ClassId}");
        var wali = await app.SignInAsync("wali.x1");
        (await wali.GetPageAsync(Grid(first))).QuerySelectorAll("[data-class-gradebooks] a").Select(a => a.GetAttribute("href"))
            .ShouldBe([$"/wali/{School.ClassId}"]);
    }

    [Fact]
    public async Task teacher_saves_the_whole_column_and_sees_it_after_the_redirect()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var page = await teacher.GetPageAsync(Grid(gradebook));
        page.QuerySelectorAll("input.cell").Length.ShouldBe(School.Students.Count * TestSchool.Assessments.Length);
        page.QuerySelector("[data-weights]")!.TextContent.ShouldBe("bobot nilai akhir SLM : SAS = 1 : 1");

        var saved = await teacher.SubmitAsync(page, "form[data-score-grid]", Grid(gradebook),
            School.Students.Select((s, i) => (s, i)).ToDictionary(x => Cell(x.s, "tp1"), x => (80 + x.i).ToString()), 302);

        var location = saved.Context.Response.Headers.Location.ToString();
        location.ShouldContain("disimpan=5");
        var after = await teacher.GetPageAsync(location[location.IndexOf("/nilai", StringComparison.Ordinal)..]);
        after.QuerySelector(".alert.success")!.TextContent.ShouldContain("5 nilai tersimpan");
        ValueOf(after, School.Students[3], "tp1").ShouldBe("83");
        ValueOf(after, School.Students[3], "tp2").ShouldBe("");
    }

    /// <summary>Back brings the grid as it was before its save, its form still holding the id that save spent: new typing sent
    /// under it is refused (it once was answered "1 nilai tersimpan" with nothing stored), stays on the page, and the page's
    /// next save goes under a new id.</summary>
    [Fact]
    public async Task a_grid_sent_again_under_a_spent_command_id_with_new_typing_is_refused_keeps_the_typing_and_saves_on_the_next_click()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var before = await teacher.GetPageAsync(Grid(gradebook));
        await teacher.SubmitAsync(before, "form[data-score-grid]", Grid(gradebook), new Dictionary<string, string> { [Cell(School.Students[0], "tp1")] = "80" }, 302);
        var spent = before.QuerySelector("form[data-score-grid] input[name=commandId]")!.GetAttribute("value");

        var refused = TestBrowser.Parse(await (await teacher.SubmitAsync(before, "form[data-score-grid]", Grid(gradebook),
            new Dictionary<string, string> { [Cell(School.Students[1], "tp1")] = "75" }, 409)).ReadAsTextAsync());

        refused.QuerySelector("[role=alert]")!.TextContent.ShouldContain("belum disimpan");
        ValueOf(refused, School.Students[1], "tp1").ShouldBe("75");
        refused.QuerySelector("form[data-score-grid] input[name=commandId]")!.GetAttribute("value").ShouldNotBe(spent);
        await teacher.SubmitAsync(refused, "form[data-score-grid]", Grid(gradebook), new Dictionary<string, string>(), 302);
        ValueOf(await teacher.GetPageAsync(Grid(gradebook)), School.Students[1], "tp1").ShouldBe("75");
    }

    [Fact]
    public async Task a_refused_save_from_the_page_shown_after_a_save_does_not_also_say_saved()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var saved = await teacher.SubmitAsync(await teacher.GetPageAsync(Grid(gradebook)), "form[data-score-grid]", Grid(gradebook),
            new Dictionary<string, string> { [Cell(School.Students[0], "tp1")] = "80" }, 302);
        var location = saved.Context.Response.Headers.Location.ToString();
        var afterSave = location[location.IndexOf("/nilai", StringComparison.Ordinal)..];
        var page = await teacher.GetPageAsync(afterSave);
        page.QuerySelector(".alert.success")!.TextContent.ShouldContain("1 nilai tersimpan");

        // A browser posts the form to the address it was served at, notice and all.
        var refused = await teacher.SubmitAsync(page, "form[data-score-grid]", afterSave,
            new Dictionary<string, string> { [Cell(School.Students[1], "tp1")] = "150" }, 400);

        var html = TestBrowser.Parse(await refused.ReadAsTextAsync());
        html.QuerySelector(".alert.error").ShouldNotBeNull();
        html.QuerySelector(".alert.success").ShouldBeNull();
    }

    /// <summary>A read model that cannot catch up in time (a busy server, a full disk) must not look like a lost save.</summary>
    [Fact]
    public async Task a_page_that_cannot_wait_for_the_users_last_save_says_it_is_saved_and_to_reload()
    {
        var (gradebook, teacher) = await GradebookWithScoresAsync(75);
        await app.CatchUpAsync();

        await using (await app.HoldReadModelWritesAsync())
        {
            var notYetApplied = await app.SendAcceptedAsync(new ERaport.Write.Grading.SaveScores(Guid.NewGuid(), gradebook,
                [new ERaport.Write.Grading.ScoreEntry(School.Students[0], "tp2", "80", null)], null, School.User("guru.mtk"), ERaport.Write.Common.EntrySource.Form));

            var page = await teacher.GetPageAsync($"{Grid(gradebook)}?minSequence={notYetApplied}");
            page.QuerySelectorAll("[data-stale]").Single().TextContent.ShouldContain("sudah tersimpan, tetapi belum tampil");
            page.QuerySelector("[data-stale]")!.ClassList.ShouldContain("no-print", "a notice for the screen, not for the printed page");
            ValueOf(page, School.Students[0], "tp1").ShouldBe("75", "the page still shows what the read model has");
            var api = await teacher.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/final-grades?minSequence={notYetApplied}"));
            api.Context.Response.Headers[ERaport.Web.Hosting.ReadConsistency.StaleHeader].ToString().ShouldBe(notYetApplied.ToString());
        }
        await app.CatchUpAsync();

        (await teacher.GetPageAsync(Grid(gradebook))).QuerySelector("[data-stale]").ShouldBeNull();
        (await teacher.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/final-grades"))).Context.Response.Headers
            .ContainsKey(ERaport.Web.Hosting.ReadConsistency.StaleHeader).ShouldBeFalse();
    }

    /// <summary>The wali kelas locks the class a moment before the teacher saves, and the page she posts to has not seen the
    /// lock yet (a busy read model): the refusal is the lock, which saving again cannot get past, not cells changed since.</summary>
    [Fact]
    public async Task a_save_refused_by_a_lock_the_page_has_not_seen_yet_says_nothing_was_saved_and_not_to_save_again()
    {
        var (classId, gradebookId, studentId) = await app.ClassOfItsOwnAsync("KN-2");
        var teacher = await app.SignInAsync("guru.mtk");
        var page = await teacher.GetPageAsync(Grid(gradebookId));

        await using (await app.HoldReadModelWritesAsync())
        {
            await app.SendAcceptedAsync(new ERaport.Write.Grading.LockClass(Guid.NewGuid(), classId, School.User("admin"), ERaport.Write.Common.EntrySource.Form));
            var refused = await teacher.SubmitAsync(page, "form[data-score-grid]", Grid(gradebookId),
                new Dictionary<string, string> { [Cell(studentId, "tp1")] = "80" }, 409);

            var alert = TestBrowser.Parse(await refused.ReadAsTextAsync()).QuerySelector("main [role=alert]")!.TextContent;
            alert.ShouldContain("Tidak ada yang disimpan");
            alert.ShouldContain("sudah dikunci");
            alert.ShouldNotContain("sudah diubah sejak");
            alert.ShouldNotContain("simpan lagi");
        }
        await app.CatchUpAsync();
    }

    /// <summary>A cookie from before the database was restored (or a made-up ?minSequence=) names a save the event store never
    /// had: waited for, every page took the whole wait and then called that save saved but not shown yet.</summary>
    [Fact]
    public async Task a_sequence_the_event_store_never_committed_is_not_announced_as_a_save_not_shown_yet()
    {
        var (gradebook, teacher) = await GradebookWithScoresAsync(76);
        const long neverCommitted = long.MaxValue / 2;

        var page = await teacher.GetPageAsync($"{Grid(gradebook)}?minSequence={neverCommitted}");
        page.QuerySelector("[data-stale]").ShouldBeNull();
        ValueOf(page, School.Students[0], "tp1").ShouldBe("76");
        var api = await teacher.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/final-grades?minSequence={neverCommitted}"));
        api.Context.Response.Headers.ContainsKey(ERaport.Web.Hosting.ReadConsistency.StaleHeader).ShouldBeFalse();

        teacher.SetCookie(ERaport.Web.Hosting.ReadConsistency.CookieName, neverCommitted.ToString());
        (await teacher.GetPageAsync(Grid(gradebook))).QuerySelector("[data-stale]").ShouldBeNull();
        teacher.Cookie(ERaport.Web.Hosting.ReadConsistency.CookieName).ShouldBeNull("the cookie is forgotten, so the next page does not ask again");
    }

    [Fact]
    public async Task a_stale_tab_gets_a_conflict_page_with_the_current_value_and_nothing_is_overwritten()
    {
        var gradebook = await app.OpenGradebookAsync();
        var tab1 = await app.SignInAsync("guru.mtk");
        var tab2 = tab1.NewTab();
        var page1 = await tab1.GetPageAsync(Grid(gradebook));
        var page2 = await tab2.GetPageAsync(Grid(gradebook));
        var cell = Cell(School.Students[0], "tp2");

        await tab1.SubmitAsync(page1, "form[data-score-grid]", Grid(gradebook), new Dictionary<string, string> { [cell] = "70" }, 302);
        var conflict = await tab2.SubmitAsync(page2, "form[data-score-grid]", Grid(gradebook), new Dictionary<string, string> { [cell] = "75" }, 409);

        var html = TestBrowser.Parse(await conflict.ReadAsTextAsync());
        html.QuerySelector(".alert.warning[role=alert]")!.TextContent.ShouldContain("kini 70, diubah oleh Anda sendiri (di tab atau perangkat lain)", Case.Sensitive, "only the teacher of record saves here: the other tab was theirs");
        var td = html.QuerySelector($"input[name='{cell}']")!.ParentElement!;
        td.ClassList.ShouldContain("conflict");
        td.GetAttribute("title")!.ShouldContain("diubah oleh Anda sendiri", Case.Sensitive, "the cell says it as the list does, not by login name");
        // The line about the cell takes a phone user down to it.
        var jump = html.QuerySelector(".alert.warning[role=alert] li a")!.GetAttribute("href")!;
        jump.ShouldStartWith(Grid(gradebook) + "#", Case.Sensitive, "this page's address, not a bare #fragment the <base href=\"/\"> sends home");
        html.QuerySelector(jump[jump.IndexOf('#')..])!.GetAttribute("name").ShouldBe(cell);
        ValueOf(html, School.Students[0], "tp2").ShouldBe("75", "what the user typed is kept");
        ((IHtmlInputElement)html.QuerySelector($"input[name='s|{School.Students[0]}|tp2']")!).Value.ShouldBe("70");
        var stored = await tab1.GetPageAsync(Grid(gradebook));
        ValueOf(stored, School.Students[0], "tp2").ShouldBe("70");
    }

    /// <summary>Without JavaScript nothing can open the reason box once a saved score is changed, so a grid holding scores
    /// shows it from the start: a correction takes one save, not a refusal first.</summary>
    [Fact]
    public async Task without_javascript_a_grid_holding_scores_shows_the_reason_box_so_a_correction_takes_one_save()
    {
        var empty = await app.OpenGradebookAsync();
        var (gradebook, teacher) = await GradebookWithScoresAsync(60); // its saves are this browser's: its next page waits for them
        (await teacher.GetPageAsync(Grid(empty))).QuerySelector("[data-reason]")!.HasAttribute("hidden").ShouldBeTrue("nothing to correct yet");
        var page = await teacher.GetPageAsync(Grid(gradebook));
        page.QuerySelector("[data-reason]")!.HasAttribute("hidden").ShouldBeFalse();

        await teacher.SubmitAsync(page, "form[data-score-grid]", Grid(gradebook),
            new Dictionary<string, string> { [Cell(School.Students[1], "tp1")] = "65", ["reason"] = "Salah ketik" }, 302);

        ValueOf(await teacher.GetPageAsync(Grid(gradebook)), School.Students[1], "tp1").ShouldBe("65");
    }

    [Fact]
    public async Task a_correction_without_reason_is_refused_and_the_typed_values_stay()
    {
        var (gradebook, teacher) = await GradebookWithScoresAsync(60);
        var page = await teacher.GetPageAsync(Grid(gradebook));

        var refused = await teacher.SubmitAsync(page, "form[data-score-grid]", Grid(gradebook),
            new Dictionary<string, string> { [Cell(School.Students[1], "tp1")] = "65", [Cell(School.Students[2], "tp3")] = "88" }, 400);

        var html = TestBrowser.Parse(await refused.ReadAsTextAsync());
        html.QuerySelector(".alert.error")!.TextContent.ShouldContain("Alasan koreksi wajib diisi");
        html.QuerySelector("[data-reason]")!.HasAttribute("hidden").ShouldBeFalse();
        ValueOf(html, School.Students[1], "tp1").ShouldBe("65");
        ValueOf(html, School.Students[2], "tp3").ShouldBe("88");
        ValueOf(await teacher.GetPageAsync(Grid(gradebook)), School.Students[2], "tp3").ShouldBe("", "all or nothing");
    }

    [Fact]
    public async Task a_bad_value_is_marked_in_its_cell_with_the_reason()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var page = await teacher.GetPageAsync(Grid(gradebook));

        var refused = await teacher.SubmitAsync(page, "form[data-score-grid]", Grid(gradebook),
            new Dictionary<string, string> { [Cell(School.Students[0], "tp1")] = "80", [Cell(School.Students[4], "sas-tes")] = "<b>120</b>" }, 400);

        var html = await refused.ReadAsTextAsync();
        html.ShouldNotContain("<b>120</b>", Case.Sensitive, "typed text is escaped when shown back");
        var document = TestBrowser.Parse(html);
        var td = document.QuerySelector($"input[name='{Cell(School.Students[4], "sas-tes")}']")!.ParentElement!;
        td.ClassList.ShouldContain("invalid");
        td.GetAttribute("title")!.ShouldContain("bukan angka");
        document.QuerySelector(".alert.error li")!.TextContent.ShouldStartWith("Eka Putri, SAS Tes:");
    }

    /// <summary>The cells now take "85,5" as typed (they took three characters); the grid still refuses it, says so for what
    /// was typed and keeps the score that was there.</summary>
    [Fact]
    public async Task a_score_with_a_decimal_comma_is_refused_with_its_message_and_the_score_stays()
    {
        var (gradebook, teacher) = await GradebookWithScoresAsync(80);
        var page = await teacher.GetPageAsync(Grid(gradebook));
        ((IHtmlInputElement)page.QuerySelector($"input[name='{Cell(School.Students[2], "tp1")}']")!).MaxLength.ShouldBeGreaterThanOrEqualTo(4);

        var refused = await teacher.SubmitAsync(page, "form[data-score-grid]", Grid(gradebook),
            new Dictionary<string, string> { [Cell(School.Students[2], "tp1")] = "85,5", ["reason"] = "Salah ketik." }, 400);

        var document = TestBrowser.Parse(await refused.ReadAsTextAsync());
        document.QuerySelector($"input[name='{Cell(School.Students[2], "tp1")}']")!.ParentElement!.GetAttribute("title")!
            .ShouldContain("Nilai \"85,5\" harus bilangan bulat tanpa koma.");
        ValueOf(document, School.Students[2], "tp1").ShouldBe("85,5", "what was typed stays, to be fixed");
        ValueOf(await teacher.GetPageAsync(Grid(gradebook)), School.Students[2], "tp1").ShouldBe("80");
    }

    /// <summary>The student's history showed only the new text of a description edit; the explorer already said what it replaced.</summary>
    [Fact]
    public async Task a_description_edit_in_a_students_history_shows_the_text_it_replaced_and_what_it_became()
    {
        var teacher = School.User("guru.mtk");
        var gradebook = await app.OpenGradebookAsync();
        var student = School.Students[0];
        await app.SendAcceptedAsync(new ERaport.Write.Grading.SaveScores(Guid.NewGuid(), gradebook,
            [.. TestSchool.Assessments.Select(a => new ERaport.Write.Grading.ScoreEntry(student, a, "85", null))], null, teacher, ERaport.Write.Common.EntrySource.Form));
        const string first = "Ananda rajin mengerjakan tugas dan aktif bertanya di kelas; pemahaman konsep pecahan sudah sangat baik.";
        await app.SendAcceptedAsync(new ERaport.Write.Grading.EditDescription(Guid.NewGuid(), gradebook, student, first, null, teacher, ERaport.Write.Common.EntrySource.Form));
        await app.SendAcceptedAsync(new ERaport.Write.Grading.EditDescription(Guid.NewGuid(), gradebook, student, "Ananda rajin.", first, teacher,
            ERaport.Write.Common.EntrySource.Form));
        await app.CatchUpAsync();
        var principal = await app.SignInAsync("kepsek");

        var history = await principal.GetPageAsync($"/riwayat/{gradebook}/{student}");

        var lines = history.QuerySelectorAll("table.history tbody td[data-label=Perubahan]").Where(td => td.QuerySelector("[data-before]") is not null).ToList();
        lines.Count.ShouldBe(2);
        lines[0].QuerySelector("[data-before]")!.TextContent.ShouldBe("Sebelumnya: " + first, "the whole text: one student's history has room for it");
        lines[0].QuerySelector("[data-after]")!.TextContent.ShouldBe("Menjadi: Ananda rajin.");
        lines[1].QuerySelector("[data-before]")!.TextContent.Replace("Sebelumnya:", "").ShouldNotBeNullOrWhiteSpace("the generated text the first edit replaced");
        lines[1].QuerySelector("[data-after]")!.TextContent.ShouldBe("Menjadi: " + first);
    }

    [Fact]
    public async Task the_principal_sees_a_read_only_grid_and_every_change_in_the_history()
    {
        var (gradebook, teacher) = await GradebookWithScoresAsync(70);
        var page = await teacher.GetPageAsync(Grid(gradebook));
        await teacher.SubmitAsync(page, "form[data-score-grid]", Grid(gradebook),
            new Dictionary<string, string> { [Cell(School.Students[2], "tp1")] = "77", ["reason"] = "Remedial sudah dinilai" }, 302);

        // Another person sees the teacher's writes once the read model has them (no read-your-writes token).
        await app.CatchUpAsync();
        var principal = await app.SignInAsync("kepsek");
        var grid = await principal.GetPageAsync(Grid(gradebook));
        grid.QuerySelectorAll("input.cell").Length.ShouldBe(0);
        grid.QuerySelector("table.grid")!.TextContent.ShouldContain("77");

        var history = await principal.GetPageAsync($"/riwayat/{gradebook}/{School.Students[2]}");
        var rows = history.QuerySelectorAll("table.history tbody tr").Select(r => r.TextContent).ToList();
        rows.Count.ShouldBe(2);
        rows[0].ShouldContain("Dikoreksi");
        rows[0].ShouldContain("70 → 77");
        rows[0].ShouldContain("Remedial sudah dinilai");
        rows[0].ShouldContain("Bambang Matematika");
        rows[0].ShouldContain("Formulir");
        rows[1].ShouldContain("Diisi");
        rows[1].ShouldContain("– → 70");
        // From one score's history to everything changed for this student, every subject: where a dispute goes next.
        var nisn = history.QuerySelector("p.muted")!.TextContent.Split("NISN ")[1].Split(' ')[0];
        history.QuerySelector($"a[href='/audit?Nisn={nisn}']").ShouldNotBeNull();
    }

    /// <summary>Two changes in one minute looked simultaneous in a dispute: a score's history times each change to the second,
    /// in the school's zone, as the event store has it.</summary>
    [Fact]
    public async Task a_scores_history_times_each_change_to_the_second()
    {
        var (gradebook, teacher) = await GradebookWithScoresAsync(70);
        var page = await teacher.GetPageAsync(Grid(gradebook));
        await teacher.SubmitAsync(page, "form[data-score-grid]", Grid(gradebook),
            new Dictionary<string, string> { [Cell(School.Students[2], "tp1")] = "71", ["reason"] = "Salah ketik" }, 302);
        await app.CatchUpAsync();
        var corrected = (await app.EventsAsync(ERaport.Write.Common.StreamKeys.Gradebook(TestSchool.Id, gradebook)))
            .Last(e => e.Data is ERaport.Write.Grading.ScoreCorrected).Timestamp;
        var principal = await app.SignInAsync("kepsek");

        var history = await principal.GetPageAsync($"/riwayat/{gradebook}/{School.Students[2]}");

        var times = history.QuerySelectorAll("table.history tbody tr td.when").Select(td => td.TextContent.Trim()).ToList();
        times.ShouldAllBe(t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^\d{1,2} \w{3} \d{4}, \d{2}\.\d{2}\.\d{2} WI(B|TA|T)$"), string.Join("; ", times));
        var school = ERaport.Write.Common.SchoolTime.Zone;
        times.ShouldContain(TimeZoneInfo.ConvertTime(corrected, school).ToString("d MMM yyyy, HH.mm.ss", ERaport.Write.Common.SchoolTime.Indonesian)
            + " " + ERaport.Write.Common.SchoolTime.ZoneName);
    }

    /// <summary>A principal settling a dispute prints a score's history for the parent: the paper said neither whose school's
    /// record it was nor who printed it when.</summary>
    [Fact]
    public async Task a_printed_score_history_names_the_school_and_who_printed_it_when()
    {
        var (gradebook, _) = await GradebookWithScoresAsync(70);
        await app.CatchUpAsync();
        var principal = await app.SignInAsync("kepsek");

        var history = await principal.GetPageAsync($"/riwayat/{gradebook}/{School.Students[2]}");

        var printed = history.QuerySelector("p.print-only.printed-by")!.TextContent;
        printed.ShouldContain(School.Of.Name);
        printed.ShouldContain($"oleh {School.Of.People["kepsek"]}");
        printed.ShouldMatch(@"[Dd]icetak \d{1,2} \w{3} \d{4}, \d{2}\.\d{2} WI(B|TA|T)");
        // The same on the other histories a dispute is printed from: all the student's changes, and the class's rapor data.
        (await principal.GetPageAsync("/audit")).QuerySelector("p.print-only.printed-by")!.TextContent.ShouldContain(School.Of.Name);
        (await principal.GetPageAsync($"/wali/{School.ClassId}/riwayat")).QuerySelector("p.print-only.printed-by")!.TextContent.ShouldContain(School.Of.Name);
    }

    [Theory]
    [InlineData("guru.bio", 403)]
    [InlineData("admin", 403)]
    [InlineData("wali.x1", 200)]
    public async Task the_grid_is_shown_only_to_those_allowed_to_see_it(string userName, int status)
    {
        var user = await app.SignInAsync(userName);
        var page = await user.GetPageAsync(Grid(School.MathGradebook), status);
        page.QuerySelectorAll("input.cell").Length.ShouldBe(0);
        await user.GetPageAsync($"/riwayat/{School.MathGradebook}/{School.Students[0]}", status);
    }

    [Fact]
    public async Task signing_in_through_the_login_form_leads_to_the_teachers_gradebooks()
    {
        var browser = new TestBrowser(app.Host);
        var login = await browser.GetPageAsync("/masuk");
        var signedIn = await browser.SubmitAsync(login, "form", "/masuk",
            new Dictionary<string, string> { ["Input.UserName"] = "guru.mtk", ["Input.Password"] = TestSchool.Password }, 302);
        new Uri(new Uri("http://localhost"), signedIn.Context.Response.Headers.Location.ToString()).PathAndQuery.ShouldBe("/");

        var home = await browser.GetPageAsync("/");
        home.QuerySelector("h1")!.TextContent.ShouldContain("Bambang Matematika");
        home.QuerySelectorAll("a[href^='/nilai/']").Select(a => a.TextContent).ShouldContain("X-1 · Matematika");
        // Other tests give guru.mtk gradebooks in other terms: each term has its own list.
        home.QuerySelectorAll("table.gradebooks").ShouldContain(t => t.TextContent.Contains(" / 25"));

        var stranger = new TestBrowser(app.Host);
        var wrong = await stranger.SubmitAsync(await stranger.GetPageAsync("/masuk"), "form", "/masuk",
            new Dictionary<string, string> { ["Input.UserName"] = "guru.mtk", ["Input.Password"] = "salah" }, 401);
        (await wrong.ReadAsTextAsync()).ShouldContain("Nama pengguna atau kata sandi salah");
    }
}
