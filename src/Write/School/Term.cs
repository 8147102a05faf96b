using ERaport.Write.Grading;

namespace ERaport.Write.School;

/// <summary>A tahun pelajaran + semester, e.g. 2026/2027 Ganjil.</summary>
public sealed class Term
{
    public string Id { get; set; } = "";
    private Guid _termId;

    /// <summary>Snapshots stored before this property existed read it from the stream key.</summary>
    public Guid TermId { get => _termId != Guid.Empty ? _termId : MasterData.IdOf(Id); set => _termId = value; }
    public string SchoolYear { get; set; } = "";
    public int Semester { get; set; }
    public DateOnly? ReportDate { get; set; }
    public string? ReportPlace { get; set; }

    /// <summary>The weights set by <see cref="TermDefaultWeightsChanged"/>; null until then.</summary>
    public Weights? DefaultWeights { get; set; }

    /// <summary>What a teaching assignment of this term starts with.</summary>
    public Weights GradingDefault => DefaultWeights ?? Weights.Default;

    public static Term Create(TermOpened e) =>
        new() { TermId = e.TermId, SchoolYear = e.SchoolYear, Semester = e.Semester, ReportDate = e.ReportDate, ReportPlace = e.ReportPlace };

    public void Apply(TermUpdated e) => (ReportDate, ReportPlace) = (e.ReportDate, e.ReportPlace);

    public void Apply(TermDefaultWeightsChanged e) => DefaultWeights = e.Weights;

    public string Label => Name(SchoolYear, Semester);

    /// <summary>How every page and message names a term: "2026/2027 Ganjil".</summary>
    public static string Name(string schoolYear, int semester) => $"{schoolYear} {SemesterName(semester)}";

    public static string SemesterName(int semester) => semester == 1 ? "Ganjil" : "Genap";

    /// <summary>The term a school opens after this one: Genap of the same school year after Ganjil, else the next year's Ganjil.</summary>
    public static (string SchoolYear, int Semester) Following(string schoolYear, int semester) =>
        semester == 1 || !int.TryParse(schoolYear.AsSpan(0, Math.Min(4, schoolYear.Length)), out var first)
            ? (schoolYear, 2)
            : ($"{first + 1}/{first + 2}", 1);

    /// <summary>Whether a report date falls in its school year, July to the July after: a date outside it is a year typed wrong
    /// (18 June 2026 for 2026/2027 Genap). Flagged on the terms page, not refused.</summary>
    public static bool InSchoolYear(string schoolYear, DateOnly date) =>
        !int.TryParse(schoolYear.AsSpan(0, Math.Min(4, schoolYear.Length)), out var first)
        || (date >= new DateOnly(first, 7, 1) && date <= new DateOnly(first + 1, 7, 31));

    /// <summary>The term running on <paramref name="day"/>: Ganjil from July, Genap from January.</summary>
    public static (string SchoolYear, int Semester) On(DateOnly day) =>
        day.Month >= 7 ? ($"{day.Year}/{day.Year + 1}", 1) : ($"{day.Year - 1}/{day.Year}", 2);
}
