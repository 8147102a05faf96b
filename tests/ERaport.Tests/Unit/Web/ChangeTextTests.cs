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
    public void the_explorer_says_how_many_changes_match_in_indonesian_numbers_and_more_than_its_cap_as_such()
    {
        ERaport.Web.Components.Audit.HistoryExplorerPage.Matching(1603).ShouldBe("1.603 perubahan");
        ERaport.Web.Components.Audit.HistoryExplorerPage.Matching(10_000).ShouldBe("10.000 perubahan");
        ERaport.Web.Components.Audit.HistoryExplorerPage.Matching(10_001).ShouldBe("lebih dari 10.000 perubahan");
    }

    [Fact]
    public void a_final_grade_request_and_its_approval_name_the_calculated_grade_instead_of_a_dash()
    {
        GradingFormat.Change(ScoreChangeKind.CorrectionRequested, ScoreChangeRow.FinalGrade, null, 83, null).ShouldBe("NA hasil hitungan → 83 diminta");
        GradingFormat.Change(ScoreChangeKind.CorrectionApproved, ScoreChangeRow.FinalGrade, 83, null, null).ShouldBe("83 → NA hasil hitungan");
        GradingFormat.Change(ScoreChangeKind.Corrected, "tp1", null, 75, null).ShouldBe("– → 75", "an ordinary change keeps its dash for an empty cell");
    }

    [Fact]
    public void a_reworded_tp_as_a_cause_in_the_rapor_comparison_names_its_wording_before_and_after_on_one_line()
    {
        var revised = new ScoreChange(7, "tp2", "TP2", ScoreChangeKind.ObjectiveRevised, null, null, "guru", "Guru", DateTimeOffset.UnixEpoch, null, "Form",
            "Baru", "Lama");

        GradingFormat.Change(revised).ShouldBe("\"Lama\" → \"Baru\"");
        GradingFormat.Change(revised with { DetailBefore = null }).ShouldBe("Baru");
    }
}
