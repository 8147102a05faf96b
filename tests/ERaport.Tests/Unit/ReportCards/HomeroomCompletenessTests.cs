using ERaport.Read.ReportCards;
using ERaport.Read.Grading;
using ERaport.Read.School;

namespace ERaport.Tests.Unit.ReportCards;

public sealed class HomeroomCompletenessTests
{
    private static readonly AttendanceDays NeverAbsent = new(0, 0, 0);

    private static HomeroomClass Class(int semester, int level, params HomeroomStudent[] students)
    {
        var termId = Guid.NewGuid();
        return new HomeroomClass(
            new ClassRow(Guid.NewGuid(), "sekolah", termId, $"{level}-A", level, "F", null),
            new TermRow(termId, "sekolah", "2026/2027", semester, null), students, new Dictionary<Guid, LockInfo>());
    }

    private static HomeroomStudent Student(string name, string? kokurikuler = "Aktif dalam proyek", string? note = "Pertahankan.",
        PromotionDecision? promotion = null) =>
        new(Guid.NewGuid(), name, "0012345678", NeverAbsent, [], kokurikuler, note, promotion);

    [Fact]
    public void blank_kokurikuler_and_notes_are_missing_part_by_part_in_card_order_and_attendance_never_is()
    {
        var missing = HomeroomCompleteness.Of(Class(1, 10,
            Student("Ayu", note: null), Student("Bagus"), Student("Cahya", kokurikuler: "  ", note: ""), Student("Dewi", kokurikuler: null)));

        missing.Select(p => (p.Label, p.Page, string.Join(",", p.Students.Select(s => s.Name)))).ShouldBe(
        [
            ("Deskripsi kokurikuler", "catatan", "Cahya,Dewi"),
            ("Catatan wali kelas", "catatan", "Ayu,Cahya"),
        ]);
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void the_decision_is_missing_only_on_a_genap_card(int semester, bool missing)
    {
        var decided = new PromotionDecision("promoted", "Naik ke kelas XI");

        var parts = HomeroomCompleteness.Of(Class(semester, 10, Student("Ayu", promotion: decided), Student("Bagus")));

        parts.Select(p => (p.Label, p.Page, string.Join(",", p.Students.Select(s => s.Name)))).ShouldBe(missing ? [("Keputusan", "kenaikan", "Bagus")] : []);
    }

    [Fact]
    public void a_class_with_every_part_written_misses_nothing()
    {
        HomeroomCompleteness.Of(Class(2, 10, Student("Ayu", promotion: new("retained", "Tinggal di kelas X")))).ShouldBeEmpty();
    }
}
