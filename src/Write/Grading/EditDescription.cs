using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>The teacher writes a student's description (capaian kompetensi) in their own words, up to
/// <see cref="Description.MaxLength"/> characters. Theirs is kept when scores later change the generated
/// one. <see cref="Seen"/> is the teacher's own text they changed (null: they saw the generated one).
/// Saving the generated text unchanged is the same as going back to it.</summary>
public sealed record EditDescription(Guid CommandId, Guid GradebookId, Guid StudentId, string? Text, string? Seen, Actor By, EntrySource Source) : ICommand;

/// <summary><see cref="Generated"/> is the generated text at the time, to tell later whether it changed.</summary>
public sealed record DescriptionEdited(Guid StudentId, string Text, string Generated);

public static class EditDescriptionHandler
{
    public static Decision Decide(Gradebook? gradebook, SchoolClass? schoolClass, EditDescription c)
    {
        if ((GradebookRules.TeacherOfRecord(gradebook, c.By) ?? GradebookRules.StudentInClass(schoolClass, c.StudentId)) is { } refused)
            return refused;
        var text = Normalize(c.Text);
        if (text.Length == 0)
            return Decision.Invalid(new DomainError("description.required", "Deskripsi wajib diisi. Untuk kembali ke deskripsi otomatis, pilih \"Kembalikan\"."));
        if (TextError(text) is { } invalid)
            return Decision.Invalid(invalid);

        var current = gradebook!.EditedDescriptions.GetValueOrDefault(c.StudentId);
        var generated = gradebook.GeneratedDescriptions.GetValueOrDefault(c.StudentId) ?? "";
        if (text == (current?.Text ?? generated))
            return Decision.Nothing;
        if (current?.Text != NormalizeOrNull(c.Seen))
            return Decision.Reject(OutcomeStatus.Conflict, Conflict(c.StudentId, current));
        object change = text == generated ? new DescriptionReset(c.StudentId, current!.Text) : new DescriptionEdited(c.StudentId, text, generated);
        return GradebookCalculation.Append(gradebook, c.By, 1, [change]);
    }

    /// <summary>What a description's text may not be (besides empty): too long, or not clean text (line breaks allowed).</summary>
    public static DomainError? TextError(string text) =>
        text.Length > Description.MaxLength
            ? new DomainError("description.too_long", $"Deskripsi paling banyak {Count(Description.MaxLength)} karakter (kini {Count(text.Length)}).")
            : Rules.TextProblem(text, "Deskripsi", allowMarkup: true, lineBreaks: true) is { } problem
                ? new DomainError("description.invalid_characters", problem)
                : null;

    private static string Count(int n) => n.ToString("N0", SchoolTime.Indonesian);

    /// <summary>Browsers send textarea line ends as CR LF; kept as LF, without surrounding blanks.</summary>
    public static string Normalize(string? text) => (text ?? "").Replace("\r\n", "\n").Replace('\r', '\n').Trim();

    public static string? NormalizeOrNull(string? text) => Normalize(text) is { Length: > 0 } t ? t : null;

    internal static DomainError Conflict(Guid studentId, EditedDescription? current) =>
        new("description.conflict",
            current is null
                ? "Deskripsi ini sudah dikembalikan ke deskripsi otomatis sejak Anda membukanya. Tidak ada yang ditimpa."
                : "Deskripsi ini sudah disunting sejak Anda membukanya. Tidak ada yang ditimpa; periksa teks terbarunya.",
            new Dictionary<string, object?> { ["studentId"] = studentId, ["current"] = current?.Text });

    public static Task<CommandOutcome> Handle(EditDescription c, IDocumentSession session, CancellationToken ct) =>
        GradebookRules.ExecuteWithClass(session, c, c.GradebookId, (gradebook, schoolClass) => Decide(gradebook, schoolClass, c), ct);
}
