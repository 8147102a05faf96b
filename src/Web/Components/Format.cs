using System.Globalization;
using ERaport.Read.Grading;

namespace ERaport.Web.Components;

/// <summary>Dates, numbers and labels as Indonesian users read them.</summary>
public static class Format
{
    public static readonly CultureInfo Indonesian = ERaport.Write.Common.SchoolTime.Indonesian;

    public static string Time(DateTimeOffset at) => ERaport.Write.Common.SchoolTime.Format(at);

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
}
