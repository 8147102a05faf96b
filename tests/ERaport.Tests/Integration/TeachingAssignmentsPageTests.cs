using Alba;
using AngleSharp.Html.Dom;

namespace ERaport.Tests.Integration;

/// <summary>/data/pembelajaran one class or one teacher at a time: in an SMK its 1,008 assignments on one page, with a choice
/// of all of them, were 410 kB of HTML, and each assignment was a post of its own.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class TeachingAssignmentsPageTests(MasterDataFixture app)
{
    /// <summary>A new term with classes X-10, X-2 and X-1 (made in that order) and guru.bio as its teacher.</summary>
    private async Task<(TestBrowser Admin, Guid TermId, Dictionary<string, Guid> Classes)> TermAsync()
    {
        var admin = await app.SignInAsync("admin");
        var termId = (await admin.PostJsonAsync("/api/master-data/terms",
            new { commandId = Guid.NewGuid(), schoolYear = MasterDataFixture.NewSchoolYear(), semester = 1 })).Id();
        var classes = new Dictionary<string, Guid>();
        foreach (var name in new[] { "X-10", "X-2", "X-1" })
            classes[name] = (await admin.PostJsonAsync("/api/master-data/classes", new { commandId = Guid.NewGuid(), termId, name, level = 10, phase = "E" })).Id();
        await admin.PostJsonAsync($"/api/users/{app.School.User("guru.bio").UserId}/roles", new { commandId = Guid.NewGuid(), role = "Teacher", termId });
        return (admin, termId, classes);
    }

    private static string ClassUrl(Guid termId, Guid classId) => $"/data/pembelajaran?semester={termId}&kelas={classId}";

    /// <summary>guru.bio as the class form's list of teachers offers them.</summary>
    private const string Bio = "Yuliana Biologi (guru.bio)";

    /// <summary>The teacher a subject's row shows; null when it has none.</summary>
    private static string? Shown(IHtmlDocument page, Guid subject) => page.QuerySelector($"#guru-{subject}")!.GetAttribute("value");

    private static List<Guid> Subjects(IHtmlDocument page) =>
        [.. page.QuerySelectorAll("form.class-teachers .assign-row").Select(r => Guid.Parse(r.GetAttribute("data-subject")!))];

    [Fact]
    public async Task the_page_opens_on_the_term_s_classes_in_natural_order_with_their_counts_and_offers_no_choice_of_every_assignment()
    {
        var (admin, termId, classes) = await TermAsync();
        var subjects = Subjects(await admin.GetPageAsync(ClassUrl(termId, classes["X-2"])));
        await admin.PutJsonAsync($"/api/master-data/classes/{classes["X-2"]}/teaching-assignments", new
        {
            commandId = Guid.NewGuid(), termId,
            subjects = new[] { new { subjectId = subjects[0], teacherId = app.School.User("guru.bio").UserId, learningObjectives = new[] { "TP" } } },
        });

        var page = await admin.GetPageAsync($"/data/pembelajaran?semester={termId}");

        var rows = page.QuerySelectorAll("#kelas-pembelajaran tbody tr").ToList();
        rows.Select(r => r.QuerySelector("a")!.TextContent).ShouldBe(["X-1", "X-2", "X-10"]);
        rows[0].QuerySelector("a")!.GetAttribute("href").ShouldBe(ClassUrl(termId, classes["X-1"]));
        rows[1].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).Take(2).ShouldBe(["X-2", "1"]);
        page.QuerySelector("form.class-teachers").ShouldBeNull("the index holds no class's form");
        page.QuerySelectorAll("select").Select(s => s.Id).ShouldBe(["semester", "guru"], "only the term and a teacher to look at are chosen");
    }

    /// <summary>A select per subject, each listing every teacher of the term, made the form of a class of 14 subjects in a school of
    /// 70 teachers 109 kB. The teachers are listed once, in one list the subjects' fields share, as on "Wali kelas semua kelas".</summary>
    [Fact]
    public async Task the_class_form_lists_the_term_s_teachers_once_for_all_its_subjects()
    {
        var (admin, termId, classes) = await TermAsync();
        var surname = "Uji" + new string([.. Guid.NewGuid().ToString("N").Where(char.IsAsciiDigit).Take(8).Select(d => (char)('a' + d - '0'))]);
        await admin.SendAsync(s =>
        {
            s.Post.Json(new
            {
                commandId = Guid.NewGuid(), termId,
                users = Enumerable.Range(0, 30).Select(i => new { displayName = $"Guru {(char)('A' + i % 26)}{(char)('a' + i / 26)} {surname}" }),
            }).ToUrl("/api/users/bulk");
            s.StatusCodeShouldBe(200);
        });

        var page = await admin.GetPageAsync(ClassUrl(termId, classes["X-1"]));

        var form = page.QuerySelector("form.class-teachers")!;
        form.QuerySelectorAll("select").ShouldBeEmpty();
        var fields = form.QuerySelectorAll(".assign-row input[list]").ToList();
        fields.Count.ShouldBe(Subjects(page).Count);
        var list = fields.Select(f => f.GetAttribute("list")).Distinct().ShouldHaveSingleItem();
        var offered = page.QuerySelectorAll($"datalist#{list} option").Select(o => o.GetAttribute("value")).ToList();
        offered.Count(o => o!.Contains(surname)).ShouldBe(30);
        offered.ShouldContain(Bio);
        System.Text.RegularExpressions.Regex.Count(page.DocumentElement.OuterHtml, surname).ShouldBe(30, "each teacher once");
    }

    [Fact]
    public async Task a_class_s_teachers_are_saved_in_one_post_and_shown_as_chosen()
    {
        var (admin, termId, classes) = await TermAsync();
        var tag = TestSchool.NewSubjectTag();
        await admin.PostJsonAsync("/api/master-data/subjects",
            new { commandId = Guid.NewGuid(), name = "Mapel " + tag, code = "P" + tag, group = "Umum", order = 99, isReligion = false, kktp = 70 });
        var url = ClassUrl(termId, classes["X-1"]);
        var page = await admin.GetPageAsync(url);
        var subjects = Subjects(page);

        // As chosen from the list, and as typed: part of the name, in any case.
        var saved = await admin.SubmitAsync(page, "form.class-teachers", url, new Dictionary<string, string>
        {
            [$"guru-{subjects[0]}"] = Bio, [$"tp-{subjects[0]}"] = "Sel\nJaringan", [$"guru-{subjects[1]}"] = "yuliana", [$"tp-{subjects[1]}"] = "Ekosistem",
        });

        saved.Context.Response.StatusCode.ShouldBe(302, await saved.ReadAsTextAsync());
        var after = await admin.GetPageAsync(new Uri(new Uri("http://localhost"), saved.Context.Response.Headers.Location.ToString()).PathAndQuery);
        after.QuerySelector("[role=status]")!.TextContent.ShouldBe("Perubahan tersimpan.");
        foreach (var subject in subjects.Take(2))
        {
            Shown(after, subject).ShouldBe(Bio);
            after.QuerySelector($"#tp-{subject}").ShouldBeNull("an assignment's TPs are the teacher's to change on its own page");
        }
        Shown(after, subjects[2]).ShouldBeNull();
    }

    [Fact]
    public async Task a_refused_row_is_named_and_marked_and_nothing_of_the_class_is_saved()
    {
        var (admin, termId, classes) = await TermAsync();
        var url = ClassUrl(termId, classes["X-10"]);
        var page = await admin.GetPageAsync(url);
        var subjects = Subjects(page);
        var before = await app.EventCountAsync();

        var refused = await admin.SubmitAsync(page, "form.class-teachers", url, new Dictionary<string, string>
        {
            [$"guru-{subjects[0]}"] = Bio, [$"tp-{subjects[0]}"] = "Sel", [$"guru-{subjects[1]}"] = Bio, [$"tp-{subjects[1]}"] = "",
        }, status: 400);

        (await app.EventCountAsync()).ShouldBe(before);
        var again = TestBrowser.Parse(await refused.ReadAsTextAsync());
        var error = again.QuerySelector("[data-code='learningObjectives.count']")!;
        error.TextContent.ShouldStartWith(again.QuerySelector($"label[for='guru-{subjects[1]}']")!.FirstChild!.TextContent.Trim() + ":");
        again.QuerySelector($".assign-row.refused[data-subject='{subjects[1]}'] input[list]")!.GetAttribute("aria-describedby").ShouldBe(error.Id);
        Shown(again, subjects[0]).ShouldBe(Bio, "what was chosen stays on the form");
        ((IHtmlTextAreaElement)again.QuerySelector($"#tp-{subjects[0]}")!).Value.ShouldBe("Sel");
    }

    /// <summary>A typed name no teacher of the term has (here the principal's, who has no teacher role) is refused as the command's
    /// own refusals are, named with its subject and marked on its row, what was typed kept; nothing of the class is saved.</summary>
    [Fact]
    public async Task a_typed_teacher_not_in_the_term_s_list_refuses_the_class_naming_the_row_and_keeps_what_was_typed()
    {
        var (admin, termId, classes) = await TermAsync();
        var url = ClassUrl(termId, classes["X-2"]);
        var page = await admin.GetPageAsync(url);
        var subjects = Subjects(page);
        var before = await app.EventCountAsync();

        var refused = await admin.SubmitAsync(page, "form.class-teachers", url, new Dictionary<string, string>
        {
            [$"guru-{subjects[0]}"] = Bio, [$"tp-{subjects[0]}"] = "Sel", [$"guru-{subjects[1]}"] = "kepsek ", [$"tp-{subjects[1]}"] = "Ekosistem",
        }, status: 400);

        (await app.EventCountAsync()).ShouldBe(before);
        var again = TestBrowser.Parse(await refused.ReadAsTextAsync());
        var error = again.QuerySelectorAll("[data-code]").ShouldHaveSingleItem();
        error.GetAttribute("data-code").ShouldBe("classTeachers.teacher_unknown");
        var subject = again.QuerySelector($"label[for='guru-{subjects[1]}']")!.FirstChild!.TextContent.Trim();
        error.TextContent.ShouldBe($"{subject}: guru \"kepsek\" tidak ada di daftar guru semester ini. Pilih nama dari daftar (ketik sebagian nama untuk mencarinya), atau kosongkan.");
        again.QuerySelector($".assign-row.refused[data-subject='{subjects[1]}'] input[list]")!.GetAttribute("aria-describedby").ShouldBe(error.Id);
        Shown(again, subjects[1]).ShouldBe("kepsek ");
        Shown(again, subjects[0]).ShouldBe(Bio);
    }

    [Fact]
    public async Task a_subject_without_a_teacher_starts_from_the_objectives_it_has_in_a_parallel_class()
    {
        var (admin, termId, classes) = await TermAsync();
        var subjects = Subjects(await admin.GetPageAsync(ClassUrl(termId, classes["X-2"])));
        await admin.PutJsonAsync($"/api/master-data/classes/{classes["X-2"]}/teaching-assignments", new
        {
            commandId = Guid.NewGuid(), termId,
            subjects = new[] { new { subjectId = subjects[0], teacherId = app.School.User("guru.bio").UserId, learningObjectives = new[] { "Sel", "Jaringan" } } },
        });

        var page = await admin.GetPageAsync(ClassUrl(termId, classes["X-10"]));

        ((IHtmlTextAreaElement)page.QuerySelector($"#tp-{subjects[0]}")!).Value.ShouldBe("Sel\nJaringan");
        ((IHtmlTextAreaElement)page.QuerySelector($"#tp-{subjects[1]}")!).Value.ShouldBe("", "no parallel class teaches it yet");
    }

    [Fact]
    public async Task the_teachers_of_a_parallel_class_are_copied_into_the_subjects_still_without_one_to_check_and_save()
    {
        var (admin, termId, classes) = await TermAsync();
        var subjects = Subjects(await admin.GetPageAsync(ClassUrl(termId, classes["X-2"])));
        var bio = app.School.User("guru.bio").UserId;
        foreach (var (name, subject) in new[] { ("X-2", subjects[0]), ("X-1", subjects[1]) })
            await admin.PutJsonAsync($"/api/master-data/classes/{classes[name]}/teaching-assignments", new
            {
                commandId = Guid.NewGuid(), termId, subjects = new[] { new { subjectId = subject, teacherId = bio, learningObjectives = new[] { "Sel" } } },
            });

        var page = await admin.GetPageAsync(ClassUrl(termId, classes["X-1"]));
        var copy = page.QuerySelector("form#salin-guru")!;
        copy.QuerySelectorAll("select[name=salin] option").Select(o => o.TextContent.Trim()).ShouldBe(["X-2", "X-10"], "the classes of its level, in natural order");
        var copied = await admin.GetPageAsync($"{ClassUrl(termId, classes["X-1"])}&salin={classes["X-2"]}");

        Shown(copied, subjects[0]).ShouldBe(Bio);
        Shown(copied, subjects[1]).ShouldBe(Bio, "its own teacher");
        copied.QuerySelector("[data-copied]")!.TextContent.ShouldContain("X-2");
        Shown(await admin.GetPageAsync(ClassUrl(termId, classes["X-1"])), subjects[0]).ShouldBeNull("nothing was saved");
    }

    [Fact]
    public async Task the_teacher_filter_shows_a_teacher_s_assignments_and_load()
    {
        var (admin, termId, classes) = await TermAsync();
        var bio = app.School.User("guru.bio").UserId;
        var subjects = Subjects(await admin.GetPageAsync(ClassUrl(termId, classes["X-2"])));
        foreach (var name in new[] { "X-2", "X-1" })
            await admin.PutJsonAsync($"/api/master-data/classes/{classes[name]}/teaching-assignments", new
            {
                commandId = Guid.NewGuid(), termId,
                subjects = subjects.Take(name == "X-2" ? 2 : 1).Select(s => new { subjectId = s, teacherId = bio, learningObjectives = new[] { "TP" } }),
            });
        var index = await admin.GetPageAsync($"/data/pembelajaran?semester={termId}");

        var page = await admin.GetPageAsync($"/data/pembelajaran?semester={termId}&guru={bio}");

        index.QuerySelectorAll("#guru option").Select(o => o.GetAttribute("value")).ShouldContain(bio.ToString());
        page.QuerySelector("#beban")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .ShouldBe("3 pembelajaran di 2 kelas, 0 peserta didik.".Split(' '));
        page.QuerySelectorAll("tbody tr td:first-child a").Select(a => a.TextContent).ShouldBe(["X-1", "X-2", "X-2"]);
        page.QuerySelector("form.class-teachers").ShouldBeNull();
    }
}
