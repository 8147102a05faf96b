using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>Sets how the final grade is weighted (SLM : STS : SAS, default 1 : 0 : 1), the KKTP that
/// decides tercapai and which TPs the generated descriptions name (null: as before). A weight for STS adds the
/// mid-semester column; taking it away again needs the STS scores removed first, so that no score is silently
/// ignored. <see cref="Seen"/> is the scheme the form showed: the form sends all of it, so a page opened before another tab
/// changed the KKTP would put the old KKTP back unseen; if it has changed since, the answer is a conflict (null: not checked).</summary>
public sealed record ChangeGradingScheme(Guid CommandId, Guid GradebookId, Weights Weights, int Kktp, Actor By, EntrySource Source,
    DescriptionStyle? DescriptionStyle = null, GradingSchemeSeen? Seen = null) : ICommand;

/// <summary>The weights, KKTP and description style a form showed.</summary>
public sealed record GradingSchemeSeen(Weights Weights, int Kktp, DescriptionStyle DescriptionStyle);

/// <summary>Events stored before descriptions had a style read as <see cref="DescriptionStyle.EveryObjective"/>. <see cref="WeightsBefore"/>
/// and <see cref="KktpBefore"/>: what they replaced, so the history says "1 : 1 → 3 : 2" (null in events stored before they were kept).</summary>
public sealed record GradingSchemeChanged(Weights Weights, int Kktp, DescriptionStyle DescriptionStyle = DescriptionStyle.EveryObjective,
    Weights? WeightsBefore = null, int? KktpBefore = null);

public static class ChangeGradingSchemeHandler
{
    public static Decision Decide(Gradebook? gradebook, ChangeGradingScheme c)
    {
        if (GradebookRules.TeacherOfRecord(gradebook, c.By) is { } refused)
            return refused;
        var weights = c.Weights ?? Weights.Default;
        var style = c.DescriptionStyle ?? gradebook!.DescriptionStyle;
        var current = new GradingSchemeSeen(gradebook!.Weights, gradebook.Kktp, gradebook.DescriptionStyle);
        return Rules.Check(
            () => weights == gradebook.Weights && c.Kktp == gradebook.Kktp && style == gradebook.DescriptionStyle
                ? Decision.Nothing
                : c.Seen is { } seen && seen != current
                ? Decision.Reject(OutcomeStatus.Conflict, new DomainError("gradingScheme.conflict",
                    $"Bobot, KKTP atau isi deskripsi sudah diubah sejak Anda membuka halaman ini, kini {Describe(current)}. " +
                    "Tidak ada yang ditimpa; periksa isian Anda, lalu simpan lagi bila tetap ingin mengubahnya.",
                    new Dictionary<string, object?> { ["weights"] = current.Weights, ["kktp"] = current.Kktp, ["descriptionStyle"] = current.DescriptionStyle.ToString() }))
                : GradebookCalculation.Append(gradebook, c.By, 1, [new GradingSchemeChanged(weights, c.Kktp, style, gradebook!.Weights, gradebook.Kktp)]),
            CheckWeights(weights),
            Enum.IsDefined(style) ? null : new DomainError("descriptionStyle.invalid", "Pilihan isi deskripsi tidak dikenal."),
            c.Kktp is >= 0 and <= 100 ? null : new DomainError("kktp.out_of_range", "KKTP harus antara 0 dan 100."),
            !weights.HasMidSemester && gradebook!.Scores.Keys.Any(k => k.EndsWith(":" + Assessment.MidSemesterTest, StringComparison.Ordinal))
                ? new DomainError("weights.sts_has_scores", "Kolom STS masih berisi nilai. Kosongkan nilai STS dulu sebelum bobot STS dijadikan 0.")
                : null);
    }

    /// <summary>"SLM : SAS = 1 : 1, KKTP 70, deskripsi menyebut semua TP" (STS where it weighs).</summary>
    private static string Describe(GradingSchemeSeen s) =>
        (s.Weights.HasMidSemester ? $"SLM : STS : SAS = {s.Weights.Slm} : {s.Weights.Sts} : {s.Weights.Sas}" : $"SLM : SAS = {s.Weights.Slm} : {s.Weights.Sas}") +
        $", KKTP {s.Kktp}, deskripsi menyebut " + (s.DescriptionStyle == DescriptionStyle.StrongestAndWeakest ? "TP terkuat dan terlemah" : "semua TP");

    public static DomainError? CheckWeights(Weights w) =>
        new[] { w.Slm, w.Sts, w.Sas }.Any(x => x is < 0 or > Weights.Max)
            ? new DomainError("weights.out_of_range", $"Setiap bobot harus bilangan bulat 0–{Weights.Max}.")
            : w.Slm + w.Sas == 0
                ? new DomainError("weights.zero", "Bobot SLM dan SAS tidak boleh keduanya 0.")
                : null;

    public static Task<CommandOutcome> Handle(ChangeGradingScheme c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<Gradebook>(session, c, StreamKeys.Gradebook(c.By.SchoolId, c.GradebookId),
            gradebook => Task.FromResult(Decide(gradebook, c)), ct);
}
