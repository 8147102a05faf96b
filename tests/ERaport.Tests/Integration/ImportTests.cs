using System.Text;
using System.Text.Json;
using ERaport.Tests.Unit.School;
using ERaport.Write.Common;
using ERaport.Write.School;
using static ERaport.Tests.Unit.School.DapodikFiles;

namespace ERaport.Tests.Integration;

[Collection(MasterDataCollection.Name)]
public sealed class ImportTests(MasterDataFixture app)
{
    private const string Api = "/api/master-data";

    /// <summary>A term of its own with classes, and students whose NISNs no other test uses.</summary>
    private async Task<(TestBrowser Admin, Guid TermId, Guid X1, Guid X2, DapodikStudent[] Students)> TermAsync()
    {
        var admin = await app.SignInAsync("admin");
        var termId = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = MasterDataFixture.NewSchoolYear(), semester = 1 })).Id();
        async Task<Guid> Class(string name) =>
            (await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name, level = 10, phase = "E" })).Id();
        var (x1, x2) = (await Class("X-1"), await Class("X-2"));
        var prefix = Random.Shared.Next(100_000, 999_999);
        var students = Students.Select((s, i) => s with { Nisn = $"{prefix}{i:D4}", Nipd = $"{prefix}{i}" }).ToArray();
        return (admin, termId, x1, x2, students);
    }

    private const string ImportUrl = $"{Api}/students/import";

    private static JsonElement[] Errors(JsonElement problem) => problem.GetProperty("errors").EnumerateArray().ToArray();

    [Fact]
    public async Task a_dapodik_xlsx_creates_the_students_and_puts_them_into_their_rombel()
    {
        var (admin, termId, x1, x2, students) = await TermAsync();

        var (status, result) = await admin.UploadAsync(ImportUrl, Xlsx(Table(students)), "daftar_pd.xlsx", termId: termId);

        status.ShouldBe(200, result.ToString());
        result.GetProperty("registered").GetInt32().ShouldBe(3);
        result.GetProperty("enrolled").GetInt32().ShouldBe(3);
        var inX1 = await admin.GetJsonAsync($"{Api}/classes/{x1}/students");
        inX1.EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["ADI NUGROHO", "BUNGA LESTARI"]);
        var citra = (await admin.GetJsonAsync($"{Api}/classes/{x2}/students")).EnumerateArray().ShouldHaveSingleItem();
        citra.GetProperty("nisn").GetString().ShouldBe(students[2].Nisn);
        citra.GetProperty("birthDate").GetString().ShouldBe("2010-01-30");
        citra.GetProperty("guardianName").GetString().ShouldBe("Paman Citra");
        var events = await app.EventsAsync(StreamKeys.Class(TestSchool.Id, x2));
        events.Last().GetHeader(CommandPipeline.SourceHeader)!.ToString().ShouldBe("SpreadsheetImport");
        events.Last().UserName.ShouldBe("admin");
    }

    [Fact]
    public async Task a_second_import_of_the_same_file_changes_nothing()
    {
        var (admin, termId, _, _, students) = await TermAsync();
        var file = Xlsx(Table(students));
        (await admin.UploadAsync(ImportUrl, file, "daftar.xlsx", termId: termId)).Status.ShouldBe(200);
        var before = await app.EventCountAsync();

        var (status, again) = await admin.UploadAsync(ImportUrl, file, "daftar.xlsx", termId: termId);

        status.ShouldBe(200);
        again.GetProperty("registered").GetInt32().ShouldBe(0);
        again.GetProperty("unchanged").GetInt32().ShouldBe(3);
        (await app.EventCountAsync()).ShouldBe(before);
        (await admin.GetJsonAsync($"{Api}/students")).EnumerateArray().Count(s => s.GetProperty("student").GetProperty("nisn").GetString() == students[0].Nisn)
            .ShouldBe(1);
    }

    [Fact]
    public async Task a_changed_file_updates_the_students_matched_by_nisn_and_moves_a_changed_rombel()
    {
        var (admin, termId, x1, x2, students) = await TermAsync();
        (await admin.UploadAsync(ImportUrl, Csv(Table(students)), "daftar.csv", termId: termId)).Status.ShouldBe(200);
        var changed = students.ToArray();
        changed[0] = changed[0] with { Name = "ADI NUGROHO SAPUTRA", Rombel = "X-2" };
        var before = await app.EventCountAsync();

        // A stored student's new name waits for the admin's word: a NISN typed wrong would make them someone else.
        var (refusedStatus, refused) = await admin.UploadAsync(ImportUrl, Csv(Table(changed)), "daftar.csv", termId: termId);
        refusedStatus.ShouldBe(409, refused.ToString());
        refused.GetProperty("code").GetString().ShouldBe("import.rename_not_confirmed");
        var error = Errors(refused).ShouldHaveSingleItem();
        (error.GetProperty("details").GetProperty("row").GetInt32(), error.GetProperty("details").GetProperty("value").GetString()).ShouldBe((8, changed[0].Nisn));
        error.GetProperty("message").GetString()!.ShouldContain("terdaftar atas nama ADI NUGROHO, bukan ADI NUGROHO SAPUTRA");
        (await app.EventCountAsync()).ShouldBe(before);

        var (status, result) = await admin.UploadAsync(ImportUrl, Csv(Table(changed)), "daftar.csv", termId: termId, confirmRenames: true);

        status.ShouldBe(200, result.ToString());
        result.GetProperty("updated").GetInt32().ShouldBe(1);
        result.GetProperty("moved").GetInt32().ShouldBe(1);
        result.GetProperty("unchanged").GetInt32().ShouldBe(2);
        (await admin.GetJsonAsync($"{Api}/classes/{x1}/students")).GetArrayLength().ShouldBe(1);
        (await admin.GetJsonAsync($"{Api}/classes/{x2}/students")).EnumerateArray().Select(s => s.GetProperty("name").GetString())
            .ShouldBe(["ADI NUGROHO SAPUTRA", "CITRA SIREGAR"]);
    }

    [Fact]
    public async Task a_file_with_one_bad_row_stores_nothing_and_reports_the_row_column_value_and_reason()
    {
        var (admin, termId, _, _, students) = await TermAsync();
        var table = Set(Table(students), 1, "NISN", "12345");
        var before = await app.EventCountAsync();

        var (status, problem) = await admin.UploadAsync(ImportUrl, Xlsx(table), "daftar.xlsx", termId: termId);

        status.ShouldBe(400);
        problem.GetProperty("code").GetString().ShouldBe("import.rows_rejected");
        var error = Errors(problem).ShouldHaveSingleItem();
        error.GetProperty("code").GetString().ShouldBe("nisn.invalid");
        error.GetProperty("details").GetProperty("row").GetInt32().ShouldBe(9);
        error.GetProperty("details").GetProperty("column").GetString().ShouldBe("E");
        error.GetProperty("details").GetProperty("header").GetString().ShouldBe("NISN");
        error.GetProperty("details").GetProperty("value").GetString().ShouldBe("12345");
        error.GetProperty("message").GetString()!.ShouldContain("10 digit");
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_birth_date_in_the_future_is_reported_at_its_row_and_column_as_the_student_form_refuses_it()
    {
        var (admin, termId, _, _, students) = await TermAsync();
        var tomorrow = SchoolTime.Today(TimeProvider.System).AddDays(1).ToString("yyyy-MM-dd");

        var (status, problem) = await admin.UploadAsync(ImportUrl, Csv(Set(Table(students), 1, "Tanggal Lahir", tomorrow)), "daftar.csv", termId: termId);

        status.ShouldBe(400);
        var error = Errors(problem).ShouldHaveSingleItem();
        (error.GetProperty("code").GetString(), error.GetProperty("message").GetString()).ShouldBe(("birthDate.future", "Tanggal lahir ada di masa depan."));
        (error.GetProperty("details").GetProperty("row").GetInt32(), error.GetProperty("details").GetProperty("header").GetString()).ShouldBe((9, "Tanggal Lahir"));
        error.GetProperty("details").GetProperty("value").GetString().ShouldBe(tomorrow);
    }

    [Fact]
    public async Task every_rejected_row_is_reported_at_once()
    {
        var (admin, termId, _, _, students) = await TermAsync();
        var table = Set(Set(Set(Table(students), 0, "Rombel Saat Ini", "XII-9"), 1, "Tanggal Lahir", "31/02/2009"), 2, "NISN", students[0].Nisn);

        var (status, problem) = await admin.UploadAsync(ImportUrl, Csv(table), "daftar.csv", termId: termId);

        status.ShouldBe(400);
        Errors(problem).Select(e => (e.GetProperty("details").GetProperty("row").GetInt32(), e.GetProperty("code").GetString()))
            .ShouldBe([(8, "className.not_found"), (9, "birthDate.unreadable"), (10, "nisn.duplicate")]);
    }

    public static TheoryData<string, string, string, int> BadFiles => new()
    {
        { "empty", "daftar.xlsx", "import.empty_file", 400 },
        { "junk", "daftar.xlsx", "import.not_a_spreadsheet", 400 },
        { "prose", "catatan.csv", "import.header_not_found", 400 },
        { "zip", "arsip.xlsx", "import.not_a_spreadsheet", 400 },
        { "ods", "daftar.ods", "import.open_document", 400 },
        { "wrong columns", "barang.xlsx", "import.header_not_found", 400 },
        { "xls", "daftar.xls", "import.old_excel", 400 },
        { "10 MB of junk", "besar.xlsx", "import.too_large", 413 },
    };

    private static byte[] BadFile(string kind) => kind switch
    {
        "prose" => Encoding.UTF8.GetBytes("Rapat guru hari Senin.\nSemua wali kelas hadir.\n"),
        "wrong columns" => Xlsx([["Kode", "Barang", "Harga"], ["1", "Pensil", "2000"]]),
        _ => ERaport.Tests.Unit.Common.BadFiles.Make(kind),
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task a_bad_file_is_refused_with_a_message_and_nothing_is_stored(string kind, string fileName, string code, int expectedStatus)
    {
        var (admin, termId, _, _, _) = await TermAsync();
        var before = await app.EventCountAsync();

        var (status, problem) = await admin.UploadAsync(ImportUrl, BadFile(kind), fileName, termId: termId);

        status.ShouldBe(expectedStatus, problem.ToString());
        problem.GetProperty("code").GetString().ShouldBe(code);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task an_upload_without_a_file_is_refused_with_a_message()
    {
        var (admin, termId, _, _, _) = await TermAsync();

        var result = await admin.PostJsonAsync(ImportUrl, new { }, 415);

        result.GetProperty("code").GetString().ShouldBe("request.unsupported_media_type");
    }

    [Fact]
    public async Task admin_imports_through_the_page_and_sees_the_result()
    {
        var (admin, termId, _, _, students) = await TermAsync();
        var page = await admin.GetPageAsync($"/data/impor?semester={termId}");

        var (status, result) = await admin.UploadFormAsync(page, "form[enctype]", "/data/impor",
            new Dictionary<string, string> { ["termId"] = termId.ToString() }, Xlsx(Table(students)), "daftar.xlsx");

        status.ShouldBe(200);
        result.QuerySelector("[data-import-result]")!.TextContent.ShouldContain("3 peserta didik baru");
    }

    /// <summary>The page brought back (Back) after its import was stored, another file sent under its id: refused as another command,
    /// in the page's words, and shown again under a new id, so that the next try is an import of its own (it was refused again until
    /// a reload).</summary>
    [Fact]
    public async Task an_import_sent_under_a_spent_id_says_so_and_the_next_try_goes_through()
    {
        var (admin, termId, _, _, students) = await TermAsync();
        var page = await admin.GetPageAsync($"/data/impor?semester={termId}");
        var fields = new Dictionary<string, string> { ["termId"] = termId.ToString() };
        (await admin.UploadFormAsync(page, "form[enctype]", "/data/impor", fields, Xlsx(Table(students[..2])), "daftar.xlsx")).Status.ShouldBe(200);

        var (status, refused) = await admin.UploadFormAsync(page, "form[enctype]", "/data/impor", fields, Xlsx(Table(students)), "daftar.xlsx");

        status.ShouldBe(409);
        refused.QuerySelector("[data-code='command.id_reused']")!.TextContent.ShouldContain("sudah pernah disimpan dengan isian lain");
        var (again, result) = await admin.UploadFormAsync(refused, "form[enctype]", "/data/impor", fields, Xlsx(Table(students)), "daftar.xlsx");
        again.ShouldBe(200, result.QuerySelector("[role=alert]")?.TextContent);
        result.QuerySelector("[data-import-result]")!.TextContent.ShouldContain("1 peserta didik baru");
    }

    /// <summary>A whole SMK (thousands of rows) in one file: the result and the data hub write their counts as the home page does,
    /// 1.200, not 1200.</summary>
    [Fact]
    public async Task the_import_result_and_the_data_hub_write_a_large_schools_counts_with_thousands_separators()
    {
        var (admin, termId, _, _, students) = await TermAsync();
        var many = Enumerable.Range(0, 1200).Select(i => students[i % students.Length] with
        {
            Nisn = $"{students[0].Nisn[..6]}{i:D4}", Nipd = $"{students[0].Nipd}{i:D4}", Rombel = i % 2 == 0 ? "X-1" : "X-2",
        });
        var page = await admin.GetPageAsync($"/data/impor?semester={termId}");

        var (status, result) = await admin.UploadFormAsync(page, "form[enctype]", "/data/impor",
            new Dictionary<string, string> { ["termId"] = termId.ToString() }, Csv(Table(many)), "daftar.csv");

        status.ShouldBe(200);
        var text = result.QuerySelector("[data-import-result]")!.TextContent;
        text.ShouldContain("1.200 baris dibaca: 1.200 peserta didik baru");
        text.ShouldContain("1.200 dimasukkan ke kelas");
        (await admin.GetPageAsync($"/data?semester={termId}")).QuerySelector("ul.data-hub")!.TextContent.ShouldContain("1.200 di kelas semester ini");
    }

    [Fact]
    public async Task a_refused_large_import_counts_its_bad_rows_with_thousands_separators()
    {
        var (admin, termId, _, _, students) = await TermAsync();
        var many = Enumerable.Range(0, 1200).Select(i => students[i % students.Length] with
        {
            Nisn = $"{students[0].Nisn[..6]}{i:D4}", Nipd = $"{students[0].Nipd}{i:D4}", Rombel = "Z-9",
        });
        var page = await admin.GetPageAsync($"/data/impor?semester={termId}");

        var (status, result) = await admin.UploadFormAsync(page, "form[enctype]", "/data/impor",
            new Dictionary<string, string> { ["termId"] = termId.ToString() }, Csv(Table(many)), "daftar.csv");

        status.ShouldBe(400);
        result.QuerySelector("[data-code='import.rows_rejected']")!.TextContent.ShouldContain("1.200 dari 1.200 baris");
    }

    /// <summary>A school whose classes are spelt otherwise than Dapodik's rombel gets every row refused (2,592 for an SMK):
    /// above the list, each missing rombel once, with how many rows name it.</summary>
    [Fact]
    public async Task a_refused_import_names_each_missing_rombel_once_with_its_rows()
    {
        var (admin, termId, _, _, students) = await TermAsync();
        var page = await admin.GetPageAsync($"/data/impor?semester={termId}");
        string[] rombel = ["10 TKJ 1", "10 TKJ 1", "10 RPL 1"];

        var (status, result) = await admin.UploadFormAsync(page, "form[enctype]", "/data/impor",
            new Dictionary<string, string> { ["termId"] = termId.ToString() }, Csv(Table(students.Select((s, i) => s with { Rombel = rombel[i] }))), "daftar.csv");

        status.ShouldBe(400);
        result.QuerySelector("[data-missing-rombel]")!.TextContent.ShouldContain("10 TKJ 1 (2 baris), 10 RPL 1 (1 baris)");
    }

    /// <summary>A row whose NISN is another student's (typed wrong) renames and moves that student: the page names them.</summary>
    [Fact]
    public async Task the_page_names_each_stored_student_an_import_renamed_or_moved()
    {
        var (admin, termId, _, _, students) = await TermAsync();
        (await admin.UploadAsync(ImportUrl, Csv(Table(students)), "daftar.csv", termId: termId)).Status.ShouldBe(200);
        var wrong = students.ToArray();
        wrong[0] = wrong[0] with { Name = "DONI", Rombel = "X-2" };
        var page = await admin.GetPageAsync($"/data/impor?semester={termId}");

        var (refusedStatus, refused) = await admin.UploadFormAsync(page, "form[enctype]", "/data/impor",
            new Dictionary<string, string> { ["termId"] = termId.ToString() }, Csv(Table(wrong)), "daftar.csv");
        refusedStatus.ShouldBe(409);
        refused.QuerySelector("[data-code='import.rename_not_confirmed']")!.TextContent.ShouldContain("1 baris mengganti nama peserta didik");
        refused.QuerySelector("table.import-problems tbody tr[data-code='import.rename_not_confirmed']")!.TextContent
            .ShouldContain("terdaftar atas nama ADI NUGROHO, bukan DONI");
        refused.QuerySelector("input[type=checkbox][name=confirmRenames]").ShouldNotBeNull();

        var (status, result) = await admin.UploadFormAsync(refused, "form[enctype]", "/data/impor",
            new Dictionary<string, string> { ["termId"] = termId.ToString(), ["confirmRenames"] = "true" }, Csv(Table(wrong)), "daftar.csv");

        status.ShouldBe(200);
        var change = result.QuerySelectorAll("[data-import-changes] li").ShouldHaveSingleItem().TextContent;
        change.ShouldContain("ADI NUGROHO → DONI, kelas X-1 → X-2");
    }

    /// <summary>A list whose names were typed otherwise than stored ("Budi Santoso" for Dapodik's "BUDI SANTOSO") changed every line's
    /// writing: 64 such lines buried the one student who moved class. What only rewrote a name is folded apart, counted.</summary>
    [Fact]
    public async Task names_only_rewritten_by_an_import_are_folded_apart_from_the_students_it_moved_or_renamed()
    {
        var (admin, termId, _, _, students) = await TermAsync();
        (await admin.UploadAsync(ImportUrl, Csv(Table(students)), "daftar.csv", termId: termId)).Status.ShouldBe(200);
        var again = students.ToArray();
        again[0] = again[0] with { Rombel = "X-2" };
        var recased = System.Globalization.CultureInfo.InvariantCulture.TextInfo.ToTitleCase(again[1].Name.ToLowerInvariant());
        again[1] = again[1] with { Name = recased };
        var page = await admin.GetPageAsync($"/data/impor?semester={termId}");

        var (status, result) = await admin.UploadFormAsync(page, "form[enctype]", "/data/impor",
            new Dictionary<string, string> { ["termId"] = termId.ToString() }, Csv(Table(again)), "daftar.csv");

        status.ShouldBe(200);
        result.QuerySelectorAll("[data-import-changes] li").ShouldHaveSingleItem().TextContent.ShouldContain($"{again[0].Name}, kelas X-1 → X-2");
        var folded = result.QuerySelector("details[data-import-rewritten]").ShouldNotBeNull();
        folded.HasAttribute("open").ShouldBeFalse();
        folded.QuerySelector("summary")!.TextContent.ShouldContain("1 nama hanya berubah penulisannya");
        folded.QuerySelectorAll("li").ShouldHaveSingleItem().TextContent.ShouldContain($"{students[1].Name} → {recased}");
    }

    /// <summary>"Isi" shows the admin what to look for: an invisible character named where it sits, a long text cut short.</summary>
    [Fact]
    public async Task the_page_lists_every_rejected_row_and_stores_nothing()
    {
        var (admin, termId, _, _, students) = await TermAsync();
        var page = await admin.GetPageAsync($"/data/impor?semester={termId}");
        var table = Set(Set(Set(Set(Table(students), 0, "JK", "X"), 2, "Nama", ""), 0, "Nama", new string('a', 250)), 1, "Nama", "Adi\u200BNugroho");
        var before = await app.EventCountAsync();

        var (status, result) = await admin.UploadFormAsync(page, "form[enctype]", "/data/impor",
            new Dictionary<string, string> { ["termId"] = termId.ToString() }, Xlsx(table), "daftar.xlsx");

        status.ShouldBe(400);
        var rows = result.QuerySelectorAll("table.import-problems tbody tr").ToList();
        rows.Select(r => r.GetAttribute("data-code")).ShouldBe(["name.too_long", "sex.invalid", "name.invalid_characters", "name.required"]);
        rows.Select(r => r.QuerySelectorAll("td")[0].TextContent).ShouldBe(["8", "8", "9", "10"]);
        rows[1].QuerySelectorAll("td")[1].TextContent.ShouldBe("JK (D)");
        rows.Select(r => r.QuerySelectorAll("td")[2].TextContent).ShouldBe([new string('a', 50) + "…", "X", "Adi[U+200B]Nugroho", ""]);
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task the_page_refuses_junk_with_a_message()
    {
        var (admin, termId, _, _, _) = await TermAsync();
        var page = await admin.GetPageAsync($"/data/impor?semester={termId}");

        var (status, result) = await admin.UploadFormAsync(page, "form[enctype]", "/data/impor",
            new Dictionary<string, string> { ["termId"] = termId.ToString() }, BadFile("junk"), "daftar.xlsx");

        status.ShouldBe(400);
        result.QuerySelector("[data-code='import.not_a_spreadsheet']").ShouldNotBeNull();
    }
}
