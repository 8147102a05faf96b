using ERaport.Write.Common;
using ERaport.Write.Grading;

namespace ERaport.Tests.Integration;

/// <summary>The rapor index (/rapor) tells the principal, class by class, how far each is towards its printed rapor.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class ClassStatusTests(MasterDataFixture app)
{
    private const string Api = "/api/master-data";

    [Fact]
    public async Task the_rapor_index_shows_each_class_final_grades_complete_its_lock_and_how_many_rapor_are_printed()
    {
        var admin = await app.SignInAsync("admin");
        var termId = app.School.TermId;
        var classId = (await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name = "ST-1", level = 10, phase = "E" })).Id();
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = "Sosiologi ST", code = "SOST", group = "Umum", order = 12, isReligion = false, kktp = 70 })).Id();
        var gradebookId = (await admin.PostJsonAsync($"{Api}/teaching-assignments", new
        {
            commandId = Guid.NewGuid(), termId, classId, subjectId, teacherId = app.School.User("guru.mtk").UserId, learningObjectives = new[] { "Masyarakat" },
        })).Id();
        var students = new List<Guid>();
        foreach (var name in new[] { "Tono Status", "Tini Status" })
        {
            var (nisn, nis) = TestSchool.NewStudentNumbers();
            var id = (await admin.PostJsonAsync($"{Api}/students", new { commandId = Guid.NewGuid(), name, nisn, nis, sex = "L" })).Id();
            await admin.PostJsonAsync($"{Api}/students/{id}/enroll", new { commandId = Guid.NewGuid(), classId });
            students.Add(id);
        }
        var teacher = await app.SignInAsync("guru.mtk");
        await teacher.PostJsonAsync($"/api/gradebooks/{gradebookId}/scores", new
        {
            commandId = Guid.NewGuid(),
            scores = new[] { "tp1", "sas-tes", "sas-nontes" }.Select(assessment => new { studentId = students[0], assessment, value = 80 }),
        });
        var principal = await app.SignInAsync("kepsek");
        await app.CatchUpAsync(); // written in the admin's and the teacher's browsers, read in the principal's

        async Task<string[]> RowAsync() =>
            [.. (await principal.GetPageAsync("/rapor")).QuerySelector($"tr[data-class='{classId}']")!
                .QuerySelectorAll("[data-grades], [data-lock], [data-printed]").Select(td => td.TextContent.Trim())];

        (await RowAsync()).ShouldBe(["1 dari 2 (50%)", "belum", "belum"]);

        (await app.SendAsync(new LockClass(Guid.NewGuid(), classId, app.School.User("admin"), EntrySource.Api))).IsAccepted.ShouldBeTrue();
        await app.CatchUpAsync();
        await principal.SendAsync(s =>
        {
            s.Get.Url($"/rapor/{classId}/{students[0]}/pdf");
            s.StatusCodeShouldBe(200);
        });

        var after = await RowAsync();
        after[0].ShouldBe("1 dari 2 (50%)");
        after[1].ShouldStartWith("terkunci, ");
        after[2].ShouldBe("1 dari 2");
    }
}
