using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;

namespace ERaport.Tests.Unit.ReportCards;

public class ReportCardProjectorTests
{
    private static readonly Guid TermId = Guid.NewGuid();
    private static readonly Guid Ani = Guid.NewGuid();
    private static readonly string StreamKey = StreamKeys.ReportCard(TestEvents.SchoolId, TermId, Ani);

    /// <summary>The row changes besides the history row, as text so that deletes (whose keys are arrays) compare by value.</summary>
    private static List<string> Project<T>(T data) where T : notnull =>
        [.. Projector.Project(TestEvents.Stored(data, StreamKey)).Where(c => c is not Insert { Row: ReportCardChangeRow }).Select(Show)];

    private static ReportCardChangeRow History<T>(T data) where T : notnull =>
        (ReportCardChangeRow)Projector.Project(TestEvents.Stored(data, StreamKey, "wali.x1", 77)).OfType<Insert>().Single().Row;

    private static string Show(RowChange change) =>
        change is Delete d ? $"Delete {d.RowType.Name} {string.Join(",", d.Key)}" : change.ToString()!;

    [Fact]
    public void the_report_card_key_names_school_term_and_student()
    {
        StreamKeys.ReportCardOf(StreamKey).ShouldBe((TermId, Ani));
        StreamKeys.Parse(StreamKey).ShouldBe((TestEvents.SchoolId, "reportcard", (Guid?)Ani));
    }

    [Fact]
    public void attendance_replaces_the_students_row_for_the_term()
    {
        Project(new AttendanceRecorded(2, 1, 0)).ShouldBe([Show(new Upsert(new AttendanceRow(TermId, Ani, TestEvents.SchoolId, 2, 1, 0)))]);
    }

    [Fact]
    public void extracurriculars_are_rows_by_entry_kept_in_their_number_order_and_removed_by_entry()
    {
        var entry = Guid.NewGuid();
        Project(new ExtracurricularAdded(entry, 3, "Pramuka", null, "Aktif"))
            .ShouldBe([Show(new Upsert(new ExtracurricularRow(entry, TestEvents.SchoolId, TermId, Ani, 3, "Pramuka", null, "Aktif")))]);
        Project(new ExtracurricularRevised(entry, 3, "Pramuka", "A", "Sangat aktif"))
            .ShouldBe([Show(new Upsert(new ExtracurricularRow(entry, TestEvents.SchoolId, TermId, Ani, 3, "Pramuka", "A", "Sangat aktif")))]);
        Project(new ExtracurricularRemoved(entry, "Pramuka")).ShouldBe([Show(Delete.Of<ExtracurricularRow>(TermId, Ani, entry))]);
    }

    [Fact]
    public void texts_are_stored_and_an_empty_text_deletes_its_row()
    {
        Project(new KokurikulerWritten("Bekerja sama")).ShouldBe([Show(new Upsert(new KokurikulerRow(TermId, Ani, TestEvents.SchoolId, "Bekerja sama")))]);
        Project(new KokurikulerWritten("")).ShouldBe([Show(Delete.Of<KokurikulerRow>(TermId, Ani))]);
        Project(new HomeroomNoteWritten("Rajin")).ShouldBe([Show(new Upsert(new HomeroomNoteRow(TermId, Ani, TestEvents.SchoolId, "Rajin")))]);
        Project(new HomeroomNoteWritten("")).ShouldBe([Show(Delete.Of<HomeroomNoteRow>(TermId, Ani))]);
    }

    [Fact]
    public void a_promotion_is_stored_with_its_wording_and_cleared_by_a_withdrawal()
    {
        Project(new PromotionDecided("promoted", "Naik ke kelas XI"))
            .ShouldBe([Show(new Upsert(new PromotionRow(TermId, Ani, TestEvents.SchoolId, "promoted", "Naik ke kelas XI")))]);
        Project(new PromotionCleared()).ShouldBe([Show(Delete.Of<PromotionRow>(TermId, Ani))]);
    }

    [Fact]
    public void a_lock_marks_the_card_locked_by_whom_and_when_and_an_unlock_clears_the_mark_leaving_the_sections_alone()
    {
        var classId = Guid.NewGuid();
        Project(new ReportCardLocked(TermId, classId))
            .ShouldBe([Show(new Upsert(new ReportCardLockRow(TermId, Ani, TestEvents.SchoolId, classId, "guru.a", TestEvents.At)))]);
        Project(new ReportCardUnlocked(TermId, classId, "Salah ketik")).ShouldBe([Show(Delete.Of<ReportCardLockRow>(TermId, Ani))]);
    }

    [Fact]
    public void every_homeroom_event_leaves_one_history_row_saying_who_what_and_through_what()
    {
        History(new AttendanceRecorded(2, 1, 0)).ShouldBe(new ReportCardChangeRow(77, TestEvents.SchoolId, TermId, Ani,
            ReportCardProjector.Sections.Attendance, "Sakit 2, izin 1, tanpa keterangan 0 hari", "wali.x1", TestEvents.At, "Form", "event 77"));
        History(new ExtracurricularAdded(Guid.NewGuid(), 1, "Pramuka", "Baik", "Aktif")).Detail.ShouldBe("Pramuka (Baik): Aktif");
        History(new ExtracurricularRemoved(Guid.NewGuid(), "Futsal")).Detail.ShouldBe("Futsal dihapus");
        History(new HomeroomNoteWritten("")).Detail.ShouldBe("(dihapus)");
        History(new PromotionDecided("promoted", "Naik ke kelas XI")).Section.ShouldBe(ReportCardProjector.Sections.Promotion);
        History(new ReportCardUnlocked(TermId, Guid.NewGuid(), "Salah ketik")).Detail.ShouldBe("Kunci dibuka: Salah ketik");
    }

    [Fact]
    public void a_rewritten_kokurikuler_note_or_extracurricular_line_keeps_the_text_it_replaced_in_its_history_row_apart_from_what_it_became()
    {
        (History(new KokurikulerWritten("Aktif dalam proyek", "Aktif")) is { Detail: "Aktif dalam proyek", Before: "Aktif" }).ShouldBeTrue();
        (History(new HomeroomNoteWritten("", "Rajin")) is { Detail: "(dihapus)", Before: "Rajin" }).ShouldBeTrue();
        History(new HomeroomNoteWritten("Rajin", "")).Before.ShouldBeNull("nothing was replaced");
        History(new HomeroomNoteWritten("Rajin")).Before.ShouldBeNull("an event stored before the text it replaced was kept");
        History(new AttendanceRecorded(2, 1, 0)).Before.ShouldBeNull();
        // An extracurricular line revised: the line it replaced, in the history's words.
        var entry = Guid.NewGuid();
        (History(new ExtracurricularRevised(entry, 1, "Pramuka", "Sangat Baik", "Memimpin regu", new Extracurricular(entry, 1, "Pramuka", "Baik", "Aktif")))
            is { Detail: "Pramuka (Sangat Baik): Memimpin regu", Before: "Pramuka (Baik): Aktif" }).ShouldBeTrue();
        History(new ExtracurricularRevised(entry, 1, "Pramuka", null, "Aktif")).Before.ShouldBeNull("an event stored before the line it replaced was kept");
    }

    [Fact]
    public void a_changed_attendance_or_promotion_keeps_what_it_replaced_in_its_history_row_in_the_same_words()
    {
        (History(new AttendanceRecorded(3, 0, 0, new Attendance(1, 0, 2)))
            is { Detail: "Sakit 3, izin 0, tanpa keterangan 0 hari", Before: "Sakit 1, izin 0, tanpa keterangan 2 hari" }).ShouldBeTrue();
        (History(new PromotionDecided("promoted", "Naik ke kelas XI", new Promotion("retained", "Tinggal di kelas X")))
            is { Detail: "Naik ke kelas XI", Before: "Tinggal di kelas X" }).ShouldBeTrue();
        (History(new PromotionCleared(new Promotion("promoted", "Naik ke kelas XI"))) is { Detail: ReportCardProjector.Withdrawn, Before: "Naik ke kelas XI" })
            .ShouldBeTrue();
        History(new PromotionDecided("promoted", "Naik ke kelas XI")).Before.ShouldBeNull("a first decision, or an event stored before the decision it replaced was kept");
        History(new PromotionCleared()).Before.ShouldBeNull("an event stored before the decision it withdrew was kept");
    }

    [Fact]
    public void of_a_history_rows_text_only_one_the_card_holds_is_read_word_by_word_against_what_it_replaced()
    {
        ReportCardProjector.Comparable("Sakit 3, izin 0, tanpa keterangan 0 hari").ShouldBeTrue();
        ReportCardProjector.Comparable(ReportCardProjector.Cleared).ShouldBeFalse();
        ReportCardProjector.Comparable(ReportCardProjector.Withdrawn).ShouldBeFalse();
    }

    [Fact]
    public void a_history_row_names_the_command_that_wrote_it_so_that_the_rows_of_one_class_lock_make_one_line()
    {
        var locked = TestEvents.Stored(new ReportCardLocked(TermId, Guid.NewGuid()), StreamKey, "wali.x1", 78);
        locked.SetHeader(CommandPipeline.CommandIdHeader, "0b7e3c1a-lock");

        ((ReportCardChangeRow)Projector.Project(locked).OfType<Insert>().Single(i => i.Row is ReportCardChangeRow).Row).Command.ShouldBe("0b7e3c1a-lock");
    }
}
