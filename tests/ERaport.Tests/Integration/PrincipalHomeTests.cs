namespace ERaport.Tests.Integration;

/// <summary>The home page of someone who reads many gradebooks (the principal of a big school): folded per class, so it
/// stays short on a phone.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class PrincipalHomeTests(MasterDataFixture app)
{
    private const string Api = "/api/master-data";

    [Fact]
    public async Task a_principal_with_more_than_twenty_gradebooks_to_read_gets_them_folded_per_class_and_a_teacher_keeps_a_plain_list()
    {
        var admin = await app.SignInAsync("admin");
        var termId = app.School.TermId;
        var classes = new List<Guid>();
        foreach (var name in new[] { "HF-1", "HF-2" })
            classes.Add((await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name, level = 10, phase = "E" })).Id());
        for (var i = 0; i < 11; i++)
        {
            var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
                new { commandId = Guid.NewGuid(), name = $"Mapel HF {i:00}", code = $"HF{i:00}", group = "Umum", order = 30 + i, isReligion = false, kktp = 70 })).Id();
            foreach (var classId in classes)
                await admin.PostJsonAsync($"{Api}/teaching-assignments", new
                {
                    commandId = Guid.NewGuid(), termId, classId, subjectId, teacherId = app.School.User("guru.bio").UserId, learningObjectives = new[] { "Satu" },
                });
        }

        var (nisn, nis) = TestSchool.NewStudentNumbers();
        var student = (await admin.PostJsonAsync($"{Api}/students", new { commandId = Guid.NewGuid(), name = "Hana Lipat", nisn, nis, sex = "P" })).Id();
        await admin.PostJsonAsync($"{Api}/students/{student}/enroll", new { commandId = Guid.NewGuid(), classId = classes[0] });

        await app.CatchUpAsync(); // written in the admin's browser, read in the principal's and the teacher's
        var principal = await app.SignInAsync("kepsek");
        var home = await principal.GetPageAsync("/");

        var folded = home.QuerySelector($"details.class-gradebooks[data-class='{classes[0]}']").ShouldNotBeNull();
        folded.HasAttribute("open").ShouldBeFalse();
        string.Join(" ", folded.QuerySelector("summary")!.TextContent.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ShouldBe("HF-1 · 11 mapel · terisi 0 / 33"); // one student × (TP1, SAS tes, SAS non-tes) × 11
        folded.QuerySelectorAll("table.gradebooks tbody tr").Length.ShouldBe(11);

        // The teacher of all 22 edits them: one plain list, nothing folded.
        var teacher = await (await app.SignInAsync("guru.bio")).GetPageAsync("/");
        teacher.QuerySelectorAll("details.class-gradebooks").ShouldBeEmpty();
        teacher.QuerySelectorAll("table.gradebooks a").Count(a => a.TextContent.StartsWith("HF-")).ShouldBe(22);
    }
}
