using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.Grading;

namespace ERaport.Tests.Unit.ReadModel;

public class LockingProjectorTests
{
    private static readonly Guid GradebookId = Guid.NewGuid();
    private static readonly Guid ClassId = Guid.NewGuid();
    private static readonly Guid TermId = Guid.NewGuid();
    private static readonly Guid RequestId = Guid.NewGuid();
    private static readonly Guid Ani = Guid.NewGuid();

    private static List<RowChange> Project<T>(T data, string streamKey, string by) where T : notnull =>
        Projector.Project(TestEvents.Stored(data, streamKey, by, 7, TestEvents.At)).ToList();

    private static ScoreChangeRow Line(Guid student, string assessment, ScoreChangeKind kind, int? before, int? after, string by, string? reason,
        string? detail = null) =>
        new(7, 0, TestEvents.SchoolId, GradebookId, student, assessment, kind, before, after, by, TestEvents.At, reason, "Form", detail);

    [Fact]
    public void a_lock_marks_the_gradebook_locked_and_leaves_a_line_for_the_whole_gradebook_and_an_unlock_removes_it_with_its_reason()
    {
        var gradebook = StreamKeys.Gradebook(TestEvents.SchoolId, GradebookId);

        Project(new GradebookLocked(TermId, ClassId), gradebook, "wali.x1").ShouldBe(new RowChange[]
        {
            new Upsert(new GradebookLockRow(GradebookId, TestEvents.SchoolId, ClassId, "wali.x1", TestEvents.At)),
            new Insert(Line(Guid.Empty, ScoreChangeRow.Lock, ScoreChangeKind.Locked, null, null, "wali.x1", null)),
        });
        var unlocked = Project(new GradebookUnlocked(TermId, ClassId, "Nilai remedial"), gradebook, "kepsek");
        var delete = unlocked[0].ShouldBeOfType<Delete>();
        (delete.RowType, delete.Key.Single()).ShouldBe((typeof(GradebookLockRow), (object)GradebookId));
        unlocked[1].ShouldBe(new Insert(Line(Guid.Empty, ScoreChangeRow.Lock, ScoreChangeKind.Unlocked, null, null, "kepsek", "Nilai remedial")));
    }

    [Fact]
    public void a_gradebook_opened_in_a_locked_class_is_locked_by_who_locked_the_class_and_its_history_line_names_the_opener_and_says_why()
    {
        var gradebook = StreamKeys.Gradebook(TestEvents.SchoolId, GradebookId);
        var classLockedAt = TestEvents.At.AddDays(-3);

        Project(new GradebookLocked(TermId, ClassId, AtOpening: true, "wali.x1", classLockedAt), gradebook, "admin").ShouldBe(new RowChange[]
        {
            new Upsert(new GradebookLockRow(GradebookId, TestEvents.SchoolId, ClassId, "wali.x1", classLockedAt)),
            new Insert(Line(Guid.Empty, ScoreChangeRow.Lock, ScoreChangeKind.Locked, null, null, "admin", "Dibuka saat nilai kelasnya sudah dikunci")),
        });
    }

    [Fact]
    public void a_gradebook_opened_in_a_locked_class_by_an_event_stored_before_it_named_the_lock_is_locked_by_its_opener_as_before()
    {
        var gradebook = StreamKeys.Gradebook(TestEvents.SchoolId, GradebookId);

        Project(new GradebookLocked(TermId, ClassId, AtOpening: true), gradebook, "admin").ShouldBe(new RowChange[]
        {
            new Upsert(new GradebookLockRow(GradebookId, TestEvents.SchoolId, ClassId, "admin", TestEvents.At)),
            new Insert(Line(Guid.Empty, ScoreChangeRow.Lock, ScoreChangeKind.Locked, null, null, "admin", "Dibuka saat nilai kelasnya sudah dikunci")),
        });
    }

    [Fact]
    public void a_request_and_its_decision_are_rows_of_their_own_and_lines_in_the_students_history()
    {
        var request = StreamKeys.CorrectionRequest(TestEvents.SchoolId, RequestId);

        Project(new CorrectionRequested(RequestId, GradebookId, TermId, ClassId, Ani, "tp1", 80, 95, "Salah ketik"), request, "guru.a").ShouldBe(new RowChange[]
        {
            new Upsert(new CorrectionRequestRow(RequestId, TestEvents.SchoolId, GradebookId, Ani, "tp1", 80, 95, "Salah ketik", "guru.a", TestEvents.At, null, null, null, null)),
            new Insert(Line(Ani, "tp1", ScoreChangeKind.CorrectionRequested, 80, 95, "guru.a", "Salah ketik")),
        });
        Project(new CorrectionApproved(RequestId, GradebookId, Ani, "tp1", 80, 95, "Bukti cocok"), request, "kepsek").ShouldBe(new RowChange[]
        {
            new Upsert(new CorrectionDecisionRow(RequestId, true, "kepsek", TestEvents.At, "Bukti cocok")),
            new Insert(Line(Ani, "tp1", ScoreChangeKind.CorrectionApproved, 80, 95, "kepsek", "Bukti cocok")),
        });
        Project(new CorrectionDenied(RequestId, GradebookId, Ani, "tp1", 80, 95, "Tanpa bukti"), request, "kepsek").ShouldBe(new RowChange[]
        {
            new Upsert(new CorrectionDecisionRow(RequestId, false, "kepsek", TestEvents.At, "Tanpa bukti")),
            new Insert(Line(Ani, "tp1", ScoreChangeKind.CorrectionDenied, 80, 95, "kepsek", "Tanpa bukti")),
        });
    }

    [Fact]
    public void a_tercapai_request_keeps_both_marks_and_its_history_line_names_the_mark_asked_for()
    {
        var request = StreamKeys.CorrectionRequest(TestEvents.SchoolId, RequestId);

        Project(new CorrectionRequested(RequestId, GradebookId, TermId, ClassId, Ani, "tercapai-tp1", null, null, "Remedial", SeenMark: null, Mark: false),
            request, "guru.a").ShouldBe(new RowChange[]
        {
            new Upsert(new CorrectionRequestRow(RequestId, TestEvents.SchoolId, GradebookId, Ani, "tercapai-tp1", null, null, "Remedial", "guru.a", TestEvents.At,
                null, null, null, false)),
            new Insert(Line(Ani, "tercapai-tp1", ScoreChangeKind.CorrectionRequested, null, null, "guru.a", "Remedial", "tidak tercapai")),
        });
    }

    [Fact]
    public void a_wali_kelas_request_line_on_the_cards_history_names_its_request_whose_row_holds_the_texts_and_the_reason()
    {
        var request = StreamKeys.CorrectionRequest(TestEvents.SchoolId, RequestId);
        var change = new ERaport.Write.ReportCards.HomeroomChange("catatan", Text: "Rajin dan teliti.", SeenText: "Rajin.");

        var line = Project(new ERaport.Write.ReportCards.HomeroomCorrectionRequested(RequestId, TermId, ClassId, Ani, change, "Kurang lengkap", "Rajin.",
            "Rajin dan teliti."), request, "wali.x1").OfType<Insert>().Select(i => i.Row).OfType<ERaport.Read.ReportCards.ReportCardChangeRow>().Single();

        (line.RequestId, line.Section).ShouldBe((RequestId, "Catatan wali kelas"));
        line.Detail.ShouldStartWith(LockingProjector.CardRequested, Case.Sensitive, "the verification page leaves a request out by its words");
    }
}
