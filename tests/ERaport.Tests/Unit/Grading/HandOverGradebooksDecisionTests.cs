using ERaport.Tests.Unit.School;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;

namespace ERaport.Tests.Unit.Grading;

public class HandOverGradebooksDecisionTests
{
    /// <summary>Two gradebooks guru.a teaches in one term, the second one locked with its class.</summary>
    private static readonly Gradebook Math = Gradebooks.New();
    private static readonly Guid TermId = Math.TermId;
    private static readonly Gradebook LockedBiology = Gradebook.Create(new GradebookOpened(Guid.NewGuid(), TermId, Guid.NewGuid(), Guid.NewGuid(),
        Gradebooks.Teacher, [LearningObjective.Numbered(1, "TP satu")], 70, null)).After([new GradebookLocked(TermId, Guid.NewGuid())], "wali");
    private static readonly IReadOnlyList<(Guid, Gradebook)> Teaching = [(Guid.NewGuid(), Math), (Guid.NewGuid(), LockedBiology)];

    /// <summary>guru.b, an active teacher in the term.</summary>
    private static UserAccount Receiver(bool disabled = false, Guid? termId = null) =>
        new()
        {
            UserId = Gradebooks.OtherTeacher.UserId, SchoolId = TestEvents.SchoolId, UserName = "guru.b", DisplayName = "Guru B", Disabled = disabled,
            Roles = [new RoleGrant(Role.Teacher, termId ?? TermId, null)],
        };

    private static MultiDecision HandOver(UserAccount? receiver, IReadOnlyList<(Guid, Gradebook)>? gradebooks = null, Acting? by = null,
        Guid? toTeacherId = null, string? reason = "Pak A pindah tugas")
    {
        var acting = by ?? MasterDataActors.Admin;
        return HandOverGradebooksHandler.Decide(acting, receiver, gradebooks ?? Teaching, new HandOverGradebooks(Guid.NewGuid(), Gradebooks.Teacher, TermId,
            toTeacherId ?? receiver?.UserId ?? Guid.NewGuid(), reason, acting.By, EntrySource.Form));
    }

    private static IEnumerable<string> Codes(MultiDecision d) => d.Errors.Select(e => e.Code);

    [Fact]
    public void Every_gradebook_of_the_teacher_gets_the_same_reassignment_as_a_single_one_in_one_decision()
    {
        var d = HandOver(Receiver(), reason: "  Pak A   pindah tugas ");

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Changes.ShouldBe(2);
        d.Streams.Select(s => s.StreamKey).ShouldBe(Teaching.Select(g => StreamKeys.Gradebook(TestEvents.SchoolId, g.Item1)));
        foreach (var ((gradebookId, gradebook), stream) in Teaching.Zip(d.Streams))
            stream.Events.ShouldHaveSingleItem().ShouldBe(ReassignGradebookHandler.Decide(gradebook, MasterDataActors.Admin, Receiver(),
                new ReassignGradebook(Guid.NewGuid(), gradebookId, Gradebooks.OtherTeacher.UserId, "Pak A pindah tugas", MasterDataActors.Admin.By,
                    EntrySource.Form)).Events.Single());
    }

    [Fact]
    public void A_locked_gradebook_is_handed_over_too_and_stays_locked()
    {
        var d = HandOver(Receiver());

        var after = LockedBiology.After(d.Streams[1].Events, "admin");
        after.TeacherId.ShouldBe(Gradebooks.OtherTeacher.UserId);
        after.Locked.ShouldBeTrue();
    }

    [Fact]
    public void Handing_over_to_the_same_teacher_is_refused()
    {
        var d = HandOver(null, toTeacherId: Gradebooks.Teacher);

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        Codes(d).ShouldBe(["handover.same_teacher"]);
    }

    [Fact]
    public void A_teacher_without_gradebooks_in_the_term_has_nothing_to_hand_over()
    {
        var d = HandOver(Receiver(), gradebooks: []);

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["handover.no_gradebooks"]);
    }

    [Fact]
    public void The_receiver_needs_the_teacher_role_in_the_term()
    {
        var d = HandOver(Receiver(termId: Guid.NewGuid()));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        Codes(d).ShouldBe(["teacher.no_teacher_role"]);
        d.Streams.ShouldBeEmpty();
    }

    [Fact]
    public void A_disabled_or_unknown_receiver_is_refused()
    {
        Codes(HandOver(Receiver(disabled: true))).ShouldBe(["teacher.disabled"]);
        var unknown = HandOver(null);
        unknown.Status.ShouldBe(OutcomeStatus.NotFound);
        Codes(unknown).ShouldBe(["teacher.not_found"]);
    }

    [Fact]
    public void The_reason_follows_the_single_reassignments_rules()
    {
        Codes(HandOver(Receiver(), reason: new string('x', GradebookRules.MaxReasonLength + 1))).ShouldBe(["reason.too_long"]);
        HandOver(Receiver(), reason: " ").Streams[0].Events.ShouldHaveSingleItem().ShouldBeOfType<GradebookReassigned>().Reason.ShouldBeNull();
    }

    [Theory]
    [InlineData("teacher")]
    [InlineData("disabled admin")]
    [InlineData("admin of another school")]
    public void Only_an_active_admin_of_the_school_may_hand_over(string who)
    {
        var by = who switch
        {
            "teacher" => MasterDataActors.Teacher,
            "disabled admin" => MasterDataActors.DisabledAdmin,
            _ => MasterDataActors.OtherSchoolAdmin,
        };

        var d = HandOver(Receiver(), by: by);

        d.Status.ShouldBe(OutcomeStatus.Forbidden);
        Codes(d).ShouldBe(["masterdata.admin_required"]);
    }
}
