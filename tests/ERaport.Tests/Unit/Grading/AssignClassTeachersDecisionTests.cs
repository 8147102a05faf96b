using ERaport.Tests.Unit.School;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.Grading;

/// <summary>Class X-1 of a term with three subjects: Matematika already taught by guru.a (with a score), Biologi and Kimia
/// without an assignment yet; guru.a and guru.b are teachers of the term.</summary>
public class AssignClassTeachersDecisionTests
{
    private static readonly Guid TermId = Guid.NewGuid();
    private static readonly Term Term = Term.Create(new TermOpened(TermId, "2026/2027", 1, null));
    private static readonly SchoolClass Class = SchoolClass.Create(new ClassOpened(Guid.NewGuid(), TermId, "X-1", 10, "E", null));
    private static readonly Subject Math = Subject.Create(new SubjectAdded(Guid.NewGuid(), "Matematika", "MTK", "Umum", 1, false, 75));
    private static readonly Subject Biology = Subject.Create(new SubjectAdded(Guid.NewGuid(), "Biologi", "BIO", "Umum", 2, false, 70));
    private static readonly Subject Chemistry = Subject.Create(new SubjectAdded(Guid.NewGuid(), "Kimia", "KIM", "Umum", 3, false, 70));
    private static readonly Guid MathGradebookId = Guid.NewGuid();

    private static readonly Gradebook MathGradebook = Gradebook.Create(new GradebookOpened(MathGradebookId, TermId, Class.ClassId, Math.SubjectId,
        Gradebooks.Teacher, [LearningObjective.Numbered(1, "Persamaan linear")], 75, null));

    private static UserAccount Teacher(Guid id, string userName, bool disabled = false, Guid? termId = null) =>
        new()
        {
            UserId = id, SchoolId = TestEvents.SchoolId, UserName = userName, DisplayName = userName, Disabled = disabled,
            Roles = [new RoleGrant(Role.Teacher, termId ?? TermId, null)],
        };

    private static readonly UserAccount GuruA = Teacher(Gradebooks.Teacher, "guru.a");
    private static readonly UserAccount GuruB = Teacher(Gradebooks.OtherTeacher.UserId, "guru.b");

    private static MultiDecision Assign(IReadOnlyList<SubjectTeacher> rows, Acting? by = null, ChangeStamp? classLock = null,
        IReadOnlyDictionary<Guid, UserAccount>? teachers = null, string? reason = null, Weights? weights = null, Guid? commandId = null)
    {
        var acting = by ?? MasterDataActors.Admin;
        return AssignClassTeachersHandler.Decide(acting, Term, Class, [Math, Biology, Chemistry], [(MathGradebookId, MathGradebook)],
            teachers ?? new Dictionary<Guid, UserAccount> { [GuruA.UserId] = GuruA, [GuruB.UserId] = GuruB }, classLock,
            new AssignClassTeachers(commandId ?? Guid.NewGuid(), TermId, Class.ClassId, rows, reason, acting.By, EntrySource.Form, weights));
    }

    private static SubjectTeacher Row(Subject s, UserAccount? teacher, params string[] objectives) => new(s.SubjectId, teacher?.UserId, objectives);

    private static string Json(IReadOnlyList<object> events) => System.Text.Json.JsonSerializer.Serialize(events);

    private static IEnumerable<string> Codes(MultiDecision d) => d.Errors.Select(e => e.Code);

    [Fact]
    public void Each_subject_given_a_teacher_opens_its_gradebook_as_a_single_opening_would_and_the_unchanged_one_records_nothing()
    {
        var commandId = Guid.NewGuid();

        var d = Assign([Row(Math, GuruA), Row(Biology, GuruB, "Sel", "Jaringan"), Row(Chemistry, GuruA, "Atom")], commandId: commandId);

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Changes.ShouldBe(2);
        d.Streams.Select(s => s.IsNew).ShouldBe([true, true]);
        var biologyId = CarryOverTermHandler.IdFor(commandId, Biology.SubjectId);
        d.Streams[0].StreamKey.ShouldBe(StreamKeys.Gradebook(TestEvents.SchoolId, biologyId));
        // Compared as JSON: the events hold lists, which records compare by reference.
        Json(d.Streams[0].Events).ShouldBe(Json(OpenGradebookHandler.Decide(null, Biology, GuruB, null, new OpenGradebook(commandId, biologyId, TermId, Class.ClassId,
            Biology.SubjectId, GuruB.UserId, ["Sel", "Jaringan"], MasterDataActors.Admin.By, EntrySource.Form), Term).Events));
        d.Streams[1].Events.ShouldHaveSingleItem().ShouldBeOfType<GradebookOpened>().LearningObjectives.Select(o => o.Description).ShouldBe(["Atom"]);
    }

    [Fact]
    public void A_subject_left_without_a_teacher_opens_nothing()
    {
        var d = Assign([Row(Math, GuruA), Row(Biology, null), Row(Chemistry, null)]);

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Changes.ShouldBe(0);
        d.Streams.ShouldBeEmpty();
    }

    [Fact]
    public void A_changed_teacher_hands_the_gradebook_over_as_a_single_reassignment_would_and_its_scores_stay()
    {
        var d = Assign([Row(Math, GuruB)], reason: "  Mutasi  ");

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        var stream = d.Streams.ShouldHaveSingleItem();
        stream.IsNew.ShouldBeFalse();
        stream.StreamKey.ShouldBe(StreamKeys.Gradebook(TestEvents.SchoolId, MathGradebookId));
        stream.Events.ShouldBe(ReassignGradebookHandler.Decide(MathGradebook, MasterDataActors.Admin, GuruB,
            new ReassignGradebook(Guid.NewGuid(), MathGradebookId, GuruB.UserId, "Mutasi", MasterDataActors.Admin.By, EntrySource.Form)).Events);
        stream.Events.ShouldHaveSingleItem().ShouldBeOfType<GradebookReassigned>().Reason.ShouldBe("Mutasi");
    }

    [Fact]
    public void One_refused_row_refuses_the_whole_class_and_every_refused_row_is_named()
    {
        var stranger = Teacher(Guid.NewGuid(), "guru.lain", termId: Guid.NewGuid());

        var d = Assign([Row(Math, null), Row(Biology, GuruB, "Sel"), Row(Chemistry, stranger, "Atom")],
            teachers: new Dictionary<Guid, UserAccount> { [GuruB.UserId] = GuruB, [stranger.UserId] = stranger });

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Streams.ShouldBeEmpty();
        Codes(d).ShouldBe(["classTeachers.teacher_required", "teacher.no_teacher_role"]);
        d.Errors.Select(e => e.Details!["subjectId"]).ShouldBe([Math.SubjectId, Chemistry.SubjectId]);
        d.Errors[0].Message.ShouldStartWith("Matematika: pembelajaran ini sudah ada");
        d.Errors[1].Message.ShouldStartWith("Kimia: guru.lain belum punya peran guru");
    }

    [Fact]
    public void A_new_assignment_needs_its_first_learning_objectives_as_a_single_opening_does()
    {
        var d = Assign([Row(Biology, GuruB)]);

        Codes(d).ShouldBe(["learningObjectives.count"]);
        d.Errors[0].Message.ShouldStartWith("Biologi: ");
    }

    [Fact]
    public void A_disabled_or_unknown_teacher_is_refused_for_the_row_that_names_them()
    {
        var leaver = Teacher(Guid.NewGuid(), "guru.keluar", disabled: true);

        var d = Assign([Row(Math, leaver), new SubjectTeacher(Biology.SubjectId, Guid.NewGuid(), ["Sel"])],
            teachers: new Dictionary<Guid, UserAccount> { [leaver.UserId] = leaver });

        Codes(d).ShouldBe(["teacher.disabled", "teacher.not_found"]);
        d.Status.ShouldBe(OutcomeStatus.Invalid, "rows refused for different reasons are invalid as a whole");
    }

    [Fact]
    public void An_unknown_or_repeated_subject_is_refused()
    {
        var d = Assign([new SubjectTeacher(Guid.NewGuid(), GuruA.UserId, ["TP"]), Row(Biology, GuruA, "Sel"), Row(Biology, GuruB, "Sel")]);

        Codes(d).ShouldBe(["subject.not_found", "classTeachers.subject_duplicate"]);
    }

    [Fact]
    public void Opened_in_a_locked_class_an_assignment_starts_locked_with_it()
    {
        var d = Assign([Row(Biology, GuruB, "Sel")], classLock: new ChangeStamp("wali", TestEvents.At));

        d.Streams.ShouldHaveSingleItem().Events.Select(e => e.GetType()).ShouldBe([typeof(GradebookOpened), typeof(GradebookLocked)]);
        d.Changes.ShouldBe(1);
    }

    [Fact]
    public void Only_an_admin_sets_a_class_s_teachers()
    {
        var d = Assign([Row(Biology, GuruB, "Sel")], by: MasterDataActors.Teacher);

        d.Status.ShouldBe(OutcomeStatus.Forbidden);
        Codes(d).ShouldBe(["masterdata.admin_required"]);
    }

    [Fact]
    public void New_assignments_take_the_weights_sent_or_else_the_term_s_default()
    {
        Assign([Row(Biology, GuruB, "Sel")], weights: new Weights(60, 20, 20)).Streams[0].Events[0].ShouldBeOfType<GradebookOpened>().Weights
            .ShouldBe(new Weights(60, 20, 20));
        Assign([Row(Biology, GuruB, "Sel")]).Streams[0].Events[0].ShouldBeOfType<GradebookOpened>().Weights.ShouldBe(Term.GradingDefault);
        Codes(Assign([Row(Biology, GuruB, "Sel")], weights: new Weights(0, 20, 0))).ShouldBe(["weights.zero"]);
    }
}
