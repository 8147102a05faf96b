using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ERaport.Read.ReportCards;

/// <summary>The fingerprint of what a report card says about its student: SHA-256 (lowercase hex) of a canonical
/// form holding the identity (school NPSN, term, class, student), every subject's NA and description and the
/// homeroom sections. Layout and school master data that is not the student's record (address, principal,
/// report date and place, subject order) stay out, so reordering subjects or renaming a principal does not turn
/// every printed card into a "corrected" one. Subject names are in, as the card prints them: as they stood on the term's
/// report date (<c>SubjectVersionRow</c>), so a subject renamed for a later school year leaves earlier prints genuine.</summary>
public static class ReportCardDigest
{
    // Bump when the canonical form changes; digests of different versions never compare equal.
    private const string Version = "rapor-v1";

    public static string Of(StudentReportCard card) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(card))));

    /// <summary>The text that is hashed: one JSON document, properties in declaration order, subjects sorted by id.</summary>
    public static string Canonical(StudentReportCard card) => JsonSerializer.Serialize(new Form(
        Version,
        card.School.Npsn,
        card.Term.TermId, card.Term.SchoolYear, card.Term.Semester,
        card.Class.ClassId, card.Class.Name,
        card.Student.StudentId, card.Student.Name, card.Student.Nisn, card.Student.Nis,
        [.. card.Subjects.OrderBy(s => s.SubjectId).Select(s => new SubjectLine(s.SubjectId, s.Name, s.FinalGrade, Text(s.Description)))],
        new HomeroomLines(
            card.Homeroom.Attendance.Sick, card.Homeroom.Attendance.Permitted, card.Homeroom.Attendance.Unexcused,
            [.. card.Homeroom.Extracurriculars.Select(e => new ExtracurricularLine(e.Activity, e.Predicate, Text(e.Description)))],
            Text(card.Homeroom.Kokurikuler), Text(card.Homeroom.HomeroomNote), card.Homeroom.Promotion?.Wording)));

    // Line endings depend on the browser that submitted the text, not on what the card says.
    private static string? Text(string? text) => text?.ReplaceLineEndings("\n").Trim();

    private sealed record Form(
        string V, string Npsn, Guid TermId, string SchoolYear, int Semester, Guid ClassId, string ClassName,
        Guid StudentId, string StudentName, string Nisn, string Nis, IReadOnlyList<SubjectLine> Subjects, HomeroomLines Homeroom);

    private sealed record SubjectLine(Guid SubjectId, string Name, int? Na, string? Description);

    private sealed record HomeroomLines(
        int Sick, int Permitted, int Unexcused, IReadOnlyList<ExtracurricularLine> Extracurriculars, string? Kokurikuler,
        string? Note, string? Promotion);

    private sealed record ExtracurricularLine(string Activity, string? Predicate, string? Description);
}
