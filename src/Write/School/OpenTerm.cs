using System.Text.RegularExpressions;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Opens a tahun pelajaran + semester. <see cref="ReportPlace"/> (the place on the signature line)
/// defaults to the school's kabupaten/kota when empty.</summary>
public sealed record OpenTerm(
    Guid CommandId, Guid TermId, string SchoolYear, int Semester, DateOnly? ReportDate, Actor By, EntrySource Source, string? ReportPlace = null) : ICommand;

public sealed record TermOpened(Guid TermId, string SchoolYear, int Semester, DateOnly? ReportDate, string? ReportPlace = null);

public static partial class OpenTermHandler
{
    [GeneratedRegex(@"^([0-9]{4})/([0-9]{4})\z")]
    private static partial Regex SchoolYearPattern();

    /// <summary><paramref name="terms"/>: the school's terms, to refuse opening the same one twice.</summary>
    public static Decision Decide(Term? current, Acting by, IEnumerable<Term> terms, OpenTerm c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (current is not null)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("term.already_opened", "Semester ini sudah dibuka."));
        var schoolYear = (c.SchoolYear ?? "").Trim();
        var year = SchoolYearPattern().Match(schoolYear);
        var place = Text.Clean(c.ReportPlace);
        var check = Rules.Check(
            () => Decision.Append(new TermOpened(c.TermId, schoolYear, c.Semester, c.ReportDate, place)),
            year.Success && int.Parse(year.Groups[2].Value) == int.Parse(year.Groups[1].Value) + 1
                ? null
                : new DomainError("schoolYear.invalid", "Tahun pelajaran harus berbentuk 2026/2027."),
            c.Semester is 1 or 2 ? null : new DomainError("semester.invalid", "Semester harus 1 (Ganjil) atau 2 (Genap)."),
            Text.Optional(place, "reportPlace", "Tempat rapor", 100));
        if (check.IsAccepted && terms.Any(t => t.SchoolYear == schoolYear && t.Semester == c.Semester))
            return Decision.Reject(OutcomeStatus.Conflict,
                new DomainError("term.duplicate", $"Semester {schoolYear} {(c.Semester == 1 ? "Ganjil" : "Genap")} sudah ada."));
        return check;
    }

    public static Task<CommandOutcome> Handle(OpenTerm c, IDocumentSession session, CancellationToken ct) =>
        MasterData.Execute<Term>(session, c, StreamKeys.Term(c.By.SchoolId, c.TermId),
            async (current, by) => Decide(current, by, await TermsAsync(session, c.By.SchoolId, ct), c), ct);

    public static async Task<IReadOnlyList<Term>> TermsAsync(IQuerySession session, string schoolId, CancellationToken ct)
    {
        var prefix = MasterData.Prefix(schoolId, "term");
        return await session.Query<Term>().Where(t => t.Id.StartsWith(prefix)).ToListAsync(ct);
    }
}
