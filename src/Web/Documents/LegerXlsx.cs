using ERaport.Read.ReportCards;
using ERaport.Web.Components;
using MiniExcelLibs;

namespace ERaport.Web.Documents;

/// <summary>The leger as a spreadsheet: two title rows, a blank row, the header (No, Nama, NISN, one NA column per
/// subject code, S, I, A, Jumlah, Rata-rata, Peringkat), one row per student, then what the marks mean and how ranks are
/// given. Numbers are numbers (not text), so schools can compute with them; "…" and "–" are text, as on the page.</summary>
public static class LegerXlsx
{
    public const int HeaderRow = 4;

    public static IReadOnlyList<string> Header(Leger leger) =>
        ["No", "Nama", "NISN", .. leger.Columns.Select(c => c.Code), "S", "I", "A", "Jumlah", "Rata-rata", "Peringkat"];

    public static byte[] Write(Leger leger, string schoolName)
    {
        var header = Header(leger);
        var rows = new List<Dictionary<string, object?>>
        {
            Row(header.Count, $"LEGER NILAI KELAS {leger.Class.Name}"),
            Row(header.Count, $"{schoolName} · Tahun Pelajaran {leger.Term.SchoolYear} · Semester {leger.Term.Semester} ({Format.Semester(leger.Term.Semester)})"),
            Row(header.Count),
            Row(header.Count, [.. header]),
        };
        rows.AddRange(leger.Rows.Select(r => Row(header.Count,
        [
            r.No, r.Name, r.Nisn,
            // Marked as on the page, so that an incomplete grade is not read as another religion's blank.
            .. leger.Columns.Select(c => r.Grades.TryGetValue(c.SubjectId, out var g) ? g ?? (object)Incomplete : null),
            r.Attendance.Sick, r.Attendance.Permitted, r.Attendance.Unexcused, r.Total, r.Mean ?? (object)None, r.Rank ?? (object)None,
        ])));
        rows.Add(Row(header.Count));
        rows.Add(Row(header.Count, Leger.Legend));
        rows.Add(Row(header.Count, Leger.RankRule));
        using var output = new MemoryStream();
        output.SaveAs(rows, printHeader: false, sheetName: "Leger", excelType: ExcelType.XLSX, configuration: Spreadsheet.Titled(HeaderRow, nameColumns: 2));
        return output.ToArray();
    }

    private const string Incomplete = "…", None = "–";

    /// <summary>Every row has every column (keyed by position), so the columns line up.</summary>
    private static Dictionary<string, object?> Row(int columns, params object?[] values) =>
        Enumerable.Range(0, columns).ToDictionary(i => $"c{i}", i => i < values.Length ? values[i] : null);
}
