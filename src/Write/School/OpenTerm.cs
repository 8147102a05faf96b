using System.Text.RegularExpressions;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

public sealed record OpenTerm(Guid CommandId, Guid TermId, string SchoolYear, int Semester, DateOnly? ReportDate, Actor By, EntrySource Source);

public sealed record TermOpened(Guid TermId, string SchoolYear, int Semester, DateOnly? ReportDate);

public static partial class OpenTermHandler
{
    [GeneratedRegex(@"^([0-9]{4})/([0-9]{4})\z")]
    private static partial Regex SchoolYearPattern();

    public static Decision Decide(Term? current, OpenTerm c)
    {
        if (current is not null)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("term.already_opened", "Semester ini sudah dibuka."));
        var year = SchoolYearPattern().Match(c.SchoolYear ?? "");
        return Rules.Check(
            () => Decision.Append(new TermOpened(c.TermId, c.SchoolYear!, c.Semester, c.ReportDate)),
            year.Success && int.Parse(year.Groups[2].Value) == int.Parse(year.Groups[1].Value) + 1
                ? null
                : new DomainError("schoolYear.invalid", "Tahun pelajaran harus berbentuk 2026/2027."),
            c.Semester is 1 or 2 ? null : new DomainError("semester.invalid", "Semester harus 1 (Ganjil) atau 2 (Genap)."));
    }

    public static Task<CommandOutcome> Handle(OpenTerm c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<Term>(session, c.CommandId, c.By, c.Source, StreamKeys.Term(c.By.SchoolId, c.TermId),
            current => Task.FromResult(Decide(current, c)), ct);
}
