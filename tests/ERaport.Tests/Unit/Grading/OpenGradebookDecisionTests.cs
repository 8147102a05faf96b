using ERaport.Tests.Unit.Accounts;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.Grading;

public class OpenGradebookDecisionTests
{
    private static readonly Actor Admin = new(Guid.NewGuid(), "admin", TestEvents.SchoolId);

    private static readonly Subject Math = Subject.Create(new SubjectAdded(Guid.NewGuid(), "Matematika", "MTK", "Umum", 4, false, 75));

    /// <summary>guru.a, an active teacher in <see cref="AccountFixtures.TermId"/>.</summary>
    private static readonly UserAccount Teacher = AccountFixtures.Account("guru.a", AccountFixtures.TeacherRole);

    private static OpenGradebook Open(params string[] objectives) =>
        new(Guid.NewGuid(), Guid.NewGuid(), AccountFixtures.TermId, Guid.NewGuid(), Guid.NewGuid(), Teacher.UserId, objectives, Admin, EntrySource.Form);

    [Fact]
    public void opening_a_gradebook_with_a_numbered_atp_list_stores_its_objectives_without_the_numbers()
    {
        var d = OpenGradebookHandler.Decide(null, Math, Teacher, null, Open("1. Menjelaskan pecahan", "2. Menghitung luas"));

        d.Events.OfType<GradebookOpened>().Single().LearningObjectives.Select(o => o.Description).ShouldBe(["Menjelaskan pecahan", "Menghitung luas"]);
    }

    [Fact]
    public void opening_a_gradebook_numbers_its_learning_objectives_tp1_tp2_and_trims_them()
    {
        var c = Open(" Menjelaskan pecahan ", "Menghitung luas");

        var d = OpenGradebookHandler.Decide(null, Math, Teacher, null, c);

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        var opened = d.Events.ShouldHaveSingleItem().ShouldBeOfType<GradebookOpened>();
        (opened.GradebookId, opened.TermId, opened.ClassId, opened.SubjectId, opened.TeacherId)
            .ShouldBe((c.GradebookId, c.TermId, c.ClassId, c.SubjectId, c.TeacherId));
        opened.LearningObjectives.ShouldBe(new[]
        {
            new LearningObjective("tp1", "TP1", "Menjelaskan pecahan"),
            new LearningObjective("tp2", "TP2", "Menghitung luas"),
        });
        (opened.Kktp, opened.Weights).ShouldBe((75, Weights.Default));
    }

    [Fact]
    public void a_gradebook_of_an_unknown_subject_is_not_opened()
    {
        var d = OpenGradebookHandler.Decide(null, null, Teacher, null, Open("Menjelaskan pecahan"));

        d.Status.ShouldBe(OutcomeStatus.NotFound);
        d.Errors.ShouldHaveSingleItem().Code.ShouldBe("subject.not_found");
    }

    [Fact]
    public void a_gradebook_needs_at_least_one_learning_objective()
    {
        var d = OpenGradebookHandler.Decide(null, Math, Teacher, null, Open());

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Errors.ShouldHaveSingleItem().Code.ShouldBe("learningObjectives.count");
    }

    [Fact]
    public void a_gradebook_takes_at_most_30_learning_objectives()
    {
        var thirty = Enumerable.Range(1, OpenGradebookHandler.MaxLearningObjectives).Select(i => $"TP ke-{i}").ToArray();

        OpenGradebookHandler.Decide(null, Math, Teacher, null, Open(thirty)).Status.ShouldBe(OutcomeStatus.Accepted);
        OpenGradebookHandler.Decide(null, Math, Teacher, null, Open([.. thirty, "satu lagi"])).Errors.ShouldHaveSingleItem().Code.ShouldBe("learningObjectives.count");
    }

    [Fact]
    public void a_blank_learning_objective_is_refused()
    {
        OpenGradebookHandler.Decide(null, Math, Teacher, null, Open("Menjelaskan pecahan", "  ")).Errors.ShouldHaveSingleItem().Code.ShouldBe("learningObjectives.required");
    }

    [Fact]
    public void opening_a_gradebook_twice_is_a_conflict()
    {
        var existing = Gradebook.Create(new GradebookOpened(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), []));

        var d = OpenGradebookHandler.Decide(existing, Math, Teacher, null, Open("Menjelaskan pecahan"));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Errors.ShouldHaveSingleItem().Code.ShouldBe("gradebook.already_opened");
    }

    [Fact]
    public void a_gradebook_opened_in_a_locked_class_starts_locked_in_the_same_change_naming_who_locked_the_class_and_when()
    {
        var c = Open("Menjelaskan pecahan");
        var classLock = new ChangeStamp("wali.x1", TestEvents.At);

        var d = OpenGradebookHandler.Decide(null, Math, Teacher, classLock, c);

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Changes.ShouldBe(1);
        d.Events.Count.ShouldBe(2);
        var opened = d.Events[0].ShouldBeOfType<GradebookOpened>();
        d.Events[1].ShouldBe(new GradebookLocked(c.TermId, c.ClassId, AtOpening: true, "wali.x1", TestEvents.At));
        var gradebook = Gradebook.Create(opened);
        gradebook.Apply((GradebookLocked)d.Events[1]);
        gradebook.Locked.ShouldBeTrue();
    }

    [Fact]
    public void a_gradebook_opened_in_an_unlocked_class_is_open_for_scores()
    {
        OpenGradebookHandler.Decide(null, Math, Teacher, null, Open("Menjelaskan pecahan")).Events.ShouldHaveSingleItem().ShouldBeOfType<GradebookOpened>();
    }

    [Fact]
    public void a_gradebook_is_opened_only_for_an_active_account_with_the_teacher_role_in_its_term()
    {
        var otherTerm = AccountFixtures.Account("guru.lalu", new RoleGrant(Role.Teacher, Guid.NewGuid(), null));
        var homeroomOnly = AccountFixtures.Account("wali.x1", AccountFixtures.HomeroomRole);
        var disabled = AccountFixtures.Account("guru.nonaktif", AccountFixtures.TeacherRole);
        disabled.Disabled = true;

        foreach (var (teacher, status, code) in new (UserAccount?, OutcomeStatus, string)[]
                 {
                     (otherTerm, OutcomeStatus.Invalid, "teacher.no_teacher_role"),
                     (homeroomOnly, OutcomeStatus.Invalid, "teacher.no_teacher_role"),
                     (AccountFixtures.Admin(), OutcomeStatus.Invalid, "teacher.no_teacher_role"),
                     (disabled, OutcomeStatus.Invalid, "teacher.disabled"),
                     (null, OutcomeStatus.NotFound, "teacher.not_found"),
                 })
        {
            var d = OpenGradebookHandler.Decide(null, Math, teacher, null, Open("Menjelaskan pecahan") with { TeacherId = teacher?.UserId ?? Guid.NewGuid() });

            d.Status.ShouldBe(status, teacher?.UserName);
            var error = d.Errors.ShouldHaveSingleItem();
            error.Code.ShouldBe(code);
            error.Details!["field"].ShouldBe("teacherId");
        }
    }
}
