using System.IO.Compression;
using System.Text;
using ERaport.Read.Grading;
using ERaport.Web.Documents;
using static ERaport.Tests.Unit.Grading.TemplateFiles;

namespace ERaport.Tests.Unit.Grading;

public sealed class ScoreTemplateTests
{
    private static readonly Guid GradebookId = Guid.NewGuid();
    private static readonly Guid Ani = Guid.NewGuid(), Budi = Guid.NewGuid(), Citra = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 3, 0, 0, TimeSpan.Zero);

    /// <summary>X-1 Matematika with two TPs, STS and both SAS parts; Ani has TP1 80 and SAS Tes 75; Citra has no NISN.</summary>
    private static GradeSheet Sheet(bool midSemester = true)
    {
        SheetScore Score(int v) => new(v, "guru.mtk", Now);
        var assessments = new List<SheetAssessment>
        {
            new("tp1", "TP1", "Eksponen dan logaritma"), new("tp2", "TP2", "Barisan dan deret"),
        };
        if (midSemester)
            assessments.Add(new("sts", "STS", "Sumatif tengah semester"));
        assessments.Add(new("sas-tes", "SAS Tes", "Sumatif akhir semester: tes"));
        assessments.Add(new("sas-nontes", "SAS Non-tes", "Sumatif akhir semester: non-tes"));
        var none = new SheetFinalGrade(null, false, null);
        return new GradeSheet(
            new GradebookSummary(GradebookId, Guid.NewGuid(), Guid.NewGuid(), "X-1", Guid.NewGuid(), "Matematika", 4, Guid.NewGuid(), "Bambang", "2026/2027", 1),
            assessments,
            [
                new SheetStudent(Ani, "Adi Nugroho", "0091234501", "2627001", new Dictionary<string, SheetScore> { ["tp1"] = Score(80), ["sas-tes"] = Score(75) }, none),
                new SheetStudent(Budi, "Bunga Lestari", "0091234502", "2627002", new Dictionary<string, SheetScore>(), none),
                new SheetStudent(Citra, "Citra Siregar", "", "2627003", new Dictionary<string, SheetScore>(), none),
            ]);
    }

    private static byte[] Template(GradeSheet? sheet = null) => ScoreTemplate.Write("SMA Uji Coba", sheet ?? Sheet(), Now);

    private static ParsedScoreTemplate Read(byte[] file, GradeSheet? sheet = null) => ScoreTemplate.Parse(file, sheet ?? Sheet());

    [Fact]
    public void the_template_has_title_rows_a_header_row_and_one_row_per_student_in_class_order_with_the_current_scores()
    {
        var table = Table(Template());

        table.Take(6).Select(r => r[0]).ShouldBe(["TEMPLAT NILAI E-RAPORT", "Sekolah: SMA Uji Coba", "Kelas: X-1", "Mata pelajaran: Matematika",
            "Guru: Bambang", "Tahun pelajaran 2026/2027, semester Ganjil"]);
        var header = HeaderRow(table);
        table[header].ShouldBe(["No", "NISN", "NIS", "Nama", "TP1 – Eksponen dan logaritma", "TP2 – Barisan dan deret", "STS", "SAS Tes", "SAS Non-tes"]);
        table.Skip(header + 1).Select(r => (r[1], r[3])).ShouldBe([("0091234501", "Adi Nugroho"), ("0091234502", "Bunga Lestari"), (null, "Citra Siregar")]);
        table[header + 1][4].ShouldBe(80d);
        table[header + 1][7].ShouldBe(75d);
        MiniExcelLibs.MiniExcel.GetSheetInformations(new MemoryStream(Template())).Single(s => s.Name == ScoreTemplate.RecordSheet)
            .State.ShouldBe(MiniExcelLibs.OpenXml.SheetState.Hidden);
    }

    [Fact]
    public void the_template_keeps_the_column_headings_and_the_students_in_view_and_puts_no_filter_on_the_title_lines()
    {
        FrozenPane(Template()).ShouldBe((ScoreTemplate.HeaderRow.ToString(), "4", false));
    }

    [Fact]
    public void the_template_has_no_sts_column_when_the_scheme_has_no_mid_semester_test()
    {
        var table = Table(Template(Sheet(midSemester: false)));

        table[HeaderRow(table)].ShouldNotContain("STS");
    }

    [Fact]
    public void an_unchanged_template_has_nothing_to_save()
    {
        var file = Read(Template());

        file.Fatal.ShouldBeNull();
        file.Problems.ShouldBeEmpty();
        file.Cells.ShouldBeEmpty();
    }

    [Fact]
    public void filled_cells_carry_the_value_seen_at_download_and_blank_cells_change_nothing()
    {
        var table = Table(Template());
        Set(table, "0091234501", "TP1", 85);
        Set(table, "0091234501", "SAS Tes", null);
        Set(table, "0091234502", "TP2", 70);

        var file = Read(Save(Template(), table));

        file.Problems.ShouldBeEmpty();
        file.Cells.Select(c => (c.StudentId, c.Assessment, c.Value, c.Seen)).ShouldBe([(Ani, "tp1", "85", 80), (Budi, "tp2", "70", null)]);
        file.Cells[0].Row.ShouldBe(HeaderRow(table) + 2);
        file.Cells[0].Column.Letter.ShouldBe("E");
    }

    [Fact]
    public void a_dash_for_no_score_changes_nothing_as_a_blank_cell_does_and_as_the_grid_paste_does()
    {
        var table = Table(Template());
        Set(table, "0091234501", "TP1", "-");
        Set(table, "0091234502", "TP2", "–");
        Set(table, "0091234502", "TP1", 77);

        var file = Read(Save(Template(), table));

        file.Problems.ShouldBeEmpty();
        file.Cells.Select(c => (c.StudentId, c.Assessment, c.Value)).ShouldBe([(Budi, "tp1", "77")]);
    }

    [Fact]
    public void reordered_rows_extra_columns_and_renamed_headings_are_read()
    {
        var table = Table(Template());
        Set(table, "0091234502", "TP1", 90);
        Set(table, "0091234502", "SAS Non-tes", 88);
        Rename(table, "TP1", "  tp 1 ");
        Rename(table, "SAS Non-tes", "sas  NON TES");
        table = AddColumn(ReverseRows(table), "Catatan guru", i => "remedial?");

        var file = Read(Save(Template(), table));

        file.Problems.ShouldBeEmpty();
        file.Cells.Select(c => (c.StudentId, c.Assessment, c.Value)).ShouldBe([(Budi, "tp1", "90"), (Budi, "sas-nontes", "88")]);
    }

    [Fact]
    public void a_tp_heading_without_its_number_is_found_by_its_description()
    {
        var table = Table(Template());
        Set(table, "0091234502", "TP2", 66);
        Rename(table, "TP2", "Barisan dan deret");

        Read(Save(Template(), table)).Cells.ShouldHaveSingleItem().Assessment.ShouldBe("tp2");
    }

    [Fact]
    public void rows_are_matched_by_nisn_else_by_nis_and_a_nisn_stored_as_a_number_keeps_its_zeros()
    {
        var table = Table(Template());
        var header = HeaderRow(table);
        table[header + 1][1] = 91234501d; // Excel turned "0091234501" into a number
        table[header + 1][4] = 81;
        table[header + 3][4] = 77; // Citra: no NISN, found by NIS

        var file = Read(Save(Template(), table));

        file.Problems.ShouldBeEmpty();
        file.Cells.Select(c => (c.StudentId, c.Value)).ShouldBe([(Ani, "81"), (Citra, "77")]);
    }

    [Fact]
    public void unknown_duplicate_unidentified_and_mismatched_student_rows_are_reported_with_row_column_and_value()
    {
        var table = Table(Template());
        var header = HeaderRow(table);
        object?[] Row(string nisn, string nis, int tp1) => [null, nisn, nis, "?", tp1, null, null, null, null];
        table.Add(Row("0099999999", "", 70));
        table.Add(Row("0091234501", "", 71));
        table.Add(Row("", "", 72));
        table.Add(Row("0091234502", "2627001", 73));
        table.Add(Row("0099999998", "", 0));
        table[^1][4] = null; // an unknown student without scores is left alone

        var file = Read(Save(Template(), table));

        var first = header + 5;
        file.Problems.Select(p => (p.Row, p.Column!.Header, p.Code)).ShouldBe(
        [
            (first, "NISN", "student.unknown"), (first + 1, "NISN", "student.duplicate_row"), (first + 2, "NISN", "student.unidentified"),
            (first + 3, "NISN", "student.mismatch"),
        ]);
        file.Problems[0].Value.ShouldBe("NISN 0099999999");
        file.Problems[1].Message.ShouldContain($"baris {header + 2}");
    }

    [Fact]
    public void a_column_that_names_no_single_assessment_is_reported_when_it_holds_values()
    {
        var table = Table(Template());
        Set(table, "0091234502", "TP1", 60);
        table = AddColumn(table, "SAS", i => 70);
        table = AddColumn(table, "TP9 – dihapus", i => null);
        table = AddColumn(table, "tp1", i => 61);

        var file = Read(Save(Template(), table));

        file.Problems.Select(p => (p.Row, p.Column!.Header, p.Code)).ShouldBe(
            [(HeaderRow(table) + 1, "SAS", "column.ambiguous"), (HeaderRow(table) + 1, "tp1", "column.duplicate")]);
    }

    [Fact]
    public void an_sts_column_is_refused_when_the_scheme_has_no_mid_semester_test()
    {
        var table = AddColumn(Table(Template(Sheet(midSemester: false))), "STS", i => 75);

        Read(Save(Template(), table), Sheet(midSemester: false)).Problems.ShouldHaveSingleItem().Code.ShouldBe("column.unknown_assessment");
    }

    [Fact]
    public void a_template_of_another_gradebook_is_refused()
    {
        var other = Sheet() with { Gradebook = Sheet().Gradebook with { GradebookId = Guid.NewGuid() } };

        Read(Template(other)).Fatal!.Code.ShouldBe("template.other_gradebook");
    }

    [Fact]
    public void without_the_record_sheet_filled_cells_count_as_seen_empty_so_existing_scores_become_conflicts_not_overwrites()
    {
        var table = Table(Template());
        Set(table, "0091234502", "TP2", 70);

        var file = Read(Save(Template(), table, keepRecord: false));

        file.Fatal.ShouldBeNull();
        file.Cells.Select(c => (c.StudentId, c.Assessment, c.Seen)).ShouldContain((Ani, "tp1", (int?)null));
        file.Cells.ShouldContain(c => c.StudentId == Budi && c.Assessment == "tp2" && c.Seen == null);
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "empty", "import.empty_file" },
        { "junk", "import.not_a_spreadsheet" },
        { "csv renamed", "import.not_a_spreadsheet" },
        { "zip", "import.not_a_spreadsheet" },
        { "ods", "import.open_document" },
        { "xls", "import.old_excel" },
        { "wrong columns", "import.header_not_found" },
        { "10 MB of junk", "import.too_large" },
        { "zip bomb", "import.not_a_spreadsheet" },
        { "too many rows", "import.too_many_rows" },
        { "sheet claiming the widest size", "import.too_many_rows" },
        { "sheet claiming the widest row", "import.too_many_columns" },
    };

    public static byte[] BadFile(string kind)
    {
        switch (kind)
        {
            case "csv renamed":
                return Encoding.UTF8.GetBytes("No;NISN;NIS;Nama;TP1;SAS Tes\r\n1;0091234501;2627001;Adi;80;75\r\n");
            case "wrong columns":
                return Save([], [["Kode", "Barang", "Harga"], ["1", "Pensil", "2000"]], keepRecord: false);
            case "zip bomb":
                // A workbook whose sheet unpacks to 300 MB of spaces (compressed to well under the upload cap).
                return Unit.Common.BadFiles.Zip(("xl/workbook.xml", 100), ("xl/worksheets/sheet1.xml", 300L * 1024 * 1024));
            case "too many rows":
                return Save([], [["NISN", "TP1"], .. Enumerable.Range(0, 2100).Select(i => new object?[] { $"00{i:D8}", 70 })], keepRecord: false);
            case "sheet claiming the widest row":
                return Claim(Save([], [["NISN", "TP1"], ["0091234501", 70]], keepRecord: false), "A1:XFD2", lastRow: 2);
            case "sheet claiming the widest size":
                return Claim(Save([], [["NISN", "TP1"], ["0091234501", 70]], keepRecord: false), "A1:XFD1048576");
            default:
                return Unit.Common.BadFiles.Make(kind);
        }
    }

    /// <summary>The workbook with its sheet's dimension rewritten and a last cell far away: a few bytes that claim
    /// a million rows of 16,384 columns.</summary>
    private static byte[] Claim(byte[] xlsx, string dimension, int lastRow = 1048576)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
                xml = reader.ReadToEnd();
            xml = System.Text.RegularExpressions.Regex.Replace(xml, "<(x:)?dimension ref=\"[^\"]*\"", m => $"<{m.Groups[1].Value}dimension ref=\"{dimension}\"");
            xml = xml.Replace("</sheetData>", $"<row r=\"{lastRow}\"><c r=\"XFD{lastRow}\" t=\"inlineStr\"><is><t>x</t></is></c></row></sheetData>")
                .Replace("</x:sheetData>", $"<x:row r=\"{lastRow}\"><x:c r=\"XFD{lastRow}\" t=\"inlineStr\"><x:is><x:t>x</x:t></x:is></x:c></x:row></x:sheetData>");
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(xml);
        }
        return stream.ToArray();
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void a_bad_file_is_refused_with_a_stable_code_and_a_message(string kind, string code)
    {
        var file = Read(BadFile(kind));

        file.Fatal.ShouldNotBeNull();
        file.Fatal.Code.ShouldBe(code);
        file.Fatal.Message.ShouldNotBeNullOrWhiteSpace();
        file.Cells.ShouldBeEmpty();
    }
}
