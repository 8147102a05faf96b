using ERaport.Tests.Unit.Accounts;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using JasperFx.Events;

namespace ERaport.Tests.Unit.ReportCards;

public class HomeroomCorrectionDecisionTests
{
    private static readonly Guid Ani = Guid.NewGuid();
    private static readonly Guid Budi = Guid.NewGuid();
    private static readonly UserAccount Wali = AccountFixtures.Account("wali.x1", AccountFixtures.HomeroomRole);
    private static readonly UserAccount Principal = AccountFixtures.Account("kepsek", new RoleGrant(Role.Principal, AccountFixtures.TermId, null));
    private static readonly Actor ByWali = new(Wali.UserId, Wali.UserName, TestEvents.SchoolId);
    private static readonly Actor ByPrincipal = new(Principal.UserId, Principal.UserName, TestEvents.SchoolId);
    private static readonly Guid RequestId = Guid.NewGuid();
    private static readonly string RequestKey = StreamKeys.CorrectionRequest(TestEvents.SchoolId, RequestId);

    private static HomeroomState State(ReportCard? aniCard, HomeroomWrite write = HomeroomWrite.Request, UserAccount? by = null, int semester = 1) =>
        new(AccountFixtures.Acting(by ?? (write == HomeroomWrite.Approval ? Principal : Wali)),
            new SchoolClass { ClassId = AccountFixtures.ClassId, TermId = AccountFixtures.TermId, Name = "X-1", Level = 10, Phase = "E", StudentIds = [Ani, Budi] },
            new Term { TermId = AccountFixtures.TermId, SchoolYear = "2026/2027", Semester = semester },
            aniCard is null ? new Dictionary<Guid, ReportCard>() : new Dictionary<Guid, ReportCard> { [Ani] = aniCard },
            write);

    private static ReportCard Card(params object[] events) => Cards.After(events);

    private static readonly ReportCardLocked Locked = new(AccountFixtures.TermId, AccountFixtures.ClassId);

    private static RequestHomeroomCorrection Request(HomeroomChange change, string? reason = "Salah hitung dari buku absen", Guid? student = null) =>
        new(Guid.NewGuid(), RequestId, AccountFixtures.ClassId, student ?? Ani, change, reason, ByWali, EntrySource.Form);

    private static HomeroomChange Days(string sick, string permitted, string unexcused, Attendance? seen) =>
        new(HomeroomParts.Attendance, sick, permitted, unexcused, seen);

    private static MultiDecision Ask(ReportCard? card, RequestHomeroomCorrection c, CorrectionRequest? existing = null, params CorrectionRequest[] waiting) =>
        RequestHomeroomCorrectionHandler.Decide(State(card), existing, waiting, RequestKey, c);

    private static HomeroomCorrectionRequested Requested(MultiDecision d)
    {
        d.IsAccepted.ShouldBeTrue(string.Join("; ", d.Errors.Select(e => e.Message)));
        var stream = d.Streams.ShouldHaveSingleItem();
        stream.StreamKey.ShouldBe(RequestKey);
        stream.IsNew.ShouldBeTrue();
        return stream.Events.ShouldHaveSingleItem().ShouldBeOfType<HomeroomCorrectionRequested>();
    }

    [Fact]
    public void attendance_of_a_locked_card_is_asked_for_with_the_days_as_stored_and_the_days_seen_and_nothing_touches_the_card()
    {
        var card = Card(new AttendanceRecorded(1, 0, 2), Locked);

        var requested = Requested(Ask(card, Request(Days(" 1", "", "0", new Attendance(1, 0, 2)))));

        requested.Change.ShouldBe(new HomeroomChange(HomeroomParts.Attendance, "1", "0", "0", new Attendance(1, 0, 2)));
        requested.Before.ShouldBe("sakit 1, izin 0, tanpa keterangan 2 hari");
        requested.After.ShouldBe("sakit 1, izin 0, tanpa keterangan 0 hari");
        requested.Reason.ShouldBe("Salah hitung dari buku absen");
        (requested.TermId, requested.ClassId, requested.StudentId).ShouldBe((AccountFixtures.TermId, AccountFixtures.ClassId, Ani));
    }

    [Fact]
    public void a_card_that_is_not_locked_is_changed_directly_not_by_request()
    {
        var unlocked = Card(Locked, new ReportCardUnlocked(AccountFixtures.TermId, AccountFixtures.ClassId, "Perbaikan"));
        foreach (var card in new[] { null, unlocked })
        {
            var d = Ask(card, Request(Days("1", "0", "0", null)));
            d.Status.ShouldBe(OutcomeStatus.Conflict);
            d.Errors.ShouldHaveSingleItem().Code.ShouldBe("correction.not_locked");
        }
    }

    [Fact]
    public void only_the_wali_kelas_of_the_class_asks_and_only_for_a_student_of_the_class()
    {
        var card = Card(Locked);
        var teacher = AccountFixtures.Account("guru.mtk", AccountFixtures.TeacherRole);
        RequestHomeroomCorrectionHandler.Decide(State(card, by: teacher), null, [], RequestKey, Request(Days("1", "0", "0", null)))
            .Errors.ShouldHaveSingleItem().Code.ShouldBe("reportCard.not_homeroom_teacher");
        RequestHomeroomCorrectionHandler.Decide(State(card, by: Principal), null, [], RequestKey, Request(Days("1", "0", "0", null)))
            .Status.ShouldBe(OutcomeStatus.Forbidden);
        Ask(card, Request(Days("1", "0", "0", null), student: Guid.NewGuid())).Errors.ShouldHaveSingleItem().Code.ShouldBe("student.not_in_class");
    }

    [Theory]
    [InlineData(null, "correction.reason_required")]
    [InlineData("   ", "correction.reason_required")]
    public void a_request_without_a_reason_is_refused(string? reason, string code)
    {
        var d = Ask(Card(Locked), Request(Days("1", "0", "0", null), reason));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Errors.ShouldHaveSingleItem().Code.ShouldBe(code);
    }

    [Fact]
    public void invalid_days_and_a_missing_reason_are_told_together()
    {
        var d = Ask(Card(Locked), Request(Days("-1", "0", "0", null), reason: ""));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Errors.Select(e => e.Code).ShouldBe(["attendance.sick_invalid", "correction.reason_required"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("nilai")]
    [InlineData("KETIDAKHADIRAN")]
    public void an_unknown_part_is_refused_with_the_parts_that_exist(string? part)
    {
        var d = Ask(Card(Locked), Request(new HomeroomChange(part, Text: "x")));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        var error = d.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("correction.part_unknown");
        error.Message.ShouldContain("ketidakhadiran, kokurikuler, catatan, keputusan, ekstrakurikuler");
    }

    [Fact]
    public void asking_for_what_the_card_already_says_is_no_change()
    {
        var card = Card(new HomeroomNoteWritten("Tingkatkan membaca."), Locked);

        var d = Ask(card, Request(new HomeroomChange(HomeroomParts.HomeroomNote, Text: " Tingkatkan membaca. ", SeenText: "Tingkatkan membaca.")));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Errors.ShouldHaveSingleItem().Code.ShouldBe("correction.no_change");
    }

    [Fact]
    public void a_request_from_a_page_opened_before_the_note_changed_is_stale_and_names_the_current_text()
    {
        var card = Card(new HomeroomNoteWritten("Rajin."), Locked);

        var d = Ask(card, Request(new HomeroomChange(HomeroomParts.HomeroomNote, Text: "Rajin dan teliti.", SeenText: "")));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        var error = d.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(HomeroomRules.NotesStale);
        error.Details!["current"].ShouldBe("Rajin.");
    }

    [Fact]
    public void a_request_id_already_used_is_refused()
    {
        var existing = CorrectionRequest.Create(Requested(Ask(Card(Locked), Request(Days("1", "0", "0", null)))));

        Ask(Card(Locked), Request(Days("2", "0", "0", null)), existing).Errors.ShouldHaveSingleItem().Code.ShouldBe("correction.already_requested");
    }

    [Fact]
    public void a_part_or_line_already_waiting_for_the_principal_is_refused_until_decided_and_another_part_or_line_is_not()
    {
        var entry = Guid.NewGuid();
        var card = Card(new AttendanceRecorded(1, 0, 2), new ExtracurricularAdded(entry, 1, "Pramuka", "Baik", "Aktif"), Locked);
        var seenLine = new ExtracurricularSeen("Pramuka", "Baik", "Aktif");
        var attendance = Pending(card, Days("1", "0", "0", new Attendance(1, 0, 2)));
        var line = Pending(card, new HomeroomChange(HomeroomParts.Extracurricular, Line: new ExtracurricularLine(entry, null, null, null, Remove: true), SeenLine: seenLine));

        var d = Ask(card, Request(Days("2", "0", "0", new Attendance(1, 0, 2))), null, attendance, line);

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        var error = d.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("correction.already_waiting");
        error.Message.ShouldStartWith("Koreksi ketidakhadiran peserta didik ini sudah diajukan dan masih menunggu keputusan kepala sekolah.");
        error.Details!["requestId"].ShouldBe(attendance.RequestId);
        Ask(card, Request(new HomeroomChange(HomeroomParts.Extracurricular, Line: new ExtracurricularLine(entry, "Pramuka", "Sangat baik", "Aktif"),
            SeenLine: seenLine)), null, attendance, line).Errors.ShouldHaveSingleItem().Code.ShouldBe("correction.already_waiting");
        Requested(Ask(card, Request(new HomeroomChange(HomeroomParts.HomeroomNote, Text: "Rajin.", SeenText: "")), null, attendance, line));
        Requested(Ask(card, Request(new HomeroomChange(HomeroomParts.Extracurricular, Line: new ExtracurricularLine(Guid.NewGuid(), "PMR", null, "Anggota"))),
            null, attendance, line));
        attendance.Apply(new Event<CorrectionDenied>(new CorrectionDenied(RequestId, Guid.Empty, Ani, HomeroomParts.Attendance, null, null, "Belum ada surat",
            AccountFixtures.TermId)) { UserName = "kepsek" });
        Requested(Ask(card, Request(Days("2", "0", "0", new Attendance(1, 0, 2))), null, attendance, line));
    }

    [Fact]
    public void kokurikuler_and_promotion_requests_say_before_and_after_in_the_reports_words()
    {
        var kokurikuler = Requested(Ask(Card(new KokurikulerWritten("Aktif dalam proyek."), Locked),
            Request(new HomeroomChange(HomeroomParts.Kokurikuler, Text: "", SeenText: "Aktif dalam proyek."))));
        (kokurikuler.Before, kokurikuler.After).ShouldBe(("Aktif dalam proyek.", "(kosong)"));

        var promotion = RequestHomeroomCorrectionHandler.Decide(State(Card(new PromotionDecided(PromotionKinds.Retained, "Tinggal di kelas X"), Locked), semester: 2),
            null, [], RequestKey, Request(new HomeroomChange(HomeroomParts.Promotion, Text: PromotionKinds.Promoted, SeenText: PromotionKinds.Retained)));
        var promoted = Requested(promotion);
        (promoted.Before, promoted.After).ShouldBe(("Tinggal di kelas X", "Naik ke kelas XI"));
        promoted.Change.ShouldBe(new HomeroomChange(HomeroomParts.Promotion, Text: PromotionKinds.Promoted, SeenText: PromotionKinds.Retained));
    }

    private static CorrectionRequest Pending(ReportCard card, HomeroomChange change) =>
        CorrectionRequest.Create(Requested(Ask(card, Request(change))));

    private static ApproveCorrection Approval(string? reason = "Sesuai buku absen") => new(Guid.NewGuid(), RequestId, reason, ByPrincipal, EntrySource.Form);

    [Fact]
    public void approval_saves_the_change_to_the_locked_card_and_approves_the_request_in_one_decision()
    {
        var card = Card(new AttendanceRecorded(1, 0, 2), Locked);
        var request = Pending(card, Days("1", "0", "0", new Attendance(1, 0, 2)));

        var d = HomeroomCorrection.Approve(State(card, HomeroomWrite.Approval), request, RequestKey, Approval());

        d.IsAccepted.ShouldBeTrue(string.Join("; ", d.Errors.Select(e => e.Message)));
        d.Streams.Select(s => s.StreamKey).ShouldBe([RequestKey, StreamKeys.ReportCard(TestEvents.SchoolId, AccountFixtures.TermId, Ani)]);
        d.Streams[0].Events.ShouldBe([new CorrectionApproved(RequestId, Guid.Empty, Ani, HomeroomParts.Attendance, null, null, "Sesuai buku absen", AccountFixtures.TermId)]);
        d.Streams[1].Events.ShouldBe([new AttendanceRecorded(1, 0, 0, new Attendance(1, 0, 2))]);
    }

    [Fact]
    public void approval_after_the_part_changed_since_the_request_is_stale_and_changes_nothing()
    {
        var card = Card(new AttendanceRecorded(1, 0, 2), Locked);
        var request = Pending(card, Days("1", "0", "0", new Attendance(1, 0, 2)));
        // Unlocked by the principal, changed by the wali kelas, locked again: the request no longer fits.
        var changed = Card(new AttendanceRecorded(1, 0, 2), Locked, new ReportCardUnlocked(AccountFixtures.TermId, AccountFixtures.ClassId, "Perbaikan"),
            new AttendanceRecorded(3, 0, 2), Locked);

        var d = HomeroomCorrection.Approve(State(changed, HomeroomWrite.Approval), request, RequestKey, Approval());

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Streams.ShouldBeEmpty();
        var error = d.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("correction.stale");
        error.Message.ShouldContain("Ketidakhadiran peserta didik ini sudah diubah sejak koreksi diajukan");
        error.Details!["current"].ShouldBe(new Attendance(3, 0, 2));
    }

    [Fact]
    public void only_the_principal_of_the_term_decides_once_with_a_reason()
    {
        var card = Card(Locked);
        var request = Pending(card, Days("1", "0", "0", null));

        HomeroomCorrection.Approve(State(card, HomeroomWrite.Approval, by: Wali), request, RequestKey, Approval()).Status.ShouldBe(OutcomeStatus.Forbidden);
        HomeroomCorrection.Approve(State(card, HomeroomWrite.Approval), request, RequestKey, Approval(" ")).Errors.ShouldHaveSingleItem()
            .Code.ShouldBe("correction.reason_required");
        HomeroomCorrection.Approve(State(card, HomeroomWrite.Approval), null, RequestKey, Approval()).Status.ShouldBe(OutcomeStatus.NotFound);

        var denied = DenyCorrectionHandler.Decide(AccountFixtures.Acting(Principal), request, new DenyCorrection(Guid.NewGuid(), RequestId, "Tidak sesuai", ByPrincipal, EntrySource.Form));
        denied.Events.ShouldBe([new CorrectionDenied(RequestId, Guid.Empty, Ani, HomeroomParts.Attendance, null, null, "Tidak sesuai", AccountFixtures.TermId)]);
        request.Apply(new Event<CorrectionDenied>((CorrectionDenied)denied.Events[0]) { UserName = "kepsek" });
        HomeroomCorrection.Approve(State(card, HomeroomWrite.Approval), request, RequestKey, Approval()).Errors.ShouldHaveSingleItem()
            .Code.ShouldBe("correction.already_decided");
    }

    [Fact]
    public void an_extracurricular_line_is_asked_to_be_revised_added_or_removed_with_the_line_seen()
    {
        var entry = Guid.NewGuid();
        var card = Card(new ExtracurricularAdded(entry, 1, "Pramuka", "Baik", "Aktif"), Locked);
        var seen = new ExtracurricularSeen("Pramuka", "Baik", "Aktif");

        var revised = Requested(Ask(card, Request(new HomeroomChange(HomeroomParts.Extracurricular,
            Line: new ExtracurricularLine(entry, " Pramuka ", "Sangat baik", "Aktif"), SeenLine: seen))));
        (revised.Before, revised.After).ShouldBe(("Pramuka (Baik): Aktif", "Pramuka (Sangat baik): Aktif"));
        revised.Change.SeenLine.ShouldBe(seen);

        var added = Requested(Ask(card, Request(new HomeroomChange(HomeroomParts.Extracurricular,
            Line: new ExtracurricularLine(Guid.NewGuid(), "PMR", null, "Anggota")))));
        (added.Before, added.After).ShouldBe(("(belum ada)", "PMR: Anggota"));

        var removed = Requested(Ask(card, Request(new HomeroomChange(HomeroomParts.Extracurricular,
            Line: new ExtracurricularLine(entry, null, null, null, Remove: true), SeenLine: seen))));
        (removed.Before, removed.After).ShouldBe(("Pramuka (Baik): Aktif", "(dihapus)"));

        Ask(card, Request(new HomeroomChange(HomeroomParts.Extracurricular))).Errors.ShouldHaveSingleItem().Code.ShouldBe("correction.line_missing");
    }

    [Fact]
    public void an_approved_extracurricular_removal_takes_the_line_off_the_locked_card()
    {
        var entry = Guid.NewGuid();
        var card = Card(new ExtracurricularAdded(entry, 1, "Pramuka", "Baik", "Aktif"), Locked);
        var request = Pending(card, new HomeroomChange(HomeroomParts.Extracurricular, Line: new ExtracurricularLine(entry, null, null, null, Remove: true),
            SeenLine: new ExtracurricularSeen("Pramuka", "Baik", "Aktif")));

        var d = HomeroomCorrection.Approve(State(card, HomeroomWrite.Approval), request, RequestKey, Approval());

        d.Streams[1].Events.ShouldBe([new ExtracurricularRemoved(entry, "Pramuka")]);
    }
}
