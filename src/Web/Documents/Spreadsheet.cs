using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml;
using MiniExcelLibs;

namespace ERaport.Web.Documents;

/// <summary>A cell as read: the value the reader gave (a number, date, text or null) and its text.</summary>
public sealed record SheetCell(object? Value, string Text);

/// <summary>A row of a sheet; <see cref="Number"/> is the row number as the spreadsheet shows it.</summary>
public sealed record SheetRow(int Number, List<SheetCell> Cells)
{
    public string Text(int index) => index < Cells.Count ? Cells[index].Text : "";
    public object? Value(int index) => index < Cells.Count ? Cells[index].Value : null;
}

/// <summary>A column of the file: its letter (A, B, …) and its heading as written.</summary>
public sealed record SheetColumn(int Index, string Letter, string Header);

/// <summary>Why a file or a row was refused: <see cref="Row"/> is the row number as the spreadsheet shows it
/// (null for the whole file), <see cref="Column"/> the column it is about.</summary>
public sealed record ImportProblem(int? Row, SheetColumn? Column, string? Value, string Code, string Message);

/// <summary>Thrown while reading when a sheet has more rows than the caller accepts.</summary>
public sealed class TooManyRowsException : Exception;

/// <summary>What every upload of a spreadsheet shares: telling an .xlsx from other files, refusing a workbook
/// that unpacks too large (a zip bomb) before reading it, reading a sheet as rows of cells with a row cap,
/// and comparing headings the way people type them.</summary>
public static partial class Spreadsheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>How a sheet with title rows above its table is written: the rows down to the column headings and the
    /// columns that name the student stay in view while scrolling, and there is no filter (the writer's default puts
    /// it, and the frozen row, on the first title line, and sorting would mix the titles into the students).</summary>
    public static MiniExcelLibs.OpenXml.OpenXmlConfiguration Titled(int headerRow, int nameColumns) => new()
    {
        TableStyles = MiniExcelLibs.OpenXml.TableStyles.None,
        FreezeRowCount = headerRow,
        FreezeColumnCount = nameColumns,
        AutoFilter = false,
    };

    public static bool IsZip(byte[] b) => b.Length >= 4 && b[0] == 0x50 && b[1] == 0x4B && b[2] == 0x03 && b[3] == 0x04;

    public static bool IsOldExcel(byte[] b) => b.Length >= 8 && b[0] == 0xD0 && b[1] == 0xCF && b[2] == 0x11 && b[3] == 0xE0;

    /// <summary>Null when the zip is an .xlsx workbook that unpacks to at most <paramref name="maxUnpackedBytes"/>;
    /// else why not: a stable code and what to do, in Bahasa Indonesia.</summary>
    public static (string Code, string Message)? CheckWorkbook(byte[] content, long maxUnpackedBytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            if (zip.GetEntry("xl/workbook.xml") is null)
                return IsOpenDocument(zip)
                    // LibreOffice, on many school laptops, saves in its own format unless told otherwise.
                    ? ("import.open_document", "Berkas ini lembar kerja LibreOffice (.ods), bukan .xlsx. Buka di LibreOffice, pilih File › Simpan Sebagai " +
                        "dengan jenis berkas \"Excel 2007-365 (.xlsx)\", lalu unggah berkas .xlsx itu.")
                    : ("import.not_a_spreadsheet", "Berkas ini arsip zip atau dokumen Office lain, bukan buku kerja Excel (.xlsx).");
            if (zip.Entries.Sum(e => e.Length) > maxUnpackedBytes)
                return ("import.not_a_spreadsheet", "Isi berkas .xlsx terlalu besar setelah dibuka.");
            return null;
        }
        catch (InvalidDataException)
        {
            return ("import.not_a_spreadsheet", "Berkas .xlsx rusak dan tidak dapat dibuka.");
        }
    }

    /// <summary>An OpenDocument spreadsheet names itself in its first entry, "mimetype".</summary>
    private static bool IsOpenDocument(ZipArchive zip)
    {
        if (zip.GetEntry("mimetype") is not { Length: < 200 } entry)
            return false;
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd().Trim() == "application/vnd.oasis.opendocument.spreadsheet";
    }

    /// <summary>The last row and column any worksheet of the workbook claims (its dimension, rows and cell
    /// references), read without building the sheet: the reader fills every row up to the claimed width, so a
    /// few bytes claiming A1:XFD1048576 would keep it busy for minutes. Callers refuse a workbook that is too big.</summary>
    public static (int Rows, int Columns) Extent(byte[] content)
    {
        var (rows, columns) = (0, 0);
        using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var xml = XmlReader.Create(entry.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element)
                    continue;
                var reference = xml.LocalName switch
                {
                    "dimension" => xml.GetAttribute("ref")?.Split(':')[^1],
                    "c" => xml.GetAttribute("r"),
                    "row" => xml.GetAttribute("r") is { } r ? "A" + r : null,
                    _ => null,
                };
                if (reference is null)
                    continue;
                var letters = reference.TakeWhile(char.IsAsciiLetter).Count();
                var column = 0;
                foreach (var letter in reference[..letters].ToUpperInvariant())
                    column = Math.Min(column * 26 + letter - 'A' + 1, 1 << 20);
                columns = Math.Max(columns, column);
                if (int.TryParse(reference.AsSpan(letters), out var row))
                    rows = Math.Max(rows, row);
            }
        }
        return (rows, columns);
    }

    public static IReadOnlyList<string> SheetNames(byte[] content) => MiniExcel.GetSheetNames(new MemoryStream(content));

    /// <summary>The rows of a sheet (the first when <paramref name="sheetName"/> is null), at most
    /// <paramref name="maxRows"/> (else <see cref="TooManyRowsException"/>) and <paramref name="maxColumns"/> cells each.</summary>
    public static List<SheetRow> ReadRows(byte[] content, string? sheetName, int maxRows, int maxColumns)
    {
        var rows = new List<SheetRow>();
        var number = 0;
        foreach (IDictionary<string, object?> row in MiniExcel.Query(new MemoryStream(content), useHeaderRow: false, sheetName: sheetName, excelType: ExcelType.XLSX))
        {
            number++;
            if (number > maxRows)
                throw new TooManyRowsException();
            // Keys are column letters in order (A, B, …); empty cells come as null.
            rows.Add(new SheetRow(number, row.Values.Take(maxColumns).Select(v => new SheetCell(v, CellText(v))).ToList()));
        }
        return rows;
    }

    public static string CellText(object? value) => value switch
    {
        null => "",
        string s => s.Trim(),
        double d when Math.Floor(d) == d && Math.Abs(d) < 1e15 => ((long)d).ToString(CultureInfo.InvariantCulture),
        // A fraction as the teacher's spreadsheet shows it ("83,5"): it is only ever shown back, in a refusal.
        double d => d.ToString(ERaport.Write.Common.SchoolTime.Indonesian),
        decimal m => m.ToString(ERaport.Write.Common.SchoolTime.Indonesian),
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : dt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "",
    };

    /// <summary>Headings compare in lower case, without punctuation and extra spaces ("No. Induk" = "no induk").</summary>
    public static string Normalize(string text) =>
        string.Join(' ', NonWord().Replace(text.ToLowerInvariant(), " ").Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();

    /// <summary>Index of the first cell whose heading is one of <paramref name="names"/> (normalized), else -1.</summary>
    public static int Find(SheetRow row, string[] names)
    {
        for (var i = 0; i < row.Cells.Count; i++)
            if (names.Contains(Normalize(row.Cells[i].Text)))
                return i;
        return -1;
    }

    public static string Letter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }

    // NISN is 10 digits; a spreadsheet that stored it as a number dropped the leading zeros, so they come back.
    public static string Nisn(SheetRow row, int index) =>
        row.Value(index) is double d && d >= 0 && d < 1e10 && Math.Floor(d) == d
            ? ((long)d).ToString("D10", CultureInfo.InvariantCulture)
            : LostZeros(Digitless(row.Text(index)));

    // Today's NISNs start with 00 or 0 (the birth year); a CSV saved again by Excel writes them as 8 or 9 digits.
    private static string LostZeros(string digits) =>
        digits.Length is 8 or 9 && digits.All(char.IsAsciiDigit) ? digits.PadLeft(10, '0') : digits;

    // A leading apostrophe (typed to keep zeros) and spaces inside numbers are not part of them.
    public static string Digitless(string text)
    {
        var t = text.Trim().TrimStart('\'');
        return t.Length > 0 && t.All(c => char.IsAsciiDigit(c) || c == ' ') ? t.Replace(" ", "") : t;
    }
}
