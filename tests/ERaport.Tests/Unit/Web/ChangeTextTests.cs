using ERaport.Read.Grading;
using ERaport.Web.Components.Grading;

namespace ERaport.Tests.Unit.Web;

/// <summary>How a history line words a change, as the principal reads it in a dispute.</summary>
public sealed class ChangeTextTests
{
    [Fact]
    public void a_denied_final_grade_request_reads_what_was_asked_and_that_the_calculated_grade_stayed()
    {
        var denied = GradingFormat.Change(ScoreChangeKind.CorrectionDenied, ScoreChangeRow.FinalGrade, null, 83, null);

        denied.ShouldBe("diminta 83; tetap NA hasil hitungan");
        GradingFormat.Change(ScoreChangeKind.CorrectionDenied, "tp1", 80, 40, null).ShouldBe("diminta 40; tetap 80");
        GradingFormat.Change(ScoreChangeKind.CorrectionDenied, "tp1", null, 75, null).ShouldBe("diminta 75; tetap kosong");
    }

    [Fact]
    public void a_final_grade_request_and_its_approval_name_the_calculated_grade_instead_of_a_dash()
    {
        GradingFormat.Change(ScoreChangeKind.CorrectionRequested, ScoreChangeRow.FinalGrade, null, 83, null).ShouldBe("NA hasil hitungan → 83 diminta");
        GradingFormat.Change(ScoreChangeKind.CorrectionApproved, ScoreChangeRow.FinalGrade, 83, null, null).ShouldBe("83 → NA hasil hitungan");
        GradingFormat.Change(ScoreChangeKind.Corrected, "tp1", null, 75, null).ShouldBe("– → 75", "an ordinary change keeps its dash for an empty cell");
    }
}
