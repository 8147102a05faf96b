using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Sets a term's report date (tanggal rapor) and the place printed before it. The school year and
/// semester are what the term is; a wrong one is a new term.</summary>
public sealed record UpdateTerm(Guid CommandId, Guid TermId, DateOnly? ReportDate, string? ReportPlace, Actor By, EntrySource Source) : ICommand;

/// <summary>The term after the change (the whole row, so readers need nothing else).</summary>
public sealed record TermUpdated(Guid TermId, string SchoolYear, int Semester, DateOnly? ReportDate, string? ReportPlace);

public static class UpdateTermHandler
{
    public static Decision Decide(Term? current, Acting by, UpdateTerm c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (current is null)
            return Decision.Reject(OutcomeStatus.NotFound, TermNotFound);
        var place = Text.Clean(c.ReportPlace);
        return Rules.Check(
            () => current.ReportDate == c.ReportDate && current.ReportPlace == place
                ? Decision.Nothing
                : Decision.Append(new TermUpdated(current.TermId, current.SchoolYear, current.Semester, c.ReportDate, place)),
            Text.Optional(place, "reportPlace", "Tempat rapor", 100),
            c.ReportDate is null || c.ReportDate >= new DateOnly(2000, 1, 1) ? null
                : Text.Error("reportDate.invalid", "Tanggal rapor tidak masuk akal.", "reportDate", c.ReportDate?.ToString("yyyy-MM-dd")));
    }

    public static readonly DomainError TermNotFound = new("term.not_found", "Semester tidak ditemukan.");

    public static Task<CommandOutcome> Handle(UpdateTerm c, IDocumentSession session, CancellationToken ct) =>
        MasterData.Execute<Term>(session, c, StreamKeys.Term(c.By.SchoolId, c.TermId),
            (current, by) => Decide(current, by, c), ct);
}
