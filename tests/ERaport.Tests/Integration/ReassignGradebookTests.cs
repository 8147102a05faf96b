using System.Text.Json;
using Alba;
using ERaport.Read.Audit;
using ERaport.Read.Grading;
using ERaport.Web.Api;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using ERaport.Write.Grading;

namespace ERaport.Tests.Integration;

/// <summary>Ganti guru pengampu: the admin hands a gradebook to another teacher, and from then on only that teacher writes it.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class ReassignGradebookTests(MasterDataFixture app)
{
    private static string Teacher(Guid gradebookId) => $"/api/master-data/teaching-assignments/{gradebookId}/teacher";

    private Task<IScenarioResult> SaveAsync(TestBrowser teacher, Guid gradebookId, string assessment, int value, int status) =>
        teacher.SendAsync(s =>
        {
            s.Post.Json(new { commandId = Guid.NewGuid(), scores = new[] { new { studentId = app.School.Students[0], assessment, value } } })
                .ToUrl($"/api/gradebooks/{gradebookId}/scores");
            s.StatusCodeShouldBe(status);
        });

    private static async Task<List<Guid>> GradebooksOfAsync(TestBrowser user) =>
        [.. (await user.GetJsonAsync("/api/gradebooks")).EnumerateArray().Select(g => g.GetProperty("gradebookId").GetGuid())];

    [Fact]
    public async Task after_the_admin_reassigns_a_gradebook_only_the_new_teacher_may_save_and_the_principal_sees_who_reassigned_it_and_why()
    {
        var gradebookId = await app.OpenGradebookAsync("guru.mtk");
        var (admin, oldTeacher, newTeacher) = (await app.SignInAsync("admin"), await app.SignInAsync("guru.mtk"), await app.SignInAsync("guru.bio"));
        await SaveAsync(oldTeacher, gradebookId, "tp1", 70, 200);

        var accepted = await admin.PutJsonAsync(Teacher(gradebookId),
            new { commandId = Guid.NewGuid(), teacherId = app.School.User("guru.bio").UserId, reason = "Pak Bambang cuti sakit" });

        accepted.GetProperty("changes").GetInt32().ShouldBe(1);
        var refused = await SaveAsync(oldTeacher, gradebookId, "tp2", 75, 403);
        (await refused.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("gradebook.not_teacher_of_record");
        await SaveAsync(newTeacher, gradebookId, "tp2", 80, 200);
        (await GradebooksOfAsync(newTeacher)).ShouldContain(gradebookId);
        (await GradebooksOfAsync(oldTeacher)).ShouldNotContain(gradebookId);
        var events = await app.EventsAsync(ERaport.Write.Common.StreamKeys.Gradebook(app.School.SchoolId, gradebookId));
        events.Select(e => e.Data).OfType<GradebookReassigned>().ShouldHaveSingleItem().Reason.ShouldBe("Pak Bambang cuti sakit");

        var principal = await app.SignInAsync("kepsek");
        var history = (await (await principal.SendAsync(s => s.Get.Url("/api/audit/changes"))).ReadAsJsonAsync<HistoryPage>())!
            .Entries.Where(e => e.GradebookId == gradebookId).ToList();
        var line = history.Where(e => e.Kind == ScoreChangeKind.Reassigned).ShouldHaveSingleItem();
        (line.ChangedBy, line.Reason, line.Detail, line.Source).ShouldBe(("admin", "Pak Bambang cuti sakit", "Bambang Matematika → Yuliana Biologi", "Api"));
        history.ShouldAllBe(e => !e.Flags.Contains(ChangeFlag.NotTeacherOfRecord), "each score was saved by the teacher of record of its moment");
    }

    [Fact]
    public async Task the_admin_cannot_hand_a_gradebook_to_an_account_without_the_teacher_role_in_its_term()
    {
        var gradebookId = await app.OpenGradebookAsync("guru.mtk");
        var admin = await app.SignInAsync("admin");

        var problem = await admin.PutJsonAsync(Teacher(gradebookId),
            new { commandId = Guid.NewGuid(), teacherId = app.School.User("kepsek").UserId, reason = (string?)null }, 400);

        problem.GetProperty("code").GetString().ShouldBe("teacher.no_teacher_role");
    }

    [Fact]
    public async Task a_teacher_cannot_reassign_their_own_gradebook()
    {
        var gradebookId = await app.OpenGradebookAsync("guru.mtk");
        var teacher = await app.SignInAsync("guru.mtk");

        await teacher.PutJsonAsync(Teacher(gradebookId), new { commandId = Guid.NewGuid(), teacherId = app.School.User("guru.bio").UserId }, 403);
    }

    /// <summary>The class's assignment form with <paramref name="gradebookId"/>'s row (Matematika of X-1) set to <paramref name="teacher"/>.</summary>
    private async Task<(TestBrowser Admin, Microsoft.AspNetCore.Http.HttpContext Sent)> ReassignOnTheClassPageAsync(Guid gradebookId, string teacher)
    {
        var admin = await app.SignInAsync("admin");
        var url = $"/data/pembelajaran?semester={app.School.TermId}&kelas={app.School.ClassId}";
        var page = await admin.GetPageAsync(url);
        var subjectId = (await app.EventsAsync(StreamKeys.Gradebook(app.School.SchoolId, gradebookId))).First().Data.ShouldBeOfType<GradebookOpened>().SubjectId;
        page.QuerySelector($"input[name='guru-{subjectId}']")!.GetAttribute("list").ShouldBe("guru-kelas");
        var offered = page.QuerySelectorAll("datalist#guru-kelas option").Select(o => o.GetAttribute("value")).ToList();
        offered.ShouldContain("Yuliana Biologi (guru.bio)");
        offered.ShouldNotContain("Ibu Kepala (kepsek)", "only accounts with the teacher role in the term are offered");

        var saved = await admin.SubmitAsync(page, "form.class-teachers", url, new Dictionary<string, string>
        {
            [$"guru-{subjectId}"] = teacher, ["reason"] = "Mutasi",
        });
        return (admin, saved.Context);
    }

    [Fact]
    public async Task the_admin_reassigns_a_gradebook_on_its_class_s_teaching_assignments()
    {
        var gradebookId = await app.OpenGradebookAsync("guru.mtk");

        var (_, saved) = await ReassignOnTheClassPageAsync(gradebookId, "guru.bio");

        saved.Response.StatusCode.ShouldBe(302);
        await app.CatchUpAsync(); // guru.bio holds no read-your-writes token for the admin's change (failed once in a full run)
        (await GradebooksOfAsync(await app.SignInAsync("guru.bio"))).ShouldContain(gradebookId);
        (await app.EventsAsync(StreamKeys.Gradebook(app.School.SchoolId, gradebookId))).Select(e => e.Data).OfType<GradebookReassigned>()
            .ShouldHaveSingleItem().Reason.ShouldBe("Mutasi");
    }

    [Fact]
    public async Task naming_the_teacher_a_gradebook_already_has_records_nothing_and_says_there_was_no_change()
    {
        var gradebookId = await app.OpenGradebookAsync("guru.mtk");

        var (admin, saved) = await ReassignOnTheClassPageAsync(gradebookId, "guru.mtk");

        var next = new Uri(new Uri("http://localhost"), saved.Response.Headers.Location.ToString()).PathAndQuery;
        next.ShouldEndWith("selesai=tidak-berubah");
        (await admin.GetPageAsync(next)).QuerySelector("[role=status]")!.TextContent.ShouldBe("Tidak ada perubahan.");
        (await app.EventsAsync(StreamKeys.Gradebook(app.School.SchoolId, gradebookId))).Select(e => e.Data).OfType<GradebookReassigned>().ShouldBeEmpty();
    }

    /// <summary>An admin often disables a leaver's account first: their gradebooks must not be left without anyone able to fill them,
    /// unnoticed until the wali kelas asks why Matematika is empty.</summary>
    [Fact]
    public async Task the_admin_who_disables_a_leaver_still_teaching_sees_which_gradebooks_need_another_teacher()
    {
        var system = new Actor(Guid.Empty, "sistem", app.School.SchoolId);
        var leaver = Guid.NewGuid();
        var userName = "guru.keluar" + leaver.ToString("N")[..6];
        await app.SendAcceptedAsync(new RegisterUser(Guid.NewGuid(), leaver, userName, "Pak Keluar", null, "hash",
            [new RoleGrant(Role.Teacher, app.School.TermId, null)], system, EntrySource.Seed));
        var subjectId = Guid.NewGuid();
        var tag = TestSchool.NewSubjectTag();
        var subjectName = "Kimia " + tag;
        await app.SendAcceptedAsync(new AddSubject(Guid.NewGuid(), subjectId, subjectName, "K" + tag, "Umum", 9,
            false, 70, system, EntrySource.Seed));
        var gradebookId = Guid.NewGuid();
        await app.SendAcceptedAsync(new OpenGradebook(Guid.NewGuid(), gradebookId, app.School.TermId, app.School.ClassId, subjectId, leaver, ["TP satu"],
            system, EntrySource.Seed));
        var admin = await app.SignInAsync("admin");
        await admin.PostJsonAsync($"/api/users/{leaver}/disable", new { commandId = Guid.NewGuid(), reason = "Pindah tugas" });

        var account = await admin.GetPageAsync($"/pengguna/{leaver}");
        var stillTeaching = account.QuerySelector("[data-still-teaching]");
        stillTeaching.ShouldNotBeNull("the leaver's page says their gradebooks still wait for another teacher");
        stillTeaching.TextContent.ShouldContain("X-1");
        // Teachers are changed on each class's page: the leaver's page leads to their assignments, the warning to each class.
        stillTeaching.QuerySelector($"a[href='/data/pembelajaran?semester={app.School.TermId}&guru={leaver}']").ShouldNotBeNull();

        var assignments = await admin.GetPageAsync($"/data/pembelajaran?semester={app.School.TermId}");
        assignments.QuerySelector("[data-teacher-disabled]")!.TextContent.ShouldContain("X-1");
        assignments.QuerySelector($"[data-teacher-disabled] a[href='/data/pembelajaran?semester={app.School.TermId}&kelas={app.School.ClassId}']")!
            .TextContent.ShouldContain(subjectName);
        assignments.QuerySelector("[data-teacher-disabled] a[href$='#ganti-guru']").ShouldBeNull("no section of the page changes a teacher");
        string.Join(' ', assignments.QuerySelector("[data-teacher-disabled]")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .ShouldSatisfyAllConditions(t => t.ShouldContain($"{subjectName} X-1 (Pak Keluar)"), t => t.ShouldContain("). Ganti gurunya di halaman kelasnya"),
                t => t.ShouldNotContain(" ,"), t => t.ShouldNotContain(" ."));
        var theirs = await admin.GetPageAsync($"/data/pembelajaran?semester={app.School.TermId}&guru={leaver}");
        theirs.QuerySelector("main h2")!.TextContent.ShouldContain("nonaktif");
        // The admin may not open the grid, so the subject is no link: the row is found by its name.
        theirs.QuerySelectorAll("tbody tr").ShouldHaveSingleItem().TextContent.ShouldContain(subjectName);
        theirs.QuerySelector($"a[href='/nilai/{gradebookId}']").ShouldBeNull();
    }
}
