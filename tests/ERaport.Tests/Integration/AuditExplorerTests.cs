using System.Globalization;
using ERaport.Read.Audit;
using ERaport.Read.Grading;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Web.Components;

namespace ERaport.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class AuditExplorerTests(AppFixture app)
{
    /// <summary>Who a line of the whole gradebook (weights, a new TP) is about.</summary>
    private const string WholeGradebook = "Seluruh buku nilai";

    private async Task<Guid> CorrectedGradebookAsync()
    {
        var teacher = app.School.User("guru.mtk");
        var gradebook = await app.OpenGradebookAsync();
        var student = app.School.Students[0];
        (await app.SendAsync(new SaveScores(Guid.NewGuid(), gradebook, [new ScoreEntry(student, "tp2", "90", null)], null, teacher, EntrySource.Form)))
            .IsAccepted.ShouldBeTrue();
        (await app.SendAsync(new SaveScores(Guid.NewGuid(), gradebook, [new ScoreEntry(student, "tp2", "=SUM(A1)", 90)], "x", teacher, EntrySource.Form)))
            .Status.ShouldBe(OutcomeStatus.Invalid);
        (await app.SendAsync(new SaveScores(Guid.NewGuid(), gradebook, [new ScoreEntry(student, "tp2", "55", 90)], "=HYPERLINK(\"x\")", teacher, EntrySource.Form)))
            .IsAccepted.ShouldBeTrue();
        await app.CatchUpAsync();
        return gradebook;
    }

    /// <summary>A number binds to an enum whatever it is; one that names no flag or kind once reached the flag tallies, which
    /// indexed by it (500, and a CSV cut off mid-stream).</summary>
    [Theory]
    [InlineData("/api/audit/changes?Flag=123456")]
    [InlineData("/api/audit/changes.csv?Flag=123456")]
    [InlineData("/api/audit/changes?Kind=123456")]
    [InlineData("/api/audit/changes.csv?Kind=-1")]
    public async Task the_history_api_refuses_a_flag_or_kind_that_names_no_choice_with_a_coded_problem(string url)
    {
        var principal = await app.SignInAsync("kepsek");

        var result = await principal.SendAsync(s =>
        {
            s.Get.Url(url);
            s.IgnoreStatusCode();
        });

        result.Context.Response.StatusCode.ShouldBe(400);
        (await result.ReadAsJsonAsync<ERaport.Web.Api.ApiProblem>())!.Code.ShouldBe("request.invalid");
    }

    /// <summary>A NISN copied from a spreadsheet that held it as a number has lost its leading zeros; it is still that NISN.</summary>
    [Fact]
    public async Task a_nisn_without_its_leading_zeros_finds_the_student()
    {
        await CorrectedGradebookAsync();
        var principal = await app.SignInAsync("kepsek");

        var page = await principal.GetPageAsync("/audit?Nisn=123456&MinSwing=30");

        page.QuerySelectorAll("table.explorer tbody tr").Select(r => r.TextContent).ShouldContain(r => r.Contains("90 → 55"));
    }

    /// <summary>A principal types what the parent says or shows: a NISN read out in groups ("0000 123 456"), a name in another
    /// order or with a middle name left out ("nugroho adi"). Neither found anyone.</summary>
    [Fact]
    public async Task a_nisn_typed_in_groups_and_a_name_in_another_order_find_the_student()
    {
        await CorrectedGradebookAsync();
        var principal = await app.SignInAsync("kepsek");

        var byNisn = await principal.GetPageAsync($"/audit?Nisn={Uri.EscapeDataString("0000 123 456")}&MinSwing=30");
        byNisn.QuerySelectorAll("table.explorer tbody tr").Select(r => r.TextContent).ShouldContain(r => r.Contains("90 → 55"));
        int.Parse(byNisn.QuerySelector("input[name=Nisn]")!.GetAttribute("maxlength")!).ShouldBeGreaterThanOrEqualTo(13, "ten digits and their spaces can be typed");
        var names = (await principal.GetPageAsync($"/audit?StudentName={Uri.EscapeDataString("nugroho  adi")}"))
            .QuerySelectorAll("table.explorer tbody tr").Select(r => r.QuerySelector("td[data-label='Peserta didik']")?.TextContent.Trim()).ToList();
        names.ShouldContain("Adi Nugroho");
        names.ShouldAllBe(n => n == "Adi Nugroho" || n == WholeGradebook);
    }

    /// <summary>A dispute starts from one student: their changes found by NISN left out the new weights that moved their NA
    /// (a line of the whole gradebook), which the student's score history shows.</summary>
    [Fact]
    public async Task a_students_changes_include_the_weights_change_of_their_gradebook_that_moved_their_final_grade()
    {
        var gradebook = await CorrectedGradebookAsync();
        var other = await app.OpenGradebookAsync();
        foreach (var changed in new[] { gradebook, other })
            (await app.SendAsync(new ChangeGradingScheme(Guid.NewGuid(), changed, new Weights(3, 0, 2), 75, app.School.User("guru.mtk"), EntrySource.Form)))
                .IsAccepted.ShouldBeTrue();
        await app.CatchUpAsync();
        var principal = await app.SignInAsync("kepsek");

        var api = (await (await principal.SendAsync(s => s.Get.Url("/api/audit/changes?Nisn=0000123456&PageSize=500"))).ReadAsJsonAsync<HistoryPage>())!;

        api.Entries.ShouldContain(e => e.GradebookId == gradebook && e.Kind == ERaport.Read.Grading.ScoreChangeKind.SchemeChanged);
        api.Entries.ShouldNotContain(e => e.GradebookId == other, "a gradebook the student has no line in is not theirs");
        api.Entries.ShouldAllBe(e => e.Nisn == "0000123456" || e.StudentId == Guid.Empty);
    }

    [Fact]
    public async Task the_principal_finds_a_large_correction_and_exports_it_as_csv()
    {
        await CorrectedGradebookAsync();
        var principal = await app.SignInAsync("kepsek");

        var page = await principal.GetPageAsync($"/audit?Nisn={Uri.EscapeDataString("0000123456")}&MinSwing=30");
        var rows = page.QuerySelectorAll("table.explorer tbody tr").Select(r => r.TextContent).ToList();
        rows.ShouldNotBeEmpty();
        rows[0].ShouldContain("90 → 55");
        rows[0].ShouldContain("Perubahan besar");

        var csv = await (await principal.SendAsync(s => s.Get.Url("/api/audit/changes.csv?Nisn=0000123456&MinSwing=30"))).ReadAsTextAsync();
        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("Waktu;Kelas;Mata pelajaran;Nama;NISN");
        lines.Length.ShouldBeGreaterThanOrEqualTo(2);
        lines[1].ShouldContain(";90;55;");
        lines[1].ShouldContain("'=HYPERLINK", Case.Sensitive, "a formula in a reason must not run in a spreadsheet");
    }

    /// <summary>A principal who downloads at 08.15 WIB finds a file of 08.15 among her downloads, not one of 01.15 (the server's
    /// UTC) that reads as last night's; and every heading is Indonesian ("Urutan event" was not).</summary>
    [Fact]
    public async Task the_csv_is_named_by_the_schools_date_and_time_and_heads_every_column_in_indonesian()
    {
        await CorrectedGradebookAsync();
        var principal = await app.SignInAsync("kepsek");

        var before = SchoolTime.Now(TimeProvider.System);
        var response = await principal.SendAsync(s => s.Get.Url("/api/audit/changes.csv?Nisn=0000123456"));
        var after = SchoolTime.Now(TimeProvider.System);
        var name = response.Context.Response.Headers.ContentDisposition.ToString();
        var named = DateTime.ParseExact(System.Text.RegularExpressions.Regex.Match(name, @"riwayat-nilai-(\d{8}-\d{4})\.csv").Groups[1].Value,
            "yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture);
        named.ShouldBeInRange(before.DateTime.AddSeconds(-before.Second - 1), after.DateTime, $"{name}: the school's time ({SchoolTime.ZoneName})");
        var headings = (await response.ReadAsTextAsync()).TrimStart('\uFEFF').Split('\n')[0].Trim().Split(';');
        headings.ShouldContain("Nomor perubahan");
        headings.ShouldNotContain(h => h.Contains("event"));
    }

    [Fact]
    public async Task the_principal_finds_a_students_changes_by_part_of_their_name_in_any_case()
    {
        await CorrectedGradebookAsync();
        var principal = await app.SignInAsync("kepsek");

        var page = await principal.GetPageAsync($"/audit?StudentName={Uri.EscapeDataString("  nugroho ")}");
        var names = page.QuerySelectorAll("table.explorer tbody tr").Select(r => r.QuerySelector("td[data-label='Peserta didik']")?.TextContent.Trim()).ToList();
        names.ShouldNotBeEmpty();
        names.ShouldAllBe(n => n == "Adi Nugroho" || n == WholeGradebook, "the student's own lines, and their gradebooks' lines for every student");
        page.QuerySelector("input[name=StudentName]")!.GetAttribute("value").ShouldBe("  nugroho ");

        var api = (await (await principal.SendAsync(s => s.Get.Url("/api/audit/changes?studentName=ADI%20NUG"))).ReadAsJsonAsync<HistoryPage>())!;
        api.Entries.ShouldNotBeEmpty();
        api.Entries.ShouldAllBe(e => e.StudentName == "Adi Nugroho" || e.StudentId == Guid.Empty);
        // A wildcard typed as text matches itself only, not every student.
        (await (await principal.SendAsync(s => s.Get.Url("/api/audit/changes?studentName=%25"))).ReadAsJsonAsync<HistoryPage>())!
            .Entries.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_teacher_sees_only_changes_in_their_own_teaching_assignments()
    {
        await CorrectedGradebookAsync();
        var biology = await app.SignInAsync("guru.bio");
        var page = (await (await biology.SendAsync(s => s.Get.Url("/api/audit/changes"))).ReadAsJsonAsync<HistoryPage>())!;
        // Other tests of the collection give guru.bio gradebooks of their own; none of guru.mtk's changes may show.
        page.Entries.ShouldAllBe(e => e.TeacherName == "Yuliana Biologi");
    }

    [Fact]
    public async Task each_flag_counter_opens_the_changes_with_that_flag_and_no_others()
    {
        await CorrectedGradebookAsync();
        var principal = await app.SignInAsync("kepsek");
        var audit = await principal.GetPageAsync("/audit");
        var link = audit.QuerySelector($"ul.flags a[data-flag={ChangeFlag.LargeSwing}]")!;

        var page = await principal.GetPageAsync(link.GetAttribute("href")!);

        page.QuerySelector("[data-only-flag]")!.TextContent.ShouldContain("Perubahan besar");
        page.QuerySelector("form.filters input[name=Flag]")!.GetAttribute("value").ShouldBe("LargeSwing", "the choice stays when other filters change");
        var rows = page.QuerySelectorAll("table.explorer tbody tr").Select(r => r.TextContent).ToList();
        rows.ShouldNotBeEmpty();
        rows.ShouldAllBe(r => r.Contains("Perubahan besar"));
        var api = (await (await principal.SendAsync(s => s.Get.Url("/api/audit/changes?Flag=NotTeacherOfRecord"))).ReadAsJsonAsync<HistoryPage>())!;
        api.Entries.ShouldAllBe(e => e.Flags.Contains(ChangeFlag.NotTeacherOfRecord));
    }

    /// <summary>A principal facing a grade dispute filtered one student and one subject: the counters beside the list still counted the
    /// whole school ("Perubahan besar" with every class's), and tapping one dropped the student and the subject chosen.</summary>
    [Fact]
    public async Task the_flag_counters_count_within_the_filters_and_a_counter_adds_its_flag_to_them_until_removed()
    {
        await CorrectedGradebookAsync(); // a large swing in another subject
        var gradebook = await CorrectedGradebookAsync();
        Guid subject;
        await using (var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext())
            subject = db.Gradebooks.Single(g => g.GradebookId == gradebook).SubjectId;
        var principal = await app.SignInAsync("kepsek");
        static int Counter(AngleSharp.Html.Dom.IHtmlDocument page, ChangeFlag flag) =>
            int.Parse(page.QuerySelector($"ul.flags a[data-flag={flag}]")!.ParentElement!.QuerySelector("strong")!.TextContent, NumberStyles.AllowThousands,
                Format.Indonesian);
        var filters = $"Nisn=0000123456&SubjectId={subject}";

        var filtered = await principal.GetPageAsync($"/audit?{filters}");

        Counter(filtered, ChangeFlag.LargeSwing).ShouldBe(1);
        Counter(await principal.GetPageAsync("/audit"), ChangeFlag.LargeSwing).ShouldBeGreaterThan(1, "the school's count");
        foreach (var flag in Enum.GetValues<ChangeFlag>())
            Counter(filtered, flag).ShouldBe((await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes?{filters}&Flag={flag}&PageSize=1000")))
                .ReadAsJsonAsync<HistoryPage>())!.Entries.Count, $"{flag}: as many as choosing it lists");
        var chosen = await principal.GetPageAsync(filtered.QuerySelector($"ul.flags a[data-flag={ChangeFlag.LargeSwing}]")!.GetAttribute("href")!);
        chosen.QuerySelector("form.filters input[name=Nisn]")!.GetAttribute("value").ShouldBe("0000123456");
        chosen.QuerySelector("form.filters select[name=SubjectId] option[selected]")!.GetAttribute("value").ShouldBe(subject.ToString());
        chosen.QuerySelector("form.filters input[name=Flag]")!.GetAttribute("value").ShouldBe(nameof(ChangeFlag.LargeSwing));
        chosen.QuerySelectorAll("table.explorer tbody tr").ShouldHaveSingleItem().TextContent.ShouldContain("90 → 55");
        var removed = await principal.GetPageAsync(chosen.QuerySelector("[data-only-flag] a[data-remove-flag]")!.GetAttribute("href")!);
        removed.QuerySelector("form.filters input[name=Flag]").ShouldBeNull();
        removed.QuerySelector("form.filters input[name=Nisn]")!.GetAttribute("value").ShouldBe("0000123456");
        removed.QuerySelectorAll("table.explorer tbody tr").Length.ShouldBe(2, "the score entered and its correction");
    }

    /// <summary>One student's score history showed no flags, while the explorer flags the same changes.</summary>
    [Fact]
    public async Task a_students_score_history_shows_the_flags_the_explorer_shows()
    {
        var gradebook = await CorrectedGradebookAsync();
        var principal = await app.SignInAsync("kepsek");

        var rows = (await principal.GetPageAsync($"/riwayat/{gradebook}/{app.School.Students[0]}")).QuerySelectorAll("table.history tbody tr").ToList();

        rows.Single(r => r.TextContent.Contains("90 → 55")).QuerySelectorAll("td[data-label=Tanda] .badge.flag").Select(b => b.TextContent)
            .ShouldBe(["Perubahan besar"]);
        rows.Where(r => !r.TextContent.Contains("90 → 55")).ShouldAllBe(r => r.QuerySelectorAll(".badge.flag").Length == 0);
    }

    /// <summary>The counts waited for nobody's last write: a principal who had just approved a correction could see the
    /// counter without it.</summary>
    [Fact]
    public async Task the_flag_counts_wait_for_the_callers_last_write_like_the_list()
    {
        var principal = await app.SignInAsync("kepsek");
        var gradebook = await app.OpenGradebookAsync();

        await using (await app.HoldReadModelWritesAsync())
        {
            var notYetApplied = await app.SendAcceptedAsync(new SaveScores(Guid.NewGuid(), gradebook,
                [new ScoreEntry(app.School.Students[0], "tp1", "80", null)], null, app.School.User("guru.mtk"), EntrySource.Form));

            var counts = await principal.SendAsync(s => s.Get.Url($"/api/audit/flags?minSequence={notYetApplied}"));

            counts.Context.Response.Headers[ERaport.Web.Hosting.ReadConsistency.StaleHeader].ToString().ShouldBe(notYetApplied.ToString());
        }
        await app.CatchUpAsync();
    }

    /// <summary>The counts read one snapshot in a transaction that took the write lock (Microsoft.Data.Sqlite's default):
    /// a count waited out every commit of the read model (a 500 after the 30 s busy timeout while one was held) and held
    /// the writer up while it counted (seconds on a large school's first visit).</summary>
    [Fact]
    public async Task the_flag_counts_are_read_while_the_read_model_is_being_written()
    {
        var principal = await app.SignInAsync("kepsek");

        await using (await app.HoldReadModelWritesAsync())
            await principal.SendAsync(s =>
            {
                s.Get.Url("/api/audit/flags");
                s.StatusCodeShouldBe(200);
            });
    }

    /// <summary>The explorer paged only forward: no way back to the newest changes but the browser's Back, and no idea how many matched.</summary>
    [Fact]
    public async Task the_principal_sees_how_many_changes_match_and_pages_back_to_the_page_before_and_the_first()
    {
        var teacher = app.School.User("guru.mtk");
        var gradebook = await app.OpenGradebookAsync();
        int? seen = null;
        for (var value = 60; value < 72; value++) // entered once, then corrected 11 times: 55 corrections
        {
            var entries = app.School.Students.Select(s => new ScoreEntry(s, "tp1", value.ToString(), seen)).ToList();
            await app.SendAcceptedAsync(new SaveScores(Guid.NewGuid(), gradebook, entries, seen is null ? null : "Remedial", teacher, EntrySource.Form));
            seen = value;
        }
        await app.CatchUpAsync();
        Guid subject;
        await using (var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext())
            subject = db.Gradebooks.Single(g => g.GradebookId == gradebook).SubjectId;
        var principal = await app.SignInAsync("kepsek");
        static List<string> Rows(AngleSharp.Html.Dom.IHtmlDocument page) => [.. page.QuerySelectorAll("table.explorer tbody tr").Select(r => r.TextContent)];

        var first = await principal.GetPageAsync($"/audit?SubjectId={subject}&Kind=Corrected");

        first.QuerySelector("[data-count]")!.TextContent.ShouldContain("55 perubahan");
        Rows(first).Count.ShouldBe(50);
        first.QuerySelector("[data-page=previous]").ShouldBeNull();
        var second = await principal.GetPageAsync(first.QuerySelector("[data-page=next]")!.GetAttribute("href")!);
        Rows(second).Count.ShouldBe(5);
        second.QuerySelector("[data-count]")!.TextContent.ShouldContain("55 perubahan");
        second.QuerySelector("[data-page=first]")!.GetAttribute("href").ShouldBe($"/audit?SubjectId={subject}&Kind=Corrected");
        var back = await principal.GetPageAsync(second.QuerySelector("[data-page=previous]")!.GetAttribute("href")!);
        Rows(back).ShouldBe(Rows(first));
        back.QuerySelector("[data-page=previous]").ShouldBeNull("the page before the second is the first");
    }

    /// <summary>The text a description edit replaced was nowhere on the line, and a long text was whole only in a tooltip: neither
    /// reaches a principal on a phone.</summary>
    [Fact]
    public async Task a_description_edit_shows_the_text_it_replaced_and_a_long_text_whole_a_tap_away()
    {
        var teacher = app.School.User("guru.mtk");
        var gradebook = await app.OpenGradebookAsync();
        var student = app.School.Students[0];
        await app.SendAcceptedAsync(new SaveScores(Guid.NewGuid(), gradebook, [.. TestSchool.Assessments.Select(a => new ScoreEntry(student, a, "85", null))],
            null, teacher, EntrySource.Form));
        const string first = "Ananda rajin mengerjakan tugas dan aktif bertanya di kelas; pemahaman konsep pecahan sudah sangat baik.";
        await app.SendAcceptedAsync(new EditDescription(Guid.NewGuid(), gradebook, student, first, null, teacher, EntrySource.Form));
        await app.SendAcceptedAsync(new EditDescription(Guid.NewGuid(), gradebook, student, "Ananda rajin.", first, teacher, EntrySource.Form));
        await app.CatchUpAsync();
        Guid subject;
        await using (var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext())
            subject = db.Gradebooks.Single(g => g.GradebookId == gradebook).SubjectId;
        var principal = await app.SignInAsync("kepsek");

        var page = await principal.GetPageAsync($"/audit?SubjectId={subject}&Kind=Description");

        var lines = page.QuerySelectorAll("table.explorer tbody td[data-label=Perubahan]").ToList();
        lines.Count.ShouldBe(2);
        lines[0].QuerySelector("[data-before] details summary")!.TextContent.ShouldBe(first[..60] + "…");
        lines[0].QuerySelector("[data-before] details")!.TextContent.ShouldContain(first);
        lines[0].QuerySelector("[data-before]")!.TextContent.ShouldStartWith("Sebelumnya:");
        lines[0].QuerySelector("[data-after]")!.TextContent.ShouldBe("Menjadi: Ananda rajin.");
        lines[1].QuerySelector("[data-before]")!.TextContent.Replace("Sebelumnya:", "").ShouldNotBeNullOrWhiteSpace("the generated text the first edit replaced");
        lines[1].QuerySelector("[data-after] details")!.TextContent.ShouldContain(first);
        page.QuerySelectorAll("table.explorer [title]").ShouldBeEmpty("a tooltip needs a mouse");
    }

    /// <summary>Locking a class appends a lock to each of its gradebooks: a student's changes showed one "Dikunci" line per subject
    /// for the one lock (twelve alike in a class of twelve subjects), and as many for the unlock.</summary>
    [Fact]
    public async Task a_students_changes_show_a_class_lock_and_unlock_once_naming_the_subjects_while_each_gradebook_keeps_its_own_line()
    {
        var (classId, student, tag, gradebooks) = await ClassLockedAndUnlockedAsync();
        var principal = await app.SignInAsync("kepsek");

        var theirs = (await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes?StudentId={student}&Kind=Lock"))).ReadAsJsonAsync<HistoryPage>())!;
        theirs.Entries.Select(e => e.Kind).ShouldBe([ScoreChangeKind.Unlocked, ScoreChangeKind.Locked]);
        theirs.Entries.ShouldAllBe(e => e.SubjectName.Contains("Mapel " + tag) && e.SubjectName.Contains(", "), "the one line names both subjects it stands for");
        var csv = await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes.csv?StudentId={student}&Kind=Lock"))).ReadAsTextAsync();
        csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1 + 2, "the CSV has the list's lines");
        await using var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext();
        foreach (var gradebook in gradebooks)
        {
            var subject = db.Gradebooks.Single(g => g.GradebookId == gradebook).SubjectId;
            var own = (await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes?ClassId={classId}&SubjectId={subject}&Kind=Lock")))
                .ReadAsJsonAsync<HistoryPage>())!;
            own.Entries.Select(e => (e.GradebookId, e.Kind)).ShouldBe([(gradebook, ScoreChangeKind.Unlocked), (gradebook, ScoreChangeKind.Locked)]);
        }
    }

    /// <summary>A parent's dispute is about one subject: the principal filters by the student and that subject, and the class's
    /// lock and unlock are there, named by it. Only the first of the command's alike lines was listed, in whichever of the
    /// student's gradebooks came first, so a subject filter that left that one out showed no lock at all (the CSV neither).</summary>
    [Fact]
    public async Task a_students_changes_in_one_subject_show_the_class_lock_and_unlock_of_that_subject()
    {
        var (_, student, _, gradebooks) = await ClassLockedAndUnlockedAsync();
        var principal = await app.SignInAsync("kepsek");
        await using var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext();
        foreach (var gradebook in gradebooks)
        {
            var subject = db.Gradebooks.Single(g => g.GradebookId == gradebook).SubjectId;
            var name = db.Subjects.Single(s => s.SubjectId == subject).Name;
            var query = $"StudentId={student}&SubjectId={subject}&Kind=Lock";
            var theirs = (await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes?{query}"))).ReadAsJsonAsync<HistoryPage>())!;
            theirs.Entries.Select(e => (e.Kind, e.SubjectName)).ShouldBe([(ScoreChangeKind.Unlocked, name), (ScoreChangeKind.Locked, name)]);
            var csv = await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes.csv?{query}"))).ReadAsTextAsync();
            csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1 + 2, $"the CSV of {name} has the list's lines");
        }
    }

    /// <summary>A class of its own with two subjects, a score of one student in each, locked and unlocked.</summary>
    private async Task<(Guid ClassId, Guid Student, string Tag, Guid[] Gradebooks)> ClassLockedAndUnlockedAsync()
    {
        var (classId, first, student) = await app.ClassOfItsOwnAsync("X-Kunci " + TestSchool.NewSubjectTag());
        var admin = await app.SignInAsync("admin");
        var tag = TestSchool.NewSubjectTag();
        var subjectId = (await admin.PostJsonAsync("/api/master-data/subjects",
            new { commandId = Guid.NewGuid(), name = "Mapel " + tag, code = "K" + tag, group = "Umum", order = 14, isReligion = false, kktp = 70 })).Id();
        var second = (await admin.PostJsonAsync("/api/master-data/teaching-assignments", new
        {
            commandId = Guid.NewGuid(), termId = app.School.TermId, classId, subjectId, teacherId = app.School.User("guru.mtk").UserId,
            learningObjectives = new[] { "Iklim" },
        })).Id();
        foreach (var gradebook in new[] { first, second })
            await app.SendAcceptedAsync(new SaveScores(Guid.NewGuid(), gradebook, [new ScoreEntry(student, "tp1", "80", null)], null,
                app.School.User("guru.mtk"), EntrySource.Form));
        await app.SendAcceptedAsync(new LockClass(Guid.NewGuid(), classId, app.School.User("admin"), EntrySource.Api));
        await app.SendAcceptedAsync(new UnlockClass(Guid.NewGuid(), classId, "Koreksi nilai", app.School.User("kepsek"), EntrySource.Form));
        await app.CatchUpAsync();
        return (classId, student, tag, [first, second]);
    }

    [Fact]
    public async Task the_principal_narrows_the_list_to_one_kind_of_change_and_the_choice_stays_in_the_form()
    {
        await CorrectedGradebookAsync();
        var principal = await app.SignInAsync("kepsek");

        var page = await principal.GetPageAsync($"/audit?Kind={ChangeGroup.Corrected}");

        page.QuerySelector("form.filters select[name=Kind] option[selected]")!.TextContent.ShouldBe("Nilai dikoreksi atau dihapus");
        var kinds = page.QuerySelectorAll("table.explorer tbody tr td[data-label=Perubahan] .badge").Select(b => b.TextContent).ToList();
        kinds.ShouldNotBeEmpty();
        kinds.ShouldAllBe(k => k == "Dikoreksi" || k == "Dihapus");
        var api = (await (await principal.SendAsync(s => s.Get.Url("/api/audit/changes?kind=Recorded"))).ReadAsJsonAsync<HistoryPage>())!;
        api.Entries.ShouldNotBeEmpty();
        api.Entries.ShouldAllBe(e => e.Kind == ERaport.Read.Grading.ScoreChangeKind.Recorded);
    }

    /// <summary>An admin manages data, not grades: the explorer had nothing for them and showed an empty list as if nothing had changed.</summary>
    [Fact]
    public async Task an_admin_who_opens_the_explorer_is_told_with_a_403_whose_page_it_is()
    {
        var admin = await app.SignInAsync("admin");

        var page = await admin.GetPageAsync("/audit", 403);

        page.QuerySelector("h1")!.TextContent.ShouldBe("Akses ditolak");
        page.QuerySelector("main")!.TextContent.ShouldContain("Riwayat perubahan nilai adalah halaman kepala sekolah");
        page.QuerySelector("form.filters").ShouldBeNull();
    }

    /// <summary>The page told an admin whose page it is, while its JSON, its counts and its CSV answered them with an empty
    /// 200, as if nothing had changed.</summary>
    [Theory]
    [InlineData("/api/audit/changes")]
    [InlineData("/api/audit/changes.csv")]
    [InlineData("/api/audit/flags")]
    public async Task an_admin_who_asks_the_explorers_api_is_refused_with_a_coded_403_saying_whose_it_is(string url)
    {
        await CorrectedGradebookAsync();
        var admin = await app.SignInAsync("admin");

        var answer = await admin.SendAsync(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(403);
        });

        answer.Context.Response.ContentType.ShouldBe("application/problem+json");
        var problem = (await answer.ReadAsJsonAsync<ERaport.Web.Api.ApiProblem>())!;
        problem.Code.ShouldBe("audit.no_grade_role");
        problem.Title.ShouldStartWith("Riwayat perubahan nilai adalah halaman kepala sekolah");
    }

    /// <summary>Dates the wrong way round can find nothing; the page says so instead of showing an empty list as an answer.</summary>
    [Fact]
    public async Task a_from_date_after_the_to_date_is_named_back_instead_of_finding_nothing()
    {
        var principal = await app.SignInAsync("kepsek");

        var page = await principal.GetPageAsync("/audit?From=2026-12-19&To=2026-07-01", 400);

        page.QuerySelector("[data-query-problems]")!.TextContent.ShouldContain("Tanggal \"dari\" (19 Desember 2026) sesudah tanggal \"sampai\" (1 Juli 2026)");
    }

    [Fact]
    public async Task a_mistyped_filter_is_named_back_with_a_400_and_the_rest_of_the_filters_still_apply()
    {
        var principal = await app.SignInAsync("kepsek");

        var page = await principal.GetPageAsync("/audit?MinSwing=banyak&From=kemarin&Flagged=mungkin&ClassId=bukan-guid&Nisn=0000123456", 400);

        page.QuerySelectorAll("[data-query-problems] li").Select(li => li.TextContent).ShouldBe([
            "Tanggal \"dari\" \"kemarin\" bukan tanggal (tulis seperti 2026-12-19); isian ini diabaikan.",
            "Selisih minimal \"banyak\" bukan bilangan bulat; isian ini diabaikan.",
        ]);
        page.QuerySelector("form.filters input[name=Nisn]")!.GetAttribute("value").ShouldBe("0000123456");
        page.QuerySelectorAll("table.explorer tbody tr").ShouldAllBe(r => r.TextContent.Contains("Adi Nugroho") || r.TextContent.Contains(WholeGradebook));
    }
}
