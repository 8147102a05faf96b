using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Alba;
using static ERaport.Tests.Unit.School.DapodikFiles;

namespace ERaport.Tests.Integration;

/// <summary>Issue 7's hostile-input corpus: junk in every field of the API, the forms and the student import. Each
/// input must get a 4xx with a clear message (a problem with a code from the API, a Bahasa Indonesia message on a
/// form), store nothing, and never be echoed unescaped. Runs in the master-data collection, whose school it probes.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class HostileInputTests(MasterDataFixture app)
{
    /// <summary>Hostile text, by name (theory data stays short and readable; the text is built at run time).</summary>
    private static readonly Dictionary<string, string> Texts = new()
    {
        ["nul"] = "Adi\0Nugroho",
        ["terminal escape"] = "Adi\u0007\u001b[31mNugroho",
        ["line break"] = "Adi\r\nNugroho",
        ["rtl override"] = "Adi \u202Eorohgun",
        ["zero-width space"] = "Adi\u200BNugroho",
        ["only zero-width"] = "\u200B\u200C\u200D",
        ["bom inside"] = "Adi\uFEFFNugroho",
        ["lone high surrogate"] = "Adi\uD800",
        ["lone low surrogate"] = "\uDC00Adi",
        ["noncharacter"] = "Adi\uFFFF",
        ["line separator"] = "Adi\u2028Nugroho",
        ["100k characters"] = new string('A', 100_000),
        ["blank"] = "   ",
        ["script"] = "<script>alert(1)</script>",
        ["img onerror"] = "<img src=x onerror=alert(1)>",
        ["sql drop"] = "Robert'); DROP TABLE students;--",
        ["sql or"] = "' OR '1'='1",
        ["template"] = "{{7*7}}${7*7}",
        ["spreadsheet formula"] = "=HYPERLINK(\"http://x.invalid\",\"klik\")",
    };

    /// <summary>What no name or label may hold: invisible, control and broken characters, markup, and more than any
    /// field allows. (Line breaks are not here: names and labels turn runs of white space into one space.)</summary>
    private static readonly string[] BadAnywhere =
    [
        "nul", "terminal escape", "rtl override", "zero-width space", "only zero-width", "bom inside", "lone high surrogate",
        "lone low surrogate", "noncharacter", "100k characters", "blank", "script", "img onerror",
    ];

    /// <summary>Names of people hold letters, spaces and . , ' - only.</summary>
    private static readonly string[] BadInNames = [.. BadAnywhere, "sql drop", "sql or", "template", "spreadsheet formula"];

    /// <summary>Free text (a correction's reason) may hold markup, which pages escape, but nothing invisible or broken.</summary>
    private static readonly string[] BadInFreeText = [.. BadAnywhere.Except(["script", "img onerror"]), "line break", "line separator"];

    private static readonly string[] BadScores =
    [
        "101", "-1", "1e2", "80.5", "99999999999999999999", "true", "[]", "{}", "\"NaN\"", "\"Infinity\"", "\"٨٠\"", "\"８０\"", "\"0x50\"",
        "\"80 80\"", "\"80\\u0000\"",
    ];

    /// <summary>Endpoints and their JSON, with $V where the hostile value goes and {…} filled in at run time.</summary>
    private static readonly Dictionary<string, (string Url, string Json)> Targets = new()
    {
        ["student name"] = ("/api/master-data/students", """{"commandId":"{cmd}","name":$V,"nisn":"{nisn}","nis":"{nis}","sex":"P","birthDate":"2010-02-03"}"""),
        ["student father"] = ("/api/master-data/students", """{"commandId":"{cmd}","name":"Adi Nugroho","nisn":"{nisn}","nis":"{nis}","sex":"L","fatherName":$V}"""),
        ["student nisn"] = ("/api/master-data/students", """{"commandId":"{cmd}","name":"Adi Nugroho","nisn":$V,"nis":"{nis}","sex":"L"}"""),
        ["user display name"] = ("/api/users", """{"commandId":"{cmd}","userName":"u{nisn}","displayName":$V}"""),
        ["user name"] = ("/api/users", """{"commandId":"{cmd}","userName":$V,"displayName":"Guru Baru"}"""),
        ["class name"] = ("/api/master-data/classes", """{"commandId":"{cmd}","termId":"{term}","name":$V,"level":10,"phase":"E"}"""),
        ["subject name"] = ("/api/master-data/subjects", """{"commandId":"{cmd}","name":$V,"code":"K{nis}","group":"Umum","order":50,"kktp":70}"""),
        ["score value"] = ("/api/gradebooks/{gradebook}/scores", """{"commandId":"{cmd}","scores":[{"studentId":"{student}","assessment":"tp1","value":$V}]}"""),
        ["score assessment"] = ("/api/gradebooks/{gradebook}/scores", """{"commandId":"{cmd}","scores":[{"studentId":"{student}","assessment":$V,"value":80}]}"""),
        ["correction reason"] = ("/api/gradebooks/{gradebook}/corrections",
            """{"commandId":"{cmd}","studentId":"{student}","assessment":"tp3","seen":70,"value":71,"reason":$V}"""),
        ["carry-over source"] = ("/api/master-data/terms/{term}/carry-over", """{"commandId":"{cmd}","fromTermId":$V}"""),
        ["homeroom correction part"] = ("/api/homeroom/classes/{class}/correction-requests",
            """{"commandId":"{cmd}","studentId":"{student}","part":$V,"text":"Rajin.","reason":"Salah salin"}"""),
        ["class extracurricular activity"] = ("/api/homeroom/classes/{class}/extracurriculars",
            """{"commandId":"{cmd}","activity":$V,"description":"Aktif","participants":[{"studentId":"{student}"}]}"""),
    };

    /// <summary>What a term's carry-over may be told to start from: never a term that can be carried from (raw JSON, or a
    /// name of <see cref="Texts"/>).</summary>
    private static readonly string[] BadTermIds =
    [
        "\"bukan-guid\"", "123", "null", "[]", "{}", "true", "\"00000000-0000-0000-0000-000000000000\"", "\"7b5f0c2e-1d4a-4f7e-9c3b-2a6d8e1f4b90\"",
        "sql or", "script", "100k characters",
    ];

    public static TheoryData<string, string> ApiCorpus()
    {
        var data = new TheoryData<string, string>();
        foreach (var text in BadInNames)
        {
            data.Add("student name", text);
            if (text != "blank") // an optional name left blank is not given
                data.Add("student father", text);
            data.Add("user display name", text);
            data.Add("student nisn", text);
            data.Add("user name", text);
            data.Add("score assessment", text);
            if (text != "blank") // a blank score is an empty cell: nothing to save, nothing stored
                data.Add("score value", text);
        }
        foreach (var text in (string[])["line break", "line separator"])
        {
            data.Add("score assessment", text);
            data.Add("score value", text);
        }
        foreach (var text in BadAnywhere)
        {
            data.Add("class name", text);
            data.Add("subject name", text);
            data.Add("class extracurricular activity", text);
        }
        foreach (var text in BadInFreeText)
            data.Add("correction reason", text);
        foreach (var score in BadScores)
            data.Add("score value", score);
        foreach (var id in BadTermIds)
            data.Add("carry-over source", id);
        foreach (var text in BadInNames.Concat(["sql or", "\"nilai\"", "\"KETIDAKHADIRAN\"", "\" catatan\"", "123", "null", "[]", "{}"]).Distinct())
            data.Add("homeroom correction part", text);
        return data;
    }

    /// <summary>A JSON string literal with every character outside printable ASCII escaped, so that lone
    /// surrogates reach the server as the \uD800 escapes a hostile client would send.</summary>
    private static string Literal(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
            json.Append(c is >= ' ' and <= '~' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:X4}");
        return json.Append('"').ToString();
    }

    /// <summary>Per fixture: a gradebook whose tp3 of the first student is 70.</summary>
    private static readonly ConditionalWeakTable<MasterDataFixture, Task<Guid>> Gradebooks = new();

    private Task<Guid> GradebookAsync() => Gradebooks.GetValue(app, async fixture =>
    {
        var gradebook = await fixture.OpenGradebookAsync();
        await (await SignInAsync("guru.mtk")).PostJsonAsync($"/api/gradebooks/{gradebook}/scores",
            new { commandId = Guid.NewGuid(), scores = new[] { new { studentId = fixture.School.Students[0], assessment = "tp3", value = 70 } } });
        return gradebook;
    });

    private Task<TestBrowser> SignInAsync(string userName) => app.SignInOnceAsync(userName);

    /// <summary>Fills a template: the gradebook, fresh ids and numbers.</summary>
    private async Task<string> FillAsync(string template)
    {
        var (nisn, nis) = TestSchool.NewStudentNumbers();
        return template.Replace("{cmd}", Guid.NewGuid().ToString()).Replace("{nisn}", nisn).Replace("{nis}", nis)
            .Replace("{term}", app.School.TermId.ToString()).Replace("{class}", app.School.ClassId.ToString()).Replace("{gradebook}", (await GradebookAsync()).ToString())
            .Replace("{student}", app.School.Students[0].ToString());
    }

    private Task<TestBrowser> CallerOf(string url) =>
        SignInAsync(url.StartsWith("/api/gradebooks") ? "guru.mtk" : url.StartsWith("/api/homeroom") ? "wali.x1" : "admin");

    /// <summary>A refusal: 4xx, a problem with a code and a title, nothing stored, nothing echoed unescaped.</summary>
    private async Task<JsonElement> ExpectRefusedAsync(IScenarioResult result, long eventsBefore, string why)
    {
        var status = result.Context.Response.StatusCode;
        var body = await result.ReadAsTextAsync();
        status.ShouldBeInRange(400, 499, $"{why}: {body}");
        result.Context.Response.ContentType.ShouldBe("application/problem+json", why);
        // Text echoed in a problem is JSON-escaped by the serializer; HTML escaping is checked on the pages.
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        problem.GetProperty("code").GetString().ShouldNotBeNullOrWhiteSpace(why);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace(why);
        (await app.EventCountAsync()).ShouldBe(eventsBefore, $"{why}: nothing may be stored");
        return problem;
    }

    private async Task<IScenarioResult> PostRawAsync(TestBrowser caller, string url, string body, string? contentType = "application/json", string method = "POST") =>
        await caller.SendAsync(s =>
        {
            if (method == "PUT")
                s.Put.Text(body).ToUrl(url);
            else
                s.Post.Text(body).ToUrl(url);
            if (contentType is null)
                s.ConfigureHttpContext(c => c.Request.ContentType = null);
            else
                s.WithRequestHeader("Content-Type", contentType);
            s.IgnoreStatusCode();
        });

    /// <summary>The code a refusal of each target's value starts with, so that a refusal for some other reason (a
    /// template gone stale, a duplicate number, a missing right) cannot pass for a refused hostile value. A body that is
    /// not valid JSON (a lone surrogate) is request.malformed whatever the target.</summary>
    private static readonly Dictionary<string, string> RefusedAs = new()
    {
        ["student name"] = "name.", ["student father"] = "fatherName.", ["student nisn"] = "nisn.", ["user display name"] = "displayName.",
        ["user name"] = "userName.", ["class name"] = "name.", ["subject name"] = "name.", ["score value"] = "score.",
        ["score assessment"] = "assessment.", ["correction reason"] = "correction.reason_", ["carry-over source"] = "carryOver.",
        ["homeroom correction part"] = "correction.part_", ["class extracurricular activity"] = "activity.",
    };

    [Theory]
    [MemberData(nameof(ApiCorpus))]
    public async Task the_api_refuses_hostile_values_with_a_coded_problem_and_stores_nothing(string target, string input)
    {
        var (url, template) = Targets[target];
        var value = Texts.TryGetValue(input, out var text) ? Literal(text) : input;
        var body = (await FillAsync(template)).Replace("$V", value);
        var caller = await CallerOf(url);
        var before = await app.EventCountAsync();

        var result = await PostRawAsync(caller, await FillAsync(url), body);

        var code = (await ExpectRefusedAsync(result, before, $"{target} = {input}")).GetProperty("code").GetString()!;
        (code.StartsWith(RefusedAs[target]) || code == "request.malformed").ShouldBeTrue($"{target} = {input} was refused as {code}");
    }

    private static readonly string[] MalformedBodies =
    [
        "{", "{\"commandId\":", "[]", "\"teks\"", "123", "null", "{\"commandId\":\"bukan-guid\"}", "{} sampah", "{/* komentar */}",
        "{\"commandId\":NaN}", new string('[', 5000) + new string(']', 5000), "{\"a\":\"\\uZZZZ\"}",
    ];

    public static TheoryData<string, int> MalformedCorpus()
    {
        var data = new TheoryData<string, int>();
        foreach (var target in Targets.Keys.Where(k => k is "student name" or "user name" or "score value" or "correction reason" or "carry-over source"
            or "homeroom correction part" or "class extracurricular activity"))
            for (var i = 0; i < MalformedBodies.Length; i++)
                data.Add(target, i);
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedCorpus))]
    public async Task the_api_refuses_malformed_json_with_a_coded_problem(string target, int body)
    {
        var url = await FillAsync(Targets[target].Url);
        var caller = await CallerOf(url);
        var before = await app.EventCountAsync();

        var result = await PostRawAsync(caller, url, MalformedBodies[body]);

        await ExpectRefusedAsync(result, before, $"{target} <- {MalformedBodies[body][..Math.Min(30, MalformedBodies[body].Length)]}");
    }

    /// <summary>Invalid UTF-8 and an oversized body, raw bytes.</summary>
    [Theory]
    [InlineData("student name", "invalid utf-8")]
    [InlineData("score value", "invalid utf-8")]
    [InlineData("student name", "3 MB")]
    [InlineData("score value", "3 MB")]
    [InlineData("correction reason", "3 MB")]
    public async Task the_api_refuses_broken_and_oversized_bodies(string target, string kind)
    {
        var (url, template) = Targets[target];
        url = await FillAsync(url);
        var caller = await CallerOf(url);
        byte[] bytes = kind == "3 MB"
            ? Encoding.UTF8.GetBytes((await FillAsync(template)).Replace("$V", Literal(new string('x', 3 * 1024 * 1024))))
            : [.. Encoding.UTF8.GetBytes((await FillAsync(template)).Replace("$V", "\"Adi")), 0xC3, 0x28, 0xFF, .. "\""u8];
        var before = await app.EventCountAsync();

        var result = await caller.SendAsync(s =>
        {
            s.Post.ByteArray(bytes).ToUrl(url);
            s.WithRequestHeader("Content-Type", "application/json");
            s.IgnoreStatusCode();
        });

        await ExpectRefusedAsync(result, before, $"{target}: {kind}");
    }

    [Theory]
    [InlineData("student name", "text/plain")]
    [InlineData("student name", "application/xml")]
    [InlineData("student name", "application/x-www-form-urlencoded")]
    [InlineData("student name", null)]
    [InlineData("score value", "text/plain")]
    [InlineData("score value", "multipart/form-data; boundary=x")]
    [InlineData("score value", null)]
    [InlineData("correction reason", "text/html")]
    [InlineData("user name", "text/plain")]
    [InlineData("class name", "application/octet-stream")]
    [InlineData("subject name", "image/png")]
    public async Task the_api_refuses_a_wrong_content_type_with_a_coded_problem(string target, string? contentType)
    {
        var (url, template) = Targets[target];
        url = await FillAsync(url);
        var caller = await CallerOf(url);
        var body = (await FillAsync(template)).Replace("$V", "\"Adi Nugroho\"");
        var before = await app.EventCountAsync();

        var result = await PostRawAsync(caller, url, body, contentType);

        (await ExpectRefusedAsync(result, before, $"{target} as {contentType}")).GetProperty("code").GetString().ShouldBe("request.unsupported_media_type");
    }

    [Theory]
    [InlineData("from=bukan-tanggal")]
    [InlineData("to=2026-13-45")]
    [InlineData("classId=bukan-guid")]
    [InlineData("studentId=%3Cscript%3E")]
    [InlineData("minSwing=banyak")]
    [InlineData("minSwing=99999999999999")]
    [InlineData("flagged=mungkin")]
    public async Task audit_filters_refuse_junk_with_a_coded_problem(string query)
    {
        var principal = await SignInAsync("kepsek");

        var result = await principal.SendAsync(s =>
        {
            s.Get.Url($"/api/audit/changes?{query}");
            s.IgnoreStatusCode();
        });

        await ExpectRefusedAsync(result, await app.EventCountAsync(), query);
    }

    public static TheoryData<string, string, string> FormCorpus()
    {
        var data = new TheoryData<string, string, string>();
        // Not "nul": the framework cannot read such a form at all, so no page sees it (ErrorPageTests has its own answer).
        foreach (var text in BadInNames.Except(["nul"]))
            data.Add("/data/siswa", "name", text);
        foreach (var text in BadAnywhere.Except(["nul"]))
            data.Add("/data/mapel", "name", text);
        return data;
    }

    /// <summary>Forms answer 400 with the page, the reason in Bahasa Indonesia and the typed text escaped.</summary>
    [Theory]
    [MemberData(nameof(FormCorpus))]
    public async Task a_form_refuses_hostile_text_in_indonesian_and_stores_nothing(string url, string field, string input)
    {
        var admin = await SignInAsync("admin");
        var page = await admin.GetPageAsync(url);
        var (nisn, nis) = TestSchool.NewStudentNumbers();
        var changes = new Dictionary<string, string>
        {
            ["nisn"] = nisn, ["nis"] = nis, ["sex"] = "P", ["code"] = "K" + nis, ["group"] = "Umum", ["order"] = "50", ["kktp"] = "70",
            [field] = Texts[input],
        };
        var before = await app.EventCountAsync();

        var result = await admin.SubmitAsync(page, "form.stack", url, changes);

        var html = await result.ReadAsTextAsync();
        result.Context.Response.StatusCode.ShouldBe(400, input);
        var errors = TestBrowser.Parse(html).QuerySelectorAll(".alert.error li[data-code]");
        errors.ShouldNotBeEmpty(input);
        errors.ShouldAllBe(e => e.TextContent.Trim().Length > 0);
        html.ShouldNotContain("<script>alert", Case.Insensitive, input);
        html.ShouldNotContain("<img src=x", Case.Insensitive, input);
        (await app.EventCountAsync()).ShouldBe(before, input);
    }

    public static TheoryData<string> UploadCorpus() =>
    [
        "zip bomb", "truncated xlsx", "xlsx without a sheet", "billion laughs", "script in a name", "formula in a name", "rtl override in a name",
        "nul in a csv", "utf-16 csv", "hostile file name", "too many rows", "100k character cell",
    ];

    [Theory]
    [MemberData(nameof(UploadCorpus))]
    public async Task the_student_import_refuses_hostile_spreadsheets_and_stores_nothing(string kind)
    {
        var admin = await SignInAsync("admin");
        var (file, name) = HostileUpload(kind);
        var before = await app.EventCountAsync();

        var result = await admin.SendAsync(s =>
        {
            var content = new MultipartFormDataContent { { new StringContent(app.School.TermId.ToString()), "termId" }, { new ByteArrayContent(file), "file", name } };
            s.Post.MultipartFormData(content).ToUrl("/api/master-data/students/import");
            s.IgnoreStatusCode();
        });

        await ExpectRefusedAsync(result, before, kind);
    }

    private static (byte[] File, string Name) HostileUpload(string kind)
    {
        var student = Students[0] with { Nisn = TestSchool.NewStudentNumbers().Nisn };
        return kind switch
        {
            "zip bomb" => (ZipBomb(), "daftar.xlsx"),
            "truncated xlsx" => (Xlsx(Table([student]))[..400], "daftar.xlsx"),
            "xlsx without a sheet" => (Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook><sheets/></workbook>")), "daftar.xlsx"),
            "billion laughs" => (Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", BillionLaughs)), "daftar.xlsx"),
            "script in a name" => (Xlsx(Table([student with { Name = "<script>alert(1)</script>" }])), "daftar.xlsx"),
            "formula in a name" => (Csv(Table([student with { Name = "=HYPERLINK(\"http://x.invalid\")" }])), "daftar.csv"),
            "rtl override in a name" => (Csv(Table([student with { Name = "ADI \u202EOROHGUN" }])), "daftar.csv"),
            "nul in a csv" => (Csv(Table([student with { Name = "ADI\0NUGROHO" }])), "daftar.csv"),
            "utf-16 csv" => (Encoding.Unicode.GetBytes("Nama;NISN\nADI;1234567890\n"), "daftar.csv"),
            "hostile file name" => ("<script>alert(1)</script>"u8.ToArray(), "<script>alert(1)</script>.xlsx"),
            "too many rows" => (Csv(Table(Enumerable.Range(0, 5001).Select(i => student with { Nisn = $"{i + 1_000_000_000}", Nipd = $"N{i}" }))), "daftar.csv"),
            _ => (Csv(Table([student with { Name = new string('A', 100_000) }])), "daftar.csv"),
        };
    }

    private const string BillionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
        <workbook><sheets><sheet name="&lol4;" sheetId="1" r:id="rId1"/></sheets></workbook>
        """;

    private static byte[] Zip(params (string Name, string Text)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        return stream.ToArray();
    }

    private static readonly Lazy<byte[]> Bomb = new(() =>
    {
        // A workbook whose sheet unpacks to 256 MB (a few hundred kB packed).
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
                writer.Write("<Types/>");
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 256; i++)
                sheet.Write(zeros);
        }
        return stream.ToArray();
    });

    private static byte[] ZipBomb() => Bomb.Value;
}
