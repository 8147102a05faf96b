using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using static ERaport.Tests.Unit.Grading.Gradebooks;

namespace ERaport.Tests.Unit.Grading;

/// <summary>Locking a class, and corrections after lock as requests the principal decides.</summary>
public class LockingDecisionTests
{
    private static readonly Guid TermId = Guid.NewGuid();
    private static readonly SchoolClass X1 = ClassOfTerm();

    private static SchoolClass ClassOfTerm()
    {
        var c = SchoolClass.Create(new ClassOpened(Guid.NewGuid(), TermId, "X-1", 10, "E", null));
        c.Apply(new StudentEnrolled(Ani));
        c.Apply(new StudentEnrolled(Budi));
        return c;
    }

    private static Acting Person(string userName, params RoleGrant[] roles)
    {
        var id = userName == "guru.a" ? Teacher : Guid.NewGuid();
        var account = new UserAccount { UserId = id, UserName = userName, SchoolId = TestEvents.SchoolId, Roles = [.. roles] };
        return new Acting(new Actor(id, userName, TestEvents.SchoolId), account);
    }

    private static readonly Acting Homeroom = Person("wali.x1", new RoleGrant(Role.HomeroomTeacher, TermId, X1.ClassId));
    private static readonly Acting OtherHomeroom = Person("wali.x2", new RoleGrant(Role.HomeroomTeacher, TermId, Guid.NewGuid()));
    private static readonly Acting Admin = Person("admin", new RoleGrant(Role.Admin, null, null));
    private static readonly Acting Principal = Person("kepsek", new RoleGrant(Role.Principal, TermId, null));
    private static readonly Acting TeacherActing = Person("guru.a", new RoleGrant(Role.Teacher, TermId, null));

    private static Gradebook Scored() =>
        Gradebook.Create(new GradebookOpened(Id, TermId, X1.ClassId, Guid.NewGuid(), Teacher,
                ObjectiveTexts.Take(2).Select((t, i) => LearningObjective.Numbered(i + 1, t)).ToList()))
            .FullyScored(Ani, [80, 90], 70, 80);

    private static Gradebook Locked(Gradebook g) => g.After([new GradebookLocked(TermId, X1.ClassId)], "wali.x1");

    private static ClassLockState State(Acting by, params Gradebook[] gradebooks) =>
        new(by, X1, [.. gradebooks.Select((g, i) => ($"{TestEvents.SchoolId}/gradebook/{i}", g))], new Dictionary<Guid, ReportCard>());

    private static RequestCorrection Request(Gradebook g, string? value = "95", int? seen = 80, Actor? by = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Id, Ani, "tp1", seen, value, "Salah ketik, lembar jawaban 95", by ?? TeacherOfRecord, EntrySource.Form);

    private static CorrectionRequest Requested(Gradebook g, string? value = "95")
    {
        var d = RequestCorrectionHandler.Decide(null, [], g, X1, Request(g, value));
        return CorrectionRequest.Create(d.Events.OfType<CorrectionRequested>().Single());
    }

    private static MultiDecision Approve(Acting by, CorrectionRequest r, Gradebook g, string? reason = "Bukti lembar jawaban cocok") =>
        ApproveCorrectionHandler.Decide(by, r, g, "r", "g", new ApproveCorrection(Guid.NewGuid(), r.RequestId, reason, by.By, EntrySource.Form));

    public static TheoryData<string, Func<Gradebook, Decision>> TeacherCommands => new()
    {
        { "save scores", g => SaveScoresHandler.Decide(g, Class(), new(Guid.NewGuid(), Id, [new ScoreEntry(Ani, "tp1", "85", 80)], "koreksi", TeacherOfRecord, EntrySource.Form)) },
        { "add TP", g => AddLearningObjectiveHandler.Decide(g, new(Guid.NewGuid(), Id, "Menulis cerpen", TeacherOfRecord, EntrySource.Form)) },
        { "revise TP", g => ReviseLearningObjectiveHandler.Decide(g, new(Guid.NewGuid(), Id, "tp1", "Baru", ObjectiveTexts[0], TeacherOfRecord, EntrySource.Form)) },
        { "remove TP", g => RemoveLearningObjectiveHandler.Decide(g, new(Guid.NewGuid(), Id, "tp1", "alasan", TeacherOfRecord, EntrySource.Form)) },
        { "weights", g => ChangeGradingSchemeHandler.Decide(g, new(Guid.NewGuid(), Id, new Weights(2, 0, 1), 75, TeacherOfRecord, EntrySource.Form)) },
        { "override", g => OverrideFinalGradeHandler.Decide(g, Class(), new(Guid.NewGuid(), Id, Ani, "80", null, "remedial", TeacherOfRecord, EntrySource.Form)) },
        { "mark", g => MarkAchievementHandler.Decide(g, Class(), new(Guid.NewGuid(), Id, Ani, [new("tp1", false, null)], TeacherOfRecord, EntrySource.Form)) },
        { "edit description", g => EditDescriptionHandler.Decide(g, Class(), new(Guid.NewGuid(), Id, Ani, "Baik sekali.", null, TeacherOfRecord, EntrySource.Form)) },
    };

    [Theory]
    [MemberData(nameof(TeacherCommands))]
    public void every_teacher_command_on_a_locked_gradebook_is_refused_pointing_to_a_correction_request(string command, Func<Gradebook, Decision> decide)
    {
        decide(Scored()).Status.ShouldBe(OutcomeStatus.Accepted, command);

        var d = decide(Locked(Scored()));

        d.Status.ShouldBe(OutcomeStatus.Conflict, command);
        d.Codes().ShouldBe(["gradebook.locked"]);
        d.Errors[0].Message.ShouldContain("permintaan koreksi");
        d.Events.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Salah\0ketik")]
    [InlineData("Salah\u001b[31mketik")]
    [InlineData("Salah \u202Eketik")]
    [InlineData("Salah\u200Bketik")]
    [InlineData("Salah\uD800")]
    public void a_reason_with_control_invisible_or_broken_characters_is_refused(string reason)
    {
        GradebookRules.Reason(reason, "unlock", "membuka kunci")!.Code.ShouldBe("unlock.reason_invalid_characters");
    }

    [Fact]
    public void a_reason_may_run_over_several_lines_and_hold_markup_which_pages_escape()
    {
        GradebookRules.Reason("Nilai tertukar dengan\r\nsiswa <b>sebelah</b>", "correction", "koreksi").ShouldBeNull();
    }

    [Fact]
    public void the_homeroom_teacher_locks_every_gradebook_and_report_card_of_the_class_once()
    {
        var d = LockClassHandler.Decide(State(Homeroom, Scored(), Scored()), new LockClass(Guid.NewGuid(), X1.ClassId, Homeroom.By, EntrySource.Form));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Streams.Where(s => s.Aggregate == typeof(Gradebook)).SelectMany(s => s.Events).ShouldAllBe(e => e is GradebookLocked);
        d.Streams.Count(s => s.Aggregate == typeof(Gradebook)).ShouldBe(2);
        d.Streams.Where(s => s.Aggregate == typeof(ReportCard)).Select(s => (s.IsNew, s.Events.Single().GetType()))
            .ShouldBe([(true, typeof(ReportCardLocked)), (true, typeof(ReportCardLocked))]);
    }

    [Fact]
    public void a_locked_class_cannot_be_locked_again()
    {
        var cards = X1.StudentIds.ToDictionary(id => id, _ => new ReportCard { Locked = true });
        var d = LockClassHandler.Decide(State(Admin, Locked(Scored())) with { Cards = cards },
            new LockClass(Guid.NewGuid(), X1.ClassId, Admin.By, EntrySource.Form));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Errors.Select(e => e.Code).ShouldBe(["lock.already_locked"]);
    }

    [Fact]
    public void an_admin_may_lock_but_the_homeroom_teacher_of_another_class_and_a_subject_teacher_may_not()
    {
        LockClassHandler.Decide(State(Admin, Scored()), new LockClass(Guid.NewGuid(), X1.ClassId, Admin.By, EntrySource.Form)).IsAccepted.ShouldBeTrue();
        foreach (var by in new[] { OtherHomeroom, TeacherActing, Principal })
        {
            var d = LockClassHandler.Decide(State(by, Scored()), new LockClass(Guid.NewGuid(), X1.ClassId, by.By, EntrySource.Form));
            d.Status.ShouldBe(OutcomeStatus.Forbidden, by.By.UserName);
            d.Errors.Select(e => e.Code).ShouldBe(["lock.not_allowed"]);
        }
    }

    [Fact]
    public void only_the_principal_unlocks_and_only_with_a_reason()
    {
        var locked = State(Principal, Locked(Scored()));
        UnlockClassHandler.Decide(locked, new UnlockClass(Guid.NewGuid(), X1.ClassId, " ", Principal.By, EntrySource.Form))
            .Errors.Select(e => e.Code).ShouldBe(["unlock.reason_required"]);
        UnlockClassHandler.Decide(locked with { By = Admin }, new UnlockClass(Guid.NewGuid(), X1.ClassId, "Ada salah nilai", Admin.By, EntrySource.Form))
            .Status.ShouldBe(OutcomeStatus.Forbidden);

        var d = UnlockClassHandler.Decide(locked, new UnlockClass(Guid.NewGuid(), X1.ClassId, "Ada salah nilai", Principal.By, EntrySource.Form));

        d.Streams.Single().Events.ShouldBe([new GradebookUnlocked(TermId, X1.ClassId, "Ada salah nilai")]);
        var unlocked = locked.Gradebooks[0].Gradebook.After(d.Streams[0].Events, "kepsek");
        SaveScoresHandler.Decide(unlocked, Class(), new(Guid.NewGuid(), Id, [new ScoreEntry(Ani, "tp1", "85", 80)], "koreksi", TeacherOfRecord, EntrySource.Form))
            .IsAccepted.ShouldBeTrue();
    }

    [Fact]
    public void a_correction_is_requested_only_on_a_locked_gradebook_by_its_teacher()
    {
        RequestCorrectionHandler.Decide(null, [], Scored(), X1, Request(Scored())).Codes().ShouldBe(["correction.not_locked"]);
        RequestCorrectionHandler.Decide(null, [], Locked(Scored()), X1, Request(Scored(), by: OtherTeacher)).Codes().ShouldBe(["gradebook.not_teacher_of_record"]);

        var d = RequestCorrectionHandler.Decide(null, [], Locked(Scored()), X1, Request(Scored()));

        var e = d.Events.Single().ShouldBeOfType<CorrectionRequested>();
        (e.StudentId, e.Assessment, e.Seen, e.Value, e.TermId).ShouldBe((Ani, "tp1", (int?)80, (int?)95, TermId));
    }

    [Fact]
    public void a_request_carries_the_value_the_teacher_saw_and_must_change_something()
    {
        var g = Locked(Scored());
        RequestCorrectionHandler.Decide(null, [], g, X1, Request(g, seen: 75)).Codes().ShouldBe(["score.conflict"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, Request(g, value: "80")).Codes().ShouldBe(["correction.no_change"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, Request(g, value: "101")).Codes().ShouldBe(["score.out_of_range"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, Request(g) with { Reason = "" }).Codes().ShouldBe(["correction.reason_required"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, Request(g, value: "")).Events.OfType<CorrectionRequested>().Single().Value.ShouldBeNull();
    }

    [Fact]
    public void a_cell_already_waiting_for_the_principal_is_refused_until_decided_and_another_cell_or_the_final_grade_is_not()
    {
        var g = Locked(Scored());
        var waiting = Requested(g);

        var d = RequestCorrectionHandler.Decide(null, [waiting], g, X1, Request(g, value: "90"));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        var error = d.Errors.Single();
        error.Code.ShouldBe("correction.already_waiting");
        error.Message.ShouldStartWith("Koreksi nilai TP1 peserta didik ini sudah diajukan dan masih menunggu keputusan kepala sekolah.");
        RequestCorrectionHandler.Decide(null, [waiting], g, X1, Request(g, seen: 90) with { Assessment = "tp2" }).IsAccepted.ShouldBeTrue();
        RequestCorrectionHandler.Decide(null, [waiting], g, X1, FinalGradeRequest("85", null)).IsAccepted.ShouldBeTrue();
        waiting.Apply(new JasperFx.Events.Event<CorrectionDenied>(new CorrectionDenied(waiting.RequestId, Id, Ani, "tp1", 80, 95, "Tidak ada bukti"))
            { UserName = "kepsek" });
        RequestCorrectionHandler.Decide(null, [waiting], g, X1, Request(g, value: "90")).IsAccepted.ShouldBeTrue();
    }

    [Fact]
    public void approval_corrects_the_score_with_before_after_and_the_calculation_follows()
    {
        var g = Locked(Scored());
        var r = Requested(g);

        var d = Approve(Principal, r, g);

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Streams[0].Events.Single().ShouldBe(new CorrectionApproved(r.RequestId, Id, Ani, "tp1", 80, 95, "Bukti lembar jawaban cocok"));
        var gradebookEvents = d.Streams[1].Events;
        gradebookEvents[0].ShouldBe(new ScoreCorrected(Ani, "tp1", 80, 95, r.Reason));
        gradebookEvents.OfType<ResultsCalculated>().Single().FinalGrades.Single().Value.ShouldBe(84); // SLM (95+90)/2, SAS 75 → 83.75
        g.After(gradebookEvents, "kepsek").Locked.ShouldBeTrue();
    }

    [Fact]
    public void approving_a_cell_that_changed_since_the_request_is_refused_with_the_current_value()
    {
        var g = Locked(Scored());
        var r = Requested(g);
        var changed = g.After([new ScoreCorrected(Ani, "tp1", 80, 60, "koreksi lain")], "kepsek");

        var d = Approve(Principal, r, changed);

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Errors.Single().Code.ShouldBe("correction.stale");
        d.Errors.Single().Details!["current"].ShouldBe(60);
        d.Streams.ShouldBeEmpty();
    }

    private static RequestCorrection FinalGradeRequest(string? value, int? seen) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Id, Ani, CorrectionRequest.FinalGrade, seen, value, "Nilai remedial belum masuk", TeacherOfRecord, EntrySource.Form);

    private static Gradebook Overridden(Gradebook g, int value) => g.After([new FinalGradeOverridden(Ani, value, "remedial", 80, null)], "guru.a");

    [Fact]
    public void a_final_grade_correction_is_requested_against_the_override_the_teacher_saw()
    {
        var g = Locked(Scored());
        RequestCorrectionHandler.Decide(null, [], Scored(), X1, FinalGradeRequest("85", null)).Codes().ShouldBe(["correction.not_locked"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, FinalGradeRequest("85", seen: 80)).Codes().ShouldBe(["finalGrade.conflict"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, FinalGradeRequest("", null)).Codes().ShouldBe(["correction.no_change"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, FinalGradeRequest("101", null)).Codes().ShouldBe(["score.out_of_range"]);

        var e = RequestCorrectionHandler.Decide(null, [], g, X1, FinalGradeRequest("85", null)).Events.Single().ShouldBeOfType<CorrectionRequested>();
        (e.Assessment, e.Seen, e.Value).ShouldBe((CorrectionRequest.FinalGrade, (int?)null, (int?)85));
        var back = RequestCorrectionHandler.Decide(null, [], Locked(Overridden(Scored(), 88)), X1, FinalGradeRequest("", 88)).Events.Single();
        back.ShouldBeOfType<CorrectionRequested>().Value.ShouldBeNull("empty: back to the calculated grade");
    }

    [Fact]
    public void approving_a_final_grade_request_sets_or_clears_the_override_with_what_it_replaced()
    {
        var g = Locked(Scored());
        var set = CorrectionRequest.Create((CorrectionRequested)RequestCorrectionHandler.Decide(null, [], g, X1, FinalGradeRequest("85", null)).Events.Single());

        var d = Approve(Principal, set, g);

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Streams[0].Events.Single().ShouldBe(new CorrectionApproved(set.RequestId, Id, Ani, CorrectionRequest.FinalGrade, null, 85, "Bukti lembar jawaban cocok"));
        d.Streams[1].Events[0].ShouldBe(new FinalGradeOverridden(Ani, 85, set.Reason, 80, null));
        var after = g.After(d.Streams[1].Events, "kepsek");
        (after.Overrides[Ani].Value, after.Locked).ShouldBe((85, true));

        var clear = CorrectionRequest.Create((CorrectionRequested)RequestCorrectionHandler.Decide(null, [], after, X1, FinalGradeRequest("", 85)).Events.Single());
        Approve(Principal, clear, after).Streams[1].Events[0].ShouldBe(new FinalGradeOverrideCleared(Ani, 85, 80, clear.Reason));
    }

    [Fact]
    public void approving_a_final_grade_request_after_the_override_changed_is_refused_as_stale()
    {
        var g = Locked(Scored());
        var r = CorrectionRequest.Create((CorrectionRequested)RequestCorrectionHandler.Decide(null, [], g, X1, FinalGradeRequest("85", null)).Events.Single());

        var d = Approve(Principal, r, Overridden(g, 90));

        d.Errors.Single().Code.ShouldBe("correction.stale");
        (d.Errors.Single().Details!["current"], d.Errors.Single().Details!["changedBy"]).ShouldBe((90, "guru.a"));
        d.Streams.ShouldBeEmpty();
    }

    private static RequestCorrection DescriptionRequest(string? text, string? seenText) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Id, Ani, CorrectionRequest.Description, null, text, "Kalimatnya kurang tepat", TeacherOfRecord, EntrySource.Form,
            seenText);

    private static CorrectionRequest RequestedDescription(Gradebook g, string? text, string? seenText) =>
        CorrectionRequest.Create((CorrectionRequested)RequestCorrectionHandler.Decide(null, [], g, X1, DescriptionRequest(text, seenText)).Events.Single());

    [Fact]
    public void a_description_correction_is_requested_against_the_teachers_own_text_seen_and_checked_as_an_edit()
    {
        var g = Locked(Scored());
        var generated = g.GeneratedDescriptions[Ani];
        RequestCorrectionHandler.Decide(null, [], g, X1, DescriptionRequest("Baik.", seenText: "teks lama")).Codes().ShouldBe(["description.conflict"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, DescriptionRequest("", null)).Codes().ShouldBe(["correction.no_change"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, DescriptionRequest(generated, null)).Codes().ShouldBe(["correction.no_change"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, DescriptionRequest(new string('a', Description.MaxLength + 1), null)).Codes()
            .ShouldBe(["description.too_long"]);

        var r = RequestedDescription(g, "  Ananda sangat baik dalam menulis teks argumentasi.\r\n", null);

        (r.Assessment, r.SeenText, r.Text, r.Seen, r.Value)
            .ShouldBe((CorrectionRequest.Description, (string?)null, "Ananda sangat baik dalam menulis teks argumentasi.", (int?)null, (int?)null));
    }

    [Fact]
    public void approving_a_description_request_writes_or_resets_the_text_unless_it_changed_since()
    {
        var g = Locked(Scored());
        var generated = g.GeneratedDescriptions[Ani];
        const string text = "Ananda sangat baik dalam menulis teks argumentasi.";

        var d = Approve(Principal, RequestedDescription(g, text, null), g);

        d.Streams[1].Events[0].ShouldBe(new DescriptionEdited(Ani, text, generated));
        var edited = g.After(d.Streams[1].Events, "kepsek");
        (edited.EditedDescriptions[Ani].Text, edited.Locked).ShouldBe((text, true));

        var back = RequestedDescription(edited, "", text);
        Approve(Principal, back, edited).Streams[1].Events[0].ShouldBe(new DescriptionReset(Ani, text));
        var changed = edited.After([new DescriptionEdited(Ani, "Teks lain.", generated)], "guru.a");
        Approve(Principal, back, changed).Errors.Single().Code.ShouldBe("correction.stale");
    }

    private static RequestCorrection AchievementRequest(string? mark, bool? seenMark, string objective = "tp1") =>
        new(Guid.NewGuid(), Guid.NewGuid(), Id, Ani, CorrectionRequest.AchievementOf(objective), null, mark, "Remedial TP1 belum tuntas", TeacherOfRecord,
            EntrySource.Form, SeenMark: seenMark);

    private static CorrectionRequest RequestedAchievement(Gradebook g, string? mark, bool? seenMark) =>
        CorrectionRequest.Create((CorrectionRequested)RequestCorrectionHandler.Decide(null, [], g, X1, AchievementRequest(mark, seenMark)).Events.Single());

    [Fact]
    public void a_tercapai_correction_is_requested_against_the_mark_the_teacher_saw()
    {
        var g = Locked(Scored()); // TP1 80 ≥ KKTP: tercapai by the rule, no mark
        RequestCorrectionHandler.Decide(null, [], Scored(), X1, AchievementRequest("tidak", null)).Codes().ShouldBe(["correction.not_locked"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, AchievementRequest("tidak", seenMark: true)).Codes().ShouldBe(["achievement.conflict"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, AchievementRequest("otomatis", null)).Codes().ShouldBe(["correction.no_change"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, AchievementRequest("mungkin", null)).Codes().ShouldBe(["achievement.invalid"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, AchievementRequest("tidak", null, objective: "tp9")).Codes().ShouldBe(["learningObjective.not_found"]);
        RequestCorrectionHandler.Decide(null, [], g, X1, AchievementRequest("tidak", null) with { Reason = " " }).Codes().ShouldBe(["correction.reason_required"]);

        var r = RequestedAchievement(g, " Tidak Tercapai ", null);

        (r.Assessment, r.SeenMark, r.Mark, r.Seen, r.Value, r.IsAchievement).ShouldBe(("tercapai-tp1", (bool?)null, (bool?)false, (int?)null, (int?)null, true));
        RequestedAchievement(Locked(Scored().After([new AchievementMarked(Ani, "tp1", false, null)], "guru.a")), "", false).Mark
            .ShouldBeNull("empty: back to the KKTP");
    }

    [Fact]
    public void approving_a_tercapai_request_marks_the_tp_and_the_results_follow_unless_the_mark_changed_since()
    {
        var g = Locked(Scored());
        var r = RequestedAchievement(g, "tidak", null);

        var d = Approve(Principal, r, g);

        d.Streams[0].Events.Single().ShouldBe(new CorrectionApproved(r.RequestId, Id, Ani, "tercapai-tp1", null, null, "Bukti lembar jawaban cocok"));
        d.Streams[1].Events[0].ShouldBe(new AchievementMarked(Ani, "tp1", false, null));
        var results = d.Streams[1].Events.OfType<ResultsCalculated>().Single();
        results.Achievements.Single().Objectives.Single().ShouldBe(new ObjectiveAchievement("tp1", false, true));
        results.Descriptions.ShouldHaveSingleItem("the description follows the mark");
        var after = g.After(d.Streams[1].Events, "kepsek");
        (after.Mark(Ani, "tp1"), after.Locked).ShouldBe((false, true));

        var changed = g.After([new AchievementMarked(Ani, "tp1", true, null)], "guru.a");
        var stale = Approve(Principal, r, changed);
        (stale.Errors.Single().Code, stale.Errors.Single().Details!["current"]).ShouldBe(("correction.stale", (object?)true));
        var removed = g.After([new LearningObjectiveRemoved(LearningObjective.Numbered(1, ObjectiveTexts[0]), null, [new RemovedScore(Ani, 80)])], "guru.a");
        Approve(Principal, r, removed).Errors.Single().Code.ShouldBe("correction.stale");
    }

    [Fact]
    public void only_the_principal_decides_with_a_reason_and_only_once()
    {
        var g = Locked(Scored());
        var r = Requested(g);
        Approve(Admin, r, g).Status.ShouldBe(OutcomeStatus.Forbidden);
        Approve(TeacherActing, r, g).Errors.Select(e => e.Code).ShouldBe(["role.principal_required"]);
        Approve(Principal, r, g, reason: null).Errors.Select(e => e.Code).ShouldBe(["correction.reason_required"]);

        var denied = DenyCorrectionHandler.Decide(Principal, r, new DenyCorrection(Guid.NewGuid(), r.RequestId, "Tidak ada bukti", Principal.By, EntrySource.Form));
        denied.Events.Single().ShouldBe(new CorrectionDenied(r.RequestId, Id, Ani, "tp1", 80, 95, "Tidak ada bukti"));

        var decided = new CorrectionRequest { RequestId = r.RequestId, TermId = TermId, Status = CorrectionStatus.Denied, DecidedBy = "kepsek" };
        Approve(Principal, decided, g).Errors.Select(e => e.Code).ShouldBe(["correction.already_decided"]);
        DenyCorrectionHandler.Decide(Principal, decided, new DenyCorrection(Guid.NewGuid(), r.RequestId, "lagi", Principal.By, EntrySource.Form))
            .Codes().ShouldBe(["correction.already_decided"]);
    }
}
