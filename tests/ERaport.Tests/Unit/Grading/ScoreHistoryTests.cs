using ERaport.Read.Grading;

namespace ERaport.Tests.Unit.Grading;

public sealed class ScoreHistoryTests
{
    private static ScoreChange Line(long sequence, ScoreChangeKind kind, string by, string source, string assessment = "tp1", string? reason = null) =>
        new(sequence, assessment, assessment.ToUpperInvariant(), kind, 80, 95, by, by, TestEvents.At, reason, source);

    /// <summary>An approval's change is the principal's event with the teacher's reason: it names the teacher whose request was approved
    /// (the last about that assessment before the approval), and nothing else of the history does.</summary>
    [Fact]
    public void a_change_an_approval_made_names_who_asked_for_it_and_no_other_line_does()
    {
        var history = ScoreHistoryQuery.AskedFor(
        [
            Line(10, ScoreChangeKind.CorrectionRequested, "Bambang Matematika", "Form", reason: "Salah ketik"),
            Line(11, ScoreChangeKind.CorrectionDenied, "Ibu Kepala", "Form"),
            Line(12, ScoreChangeKind.CorrectionRequested, "Bambang Matematika", "Form", assessment: "na"),
            Line(20, ScoreChangeKind.CorrectionRequested, "Yuliana Biologi", "Form", reason: "Remedial"),
            Line(30, ScoreChangeKind.CorrectionApproved, "Ibu Kepala", "Approval", reason: "Lembar jawaban diperiksa"),
            Line(31, ScoreChangeKind.Corrected, "Ibu Kepala", "Approval", reason: "Remedial"),
            Line(32, ScoreChangeKind.Calculated, "Ibu Kepala", "Calculation", assessment: "na"),
            Line(40, ScoreChangeKind.Corrected, "Yuliana Biologi", "Form", reason: "Salah ketik"),
        ]).ToDictionary(c => c.Sequence, c => c.RequestedByName);

        history[31].ShouldBe("Yuliana Biologi");
        history.Where(h => h.Key != 31).ShouldAllBe(h => h.Value == null);
    }
}
