using ERaport.Tests.Unit.Accounts;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.ReportCards;

public class HomeroomDecisionTests
{
    private static readonly Guid Ani = Guid.NewGuid();
    private static readonly Guid Budi = Guid.NewGuid();
    private static readonly UserAccount Wali = AccountFixtures.Account("wali.x1", AccountFixtures.HomeroomRole);
    private static readonly Actor By = new(Wali.UserId, Wali.UserName, TestEvents.SchoolId);

    private static HomeroomState State(
        UserAccount? by = null, int semester = 1, int level = 10, IReadOnlyDictionary<Guid, ReportCard>? cards = null) =>
        new(AccountFixtures.Acting(by ?? Wali),
            new SchoolClass { ClassId = AccountFixtures.ClassId, TermId = AccountFixtures.TermId, Name = "X-1", Level = level, Phase = "E", StudentIds = [Ani, Budi] },
            new Term { TermId = AccountFixtures.TermId, SchoolYear = "2026/2027", Semester = semester },
            cards ?? new Dictionary<Guid, ReportCard>());

    private static RecordAttendance Attendance(params AttendanceEntry[] entries) =>
        new(Guid.NewGuid(), AccountFixtures.ClassId, entries, By, EntrySource.Form);

    private static ReportCard Card(params object[] events)
    {
        var card = new ReportCard();
        foreach (var e in events)
            ((dynamic)card).Apply((dynamic)e);
        return card;
    }

    [Fact]
    public void a_class_attendance_save_appends_one_event_to_each_changed_students_card_and_starts_new_cards()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Budi] = Card(new AttendanceRecorded(1, 0, 0)) };
        var d = RecordAttendanceHandler.Decide(State(cards: cards), Attendance(new AttendanceEntry(Ani, "2", "", " 1 "), new(Budi, "1", null, null)));

        d.IsAccepted.ShouldBeTrue();
        d.Changes.ShouldBe(1);
        var only = d.Streams.ShouldHaveSingleItem();
        only.StreamKey.ShouldBe(StreamKeys.ReportCard(TestEvents.SchoolId, AccountFixtures.TermId, Ani));
        only.IsNew.ShouldBeTrue();
        only.Events.ShouldBe([new AttendanceRecorded(2, 0, 1)]);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("2,5")]
    [InlineData("abc")]
    [InlineData("151")]
    public void attendance_that_is_not_whole_days_within_a_semester_rejects_the_whole_save(string typed)
    {
        var d = RecordAttendanceHandler.Decide(State(), Attendance(new AttendanceEntry(Ani, "3", null, null), new(Budi, null, typed, null)));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Streams.ShouldBeEmpty();
        var error = d.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("attendance.permitted_invalid");
        error.Details!["studentId"].ShouldBe(Budi);
    }

    [Fact]
    public void more_absent_days_in_total_than_a_semester_has_is_rejected()
    {
        RecordAttendanceHandler.Decide(State(), Attendance(new AttendanceEntry(Ani, "100", "40", "20"))).Errors.ShouldHaveSingleItem()
            .Code.ShouldBe("attendance.total_too_high");
    }

    [Fact]
    public void a_subject_teacher_or_the_wali_kelas_of_another_class_or_term_is_refused()
    {
        var teacher = AccountFixtures.Account("guru.mtk", AccountFixtures.TeacherRole);
        var otherClass = AccountFixtures.Account("wali.x2", new RoleGrant(Role.HomeroomTeacher, AccountFixtures.TermId, Guid.NewGuid()));
        var otherTerm = AccountFixtures.Account("wali.lalu", new RoleGrant(Role.HomeroomTeacher, Guid.NewGuid(), AccountFixtures.ClassId));
        foreach (var by in new[] { teacher, otherClass, otherTerm, AccountFixtures.Admin() })
        {
            var d = RecordAttendanceHandler.Decide(State(by), Attendance(new AttendanceEntry(Ani, "1", null, null)));
            d.Status.ShouldBe(OutcomeStatus.Forbidden, by.UserName);
            d.Errors.ShouldHaveSingleItem().Code.ShouldBe("reportCard.not_homeroom_teacher");
        }
    }

    [Fact]
    public void a_disabled_wali_kelas_is_refused()
    {
        var disabled = AccountFixtures.Account("wali.nonaktif", AccountFixtures.HomeroomRole).With(new UserDisabled(null));
        RecordAttendanceHandler.Decide(State(disabled), Attendance(new AttendanceEntry(Ani, "1", null, null))).Status.ShouldBe(OutcomeStatus.Forbidden);
    }

    [Fact]
    public void a_student_of_another_class_is_rejected()
    {
        var d = RecordAttendanceHandler.Decide(State(), Attendance(new AttendanceEntry(Guid.NewGuid(), "1", null, null)));
        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Errors.ShouldHaveSingleItem().Code.ShouldBe("student.not_in_class");
    }

    [Fact]
    public void a_student_named_twice_in_one_save_is_rejected()
    {
        RecordAttendanceHandler.Decide(State(), Attendance(new AttendanceEntry(Ani, "1", null, null), new(Ani, "2", null, null)))
            .Errors.ShouldHaveSingleItem().Code.ShouldBe("student.duplicate");
    }

    [Fact]
    public void every_homeroom_decision_refuses_a_locked_card_until_it_is_unlocked()
    {
        var termId = AccountFixtures.TermId;
        var locked = new Dictionary<Guid, ReportCard> { [Ani] = Card(new ReportCardLocked(termId, AccountFixtures.ClassId)) };
        var decisions = new[]
        {
            RecordAttendanceHandler.Decide(State(cards: locked), Attendance(new AttendanceEntry(Ani, "1", null, null))),
            WriteHomeroomNotesHandler.Decide(State(cards: locked), new(Guid.NewGuid(), AccountFixtures.ClassId, [new(Ani, "Baik", null)], By, EntrySource.Form)),
            SaveExtracurricularHandler.Decide(State(cards: locked), new(Guid.NewGuid(), AccountFixtures.ClassId, Ani, Guid.NewGuid(), "Pramuka", null, "Aktif", By, EntrySource.Form)),
            RemoveExtracurricularHandler.Decide(State(cards: locked), new(Guid.NewGuid(), AccountFixtures.ClassId, Ani, Guid.NewGuid(), By, EntrySource.Form)),
            DecidePromotionsHandler.Decide(State(semester: 2, cards: locked), new(Guid.NewGuid(), AccountFixtures.ClassId, [new(Ani, "promoted")], By, EntrySource.Form)),
        };
        foreach (var d in decisions)
        {
            d.Status.ShouldBe(OutcomeStatus.Conflict);
            d.Errors.ShouldHaveSingleItem().Code.ShouldBe(ReportCardLock.LockedCode);
        }

        var unlocked = new Dictionary<Guid, ReportCard> { [Ani] = Card(new ReportCardLocked(termId, AccountFixtures.ClassId), new ReportCardUnlocked(termId, AccountFixtures.ClassId, "Salah ketik")) };
        RecordAttendanceHandler.Decide(State(cards: unlocked), Attendance(new AttendanceEntry(Ani, "1", null, null))).IsAccepted.ShouldBeTrue();
    }

    [Fact]
    public void notes_change_only_the_texts_sent_and_an_empty_text_clears()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new KokurikulerWritten("Lama"), new HomeroomNoteWritten("Tetap")) };
        var d = WriteHomeroomNotesHandler.Decide(State(cards: cards),
            new(Guid.NewGuid(), AccountFixtures.ClassId, [new(Ani, "", "Tetap"), new(Budi, null, "  Rajin\r\nbelajar  ")], By, EntrySource.Form));

        d.Streams.Select(s => s.Events.Single()).ShouldBe([new KokurikulerWritten(""), new HomeroomNoteWritten("Rajin\nbelajar")]);
    }

    [Fact]
    public void a_kokurikuler_description_of_a_thousand_characters_is_kept_whole()
    {
        var text = new string('a', 1500);
        WriteHomeroomNotesHandler.Decide(State(), new(Guid.NewGuid(), AccountFixtures.ClassId, [new(Ani, text, null)], By, EntrySource.Form))
            .Streams.Single().Events.ShouldBe([new KokurikulerWritten(text)]);
    }

    [Fact]
    public void an_extracurricular_is_added_with_the_next_number_then_revised_in_place_and_an_unchanged_save_does_nothing()
    {
        var entry = Guid.NewGuid();
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new ExtracurricularAdded(Guid.NewGuid(), 1, "Pramuka", "Baik", "Aktif")) };
        SaveExtracurricularHandler.Decide(State(cards: cards), new(Guid.NewGuid(), AccountFixtures.ClassId, Ani, entry, " Paskibra ", "", "Disiplin", By, EntrySource.Form))
            .Streams.Single().Events.ShouldBe([new ExtracurricularAdded(entry, 2, "Paskibra", null, "Disiplin")]);

        cards[Ani] = Card(new ExtracurricularAdded(entry, 1, "Pramuka", null, "Aktif"));
        SaveExtracurricularHandler.Decide(State(cards: cards), new(Guid.NewGuid(), AccountFixtures.ClassId, Ani, entry, "Pramuka", "Sangat Baik", "Aktif", By, EntrySource.Form))
            .Streams.Single().Events.ShouldBe([new ExtracurricularRevised(entry, 1, "Pramuka", "Sangat Baik", "Aktif")]);
        SaveExtracurricularHandler.Decide(State(cards: cards), new(Guid.NewGuid(), AccountFixtures.ClassId, Ani, entry, "Pramuka", null, "Aktif", By, EntrySource.Form))
            .Streams.ShouldBeEmpty();
    }

    [Fact]
    public void an_extracurricular_without_activity_or_description_is_rejected()
    {
        SaveExtracurricularHandler.Decide(State(), new(Guid.NewGuid(), AccountFixtures.ClassId, Ani, Guid.NewGuid(), " ", null, "", By, EntrySource.Form))
            .Errors.Select(e => e.Code).ShouldBe(["activity.required", "description.required"]);
    }

    [Fact]
    public void removing_an_extracurricular_that_is_not_there_is_not_found()
    {
        RemoveExtracurricularHandler.Decide(State(), new(Guid.NewGuid(), AccountFixtures.ClassId, Ani, Guid.NewGuid(), By, EntrySource.Form))
            .Status.ShouldBe(OutcomeStatus.NotFound);
    }

    [Fact]
    public void promotion_is_refused_in_semester_1()
    {
        var d = DecidePromotionsHandler.Decide(State(semester: 1), new(Guid.NewGuid(), AccountFixtures.ClassId, [new(Ani, "promoted")], By, EntrySource.Form));
        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Errors.ShouldHaveSingleItem().Code.ShouldBe("promotion.semester_2_only");
    }

    [Theory]
    [InlineData(10, "promoted", "Naik ke kelas XI")]
    [InlineData(11, "retained", "Tinggal di kelas XI")]
    [InlineData(11, "promoted", "Naik ke kelas XII")]
    [InlineData(12, "graduated", "Lulus")]
    [InlineData(12, "not_graduated", "Tidak Lulus")]
    [InlineData(5, "promoted", "Naik ke kelas VI")]
    [InlineData(6, "graduated", "Lulus")]
    [InlineData(8, "promoted", "Naik ke kelas IX")]
    [InlineData(9, "graduated", "Lulus")]
    [InlineData(13, "not_graduated", "Tidak Lulus")]
    public void a_semester_2_promotion_is_worded_for_the_class_level(int level, string kind, string wording)
    {
        DecidePromotionsHandler.Decide(State(semester: 2, level: level), new(Guid.NewGuid(), AccountFixtures.ClassId, [new(Ani, kind)], By, EntrySource.Form))
            .Streams.Single().Events.ShouldBe([new PromotionDecided(kind, wording)]);
    }

    [Theory]
    [InlineData(12, "promoted")]
    [InlineData(6, "promoted")]
    [InlineData(9, "retained")]
    [InlineData(10, "graduated")]
    [InlineData(10, "naik")]
    public void a_promotion_that_does_not_fit_the_level_is_rejected(int level, string kind)
    {
        DecidePromotionsHandler.Decide(State(semester: 2, level: level), new(Guid.NewGuid(), AccountFixtures.ClassId, [new(Ani, "promoted"), new(Budi, kind)], By, EntrySource.Form))
            .Errors.ShouldContain(e => e.Code == "promotion.kind_invalid");
    }

    [Fact]
    public void a_blank_promotion_withdraws_a_decision_that_was_made()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new PromotionDecided("promoted", "Naik ke kelas XI")) };
        DecidePromotionsHandler.Decide(State(semester: 2, cards: cards), new(Guid.NewGuid(), AccountFixtures.ClassId, [new(Ani, ""), new(Budi, " ")], By, EntrySource.Form))
            .Streams.Single().Events.ShouldBe([new PromotionCleared()]);
    }
}
