using System.Globalization;
using ERaport.Read.Grading;

namespace ERaport.Web.Components;

/// <summary>Dates, numbers and labels as Indonesian users read them.</summary>
public static class Format
{
    public static readonly CultureInfo Indonesian = ERaport.Write.Common.SchoolTime.Indonesian;

    /// <summary>The maxlength of a box for a score or a number of days: room for what a teacher may type ("85,5", "100 ")
    /// so that the refusal names what was typed, not a browser-shortened "85," that nobody wrote. Not the rule itself: the
    /// decision refuses a fraction or a value out of range.</summary>
    public const int TypedNumberMaxLength = 6;

    /// <summary>A count as Indonesian writes it: 1.008, not 1008 (a school's thousands of students and assignments).</summary>
    public static string Count(long value) => value.ToString("N0", Indonesian);

    public static string Time(DateTimeOffset at) => ERaport.Write.Common.SchoolTime.Format(at);

    /// <summary>A change's moment in a score's history, to the second (<see cref="ERaport.Write.Common.SchoolTime.FormatToTheSecond"/>).</summary>
    public static string TimeToTheSecond(DateTimeOffset at) => ERaport.Write.Common.SchoolTime.FormatToTheSecond(at);

    /// <summary>Who made a change a conflict is about, as its reader calls them: their own save from another tab or device is
    /// theirs ("Anda sendiri"), not a colleague's with their name; anyone else by display name.</summary>
    public static string ChangedBy(string userName, IReadOnlyDictionary<string, string> displayNames, System.Security.Claims.ClaimsPrincipal reader) =>
        reader.Identity?.Name == userName ? "Anda sendiri (di tab atau perangkat lain)" : displayNames.GetValueOrDefault(userName, userName);

    /// <summary>Who made a change: for one an approved correction request made (the principal's event, beside the request's reason),
    /// who asked and who approved, "Diajukan oleh Bambang · Disetujui oleh Ibu Kepala"; else who made it.</summary>
    public static string MadeBy(string changedByName, string? requestedByName) =>
        requestedByName is null ? changedByName : $"Diajukan oleh {requestedByName} · Disetujui oleh {changedByName}";

    /// <summary>Text as refused, with what cannot be seen named where it sits ("Adi[U+200B]Nugroho"): a zero-width space or
    /// a control character pasted from another program is the usual reason a name is refused, and invisible otherwise.</summary>
    public static string Visible(string? text)
    {
        var shown = new System.Text.StringBuilder(text?.Length ?? 0);
        for (var i = 0; i < (text?.Length ?? 0); i++)
        {
            if (char.IsSurrogatePair(text!, i))
                shown.Append(text, i++, 2);
            else if (char.IsSurrogate(text![i]) || CharUnicodeInfo.GetUnicodeCategory(text[i]) is UnicodeCategory.Control or UnicodeCategory.Format
                     or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                shown.Append($"[U+{(int)text[i]:X4}]");
            else
                shown.Append(text[i]);
        }
        return shown.ToString();
    }

    /// <summary>The full stop after a sentence ending in <paramref name="lastWords"/>: none when they end in one already, as a
    /// name with its degree does ("Sri Rahayu, S.Pd.").</summary>
    /// <summary>A link to <paramref name="anchor"/> on the page being shown. A bare "#anchor" resolves against the layout's
    /// &lt;base href="/"&gt; and opens the home page instead.</summary>
    public static string OnThisPage(Microsoft.AspNetCore.Http.HttpContext http, string anchor) =>
        $"{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}#{anchor}";

    public static string Stop(string lastWords) => lastWords.EndsWith('.') ? "" : ".";

    public static string Semester(int semester) => ERaport.Write.School.Term.SemesterName(semester);

    /// <summary>A term in lists, pickers and headings: "2026/2027 Ganjil".</summary>
    public static string Term(string schoolYear, int semester) => ERaport.Write.School.Term.Name(schoolYear, semester);

    /// <summary>A term under a page's heading: "Tahun pelajaran 2026/2027, semester Ganjil".</summary>
    public static string TermLine(string schoolYear, int semester) => $"Tahun pelajaran {schoolYear}, semester {Semester(semester)}";

    public static string Source(string source) => source switch
    {
        "Form" => "Formulir",
        "Api" => "Aplikasi lain (API)", // another program through the JSON API: words a principal reads, the term for the operator
        "SpreadsheetImport" => "Impor spreadsheet",
        "Calculation" => "Perhitungan",
        "Seed" => "Data contoh",
        "Approval" => "Persetujuan kepala sekolah",
        _ => source,
    };


    /// <summary>A kind of change as the explorer's filter offers it.</summary>
    public static string Group(ERaport.Read.Audit.ChangeGroup group) => group switch
    {
        ERaport.Read.Audit.ChangeGroup.Recorded => "Nilai diisi",
        ERaport.Read.Audit.ChangeGroup.Corrected => "Nilai dikoreksi atau dihapus",
        ERaport.Read.Audit.ChangeGroup.FinalGradeOverride => "Nilai akhir diubah guru",
        ERaport.Read.Audit.ChangeGroup.FinalGradeCalculated => "Nilai akhir dihitung ulang",
        ERaport.Read.Audit.ChangeGroup.Achievement => "Ketercapaian TP",
        ERaport.Read.Audit.ChangeGroup.Description => "Deskripsi",
        ERaport.Read.Audit.ChangeGroup.Lock => "Kunci dan buka kunci",
        ERaport.Read.Audit.ChangeGroup.CorrectionRequest => "Permintaan koreksi dan keputusannya",
        ERaport.Read.Audit.ChangeGroup.Teacher => "Guru pengampu diganti",
        _ => "Bobot, KKTP atau TP diubah",
    };

    public static string Flag(ERaport.Read.Audit.ChangeFlag flag) => flag switch
    {
        ERaport.Read.Audit.ChangeFlag.AfterReportDate => "Setelah tanggal rapor",
        ERaport.Read.Audit.ChangeFlag.NotTeacherOfRecord => "Bukan oleh guru pengampu",
        ERaport.Read.Audit.ChangeFlag.AfterLock => "Setelah dikunci",
        _ => "Perubahan besar",
    };
}
