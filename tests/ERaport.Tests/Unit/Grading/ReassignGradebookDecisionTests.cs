using ERaport.Tests.Unit.School;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;

namespace ERaport.Tests.Unit.Grading;

public class ReassignGradebookDecisionTests
{
    private static readonly Gradebook Current = Gradebooks.New();

    /// <summary>guru.b, an active teacher in the gradebook's term.</summary>
    private static UserAccount Successor(bool disabled = false, string school = TestEvents.SchoolId, Guid? termId = null) =>
        new()
        {
            UserId = Gradebooks.OtherTeacher.UserId, SchoolId = school, UserName = "guru.b", DisplayName = "Guru B", Disabled = disabled,
            Roles = [new RoleGrant(Role.Teacher, termId ?? Current.TermId, null)],
        };

    private static Decision Reassign(Acting by, UserAccount? teacher, Gradebook? gradebook = null, Guid? teacherId = null, string? reason = "Guru A cuti sakit") =>
        ReassignGradebookHandler.Decide(gradebook ?? Current, by, teacher,
            new ReassignGradebook(Guid.NewGuid(), Gradebooks.Id, teacherId ?? teacher?.UserId ?? Guid.NewGuid(), reason, by.By, EntrySource.Form));

    [Fact]
    public void Admin_hands_the_gradebook_to_an_active_teacher_of_its_term_with_the_reason()
    {
        var d = Reassign(MasterDataActors.Admin, Successor(), reason: "  Guru A   cuti sakit ");

        d.Events.ShouldHaveSingleItem().ShouldBe(new GradebookReassigned(Gradebooks.Id, Current.TermId, Current.ClassId, Current.SubjectId,
            Gradebooks.Teacher, Gradebooks.OtherTeacher.UserId, "Guru A cuti sakit"));
    }

    [Fact]
    public void A_reason_is_optional()
    {
        var d = Reassign(MasterDataActors.Admin, Successor(), reason: " ");

        d.Events.ShouldHaveSingleItem().ShouldBeOfType<GradebookReassigned>().Reason.ShouldBeNull();
    }

    [Theory]
    [InlineData("teacher")]
    [InlineData("principal")]
    [InlineData("disabled admin")]
    [InlineData("admin of another school")]
    public void Only_an_active_admin_of_the_school_may_reassign(string who)
    {
        var by = who switch
        {
            "teacher" => MasterDataActors.Teacher,
            "principal" => MasterDataActors.Principal,
            "disabled admin" => MasterDataActors.DisabledAdmin,
            _ => MasterDataActors.OtherSchoolAdmin,
        };

        var d = Reassign(by, Successor());

        d.Status.ShouldBe(OutcomeStatus.Forbidden);
        d.Codes().ShouldBe(["masterdata.admin_required"]);
    }

    [Fact]
    public void The_teacher_of_record_cannot_hand_their_own_gradebook_over()
    {
        var self = MasterDataActors.As(new UserAccount
        {
            UserId = Gradebooks.Teacher, SchoolId = TestEvents.SchoolId, UserName = "guru.a",
            Roles = [new RoleGrant(Role.Teacher, Current.TermId, null)],
        });

        Reassign(self, Successor()).Status.ShouldBe(OutcomeStatus.Forbidden);
    }

    [Fact]
    public void An_unknown_gradebook_is_not_found()
    {
        var d = ReassignGradebookHandler.Decide(null, MasterDataActors.Admin, Successor(),
            new ReassignGradebook(Guid.NewGuid(), Guid.NewGuid(), Gradebooks.OtherTeacher.UserId, null, MasterDataActors.Admin.By, EntrySource.Api));

        d.Status.ShouldBe(OutcomeStatus.NotFound);
        d.Codes().ShouldBe(["gradebook.not_found"]);
    }

    [Fact]
    public void An_unknown_teacher_or_one_of_another_school_is_not_found()
    {
        Reassign(MasterDataActors.Admin, null).Codes().ShouldBe(["teacher.not_found"]);
        var other = Reassign(MasterDataActors.Admin, Successor(school: "sekolah-lain"));
        other.Status.ShouldBe(OutcomeStatus.NotFound);
        other.Codes().ShouldBe(["teacher.not_found"]);
    }

    [Fact]
    public void A_disabled_account_cannot_take_a_gradebook_over()
    {
        var d = Reassign(MasterDataActors.Admin, Successor(disabled: true));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Codes().ShouldBe(["teacher.disabled"]);
    }

    [Fact]
    public void The_new_teacher_needs_the_teacher_role_in_the_gradebooks_term()
    {
        var d = Reassign(MasterDataActors.Admin, Successor(termId: Guid.NewGuid()));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Codes().ShouldBe(["teacher.no_teacher_role"]);
    }

    [Fact]
    public void Naming_the_teacher_it_already_has_changes_nothing()
    {
        var d = Reassign(MasterDataActors.Admin, null, teacherId: Gradebooks.Teacher);

        d.ShouldBe(Decision.Nothing);
    }

    [Fact]
    public void A_reason_longer_than_the_limit_is_refused()
    {
        Reassign(MasterDataActors.Admin, Successor(), reason: new string('x', GradebookRules.MaxReasonLength + 1)).Codes().ShouldBe(["reason.too_long"]);
    }

    [Fact]
    public void A_locked_gradebook_can_be_reassigned_and_stays_locked()
    {
        var locked = Current.After([new GradebookLocked(Current.TermId, Current.ClassId)], "wali");

        var d = Reassign(MasterDataActors.Admin, Successor(), gradebook: locked);
        var after = locked.After(d.Events, "admin");

        after.TeacherId.ShouldBe(Gradebooks.OtherTeacher.UserId);
        after.Locked.ShouldBeTrue();
    }

    [Fact]
    public void After_reassignment_only_the_new_teacher_may_save_scores()
    {
        var reassigned = Current.After(Reassign(MasterDataActors.Admin, Successor()).Events, "admin");

        SaveAs(reassigned, Gradebooks.TeacherOfRecord).Codes().ShouldBe(["gradebook.not_teacher_of_record"]);
        SaveAs(reassigned, Gradebooks.OtherTeacher).Status.ShouldBe(OutcomeStatus.Accepted);
    }

    private static Decision SaveAs(Gradebook g, Actor by) =>
        SaveScoresHandler.Decide(g, Gradebooks.Class(),
            new SaveScores(Guid.NewGuid(), Gradebooks.Id, [new ScoreEntry(Gradebooks.Ani, "tp1", "80", null)], null, by, EntrySource.Form));
}
