namespace ERaport.Write.School;

/// <summary>A tahun pelajaran + semester, e.g. 2026/2027 Ganjil.</summary>
public sealed class Term
{
    public string Id { get; set; } = "";
    public string SchoolYear { get; set; } = "";
    public int Semester { get; set; }

    public static Term Create(TermOpened e) => new() { SchoolYear = e.SchoolYear, Semester = e.Semester };
}
