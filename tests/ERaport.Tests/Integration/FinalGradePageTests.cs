using AngleSharp.Html.Dom;
using ERaport.Write.Common;
using ERaport.Write.Grading;

namespace ERaport.Tests.Integration;

/// <summary>The NA column of the grid and the final-grade pages as a browser without JavaScript uses them.</summary>
[Collection(AppCollection.Name)]
public sealed class FinalGradePageTests(AppFixture app)
{
    private TestSchool School => app.School;

    private static string Grid(Guid gradebook) => $"/nilai/{gradebook}";
    private static string Final(Guid gradebook) => $"/nilai/{gradebook}/akhir";
    private static string Student(Guid gradebook, Guid student) => $"/nilai/{gradebook}/akhir/{student}";

    /// <summary>The fixture's three-TP gradebook, every cell filled except Eka's SAS non-tes. Adi's scores
    /// give SLM 80, SAS 85 → NA 83 (82.5 rounded half up).</summary>
    private async Task<(Guid Gradebook, TestBrowser Teacher)> ScoredAsync()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var cells = School.Students.SelectMany((s, i) => TestSchool.Assessments.Select((a, j) => new { studentId = s, assessment = a, value = i == 0 ? new[] { 70, 80, 90, 80, 90 }[j] : 65 + i * 3 + j }))
            .Where(c => !(c.studentId == School.Students[4] && c.assessment == Assessment.SemesterNonTest)).ToList();
        await teacher.SendAsync(s =>
        {
            s.Post.Json(new { commandId = Guid.NewGuid(), scores = cells }).ToUrl($"/api/gradebooks/{gradebook}/scores");
            s.StatusCodeShouldBe(200);
        });
        return (gradebook, teacher);
    }

    private static string NaCell(IHtmlDocument page, Guid student) =>
        page.QuerySelector($"tr[data-student='{student}'] td.na")?.TextContent.Trim() ?? throw new ShouldAssertException($"no NA cell for {student}");

    [Fact]
    public async Task the_grid_shows_the_final_grade_read_only_and_belum_lengkap_while_a_part_is_missing()
    {
        var (gradebook, teacher) = await ScoredAsync();

        var page = await teacher.GetPageAsync(Grid(gradebook));

        NaCell(page, School.Students[0]).ShouldBe("83");
        NaCell(page, School.Students[4]).ShouldBe("belum lengkap");
        page.QuerySelector("form[data-score-grid] thead th.na")!.HasAttribute("data-col").ShouldBeFalse("the NA column is not an assessment");
        page.QuerySelectorAll("form[data-score-grid] thead th[data-col]").Select(th => th.GetAttribute("data-col")).ShouldBe(TestSchool.Assessments);
        page.QuerySelectorAll("td.na input").Length.ShouldBe(0);
        page.QuerySelectorAll("input.cell").Length.ShouldBe(School.Students.Count * TestSchool.Assessments.Length);
    }

    [Fact]
    public async Task saving_the_last_missing_score_in_the_grid_completes_the_grade_on_the_next_page()
    {
        var (gradebook, teacher) = await ScoredAsync();
        var grid = await teacher.GetPageAsync(Grid(gradebook));

        await teacher.SubmitAsync(grid, "form[data-score-grid]", Grid(gradebook),
            new Dictionary<string, string> { [$"v|{School.Students[4]}|{Assessment.SemesterNonTest}"] = "90" }, 302);

        var after = await teacher.GetPageAsync(Grid(gradebook));
        NaCell(after, School.Students[4]).ShouldNotBe("belum lengkap");
        var final = await teacher.GetPageAsync(Final(gradebook));
        final.QuerySelector("main p.muted")!.TextContent.ShouldContain("lengkap 5 dari 5");
    }

    [Fact]
    public async Task the_teacher_overrides_a_grade_with_a_reason_and_both_values_are_shown()
    {
        var (gradebook, teacher) = await ScoredAsync();
        var adi = School.Students[0];
        var page = await teacher.GetPageAsync(Student(gradebook, adi));
        page.QuerySelector("[data-calculated]")!.TextContent.ShouldBe("83");

        var saved = await teacher.SubmitAsync(page, "form[data-form=override]", Student(gradebook, adi),
            new Dictionary<string, string> { ["value"] = "88", ["reason"] = "Nilai praktik susulan" }, 302);

        var location = saved.Context.Response.Headers.Location.ToString();
        location.ShouldEndWith($"{Student(gradebook, adi)}?disimpan=na");
        var after = await teacher.GetPageAsync(location[location.IndexOf("/nilai", StringComparison.Ordinal)..]);
        after.QuerySelector(".alert.success")!.TextContent.ShouldContain("Nilai akhir tersimpan");
        after.QuerySelector("[data-calculated]")!.TextContent.ShouldBe("83");
        after.QuerySelector("[data-final]")!.TextContent.ShouldContain("88");
        after.QuerySelector(".override-note")!.TextContent.ShouldContain("Nilai praktik susulan");
        var grid = await teacher.GetPageAsync(Grid(gradebook));
        grid.QuerySelector($"tr[data-student='{adi}'] td.na.overridden")!.TextContent.ShouldBe("88*");
        var list = await teacher.GetPageAsync(Final(gradebook));
        list.QuerySelector($"tr[data-student='{adi}'] td.na-final")!.TextContent.ShouldContain("hitungan: 83");

        var history = await teacher.GetPageAsync($"/riwayat/{gradebook}/{adi}");
        var row = history.QuerySelectorAll("table.history tbody tr").First().TextContent;
        row.ShouldContain("Nilai akhir");
        row.ShouldContain("Ditimpa");
        row.ShouldContain("83 → 88");
        row.ShouldContain("Formulir");
    }

    [Fact]
    public async Task an_override_without_a_reason_is_refused_and_what_was_typed_stays()
    {
        var (gradebook, teacher) = await ScoredAsync();
        var page = await teacher.GetPageAsync(Student(gradebook, School.Students[1]));

        var refused = await teacher.SubmitAsync(page, "form[data-form=override]", Student(gradebook, School.Students[1]),
            new Dictionary<string, string> { ["value"] = "91", ["reason"] = "" }, 400);

        var html = TestBrowser.Parse(await refused.ReadAsTextAsync());
        html.QuerySelector(".alert.error")!.TextContent.ShouldContain("Alasan mengubah nilai akhir wajib diisi");
        ((IHtmlInputElement)html.QuerySelector("#na-value")!).Value.ShouldBe("91");
    }

    [Fact]
    public async Task an_edited_description_is_kept_after_a_score_correction_and_the_changed_generated_one_is_pointed_out()
    {
        var (gradebook, teacher) = await ScoredAsync();
        var adi = School.Students[0];
        var page = await teacher.GetPageAsync(Student(gradebook, adi));
        var generated = page.QuerySelector("[data-generated]")!.TextContent;
        generated.ShouldBe("Menunjukkan penguasaan yang baik dalam TP satu, TP dua, TP tiga.");
        ((IHtmlTextAreaElement)page.QuerySelector("#desc-text")!).Value.ShouldBe(generated);
        var mine = "Ananda " + new string('a', 1190) + " berkembang baik."; // longer than the old 200-character cap, and than 1,000

        await teacher.SubmitAsync(page, "form[data-form=description]", Student(gradebook, adi), new Dictionary<string, string> { ["text"] = mine }, 302);
        var grid = await teacher.GetPageAsync(Grid(gradebook));
        await teacher.SubmitAsync(grid, "form[data-score-grid]", Grid(gradebook),
            new Dictionary<string, string> { [$"v|{adi}|tp2"] = "40", ["reason"] = "Salah baca lembar jawaban" }, 302);

        var after = await teacher.GetPageAsync(Student(gradebook, adi));
        ((IHtmlTextAreaElement)after.QuerySelector("#desc-text")!).Value.ShouldBe(mine);
        after.QuerySelector("[data-generated]")!.TextContent.ShouldBe(
            "Menunjukkan penguasaan yang baik dalam TP satu, TP tiga. Perlu ditingkatkan dalam TP dua.");
        after.QuerySelector(".alert.warning")!.TextContent.ShouldContain("Deskripsi otomatis sudah berubah");
        var list = await teacher.GetPageAsync(Final(gradebook));
        list.QuerySelector($"tr[data-student='{adi}'] td.description")!.TextContent.ShouldContain(mine);

        await teacher.SubmitAsync(after, "form[data-form=reset]", Student(gradebook, adi), new Dictionary<string, string>(), 302);
        var reset = await teacher.GetPageAsync(Student(gradebook, adi));
        ((IHtmlTextAreaElement)reset.QuerySelector("#desc-text")!).Value.ShouldEndWith("Perlu ditingkatkan dalam TP dua.");
    }

    [Fact]
    public async Task tercapai_is_marked_by_hand_in_the_form_and_the_description_follows()
    {
        var (gradebook, teacher) = await ScoredAsync();
        var adi = School.Students[0];
        var page = await teacher.GetPageAsync(Student(gradebook, adi));

        await teacher.SubmitAsync(page, "form[data-form=marks]", Student(gradebook, adi), new Dictionary<string, string> { ["m|tp3"] = "tidak" }, 302);

        var after = await teacher.GetPageAsync(Student(gradebook, adi));
        after.QuerySelector("tr[data-objective=tp3]")!.TextContent.ShouldContain("Tidak tercapai (ditandai guru)");
        after.QuerySelector("tr[data-objective=tp1]")!.TextContent.ShouldContain("Tercapai (otomatis)");
        after.QuerySelector("[data-generated]")!.TextContent.ShouldEndWith("Perlu ditingkatkan dalam TP tiga.");
    }

    [Theory]
    [InlineData("kepsek", 200)]
    [InlineData("wali.x1", 200)]
    [InlineData("guru.bio", 403)]
    public async Task others_may_only_read_the_final_grade_pages_when_they_may_see_the_scores(string userName, int status)
    {
        var (gradebook, _) = await ScoredAsync();
        await app.CatchUpAsync(); // another user's session does not carry the teacher's read-your-writes token
        var user = await app.SignInAsync(userName);

        var list = await user.GetPageAsync(Final(gradebook), status);
        var one = await user.GetPageAsync(Student(gradebook, School.Students[0]), status);
        var objectives = await user.GetPageAsync($"/nilai/{gradebook}/tp", status);

        foreach (var page in new[] { list, one, objectives })
            page.QuerySelectorAll("main form, main textarea, main select").Length.ShouldBe(0);
        if (status == 200)
        {
            list.QuerySelector($"tr[data-student='{School.Students[0]}'] td.na-final")!.TextContent.Trim().ShouldBe("83");
            one.QuerySelector("[data-final]")!.TextContent.ShouldContain("83");
        }
    }
}
