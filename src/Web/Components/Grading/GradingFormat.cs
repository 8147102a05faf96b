using ERaport.Read.Grading;
using ERaport.Write.Grading;

namespace ERaport.Web.Components.Grading;

/// <summary>Final grades, marks and history kinds as Indonesian users read them.</summary>
public static class GradingFormat
{
    public const string Incomplete = "belum lengkap";

    public static string Kind(ScoreChangeKind kind) => kind switch
    {
        ScoreChangeKind.Recorded => "Diisi",
        ScoreChangeKind.Corrected => "Dikoreksi",
        ScoreChangeKind.Removed => "Dihapus",
        ScoreChangeKind.Calculated => "Dihitung",
        ScoreChangeKind.Overridden => "Ditimpa",
        ScoreChangeKind.OverrideCleared => "Penimpaan dihapus",
        ScoreChangeKind.Marked => "Ketercapaian",
        ScoreChangeKind.DescriptionEdited => "Disunting",
        ScoreChangeKind.DescriptionReset => "Kembali otomatis",
        ScoreChangeKind.Locked => "Dikunci",
        ScoreChangeKind.Unlocked => "Kunci dibuka",
        ScoreChangeKind.CorrectionRequested => "Koreksi diajukan",
        ScoreChangeKind.CorrectionApproved => "Koreksi disetujui",
        ScoreChangeKind.CorrectionDenied => "Koreksi ditolak",
        ScoreChangeKind.Reassigned => "Guru diganti",
        ScoreChangeKind.SchemeChanged => "Bobot atau KKTP diubah",
        ScoreChangeKind.ObjectiveAdded => "TP ditambahkan",
        ScoreChangeKind.ObjectiveRevised => "TP diubah",
        ScoreChangeKind.ObjectiveRemoved => "TP dihapus",
        _ => kind.ToString(),
    };

    /// <summary>What changed, on one line (a cause in the rapor comparison): a reworded TP names its wording before and after, as a
    /// weights line names its numbers.</summary>
    public static string Change(ScoreChange c) => c is { Kind: ScoreChangeKind.ObjectiveRevised, DetailBefore: { } was }
        ? $"\"{was}\" → \"{c.Detail}\""
        : Change(c.Kind, c.Assessment, c.Before, c.After, c.Detail);

    /// <summary>What changed, for the history: "70 → 77", a mark, or the new text.</summary>
    public static string Change(ScoreChangeKind kind, string assessment, int? before, int? after, string? detail) => kind switch
    {
        ScoreChangeKind.Marked => $"→ {detail}",
        ScoreChangeKind.DescriptionEdited => detail ?? "",
        ScoreChangeKind.DescriptionReset => "kembali ke deskripsi otomatis",
        ScoreChangeKind.Locked => "buku nilai dikunci",
        ScoreChangeKind.Unlocked => "kunci dibuka",
        _ when OfTheGradebook(kind) => detail ?? "",
        // A description request's line carries the text asked for; its decision's line carries none.
        ScoreChangeKind.CorrectionRequested or ScoreChangeKind.CorrectionApproved or ScoreChangeKind.CorrectionDenied
            when assessment == ScoreChangeRow.Description =>
            detail ?? (kind == ScoreChangeKind.CorrectionRequested ? "kembali ke deskripsi otomatis" : ""),
        // A tercapai request's line carries the mark asked for.
        ScoreChangeKind.CorrectionRequested or ScoreChangeKind.CorrectionApproved or ScoreChangeKind.CorrectionDenied
            when ERaport.Write.Grading.CorrectionRequest.ObjectiveOf(assessment) is not null => detail is null ? "" : $"→ {detail}",
        // A request is not a change: without these words a denied one read "– → 83", as if the grade had become 83.
        ScoreChangeKind.CorrectionRequested => $"{Requested(assessment, before)} → {Requested(assessment, after)} diminta",
        ScoreChangeKind.CorrectionApproved => $"{Requested(assessment, before)} → {Requested(assessment, after)}",
        ScoreChangeKind.CorrectionDenied => $"diminta {Requested(assessment, after)}; tetap {Requested(assessment, before)}",
        _ => $"{before?.ToString() ?? "–"} → {after?.ToString() ?? "–"}",
    };

    /// <summary>A value a correction request saw or asks for: none is an empty cell, or for the final grade no override (the calculated grade stands).</summary>
    private static string Requested(string assessment, int? value) =>
        value?.ToString() ?? (assessment == ScoreChangeRow.FinalGrade ? "NA hasil hitungan" : "kosong");

    /// <summary>How a change's text is laid out: a description (or a request for one) wraps as a paragraph, a number or
    /// mark change ("70 → 77") stays on one line.</summary>
    public static string ChangeClass(ScoreChangeKind kind, string assessment) =>
        kind is ScoreChangeKind.DescriptionEdited || OfTheGradebook(kind) || assessment == ScoreChangeRow.Description ? "text-change" : "nowrap";

    /// <summary>A line of the whole gradebook whose change is its text: the teachers, the weights, a TP's wording.</summary>
    private static bool OfTheGradebook(ScoreChangeKind kind) => kind == ScoreChangeKind.Reassigned || ScoreChangeRow.ForEveryStudent.Contains(kind);

    /// <summary>A mean as schools write it: 78 or 78,33.</summary>
    public static string Mean(decimal? value) => value?.ToString("0.##", Format.Indonesian) ?? "–";

    public static string Achievement(bool? achieved) => achieved switch
    {
        true => "Tercapai",
        false => "Tidak tercapai",
        null => "Belum ada nilai",
    };

    /// <summary>Tercapai with who decided it: "Tercapai (otomatis)", "Tidak tercapai (ditandai guru)".</summary>
    public static string Achievement(StudentAchievement a) =>
        Achievement(a.Achieved) + (a.ByHand ? " (ditandai guru)" : a.Achieved is null ? "" : " (otomatis)");

    public static string Style(DescriptionStyle style) => style switch
    {
        DescriptionStyle.StrongestAndWeakest => "TP terkuat dan terlemah",
        _ => "semua TP",
    };

    /// <summary>A style as forms and the API name it (<c>EveryObjective</c>, <c>StrongestAndWeakest</c>, any case);
    /// any other name gives a value the decision refuses with its usual message.</summary>
    public static DescriptionStyle? StyleNamed(string? name) =>
        string.IsNullOrEmpty(name) ? null
        : Enum.TryParse<DescriptionStyle>(name, ignoreCase: true, out var style) && Enum.IsDefined(style) && !char.IsDigit(name[0]) ? style
        : (DescriptionStyle)(-1);

    public static string Weights(GradingScheme s) =>
        s.WeightSts > 0 ? $"SLM : STS : SAS = {s.WeightSlm} : {s.WeightSts} : {s.WeightSas}" : $"SLM : SAS = {s.WeightSlm} : {s.WeightSas}";
}
