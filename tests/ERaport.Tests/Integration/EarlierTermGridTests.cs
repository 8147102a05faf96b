namespace ERaport.Tests.Integration;

/// <summary>When the next term is open, a grid of the earlier one says whose rapor its scores go on: in January a teacher
/// has both terms' gradebooks, and a Genap score typed into Ganjil would go on the wrong rapor.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class EarlierTermGridTests(MasterDataFixture app)
{
    private const string Api = "/api/master-data";

    [Fact]
    public async Task a_grid_of_an_earlier_term_names_the_newer_term_and_the_newest_terms_grid_does_not()
    {
        var admin = await app.SignInAsync("admin");
        var year = MasterDataFixture.NewSchoolYear();
        var termId = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = year, semester = 1 })).Id();
        var teacherId = app.School.User("guru.mtk").UserId;
        await admin.PostJsonAsync($"/api/users/{teacherId}/roles", new { commandId = Guid.NewGuid(), role = "Teacher", termId });
        var classId = (await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name = "ET-1", level = 10, phase = "E" })).Id();
        var subjectId = (await admin.GetJsonAsync($"{Api}/subjects")).EnumerateArray().First().Id("subjectId");
        var newest = (await admin.PostJsonAsync($"{Api}/teaching-assignments",
            new { commandId = Guid.NewGuid(), termId, classId, subjectId, teacherId, learningObjectives = new[] { "Bilangan" } })).Id();
        var teacher = await app.SignInAsync("guru.mtk");

        var earlier = await teacher.GetPageAsync($"/nilai/{app.School.MathGradebook}");
        var notice = earlier.QuerySelector("[data-earlier-term]").ShouldNotBeNull().TextContent;
        notice.ShouldContain($"semester {year} Ganjil sudah dibuka");
        notice.ShouldContain("masuk rapor semester 2026/2027 Ganjil");

        (await teacher.GetPageAsync($"/nilai/{newest}")).QuerySelector("[data-earlier-term]").ShouldBeNull();
    }
}
