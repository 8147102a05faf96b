using AngleSharp.Html.Dom;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;

namespace ERaport.Tests.Integration;

/// <summary>The leger and the rapor pages come from <see cref="ERaport.Read.ReportCards.ReportCardCache"/>: a page
/// read after a change (with its read-your-writes token) shows the change, whichever part of the read model it
/// touched, and access is checked on every request however the data was cached.</summary>
[Collection(ReportCardCollection.Name)]
public sealed class ReportCardCacheTests(ReportCardFixture app)
{
    private Guid ClassId => app.School.ClassId;

    private async Task<long> SendAsync(object command)
    {
        var outcome = await app.SendAsync(command);
        outcome.Status.ShouldBe(OutcomeStatus.Accepted, string.Join("; ", outcome.Errors.Select(e => e.Message)));
        return outcome.Sequence;
    }

    private static List<string> Cells(IHtmlDocument leger, Guid student) =>
        [.. leger.QuerySelectorAll($"tr[data-student='{student}'] td").Select(td => td.TextContent.Trim())];

    private static int Column(IHtmlDocument leger, Guid subject) =>
        leger.QuerySelectorAll("table.leger thead th").ToList().FindIndex(th => th.GetAttribute("data-subject") == subject.ToString());

    [Fact]
    public async Task a_changed_final_grade_shows_on_the_next_leger_and_rapor_request_after_both_were_cached()
    {
        var wali = await app.SignInAsync("wali.x1");
        var student = app.School.Students[1];
        var math = (await app.CardsAsync()).Cards.Single(c => c.Student.StudentId == student).Subjects.Single(s => s.Code == "MTK");
        var before = await wali.GetPageAsync($"/leger/{ClassId}");
        await wali.GetPageAsync($"/rapor/{ClassId}/{student}");
        var column = Column(before, math.SubjectId);
        Cells(before, student)[column].ShouldBe(math.FinalGrade.ToString());

        var grade = math.FinalGrade == 77 ? 78 : 77;
        var sequence = await SendAsync(new OverrideFinalGrade(Guid.NewGuid(), app.School.MathGradebook, student, grade.ToString(), null,
            "Remedial", app.School.User("guru.mtk"), EntrySource.Form));

        var after = await wali.GetPageAsync($"/leger/{ClassId}?minSequence={sequence}");
        Cells(after, student)[column].ShouldBe(grade.ToString());
        var rapor = await wali.GetPageAsync($"/rapor/{ClassId}/{student}?minSequence={sequence}");
        rapor.QuerySelector($"tr[data-subject='{math.SubjectId}'] td.na")!.TextContent.Trim().ShouldBe(grade.ToString());
    }

    [Fact]
    public async Task changed_attendance_of_one_student_shows_on_the_next_leger_request()
    {
        var wali = await app.SignInAsync("wali.x1");
        var student = app.School.Students[2];
        var cells = Cells(await wali.GetPageAsync($"/leger/{ClassId}"), student);
        var seen = new Attendance(int.Parse(cells[^6]), int.Parse(cells[^5]), int.Parse(cells[^4]));
        var sick = seen.Sick + 1;

        var sequence = await SendAsync(new RecordAttendance(Guid.NewGuid(), ClassId,
            [new AttendanceEntry(student, sick.ToString(), seen.Permitted.ToString(), seen.Unexcused.ToString(), seen)],
            app.School.User("wali.x1"), EntrySource.Form));

        Cells(await wali.GetPageAsync($"/leger/{ClassId}?minSequence={sequence}"), student)[^6].ShouldBe(sick.ToString());
    }

    [Fact]
    public async Task a_renamed_subject_which_belongs_to_no_class_shows_on_the_next_leger_request()
    {
        var kepsek = await app.SignInAsync("kepsek");
        var admin = app.School.User("admin");
        var title = $"th[data-subject='{app.IslamSubject}']";
        (await kepsek.GetPageAsync($"/leger/{ClassId}")).QuerySelector(title)!.GetAttribute("title").ShouldBe("Pendidikan Agama Islam dan Budi Pekerti");

        var renamed = await SendAsync(new UpdateSubject(Guid.NewGuid(), app.IslamSubject, "Pendidikan Agama Islam", "PAI", "Umum", 1, true, 70,
            admin, EntrySource.Form));
        (await kepsek.GetPageAsync($"/leger/{ClassId}?minSequence={renamed}")).QuerySelector(title)!.GetAttribute("title").ShouldBe("Pendidikan Agama Islam");

        var back = await SendAsync(new UpdateSubject(Guid.NewGuid(), app.IslamSubject, "Pendidikan Agama Islam dan Budi Pekerti", "PAI", "Umum", 1, true, 70,
            admin, EntrySource.Form));
        (await kepsek.GetPageAsync($"/leger/{ClassId}?minSequence={back}")).QuerySelector(title)!.GetAttribute("title")
            .ShouldBe("Pendidikan Agama Islam dan Budi Pekerti");
    }

    [Fact]
    public async Task a_user_without_access_is_refused_the_leger_and_rapor_after_someone_allowed_had_them_cached()
    {
        var kepsek = await app.SignInAsync("kepsek");
        var teacher = await app.SignInAsync("guru.mtk");
        string[] urls = [$"/leger/{ClassId}", $"/rapor/{ClassId}", $"/rapor/{ClassId}/{app.Adi}", $"/leger/{ClassId}/xlsx"];
        foreach (var url in urls)
        {
            await kepsek.SendAsync(s =>
            {
                s.Get.Url(url);
                s.StatusCodeShouldBe(200);
            });
            await teacher.SendAsync(s =>
            {
                s.Get.Url(url);
                s.StatusCodeShouldBe(403);
            });
        }
    }
}
