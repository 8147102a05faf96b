using ERaport.Write.Common;

namespace ERaport.Tests.Integration;

/// <summary>A teacher at a term's turn: the earlier term's grid says whose rapor its scores go on (in January a teacher
/// has both terms' gradebooks, and a Genap score typed into Ganjil would go on the wrong rapor), and the home page says
/// when the newest term's rapor are handed out.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class NewTermTests(MasterDataFixture app)
{
    private const string Api = "/api/master-data";

    /// <summary>A term later than every other, with a gradebook of guru.mtk in it.</summary>
    private async Task<(string Year, Guid Gradebook)> NewTermWithGradebookAsync(DateOnly? reportDate = null)
    {
        var admin = await app.SignInAsync("admin");
        var year = MasterDataFixture.NewSchoolYear();
        var termId = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = year, semester = 1, reportDate })).Id();
        var teacherId = app.School.User("guru.mtk").UserId;
        await admin.PostJsonAsync($"/api/users/{teacherId}/roles", new { commandId = Guid.NewGuid(), role = "Teacher", termId });
        var classId = (await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name = "NT-1", level = 10, phase = "E" })).Id();
        var subjectId = (await admin.GetJsonAsync($"{Api}/subjects")).EnumerateArray().First().Id("subjectId");
        var gradebook = (await admin.PostJsonAsync($"{Api}/teaching-assignments",
            new { commandId = Guid.NewGuid(), termId, classId, subjectId, teacherId, learningObjectives = new[] { "Bilangan" } })).Id();
        await app.CatchUpAsync(); // made by the admin: the teacher's browser has no read-your-writes token for it
        return (year, gradebook);
    }

    [Fact]
    public async Task a_grid_of_an_earlier_term_names_the_newer_term_and_the_newest_terms_grid_does_not()
    {
        var (year, newest) = await NewTermWithGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");

        var earlier = await teacher.GetPageAsync($"/nilai/{app.School.MathGradebook}");
        var notice = earlier.QuerySelector("[data-earlier-term]").ShouldNotBeNull().TextContent;
        notice.ShouldContain($"semester {year} Ganjil sudah dibuka");
        notice.ShouldContain("masuk rapor semester 2026/2027 Ganjil");

        (await teacher.GetPageAsync($"/nilai/{newest}")).QuerySelector("[data-earlier-term]").ShouldBeNull();
    }

    [Fact]
    public async Task the_home_page_says_when_the_newest_terms_rapor_are_handed_out()
    {
        var day = SchoolTime.Today(TimeProvider.System).AddDays(3);
        await NewTermWithGradebookAsync(day);
        var teacher = await app.SignInAsync("guru.mtk");

        var home = await teacher.GetPageAsync("/");

        string.Join(" ", home.QuerySelector("[data-report-day]").ShouldNotBeNull().TextContent.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
            .ShouldBeOneOf( // 2: the school's midnight passed between setting the date and reading the page
                $"Rapor dibagikan {day.ToString("dddd, d MMMM yyyy", SchoolTime.Indonesian)} (3 hari lagi).",
                $"Rapor dibagikan {day.ToString("dddd, d MMMM yyyy", SchoolTime.Indonesian)} (2 hari lagi).");
    }
}
