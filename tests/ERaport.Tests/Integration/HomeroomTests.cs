using System.Text.Json;
using ERaport.Read.ReportCards;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using Marten;

namespace ERaport.Tests.Integration;

/// <summary>The wali kelas's data and the class progress, through the API and the pages. Each test opens its own
/// term and class (wali.x1 is its wali kelas), so nothing is shared with other tests.</summary>
[Collection(MasterDataCollection.Name)]
public sealed partial class HomeroomTests(MasterDataFixture app)
{
    private static readonly Actor System = new(Guid.Empty, "sistem", TestSchool.Id);

    private sealed record HomeroomClassSetup(Guid TermId, Guid ClassId, IReadOnlyList<Guid> Students, Guid Gradebook);

    private async Task Send(object command)
    {
        var outcome = await app.SendAsync(command);
        outcome.Status.ShouldBe(OutcomeStatus.Accepted, string.Join("; ", outcome.Errors.Select(e => e.Message)));
    }

    /// <summary>A term, a class with three students whose wali kelas is wali.x1, and a Matematika gradebook of guru.mtk.</summary>
    private async Task<HomeroomClassSetup> ClassAsync(int semester = 1, int level = 10, string homeroom = "wali.x1")
    {
        var (termId, classId, subjectId, gradebookId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var wali = app.School.User(homeroom).UserId;
        await Send(new OpenTerm(Guid.NewGuid(), termId, MasterDataFixture.NewSchoolYear(), semester, null, System, EntrySource.Seed));
        await Send(new OpenClass(Guid.NewGuid(), classId, termId, $"{level}-A", level, level == 10 ? "E" : "F", wali, System, EntrySource.Seed));
        var students = new List<Guid>();
        foreach (var name in new[] { "Ayu Rahmawati", "Bagus Santoso", "Cahya Putri" })
        {
            var id = Guid.NewGuid();
            var (nisn, nis) = TestSchool.NewStudentNumbers();
            await Send(new RegisterStudent(Guid.NewGuid(), id, name, nisn, nis, "P", null, null, "Islam", System, EntrySource.Seed));
            await Send(new EnrollStudent(Guid.NewGuid(), classId, id, System, EntrySource.Seed));
            students.Add(id);
        }
        var tag = TestSchool.NewSubjectTag();
        await Send(new AddSubject(Guid.NewGuid(), subjectId, "Matematika " + tag, "M" + tag, "Umum", 1, false, 70, System, EntrySource.Seed));
        // A gradebook goes only to a teacher of its term.
        await Send(new GrantRole(Guid.NewGuid(), app.School.User("guru.mtk").UserId, new RoleGrant(Role.Teacher, termId, null), System, EntrySource.Seed));
        await Send(new OpenGradebook(Guid.NewGuid(), gradebookId, termId, classId, subjectId, app.School.User("guru.mtk").UserId, ["TP satu"], System, EntrySource.Seed));
        await app.CatchUpAsync();
        return new HomeroomClassSetup(termId, classId, students, gradebookId);
    }

    private static string Api(HomeroomClassSetup c, string path = "") => $"/api/homeroom/classes/{c.ClassId}{path}";

    private static object Attendance(Guid commandId, params object[] entries) => new { commandId, entries };

    private async Task<IReadOnlyDictionary<Guid, HomeroomSections>> SectionsAsync(HomeroomClassSetup c)
    {
        await app.CatchUpAsync();
        await using var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext();
        return await HomeroomQuery.ForStudentsAsync(db, TestSchool.Id, c.TermId, c.Students);
    }

    [Fact]
    public async Task a_whole_class_attendance_save_is_one_command_stored_on_each_students_card_and_sending_it_again_changes_nothing()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var commandId = Guid.NewGuid();
        var body = Attendance(commandId,
            new { studentId = c.Students[0], sick = 2, permitted = "1", unexcused = (string?)null },
            new { studentId = c.Students[1], sick = 0, permitted = 0, unexcused = 3 });

        var first = await wali.PostJsonAsync(Api(c, "/attendance"), body);
        var again = await wali.PostJsonAsync(Api(c, "/attendance"), body);

        first.GetProperty("changes").GetInt32().ShouldBe(2);
        again.GetProperty("sequence").GetInt64().ShouldBe(first.GetProperty("sequence").GetInt64());
        (await app.EventsAsync(StreamKeys.ReportCard(TestSchool.Id, c.TermId, c.Students[0]))).ShouldHaveSingleItem()
            .Data.ShouldBe(new AttendanceRecorded(2, 1, 0));
        var sections = await SectionsAsync(c);
        sections[c.Students[0]].Attendance.ShouldBe(new AttendanceDays(2, 1, 0));
        sections[c.Students[1]].Attendance.ShouldBe(new AttendanceDays(0, 0, 3));
        sections[c.Students[2]].ShouldBe(HomeroomSections.Empty with { Extracurriculars = sections[c.Students[2]].Extracurriculars });
        sections[c.Students[2]].Extracurriculars.ShouldBeEmpty();

        var read = await wali.GetJsonAsync(Api(c));
        read.GetProperty("students").EnumerateArray().First(s => s.GetProperty("studentId").GetGuid() == c.Students[1])
            .GetProperty("attendance").GetProperty("unexcused").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task one_bad_row_rejects_the_whole_attendance_save_and_stores_nothing()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var before = await app.EventCountAsync();

        var problem = await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(),
            new { studentId = c.Students[0], sick = 2, permitted = 0, unexcused = 0 },
            new { studentId = c.Students[1], sick = -1, permitted = 0, unexcused = 0 }), 400);

        problem.GetProperty("code").GetString().ShouldBe("attendance.sick_invalid");
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_subject_teacher_and_the_wali_kelas_of_another_class_are_refused_and_nothing_is_stored()
    {
        var c = await ClassAsync();
        var other = await ClassAsync(homeroom: "guru.bio");
        var teacher = await app.SignInAsync("guru.mtk");
        var wali = await app.SignInAsync("wali.x1");
        var before = await app.EventCountAsync();

        var refused = await teacher.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), new { studentId = c.Students[0], sick = 1 }), 403);
        refused.GetProperty("code").GetString().ShouldBe("reportCard.not_homeroom_teacher");
        await teacher.GetJsonAsync(Api(c, "/progress"), 403);
        await wali.PostJsonAsync(Api(other, "/notes"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = other.Students[0], homeroomNote = "x" } } }, 403);
        await wali.GetJsonAsync(Api(other), 403);
        // A student of another class cannot be written through one's own class either.
        (await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), new { studentId = other.Students[0], sick = 1 }), 400))
            .GetProperty("code").GetString().ShouldBe("student.not_in_class");
        (await app.EventCountAsync()).ShouldBe(before);

        await teacher.GetPageAsync($"/wali/{c.ClassId}/ketidakhadiran", 403);
    }

    [Fact]
    public async Task promotion_is_refused_in_semester_1_and_worded_for_the_level_in_semester_2()
    {
        var first = await ClassAsync(semester: 1);
        var second = await ClassAsync(semester: 2, level: 11);
        var final = await ClassAsync(semester: 2, level: 12);
        var wali = await app.SignInAsync("wali.x1");

        (await wali.PostJsonAsync(Api(first, "/promotions"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = first.Students[0], kind = "promoted" } } }, 400))
            .GetProperty("code").GetString().ShouldBe("promotion.semester_2_only");
        await wali.PostJsonAsync(Api(second, "/promotions"), new { commandId = Guid.NewGuid(), entries = new[]
        {
            new { studentId = second.Students[0], kind = "promoted" }, new { studentId = second.Students[1], kind = "retained" },
        } });
        (await wali.PostJsonAsync(Api(final, "/promotions"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = final.Students[0], kind = "promoted" } } }, 400))
            .GetProperty("code").GetString().ShouldBe("promotion.kind_invalid");
        await wali.PostJsonAsync(Api(final, "/promotions"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = final.Students[0], kind = "graduated" } } });

        var promoted = await SectionsAsync(second);
        promoted[second.Students[0]].Promotion.ShouldBe(new PromotionDecision("promoted", "Naik ke kelas XII"));
        promoted[second.Students[1]].Promotion.ShouldBe(new PromotionDecision("retained", "Tinggal di kelas XI"));
        promoted[second.Students[2]].Promotion.ShouldBeNull();
        (await SectionsAsync(final))[final.Students[0]].Promotion.ShouldBe(new PromotionDecision("graduated", "Lulus"));
    }

    [Fact]
    public async Task extracurriculars_are_added_revised_and_removed_and_notes_are_kept_whole()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var (pramuka, futsal) = (Guid.NewGuid(), Guid.NewGuid());
        string Entry(Guid id) => Api(c, $"/students/{c.Students[0]}/extracurriculars/{id}");
        await wali.PostJsonAsync(Entry(pramuka), new { commandId = Guid.NewGuid(), activity = "Pramuka", description = "Aktif mengikuti perkemahan" });
        await wali.PostJsonAsync(Entry(futsal), new { commandId = Guid.NewGuid(), activity = "Futsal", predicate = "Baik", description = "Rajin berlatih" });
        var revise = new { commandId = Guid.NewGuid(), activity = "Pramuka", predicate = "Sangat Baik", description = "Memimpin regu" };
        (await wali.PostJsonAsync(Entry(pramuka), revise, 409)).GetProperty("code").GetString().ShouldBe("extracurricular.stale");
        await wali.PostJsonAsync(Entry(pramuka), new
        {
            revise.commandId, revise.activity, revise.predicate, revise.description,
            seen = new { activity = "Pramuka", description = "Aktif mengikuti perkemahan" },
        });
        var unseen = await wali.PostJsonAsync(Entry(futsal) + "/remove", new { commandId = Guid.NewGuid() }, 409);
        unseen.GetProperty("code").GetString().ShouldBe("extracurricular.stale");
        var details = unseen.GetProperty("errors")[0].GetProperty("details");
        details.GetProperty("changedBy").GetString().ShouldBe("wali.x1");
        details.GetProperty("changedAt").GetDateTimeOffset().ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        var removeSeen = new { commandId = Guid.NewGuid(), seen = new { activity = "Futsal", predicate = "Cukup", description = "Rajin berlatih" } };
        (await wali.PostJsonAsync(Entry(futsal) + "/remove", removeSeen, 409)).GetProperty("code").GetString().ShouldBe("extracurricular.stale");
        await wali.PostJsonAsync(Entry(futsal) + "/remove", removeSeen with { commandId = Guid.NewGuid(), seen = removeSeen.seen with { predicate = "Baik" } });
        await wali.PostJsonAsync(Entry(futsal) + "/remove", new { commandId = Guid.NewGuid(), removeSeen.seen }, 404);
        (await wali.PostJsonAsync(Entry(Guid.NewGuid()), new { commandId = Guid.NewGuid(), activity = "", description = "" }, 400))
            .GetProperty("errors").GetArrayLength().ShouldBe(2);
        var note = new string('n', 1200);
        await wali.PostJsonAsync(Api(c, "/notes"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = c.Students[0], kokurikuler = "Bekerja sama dalam proyek", homeroomNote = note } } });

        var sections = (await SectionsAsync(c))[c.Students[0]];
        sections.Extracurriculars.ShouldBe([new ExtracurricularEntry("Pramuka", "Sangat Baik", "Memimpin regu")]);
        (sections.Kokurikuler, sections.HomeroomNote).ShouldBe(("Bekerja sama dalam proyek", note));
    }

    [Fact]
    public async Task a_locked_report_card_refuses_every_homeroom_change()
    {
        var c = await ClassAsync(semester: 2);
        var wali = await app.SignInAsync("wali.x1");
        await using (var session = app.Service<IDocumentStore>().LightweightSession())
        {
            session.Events.StartStream<ReportCard>(StreamKeys.ReportCard(TestSchool.Id, c.TermId, c.Students[1]), new ReportCardLocked(c.TermId, c.ClassId));
            await session.SaveChangesAsync();
        }
        var before = await app.EventCountAsync();

        foreach (var (path, body) in new (string, object)[]
        {
            ("/attendance", Attendance(Guid.NewGuid(), new { studentId = c.Students[0], sick = 1 }, new { studentId = c.Students[1], sick = 1 })),
            ("/notes", new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = c.Students[1], homeroomNote = "Baik" } } }),
            ("/promotions", new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = c.Students[1], kind = "promoted" } } }),
            ($"/students/{c.Students[1]}/extracurriculars/{Guid.NewGuid()}", new { commandId = Guid.NewGuid(), activity = "PMR", description = "Aktif" }),
            ("/extracurriculars", new { commandId = Guid.NewGuid(), activity = "PMR", description = "Aktif",
                participants = new[] { new { studentId = c.Students[0] }, new { studentId = c.Students[1] } } }),
        })
            (await wali.PostJsonAsync(Api(c, path), body, 409)).GetProperty("code").GetString().ShouldBe(ReportCardLock.LockedCode, path);
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task the_class_progress_shows_complete_final_grades_what_is_missing_and_the_subject_teacher()
    {
        var c = await ClassAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var wali = await app.SignInAsync("wali.x1");
        await teacher.PostJsonAsync($"/api/gradebooks/{c.Gradebook}/scores", new
        {
            commandId = Guid.NewGuid(),
            scores = new object[]
            {
                new { studentId = c.Students[0], assessment = "tp1", value = 80 },
                new { studentId = c.Students[0], assessment = Assessment.SemesterTest, value = 70 },
                new { studentId = c.Students[0], assessment = Assessment.SemesterNonTest, value = 90 },
                new { studentId = c.Students[1], assessment = "tp1", value = 75 },
            },
        });

        await app.CatchUpAsync(); // the scores were saved by another person's browser
        var progress = (await wali.GetJsonAsync(Api(c, "/progress"))).Deserialize<ClassProgress>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        var subject = progress.Subjects.ShouldHaveSingleItem();
        (subject.Teacher, subject.Complete, subject.Students).ShouldBe(("Bambang Matematika", 1, 3));
        var rows = progress.Students.ToDictionary(s => s.StudentId);
        var complete = rows[c.Students[0]].Cells.Single();
        (complete.GradebookId, complete.Complete, complete.FinalGrade, complete.Missing.Count).ShouldBe((c.Gradebook, true, (int?)80, 0));
        rows[c.Students[1]].Cells.Single().Missing.ShouldBe(["SAS Tes", "SAS Non-tes"]);
        rows[c.Students[2]].Cells.Single().Missing.Count.ShouldBe(3);

        var page = await wali.GetPageAsync($"/wali/{c.ClassId}");
        page.QuerySelector(".progress-subjects")!.TextContent.ShouldContain("2 dari 3 peserta didik belum lengkap");
        page.QuerySelector(".progress-subjects")!.TextContent.ShouldContain("Bambang Matematika");
        // A missing cell opens that student's final grade in the subject (a phone cannot hover for the list).
        var missing = page.QuerySelector($"table.progress td[title='Belum dinilai: SAS Tes, SAS Non-tes'] a")!;
        missing.GetAttribute("href").ShouldBe($"/nilai/{c.Gradebook}/akhir/{c.Students[1]}");
        (await wali.GetPageAsync(missing.GetAttribute("href")!)).QuerySelector("h1")!.TextContent.ShouldContain("Nilai akhir");
        // Each subject opens its grid: a guru kelas goes on to her own subjects from here, not through Beranda.
        page.QuerySelector("table.progress thead th[title^='Matematika'] a")!.GetAttribute("href").ShouldBe($"/nilai/{c.Gradebook}");
        page.QuerySelector(".progress-subjects a")!.GetAttribute("href").ShouldBe($"/nilai/{c.Gradebook}");
    }

    [Fact]
    public async Task the_attendance_grid_saves_changed_rows_and_a_bad_cell_is_shown_with_nothing_stored()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var url = $"/wali/{c.ClassId}/ketidakhadiran";
        var grid = await wali.GetPageAsync(url);
        grid.QuerySelectorAll("form[data-score-grid] input.cell").Length.ShouldBe(9);

        await wali.SubmitAsync(grid, "form[data-score-grid]", url,
            new Dictionary<string, string> { [$"v|{c.Students[2]}|sick"] = "4", [$"v|{c.Students[2]}|unexcused"] = "1" }, 302);
        (await SectionsAsync(c))[c.Students[2]].Attendance.ShouldBe(new AttendanceDays(4, 0, 1));

        var before = await app.EventCountAsync();
        var refused = await wali.SubmitAsync(await wali.GetPageAsync(url), "form[data-score-grid]", url,
            new Dictionary<string, string> { [$"v|{c.Students[0]}|sick"] = "2", [$"v|{c.Students[1]}|permitted"] = "dua" }, 400);
        var page = TestBrowserPage(await refused.ReadAsTextAsync());
        page.QuerySelector(".alert.error")!.TextContent.ShouldContain("Bagus Santoso");
        page.QuerySelector($"input[name='v|{c.Students[1]}|permitted']")!.GetAttribute("value").ShouldBe("dua");
        page.QuerySelector($"input[name='v|{c.Students[1]}|permitted']")!.ParentElement!.ClassList.ShouldContain("invalid");
        (await app.EventCountAsync()).ShouldBe(before);
    }

    /// <summary>The attendance grid brought back by Back after its save holds the id that save spent: other typing sent under
    /// it is refused and kept, and the page gives its form a new id, so the next click stores it.</summary>
    [Fact]
    public async Task the_attendance_grid_sent_again_under_a_spent_command_id_with_other_typing_is_refused_then_saved_under_a_new_id()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var url = $"/wali/{c.ClassId}/ketidakhadiran";
        var grid = await wali.GetPageAsync(url);
        await wali.SubmitAsync(grid, "form[data-score-grid]", url, new Dictionary<string, string> { [$"v|{c.Students[0]}|sick"] = "2" }, 302);
        var before = await app.EventCountAsync();

        var refused = TestBrowserPage(await (await wali.SubmitAsync(grid, "form[data-score-grid]", url,
            new Dictionary<string, string> { [$"v|{c.Students[1]}|sick"] = "3" }, 409)).ReadAsTextAsync());

        (await app.EventCountAsync()).ShouldBe(before);
        refused.QuerySelector("[role=alert]")!.TextContent.ShouldContain("belum disimpan");
        refused.QuerySelector($"input[name='v|{c.Students[1]}|sick']")!.GetAttribute("value").ShouldBe("3");
        refused.QuerySelector("form[data-score-grid] input[name=commandId]")!.GetAttribute("value")
            .ShouldNotBe(grid.QuerySelector("form[data-score-grid] input[name=commandId]")!.GetAttribute("value"));
        await wali.SubmitAsync(refused, "form[data-score-grid]", url, new Dictionary<string, string>(), 302);
        (await SectionsAsync(c))[c.Students[1]].Attendance.ShouldBe(new AttendanceDays(3, 0, 0));
    }

    [Fact]
    public async Task saving_the_attendance_grid_enters_the_rows_never_saved_as_they_stand_so_never_absent_needs_no_typing()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var url = $"/wali/{c.ClassId}/ketidakhadiran";
        var grid = await wali.GetPageAsync(url);
        grid.QuerySelector("[data-attendance-unsaved]")!.TextContent.ShouldContain($"Ketidakhadiran {c.Students.Count} peserta didik belum pernah disimpan");
        grid.QuerySelectorAll("td.name [data-unsaved]").Length.ShouldBe(c.Students.Count);

        var result = await wali.SubmitAsync(grid, "form[data-score-grid]", url, new Dictionary<string, string> { [$"v|{c.Students[0]}|sick"] = "2" }, 302);

        var sections = await SectionsAsync(c);
        sections[c.Students[0]].Attendance.ShouldBe(new AttendanceDays(2, 0, 0));
        c.Students.Skip(1).ShouldAllBe(s => sections[s].Attendance == new AttendanceDays(0, 0, 0, true));
        var saved = await wali.GetPageAsync(new Uri(new Uri("http://localhost"), result.Context.Response.Headers.Location.ToString()).PathAndQuery);
        saved.QuerySelector("[data-attendance-unsaved]").ShouldBeNull();
        saved.QuerySelector("[role=status].alert.success")!.TextContent.ShouldBe($"Ketidakhadiran {c.Students.Count} peserta didik tersimpan.");
        (await wali.GetPageAsync($"/wali/{c.ClassId}")).QuerySelector("[data-part=ketidakhadiran]").ShouldBeNull();
    }

    [Fact]
    public async Task notes_extracurriculars_and_promotions_are_saved_from_their_pages()
    {
        var c = await ClassAsync(semester: 2);
        var wali = await app.SignInAsync("wali.x1");
        var home = await wali.GetPageAsync("/");
        home.QuerySelector("a[href='/wali']").ShouldNotBeNull();
        (await wali.GetPageAsync("/wali?semua=true")).QuerySelector($"a[href='/wali/{c.ClassId}']").ShouldNotBeNull();

        var notes = $"/wali/{c.ClassId}/catatan";
        await wali.SubmitAsync(await wali.GetPageAsync(notes), "form.notes", notes,
            new Dictionary<string, string> { [$"k|{c.Students[0]}"] = "Kreatif dalam proyek", [$"c|{c.Students[1]}"] = "Tingkatkan kehadiran" }, 302);

        var extras = $"/wali/{c.ClassId}/ekstrakurikuler";
        await wali.SubmitAsync(await wali.GetPageAsync($"{extras}?siswa={c.Students[0]}"), "form[data-form=tambah]", extras,
            new Dictionary<string, string> { ["activity"] = "Paduan Suara", ["predicate"] = "Baik", ["description"] = "Tampil di upacara" }, 302);

        var promotions = $"/wali/{c.ClassId}/kenaikan";
        var page = await wali.GetPageAsync(promotions);
        page.QuerySelectorAll("select option").Select(o => o.TextContent).ShouldContain("Naik ke kelas XI");
        await wali.SubmitAsync(page, "form[data-form=kenaikan]", promotions,
            new Dictionary<string, string> { [$"p|{c.Students[0]}"] = "promoted", [$"p|{c.Students[1]}"] = "", [$"p|{c.Students[2]}"] = "" }, 302);

        var sections = await SectionsAsync(c);
        sections[c.Students[0]].Kokurikuler.ShouldBe("Kreatif dalam proyek");
        sections[c.Students[1]].HomeroomNote.ShouldBe("Tingkatkan kehadiran");
        sections[c.Students[0]].Extracurriculars.ShouldBe([new ExtracurricularEntry("Paduan Suara", "Baik", "Tampil di upacara")]);
        sections[c.Students[0]].Promotion.ShouldBe(new PromotionDecision("promoted", "Naik ke kelas XI"));

        var history = await wali.GetPageAsync($"/wali/{c.ClassId}/riwayat");
        var rows = history.QuerySelectorAll("table.history tbody tr").Select(r => r.TextContent).ToList();
        rows.Count.ShouldBe(4);
        rows[0].ShouldContain("Naik ke kelas XI");
        // Who by name and the source in words, as in a score's history.
        rows.ShouldContain(r => r.Contains("Paduan Suara (Baik): Tampil di upacara") && r.Contains("Wali X-1") && !r.Contains("wali.x1") && r.Contains("Formulir"));
        (await (await app.SignInAsync("guru.mtk")).GetPageAsync($"/wali/{c.ClassId}/riwayat", 403)).ShouldNotBeNull();
    }

    /// <summary>At the end of the year most of a class moves up: the wali kelas decides the few exceptions and the rest in one press,
    /// instead of 32 choices. A decision already made, or chosen in the form, stays.</summary>
    [Fact]
    public async Task every_undecided_student_moves_up_in_one_press_and_the_exceptions_stay()
    {
        var c = await ClassAsync(semester: 2);
        var wali = await app.SignInAsync("wali.x1");
        var promotions = $"/wali/{c.ClassId}/kenaikan";
        await wali.SubmitAsync(await wali.GetPageAsync(promotions), "form[data-form=kenaikan]", promotions,
            new Dictionary<string, string> { [$"p|{c.Students[0]}"] = "retained" }, 302);
        var page = await wali.GetPageAsync(promotions);
        page.QuerySelector("button[name=undecided][value=promoted]")!.TextContent.ShouldContain("Naik ke kelas XI");

        var saved = await wali.SubmitAsync(page, "form[data-form=kenaikan]", promotions,
            new Dictionary<string, string> { [$"p|{c.Students[1]}"] = "retained", ["undecided"] = "promoted" }, 302);

        saved.Context.Response.Headers.Location.ToString().ShouldEndWith($"disimpan={c.Students.Count - 1}");
        var sections = await SectionsAsync(c);
        sections[c.Students[0]].Promotion!.Kind.ShouldBe("retained");
        sections[c.Students[1]].Promotion!.Kind.ShouldBe("retained");
        c.Students.Skip(2).ShouldAllBe(s => sections[s].Promotion!.Kind == "promoted");
        (await wali.GetPageAsync(promotions)).QuerySelector("button[name=undecided]").ShouldBeNull("nobody is left undecided");
    }

    [Fact]
    public async Task a_notes_tab_opened_before_a_note_was_written_elsewhere_saves_only_its_own_change_and_a_change_to_that_note_is_a_conflict()
    {
        var c = await ClassAsync();
        var (ayu, bagus) = (c.Students[0], c.Students[1]);
        var notes = $"/wali/{c.ClassId}/catatan";
        var laptop = await app.SignInAsync("wali.x1");
        // 19:00: two tabs on the old laptop, both showing Ayu's note empty.
        var forBagus = await laptop.GetPageAsync(notes);
        var forAyu = await laptop.NewTab().GetPageAsync(notes);

        // 21:00: the note written on her phone.
        var phone = await app.SignInAsync("wali.x1");
        await phone.SubmitAsync(await phone.GetPageAsync(notes), "form.notes", notes,
            new Dictionary<string, string> { [$"c|{ayu}"] = "Ditulis di ponsel" }, 302);

        // 22:00: the laptop tab saves a note for Bagus; Ayu's empty field is as it was shown, so it is not sent.
        await laptop.SubmitAsync(forBagus, "form.notes", notes, new Dictionary<string, string> { [$"c|{bagus}"] = "Catatan untuk Bagus" }, 302);
        var sections = await SectionsAsync(c);
        sections[ayu].HomeroomNote.ShouldBe("Ditulis di ponsel");
        sections[bagus].HomeroomNote.ShouldBe("Catatan untuk Bagus");

        // The other laptop tab changes Ayu's note itself: a conflict that shows the note written since, nothing saved.
        var before = await app.EventCountAsync();
        var refused = await laptop.SubmitAsync(forAyu, "form.notes", notes,
            new Dictionary<string, string> { [$"c|{ayu}"] = "Ditulis di laptop", [$"k|{c.Students[2]}"] = "Kreatif" }, 409);
        var page = TestBrowserPage(await refused.ReadAsTextAsync());
        var alert = page.QuerySelector(".alert.warning")!.TextContent;
        alert.ShouldContain("Ayu Rahmawati: Catatan wali kelas sudah diubah sejak halaman ini dibuka");
        alert.ShouldContain("kini \"Ditulis di ponsel\"");
        page.QuerySelector($"[data-current='c|{ayu}']")!.TextContent.ShouldContain("Ditulis di ponsel");
        page.QuerySelector($"textarea[name='c|{ayu}']")!.TextContent.ShouldBe("Ditulis di laptop", "what was typed is kept");
        page.QuerySelector($"textarea[name='k|{c.Students[2]}']")!.TextContent.ShouldBe("Kreatif", "what was typed is kept");
        page.QuerySelector($"textarea[name='c|{bagus}']")!.TextContent.ShouldBe("Catatan untuk Bagus", "an untouched field shows the card as it is now");
        (await app.EventCountAsync()).ShouldBe(before);
        (await SectionsAsync(c))[ayu].HomeroomNote.ShouldBe("Ditulis di ponsel");

        // Having seen the current note, saving again is a deliberate change.
        await laptop.SubmitAsync(page, "form.notes", notes, new Dictionary<string, string>(), 302);
        sections = await SectionsAsync(c);
        sections[ayu].HomeroomNote.ShouldBe("Ditulis di laptop");
        sections[c.Students[2]].Kokurikuler.ShouldBe("Kreatif");
        sections[bagus].HomeroomNote.ShouldBe("Catatan untuk Bagus");
    }

    [Fact]
    public async Task an_attendance_tab_opened_before_a_row_was_changed_elsewhere_saves_only_its_own_rows_and_a_change_to_that_row_is_a_conflict()
    {
        var c = await ClassAsync();
        var (ayu, bagus) = (c.Students[0], c.Students[1]);
        var url = $"/wali/{c.ClassId}/ketidakhadiran";
        var wali = await app.SignInAsync("wali.x1");
        var stale = await wali.GetPageAsync(url);
        var staler = await wali.NewTab().GetPageAsync(url);
        await wali.SubmitAsync(await wali.GetPageAsync(url), "form[data-score-grid]", url, new Dictionary<string, string> { [$"v|{ayu}|sick"] = "3" }, 302);

        await wali.SubmitAsync(stale, "form[data-score-grid]", url, new Dictionary<string, string> { [$"v|{bagus}|permitted"] = "2" }, 302);
        var sections = await SectionsAsync(c);
        sections[ayu].Attendance.ShouldBe(new AttendanceDays(3, 0, 0));
        sections[bagus].Attendance.ShouldBe(new AttendanceDays(0, 2, 0));

        var before = await app.EventCountAsync();
        var refused = await wali.SubmitAsync(staler, "form[data-score-grid]", url, new Dictionary<string, string> { [$"v|{ayu}|unexcused"] = "1" }, 409);
        var page = TestBrowserPage(await refused.ReadAsTextAsync());
        page.QuerySelector(".alert.warning")!.TextContent.ShouldMatch(
            @"Ayu Rahmawati: Ketidakhadiran sudah diubah sejak halaman ini dibuka, oleh Anda sendiri \(di tab atau perangkat lain\) pada \d{1,2} \w+ 20\d\d, \d\d\.\d\d WIB: kini sakit 3");
        string Attr(string name, string attribute = "value") => page.QuerySelector($"input[name='{name}']")!.GetAttribute(attribute)!;
        Attr($"v|{ayu}|unexcused").ShouldBe("1", "what was typed is kept");
        Attr($"v|{ayu}|sick").ShouldBe("3", "a cell the user did not touch shows the current days");
        (Attr($"v|{ayu}|unexcused", "data-seen"), Attr($"seen|v|{ayu}|unexcused"), Attr($"seen|v|{ayu}|sick")).ShouldBe(("0", "0", "3"));
        page.QuerySelector($"input[name='v|{ayu}|unexcused']")!.ParentElement!.ClassList.ShouldContain("conflict");
        page.QuerySelector($"input[name='v|{ayu}|unexcused']")!.ParentElement!.GetAttribute("title")!.ShouldMatch(@"oleh Anda sendiri \(di tab atau perangkat lain\) pada .* WIB");
        (await app.EventCountAsync()).ShouldBe(before);

        await wali.SubmitAsync(page, "form[data-score-grid]", url, new Dictionary<string, string>(), 302);
        (await SectionsAsync(c))[ayu].Attendance.ShouldBe(new AttendanceDays(3, 0, 1));
    }

    [Fact]
    public async Task an_api_client_that_changes_recorded_homeroom_data_sends_what_it_saw_or_gets_a_conflict_with_the_current_value()
    {
        var c = await ClassAsync(semester: 2);
        var ayu = c.Students[0];
        var wali = await app.SignInAsync("wali.x1");
        await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), new { studentId = ayu, sick = 2 }));
        await wali.PostJsonAsync(Api(c, "/notes"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = ayu, homeroomNote = "Rajin" } } });
        await wali.PostJsonAsync(Api(c, "/promotions"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = ayu, kind = "promoted" } } });
        var before = await app.EventCountAsync();

        var attendance = await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), new { studentId = ayu, sick = 0 }), 409);
        var notes = await wali.PostJsonAsync(Api(c, "/notes"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = ayu, homeroomNote = "" } } }, 409);
        var promotions = await wali.PostJsonAsync(Api(c, "/promotions"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = ayu, kind = "retained" } } }, 409);
        (await app.EventCountAsync()).ShouldBe(before);
        attendance.GetProperty("code").GetString().ShouldBe("attendance.stale");
        attendance.GetProperty("errors")[0].GetProperty("details").GetProperty("current").GetProperty("sick").GetInt32().ShouldBe(2);
        notes.GetProperty("code").GetString().ShouldBe("notes.stale");
        notes.GetProperty("errors")[0].GetProperty("details").GetProperty("current").GetString().ShouldBe("Rajin");
        promotions.GetProperty("code").GetString().ShouldBe("promotion.stale");
        promotions.GetProperty("errors")[0].GetProperty("details").GetProperty("current").GetString().ShouldBe("promoted");

        await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), new { studentId = ayu, sick = 0, seen = new { sick = 2, permitted = 0, unexcused = 0 } }));
        await wali.PostJsonAsync(Api(c, "/notes"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = ayu, homeroomNote = "", seenHomeroomNote = "Rajin" } } });
        await wali.PostJsonAsync(Api(c, "/promotions"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = ayu, kind = "retained", seen = "promoted" } } });
        var sections = (await SectionsAsync(c))[ayu];
        sections.Attendance.ShouldBe(new AttendanceDays(0, 0, 0));
        sections.HomeroomNote.ShouldBeNullOrEmpty();
        sections.Promotion!.Kind.ShouldBe("retained");
    }

    /// <summary>A line "Pramuka: Aktif", the extracurricular page opened on it, then the line revised elsewhere to "Memimpin regu".</summary>
    private async Task<(HomeroomClassSetup C, TestBrowser Wali, string Page, string Form, AngleSharp.Html.Dom.IHtmlDocument Stale)>
        ExtracurricularRevisedBehindATabAsync()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var entry = Guid.NewGuid();
        var api = Api(c, $"/students/{c.Students[0]}/extracurriculars/{entry}");
        await wali.PostJsonAsync(api, new { commandId = Guid.NewGuid(), activity = "Pramuka", description = "Aktif" });
        var page = $"/wali/{c.ClassId}/ekstrakurikuler";
        var stale = await wali.GetPageAsync($"{page}?siswa={c.Students[0]}");
        await wali.PostJsonAsync(api, new { commandId = Guid.NewGuid(), activity = "Pramuka", description = "Memimpin regu", seen = new { activity = "Pramuka", description = "Aktif" } });
        return (c, wali, page, $"form[data-form=x-{entry:N}]", stale);
    }

    [Fact]
    public async Task an_extracurricular_form_opened_before_the_line_was_revised_elsewhere_is_a_conflict_that_keeps_what_was_typed()
    {
        var (c, wali, extras, form, stale) = await ExtracurricularRevisedBehindATabAsync();
        var before = await app.EventCountAsync();

        var refused = await wali.SubmitAsync(stale, form, extras, new Dictionary<string, string> { ["predicate"] = "Baik" }, 409);

        var page = TestBrowserPage(await refused.ReadAsTextAsync());
        page.QuerySelector(".alert.warning")!.TextContent.ShouldContain("kini \"Pramuka: Memimpin regu\"");
        page.QuerySelectorAll("[role=alert]").Length.ShouldBe(1, "the class entry's form does not repeat another form's refusal");
        page.QuerySelector($"{form} input[name=predicate]")!.GetAttribute("value").ShouldBe("Baik", "what was typed is kept");
        page.QuerySelector($"{form} textarea[name=description]")!.TextContent.ShouldBe("Memimpin regu", "an untouched field shows the line as it is now");
        (await app.EventCountAsync()).ShouldBe(before);
        await wali.SubmitAsync(page, form, extras, new Dictionary<string, string>(), 302);
        (await SectionsAsync(c))[c.Students[0]].Extracurriculars.ShouldBe([new ExtracurricularEntry("Pramuka", "Baik", "Memimpin regu")]);
    }

    [Fact]
    public async Task an_extracurricular_removed_from_a_tab_opened_before_the_line_was_revised_elsewhere_is_a_conflict_and_stays()
    {
        var (c, wali, extras, form, stale) = await ExtracurricularRevisedBehindATabAsync();
        var before = await app.EventCountAsync();

        var refused = await wali.SubmitAsync(stale, form, extras, new Dictionary<string, string> { ["action"] = "hapus" }, 409);

        var page = TestBrowserPage(await refused.ReadAsTextAsync());
        page.QuerySelector(".alert.warning")!.TextContent.ShouldContain("kini \"Pramuka: Memimpin regu\"");
        // Who changed it (the wali kelas themself, in the other tab) and when, in WIB.
        page.QuerySelector(".alert.warning")!.TextContent.ShouldMatch(@"sudah diubah sejak halaman ini dibuka, oleh Anda sendiri \(di tab atau perangkat lain\) pada \d{1,2} \w+ 20\d\d, \d\d\.\d\d WIB: kini");
        (await app.EventCountAsync()).ShouldBe(before);
        (await SectionsAsync(c))[c.Students[0]].Extracurriculars.ShouldBe([new ExtracurricularEntry("Pramuka", null, "Memimpin regu")]);
        // Told what the line is now, the user removes it deliberately.
        await wali.SubmitAsync(page, form, extras, new Dictionary<string, string> { ["action"] = "hapus" }, 302);
        (await SectionsAsync(c))[c.Students[0]].Extracurriculars.ShouldBeEmpty();
    }

    private static AngleSharp.Html.Dom.IHtmlDocument TestBrowserPage(string html) => TestBrowser.Parse(html);
}
