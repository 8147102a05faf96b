using ERaport.Read.Grading;

namespace ERaport.Tests.Unit.Grading;

/// <summary>Where a moved student's score from their old class's gradebook lands in the new one.</summary>
public sealed class EarlierScoreColumnTests
{
    private static readonly SheetAssessment[] Here =
    [
        new("sts", "STS", "Sumatif tengah semester"), new("tp1", "TP1", "Barisan  dan deret"), new("tp2", "TP2", "Eksponen dan logaritma"),
        new("sas-tes", "SAS Tes", "Sumatif akhir semester: tes"),
    ];

    [Theory]
    [InlineData("tp1", "Eksponen dan logaritma", "tp2")] // numbered otherwise here
    [InlineData("tp2", "barisan dan  deret", "tp1")] // case and spacing aside, the same objective
    [InlineData("tp1", "Sistem persamaan linear", null)] // not taught here: never another objective under the same number
    [InlineData("sas-tes", "Sumatif akhir semester: tes", "sas-tes")]
    [InlineData("sts", "Sumatif tengah semester", "sts")]
    [InlineData("sas-nontes", "Sumatif akhir semester: non-tes", null)] // no such column here
    public void a_tp_lands_on_the_tp_with_the_same_objective_and_a_summative_score_on_its_own_column(string key, string description, string? expected) =>
        new ClassScore(key, key.ToUpperInvariant(), 80, description).ColumnIn(Here).ShouldBe(expected);
}
