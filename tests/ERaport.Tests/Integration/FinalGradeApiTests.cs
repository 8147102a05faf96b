using Alba;
using ERaport.Read.Grading;
using ERaport.Web.Api;
using ERaport.Write.Common;
using ERaport.Write.Grading;

namespace ERaport.Tests.Integration;

/// <summary>Final grades through the JSON API: calculated on the write side with every score save, read back
/// at once (read-your-writes), overrides and descriptions kept beside the calculation.</summary>
[Collection(AppCollection.Name)]
public sealed class FinalGradeApiTests(AppFixture app)
{
    private TestSchool School => app.School;

    private static readonly string[] FourObjectives = ["Menganalisis teks eksposisi", "Menulis teks argumentasi", "Menyimak teks anekdot", "Mempresentasikan hasil diskusi"];

    // Student 0 gets the worked example of domain.md: SLM 85, 83, 60, 84; SAS 80 and 90 → NA 82.
    private static int[] ScoresOf(int student) => student == 0
        ? [85, 83, 60, 84, 80, 90]
        : [60 + student * 7, 75 + student, 90 - student * 3, 66 + student * 2, 70 + student * 5, 85 - student];

    private static readonly string[] Columns = ["tp1", "tp2", "tp3", "tp4", Assessment.SemesterTest, Assessment.SemesterNonTest];

    /// <summary>A gradebook of X-1 for guru.mtk with four TPs, of a subject with the given KKTP.</summary>
    private async Task<Guid> OpenGradebookAsync(int kktp = 70)
    {
        var system = new Actor(Guid.Empty, "sistem", TestSchool.Id);
        var subjectId = Guid.NewGuid();
        var gradebookId = Guid.NewGuid();
        var tag = TestSchool.NewSubjectTag();
        (await app.SendAsync(new ERaport.Write.School.AddSubject(Guid.NewGuid(), subjectId, "Bahasa " + tag,
            "B" + tag, "Umum", 3, false, kktp, system, EntrySource.Seed))).IsAccepted.ShouldBeTrue();
        (await app.SendAsync(new OpenGradebook(Guid.NewGuid(), gradebookId, School.TermId, School.ClassId, subjectId,
            School.User("guru.mtk").UserId, FourObjectives, system, EntrySource.Seed))).IsAccepted.ShouldBeTrue();
        return gradebookId;
    }

    private async Task<(Guid Gradebook, TestBrowser Teacher)> WholeClassAsync()
    {
        var gradebook = await OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var cells = School.Students.SelectMany((s, i) => Columns.Select((c, j) => new { studentId = s, assessment = c, value = ScoresOf(i)[j] })).ToList();
        await Post(teacher, $"/api/gradebooks/{gradebook}/scores", new { commandId = Guid.NewGuid(), scores = cells });
        return (gradebook, teacher);
    }

    private static async Task<IScenarioResult> Post(TestBrowser browser, string url, object body, int status = 200) =>
        await browser.SendAsync(s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(status);
        });

    private static async Task<FinalGradeSheet> FinalGrades(TestBrowser browser, Guid gradebook) =>
        (await (await browser.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/final-grades"))).ReadAsJsonAsync<FinalGradeSheet>())!;

    private static async Task<List<ScoreChange>> History(TestBrowser browser, Guid gradebook, Guid student) =>
        (await (await browser.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/students/{student}/history")))
            .ReadAsJsonAsync<List<ScoreChange>>())!;

    [Fact]
    public async Task a_whole_class_entered_has_every_final_grade_at_once_equal_to_the_calculation()
    {
        var (gradebook, teacher) = await WholeClassAsync();

        var sheet = await FinalGrades(teacher, gradebook);

        sheet.Students.Count.ShouldBe(School.Students.Count);
        foreach (var (studentId, i) in School.Students.Select((s, i) => (s, i)))
        {
            var scores = ScoresOf(i);
            var expected = FinalGrade.Calculate([scores[0], scores[1], scores[2], scores[3]], [scores[4], scores[5]], null, Weights.Default);
            var row = sheet.Students.Single(s => s.StudentId == studentId);
            (row.Calculated, row.Complete, row.SlmMean, row.Sas, row.Override).ShouldBe((expected.Value, true, expected.SlmMean, expected.Sas, (int?)null));
            row.Achievements.Select(a => a.Achieved).ShouldBe(scores.Take(4).Select(v => (bool?)(v >= 70)));
            row.Generated.ShouldNotBeNullOrWhiteSpace();
        }
        var worked = sheet.Students.Single(s => s.StudentId == School.Students[0]);
        worked.Calculated.ShouldBe(82);
        worked.Generated.ShouldBe("Menunjukkan penguasaan yang baik dalam menganalisis teks eksposisi, menulis teks argumentasi, " +
                                  "mempresentasikan hasil diskusi. Perlu ditingkatkan dalam menyimak teks anekdot.");
        sheet.CompleteCount.ShouldBe(School.Students.Count);

        var grid = (await (await teacher.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/scores"))).ReadAsJsonAsync<GradeSheet>())!;
        grid.Students.Single(s => s.StudentId == School.Students[0]).FinalGrade.ShouldBe(new SheetFinalGrade(82, true, null));
    }

    [Fact]
    public async Task a_final_grade_stays_incomplete_until_the_last_part_is_scored()
    {
        var gradebook = await OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var student = School.Students[0];
        await Post(teacher, $"/api/gradebooks/{gradebook}/scores", new
        {
            commandId = Guid.NewGuid(),
            scores = Columns.Take(5).Select((c, j) => new { studentId = student, assessment = c, value = ScoresOf(0)[j] }),
        });

        var before = (await FinalGrades(teacher, gradebook)).Students.Single(s => s.StudentId == student);
        (before.Calculated, before.Complete, before.SlmMean, before.Sas).ShouldBe(((int?)null, false, (decimal?)78m, (decimal?)80m));

        await Post(teacher, $"/api/gradebooks/{gradebook}/scores", new
        {
            commandId = Guid.NewGuid(),
            scores = new[] { new { studentId = student, assessment = Assessment.SemesterNonTest, value = 90 } },
        });
        (await FinalGrades(teacher, gradebook)).Students.Single(s => s.StudentId == student).Calculated.ShouldBe(82);
    }

    [Fact]
    public async Task an_override_with_a_reason_keeps_the_calculated_grade_and_the_override()
    {
        var (gradebook, teacher) = await WholeClassAsync();
        var student = School.Students[0];

        await Post(teacher, $"/api/gradebooks/{gradebook}/final-grades/{student}/override",
            new { commandId = Guid.NewGuid(), value = 86, seen = (int?)null, reason = "Nilai praktik susulan" });

        var row = (await FinalGrades(teacher, gradebook)).Students.Single(s => s.StudentId == student);
        (row.Calculated, row.Override, row.OverrideReason, row.OverriddenBy).ShouldBe(((int?)82, (int?)86, "Nilai praktik susulan", "guru.mtk"));
        row.Final.ShouldBe(86);
        var overridden = (await History(teacher, gradebook, student)).First();
        (overridden.Kind, overridden.AssessmentLabel, overridden.Before, overridden.After, overridden.Reason, overridden.Source)
            .ShouldBe((ScoreChangeKind.Overridden, "Nilai akhir", (int?)82, (int?)86, "Nilai praktik susulan", "Api"));

        // A later correction moves the calculation, never the override.
        await Post(teacher, $"/api/gradebooks/{gradebook}/corrections",
            new { commandId = Guid.NewGuid(), studentId = student, assessment = "tp3", seen = 60, value = 70, reason = "Remedial" });
        row = (await FinalGrades(teacher, gradebook)).Students.Single(s => s.StudentId == student);
        (row.Calculated, row.Override).ShouldBe(((int?)83, (int?)86));
    }

    [Fact]
    public async Task an_override_without_a_reason_or_from_a_stale_page_is_refused_and_nothing_is_stored()
    {
        var (gradebook, teacher) = await WholeClassAsync();
        var url = $"/api/gradebooks/{gradebook}/final-grades/{School.Students[1]}/override";
        var before = await app.EventCountAsync();

        var noReason = await Post(teacher, url, new { commandId = Guid.NewGuid(), value = 80, reason = " " }, 400);
        (await noReason.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("finalGrade.reason_required");
        var tooHigh = await Post(teacher, url, new { commandId = Guid.NewGuid(), value = 101, reason = "x" }, 400);
        (await tooHigh.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("score.out_of_range");
        (await app.EventCountAsync()).ShouldBe(before);

        await Post(teacher, url, new { commandId = Guid.NewGuid(), value = 80, reason = "Praktik" });
        var stale = await Post(teacher, url, new { commandId = Guid.NewGuid(), value = 81, seen = (int?)null, reason = "Lagi" }, 409);
        (await stale.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("finalGrade.conflict");
    }

    [Fact]
    public async Task correcting_one_score_changes_only_that_students_grade_and_the_history_shows_the_calculation()
    {
        var (gradebook, teacher) = await WholeClassAsync();
        var before = await FinalGrades(teacher, gradebook);
        var student = School.Students[0];

        await Post(teacher, $"/api/gradebooks/{gradebook}/corrections",
            new { commandId = Guid.NewGuid(), studentId = student, assessment = "tp3", seen = 60, value = 76, reason = "Remedial" });

        var after = await FinalGrades(teacher, gradebook);
        after.Students.Single(s => s.StudentId == student).Calculated.ShouldBe(84); // SLM 82, SAS 85 → 83.5
        after.Students.Where(s => s.StudentId != student).Select(s => s.Calculated)
            .ShouldBe(before.Students.Where(s => s.StudentId != student).Select(s => s.Calculated));

        var history = await History(teacher, gradebook, student);
        var calculated = history.First(h => h.Kind == ScoreChangeKind.Calculated);
        (calculated.Before, calculated.After, calculated.Source, calculated.AssessmentLabel).ShouldBe(((int?)82, (int?)84, "Calculation", "Nilai akhir"));
        var correction = history.Single(h => h.Kind == ScoreChangeKind.Corrected);
        correction.Source.ShouldBe("Api");
        calculated.Sequence.ShouldBeGreaterThan(correction.Sequence);

        // In the event store too: the calculation says Calculation, and which command caused it.
        var events = await app.EventsAsync(StreamKeys.Gradebook(School.SchoolId, gradebook));
        var stored = events.Last(e => e.Data is ResultsCalculated r && r.FinalGrades.Any(f => f.StudentId == student));
        stored.GetHeader(CommandPipeline.SourceHeader)!.ToString().ShouldBe("Calculation");
        var cause = events.Last(e => e.Data is ScoreCorrected);
        cause.GetHeader(CommandPipeline.SourceHeader)!.ToString().ShouldBe("Api");
        stored.GetHeader(CommandPipeline.CommandIdHeader)!.ToString().ShouldBe(cause.GetHeader(CommandPipeline.CommandIdHeader)!.ToString());
    }

    [Fact]
    public async Task a_description_written_by_the_teacher_persists_and_later_score_changes_do_not_overwrite_it()
    {
        var (gradebook, teacher) = await WholeClassAsync();
        var student = School.Students[0];
        const string mine = "Ananda menguasai teks eksposisi dengan baik\ndan perlu berlatih menyimak anekdot.";

        await Post(teacher, $"/api/gradebooks/{gradebook}/final-grades/{student}/description",
            new { commandId = Guid.NewGuid(), text = mine, seen = (string?)null });
        await Post(teacher, $"/api/gradebooks/{gradebook}/corrections",
            new { commandId = Guid.NewGuid(), studentId = student, assessment = "tp3", seen = 60, value = 90, reason = "Remedial" });

        var row = (await FinalGrades(teacher, gradebook)).Students.Single(s => s.StudentId == student);
        row.Edited.ShouldBe(mine);
        row.Description.ShouldBe(mine);
        row.Generated.ShouldBe("Menunjukkan penguasaan yang baik dalam menganalisis teks eksposisi, menulis teks argumentasi, " +
                               "menyimak teks anekdot, mempresentasikan hasil diskusi.");
        row.GeneratedChangedSinceEdit.ShouldBeTrue();

        await Post(teacher, $"/api/gradebooks/{gradebook}/final-grades/{student}/description/reset", new { commandId = Guid.NewGuid(), seen = mine });
        row = (await FinalGrades(teacher, gradebook)).Students.Single(s => s.StudentId == student);
        (row.Edited, row.Description).ShouldBe(((string?)null, row.Generated));
    }

    [Fact]
    public async Task a_hand_mark_decides_tercapai_and_the_description_follows()
    {
        var (gradebook, teacher) = await WholeClassAsync();
        var student = School.Students[0];

        await Post(teacher, $"/api/gradebooks/{gradebook}/final-grades/{student}/achievements",
            new { commandId = Guid.NewGuid(), marks = new[] { new { objective = "tp3", achieved = (bool?)true, seen = (bool?)null } } });

        var row = (await FinalGrades(teacher, gradebook)).Students.Single(s => s.StudentId == student);
        row.Achievements.Single(a => a.Objective == "tp3").ShouldBe(new StudentAchievement("tp3", 60, true, ByHand: true));
        row.Generated.ShouldNotContain("Perlu ditingkatkan");
    }

    [Fact]
    public async Task the_description_style_changes_through_the_API_and_an_unknown_one_is_refused_with_a_code()
    {
        var (gradebook, teacher) = await WholeClassAsync();
        var student = School.Students[0];

        var unknown = await Post(teacher, $"/api/gradebooks/{gradebook}/scheme",
            new { commandId = Guid.NewGuid(), weightSlm = 1, weightSts = 0, weightSas = 1, kktp = 70, descriptionStyle = "1" }, 400);
        (await unknown.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("descriptionStyle.invalid");
        await Post(teacher, $"/api/gradebooks/{gradebook}/scheme",
            new { commandId = Guid.NewGuid(), weightSlm = 1, weightSts = 0, weightSas = 1, kktp = 70, descriptionStyle = "strongestAndWeakest" });

        // The worked example: TP1 85 is the strongest, TP3 60 the only one missed.
        (await FinalGrades(teacher, gradebook)).Students.Single(s => s.StudentId == student).Generated
            .ShouldBe("Menunjukkan penguasaan yang baik dalam menganalisis teks eksposisi. Perlu ditingkatkan dalam menyimak teks anekdot.");
        // Left out, the style stays as it is.
        await Post(teacher, $"/api/gradebooks/{gradebook}/scheme", new { commandId = Guid.NewGuid(), weightSlm = 1, weightSts = 0, weightSas = 1, kktp = 75 });
        (await FinalGrades(teacher, gradebook)).Scheme.ShouldBe(new GradingScheme(1, 0, 1, 75, DescriptionStyle.StrongestAndWeakest));
    }

    [Fact]
    public async Task TPs_and_weights_change_through_the_API_and_the_grades_follow()
    {
        var (gradebook, teacher) = await WholeClassAsync();
        var student = School.Students[0];

        await Post(teacher, $"/api/gradebooks/{gradebook}/scheme", new { commandId = Guid.NewGuid(), weightSlm = 1, weightSts = 0, weightSas = 2, kktp = 75 });
        (await FinalGrades(teacher, gradebook)).Students.Single(s => s.StudentId == student).Calculated.ShouldBe(83); // (78 + 170) / 3

        await Post(teacher, $"/api/gradebooks/{gradebook}/objectives", new { commandId = Guid.NewGuid(), description = "Menulis cerpen" });
        var objectives = (await (await teacher.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/objectives"))).ReadAsJsonAsync<GradebookObjectives>())!;
        objectives.Objectives.Select(o => o.Key).ShouldBe(["tp1", "tp2", "tp3", "tp4", "tp5"]);
        objectives.Scheme.ShouldBe(new GradingScheme(1, 0, 2, 75, DescriptionStyle.EveryObjective));
        (await FinalGrades(teacher, gradebook)).Students.ShouldAllBe(s => s.Calculated == null && !s.Complete);

        var noReason = await Post(teacher, $"/api/gradebooks/{gradebook}/objectives/tp3/remove", new { commandId = Guid.NewGuid() }, 400);
        (await noReason.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("learningObjective.reason_required");
        await Post(teacher, $"/api/gradebooks/{gradebook}/objectives/tp5/remove", new { commandId = Guid.NewGuid() });
        await Post(teacher, $"/api/gradebooks/{gradebook}/objectives/tp3/remove", new { commandId = Guid.NewGuid(), reason = "Digabung dengan TP2" });

        (await FinalGrades(teacher, gradebook)).Students.Single(s => s.StudentId == student).Calculated.ShouldBe(85); // (84 + 2 × 85) / 3 = 84.67
        var sheet = (await (await teacher.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/scores"))).ReadAsJsonAsync<GradeSheet>())!;
        sheet.Assessments.Select(a => a.Key).ShouldBe(["tp1", "tp2", "tp4", Assessment.SemesterTest, Assessment.SemesterNonTest]);
        var removed = (await History(teacher, gradebook, student)).Single(h => h.Kind == ScoreChangeKind.Removed);
        (removed.AssessmentLabel, removed.Before, removed.Reason).ShouldBe(("TP3", (int?)60, "TP3 dihapus: Digabung dengan TP2"));
    }

    [Fact]
    public async Task a_change_of_weights_is_in_each_students_history_and_named_as_the_cause_of_the_final_grade_it_moved()
    {
        var (gradebook, teacher) = await WholeClassAsync();
        var student = School.Students[0];
        var before = (await History(teacher, gradebook, student)).Max(h => h.Sequence);

        var saved = await Post(teacher, $"/api/gradebooks/{gradebook}/scheme", new { commandId = Guid.NewGuid(), weightSlm = 1, weightSts = 0, weightSas = 3, kktp = 75 });
        var after = (await saved.ReadAsJsonAsync<CommandAccepted>())!.Sequence;

        // Newest first: the NA the weights moved (82 → (78 + 3 × 85) / 4 = 83.25), then the weights themselves, before and after.
        var history = await History(teacher, gradebook, student);
        history.Take(2).Select(h => (h.Kind, h.AssessmentLabel, h.Before, h.After, h.Detail)).ShouldBe(
        [
            (ScoreChangeKind.Calculated, "Nilai akhir", (int?)82, (int?)83, (string?)null),
            (ScoreChangeKind.SchemeChanged, "Bobot & KKTP", null, null, "SLM : SAS 1 : 1 → 1 : 3; KKTP 70 → 75"),
        ]);
        (history[1].ChangedByName, history[1].Source).ShouldBe(("Bambang Matematika", "Api"));
        (await History(teacher, gradebook, School.Students[1])).ShouldContain(h => h.Kind == ScoreChangeKind.SchemeChanged, "every student's NA follows the weights");

        // The principal comparing the card before and after sees the weights, not only "recalculated", as why the NA moved.
        var principal = await app.SignInAsync("kepsek");
        var diff = (await (await principal.SendAsync(s => s.Get.Url($"/api/report-cards/{School.ClassId}/{student}/diff?fromSequence={before}&toSequence={after}")))
            .ReadAsJsonAsync<ERaport.Read.ReportCards.ReportCardDifference>())!;
        var moved = diff.Changes.Single(c => c.Change.Item == "Nilai akhir" && c.Change.Before == "82");
        moved.Change.After.ShouldBe("83");
        moved.Causes.Single(c => c.Score?.Kind == ScoreChangeKind.SchemeChanged).Score!.Detail.ShouldBe("SLM : SAS 1 : 1 → 1 : 3; KKTP 70 → 75");
    }

    [Fact]
    public async Task a_new_tp_is_in_each_students_history_as_why_the_final_grade_became_incomplete()
    {
        var (gradebook, teacher) = await WholeClassAsync();

        await Post(teacher, $"/api/gradebooks/{gradebook}/objectives", new { commandId = Guid.NewGuid(), description = "Menulis cerpen" });

        var history = await History(teacher, gradebook, School.Students[0]);
        history.Take(2).Select(h => (h.Kind, h.AssessmentLabel, h.Before, h.After, h.Detail)).ShouldBe(
        [
            (ScoreChangeKind.Calculated, "Nilai akhir", (int?)82, (int?)null, (string?)null),
            (ScoreChangeKind.ObjectiveAdded, "TP5", null, null, "Menulis cerpen"),
        ]);
        history[1].ChangedByName.ShouldBe("Bambang Matematika");
    }

    /// <summary>A TP reworded changes every generated description, a TP removed every NA (a student without a score of it too): each
    /// is a line of the whole gradebook in every student's history, in the history explorer (its own kind, filtered with the weights)
    /// and in its CSV. A reworded TP's line shows the wording before and after, the words taken out and put in marked.</summary>
    [Fact]
    public async Task a_reworded_or_removed_tp_is_in_each_students_history_in_the_history_explorer_and_its_csv_the_reworded_words_marked()
    {
        var (gradebook, teacher) = await WholeClassAsync();
        var before = (await History(teacher, gradebook, School.Students[0])).Max(h => h.Sequence);

        const string reworded = "Menyusun teks argumentasi yang runtut";
        await Post(teacher, $"/api/gradebooks/{gradebook}/objectives/tp2",
            new { commandId = Guid.NewGuid(), description = reworded, seen = FourObjectives[1] });
        var removedAt = (await (await Post(teacher, $"/api/gradebooks/{gradebook}/objectives/tp3/remove",
            new { commandId = Guid.NewGuid(), reason = "Digabung dengan TP2" })).ReadAsJsonAsync<CommandAccepted>())!.Sequence;

        foreach (var student in School.Students.Take(2))
        {
            var history = await History(teacher, gradebook, student);
            var revised = history.Single(h => h.Kind == ScoreChangeKind.ObjectiveRevised);
            (revised.AssessmentLabel, revised.DetailBefore, revised.Detail, revised.ChangedByName, revised.Source)
                .ShouldBe(("TP2", FourObjectives[1], reworded, "Bambang Matematika", "Api"));
            var removed = history.Single(h => h.Kind == ScoreChangeKind.ObjectiveRemoved);
            (removed.AssessmentLabel, removed.Detail, removed.Reason).ShouldBe(("TP3", FourObjectives[2], "Digabung dengan TP2"));
            history.IndexOf(removed).ShouldBeLessThan(history.IndexOf(revised), "newest first");
        }
        // "Menulis teks argumentasi" → "Menyusun teks argumentasi yang runtut": one word taken out, one put in and two added at the end.
        static void Marked(AngleSharp.Dom.IElement? row, string? why = null)
        {
            row.ShouldNotBeNull(why);
            row.QuerySelector("[data-before]")!.TextContent.ShouldContain(FourObjectives[1]);
            row.QuerySelectorAll("[data-before] del").Select(d => d.TextContent).ShouldBe(["Menulis"]);
            row.QuerySelector("[data-after]")!.TextContent.ShouldContain(reworded);
            row.QuerySelectorAll("[data-after] ins").Select(d => d.TextContent).ShouldBe(["Menyusun", "yang runtut"]);
        }
        var ownHistory = await teacher.GetPageAsync($"/riwayat/{gradebook}/{School.Students[0]}");
        Marked(ownHistory.QuerySelectorAll("table.history tbody tr").SingleOrDefault(r => r.TextContent.Contains("TP diubah")));

        var principal = await app.SignInAsync("kepsek");
        var filter = $"StudentId={School.Students[0]}&Kind=Scheme&PageSize=500";
        var api = (await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes?{filter}"))).ReadAsJsonAsync<ERaport.Read.Audit.HistoryPage>())!
            .Entries.Where(e => e.GradebookId == gradebook).ToList();
        api.Select(e => (e.Kind, e.AssessmentLabel, e.DetailBefore, e.Detail)).ShouldBe(
        [
            (ScoreChangeKind.ObjectiveRemoved, "TP3", null, FourObjectives[2]),
            (ScoreChangeKind.ObjectiveRevised, "TP2", FourObjectives[1], reworded),
        ]);
        var page = await principal.GetPageAsync($"/audit?{filter}");
        var rows = page.QuerySelectorAll("table.explorer tbody tr").ToList();
        Marked(rows.SingleOrDefault(r => r.TextContent.Contains("TP diubah") && r.TextContent.Contains(reworded)), "the student's other gradebooks have theirs");
        rows.ShouldContain(r => r.TextContent.Contains("TP dihapus") && r.TextContent.Contains(FourObjectives[2]) && r.TextContent.Contains("Digabung dengan TP2"));
        // The CSV's "Rincian sebelumnya" and "Rincian": the wording before and after.
        var csv = await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes.csv?{filter}"))).ReadAsTextAsync();
        csv.Split('\n').ShouldContain(line => line.Contains(";TP2;TP diubah;") && line.Contains($";{reworded};{FourObjectives[1]};"));
        csv.Split('\n').ShouldContain(line => line.Contains(";TP3;TP dihapus;") && line.Contains("Digabung dengan TP2"));

        // The rapor comparison names the removed TP as why the NA moved: SLM (85 + 83 + 84) / 3 = 84, SAS 85 → 84.5 → 85.
        var diff = (await (await principal.SendAsync(s => s.Get.Url($"/api/report-cards/{School.ClassId}/{School.Students[0]}/diff?fromSequence={before}&toSequence={removedAt}")))
            .ReadAsJsonAsync<ERaport.Read.ReportCards.ReportCardDifference>())!;
        var moved = diff.Changes.Single(c => c.Change.Item == "Nilai akhir" && c.Change.Before == "82");
        moved.Change.After.ShouldBe("85");
        moved.Causes.ShouldContain(c => c.Score!.Kind == ScoreChangeKind.ObjectiveRemoved && c.Score.Detail == FourObjectives[2]);
    }

    [Theory]
    [InlineData("guru.bio")]
    [InlineData("kepsek")]
    [InlineData("wali.x1")]
    [InlineData("admin")]
    public async Task only_the_teacher_of_record_may_override_mark_or_edit(string userName)
    {
        var other = await app.SignInAsync(userName);
        var student = School.Students[0];
        var before = await app.EventCountAsync();
        var basePath = $"/api/gradebooks/{School.MathGradebook}";

        foreach (var (url, body) in new (string, object)[]
        {
            ($"{basePath}/final-grades/{student}/override", new { commandId = Guid.NewGuid(), value = 90, reason = "x" }),
            ($"{basePath}/final-grades/{student}/description", new { commandId = Guid.NewGuid(), text = "x" }),
            ($"{basePath}/final-grades/{student}/achievements", new { commandId = Guid.NewGuid(), marks = new[] { new { objective = "tp1", achieved = true } } }),
            ($"{basePath}/objectives", new { commandId = Guid.NewGuid(), description = "x" }),
            ($"{basePath}/scheme", new { commandId = Guid.NewGuid(), weightSlm = 1, weightSts = 0, weightSas = 1, kktp = 60 }),
        })
        {
            var result = await Post(other, url, body, 403);
            (await result.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("gradebook.not_teacher_of_record", url);
        }
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task the_final_grades_of_a_gradebook_are_shown_only_to_those_who_may_see_its_scores()
    {
        var biology = await app.SignInAsync("guru.bio");
        await biology.SendAsync(s =>
        {
            s.Get.Url($"/api/gradebooks/{School.MathGradebook}/final-grades");
            s.StatusCodeShouldBe(403);
        });
        var homeroom = await app.SignInAsync("wali.x1");
        (await FinalGrades(homeroom, School.MathGradebook)).Students.Count.ShouldBe(School.Students.Count);
    }
}
