using ERaport.Tests.Unit.Accounts;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.ReportCards;

public partial class HomeroomDecisionTests
{
    private static readonly Guid Ani = Guid.NewGuid();
    private static readonly Guid Budi = Guid.NewGuid();
    private static readonly UserAccount Wali = AccountFixtures.Account("wali.x1", AccountFixtures.HomeroomRole);
    private static readonly Actor By = new(Wali.UserId, Wali.UserName, TestEvents.SchoolId);

    private static HomeroomState State(
        UserAccount? by = null, int semester = 1, int level = 10, IReadOnlyDictionary<Guid, ReportCard>? cards = null, int lastLevel = 12) =>
        new(AccountFixtures.Acting(by ?? Wali),
            new SchoolClass { ClassId = AccountFixtures.ClassId, TermId = AccountFixtures.TermId, Name = "X-1", Level = level, Phase = "E", StudentIds = [Ani, Budi] },
            new Term { TermId = AccountFixtures.TermId, SchoolYear = "2026/2027", Semester = semester },
            cards ?? new Dictionary<Guid, ReportCard>(), LastLevel: lastLevel);

    private static RecordAttendance Attendance(params AttendanceEntry[] entries) =>
        new(Guid.NewGuid(), AccountFixtures.ClassId, entries, By, EntrySource.Form);

    private static ReportCard Card(params object[] events) => Cards.After(events);

    [Fact]
    public void a_text_over_the_limit_names_the_limit_in_indonesian_digits()
    {
        var (_, error) = HomeroomRules.FreeText(new string('a', HomeroomRules.MaxTextLength + 1), "homeroomNote", "Catatan wali kelas", Ani);

        error!.Message.ShouldBe($"Catatan wali kelas paling banyak {HomeroomRules.MaxTextLength / 1000}.000 karakter.");
    }

    /// <summary>A bidi override shows a note reversed on screen ("Trojan source"), so the wali kelas's note, a description or a
    /// reason could read one way and be stored another; line breaks and tabs stay allowed in a text area.</summary>
    [Theory]
    [InlineData("Rajin \u202Ekajaj")]
    [InlineData("Rajin\u200Bbelajar")]
    [InlineData("\u2066Rajin\u2069")]
    public void a_free_text_with_invisible_formatting_is_refused(string typed)
    {
        HomeroomRules.FreeText(typed, "homeroomNote", "Catatan wali kelas", Ani).Error!.Code.ShouldBe("homeroomNote.invalid_characters");
        EditDescriptionHandler.TextError(typed)!.Code.ShouldBe("description.invalid_characters");
        HomeroomRules.FreeText("Rajin belajar.\n\tTekun.", "homeroomNote", "Catatan wali kelas", Ani).Error.ShouldBeNull();
    }

    /// <summary>An invisible character cannot be found by looking: it comes along with text copied from a web page, a chat or a
    /// document. The message names it and where it is.</summary>
    [Fact]
    public void a_text_refused_for_an_invisible_character_says_which_one_and_after_what()
    {
        Rules.Required("Adi\u200BNugroho", "name", "Nama")!.Message.ShouldBe(
            "Nama berisi karakter tak terlihat (U+200B) sesudah “Adi”; hapus lalu ketik ulang bagian itu.");
        Rules.Required("\uFEFFAdi", "name", "Nama")!.Message.ShouldBe(
            "Nama berisi karakter tak terlihat (U+FEFF) di awal; hapus lalu ketik ulang bagian itu.");
        HomeroomRules.FreeText("Ananda sangat rajin dan tekun\u202E belajar", "homeroomNote", "Catatan wali kelas", Ani).Error!.Message.ShouldBe(
            "Catatan wali kelas berisi karakter tak terlihat (U+202E) sesudah “…rajin dan tekun”; hapus lalu ketik ulang bagian itu.");
        Rules.Required("Adi <b>", "name", "Nama")!.Message.ShouldBe("Nama tidak boleh berisi tanda < atau > (sesudah “Adi”).");
    }

    [Fact]
    public void a_required_text_over_the_limit_names_the_limit_in_indonesian_digits()
    {
        Rules.Required(new string('a', 1001), "name", "Nama", maxLength: 1000)!.Message.ShouldBe("Nama paling banyak 1.000 karakter.");
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

    [Fact]
    public void a_first_entry_of_zero_days_is_recorded_so_a_card_never_entered_can_be_told_from_one_never_absent()
    {
        var first = RecordAttendanceHandler.Decide(State(), Attendance(new AttendanceEntry(Ani, "0", "", null), new(Budi, "1", null, null)));

        first.Changes.ShouldBe(2);
        first.Streams.SelectMany(x => x.Events).ShouldBe([new AttendanceRecorded(0, 0, 0), new AttendanceRecorded(1, 0, 0)]);
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new AttendanceRecorded(0, 0, 0)), [Budi] = Card(new AttendanceRecorded(1, 0, 0)) };
        var again = RecordAttendanceHandler.Decide(State(cards: cards),
            Attendance(new AttendanceEntry(Ani, "0", "0", "0", new Attendance(0, 0, 0)), new(Budi, "1", null, null, new Attendance(1, 0, 0))));
        again.IsAccepted.ShouldBeTrue();
        again.Changes.ShouldBe(0);
        // A row the grid showed as never saved and left as it was: entered now, unless entered meanwhile (theirs stands).
        var untouched = new AttendanceEntry(Ani, "0", "0", "0", new Attendance(0, 0, 0), IfNeverEntered: true);
        RecordAttendanceHandler.Decide(State(), Attendance(untouched)).Streams.Single().Events.ShouldBe([new AttendanceRecorded(0, 0, 0)]);
        var meanwhile = RecordAttendanceHandler.Decide(State(cards: new Dictionary<Guid, ReportCard> { [Ani] = Card(new AttendanceRecorded(3, 0, 0)) }),
            Attendance(untouched));
        meanwhile.IsAccepted.ShouldBeTrue("no conflict: nothing was typed over it");
        meanwhile.Changes.ShouldBe(0);
        // A card that exists for another part (a note written) has no attendance entered yet either.
        var noted = new Dictionary<Guid, ReportCard> { [Ani] = Card(new HomeroomNoteWritten("Rajin")) };
        RecordAttendanceHandler.Decide(State(cards: noted), Attendance(new AttendanceEntry(Ani, "0", "0", "0"))).Streams.Single().Events
            .ShouldBe([new AttendanceRecorded(0, 0, 0)]);
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
    public void more_absent_days_in_total_than_a_semester_has_is_rejected_saying_the_total_typed()
    {
        var error = RecordAttendanceHandler.Decide(State(), Attendance(new AttendanceEntry(Ani, "100", "40", "20"))).Errors.ShouldHaveSingleItem();

        error.Code.ShouldBe("attendance.total_too_high");
        // Only one of the three cells is the typo (100 for 10): the total and its parts point at it.
        error.Message.ShouldBe("Jumlah hari tidak hadir paling banyak 150; yang diisi 160 (sakit 100, izin 40, tanpa keterangan 20).");
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
            AddExtracurricularToClassHandler.Decide(State(cards: locked), ForClass("Pramuka", "Baik", "Aktif", new ExtracurricularParticipant(Ani))),
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
    public void notes_change_only_the_texts_sent_and_an_empty_text_clears_each_keeping_the_text_it_replaced()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new KokurikulerWritten("Lama"), new HomeroomNoteWritten("Tetap")) };
        var d = WriteHomeroomNotesHandler.Decide(State(cards: cards),
            new(Guid.NewGuid(), AccountFixtures.ClassId, [new(Ani, "", "Tetap", SeenKokurikuler: "Lama"), new(Budi, null, "  Rajin\r\nbelajar  ")], By, EntrySource.Form));

        d.Streams.Select(s => s.Events.Single()).ShouldBe([new KokurikulerWritten("", "Lama"), new HomeroomNoteWritten("Rajin\nbelajar", "")]);
    }

    [Fact]
    public void a_kokurikuler_description_of_a_thousand_characters_is_kept_whole()
    {
        var text = new string('a', 1500);
        WriteHomeroomNotesHandler.Decide(State(), new(Guid.NewGuid(), AccountFixtures.ClassId, [new(Ani, text, null)], By, EntrySource.Form))
            .Streams.Single().Events.ShouldBe([new KokurikulerWritten(text, "")]);
    }

    [Fact]
    public void an_extracurricular_is_added_with_the_next_number_then_revised_in_place_and_an_unchanged_save_does_nothing()
    {
        var entry = Guid.NewGuid();
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new ExtracurricularAdded(Guid.NewGuid(), 1, "Pramuka", "Baik", "Aktif")) };
        SaveExtracurricularHandler.Decide(State(cards: cards), new(Guid.NewGuid(), AccountFixtures.ClassId, Ani, entry, " Paskibra ", "", "Disiplin", By, EntrySource.Form))
            .Streams.Single().Events.ShouldBe([new ExtracurricularAdded(entry, 2, "Paskibra", null, "Disiplin")]);

        cards[Ani] = Card(new ExtracurricularAdded(entry, 1, "Pramuka", null, "Aktif"));
        SaveExtracurricularHandler.Decide(State(cards: cards), new(Guid.NewGuid(), AccountFixtures.ClassId, Ani, entry, "Pramuka", "Sangat Baik", "Aktif", By, EntrySource.Form,
                new ExtracurricularSeen("Pramuka", "", "Aktif")))
            .Streams.Single().Events.ShouldBe([new ExtracurricularRevised(entry, 1, "Pramuka", "Sangat Baik", "Aktif",
                new Extracurricular(entry, 1, "Pramuka", null, "Aktif"))], "the line it replaced too");
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

    [Theory]
    [InlineData(12, "promoted", "Naik ke kelas XIII")]
    [InlineData(12, "retained", "Tinggal di kelas XII")]
    [InlineData(13, "graduated", "Lulus")]
    [InlineData(13, "not_graduated", "Tidak Lulus")]
    [InlineData(11, "promoted", "Naik ke kelas XII")]
    [InlineData(9, "graduated", "Lulus")]
    public void in_a_four_year_smk_class_xii_moves_up_to_xiii_and_xiii_graduates(int level, string kind, string wording)
    {
        DecidePromotionsHandler.Decide(State(semester: 2, level: level, lastLevel: 13), Promotions(new PromotionEntry(Ani, kind)))
            .Streams.Single().Events.ShouldBe([new PromotionDecided(kind, wording)]);
    }

    [Theory]
    [InlineData(12, "graduated", "Pilih naik kelas atau tinggal di kelas.")]
    [InlineData(12, "not_graduated", "Pilih naik kelas atau tinggal di kelas.")]
    [InlineData(13, "promoted", "Kelas akhir: pilih Lulus atau Tidak Lulus.")]
    public void in_a_four_year_smk_class_xii_cannot_graduate_and_xiii_cannot_move_up(int level, string kind, string message)
    {
        DecidePromotionsHandler.Decide(State(semester: 2, level: level, lastLevel: 13), Promotions(new PromotionEntry(Ani, kind)))
            .Errors.ShouldHaveSingleItem().Message.ShouldBe(message);
    }

    [Theory]
    [InlineData(12, 12, true)]
    [InlineData(13, 12, true)]
    [InlineData(11, 12, false)]
    [InlineData(12, 13, false)]
    [InlineData(13, 13, true)]
    [InlineData(6, 13, true)]
    [InlineData(9, 13, true)]
    [InlineData(10, 13, false)]
    public void the_final_year_is_the_schools_last_level_or_the_last_of_sd_and_smp(int level, int lastLevel, bool final)
    {
        PromotionKinds.IsFinal(level, lastLevel).ShouldBe(final);
    }

    [Fact]
    public void a_blank_promotion_withdraws_a_decision_that_was_made_keeping_the_decision_withdrawn()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new PromotionDecided("promoted", "Naik ke kelas XI")) };
        DecidePromotionsHandler.Decide(State(semester: 2, cards: cards), new(Guid.NewGuid(), AccountFixtures.ClassId, [new(Ani, "", "promoted"), new(Budi, " ")], By, EntrySource.Form))
            .Streams.Single().Events.ShouldBe([new PromotionCleared(new Promotion("promoted", "Naik ke kelas XI"))]);
    }

    private static WriteHomeroomNotes Notes(params HomeroomNoteEntry[] entries) => new(Guid.NewGuid(), AccountFixtures.ClassId, entries, By, EntrySource.Form);

    private static DecidePromotions Promotions(params PromotionEntry[] entries) => new(Guid.NewGuid(), AccountFixtures.ClassId, entries, By, EntrySource.Form);

    private static void ShouldBeStale(MultiDecision d, string code, Guid studentId, object? current)
    {
        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Streams.ShouldBeEmpty("all or nothing: the fresh entries are not stored either");
        var error = d.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(code);
        error.Message.ShouldContain("sudah diubah sejak halaman ini dibuka");
        error.Details!["studentId"].ShouldBe(studentId);
        error.Details["current"].ShouldBe(current);
    }

    [Fact]
    public void attendance_changed_since_the_sender_saw_it_is_a_conflict_with_the_current_days_and_nothing_is_stored()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new AttendanceRecorded(1, 2, 0)) };

        var d = RecordAttendanceHandler.Decide(State(cards: cards), Attendance(
            new AttendanceEntry(Ani, "3", "0", "0", new Attendance(1, 0, 0)), new(Budi, "1", "0", "0", new Attendance(0, 0, 0))));

        ShouldBeStale(d, "attendance.stale", Ani, new Attendance(1, 2, 0));
        d.Errors[0].Message.ShouldContain("kini sakit 1, izin 2, tanpa keterangan 0 hari");
    }

    [Fact]
    public void attendance_without_a_seen_value_counts_as_seen_empty_so_it_cannot_overwrite_recorded_days()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new AttendanceRecorded(1, 0, 0)) };

        ShouldBeStale(RecordAttendanceHandler.Decide(State(cards: cards), Attendance(new AttendanceEntry(Ani, "0", "0", "0"))),
            "attendance.stale", Ani, new Attendance(1, 0, 0));
        RecordAttendanceHandler.Decide(State(), Attendance(new AttendanceEntry(Ani, "2", null, null))).Streams.Single().Events
            .ShouldBe([new AttendanceRecorded(2, 0, 0)]);
    }

    [Fact]
    public void attendance_changed_from_the_days_still_on_the_card_is_saved_with_the_days_it_replaced()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new AttendanceRecorded(1, 2, 0)) };

        RecordAttendanceHandler.Decide(State(cards: cards), Attendance(new AttendanceEntry(Ani, "3", "2", "0", new Attendance(1, 2, 0))))
            .Streams.Single().Events.ShouldBe([new AttendanceRecorded(3, 2, 0, new Attendance(1, 2, 0))]);
        // A first entry replaced none: 0 days then were no entry.
        RecordAttendanceHandler.Decide(State(), Attendance(new AttendanceEntry(Ani, "3", "2", "0"))).Streams.Single().Events
            .ShouldBe([new AttendanceRecorded(3, 2, 0)]);
    }

    [Fact]
    public void attendance_already_as_typed_is_no_change_whatever_the_sender_saw()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new AttendanceRecorded(1, 2, 0)) };

        var d = RecordAttendanceHandler.Decide(State(cards: cards), Attendance(new AttendanceEntry(Ani, "1", "2", "", new Attendance(5, 5, 5))));

        d.IsAccepted.ShouldBeTrue();
        d.Streams.ShouldBeEmpty();
    }

    [Fact]
    public void an_invalid_row_and_a_stale_row_are_both_reported_and_nothing_is_stored()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new AttendanceRecorded(1, 0, 0)) };

        var d = RecordAttendanceHandler.Decide(State(cards: cards), Attendance(new AttendanceEntry(Ani, "2", "0", "0"), new(Budi, "dua", "0", "0")));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Streams.ShouldBeEmpty();
        d.Errors.Select(e => e.Code).ShouldBe(["attendance.sick_invalid", "attendance.stale"]);
    }

    [Fact]
    public void a_note_written_elsewhere_since_the_page_was_opened_is_a_conflict_and_nothing_is_stored()
    {
        // The wali kelas wrote Ani's note on her phone; the laptop tab still shows it empty and sends it cleared.
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new HomeroomNoteWritten("Ditulis di ponsel")) };

        var d = WriteHomeroomNotesHandler.Decide(State(cards: cards), Notes(
            new HomeroomNoteEntry(Ani, null, "", SeenHomeroomNote: ""), new(Budi, null, "Rajin", SeenHomeroomNote: "")));

        ShouldBeStale(d, "notes.stale", Ani, "Ditulis di ponsel");
        d.Errors[0].Details!["field"].ShouldBe("homeroomNote");
        d.Errors[0].Message.ShouldContain("Catatan wali kelas sudah diubah");
        d.Errors[0].Message.ShouldContain("kini \"Ditulis di ponsel\"");
    }

    [Fact]
    public void a_note_changed_from_the_text_still_on_the_card_is_saved_however_the_browser_sent_its_line_breaks()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new KokurikulerWritten("Baris satu\nbaris dua"), new HomeroomNoteWritten("Lama")) };

        WriteHomeroomNotesHandler.Decide(State(cards: cards), Notes(new HomeroomNoteEntry(Ani, "Baru", "Lama juga", "Baris satu\r\nbaris dua ", "Lama")))
            .Streams.Single().Events.ShouldBe([new KokurikulerWritten("Baru", "Baris satu\nbaris dua"), new HomeroomNoteWritten("Lama juga", "Lama")]);
    }

    [Fact]
    public void a_note_already_as_typed_is_no_change_and_a_text_not_sent_is_not_checked()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new KokurikulerWritten("Sama"), new HomeroomNoteWritten("Ditulis di ponsel")) };

        var d = WriteHomeroomNotesHandler.Decide(State(cards: cards), Notes(new HomeroomNoteEntry(Ani, "Sama", null, SeenKokurikuler: "Dulu")));

        d.IsAccepted.ShouldBeTrue();
        d.Streams.ShouldBeEmpty();
    }

    [Fact]
    public void a_promotion_decided_elsewhere_since_the_page_was_opened_is_a_conflict_and_withdrawing_it_too()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new PromotionDecided("retained", "Tinggal di kelas X")) };

        var changed = DecidePromotionsHandler.Decide(State(semester: 2, cards: cards), Promotions(new PromotionEntry(Ani, "promoted", ""), new(Budi, "promoted")));
        ShouldBeStale(changed, "promotion.stale", Ani, "retained");
        changed.Errors[0].Message.ShouldContain("kini \"Tinggal di kelas X\", yang Anda lihat belum diputuskan");

        ShouldBeStale(DecidePromotionsHandler.Decide(State(semester: 2, cards: cards), Promotions(new PromotionEntry(Ani, "", "promoted"))),
            "promotion.stale", Ani, "retained");
    }

    [Fact]
    public void a_promotion_changed_from_the_decision_still_on_the_card_is_saved_with_the_decision_it_replaced_and_one_already_so_is_no_change()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new PromotionDecided("retained", "Tinggal di kelas X")) };

        DecidePromotionsHandler.Decide(State(semester: 2, cards: cards), Promotions(new PromotionEntry(Ani, "promoted", "retained")))
            .Streams.Single().Events.ShouldBe([new PromotionDecided("promoted", "Naik ke kelas XI", new Promotion("retained", "Tinggal di kelas X"))]);
        var same = DecidePromotionsHandler.Decide(State(semester: 2, cards: cards), Promotions(new PromotionEntry(Ani, "retained", "promoted")));
        same.IsAccepted.ShouldBeTrue();
        same.Streams.ShouldBeEmpty();
    }

    [Fact]
    public void an_extracurricular_revised_elsewhere_since_the_page_was_opened_is_a_conflict_and_a_revision_without_what_was_seen_too()
    {
        var entry = Guid.NewGuid();
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new ExtracurricularAdded(entry, 1, "Pramuka", null, "Aktif"), new ExtracurricularRevised(entry, 1, "Pramuka", null, "Memimpin regu")) };
        SaveExtracurricular Revise(ExtracurricularSeen? seen) =>
            new(Guid.NewGuid(), AccountFixtures.ClassId, Ani, entry, "Pramuka", "Baik", "Aktif", By, EntrySource.Form, seen);

        var stale = SaveExtracurricularHandler.Decide(State(cards: cards), Revise(new ExtracurricularSeen("Pramuka", null, "Aktif")));
        ShouldBeStale(stale, "extracurricular.stale", Ani, new Extracurricular(entry, 1, "Pramuka", null, "Memimpin regu"));
        stale.Errors[0].Message.ShouldContain("kini \"Pramuka: Memimpin regu\"");
        SaveExtracurricularHandler.Decide(State(cards: cards), Revise(null)).Errors.ShouldHaveSingleItem().Code.ShouldBe("extracurricular.stale");
        SaveExtracurricularHandler.Decide(State(cards: cards), Revise(new ExtracurricularSeen(" Pramuka ", "", "Memimpin regu\r\n")))
            .Streams.Single().Events.ShouldBe([new ExtracurricularRevised(entry, 1, "Pramuka", "Baik", "Aktif",
                new Extracurricular(entry, 1, "Pramuka", null, "Memimpin regu"))]);
    }

    [Fact]
    public void removing_an_extracurricular_changed_since_the_page_was_opened_or_without_saying_what_was_seen_is_a_conflict()
    {
        var entry = Guid.NewGuid();
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new ExtracurricularAdded(entry, 1, "Pramuka", null, "Aktif"), new ExtracurricularRevised(entry, 1, "Pramuka", null, "Memimpin regu")) };
        RemoveExtracurricular Remove(ExtracurricularSeen? seen) => new(Guid.NewGuid(), AccountFixtures.ClassId, Ani, entry, By, EntrySource.Form, seen);

        var stale = RemoveExtracurricularHandler.Decide(State(cards: cards), Remove(new ExtracurricularSeen("Pramuka", null, "Aktif")));
        ShouldBeStale(stale, "extracurricular.stale", Ani, new Extracurricular(entry, 1, "Pramuka", null, "Memimpin regu"));
        stale.Errors[0].Message.ShouldContain("kini \"Pramuka: Memimpin regu\"");
        ShouldBeStale(RemoveExtracurricularHandler.Decide(State(cards: cards), Remove(null)), "extracurricular.stale", Ani,
            new Extracurricular(entry, 1, "Pramuka", null, "Memimpin regu"));

        RemoveExtracurricularHandler.Decide(State(cards: cards), Remove(new ExtracurricularSeen(" Pramuka ", "", "Memimpin regu\r\n")))
            .Streams.Single().Events.ShouldBe([new ExtracurricularRemoved(entry, "Pramuka")]);
    }

    [Fact]
    public void a_homeroom_conflict_says_who_changed_the_entry_and_when_in_WIB()
    {
        var entry = Guid.NewGuid();
        var cards = new Dictionary<Guid, ReportCard>
        {
            [Ani] = Card(new AttendanceRecorded(1, 0, 0), new KokurikulerWritten("Aktif"), new HomeroomNoteWritten("Rajin"),
                new PromotionDecided("retained", "Tinggal di kelas X"), new ExtracurricularAdded(entry, 1, "Pramuka", null, "Aktif")),
        };
        const string who = "oleh wali.x1 pada 17 Agu 2026, 16.30 WIB"; // 09.30 UTC
        var conflicts = new[]
        {
            RecordAttendanceHandler.Decide(State(cards: cards), Attendance(new AttendanceEntry(Ani, "2", null, null))),
            WriteHomeroomNotesHandler.Decide(State(cards: cards), new(Guid.NewGuid(), AccountFixtures.ClassId,
                [new HomeroomNoteEntry(Ani, "Baru", "Baru juga", "", "")], By, EntrySource.Form)),
            DecidePromotionsHandler.Decide(State(semester: 2, cards: cards), new(Guid.NewGuid(), AccountFixtures.ClassId, [new PromotionEntry(Ani, "promoted")], By, EntrySource.Form)),
            SaveExtracurricularHandler.Decide(State(cards: cards), new(Guid.NewGuid(), AccountFixtures.ClassId, Ani, entry, "Pramuka", "Baik", "Aktif", By, EntrySource.Form)),
            RemoveExtracurricularHandler.Decide(State(cards: cards), new(Guid.NewGuid(), AccountFixtures.ClassId, Ani, entry, By, EntrySource.Form)),
        }.SelectMany(d => d.Errors).ToList();

        conflicts.Count.ShouldBe(6);
        foreach (var e in conflicts)
        {
            HomeroomRules.IsStale(e).ShouldBeTrue(e.Code);
            e.Message.ShouldContain($"sudah diubah sejak halaman ini dibuka, {who}: kini ");
            (e.Details!["changedBy"], e.Details["changedAt"]).ShouldBe(("wali.x1", (object)TestEvents.At));
        }
    }

    [Fact]
    public void a_conflict_on_an_entry_whose_card_does_not_say_who_changed_it_still_says_it_changed()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = new ReportCard { Attendance = new Attendance(1, 0, 0) } };

        var e = RecordAttendanceHandler.Decide(State(cards: cards), Attendance(new AttendanceEntry(Ani, "2", null, null))).Errors.ShouldHaveSingleItem();

        e.Message.ShouldStartWith("Ketidakhadiran sudah diubah sejak halaman ini dibuka (di tab atau perangkat lain, atau oleh orang lain): kini ");
        e.Details!["changedBy"].ShouldBeNull();
    }
}
