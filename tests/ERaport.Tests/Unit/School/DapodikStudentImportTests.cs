using System.IO.Compression;
using System.Text;
using ERaport.Web.Documents;
using static ERaport.Tests.Unit.School.DapodikFiles;

namespace ERaport.Tests.Unit.School;

public class DapodikStudentImportTests
{

    private static ParsedStudentFile Read(byte[] content, string name = "daftar.xlsx") => DapodikStudentImport.Parse(content, name);

    private static ParsedStudentFile ReadOk(byte[] content, string name = "daftar.xlsx")
    {
        var file = Read(content, name);
        file.Fatal.ShouldBeNull(file.Fatal?.Message);
        return file;
    }

    public static TheoryData<string> Formats => new() { "xlsx", "csv" };

    private static byte[] Write(List<object?[]> table, string format) => format == "xlsx" ? Xlsx(table) : Csv(table);

    [Theory]
    [MemberData(nameof(Formats))]
    public void a_dapodik_export_is_read_below_its_title_rows_with_the_parents_from_the_second_header_row(string format)
    {
        var file = ReadOk(Write(Table(), format), "daftar." + format);

        file.Format.ShouldBe(format);
        file.Problems.ShouldBeEmpty();
        file.Rows.Count.ShouldBe(3);
        var citra = file.Rows[2];
        citra.Row.ShouldBe(10); // five title rows, two header rows, then Adi (8), Bunga (9), Citra (10)
        citra.Data.ShouldBe(new ERaport.Write.School.StudentData("CITRA SIREGAR", "0091234503", "2627003", "P", "Medan", new DateOnly(2010, 1, 30),
            "Islam", "Jl. Kenanga 3", "Togar Siregar", "Rina", "Paman Citra"));
        citra.ClassName.ShouldBe("X-2");
        citra.Missing.ShouldBeEmpty();
        file.ColumnOf("nisn")!.Letter.ShouldBe("E");
        file.ColumnOf("fatherName")!.Header.ShouldBe("Data Ayah: Nama");
        file.ColumnOf("className")!.Header.ShouldBe("Rombel Saat Ini");
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void a_file_without_title_rows_is_read_too(string format)
    {
        var file = ReadOk(Write(Table(titleRows: false), format));

        file.Rows.Select(r => r.Row).ShouldBe([3, 4, 5]);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void reordered_columns_are_found_by_their_names(string format)
    {
        var table = MoveColumn(MoveColumn(Table(), "Rombel Saat Ini", 0), "NISN", 3);

        var file = ReadOk(Write(table, format));

        file.Rows[0].Data.Nisn.ShouldBe("0091234501");
        file.Rows[0].ClassName.ShouldBe("X-1");
        file.Rows[0].Data.Name.ShouldBe("ADI NUGROHO");
        file.ColumnOf("className")!.Letter.ShouldBe("A");
    }

    [Fact]
    public void synonyms_of_the_headings_are_accepted()
    {
        var table = Table();
        var header = table.First(r => r.Contains("NIPD"));
        header[Array.IndexOf(header, "Nama")] = "Nama Peserta Didik";
        header[Array.IndexOf(header, "NIPD")] = "NIS";
        header[Array.IndexOf(header, "JK")] = "Jenis Kelamin";
        header[Array.IndexOf(header, "Rombel Saat Ini")] = "Rombel";

        var file = ReadOk(Xlsx(table));

        file.Rows[1].Data.Name.ShouldBe("BUNGA LESTARI");
        file.Rows[1].Data.Nis.ShouldBe("2627002");
        file.Rows[1].Data.Sex.ShouldBe("P");
        file.Rows[1].ClassName.ShouldBe("X-1");
    }

    [Fact]
    public void nomor_induk_is_a_synonym_of_nipd_and_headings_ignore_case_and_punctuation()
    {
        var table = Table();
        var header = table.First(r => r.Contains("NIPD"));
        header[Array.IndexOf(header, "NIPD")] = "No. Induk";
        header[Array.IndexOf(header, "Nama")] = "NAMA";

        ReadOk(Csv(table)).Rows[0].Data.Nis.ShouldBe("2627001");
    }

    [Fact]
    public void extra_columns_are_ignored_and_missing_optional_columns_are_named()
    {
        var table = DropColumn(DropColumn(Table(), "Alamat"), "Agama");
        var withExtra = table.Select((r, i) => (object?[])[.. r, i == 5 ? "Catatan Operator" : "lain-lain"]).ToList();

        var file = ReadOk(Xlsx(withExtra));

        file.Rows.Count.ShouldBe(3);
        file.Rows[0].Data.Address.ShouldBeNull();
        file.Rows[0].Missing.ShouldBe(["religion", "address"], ignoreOrder: true);
    }

    [Fact]
    public void a_nisn_stored_as_a_number_gets_its_leading_zeros_back()
    {
        var table = Set(Table(), 0, "NISN", 91234501d);

        ReadOk(Xlsx(table)).Rows[0].Data.Nisn.ShouldBe("0091234501");
    }

    [Theory]
    [InlineData("91234501", "0091234501")]
    [InlineData("101234501", "0101234501")]
    [InlineData("0091234501", "0091234501")]
    [InlineData("1234567", "1234567")]
    public void a_csv_saved_again_by_excel_gets_the_nisn_leading_zeros_back(string text, string expected)
    {
        ReadOk(Csv(Set(Table(), 0, "NISN", text)), "daftar.csv").Rows[0].Data.Nisn.ShouldBe(expected);
    }

    [Theory]
    [InlineData("2009-05-17")]
    [InlineData("17/05/2009")]
    [InlineData("17-05-2009")]
    [InlineData("17.05.2009")]
    [InlineData("17 Mei 2009")]
    [InlineData("17 mei 2009")]
    [InlineData("17 Agt 2009")]
    [InlineData("17 Agustus 2009")]
    [InlineData("2009/05/17")]
    public void birth_dates_in_indonesian_formats_are_read(string text)
    {
        var expected = text.Contains("Ag") ? new DateOnly(2009, 8, 17) : new DateOnly(2009, 5, 17);

        ReadOk(Csv(Set(Table(), 0, "Tanggal Lahir", text))).Rows[0].Data.BirthDate.ShouldBe(expected);
    }

    [Fact]
    public void birth_dates_as_date_cells_and_excel_serial_numbers_are_read()
    {
        var table = Set(Set(Table(), 0, "Tanggal Lahir", new DateTime(2009, 5, 17)), 1, "Tanggal Lahir", 39950d);

        var file = ReadOk(Xlsx(table));

        file.Rows[0].Data.BirthDate.ShouldBe(new DateOnly(2009, 5, 17));
        file.Rows[1].Data.BirthDate.ShouldBe(new DateOnly(2009, 5, 17));
    }

    [Theory]
    [InlineData("31/02/2009")]
    [InlineData("kemarin")]
    public void an_unreadable_birth_date_is_a_problem_at_its_row_and_column(string text)
    {
        var file = ReadOk(Csv(Set(Table(), 1, "Tanggal Lahir", text)));

        var problem = file.Problems.ShouldHaveSingleItem();
        problem.Code.ShouldBe("birthDate.unreadable");
        problem.Row.ShouldBe(9);
        problem.Column!.Header.ShouldBe("Tanggal Lahir");
        problem.Column.Letter.ShouldBe("G");
        problem.Value.ShouldBe(text);
    }

    [Theory]
    [InlineData("Laki-laki", "L")]
    [InlineData("perempuan", "P")]
    [InlineData(" p ", "P")]
    [InlineData("X", "X")]
    public void sex_is_read_as_L_or_P_and_anything_else_is_kept_for_the_decision_to_refuse(string text, string expected)
    {
        ReadOk(Csv(Set(Table(), 0, "JK", text))).Rows[0].Data.Sex.ShouldBe(expected);
    }

    [Fact]
    public void blank_rows_between_and_after_the_students_are_skipped()
    {
        var table = Table();
        table.Insert(8, new object?[Header.Length]);
        table.Add(new object?[Header.Length]);

        ReadOk(Xlsx(table)).Rows.Select(r => r.Row).ShouldBe([8, 10, 11]);
    }

    [Theory]
    [InlineData(',')]
    [InlineData('\t')]
    public void csv_with_comma_or_tab_separators_is_read(char separator)
    {
        var table = Set(Table(), 0, "Alamat", "Jl. Melati 1, RT 01; RW 02");

        var file = ReadOk(Csv(table, separator), "daftar.csv");

        file.Rows[0].Data.Address.ShouldBe("Jl. Melati 1, RT 01; RW 02");
        file.Rows.Count.ShouldBe(3);
    }

    // --- files that are refused as a whole

    [Fact]
    public void an_empty_file_is_refused()
    {
        Read([]).Fatal!.Code.ShouldBe("import.empty_file");
    }

    [Fact]
    public void a_file_over_5_mb_is_refused_before_reading()
    {
        Read(new byte[DapodikStudentImport.MaxBytes + 1]).Fatal!.Code.ShouldBe("import.too_large");
    }

    [Fact]
    public void random_bytes_are_not_a_spreadsheet()
    {
        var junk = new byte[4096];
        new Random(7).NextBytes(junk);

        Read(junk, "daftar.xlsx").Fatal!.Code.ShouldBe("import.not_a_spreadsheet");
    }

    [Fact]
    public void a_zip_that_is_not_a_workbook_is_refused()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open()))
            writer.Write("<w:document/>");

        Read(stream.ToArray()).Fatal!.Code.ShouldBe("import.not_a_spreadsheet");
    }

    [Fact]
    public void a_broken_xlsx_is_refused_with_a_message()
    {
        var xlsx = Xlsx(Table());
        var broken = xlsx[..(xlsx.Length / 2)];

        var fatal = Read(broken).Fatal.ShouldNotBeNull();
        fatal.Code.ShouldBeOneOf("import.not_a_spreadsheet", "import.unreadable");
        fatal.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void an_old_xls_file_is_refused_with_how_to_convert_it()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];

        Read(ole, "daftar.xls").Fatal!.Code.ShouldBe("import.old_excel");
    }

    [Fact]
    public void a_spreadsheet_with_other_columns_is_refused_because_no_header_row_is_found()
    {
        var table = new List<object?[]> { new object?[] { "Kode", "Barang", "Harga" }, new object?[] { "1", "Pensil", "2000" } };

        Read(Xlsx(table)).Fatal!.Code.ShouldBe("import.header_not_found");
        Read(Csv(table), "barang.csv").Fatal!.Code.ShouldBe("import.header_not_found");
    }

    [Fact]
    public void a_text_file_of_prose_is_refused_because_no_header_row_is_found()
    {
        Read(Encoding.UTF8.GetBytes("Ini hanya catatan biasa.\nBukan daftar peserta didik.\n"), "catatan.csv").Fatal!.Code.ShouldBe("import.header_not_found");
    }

    [Fact]
    public void a_header_row_without_nisn_is_refused_naming_the_missing_column()
    {
        var fatal = Read(Xlsx(DropColumn(Table(), "NISN"))).Fatal.ShouldNotBeNull();

        fatal.Code.ShouldBe("import.columns_missing");
        fatal.Message.ShouldContain("NISN");
    }

    [Fact]
    public void a_header_row_without_students_under_it_is_refused()
    {
        Read(Xlsx(Table([]))).Fatal!.Code.ShouldBe("import.no_rows");
    }

    [Fact]
    public void more_than_5000_students_are_refused()
    {
        var many = Enumerable.Range(0, DapodikStudentImport.MaxRows + 1)
            .Select(i => Students[0] with { Nisn = $"{i:D10}", Nipd = $"{i}" });

        Read(Csv(Table(many)), "banyak.csv").Fatal!.Code.ShouldBe("import.too_many_rows");
    }
}
