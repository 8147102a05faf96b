using ERaport.Read.Grading;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using Marten;
using Wolverine;

namespace ERaport.Web.Documents;

/// <summary>What an upload did: <see cref="Stored"/> with the number of <see cref="Changes"/>, or every
/// problem found (file-level <see cref="Fatal"/>, or per cell) with nothing stored.</summary>
public sealed record ScoreUploadReport(
    bool Stored, int Changes, long Sequence, int Rows, ImportProblem? Fatal, IReadOnlyList<ImportProblem> Problems, OutcomeStatus Status)
{
    public static ScoreUploadReport Failed(ImportProblem fatal, OutcomeStatus status = OutcomeStatus.Invalid) => new(false, 0, 0, 0, fatal, [], status);
}

/// <summary>Saves a filled score template: the cells the teacher changed become one <see cref="SaveScores"/>
/// command (source: spreadsheet import), so recordings, corrections (with the one reason the form asks for and
/// the value seen at download), conflicts, locks and validation are the grid's own, all or nothing, and a
/// repeated command id gives the first answer. When reading the file already found problems, the decision is
/// run without storing, so that every bad cell is reported at once.</summary>
public static class ScoreTemplateUpload
{
    public const string RejectedCode = "template.cells_rejected";

    /// <summary>One sentence for a refused upload: how many cells, and that nothing was stored.</summary>
    public static string Summary(ScoreUploadReport report) =>
        report.Fatal?.Message ?? (report.Status == OutcomeStatus.Conflict
            ? $"Unggahan ditolak: {report.Problems.Count} nilai sudah berubah sejak templat diunduh (di halaman nilai atau templat lain). Tidak ada yang disimpan atau ditimpa."
            : $"Unggahan ditolak: {report.Problems.Count} isian bermasalah. Tidak ada yang disimpan; perbaiki lalu unggah lagi.");

    public static async Task<ScoreUploadReport> UploadAsync(byte[] content, GradeSheet sheet, string? reason, Guid commandId, Actor by,
        IMessageBus bus, IDocumentStore store, CancellationToken ct)
    {
        var file = ScoreTemplate.Parse(content, sheet);
        if (file.Fatal is { } fatal)
            return ScoreUploadReport.Failed(fatal);

        var command = new SaveScores(commandId, sheet.Gradebook.GradebookId,
            file.Cells.Select(c => new ScoreEntry(c.StudentId, c.Assessment, c.Value, c.Seen)).ToList(), reason, by, EntrySource.SpreadsheetImport);
        if (command.Scores.Count == 0 && file.Problems.Count == 0)
            return new ScoreUploadReport(true, 0, 0, file.Rows, null, [], OutcomeStatus.Accepted);

        CommandOutcome outcome;
        if (file.Problems.Count > 0)
        {
            await using var session = store.QuerySession();
            var key = StreamKeys.Gradebook(by.SchoolId, sheet.Gradebook.GradebookId);
            var gradebook = await session.LoadAsync<Gradebook>(key, ct);
            var schoolClass = gradebook is null ? null : await session.LoadAsync<SchoolClass>(StreamKeys.Class(by.SchoolId, gradebook.ClassId), ct);
            var decision = command.Scores.Count == 0 ? null : SaveScoresHandler.Decide(gradebook, schoolClass, command);
            outcome = decision is null || decision.IsAccepted
                ? CommandOutcome.Rejected(OutcomeStatus.Invalid)
                : CommandOutcome.Rejected(decision.Status, decision.Errors);
        }
        else
            outcome = await bus.InvokeAsync<CommandOutcome>(command, ct);

        if (outcome.IsAccepted)
            return new ScoreUploadReport(true, outcome.Changes, outcome.Sequence, file.Rows, null, [], OutcomeStatus.Accepted);

        var decided = Problems(file, outcome.Errors).ToList();
        if (file.Problems.Count == 0 && decided.All(p => p.Row is null))
            return ScoreUploadReport.Failed(Whole(outcome.Errors), outcome.Status);
        var problems = file.Problems.Concat(decided).OrderBy(p => p.Row ?? 0).ThenBy(p => p.Column?.Index ?? -1).ToList();
        var status = problems.All(p => p.Code == "score.conflict") ? OutcomeStatus.Conflict : OutcomeStatus.Invalid;
        return new ScoreUploadReport(false, 0, 0, file.Rows, null, problems, status);
    }

    private static ImportProblem Whole(IReadOnlyList<DomainError> errors) =>
        errors.FirstOrDefault() is { } e ? new ImportProblem(null, null, null, e.Code, e.Message) : new ImportProblem(null, null, null, "template.rejected", "Unggahan ditolak.");

    /// <summary>The decision's errors placed at the cell they came from; errors about the whole upload (a missing
    /// correction reason) have no row.</summary>
    private static IEnumerable<ImportProblem> Problems(ParsedScoreTemplate file, IReadOnlyList<DomainError> errors)
    {
        var cells = file.Cells.ToDictionary(c => Gradebook.CellKey(c.StudentId, c.Assessment));
        foreach (var e in errors)
        {
            if (e.Details?.GetValueOrDefault("studentId") is Guid studentId && e.Details.GetValueOrDefault("assessment") is string assessment
                && cells.TryGetValue(Gradebook.CellKey(studentId, assessment), out var cell))
                yield return new ImportProblem(cell.Row, cell.Column, cell.Value, e.Code, e.Message);
            else
                yield return new ImportProblem(null, null, null, e.Code, e.Message);
        }
    }
}
