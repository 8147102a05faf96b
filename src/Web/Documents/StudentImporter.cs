using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;
using Wolverine;

namespace ERaport.Web.Documents;

/// <summary>What an import did: <see cref="Stored"/> with its <see cref="Summary"/> and the stored students it renamed
/// or moved (<see cref="Changes"/>), or every problem found (file-level <see cref="Fatal"/>, or per row) with nothing stored.</summary>
public sealed record ImportReport(
    bool Stored, ImportSummary? Summary, long Sequence, int Rows, ImportProblem? Fatal, IReadOnlyList<ImportProblem> Problems, OutcomeStatus Status,
    IReadOnlyList<ImportedChange>? Changes = null)
{
    public static ImportReport Failed(ImportProblem fatal, OutcomeStatus status = OutcomeStatus.Invalid) => new(false, null, 0, 0, fatal, [], status);

    /// <summary>Refused only because rows would rename stored students (each a problem): sent again with the renames confirmed,
    /// it goes ahead.</summary>
    public bool AwaitsRenameConfirmation => OnlyRenames(Problems);

    public static bool OnlyRenames(IReadOnlyList<ImportProblem> problems) =>
        problems.Count > 0 && problems.All(p => p.Code == ImportStudentsHandler.RenameNotConfirmedCode);
}

/// <summary>Imports a Dapodik student list into a term: read the file, check every row against the event
/// store's current state with the decision itself (so every rejected row is reported at once, with its row,
/// column, value and reason), then send one ImportStudents command, which checks again under the school's
/// master-data lock and stores everything in one transaction, or nothing.</summary>
public static class StudentImporter
{
    public static async Task<ImportReport> ImportAsync(byte[] content, string? fileName, Guid termId, Guid commandId, Actor by, EntrySource source,
        bool renamesConfirmed, IMessageBus bus, IDocumentStore store, TimeProvider clock, CancellationToken ct)
    {
        var file = DapodikStudentImport.Parse(content, fileName);
        if (file.Fatal is { } fatal)
            return ImportReport.Failed(fatal);

        var command = new ImportStudents(commandId, termId,
            file.Rows.Select(r => new ImportedStudent(r.Row, Guid.CreateVersion7(), r.Data, r.ClassName, r.Missing)).ToList(), by, source, renamesConfirmed);
        ImportPlan plan;
        await using (var session = store.QuerySession())
        {
            var (term, classes, students) = await ImportStudentsHandler.StateAsync(session, by.SchoolId, termId, ct);
            // Birth dates are compared with today in the school's time zone (WIB).
            plan = ImportStudentsHandler.Decide(await AccountRules.ActingAsync(session, by, ct), term, classes, students, SchoolTime.Today(clock), command);
        }
        var problems = file.Problems.Concat(Problems(file, plan.Decision.Errors)).OrderBy(p => p.Row ?? 0).ThenBy(p => p.Column?.Index ?? -1).ToList();
        if (!plan.Decision.IsAccepted && problems.Count == 0)
            return ImportReport.Failed(Whole(plan.Decision.Errors), plan.Decision.Status);
        if (problems.Count > 0)
            return new ImportReport(false, null, 0, file.Rows.Count, null, problems,
                ImportReport.OnlyRenames(problems) ? OutcomeStatus.Conflict : OutcomeStatus.Invalid);

        var answer = await bus.InvokeAsync<ImportOutcome>(command, ct);
        if (!answer.Outcome.IsAccepted)
        {
            // The data changed between the check and the import (another admin at the same moment).
            var late = Problems(file, answer.Outcome.Errors).ToList();
            return late.Count > 0
                ? new ImportReport(false, null, 0, file.Rows.Count, null, late, answer.Outcome.Status)
                : ImportReport.Failed(Whole(answer.Outcome.Errors), answer.Outcome.Status);
        }
        return new ImportReport(true, answer.Summary, answer.Outcome.Sequence, file.Rows.Count, null, [], OutcomeStatus.Accepted, answer.Changes);
    }

    private static ImportProblem Whole(IReadOnlyList<DomainError> errors) =>
        errors.FirstOrDefault() is { } e ? new ImportProblem(null, null, null, e.Code, e.Message) : new ImportProblem(null, null, null, "import.rejected", "Impor ditolak.");

    /// <summary>Decision errors that name a row, placed at the column the field came from.</summary>
    private static IEnumerable<ImportProblem> Problems(ParsedStudentFile file, IReadOnlyList<DomainError> errors) =>
        from e in errors
        where e.Details is not null && e.Details.TryGetValue("row", out var row) && row is int
        let field = e.Details!.GetValueOrDefault("field") as string
        let column = field is null ? null
            : file.ColumnOf(field) ?? new SheetColumn(-1, "", DapodikStudentImport.FieldLabels.GetValueOrDefault(field, field))
        select new ImportProblem((int)e.Details!["row"]!, column, e.Details.GetValueOrDefault("value")?.ToString(), e.Code, e.Message);
}
