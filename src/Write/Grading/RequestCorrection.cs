using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>The teacher of record asks the principal to correct one score of a locked gradebook: the value
/// they saw (<see cref="Seen"/>, null: empty), the new value as typed (<see cref="Value"/>, empty: remove the
/// score) and why. With <see cref="Assessment"/> <c>na</c> (<see cref="CorrectionRequest.FinalGrade"/>) it is the
/// final grade's override instead: seen and asked for (null or empty: none, back to the calculated grade).
/// With <c>deskripsi</c> (<see cref="CorrectionRequest.Description"/>) <see cref="Value"/> is the description asked for
/// (empty: back to the generated one) and <see cref="SeenText"/> the teacher's own text they saw (null: the generated one).
/// With <c>tercapai-tp3</c> (<see cref="CorrectionRequest.AchievementOf"/>) <see cref="Value"/> is the mark asked for ("tercapai",
/// "tidak", empty or "otomatis": back to the KKTP) and <see cref="SeenMark"/> the teacher's mark they saw (null: automatic).
/// <see cref="RequestId"/> names the request's stream.</summary>
public sealed record RequestCorrection(
    Guid CommandId, Guid RequestId, Guid GradebookId, Guid StudentId, string? Assessment, int? Seen, string? Value, string? Reason,
    Actor By, EntrySource Source, string? SeenText = null, bool? SeenMark = null) : ICommand;

/// <summary><see cref="SeenText"/> and <see cref="Text"/> carry a description request's texts, <see cref="SeenMark"/> and
/// <see cref="Mark"/> a tercapai request's marks (see <see cref="CorrectionRequest"/>).</summary>
public sealed record CorrectionRequested(
    Guid RequestId, Guid GradebookId, Guid TermId, Guid ClassId, Guid StudentId, string Assessment, int? Seen, int? Value, string Reason,
    string? SeenText = null, string? Text = null, bool? SeenMark = null, bool? Mark = null);

public static class RequestCorrectionHandler
{
    /// <summary><paramref name="waiting"/>: the requests about the student in the gradebook's term still waiting for the principal.</summary>
    public static Decision Decide(
        CorrectionRequest? existing, IReadOnlyCollection<CorrectionRequest> waiting, Gradebook? gradebook, SchoolClass? schoolClass, RequestCorrection c)
    {
        if (existing is not null)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("correction.already_requested", "Permintaan koreksi ini sudah dikirim."));
        if ((GradebookRules.Teacher(gradebook, c.By) ?? GradebookRules.StudentInClass(schoolClass, c.StudentId)) is { } refused)
            return refused;
        if (!gradebook!.Locked)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("correction.not_locked",
                "Buku nilai ini tidak dikunci: ubah nilainya langsung di lembar nilai, tanpa permintaan koreksi."));
        var target = new CorrectionTarget(gradebook.TermId, c.GradebookId, c.StudentId, c.Assessment ?? "", null);
        if (CorrectionRequest.AlreadyWaiting(waiting, target, Words(gradebook, c.Assessment)) is { } waits)
            return Decision.Reject(OutcomeStatus.Conflict, waits);
        if (c.Assessment == CorrectionRequest.Description)
            return DescriptionRequest(gradebook, c);
        if (CorrectionRequest.ObjectiveOf(c.Assessment) is { } objective)
            return AchievementRequest(gradebook, c, objective);
        var finalGrade = c.Assessment == CorrectionRequest.FinalGrade;
        var entry = new ScoreEntry(c.StudentId, c.Assessment ?? "", c.Value, c.Seen);
        var cell = SaveScoresHandler.Cell(entry);
        if (!finalGrade && gradebook.Assessments.All(a => a.Key != c.Assessment))
            return Decision.Invalid(new DomainError("assessment.unknown", $"Penilaian \"{c.Assessment}\" tidak ada di buku nilai ini.", cell));
        var (value, error) = SaveScoresHandler.ParseScore(c.Value, cell);
        var errors = new[] { error, GradebookRules.Reason(c.Reason, "correction", "koreksi") }.OfType<DomainError>().ToList();
        if (errors.Count > 0)
            return Decision.Invalid(errors);

        int? current;
        if (finalGrade)
        {
            var overridden = gradebook.Overrides.GetValueOrDefault(c.StudentId);
            if (overridden?.Value != c.Seen)
                return Decision.Reject(OutcomeStatus.Conflict, OverrideFinalGradeHandler.Conflict(c.StudentId, c.Seen, overridden));
            current = overridden?.Value;
        }
        else
        {
            var score = gradebook.Score(c.StudentId, c.Assessment!);
            if (score?.Value != c.Seen)
                return Decision.Reject(OutcomeStatus.Conflict, SaveScoresHandler.Conflict(entry, score, cell));
            current = score?.Value;
        }
        if (current == value)
            return Decision.Invalid(new DomainError("correction.no_change",
                finalGrade && value is null ? "Nilai akhir ini tidak ditimpa: sudah memakai hasil hitungan." : "Nilai yang diajukan sama dengan nilai sekarang.", cell));
        return Decision.Append(new CorrectionRequested(c.RequestId, c.GradebookId, gradebook.TermId, gradebook.ClassId, c.StudentId, c.Assessment!,
            current, value, c.Reason!.Trim()));
    }

    /// <summary>What a request is about, in the teacher's words: "nilai TP1", "nilai akhir", "deskripsi", "ketercapaian TP1".</summary>
    private static string Words(Gradebook gradebook, string? assessment) => assessment switch
    {
        CorrectionRequest.FinalGrade => "nilai akhir",
        CorrectionRequest.Description => "deskripsi",
        _ when CorrectionRequest.ObjectiveOf(assessment) is { } key => $"ketercapaian {gradebook.FindObjective(key)?.Code ?? key}",
        _ => $"nilai {gradebook.Assessments.FirstOrDefault(a => a.Key == assessment)?.Label ?? assessment}",
    };

    /// <summary>A description asked for against the teacher's own text seen; the text is checked as an edit is.</summary>
    private static Decision DescriptionRequest(Gradebook gradebook, RequestCorrection c)
    {
        var text = EditDescriptionHandler.NormalizeOrNull(c.Value);
        var errors = new[] { text is null ? null : EditDescriptionHandler.TextError(text), GradebookRules.Reason(c.Reason, "correction", "koreksi") }
            .OfType<DomainError>().ToList();
        if (errors.Count > 0)
            return Decision.Invalid(errors);
        var current = gradebook.EditedDescriptions.GetValueOrDefault(c.StudentId);
        if (current?.Text != EditDescriptionHandler.NormalizeOrNull(c.SeenText))
            return Decision.Reject(OutcomeStatus.Conflict, EditDescriptionHandler.Conflict(c.StudentId, current));
        var generated = gradebook.GeneratedDescriptions.GetValueOrDefault(c.StudentId) ?? "";
        // The generated text asked for is no text of the teacher's own: back to it.
        text = text == generated ? null : text;
        if (text == current?.Text)
            return Decision.Invalid(new DomainError("correction.no_change", "Deskripsi yang diajukan sama dengan deskripsi sekarang."));
        return Decision.Append(new CorrectionRequested(c.RequestId, c.GradebookId, gradebook.TermId, gradebook.ClassId, c.StudentId, c.Assessment!,
            null, null, c.Reason!.Trim(), current?.Text, text));
    }

    /// <summary>A TP's tercapai mark asked for against the mark seen; the TP must still be in the gradebook.</summary>
    private static Decision AchievementRequest(Gradebook gradebook, RequestCorrection c, string key)
    {
        var field = new Dictionary<string, object?> { ["studentId"] = c.StudentId, ["assessment"] = c.Assessment };
        if (gradebook.FindObjective(key) is not { } objective)
            return Decision.Invalid(new DomainError("learningObjective.not_found", $"Tujuan pembelajaran \"{key}\" tidak ada di buku nilai ini.", field));
        var errors = new[]
        {
            MarkAchievementHandler.TryParseMark(c.Value, out var mark) ? null
                : new DomainError("achievement.invalid", "Ketercapaian yang diajukan harus \"tercapai\", \"tidak\" atau \"otomatis\".", field),
            GradebookRules.Reason(c.Reason, "correction", "koreksi"),
        }.OfType<DomainError>().ToList();
        if (errors.Count > 0)
            return Decision.Invalid(errors);
        var current = gradebook.Mark(c.StudentId, objective.Key);
        if (current != c.SeenMark)
            return Decision.Reject(OutcomeStatus.Conflict, MarkAchievementHandler.Conflict(c.StudentId, objective, c.SeenMark, current));
        if (current == mark)
            return Decision.Invalid(new DomainError("correction.no_change", "Ketercapaian yang diajukan sama dengan yang sekarang.", field));
        return Decision.Append(new CorrectionRequested(c.RequestId, c.GradebookId, gradebook.TermId, gradebook.ClassId, c.StudentId, c.Assessment!,
            null, null, c.Reason!.Trim(), SeenMark: current, Mark: mark));
    }

    public static async Task<CommandOutcome> Handle(RequestCorrection c, IDocumentSession session, CancellationToken ct)
    {
        var school = c.By.SchoolId;
        var gradebook = await session.LoadAsync<Gradebook>(StreamKeys.Gradebook(school, c.GradebookId), ct);
        var schoolClass = gradebook is null ? null : await session.LoadAsync<SchoolClass>(StreamKeys.Class(school, gradebook.ClassId), ct);
        IReadOnlyList<CorrectionRequest> waiting = [];
        if (gradebook is not null)
        {
            // Requests in one class wait for each other: two sent at once cannot both find nothing waiting.
            await HomeroomRules.LockClassAsync(session, school, gradebook.ClassId, ct);
            waiting = await CorrectionRequest.WaitingAsync(session, gradebook.TermId, c.StudentId, ct);
        }
        return await CommandPipeline.Execute<CorrectionRequest>(session, c, StreamKeys.CorrectionRequest(school, c.RequestId),
            existing => Task.FromResult(Decide(existing, waiting, gradebook, schoolClass, c)), ct);
    }
}
