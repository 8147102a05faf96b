using System.Text.Json;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;

namespace ERaport.Tests.Integration;

/// <summary>Pembelajaran satu kelas: every subject's teacher of one class in one post (an SMK's 1,008 assignments were
/// 1,008 posts; now 72), opening new gradebooks and handing changed ones over, all or nothing.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class ClassTeachersTests(MasterDataFixture app)
{
    private static readonly Actor System = new(Guid.Empty, "sistem", TestSchool.Id);

    /// <summary>A new class of the school's term and three new subjects.</summary>
    private async Task<(Guid ClassId, Guid[] Subjects)> ClassWithSubjectsAsync()
    {
        var classId = Guid.NewGuid();
        await app.SendAcceptedAsync(new OpenClass(Guid.NewGuid(), classId, app.School.TermId, "XI-" + Random.Shared.Next(100, 999), 11, "F", null, System,
            EntrySource.Seed));
        var subjects = new Guid[3];
        for (var i = 0; i < subjects.Length; i++)
        {
            var tag = TestSchool.NewSubjectTag();
            subjects[i] = Guid.NewGuid();
            await app.SendAcceptedAsync(new AddSubject(Guid.NewGuid(), subjects[i], "Mapel " + tag, "M" + tag, "Umum", 20 + i, false, 70, System, EntrySource.Seed));
        }
        return (classId, subjects);
    }

    private static string Url(Guid classId) => $"/api/master-data/classes/{classId}/teaching-assignments";

    private object Rows(Guid commandId, params (Guid Subject, string? Teacher)[] rows) => new
    {
        commandId, termId = app.School.TermId, reason = "Pembagian tugas",
        subjects = rows.Select(r => new
        {
            subjectId = r.Subject, teacherId = r.Teacher is null ? (Guid?)null : app.School.User(r.Teacher).UserId, learningObjectives = new[] { "TP satu" },
        }),
    };

    private async Task<Dictionary<Guid, JsonElement>> AssignmentsAsync(TestBrowser admin, Guid classId) =>
        (await admin.GetJsonAsync($"/api/master-data/teaching-assignments?termId={app.School.TermId}&classId={classId}")).EnumerateArray()
            .ToDictionary(a => a.GetProperty("gradebook").GetProperty("subjectId").GetGuid());

    [Fact]
    public async Task a_class_s_teachers_saved_in_one_post_open_a_gradebook_for_each_subject_given_a_teacher()
    {
        var (classId, s) = await ClassWithSubjectsAsync();
        var admin = await app.SignInAsync("admin");

        var saved = await admin.PutJsonAsync(Url(classId), Rows(Guid.NewGuid(), (s[0], "guru.mtk"), (s[1], "guru.bio"), (s[2], null)));

        saved.GetProperty("changes").GetInt32().ShouldBe(2);
        var assignments = await AssignmentsAsync(admin, classId);
        assignments.Keys.ShouldBe([s[0], s[1]], ignoreOrder: true);
        assignments[s[0]].GetProperty("gradebook").GetProperty("teacherId").GetGuid().ShouldBe(app.School.User("guru.mtk").UserId);
        var gradebookId = assignments[s[1]].GetProperty("gradebook").GetProperty("gradebookId").GetGuid();
        (await app.EventsAsync(StreamKeys.Gradebook(TestSchool.Id, gradebookId))).Single().Data.ShouldBeOfType<GradebookOpened>()
            .TeacherId.ShouldBe(app.School.User("guru.bio").UserId);
        var matrix = await admin.GetJsonAsync(Url(classId));
        matrix.EnumerateArray().Single(r => r.GetProperty("subject").GetProperty("subjectId").GetGuid() == s[2])
            .GetProperty("assignment").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task one_refused_row_refuses_the_whole_class_names_the_row_and_stores_nothing()
    {
        var (classId, s) = await ClassWithSubjectsAsync();
        var admin = await app.SignInAsync("admin");
        var before = await app.EventCountAsync();

        var refused = await admin.PutJsonAsync(Url(classId), Rows(Guid.NewGuid(), (s[0], "guru.mtk"), (s[1], "kepsek")), 400);

        var error = refused.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("code").GetString().ShouldBe("teacher.no_teacher_role");
        error.GetProperty("details").GetProperty("subjectId").GetGuid().ShouldBe(s[1]);
        (await app.EventCountAsync()).ShouldBe(before);
        (await AssignmentsAsync(admin, classId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_changed_teacher_hands_the_gradebook_over_with_its_scores_and_the_unchanged_rows_record_nothing()
    {
        var (classId, s) = await ClassWithSubjectsAsync();
        var admin = await app.SignInAsync("admin");
        await admin.PutJsonAsync(Url(classId), Rows(Guid.NewGuid(), (s[0], "guru.mtk"), (s[1], "guru.mtk")));
        var ids = (await AssignmentsAsync(admin, classId)).ToDictionary(a => a.Key, a => a.Value.GetProperty("gradebook").GetProperty("gradebookId").GetGuid());
        var kept = (await app.EventsAsync(StreamKeys.Gradebook(TestSchool.Id, ids[s[0]]))).Count;

        var saved = await admin.PutJsonAsync(Url(classId), Rows(Guid.NewGuid(), (s[0], "guru.mtk"), (s[1], "guru.bio"), (s[2], null)));

        saved.GetProperty("changes").GetInt32().ShouldBe(1);
        (await app.EventsAsync(StreamKeys.Gradebook(TestSchool.Id, ids[s[0]]))).Count.ShouldBe(kept, "the unchanged row records nothing");
        var reassigned = (await app.EventsAsync(StreamKeys.Gradebook(TestSchool.Id, ids[s[1]]))).Last().Data.ShouldBeOfType<GradebookReassigned>();
        (reassigned.FromTeacherId, reassigned.ToTeacherId, reassigned.Reason)
            .ShouldBe((app.School.User("guru.mtk").UserId, app.School.User("guru.bio").UserId, "Pembagian tugas"));
        (await AssignmentsAsync(admin, classId)).Keys.ShouldBe([s[0], s[1]], ignoreOrder: true);
    }

    [Fact]
    public async Task only_the_admin_sets_a_class_s_teachers()
    {
        var (classId, s) = await ClassWithSubjectsAsync();
        var teacher = await app.SignInAsync("guru.mtk");

        await teacher.PutJsonAsync(Url(classId), Rows(Guid.NewGuid(), (s[0], "guru.mtk")), 403);
    }
}
