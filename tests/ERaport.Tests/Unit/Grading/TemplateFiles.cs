using ERaport.Web.Documents;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace ERaport.Tests.Unit.Grading;

/// <summary>Fills a downloaded score template in test code the way a teacher does in Excel: the sheet "Nilai"
/// as a table of cells to change, reorder or extend, saved back with the hidden record sheet kept.</summary>
public static class TemplateFiles
{
    /// <summary>The first sheet's frozen rows and columns, and whether it has a filter.</summary>
    public static (string Rows, string Columns, bool Filter) FrozenPane(byte[] xlsx)
    {
        using var workbook = new System.IO.Compression.ZipArchive(new MemoryStream(xlsx));
        using var reader = new StreamReader(workbook.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var sheet = System.Xml.Linq.XDocument.Parse(reader.ReadToEnd());
        var pane = sheet.Descendants().Single(e => e.Name.LocalName == "pane");
        return (pane.Attribute("ySplit")!.Value, pane.Attribute("xSplit")!.Value, sheet.Descendants().Any(e => e.Name.LocalName == "autoFilter"));
    }

    public static List<object?[]> Table(byte[] xlsx, string sheet = ScoreTemplate.ScoreSheet) =>
        MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: false, sheetName: sheet)
            .Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray()).ToList();

    public static int HeaderRow(List<object?[]> table) => table.FindIndex(r => r.Contains("NISN"));

    public static int Column(List<object?[]> table, string headingStart) =>
        Array.FindIndex(table[HeaderRow(table)], c => c is string s && s.StartsWith(headingStart, StringComparison.Ordinal));

    /// <summary>Sets the cell of the student with <paramref name="nisn"/> under the heading that starts with <paramref name="heading"/>.</summary>
    public static List<object?[]> Set(List<object?[]> table, string nisn, string heading, object? value)
    {
        var column = Column(table, heading);
        table.Single(r => Equals(r[1], nisn))[column] = value;
        return table;
    }

    /// <summary>The data rows reversed, as a teacher sorting by another column would leave them.</summary>
    public static List<object?[]> ReverseRows(List<object?[]> table)
    {
        var header = HeaderRow(table);
        return [.. table.Take(header + 1), .. table.Skip(header + 1).Reverse()];
    }

    /// <summary>A column added at the end: the heading and one value per data row.</summary>
    public static List<object?[]> AddColumn(List<object?[]> table, string heading, Func<int, object?> value)
    {
        var header = HeaderRow(table);
        return table.Select((r, i) => (object?[])[.. r, i == header ? heading : i > header ? value(i) : null]).ToList();
    }

    public static List<object?[]> Rename(List<object?[]> table, string heading, string to)
    {
        table[HeaderRow(table)][Column(table, heading)] = to;
        return table;
    }

    /// <summary>Saves <paramref name="table"/> as the score sheet, with <paramref name="template"/>'s record sheet unless told not to.</summary>
    public static byte[] Save(byte[] template, List<object?[]> table, bool keepRecord = true)
    {
        var sheets = new Dictionary<string, object> { [ScoreTemplate.ScoreSheet] = Rows(table) };
        if (keepRecord)
            sheets[ScoreTemplate.RecordSheet] = Rows(Table(template, ScoreTemplate.RecordSheet));
        var config = new OpenXmlConfiguration
        {
            TableStyles = TableStyles.None,
            DynamicSheets = [new DynamicExcelSheet(ScoreTemplate.RecordSheet) { Name = ScoreTemplate.RecordSheet, State = SheetState.Hidden }],
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, printHeader: false, excelType: ExcelType.XLSX, configuration: config);
        return stream.ToArray();
    }

    private static List<Dictionary<string, object?>> Rows(List<object?[]> table)
    {
        var width = table.Max(r => r.Length);
        return table.Select(r => Enumerable.Range(0, width).ToDictionary(Spreadsheet.Letter, i => i < r.Length ? r[i] : null)).ToList();
    }
}
