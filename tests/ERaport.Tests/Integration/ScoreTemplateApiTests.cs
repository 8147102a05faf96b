using System.Net.Http.Headers;
using System.Text.Json;
using ERaport.Read.Grading;
using ERaport.Tests.Unit.Grading;
using ERaport.Web.Documents;
using ERaport.Write.Common;
using static ERaport.Tests.Unit.Grading.TemplateFiles;

namespace ERaport.Tests.Integration;

[Collection(AppCollection.Name)]
public sealed class ScoreTemplateApiTests(AppFixture app)
{
    private TestSchool School => app.School;

    private static string Url(Guid gradebook) => $"/api/gradebooks/{gradebook}/template";

    /// <summary>NISN of the test school's student <paramref name="i"/> (in class order).</summary>
    private static string Nisn(int i) => $"00{i:00}123456";

    private static async Task<byte[]> Download(TestBrowser browser, Guid gradebook)
    {
        var result = await browser.SendAsync(s =>
        {
            s.Get.Url(Url(gradebook));
            s.StatusCodeShouldBe(200);
        });
        result.Context.Response.ContentType.ShouldBe(Spreadsheet.ContentType);
        var body = result.Context.Response.Body;
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy);
        return copy.ToArray();
    }

    internal static async Task<(int Status, JsonElement Body)> Upload(TestBrowser browser, Guid gradebook, byte[] file, string? reason = null,
        Guid? commandId = null, string fileName = "nilai.xlsx", string contentType = Spreadsheet.ContentType)
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(part, "file", fileName);
        if (reason is not null)
            content.Add(new StringContent(reason), "reason");
        content.Add(new StringContent((commandId ?? Guid.NewGuid()).ToString()), "commandId");
        var result = await browser.SendAsync(s =>
        {
            s.Post.MultipartFormData(content).ToUrl(Url(gradebook));
            s.IgnoreStatusCode();
        });
        var text = await result.ReadAsTextAsync();
        return (result.Context.Response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task<GradeSheet> Sheet(TestBrowser browser, Guid gradebook) =>
        (await (await browser.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/scores"))).ReadAsJsonAsync<GradeSheet>())!;

    private async Task<List<ScoreChange>> History(TestBrowser browser, Guid gradebook, int student) =>
        [
            .. (await (await browser.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/students/{School.Students[student]}/history")))
                .ReadAsJsonAsync<List<ScoreChange>>())!.Where(h => h.Kind is ScoreChangeKind.Recorded or ScoreChangeKind.Corrected),
        ];

    private static async Task Record(TestBrowser browser, Guid gradebook, Guid student, string assessment, int value, int? seen = null, string? reason = null) =>
        await browser.SendAsync(s =>
        {
            s.Post.Json(new { commandId = Guid.NewGuid(), reason, scores = new[] { new { studentId = student, assessment, value, seen } } })
                .ToUrl($"/api/gradebooks/{gradebook}/scores");
            s.StatusCodeShouldBe(200);
        });

    private static JsonElement[] Errors(JsonElement problem) => problem.GetProperty("errors").EnumerateArray().ToArray();

    [Fact]
    public async Task a_template_filled_offline_with_rows_reordered_and_a_column_added_is_stored_and_its_history_says_spreadsheet()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var template = await Download(teacher, gradebook);
        var table = Table(template);
        table[HeaderRow(table)].Skip(4).ShouldBe(["TP1 – TP satu", "TP2 – TP dua", "TP3 – TP tiga", "SAS Tes", "SAS Non-tes"]);
        for (var i = 0; i < School.Students.Count; i++)
        {
            Set(table, Nisn(i), "TP1", 70 + i);
            Set(table, Nisn(i), "SAS Tes", 80);
        }
        Rename(table, "SAS Tes", "sas tes");
        table = AddColumn(ReverseRows(table), "Keterangan", _ => "sudah dicek");

        var (status, result) = await Upload(teacher, gradebook, Save(template, table));

        status.ShouldBe(200, result.ToString());
        result.GetProperty("changes").GetInt32().ShouldBe(10);
        result.GetProperty("rows").GetInt32().ShouldBe(5);
        var sheet = await Sheet(teacher, gradebook);
        sheet.Students.Select(s => (s.Scores["tp1"].Value, s.Scores["sas-tes"].Value)).ShouldBe([(70, 80), (71, 80), (72, 80), (73, 80), (74, 80)]);
        var history = await History(teacher, gradebook, 2);
        history.Select(h => (h.Assessment, h.Kind, h.After)).ShouldBe([("sas-tes", ScoreChangeKind.Recorded, 80), ("tp1", ScoreChangeKind.Recorded, 72)], ignoreOrder: true);
        history.ShouldAllBe(h => h.Source == "SpreadsheetImport" && h.ChangedByName == "Bambang Matematika");
    }

    [Fact]
    public async Task the_downloaded_template_holds_the_current_scores_and_uploading_it_unchanged_changes_nothing()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        await Record(teacher, gradebook, School.Students[0], "tp2", 66);
        var template = await Download(teacher, gradebook);
        Table(template)[HeaderRow(Table(template)) + 1][Column(Table(template), "TP2")].ShouldBe(66d);
        var before = await app.EventCountAsync();

        var (status, result) = await Upload(teacher, gradebook, template);

        status.ShouldBe(200, result.ToString());
        result.GetProperty("changes").GetInt32().ShouldBe(0);
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task changing_a_filled_cell_is_a_correction_that_needs_the_one_reason_of_the_form()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        await Record(teacher, gradebook, School.Students[1], "tp1", 60);
        var template = await Download(teacher, gradebook);
        var file = Save(template, Set(Set(Table(template), Nisn(1), "TP1", 65), Nisn(1), "TP2", 90));
        var before = await app.EventCountAsync();

        var (refused, problem) = await Upload(teacher, gradebook, file);

        refused.ShouldBe(400, problem.ToString());
        problem.GetProperty("code").GetString().ShouldBe("correction.reason_required");
        (await app.EventCountAsync()).ShouldBe(before);

        var (status, result) = await Upload(teacher, gradebook, file, reason: "Remedial sudah dinilai");

        status.ShouldBe(200, result.ToString());
        result.GetProperty("changes").GetInt32().ShouldBe(2);
        var history = await History(teacher, gradebook, 1);
        history.Select(h => (h.Assessment, h.Kind, h.Before, h.After, h.Reason, h.Source)).ShouldBe(
        [
            ("tp1", ScoreChangeKind.Corrected, 60, 65, "Remedial sudah dinilai", "SpreadsheetImport"),
            ("tp2", ScoreChangeKind.Recorded, null, 90, null, "SpreadsheetImport"),
            ("tp1", ScoreChangeKind.Recorded, null, 60, null, "Api"),
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task a_correction_of_a_cell_changed_since_the_download_is_a_conflict_naming_the_current_value_and_who_changed_it()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        await Record(teacher, gradebook, School.Students[3], "tp3", 80);
        var template = await Download(teacher, gradebook);
        await Record(teacher.NewTab(), gradebook, School.Students[3], "tp3", 85, seen: 80, reason: "Salah ketik");
        var file = Save(template, Set(Set(Table(template), Nisn(3), "TP3", 90), Nisn(0), "TP1", 75));
        var before = await app.EventCountAsync();

        var (status, problem) = await Upload(teacher, gradebook, file, reason: "Ujian ulang");

        status.ShouldBe(409, problem.ToString());
        var conflict = Errors(problem).ShouldHaveSingleItem();
        conflict.GetProperty("code").GetString().ShouldBe("score.conflict");
        conflict.GetProperty("details").GetProperty("row").GetInt32().ShouldBe(HeaderRow(Table(template)) + 5); // header index → sheet row, then the fourth student
        conflict.GetProperty("details").GetProperty("header").GetString().ShouldBe("TP3 – TP tiga");
        conflict.GetProperty("details").GetProperty("value").GetString().ShouldBe("90");
        conflict.GetProperty("message").GetString()!.ShouldContain("guru.mtk menjadi 85");
        (await app.EventCountAsync()).ShouldBe(before);
        await app.CatchUpAsync(); // the correction came from another tab, whose read-your-writes token this one lacks
        (await Sheet(teacher, gradebook)).Students[3].Scores["tp3"].Value.ShouldBe(85);
    }

    [Fact]
    public async Task every_bad_cell_and_row_is_reported_with_row_column_value_and_reason_and_nothing_is_stored()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var template = await Download(teacher, gradebook);
        var table = Set(Set(Set(Set(Table(template), Nisn(0), "TP1", "delapan"), Nisn(1), "TP2", 101), Nisn(2), "TP3", 88), Nisn(3), "TP1", 83.5);
        table.Add([null, "0099123456", "262099", "Fajar Kelas Lain", 70, null, null, null, null]);
        var before = await app.EventCountAsync();

        var (status, problem) = await Upload(teacher, gradebook, Save(template, table));

        status.ShouldBe(400, problem.ToString());
        problem.GetProperty("code").GetString().ShouldBe(ScoreTemplateUpload.RejectedCode);
        var header = HeaderRow(table) + 1;
        Errors(problem).Select(e => (e.GetProperty("details").GetProperty("row").GetInt32(), e.GetProperty("details").GetProperty("column").GetString(),
                e.GetProperty("details").GetProperty("value").GetString(), e.GetProperty("code").GetString()))
            .ShouldBe([(header + 1, "E", "delapan", "score.not_a_number"), (header + 2, "F", "101", "score.out_of_range"),
                (header + 4, "E", "83,5", "score.not_whole"), (header + 6, "B", "NISN 0099123456, NIS 262099", "student.unknown")]);
        Errors(problem)[0].GetProperty("message").GetString()!.ShouldContain("bukan angka");
        Errors(problem)[2].GetProperty("message").GetString()!.ShouldContain("\"83,5\"", customMessage: "as a spreadsheet in Indonesian shows it");
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task the_same_upload_sent_twice_is_stored_once_and_answered_alike()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var template = await Download(teacher, gradebook);
        var file = Save(template, Set(Table(template), Nisn(4), "SAS Non-tes", 77));
        var commandId = Guid.NewGuid();

        var first = await Upload(teacher, gradebook, file, commandId: commandId);
        var second = await Upload(teacher, gradebook, file, commandId: commandId);

        first.Status.ShouldBe(200);
        second.Body.ToString().ShouldBe(first.Body.ToString());
        (await app.EventsAsync(StreamKeys.Gradebook(School.SchoolId, gradebook))).Count(e => e.Data is ERaport.Write.Grading.ScoresRecorded).ShouldBe(1);
    }

    public static TheoryData<string, string, int> BadFiles => new()
    {
        { "empty", "import.empty_file", 400 },
        { "junk", "import.not_a_spreadsheet", 400 },
        { "csv renamed", "import.not_a_spreadsheet", 400 },
        { "zip", "import.not_a_spreadsheet", 400 },
        { "ods", "import.open_document", 400 },
        { "wrong columns", "import.header_not_found", 400 },
        { "10 MB of junk", "import.too_large", 413 },
        { "zip bomb", "import.not_a_spreadsheet", 400 },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task a_bad_file_is_refused_with_a_message_and_nothing_is_stored(string kind, string code, int expected)
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var before = await app.EventCountAsync();

        var (status, problem) = await Upload(teacher, gradebook, ScoreTemplateTests.BadFile(kind));

        status.ShouldBe(expected, problem.ToString());
        problem.GetProperty("code").GetString().ShouldBe(code);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task an_upload_that_is_not_a_multipart_form_is_refused_with_415()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");

        var result = await teacher.SendAsync(s =>
        {
            s.Post.Json(new { file = "nilai.xlsx" }).ToUrl(Url(gradebook));
            s.StatusCodeShouldBe(415);
        });

        (await result.ReadAsJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("request.unsupported_media_type");
    }

    [Fact]
    public async Task the_principal_may_download_but_only_the_teacher_of_record_may_upload()
    {
        var gradebook = await app.OpenGradebookAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var template = await Download(teacher, gradebook);
        var file = Save(template, Set(Table(template), Nisn(0), "TP1", 90));
        var before = await app.EventCountAsync();

        await Download(await app.SignInAsync("kepsek"), gradebook);
        foreach (var other in new[] { "guru.bio", "wali.x1" })
            await (await app.SignInAsync(other)).SendAsync(s =>
            {
                s.Get.Url(Url(gradebook));
                s.StatusCodeShouldBe(403);
            });
        foreach (var other in new[] { "kepsek", "guru.bio", "wali.x1", "admin" })
            (await Upload(await app.SignInAsync(other), gradebook, file)).Status.ShouldBe(403, other);
        (await app.EventCountAsync()).ShouldBe(before);
    }
}
