using System.Globalization;
using System.Text.RegularExpressions;
using ERaport.Read.Grading;
using ERaport.Web.Components;
using ERaport.Write.Grading;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace ERaport.Web.Documents;

/// <summary>A filled score cell of an uploaded template: where it is, whose and which assessment it is, the
/// text as typed, and the value the teacher saw when the template was downloaded (null: empty or unknown).</summary>
public sealed record TemplateCell(int Row, SheetColumn Column, Guid StudentId, string Assessment, string Value, int? Seen);

/// <summary>What reading an uploaded template gives: the changed cells, the problems found while reading
/// (unknown or duplicate students, ambiguous columns), or a <see cref="Fatal"/> problem with the whole file.</summary>
public sealed record ParsedScoreTemplate(IReadOnlyList<TemplateCell> Cells, IReadOnlyList<ImportProblem> Problems, ImportProblem? Fatal, int Rows)
{
    public static ParsedScoreTemplate Failed(string code, string message) => new([], [], new ImportProblem(null, null, null, code, message), 0);
}

/// <summary>The score template of one gradebook: a sheet "Nilai" with title rows (school, class, subject,
/// teacher, term), a header row (No, NISN, NIS, Nama, one column per TP, STS when weighted, SAS Tes, SAS Non-tes)
/// and one row per student in class order with the current scores; and a hidden sheet recording what each
/// cell held at download, so that an upload knows what the teacher saw (a changed filled cell is a correction,
/// and a cell changed by someone else since is a conflict, never overwritten).
/// Reading finds the header row by its names, so title rows, extra columns, renamed headings (case, spaces,
/// "TP1" without its description) and any row order are fine; rows are matched by NISN, else NIS.</summary>
public static partial class ScoreTemplate
{
    public const long MaxBytes = 2 * 1024 * 1024;
    public const string ScoreSheet = "Nilai";
    public const string RecordSheet = "Unduhan";
    private const string RecordTitle = "E-Raport: isi nilai saat templat diunduh (jangan diubah)";
    private const long MaxUnpackedBytes = 20L * 1024 * 1024;
    private const int HeaderSearchRows = 30;

    /// <summary>The row of the column headings in a downloaded template, under its title and instruction lines.</summary>
    public const int HeaderRow = 8;
    private const int MaxRows = 2000;
    private const int MaxColumns = 300;
    private const int MaxRecordRows = SaveScoresHandler.MaxCellsPerSave + 10;

    private static readonly string[] NisnHeaders = ["nisn", "nomor induk siswa nasional"];
    private static readonly string[] NisHeaders = ["nis", "nipd", "nomor induk", "no induk", "nomor induk siswa", "nis lokal"];
    private static readonly string[] MidSemesterHeaders = ["sts", "pts", "sumatif tengah semester", "nilai sts"];
    private static readonly string[] TestHeaders = ["sas tes", "sas test", "sumatif akhir semester tes"];
    private static readonly string[] NonTestHeaders = ["sas non tes", "sas nontes", "sas non test", "sumatif akhir semester non tes"];
    private static readonly string[] AmbiguousHeaders = ["sas", "nilai sas", "sumatif akhir semester"];

    public static string FileName(GradebookSummary g) =>
        $"templat-nilai-{Slug(g.SubjectName)}-{Slug(g.ClassName)}-{g.SchoolYear.Replace('/', '-')}-{g.Semester}.xlsx";

    // --- download

    public static byte[] Write(string schoolName, GradeSheet sheet, DateTimeOffset at)
    {
        var g = sheet.Gradebook;
        var headers = new List<string> { "No", "NISN", "NIS", "Nama" };
        headers.AddRange(sheet.Assessments.Select(Heading));
        var keys = headers.Select((_, i) => Spreadsheet.Letter(i)).ToList();
        Dictionary<string, object?> Row(params IEnumerable<object?> values)
        {
            var cells = values.ToList();
            return keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i < cells.Count ? cells[x.i] : null);
        }

        var rows = new List<Dictionary<string, object?>>
        {
            Row("TEMPLAT NILAI E-RAPORT"),
            Row($"Sekolah: {schoolName}"),
            Row($"Kelas: {g.ClassName}"),
            Row($"Mata pelajaran: {g.SubjectName}"),
            Row($"Guru: {g.TeacherName}"),
            Row(Format.TermLine(g.SchoolYear, g.Semester)),
            Row("Isi nilai 0–100 (bilangan bulat). Sel kosong berarti tidak diubah. Jangan ubah NISN/NIS; urutan baris dan kolom boleh diubah."),
            Row(headers),
        };
        rows.AddRange(sheet.Students.Select((s, i) =>
            Row([i + 1, s.Nisn, s.Nis, s.Name, .. sheet.Assessments.Select(a => (object?)s.Scores.GetValueOrDefault(a.Key)?.Value)])));

        Dictionary<string, object?> RecordRow(object? a, object? b = null, object? c = null) => new() { ["A"] = a, ["B"] = b, ["C"] = c };
        var record = new List<Dictionary<string, object?>>
        {
            RecordRow(RecordTitle),
            RecordRow("buku nilai", g.GradebookId.ToString()),
            RecordRow("diunduh", at.ToString("O", CultureInfo.InvariantCulture)),
            RecordRow("peserta didik", "penilaian", "nilai"),
        };
        record.AddRange(from s in sheet.Students
                        from a in sheet.Assessments
                        let score = s.Scores.GetValueOrDefault(a.Key)
                        where score is not null
                        select RecordRow(s.StudentId.ToString(), a.Key, score.Value));

        var config = Spreadsheet.Titled(HeaderRow, nameColumns: 4);
        config.DynamicSheets = [new DynamicExcelSheet(RecordSheet) { Name = RecordSheet, State = SheetState.Hidden }];
        config.DynamicColumns =
        [
            new DynamicExcelColumn("A") { Width = 5 }, new DynamicExcelColumn("B") { Width = 13 },
            new DynamicExcelColumn("C") { Width = 10 }, new DynamicExcelColumn("D") { Width = 30 },
            .. keys.Skip(4).Select(k => new DynamicExcelColumn(k) { Width = 12 }),
        ];
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { [ScoreSheet] = rows, [RecordSheet] = record }, printHeader: false,
            excelType: ExcelType.XLSX, configuration: config);
        return stream.ToArray();
    }

    /// <summary>"TP1 – Eksponen dan logaritma" (the description shortened), "STS", "SAS Tes", "SAS Non-tes".</summary>
    private static string Heading(SheetAssessment a) =>
        Assessment.IsObjective(a.Key) && a.Description.Length > 0
            ? $"{a.Label} – {(a.Description.Length > 60 ? a.Description[..60].TrimEnd() + "…" : a.Description)}"
            : a.Label;

    // --- upload

    /// <summary>Reads an uploaded template of <paramref name="sheet"/>'s gradebook. Never stores anything.</summary>
    public static ParsedScoreTemplate Parse(byte[] content, GradeSheet sheet)
    {
        if (content.Length == 0)
            return ParsedScoreTemplate.Failed("import.empty_file", "Berkas kosong. Unggah templat nilai (.xlsx) yang diunduh dari halaman nilai.");
        if (content.Length > MaxBytes)
            return ParsedScoreTemplate.Failed("import.too_large", $"Berkas terlalu besar (maksimal {MaxBytes / 1024 / 1024} MB).");
        if (!Spreadsheet.IsZip(content))
            return Spreadsheet.IsOldExcel(content)
                ? ParsedScoreTemplate.Failed("import.old_excel",
                    "Format .xls (Excel 97–2003) tidak didukung. Buka berkasnya di Excel atau LibreOffice lalu simpan sebagai .xlsx.")
                : ParsedScoreTemplate.Failed("import.not_a_spreadsheet",
                    "Berkas ini bukan buku kerja Excel (.xlsx), misalnya CSV atau dokumen lain yang diberi nama .xlsx. Unggah templat nilai dalam format .xlsx.");
        if (Spreadsheet.CheckWorkbook(content, MaxUnpackedBytes) is { } problem)
            return ParsedScoreTemplate.Failed(problem.Code, problem.Message);

        try
        {
            var (rows, columns) = Spreadsheet.Extent(content);
            if (rows > MaxRecordRows)
                throw new TooManyRowsException();
            if (columns > MaxColumns)
                return ParsedScoreTemplate.Failed("import.too_many_columns", $"Berkas berisi lebih dari {MaxColumns} kolom. Unggah templat nilai yang diunduh dari halaman nilai.");
            var names = Spreadsheet.SheetNames(content);
            var scoreSheet = names.FirstOrDefault(n => n == ScoreSheet) ?? names.FirstOrDefault(n => n != RecordSheet);
            if (scoreSheet is null)
                return ParsedScoreTemplate.Failed("import.header_not_found", "Berkas tidak berisi lembar nilai.");
            Dictionary<string, int>? seen = null;
            if (names.Contains(RecordSheet))
            {
                var (record, fatal) = ReadRecord(Spreadsheet.ReadRows(content, RecordSheet, MaxRecordRows, 3), sheet.Gradebook.GradebookId);
                if (fatal is not null)
                    return new ParsedScoreTemplate([], [], fatal, 0);
                seen = record;
            }
            return Interpret(Spreadsheet.ReadRows(content, scoreSheet, MaxRows, MaxColumns), sheet, seen);
        }
        catch (TooManyRowsException)
        {
            return ParsedScoreTemplate.Failed("import.too_many_rows", $"Berkas berisi lebih dari {MaxRows:N0} baris. Unggah templat satu kelas saja.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever a broken or hostile file makes the reader throw, the answer is a message, never a 500.
            return ParsedScoreTemplate.Failed("import.unreadable",
                "Berkas tidak dapat dibaca sebagai templat nilai (rusak atau bukan .xlsx). Simpan ulang dari Excel atau unduh templat baru.");
        }
    }

    /// <summary>What each cell held at download, keyed by <see cref="Gradebook.CellKey"/>; or why the record is unusable.</summary>
    private static (Dictionary<string, int>? Seen, ImportProblem? Fatal) ReadRecord(List<SheetRow> rows, Guid gradebookId)
    {
        var id = rows.FirstOrDefault(r => r.Text(0) == "buku nilai")?.Text(1);
        if (!Guid.TryParse(id, out var recorded))
            return (null, new ImportProblem(null, null, null, "template.record_damaged",
                $"Lembar tersembunyi \"{RecordSheet}\" di templat ini rusak, sehingga tidak diketahui nilai mana yang Anda lihat saat mengunduh. Unduh templat baru."));
        if (recorded != gradebookId)
            return (null, new ImportProblem(null, null, null, "template.other_gradebook",
                "Templat ini diunduh untuk buku nilai lain (kelas atau mata pelajaran lain). Unggah templat dari buku nilai ini."));
        var seen = new Dictionary<string, int>();
        foreach (var row in rows)
            if (Guid.TryParse(row.Text(0), out var studentId) && row.Text(1).Length > 0 && int.TryParse(row.Text(2), out var value))
                seen[Gradebook.CellKey(studentId, row.Text(1))] = value;
        return (seen, null);
    }

    private sealed record ScoreColumn(SheetColumn Column, string? Assessment, string? Problem, string? Code);

    private static ParsedScoreTemplate Interpret(List<SheetRow> rows, GradeSheet sheet, Dictionary<string, int>? seen)
    {
        if (rows.All(r => r.Cells.All(c => c.Text.Length == 0)))
            return ParsedScoreTemplate.Failed("import.empty_file", "Berkas tidak berisi data.");

        var known = sheet.Assessments.ToDictionary(a => a.Key);
        List<ScoreColumn> ScoreColumns(SheetRow row) =>
        [
            .. row.Cells.Select((c, i) => Classify(new SheetColumn(i, Spreadsheet.Letter(i), c.Text), known)).OfType<ScoreColumn>(),
        ];
        var headerIndex = rows.Take(HeaderSearchRows).ToList().FindIndex(r =>
            (Spreadsheet.Find(r, NisnHeaders) >= 0 || Spreadsheet.Find(r, NisHeaders) >= 0) && ScoreColumns(r).Any(c => c.Assessment is not null));
        if (headerIndex < 0)
            return ParsedScoreTemplate.Failed("import.header_not_found",
                "Baris judul kolom tidak ditemukan. Templat harus punya kolom NISN atau NIS dan kolom nilai (TP1, TP2, …, SAS Tes, SAS Non-tes). " +
                "Unduh templat dari halaman nilai dan isi tanpa menghapus baris judulnya.");
        var header = rows[headerIndex];
        var nisnIndex = Spreadsheet.Find(header, NisnHeaders);
        var nisIndex = Spreadsheet.Find(header, NisHeaders);
        var data = rows.Skip(headerIndex + 1).ToList();
        var problems = new List<ImportProblem>();

        // Columns: each assessment once; a column that looks like a score column but says no single one is refused when it holds values.
        var columns = new List<ScoreColumn>();
        foreach (var column in ScoreColumns(header))
        {
            var hasValues = data.Any(r => r.Text(column.Column.Index).Length > 0);
            if (column.Assessment is null)
            {
                if (hasValues)
                    problems.Add(new ImportProblem(header.Number, column.Column, column.Column.Header, column.Code!, column.Problem!));
            }
            else if (columns.FirstOrDefault(c => c.Assessment == column.Assessment) is { } first)
                problems.Add(new ImportProblem(header.Number, column.Column, column.Column.Header, "column.duplicate",
                    $"Kolom \"{column.Column.Header}\" ({column.Column.Letter}) dan \"{first.Column.Header}\" ({first.Column.Letter}) sama-sama berarti " +
                    $"{known[column.Assessment].Label}. Hapus atau ganti nama salah satunya."));
            else
                columns.Add(column);
        }

        var byNisn = sheet.Students.Where(s => s.Nisn.Length > 0).GroupBy(s => s.Nisn).ToDictionary(g => g.Key, g => g.First());
        var byNis = sheet.Students.Where(s => s.Nis.Length > 0).GroupBy(s => s.Nis).ToDictionary(g => g.Key, g => g.First());
        var firstRow = new Dictionary<Guid, int>();
        var cells = new List<TemplateCell>();
        var studentRows = 0;
        SheetColumn IdColumn() => nisnIndex >= 0 ? new SheetColumn(nisnIndex, Spreadsheet.Letter(nisnIndex), header.Text(nisnIndex))
            : new SheetColumn(nisIndex, Spreadsheet.Letter(nisIndex), header.Text(nisIndex));

        foreach (var row in data)
        {
            var filled = columns.Where(c => Entered(row, c.Column.Index).Length > 0).ToList();
            var nisn = nisnIndex >= 0 ? Spreadsheet.Nisn(row, nisnIndex) : "";
            var nis = nisIndex >= 0 ? Spreadsheet.Digitless(row.Text(nisIndex)) : "";
            if (filled.Count == 0)
                continue; // blank lines, footers, and students left empty: nothing to change
            studentRows++;
            var identity = string.Join(", ", new[] { nisn.Length > 0 ? $"NISN {nisn}" : null, nis.Length > 0 ? $"NIS {nis}" : null }.OfType<string>());
            if (nisn.Length == 0 && nis.Length == 0)
            {
                problems.Add(new ImportProblem(row.Number, IdColumn(), "", "student.unidentified",
                    "Baris ini berisi nilai, tetapi NISN dan NIS-nya kosong, sehingga tidak diketahui milik siapa."));
                continue;
            }
            var byId = nisn.Length > 0 ? byNisn.GetValueOrDefault(nisn) : null;
            var byNumber = nis.Length > 0 ? byNis.GetValueOrDefault(nis) : null;
            if (byId is not null && byNumber is not null && byId.StudentId != byNumber.StudentId)
            {
                problems.Add(new ImportProblem(row.Number, IdColumn(), identity, "student.mismatch",
                    $"NISN {nisn} milik {byId.Name}, tetapi NIS {nis} milik {byNumber.Name}. Periksa baris ini."));
                continue;
            }
            if ((byId ?? byNumber) is not { } student)
            {
                problems.Add(new ImportProblem(row.Number, IdColumn(), identity, "student.unknown",
                    $"Peserta didik dengan {identity} tidak terdaftar di kelas {sheet.Gradebook.ClassName}."));
                continue;
            }
            if (firstRow.TryGetValue(student.StudentId, out var earlier))
            {
                problems.Add(new ImportProblem(row.Number, IdColumn(), identity, "student.duplicate_row",
                    $"{student.Name} sudah ada di baris {earlier}. Setiap peserta didik hanya boleh satu baris."));
                continue;
            }
            firstRow[student.StudentId] = row.Number;
            foreach (var c in filled)
            {
                var text = Entered(row, c.Column.Index);
                int? before = seen?.TryGetValue(Gradebook.CellKey(student.StudentId, c.Assessment!), out var v) == true ? v : null;
                if (before is { } b && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var typed) && typed == b)
                    continue; // as downloaded: not the teacher's change, even if someone else changed it since
                cells.Add(new TemplateCell(row.Number, c.Column, student.StudentId, c.Assessment!, text, before));
            }
        }
        return new ParsedScoreTemplate(cells, problems, null, studentRows);
    }

    /// <summary>A cell as the teacher meant it: "-" (a spreadsheet's "no score") is left blank, as the grid's paste leaves it.</summary>
    private static string Entered(SheetRow row, int index) => row.Text(index) is "-" or "–" or "—" ? "" : row.Text(index);

    /// <summary>The assessment a heading names; a problem when it looks like a score column but names none or
    /// more than one; null when it is no score column at all (No, Nama, a teacher's own notes).</summary>
    private static ScoreColumn? Classify(SheetColumn column, IReadOnlyDictionary<string, SheetAssessment> known)
    {
        var h = Spreadsheet.Normalize(column.Header);
        if (h.Length == 0)
            return null;
        string? key = null;
        if (ObjectiveHeading().Match(h) is { Success: true } tp)
        {
            key = LearningObjective.KeyPrefix + int.Parse(tp.Groups[1].Value, CultureInfo.InvariantCulture);
            if (!known.ContainsKey(key))
                return new ScoreColumn(column, null, $"Kolom \"{column.Header}\" menyebut {tp.Groups[0].Value.Trim().ToUpperInvariant()}, " +
                    "yang tidak ada di buku nilai ini (mungkin sudah dihapus). Kosongkan kolom itu atau unduh templat baru.", "column.unknown_objective");
        }
        else if (Named(h, MidSemesterHeaders))
        {
            if (!known.ContainsKey(Assessment.MidSemesterTest))
                return new ScoreColumn(column, null, $"Kolom \"{column.Header}\": buku nilai ini tidak memakai STS (bobotnya 0). Kosongkan kolom itu.",
                    "column.unknown_assessment");
            key = Assessment.MidSemesterTest;
        }
        else if (Named(h, NonTestHeaders))
            key = Assessment.SemesterNonTest;
        else if (Named(h, TestHeaders))
            key = Assessment.SemesterTest;
        else if (AmbiguousHeaders.Contains(h))
            return new ScoreColumn(column, null, $"Kolom \"{column.Header}\" tidak jelas: SAS Tes atau SAS Non-tes? Ganti judulnya menjadi salah satu.",
                "column.ambiguous");
        else if (known.Values.Where(a => Assessment.IsObjective(a.Key) && Spreadsheet.Normalize(a.Description) == h).ToList() is [var byDescription])
            key = byDescription.Key;

        return key is null ? null : new ScoreColumn(column, key, null, null);
    }

    private static bool Named(string heading, string[] names) => names.Any(n => heading == n || heading.StartsWith(n + " ", StringComparison.Ordinal));

    [GeneratedRegex(@"^tp ?(\d{1,4})(?: |$)")]
    private static partial Regex ObjectiveHeading();

    private static string Slug(string text) =>
        string.Join('-', Spreadsheet.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries)) is { Length: > 0 } s ? s : "x";
}
