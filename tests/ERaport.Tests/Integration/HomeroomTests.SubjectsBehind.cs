using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;

namespace ERaport.Tests.Integration;

/// <summary>The class's incomplete subjects as the admin and the principal see them on the rapor pages, from the class progress.</summary>
public sealed partial class HomeroomTests
{
    /// <summary>"2 belum lengkap" beside a student tells the operator nothing to act on: the class's rapor list names each subject
    /// still incomplete, its teacher and how many students it lacks, linked to what the reader may open (the admin: the class's
    /// teaching assignments, where its teacher is changed; the principal: the gradebook); the rapor index leads there.</summary>
    [Fact]
    public async Task the_class_rapor_list_names_each_incomplete_subject_with_its_teacher_and_how_many_students_it_lacks()
    {
        var c = await ClassAsync();
        await Send(new GrantRole(Guid.NewGuid(), app.School.User("kepsek").UserId, new RoleGrant(Role.Principal, c.TermId, null), System, EntrySource.Seed));
        await (await app.SignInAsync("guru.mtk")).PostJsonAsync($"/api/gradebooks/{c.Gradebook}/scores", new
        {
            commandId = Guid.NewGuid(),
            scores = new object[]
            {
                new { studentId = c.Students[0], assessment = "tp1", value = 80 },
                new { studentId = c.Students[0], assessment = Assessment.SemesterTest, value = 70 },
                new { studentId = c.Students[0], assessment = Assessment.SemesterNonTest, value = 90 },
            },
        });
        await app.CatchUpAsync();
        var admin = await app.SignInAsync("admin");

        var behind = (await admin.GetPageAsync($"/rapor/{c.ClassId}")).QuerySelector("#nilai-belum-lengkap[data-subjects-behind]").ShouldNotBeNull();

        var subject = behind.QuerySelector("li").ShouldNotBeNull();
        subject.TextContent.ShouldContain("Matematika");
        subject.TextContent.ShouldContain("Bambang Matematika");
        subject.TextContent.ShouldContain("2 dari 3 peserta didik belum lengkap");
        subject.QuerySelector("a")!.GetAttribute("href").ShouldBe($"/data/pembelajaran?semester={c.TermId}&kelas={c.ClassId}");
        (await (await app.SignInAsync("kepsek")).GetPageAsync($"/rapor/{c.ClassId}")).QuerySelector("[data-subjects-behind] li a")!
            .GetAttribute("href").ShouldBe($"/nilai/{c.Gradebook}");
        (await admin.GetPageAsync("/rapor")).QuerySelector($"tr[data-class='{c.ClassId}'] [data-grades] a")!
            .GetAttribute("href").ShouldBe($"/rapor/{c.ClassId}#nilai-belum-lengkap");
    }
}
