using ERaport.Read.Grading;
using ERaport.Read.ReportCards;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using JasperFx.Events;

namespace ERaport.Tests.Unit.ReportCards;

public sealed class ReportCardDiffTests
{
    private static readonly Guid Math = Guid.NewGuid();
    private static readonly Guid Biology = Guid.NewGuid();
    private static readonly Guid Student = Guid.NewGuid();
    private static readonly Guid Term = Guid.NewGuid();
    private static readonly Guid Gradebook = Guid.NewGuid();

    private static StudentReportCard Card(int? mathNa = 80, string mathDescription = "Baik", bool withBiology = true, int sick = 0,
        string? note = null, string className = "X-1", DateOnly? reportDate = null) =>
        new(new ReportSchool("SMA Uji", "12345678", "Jl. Uji", "Kota Uji", "Kepala Uji", null),
            new ReportTerm(Term, "2026/2027", 1, reportDate, "Kota Uji"),
            new ReportClass(Guid.NewGuid(), className, 10, "E", "Wali", null),
            new ReportStudent(Student, "Adi", "0012345678", "1001", "Islam"),
            [new ReportSubjectGroup("Umum",
            [
                new ReportSubject(Math, "Matematika", "MTK", mathNa, false, mathDescription),
                .. withBiology ? [new ReportSubject(Biology, "Biologi", "BIO", 75, false, "Cukup")] : Array.Empty<ReportSubject>(),
            ])],
            new HomeroomSections(new AttendanceDays(sick, 0, 0), [], null, note, null));

    [Fact]
    public void equal_cards_have_no_differences() => ReportCardDiff.Compare(Card(), Card()).ShouldBeEmpty();

    [Fact]
    public void a_changed_final_grade_names_its_subject_with_before_and_after()
    {
        var change = ReportCardDiff.Compare(Card(mathNa: 80), Card(mathNa: 84)).ShouldHaveSingleItem();
        change.ShouldBe(new CardChange(CardSection.Subject, Math, "Matematika", "Nilai akhir", "80", "84"));
    }

    /// <summary>The comparison names the term as every page does ("2026/2027 Ganjil"); it wrote "2026/2027 semester 1".</summary>
    [Fact]
    public void the_comparison_names_the_term_as_every_page_does() =>
        ReportCardDiff.Lines(Card()).Single(l => l.Item == "Tahun pelajaran").Value.ShouldBe("2026/2027 Ganjil");

    /// <summary>The principal reads the comparison as the card is printed: "Kota Uji, 19 Desember 2026", not "2026-12-19".</summary>
    [Fact]
    public void a_moved_report_date_reads_as_the_card_prints_it_in_indonesian()
    {
        var change = ReportCardDiff.Compare(Card(reportDate: new DateOnly(2026, 12, 19)), Card(reportDate: new DateOnly(2026, 11, 28))).ShouldHaveSingleItem();
        (change.Item, change.Before, change.After).ShouldBe(("Tempat dan tanggal rapor", "Kota Uji, 19 Desember 2026", "Kota Uji, 28 November 2026"));
    }

    [Fact]
    public void an_incomplete_grade_reads_belum_lengkap_and_each_section_is_its_own_change()
    {
        var changes = ReportCardDiff.Compare(Card(mathNa: null), Card(mathNa: 70, mathDescription: "Perlu ditingkatkan", sick: 2, note: "Rajin"));

        changes.Select(c => (c.Section, c.Item, c.Before, c.After)).ShouldBe(
        [
            (CardSection.Subject, "Nilai akhir", "belum lengkap", "70"),
            (CardSection.Subject, "Capaian kompetensi", "Baik", "Perlu ditingkatkan"),
            (CardSection.Attendance, "Sakit", "0 hari", "2 hari"),
            (CardSection.HomeroomNote, "Catatan wali kelas", "", "Rajin"),
        ]);
    }

    [Fact]
    public void a_subject_that_is_gone_is_listed_after_the_rest_with_nothing_after()
    {
        var changes = ReportCardDiff.Compare(Card(className: "X-1"), Card(withBiology: false, className: "X-2"));

        changes[0].ShouldBe(new CardChange(CardSection.Identity, null, null, "Kelas", "X-1", "X-2"));
        changes.Where(c => c.SubjectId == Biology).ShouldAllBe(c => c.After == null && c.Before != null);
        changes.Count(c => c.SubjectId == Biology).ShouldBe(3);
    }

    [Fact]
    public void with_no_card_before_every_printed_value_is_new() =>
        ReportCardDiff.Compare(null, Card()).ShouldAllBe(c => c.Before == null);

    [Fact]
    public void a_correction_of_the_students_score_is_a_cause_of_its_subject_with_who_why_and_source()
    {
        var e = TestEvents.Stored(new ScoreCorrected(Student, "tp1", 80, 95, "Salah ketik"), StreamKeys.Gradebook(TestEvents.SchoolId, Gradebook),
            userName: "kepsek", sequence: 42, source: EntrySource.Approval);

        var cause = ReportCardDiff.CausesOf(e, Student, new Dictionary<Guid, Guid> { [Gradebook] = Math },
            new Dictionary<(Guid, string), string> { [(Gradebook, "tp1")] = "TP1" }, new Dictionary<string, string> { ["kepsek"] = "Ibu Kepala" })
            .ShouldHaveSingleItem();

        (cause.Sequence, cause.Section, cause.SubjectId, cause.ChangedByName, cause.Reason, cause.Source).ShouldBe((42L, CardSection.Subject, Math, "Ibu Kepala", "Salah ketik", "Approval"));
        (cause.Score!.Kind, cause.Score.AssessmentLabel, cause.Score.Before, cause.Score.After).ShouldBe((ScoreChangeKind.Corrected, "TP1", 80, 95));
    }

    /// <summary>The card's events of an approval carry the approving command's id; a denied request explains nothing.</summary>
    [Fact]
    public void a_card_change_an_approved_homeroom_correction_made_gives_the_wali_kelas_and_the_principal_reasons()
    {
        var (approved, denied) = (Guid.NewGuid(), Guid.NewGuid());
        var command = Guid.NewGuid().ToString();
        var card = StreamKeys.ReportCard(TestEvents.SchoolId, Term, Student);
        var change = new HomeroomChange(HomeroomParts.Attendance, "3", "0", "0");
        IEvent Stored<T>(T data, Guid request, string by, string? commandId = null) where T : notnull
        {
            var e = TestEvents.Stored(data, request == Guid.Empty ? card : StreamKeys.CorrectionRequest(TestEvents.SchoolId, request), by);
            e.SetHeader(CommandPipeline.CommandIdHeader, commandId ?? Guid.NewGuid().ToString());
            return e;
        }
        var approvals = ReportCardDiff.Approvals(
        [
            Stored(new HomeroomCorrectionRequested(denied, Term, Guid.NewGuid(), Student, change, "Salah hitung", "", ""), denied, "wali.x1"),
            Stored(new CorrectionDenied(denied, Guid.Empty, Student, HomeroomParts.Attendance, null, null, "Surat belum ada", Term), denied, "kepsek"),
            Stored(new HomeroomCorrectionRequested(approved, Term, Guid.NewGuid(), Student, change, "Surat dokter menyusul", "", ""), approved, "wali.x1"),
            Stored(new CorrectionApproved(approved, Guid.Empty, Student, HomeroomParts.Attendance, null, null, "Surat dokter diterima", Term), approved, "kepsek", command),
        ], new Dictionary<string, string> { ["kepsek"] = "Ibu Kepala", ["wali.x1"] = "Wali X-1" });

        var cause = ReportCardDiff.CausesOf(Stored(new AttendanceRecorded(3, 0, 0), Guid.Empty, "kepsek", command), Student, new Dictionary<Guid, Guid>(),
            new Dictionary<(Guid, string), string>(), new Dictionary<string, string>(), approvals).ShouldHaveSingleItem();

        approvals.Count.ShouldBe(1);
        cause.Reason.ShouldBe("Diubah melalui permintaan koreksi wali kelas: Surat dokter menyusul; disetujui oleh Ibu Kepala: Surat dokter diterima");
        cause.RequestedByName.ShouldBe("Wali X-1");
    }

    /// <summary>The change an approved teacher's request made is the principal's event with the teacher's reason: it names who asked.
    /// The approval's own line is the principal's, with the principal's reason, and names nobody else.</summary>
    [Fact]
    public void a_score_change_an_approved_request_made_names_the_teacher_who_asked_for_it()
    {
        var request = Guid.NewGuid();
        var command = Guid.NewGuid().ToString();
        var subjects = new Dictionary<Guid, Guid> { [Gradebook] = Math };
        var names = new Dictionary<string, string> { ["kepsek"] = "Ibu Kepala", ["guru.mtk"] = "Bambang Matematika" };
        IEvent Stored<T>(T data, string stream, string by, string? commandId = null) where T : notnull
        {
            var e = TestEvents.Stored(data, stream, by, source: EntrySource.Approval);
            e.SetHeader(CommandPipeline.CommandIdHeader, commandId ?? Guid.NewGuid().ToString());
            return e;
        }
        var requestStream = StreamKeys.CorrectionRequest(TestEvents.SchoolId, request);
        var approval = Stored(new CorrectionApproved(request, Gradebook, Student, "tp1", 80, 95, "Lembar jawaban diperiksa"), requestStream, "kepsek", command);
        var approvals = ReportCardDiff.Approvals(
            [Stored(new CorrectionRequested(request, Gradebook, Term, Guid.NewGuid(), Student, "tp1", 80, 95, "Salah ketik"), requestStream, "guru.mtk"), approval],
            names);

        var corrected = ReportCardDiff.CausesOf(Stored(new ScoreCorrected(Student, "tp1", 80, 95, "Salah ketik"), StreamKeys.Gradebook(TestEvents.SchoolId, Gradebook),
            "kepsek", command), Student, subjects, new Dictionary<(Guid, string), string>(), names, approvals).ShouldHaveSingleItem();
        var approved = ReportCardDiff.CausesOf(approval, Student, subjects, new Dictionary<(Guid, string), string>(), names, approvals).ShouldHaveSingleItem();

        (corrected.RequestedByName, corrected.ChangedByName, corrected.Reason, corrected.Score!.RequestedByName)
            .ShouldBe(("Bambang Matematika", "Ibu Kepala", "Salah ketik", "Bambang Matematika"));
        (approved.RequestedByName, approved.Reason).ShouldBe((null, "Lembar jawaban diperiksa"));
    }

    [Fact]
    public void another_students_score_and_a_homeroom_lock_are_no_cause_but_attendance_is()
    {
        var subjects = new Dictionary<Guid, Guid> { [Gradebook] = Math };
        var card = StreamKeys.ReportCard(TestEvents.SchoolId, Term, Student);
        IEnumerable<CardCause> Of<T>(T data, string stream) where T : notnull =>
            ReportCardDiff.CausesOf(TestEvents.Stored(data, stream), Student, subjects, new Dictionary<(Guid, string), string>(), new Dictionary<string, string>());

        Of(new ScoreCorrected(Guid.NewGuid(), "tp1", 80, 95, "x"), StreamKeys.Gradebook(TestEvents.SchoolId, Gradebook)).ShouldBeEmpty();
        Of(new ReportCardLocked(Term, Guid.NewGuid()), card).ShouldBeEmpty();
        Of(new StudentEnrolled(Guid.NewGuid()), StreamKeys.Class(TestEvents.SchoolId, Guid.NewGuid())).ShouldBeEmpty();
        var attendance = Of(new AttendanceRecorded(2, 0, 1), card).ShouldHaveSingleItem();
        (attendance.Section, attendance.What, attendance.ChangedByName).ShouldBe((CardSection.Attendance, "Sakit 2, izin 0, tanpa keterangan 1 hari", "guru.a"));
        Of(new StudentEnrolled(Student), StreamKeys.Class(TestEvents.SchoolId, Guid.NewGuid())).ShouldHaveSingleItem().Section.ShouldBe(CardSection.Identity);
    }

    [Fact]
    public void changes_get_the_causes_of_their_subject_and_a_subject_without_its_own_gets_the_move()
    {
        CardCause Cause(CardSection section, Guid? subject, string what) => new(1, TestEvents.At, "u", "U", "Form", section, subject, what, null);
        var causes = new[] { Cause(CardSection.Subject, Math, "math"), Cause(CardSection.Identity, null, "Pindah masuk kelas") };
        var moment = new CardMoment(1, TestEvents.At);

        var diff = ReportCardDiff.Attach(moment, Card(mathNa: 80, className: "X-1"), moment, Card(mathNa: 84, withBiology: false, className: "X-2"), causes);

        diff.Changes.Single(c => c.Change.SubjectId == Math).Causes.Select(c => c.What).ShouldBe(["math"]);
        diff.Changes.First(c => c.Change.SubjectId == Biology).Causes.Select(c => c.What).ShouldBe(["Pindah masuk kelas"]);
        diff.Changes.Single(c => c.Change.Item == "Kelas").Causes.Select(c => c.What).ShouldBe(["Pindah masuk kelas"]);
    }
}
