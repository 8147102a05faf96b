using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using ERaport.Write.School;

namespace ERaport.Web.Documents;

/// <summary>One student row as read: <see cref="Missing"/> names the fields the file has no column for.</summary>
public sealed record ParsedStudentRow(int Row, StudentData Data, string? ClassName, IReadOnlyList<string> Missing);

/// <summary>What reading a file gives: the rows, the problems found while reading them, or a
/// <see cref="Fatal"/> problem that makes the whole file unusable.</summary>
public sealed record ParsedStudentFile(
    string Format, IReadOnlyList<ParsedStudentRow> Rows, IReadOnlyList<ImportProblem> Problems, ImportProblem? Fatal,
    IReadOnlyDictionary<string, SheetColumn> Columns)
{
    public static ParsedStudentFile Failed(string format, string code, string message) =>
        new(format, [], [], new ImportProblem(null, null, null, code, message), new Dictionary<string, SheetColumn>());

    public SheetColumn? ColumnOf(string field) => Columns.GetValueOrDefault(field);
}

/// <summary>Reads a student list shaped like Dapodik's "Daftar Peserta Didik" export, as .xlsx (MiniExcel) or
/// .csv (CsvHelper; comma, semicolon or tab). The header row is found by its names (Nama + NIPD + Rombel…,
/// with common synonyms), so the title rows above it, extra columns and any column order are fine; the second
/// header row under Data Ayah / Data Ibu / Data Wali gives the parents' names. Reading never stores anything:
/// the caller validates the rows (ImportStudentsHandler.Decide) and imports all or nothing.</summary>
public static partial class DapodikStudentImport
{
    public const long MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = ImportStudentsHandler.MaxRows;

    /// <summary>How far down the header row may be (Dapodik puts it under about five title rows).</summary>
    public const int HeaderSearchRows = 30;

    // An .xlsx is a zip; its parts may not unpack to more than this (a zip bomb is refused before reading).
    private const long MaxUnpackedBytes = 200L * 1024 * 1024;
    private const int MaxColumns = 300;

    // Formatting can reach past the data columns; far beyond that a sheet is hostile (see Spreadsheet.Extent).
    private const int MaxClaimedColumns = 1000;

    private static readonly string[] NameHeaders = ["nama", "nama peserta didik", "nama siswa", "nama lengkap", "nama murid"];
    private static readonly string[] NisHeaders = ["nipd", "nis", "nomor induk", "no induk", "nomor induk siswa", "nis lokal", "no induk siswa"];
    private static readonly string[] ClassHeaders = ["rombel saat ini", "rombel", "rombongan belajar", "kelas", "kelas saat ini", "nama rombel"];
    private static readonly string[] NisnHeaders = ["nisn", "nomor induk siswa nasional"];
    private static readonly string[] SexHeaders = ["jk", "jenis kelamin", "l p", "kelamin", "gender"];
    private static readonly string[] BirthPlaceHeaders = ["tempat lahir"];
    private static readonly string[] BirthDateHeaders = ["tanggal lahir", "tgl lahir", "tgl lhr", "tanggal lhr"];
    private static readonly string[] ReligionHeaders = ["agama"];
    private static readonly string[] AddressHeaders = ["alamat", "alamat jalan", "alamat rumah"];
    private static readonly string[] FatherHeaders = ["nama ayah", "nama ayah kandung"];
    private static readonly string[] MotherHeaders = ["nama ibu", "nama ibu kandung"];
    private static readonly string[] GuardianHeaders = ["nama wali"];

    /// <summary>Fields that may be missing from a file; a missing one keeps the stored value.</summary>
    private static readonly string[] OptionalFields = ["birthPlace", "birthDate", "religion", "address", "fatherName", "motherName", "guardianName"];

    /// <summary>How the page names each field's column when the file has none.</summary>
    public static readonly IReadOnlyDictionary<string, string> FieldLabels = new Dictionary<string, string>
    {
        ["name"] = "Nama", ["nis"] = "NIPD", ["nisn"] = "NISN", ["sex"] = "JK", ["birthPlace"] = "Tempat Lahir",
        ["birthDate"] = "Tanggal Lahir", ["religion"] = "Agama", ["address"] = "Alamat", ["fatherName"] = "Data Ayah: Nama",
        ["motherName"] = "Data Ibu: Nama", ["guardianName"] = "Data Wali: Nama", ["className"] = "Rombel Saat Ini",
    };

    /// <summary>Reads <paramref name="content"/> (the whole upload, at most <see cref="MaxBytes"/>). What a cell may hold
    /// (a birth date in the future, say) is the decision's to refuse, as for the student form.</summary>
    public static ParsedStudentFile Parse(byte[] content, string? fileName)
    {
        if (content.Length == 0)
            return ParsedStudentFile.Failed("", "import.empty_file", "Berkas kosong. Unggah ekspor Daftar Peserta Didik dari Dapodik (.xlsx atau .csv).");
        if (content.Length > MaxBytes)
            return ParsedStudentFile.Failed("", "import.too_large", $"Berkas terlalu besar (maksimal {MaxBytes / 1024 / 1024} MB).");

        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        List<SheetRow> rows;
        string format;
        try
        {
            if (Spreadsheet.IsZip(content))
            {
                format = "xlsx";
                if (Spreadsheet.CheckWorkbook(content, MaxUnpackedBytes) is { } problem)
                    return ParsedStudentFile.Failed(format, problem.Code, problem.Message);
                var (claimedRows, claimedColumns) = Spreadsheet.Extent(content);
                if (claimedRows > MaxRawRows)
                    throw new TooManyRowsException();
                if (claimedColumns > MaxClaimedColumns)
                    return ParsedStudentFile.Failed(format, "import.too_many_columns", $"Berkas berisi lebih dari {MaxClaimedColumns} kolom. Unggah ekspor Daftar Peserta Didik dari Dapodik apa adanya.");
                rows = Spreadsheet.ReadRows(content, null, MaxRawRows, MaxColumns);
            }
            else if (Spreadsheet.IsOldExcel(content) || extension == ".xls")
                return ParsedStudentFile.Failed("xls", "import.old_excel",
                    "Format .xls (Excel 97–2003) tidak didukung. Buka berkasnya di Excel atau LibreOffice lalu simpan sebagai .xlsx atau .csv.");
            else if (DecodeText(content) is { } text)
            {
                format = "csv";
                rows = ReadCsv(text);
            }
            else
                return ParsedStudentFile.Failed("", "import.not_a_spreadsheet",
                    "Berkas ini bukan spreadsheet. Unggah ekspor Daftar Peserta Didik dari Dapodik sebagai .xlsx atau .csv.");
        }
        catch (TooManyRowsException)
        {
            return ParsedStudentFile.Failed("", "import.too_many_rows", $"Berkas berisi lebih dari {MaxRows:N0} baris peserta didik. Bagi menjadi beberapa berkas.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever a broken or hostile file makes the readers throw, the answer is a message, never a 500.
            return ParsedStudentFile.Failed(extension.TrimStart('.'), "import.unreadable",
                "Berkas tidak dapat dibaca sebagai spreadsheet (rusak atau bukan .xlsx/.csv). Simpan ulang dari Excel atau unduh lagi dari Dapodik.");
        }
        return Interpret(format, rows);
    }

    private static ParsedStudentFile Interpret(string format, List<SheetRow> rows)
    {
        if (rows.All(r => r.Cells.All(c => c.Text.Length == 0)))
            return ParsedStudentFile.Failed(format, "import.empty_file", "Berkas tidak berisi data.");

        var headerIndex = rows.Take(HeaderSearchRows).ToList().FindIndex(r => Spreadsheet.Find(r, NameHeaders) >= 0 && Spreadsheet.Find(r, NisHeaders) >= 0 && Spreadsheet.Find(r, ClassHeaders) >= 0);
        if (headerIndex < 0)
            return ParsedStudentFile.Failed(format, "import.header_not_found",
                "Baris judul kolom tidak ditemukan. Berkas harus berbentuk ekspor Dapodik \"Daftar Peserta Didik\" dengan kolom Nama, NIPD (atau NIS), " +
                "NISN, JK dan Rombel Saat Ini.");
        var header = rows[headerIndex];

        var columns = new Dictionary<string, SheetColumn>();
        void Map(string field, int index)
        {
            if (index >= 0 && !columns.ContainsKey(field))
                columns[field] = new SheetColumn(index, Spreadsheet.Letter(index), header.Text(index));
        }
        Map("name", Spreadsheet.Find(header, NameHeaders));
        Map("nis", Spreadsheet.Find(header, NisHeaders));
        Map("className", Spreadsheet.Find(header, ClassHeaders));
        Map("nisn", Spreadsheet.Find(header, NisnHeaders));
        Map("sex", Spreadsheet.Find(header, SexHeaders));
        Map("birthPlace", Spreadsheet.Find(header, BirthPlaceHeaders));
        Map("birthDate", Spreadsheet.Find(header, BirthDateHeaders));
        Map("religion", Spreadsheet.Find(header, ReligionHeaders));
        Map("address", Spreadsheet.Find(header, AddressHeaders));
        Map("fatherName", Spreadsheet.Find(header, FatherHeaders));
        Map("motherName", Spreadsheet.Find(header, MotherHeaders));
        Map("guardianName", Spreadsheet.Find(header, GuardianHeaders));

        // Dapodik's parent groups: "Data Ayah" over a second header row (Nama, Tahun Lahir, …).
        var firstData = headerIndex + 1;
        var groups = new (string Field, string Group)[] { ("fatherName", "data ayah"), ("motherName", "data ibu"), ("guardianName", "data wali") };
        if (groups.Any(g => Spreadsheet.Find(header, [g.Group]) >= 0) && firstData < rows.Count)
        {
            var sub = rows[firstData];
            firstData++;
            foreach (var (field, group) in groups)
            {
                var start = Spreadsheet.Find(header, [group]);
                if (start < 0)
                    continue;
                for (var i = start; i < Math.Max(header.Cells.Count, sub.Cells.Count) && (i == start || header.Text(i).Length == 0); i++)
                    if (Spreadsheet.Normalize(sub.Text(i)) == "nama")
                    {
                        if (!columns.ContainsKey(field))
                            columns[field] = new SheetColumn(i, Spreadsheet.Letter(i), $"{header.Text(start)}: {sub.Text(i)}");
                        break;
                    }
            }
        }

        var missingRequired = new[] { "nisn", "sex" }.Where(f => !columns.ContainsKey(f)).Select(f => FieldLabels[f]).ToList();
        if (missingRequired.Count > 0)
            return ParsedStudentFile.Failed(format, "import.columns_missing",
                $"Kolom {string.Join(" dan ", missingRequired)} tidak ada di baris judul (baris {header.Number}). " +
                "Gunakan ekspor Daftar Peserta Didik dari Dapodik tanpa menghapus kolom.");

        var missing = OptionalFields.Where(f => !columns.ContainsKey(f)).ToList();
        var parsed = new List<ParsedStudentRow>();
        var problems = new List<ImportProblem>();
        string Cell(SheetRow r, string field) => columns.TryGetValue(field, out var c) ? r.Text(c.Index) : "";
        string? Optional(SheetRow r, string field) => Cell(r, field) is { Length: > 0 } v ? v : null;

        foreach (var row in rows.Skip(firstData))
        {
            if (new[] { "name", "nis", "nisn", "className" }.All(f => Cell(row, f).Length == 0))
                continue; // blank lines and footers
            if (parsed.Count >= MaxRows)
                return ParsedStudentFile.Failed(format, "import.too_many_rows", $"Berkas berisi lebih dari {MaxRows:N0} baris peserta didik. Bagi menjadi beberapa berkas.");

            DateOnly? birthDate = null;
            if (columns.TryGetValue("birthDate", out var dateColumn) && row.Value(dateColumn.Index) is { } rawDate && row.Text(dateColumn.Index).Length > 0)
            {
                birthDate = ReadDate(rawDate);
                if (birthDate is null)
                    problems.Add(new ImportProblem(row.Number, dateColumn, row.Text(dateColumn.Index), "birthDate.unreadable",
                        "Tanggal lahir tidak terbaca. Tulis seperti 2009-05-17, 17/05/2009 atau 17 Mei 2009."));
            }
            var data = new StudentData(
                Cell(row, "name"), Nisn(row, columns.GetValueOrDefault("nisn")), Number(row, columns.GetValueOrDefault("nis")), Sex(Cell(row, "sex")),
                Optional(row, "birthPlace"), birthDate, Optional(row, "religion"), Optional(row, "address"),
                Optional(row, "fatherName"), Optional(row, "motherName"), Optional(row, "guardianName"));
            parsed.Add(new ParsedStudentRow(row.Number, data, Optional(row, "className"), missing));
        }
        if (parsed.Count == 0)
            return ParsedStudentFile.Failed(format, "import.no_rows", $"Tidak ada baris peserta didik di bawah baris judul (baris {header.Number}).");
        return new ParsedStudentFile(format, parsed, problems, null, columns);
    }

    private static string Nisn(SheetRow row, SheetColumn? column) => column is null ? "" : Spreadsheet.Nisn(row, column.Index);

    private static string Number(SheetRow row, SheetColumn? column) => column is null ? "" : Spreadsheet.Digitless(row.Text(column.Index));

    private static string Sex(string text) => Spreadsheet.Normalize(text) switch
    {
        "l" or "lk" or "laki laki" or "laki" or "pria" or "male" => "L",
        "p" or "pr" or "perempuan" or "wanita" or "female" => "P",
        _ => text.Trim(),
    };

    /// <summary>A birth date as spreadsheets hold it: a date cell, an Excel serial number, or text in the
    /// formats Indonesian schools use (2009-05-17, 17/05/2009, 17-05-2009, 17 Mei 2009, 17 Agt 2009).</summary>
    public static DateOnly? ReadDate(object value)
    {
        switch (value)
        {
            case DateTime dt:
                return DateOnly.FromDateTime(dt);
            case DateOnly d:
                return d;
            case double serial when serial >= 1 && serial < 2958466:
                return DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
        }
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "";
        if (IsoDate().Match(text) is { Success: true } iso)
            return Date(iso.Groups[1].Value, iso.Groups[2].Value, iso.Groups[3].Value);
        if (DayFirstDate().Match(text) is { Success: true } dmy)
            return Date(dmy.Groups[3].Value, dmy.Groups[2].Value, dmy.Groups[1].Value);
        if (NamedMonthDate().Match(text) is { Success: true } named && Month(named.Groups[2].Value) is { } month)
            return Date(named.Groups[3].Value, month.ToString(CultureInfo.InvariantCulture), named.Groups[1].Value);
        return null;
    }

    private static DateOnly? Date(string year, string month, string day) =>
        int.TryParse(year, out var y) && int.TryParse(month, out var m) && int.TryParse(day, out var d)
        && y is >= 1900 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m)
            ? new DateOnly(y, m, d)
            : null;

    private static int? Month(string name)
    {
        var n = name.ToLowerInvariant().TrimEnd('.');
        string[][] months =
        [
            ["jan"], ["feb", "peb"], ["mar"], ["apr"], ["mei", "may"], ["jun"], ["jul"], ["agu", "ags", "agt", "aug"],
            ["sep"], ["okt", "oct"], ["nov", "nop"], ["des", "dec"],
        ];
        for (var i = 0; i < months.Length; i++)
            if (n.Length >= 3 && months[i].Any(p => n.StartsWith(p, StringComparison.Ordinal)))
                return i + 1;
        return null;
    }

    [GeneratedRegex(@"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?$")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")]
    private static partial Regex DayFirstDate();

    [GeneratedRegex(@"^(\d{1,2})[ \-]+([A-Za-z]{3,10})\.?[ \-]+(\d{4})$")]
    private static partial Regex NamedMonthDate();

    // --- reading the two formats into rows of cells

    // Rows read at most: the header search, the data limit, and room for blank lines.
    private const int MaxRawRows = MaxRows + HeaderSearchRows + 1000;

    /// <summary>The text of a CSV file, or null when it is binary (not a spreadsheet at all).</summary>
    private static string? DecodeText(byte[] content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            // Excel on Windows saves CSV in the ANSI code page; Latin-1 reads Indonesian names the same.
            text = Encoding.Latin1.GetString(content);
        }
        text = text.TrimStart('\uFEFF');
        var sample = text.Length > 8192 ? text[..8192] : text;
        var control = sample.Count(c => char.IsControl(c) && c is not '\r' and not '\n' and not '\t');
        return sample.Contains('\0') || control > sample.Length / 100 ? null : text;
    }

    private static List<SheetRow> ReadCsv(string text)
    {
        // The separator (comma, semicolon from Indonesian Excel, tab) is detected from the first lines.
        var options = CsvReaderOptions.Default with
        {
            HasHeader = false,
            TrimWhitespace = true,
            SkipEmptyLines = false,
            MaxRecordSize = 1024 * 1024,
        };
        using var reader = CsvReader.FromText(text, options);
        var rows = new List<SheetRow>();
        while (reader.Read())
        {
            if (rows.Count >= MaxRawRows)
                throw new TooManyRowsException();
            var cells = Enumerable.Range(0, Math.Min(reader.FieldCount, MaxColumns))
                .Select(i => reader.GetString(i).Trim()).Select(v => new SheetCell(v, v)).ToList();
            rows.Add(new SheetRow(rows.Count + 1, cells));
        }
        return rows;
    }
}
