using System.Net;
using System.Text.Json;
using Alba;
using ERaport.Read.Grading;
using ERaport.Web.Api;
using ERaport.Write.Common;

namespace ERaport.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class GradingApiTests(AppFixture app)
{
    private TestSchool School => app.School;

    private static string Scores(Guid gradebookId) => $"/api/gradebooks/{gradebookId}/scores";

    private static object Cell(Guid student, string assessment, object? value, int? seen = null) =>
        new { studentId = student, assessment, value, seen };

    private static async Task<IScenarioResult> Save(TestBrowser browser, Guid gradebookId, object body, int status) =>
        await browser.SendAsync(s =>
        {
            s.Post.Json(body).ToUrl(Scores(gradebookId));
            s.StatusCodeShouldBe(status);
        });

    private static async Task<GradeSheet> Sheet(TestBrowser browser, Guid gradebookId) =>
        (await (await browser.SendAsync(s => s.Get.Url(Scores(gradebookId)))).ReadAsJsonAsync<GradeSheet>())!;

    [Fact]
    public async Task teacher_records_a_whole_class_and_reads_it_back_at_once()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var cells = School.Students.SelectMany((s, i) => TestSchool.Assessments.Select((a, j) => Cell(s, a, 60 + i * 5 + j))).ToList();

        var answer = (await (await Save(teacher, gradebook, new { commandId = Guid.NewGuid(), scores = cells }, 200)).ReadAsJsonAsync<CommandAccepted>())!;

        answer.Changes.ShouldBe(25);
        answer.Sequence.ShouldBeGreaterThan(0);
        // No waiting here: the read waits for the sequence the save produced (read-your-writes).
        var sheet = await Sheet(teacher, gradebook);
        sheet.Filled.ShouldBe(25);
        sheet.Students.Single(s => s.StudentId == School.Students[2]).Scores["sas-tes"].Value.ShouldBe(73);
        sheet.Students.Single(s => s.StudentId == School.Students[2]).Scores["sas-tes"].ChangedBy.ShouldBe("guru.mtk");
    }

    [Fact]
    public async Task the_same_command_sent_twice_gives_one_event_and_the_same_answer()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var body = new { commandId = Guid.NewGuid(), scores = new[] { Cell(School.Students[0], "tp1", 80) } };

        var first = await (await Save(teacher, gradebook, body, 200)).ReadAsTextAsync();
        var second = await (await Save(teacher, gradebook, body, 200)).ReadAsTextAsync();

        second.ShouldBe(first);
        var events = await app.EventsAsync(StreamKeys.Gradebook(School.SchoolId, gradebook));
        events.Count(e => e.Data is ERaport.Write.Grading.ScoresRecorded).ShouldBe(1);
    }

    /// <summary>A client (or a page) that reuses a command id for a new score must not hear "saved" while nothing is stored.</summary>
    [Fact]
    public async Task a_command_id_sent_again_with_other_cells_is_refused_and_stores_nothing()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var commandId = Guid.NewGuid();
        await Save(teacher, gradebook, new { commandId, scores = new[] { Cell(School.Students[0], "tp1", 80) } }, 200);
        var before = await app.EventCountAsync();

        var reused = await Save(teacher, gradebook, new { commandId, scores = new[] { Cell(School.Students[1], "tp1", 75) } }, 409);

        (await reused.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("command.id_reused");
        (await app.EventCountAsync()).ShouldBe(before);
        (await Sheet(teacher, gradebook)).Students.Single(s => s.StudentId == School.Students[1]).Scores.ShouldNotContainKey("tp1");
    }

    [Fact]
    public async Task every_event_says_who_through_what_and_in_which_request()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        await Save(teacher, gradebook, new { commandId = Guid.NewGuid(), scores = new[] { Cell(School.Students[0], "tp1", 80) } }, 200);

        var recorded = (await app.EventsAsync(StreamKeys.Gradebook(School.SchoolId, gradebook))).Single(e => e.Data is ERaport.Write.Grading.ScoresRecorded);

        recorded.UserName.ShouldBe("guru.mtk");
        recorded.CorrelationId.ShouldNotBeNullOrEmpty();
        recorded.GetHeader(CommandPipeline.SourceHeader)!.ToString().ShouldBe("Api");
        recorded.GetHeader(CommandPipeline.CommandIdHeader).ShouldNotBeNull();
    }

    [Fact]
    public async Task correction_without_reason_is_rejected_and_nothing_is_stored()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        await Save(teacher, gradebook, new { commandId = Guid.NewGuid(), scores = new[] { Cell(School.Students[0], "tp1", 80) } }, 200);
        var before = await app.EventCountAsync();

        var result = await teacher.SendAsync(s =>
        {
            s.Post.Json(new { commandId = Guid.NewGuid(), studentId = School.Students[0], assessment = "tp1", seen = 80, value = 85, reason = " " })
                .ToUrl($"/api/gradebooks/{gradebook}/corrections");
            s.StatusCodeShouldBe(400);
        });

        (await result.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("correction.reason_required");
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task correction_with_a_reason_changes_the_value_and_keeps_before_and_after()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        await Save(teacher, gradebook, new { commandId = Guid.NewGuid(), scores = new[] { Cell(School.Students[1], "tp2", 70) } }, 200);

        await teacher.SendAsync(s =>
        {
            s.Post.Json(new { commandId = Guid.NewGuid(), studentId = School.Students[1], assessment = "tp2", seen = 70, value = "78", reason = "Salah ketik" })
                .ToUrl($"/api/gradebooks/{gradebook}/corrections");
            s.StatusCodeShouldBe(200);
        });

        (await Sheet(teacher, gradebook)).Students.Single(s => s.StudentId == School.Students[1]).Scores["tp2"].Value.ShouldBe(78);
        var history = (await (await teacher.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/students/{School.Students[1]}/history")))
            .ReadAsJsonAsync<List<ScoreChange>>())!;
        history.Select(h => (h.Kind, h.Before, h.After, h.Reason)).ShouldBe(
        [
            (ScoreChangeKind.Corrected, 70, 78, "Salah ketik"),
            (ScoreChangeKind.Recorded, null, 70, null),
        ]);
        history.ShouldAllBe(h => h.Source == "Api" && h.ChangedByName == "Bambang Matematika");
    }

    [Fact]
    public async Task correction_with_a_stale_seen_value_is_a_conflict_showing_the_current_value_and_who_set_it()
    {
        var gradebook = await app.OpenGradebookAsync();
        var tab1 = await app.SignInAsync("guru.mtk");
        var tab2 = tab1.NewTab();
        await Save(tab1, gradebook, new { commandId = Guid.NewGuid(), scores = new[] { Cell(School.Students[0], "tp1", 60) } }, 200);
        await Save(tab1, gradebook, new { commandId = Guid.NewGuid(), reason = "Remedial", scores = new[] { Cell(School.Students[0], "tp1", 75, seen: 60) } }, 200);
        var before = await app.EventCountAsync();

        // The second tab still shows 60.
        var result = await Save(tab2, gradebook, new { commandId = Guid.NewGuid(), reason = "Koreksi", scores = new[] { Cell(School.Students[0], "tp1", 65, seen: 60) } }, 409);

        var problem = (await result.ReadAsJsonAsync<ApiProblem>())!;
        problem.Code.ShouldBe("score.conflict");
        var details = (JsonElement)(object)problem.Errors.Single().Details!["current"]!;
        details.GetInt32().ShouldBe(75);
        ((JsonElement)(object)problem.Errors.Single().Details!["changedBy"]!).GetString().ShouldBe("guru.mtk");
        problem.Title.ShouldContain("75");
        (await app.EventCountAsync()).ShouldBe(before);
        (await Sheet(tab1, gradebook)).Students.Single(s => s.StudentId == School.Students[0]).Scores["tp1"].Value.ShouldBe(75);
    }

    [Fact]
    public async Task saves_of_different_cells_from_two_tabs_never_conflict()
    {
        var gradebook = await app.OpenGradebookAsync();
        var tab1 = await app.SignInAsync("guru.mtk");
        var tab2 = tab1.NewTab();

        var saves = School.Students.Select((student, i) =>
            Save(i % 2 == 0 ? tab1 : tab2, gradebook, new { commandId = Guid.NewGuid(), scores = new[] { Cell(student, "tp3", 70 + i) } }, 200));
        await Task.WhenAll(saves);
        await app.CatchUpAsync();

        (await Sheet(tab1, gradebook)).Filled.ShouldBe(School.Students.Count);
    }

    public static TheoryData<string, object, string> BadCells => new()
    {
        { "out of range", Cell(Guid.Empty, "tp1", 101), "score.out_of_range" },
        { "negative", Cell(Guid.Empty, "tp1", -1), "score.out_of_range" },
        { "not a number", Cell(Guid.Empty, "tp1", "delapan puluh"), "score.not_a_number" },
        { "decimal", Cell(Guid.Empty, "tp1", 85.5), "score.not_whole" },
        { "decimal with comma", Cell(Guid.Empty, "tp1", "85,5"), "score.not_whole" },
        { "unknown assessment", Cell(Guid.Empty, "tp9", 80), "assessment.unknown" },
    };

    [Theory]
    [MemberData(nameof(BadCells))]
    public async Task a_bad_cell_is_rejected_with_a_clear_message_and_nothing_is_stored(string why, object cell, string code)
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        // Guid.Empty stands for "the first student" in the theory data.
        var json = JsonSerializer.Serialize(cell).Replace(Guid.Empty.ToString(), School.Students[0].ToString());
        var good = Cell(School.Students[1], "tp1", 90);
        var before = await app.EventCountAsync();

        var result = await Save(teacher, gradebook,
            new { commandId = Guid.NewGuid(), scores = new[] { good, JsonSerializer.Deserialize<JsonElement>(json) } }, 400);

        var problem = (await result.ReadAsJsonAsync<ApiProblem>())!;
        problem.Code.ShouldBe(code, why);
        problem.Title.ShouldNotBeNullOrWhiteSpace();
        (await app.EventCountAsync()).ShouldBe(before, "one bad cell must not leave half a save behind");
    }

    [Fact]
    public async Task a_student_of_another_class_is_rejected()
    {
        var teacher = await app.SignInAsync("guru.mtk");
        var result = await Save(teacher, School.MathGradebook,
            new { commandId = Guid.NewGuid(), scores = new[] { Cell(School.OtherClassStudent, "tp1", 80) } }, 400);
        (await result.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("student.not_in_class");
    }

    [Theory]
    [InlineData("{\"commandId\": ", "application/json", 400, "request.malformed")]
    [InlineData("{\"commandId\": \"not-a-guid\", \"scores\": []}", "application/json", 400, "request.malformed")]
    [InlineData("{\"commandId\": \"6f1c1a52-5d6e-4a43-9a55-0d6a3c1c3a11\", \"scores\": [{\"studentId\": \"6f1c1a52-5d6e-4a43-9a55-0d6a3c1c3a11\", \"assessment\": \"tp1\", \"value\": 80, \"reasn\": \"salah ketik\"}]}", "application/json", 400, "request.unknown_field")]
    [InlineData("null", "application/json", 400, "request.empty")]
    [InlineData("commandId=1", "application/x-www-form-urlencoded", 415, "request.unsupported_media_type")]
    [InlineData("{\"commandId\": \"6f1c1a52-5d6e-4a43-9a55-0d6a3c1c3a11\", \"scores\": []}", "application/json", 400, "scores.empty")]
    [InlineData("{\"scores\": [{\"studentId\": \"6f1c1a52-5d6e-4a43-9a55-0d6a3c1c3a11\", \"assessment\": \"tp1\", \"value\": 80}]}", "application/json", 400, "command.id_missing")]
    public async Task malformed_requests_get_a_4xx_with_a_stable_code(string body, string contentType, int status, string code)
    {
        var teacher = await app.SignInAsync("guru.mtk");
        var before = await app.EventCountAsync();

        var result = await teacher.SendAsync(s =>
        {
            s.Post.Text(body).ToUrl(Scores(School.MathGradebook));
            s.WithRequestHeader("Content-Type", contentType);
            s.StatusCodeShouldBe(status);
        });

        (await result.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe(code);
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("guru.bio")]
    [InlineData("kepsek")]
    [InlineData("admin")]
    [InlineData("wali.x1")]
    public async Task only_the_teacher_of_record_may_change_scores(string userName)
    {
        var other = await app.SignInAsync(userName);
        var before = await app.EventCountAsync();

        var result = await Save(other, School.MathGradebook, new { commandId = Guid.NewGuid(), scores = new[] { Cell(School.Students[0], "tp1", 99) } }, 403);

        (await result.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("gradebook.not_teacher_of_record");
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_teacher_cannot_read_another_teachers_gradebook()
    {
        var biology = await app.SignInAsync("guru.bio");
        await biology.SendAsync(s =>
        {
            s.Get.Url(Scores(School.MathGradebook));
            s.StatusCodeShouldBe(403);
        });
    }

    [Fact]
    public async Task anonymous_api_calls_get_401_and_pages_redirect_to_login()
    {
        await app.Host.Scenario(s =>
        {
            s.Post.Json(new { commandId = Guid.NewGuid(), scores = new[] { Cell(School.Students[0], "tp1", 80) } }).ToUrl(Scores(School.MathGradebook));
            s.StatusCodeShouldBe(401);
        });
        var page = await app.Host.Scenario(s =>
        {
            s.Get.Url($"/nilai/{School.MathGradebook}");
            s.StatusCodeShouldBe(302);
        });
        page.Context.Response.Headers.Location.ToString().ShouldContain("/masuk?ReturnUrl=");
    }

    [Fact]
    public async Task wrong_password_is_refused_with_a_message()
    {
        var result = await app.Host.Scenario(s =>
        {
            s.Post.Json(new { userName = "guru.mtk", password = "salah" }).ToUrl("/api/session");
            s.StatusCodeShouldBe(401);
        });
        (await result.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("auth.invalid_credentials");
    }

    [Fact]
    public async Task the_openapi_document_describes_the_grading_api()
    {
        var result = await app.Host.Scenario(s => s.Get.Url("/openapi/v1.json"));
        var document = await result.ReadAsTextAsync();
        document.ShouldContain("/api/gradebooks/{gradebookId}/scores");
        document.ShouldContain("/api/gradebooks/{gradebookId}/corrections");
        document.ShouldContain("/api/gradebooks/{gradebookId}/students/{studentId}/history");
    }
}
