using ERaport.Write.ReportCards;

namespace ERaport.Read.ReportCards;

/// <summary>A part of the report card the wali kelas writes, the page it is written on (under /wali/{class}/) and the
/// students whose cards still lack it, in class order.</summary>
public sealed record MissingHomeroomPart(string Label, string Page, IReadOnlyList<string> Students);

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

    /// <summary>The same for a whole class, part by part: once the class is locked, a part still empty can only be
    /// filled through a correction request.</summary>
    public static IReadOnlyList<MissingHomeroomPart> Of(HomeroomClass homeroomClass)
    {
        var genap = homeroomClass.Term.Semester == 2;
        var empty = homeroomClass.Students
            .SelectMany(s => EmptyParts(s.Kokurikuler, s.HomeroomNote, genap, s.Promotion).Select(part => (part, s.Name)))
            .ToLookup(x => x.part, x => x.Name);
        string[] inCardOrder = [HomeroomParts.Labels.Kokurikuler, HomeroomParts.Labels.HomeroomNote, HomeroomParts.Labels.Promotion];
        return [.. inCardOrder.Where(empty.Contains)
            .Select(part => new MissingHomeroomPart(part, part == HomeroomParts.Labels.Promotion ? "kenaikan" : "catatan", [.. empty[part]]))];
    }
}
