using System.Globalization;
using ERaport.Read.Grading;

namespace ERaport.Web.Components;

/// <summary>Dates, numbers and labels as Indonesian users read them.</summary>
public static class Format
{
    public static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    // Schools default to WIB; a school setting can change this later.
    private static readonly TimeZoneInfo SchoolTime = FindZone("Asia/Jakarta");

    public static string Time(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, SchoolTime).ToString("d MMM yyyy, HH.mm", Indonesian) + " WIB";

    public static string Semester(int semester) => semester == 1 ? "Ganjil" : "Genap";

    public static string Source(string source) => source switch
    {
        "Form" => "Formulir",
        "Api" => "API",
        "SpreadsheetImport" => "Impor spreadsheet",
        "Calculation" => "Perhitungan",
        "Seed" => "Data contoh",
        "Approval" => "Persetujuan kepala sekolah",
        _ => source,
    };


    public static string Flag(ERaport.Read.Audit.ChangeFlag flag) => flag switch
    {
        ERaport.Read.Audit.ChangeFlag.AfterReportDate => "Setelah tanggal rapor",
        ERaport.Read.Audit.ChangeFlag.NotTeacherOfRecord => "Bukan oleh guru pengampu",
        ERaport.Read.Audit.ChangeFlag.AfterLock => "Setelah dikunci",
        _ => "Perubahan besar",
    };

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(7), "WIB", "WIB");
        }
    }
}
