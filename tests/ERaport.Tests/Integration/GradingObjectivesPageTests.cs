using ERaport.Read.Grading;
using ERaport.Write.Grading;

namespace ERaport.Tests.Integration;

/// <summary>The TP and weights page (/nilai/{id}/tp) through plain form posts.</summary>
[Collection(AppCollection.Name)]
public sealed class GradingObjectivesPageTests(AppFixture app)
{
    private TestSchool School => app.School;

    private static string Page(Guid gradebook) => $"/nilai/{gradebook}/tp";

    [Fact]
    public async Task a_TP_added_on_the_page_becomes_a_grid_column_before_the_semester_tests()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var page = await teacher.GetPageAsync(Page(gradebook));

        await teacher.SubmitAsync(page, "form[data-form=add]", Page(gradebook), new Dictionary<string, string> { ["description"] = "Menulis cerpen" }, 302);

        var grid = await teacher.GetPageAsync($"/nilai/{gradebook}");
        grid.QuerySelectorAll("form[data-score-grid] thead th[data-col]").Select(th => th.GetAttribute("data-col"))
            .ShouldBe(["tp1", "tp2", "tp3", "tp4", Assessment.SemesterTest, Assessment.SemesterNonTest]);
        grid.QuerySelector("th[data-col=tp4]")!.GetAttribute("title").ShouldBe("Menulis cerpen");
    }

    [Fact]
    public async Task a_list_of_TPs_pasted_into_the_add_form_becomes_one_column_per_line()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var page = await teacher.GetPageAsync(Page(gradebook));

        await teacher.SubmitAsync(page, "form[data-form=add]", Page(gradebook),
            new Dictionary<string, string> { ["description"] = "Peserta didik dapat menulis cerpen.\r\nPeserta didik dapat menyunting cerpen.\r\n" }, 302);

        var grid = await teacher.GetPageAsync($"/nilai/{gradebook}");
        grid.QuerySelectorAll("form[data-score-grid] thead th[data-col]").Select(th => th.GetAttribute("data-col"))
            .ShouldBe(["tp1", "tp2", "tp3", "tp4", "tp5", Assessment.SemesterTest, Assessment.SemesterNonTest]);
        grid.QuerySelector("th[data-col=tp5]")!.GetAttribute("title").ShouldBe("Peserta didik dapat menyunting cerpen.");
    }

    [Fact]
    public async Task removing_a_scored_TP_needs_a_reason_and_its_scores_stay_in_the_history()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var adi = School.Students[0];
        var grid = await teacher.GetPageAsync($"/nilai/{gradebook}");
        await teacher.SubmitAsync(grid, "form[data-score-grid]", $"/nilai/{gradebook}", new Dictionary<string, string> { [$"v|{adi}|tp2"] = "77" }, 302);
        var page = await teacher.GetPageAsync(Page(gradebook));
        page.QuerySelector("li[data-objective=tp2] .hint")!.TextContent.ShouldContain("1 nilai TP2");

        var refused = await teacher.SubmitAsync(page, "li[data-objective=tp2] form[data-form=remove]", Page(gradebook),
            new Dictionary<string, string> { ["reason"] = " " }, 400);
        TestBrowser.Parse(await refused.ReadAsTextAsync()).QuerySelector(".alert.error")!.TextContent.ShouldContain("wajib diisi");

        await teacher.SubmitAsync(page, "li[data-objective=tp2] form[data-form=remove]", Page(gradebook),
            new Dictionary<string, string> { ["reason"] = "TP2 digabung dengan TP1" }, 302);

        var after = await teacher.GetPageAsync($"/nilai/{gradebook}");
        after.QuerySelectorAll("thead th[data-col]").Select(th => th.GetAttribute("data-col")).ShouldNotContain("tp2");
        var history = await teacher.GetPageAsync($"/riwayat/{gradebook}/{adi}");
        var rows = history.QuerySelectorAll("table.history tbody tr").Select(r => r.TextContent).ToList();
        rows.ShouldContain(r => r.Contains("77 → –") && r.Contains("TP2 dihapus: TP2 digabung dengan TP1"));
        rows.ShouldContain(r => r.Contains("TP dihapus") && r.Contains("TP2 digabung dengan TP1"), "the TP's own line, as every student's history has it");
    }

    [Fact]
    public async Task a_TP_reworded_on_the_page_rewords_the_generated_descriptions()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var adi = School.Students[0];
        var grid = await teacher.GetPageAsync($"/nilai/{gradebook}");
        await teacher.SubmitAsync(grid, "form[data-score-grid]", $"/nilai/{gradebook}", new Dictionary<string, string> { [$"v|{adi}|tp1"] = "90" }, 302);
        var page = await teacher.GetPageAsync(Page(gradebook));

        await teacher.SubmitAsync(page, "li[data-objective=tp1] form[data-form=revise]", Page(gradebook),
            new Dictionary<string, string> { ["description"] = "Menyelesaikan persamaan eksponen" }, 302);

        var student = await teacher.GetPageAsync($"/nilai/{gradebook}/akhir/{adi}");
        student.QuerySelector("[data-generated]")!.TextContent.ShouldBe("Menunjukkan penguasaan yang baik dalam menyelesaikan persamaan eksponen.");
    }

    /// <summary>A new gradebook of guru.mtk, its first student scored in <see cref="TestSchool.Assessments"/> order.</summary>
    private async Task<(Guid Gradebook, TestBrowser Teacher, Guid Student)> ScoredAsync(params int[] scores)
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var student = School.Students[0];
        await teacher.SendAsync(s =>
        {
            s.Post.Json(new
            {
                commandId = Guid.NewGuid(),
                scores = TestSchool.Assessments.Zip(scores, (a, v) => new { studentId = student, assessment = a, value = v }),
            }).ToUrl($"/api/gradebooks/{gradebook}/scores");
            s.StatusCodeShouldBe(200);
        });
        return (gradebook, teacher, student);
    }

    [Fact]
    public async Task the_concise_description_style_chosen_on_the_page_names_only_the_strongest_and_the_weakest_TP()
    {
        // TP1 60 is the only one below the KKTP of 70; TP2 95 is the strongest.
        var (gradebook, teacher, adi) = await ScoredAsync(60, 95, 80, 90, 90);
        var page = await teacher.GetPageAsync(Page(gradebook));
        page.QuerySelector("#description-style option[selected]")!.GetAttribute("value").ShouldBe(nameof(DescriptionStyle.EveryObjective));

        await teacher.SubmitAsync(page, "form[data-form=scheme]", Page(gradebook),
            new Dictionary<string, string> { ["descriptionStyle"] = nameof(DescriptionStyle.StrongestAndWeakest) }, 302);

        var final = (await (await teacher.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/final-grades"))).ReadAsJsonAsync<FinalGradeSheet>())!;
        final.Scheme.ShouldBe(new GradingScheme(1, 0, 1, 70, DescriptionStyle.StrongestAndWeakest));
        final.Students.Single(s => s.StudentId == adi).Generated
            .ShouldBe("Menunjukkan penguasaan yang baik dalam TP dua. Perlu ditingkatkan dalam TP satu.");
        (await teacher.GetPageAsync(Page(gradebook))).QuerySelector("#description-style option[selected]")!
            .GetAttribute("value").ShouldBe(nameof(DescriptionStyle.StrongestAndWeakest));
    }

    [Fact]
    public async Task weights_and_KKTP_set_on_the_page_recalculate_the_grades()
    {
        // SLM 60, 70, 80 → 70; SAS 90 and 90.
        var (gradebook, teacher, adi) = await ScoredAsync(60, 70, 80, 90, 90);
        var page = await teacher.GetPageAsync(Page(gradebook));

        var bad = await teacher.SubmitAsync(page, "form[data-form=scheme]", Page(gradebook),
            new Dictionary<string, string> { ["slm"] = "0", ["sts"] = "0", ["sas"] = "0", ["kktp"] = "70" }, 400);
        TestBrowser.Parse(await bad.ReadAsTextAsync()).QuerySelector(".alert.error")!.TextContent.ShouldContain("tidak boleh keduanya 0");
        await teacher.SubmitAsync(page, "form[data-form=scheme]", Page(gradebook),
            new Dictionary<string, string> { ["slm"] = "3", ["sts"] = "0", ["sas"] = "1", ["kktp"] = "75" }, 302);

        var final = (await (await teacher.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/final-grades"))).ReadAsJsonAsync<FinalGradeSheet>())!;
        final.Scheme.ShouldBe(new GradingScheme(3, 0, 1, 75, DescriptionStyle.EveryObjective));
        var row = final.Students.Single(s => s.StudentId == adi);
        row.Calculated.ShouldBe(75); // (3 × 70 + 90) / 4
        row.Achievements.Select(a => a.Achieved).ShouldBe([false, false, true]);

        // A mid-semester weight adds the STS column to the grid.
        var again = await teacher.GetPageAsync(Page(gradebook));
        await teacher.SubmitAsync(again, "form[data-form=scheme]", Page(gradebook),
            new Dictionary<string, string> { ["slm"] = "60", ["sts"] = "20", ["sas"] = "20", ["kktp"] = "75" }, 302);
        var grid = await teacher.GetPageAsync($"/nilai/{gradebook}");
        grid.QuerySelectorAll("thead th[data-col]").Select(th => th.GetAttribute("data-col"))
            .ShouldBe(["tp1", "tp2", "tp3", Assessment.MidSemesterTest, Assessment.SemesterTest, Assessment.SemesterNonTest]);
        grid.QuerySelector($"tr[data-student='{adi}'] td.na")!.TextContent.Trim().ShouldBe("belum lengkap");
    }

    [Fact]
    public async Task weights_saved_from_a_page_opened_before_another_tab_changed_the_KKTP_are_a_conflict_and_the_KKTP_stays()
    {
        var (gradebook, teacher, _) = await ScoredAsync(60, 70, 80, 90, 90);
        var stale = await teacher.GetPageAsync(Page(gradebook));
        await teacher.SubmitAsync(await teacher.GetPageAsync(Page(gradebook)), "form[data-form=scheme]", Page(gradebook),
            new Dictionary<string, string> { ["kktp"] = "75" }, 302);

        // The first tab still shows KKTP 70: saving its new SLM weight would put the 70 back unseen.
        var refused = TestBrowser.Parse(await (await teacher.SubmitAsync(stale, "form[data-form=scheme]", Page(gradebook),
            new Dictionary<string, string> { ["slm"] = "3" }, 409)).ReadAsTextAsync());
        refused.QuerySelector(".alert.warning[role=alert]")!.TextContent.ShouldContain(
            "Bobot, KKTP atau isi deskripsi sudah diubah sejak Anda membuka halaman ini, kini SLM : SAS = 1 : 1, KKTP 75, deskripsi menyebut semua TP. Tidak ada yang ditimpa");
        refused.QuerySelector("#w-slm")!.GetAttribute("value").ShouldBe("3");

        var final = (await (await teacher.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/final-grades"))).ReadAsJsonAsync<FinalGradeSheet>())!;
        final.Scheme.ShouldBe(new GradingScheme(1, 0, 1, 75, DescriptionStyle.EveryObjective));
        // Sent again from the refused page, which now knows the current scheme, it is saved as typed there.
        await teacher.SubmitAsync(refused, "form[data-form=scheme]", Page(gradebook), new Dictionary<string, string> { ["kktp"] = "75" }, 302);
        final = (await (await teacher.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/final-grades"))).ReadAsJsonAsync<FinalGradeSheet>())!;
        final.Scheme.ShouldBe(new GradingScheme(3, 0, 1, 75, DescriptionStyle.EveryObjective));
    }
}
