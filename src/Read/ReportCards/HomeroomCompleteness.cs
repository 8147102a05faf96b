using ERaport.Write.ReportCards;

namespace ERaport.Read.ReportCards;

/// <summary>A part of the report card the wali kelas writes, the page it is written on (under /wali/{class}/) and the
/// students whose cards still lack it, in class order.</summary>
public sealed record MissingHomeroomPart(string Label, string Page, IReadOnlyList<MissingStudent> Students);

/// <summary>A student named as lacking a part: the name links to their own form (or correction request).</summary>
public sealed record MissingStudent(Guid StudentId, string Name);

public static class HomeroomCompleteness
{
    /// <summary>The wali kelas's written parts still empty on one card (printed as "–"), named as their forms name them.
    /// Attendance is not among them: no entry prints 0 days, which is also what a student never absent has. The
    /// decision exists on a Genap card only.</summary>
    public static IEnumerable<string> EmptyParts(string? kokurikuler, string? homeroomNote, bool hasPromotion, PromotionDecision? promotion) =>
        new (bool Empty, string Part)[]
        {
            (string.IsNullOrWhiteSpace(kokurikuler), HomeroomParts.Labels.Kokurikuler),
            (string.IsNullOrWhiteSpace(homeroomNote), HomeroomParts.Labels.HomeroomNote),
            (hasPromotion && promotion is null, HomeroomParts.Labels.Promotion),
        }.Where(p => p.Empty).Select(p => p.Part);

    /// <summary>The same for a whole class, part by part, and the attendance never saved (printed as 0 days): once the
    /// class is locked, a part still empty can only be filled through a correction request.</summary>
    public static IReadOnlyList<MissingHomeroomPart> Of(HomeroomClass homeroomClass) =>
        Of(homeroomClass.Term.Semester, homeroomClass.Students.Select(s => (new MissingStudent(s.StudentId, s.Name), s.Attendance, s.Kokurikuler, s.HomeroomNote, s.Promotion)));

    /// <summary>The same from the class's report cards (the home page reads them cached).</summary>
    public static IReadOnlyList<MissingHomeroomPart> Of(ClassReportCards cards) =>
        Of(cards.Term.Semester, cards.Cards.Select(c => (new MissingStudent(c.Student.StudentId, c.Student.Name), c.Homeroom.Attendance,
            c.Homeroom.Kokurikuler, c.Homeroom.HomeroomNote, c.Homeroom.Promotion)));

    private static IReadOnlyList<MissingHomeroomPart> Of(int semester,
        IEnumerable<(MissingStudent Student, AttendanceDays Attendance, string? Kokurikuler, string? HomeroomNote, PromotionDecision? Promotion)> students)
    {
        var genap = semester == 2;
        var empty = students
            .SelectMany(s => EmptyParts(s.Kokurikuler, s.HomeroomNote, genap, s.Promotion)
                .Concat(s.Attendance.Recorded ? [] : [HomeroomParts.Labels.Attendance]).Select(part => (part, s.Student)))
            .ToLookup(x => x.part, x => x.Student);
        (string Part, string Page)[] inCardOrder =
        [
            (HomeroomParts.Labels.Kokurikuler, "catatan"), (HomeroomParts.Labels.Attendance, HomeroomParts.Attendance),
            (HomeroomParts.Labels.HomeroomNote, "catatan"), (HomeroomParts.Labels.Promotion, "kenaikan"),
        ];
        return [.. inCardOrder.Where(p => empty.Contains(p.Part)).Select(p => new MissingHomeroomPart(p.Part, p.Page, [.. empty[p.Part]]))];
    }
}
