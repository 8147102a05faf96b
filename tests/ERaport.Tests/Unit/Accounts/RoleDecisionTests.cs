using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using static ERaport.Tests.Unit.Accounts.AccountFixtures;

namespace ERaport.Tests.Unit.Accounts;

public class GrantRoleDecisionTests
{
    private static readonly UserAccount AdminAccount = Admin();
    private static readonly Term Term = new() { SchoolYear = "2026/2027", Semester = 1 };
    private static readonly SchoolClass Class = new() { TermId = TermId, Name = "X-1" };

    private static GrantRole Grant(RoleGrant grant, Actor? by = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), grant, by ?? Acting(AdminAccount).By, EntrySource.Form);

    private static Decision Decide(RoleGrant grant, UserAccount? user = null, Acting? by = null, Term? term = null, SchoolClass? schoolClass = null) =>
        GrantRoleHandler.Decide(user ?? Account("guru.a"), by ?? Acting(AdminAccount), term ?? Term, schoolClass ?? Class, Grant(grant));

    [Fact]
    public void an_admin_makes_a_user_homeroom_teacher_of_a_class_in_a_term()
    {
        Decide(HomeroomRole).Events.ShouldBe([new RoleGranted(HomeroomRole)]);
    }

    [Fact]
    public void an_admin_makes_another_user_admin_school_wide()
    {
        Decide(AdminRole).Events.ShouldBe([new RoleGranted(AdminRole)]);
    }

    [Fact]
    public void a_principal_may_not_grant_roles()
    {
        var principal = Account("kepsek", new RoleGrant(Role.Principal, TermId, null));

        var d = Decide(TeacherRole, by: Acting(principal));

        d.Status.ShouldBe(OutcomeStatus.Forbidden);
        Codes(d).ShouldBe(["user.admin_required"]);
    }

    [Fact]
    public void an_unknown_user_is_not_found()
    {
        var d = GrantRoleHandler.Decide(null, Acting(AdminAccount), Term, Class, Grant(TeacherRole));

        Codes(d).ShouldBe(["user.not_found"]);
    }

    [Fact]
    public void a_role_the_user_already_holds_is_a_conflict()
    {
        var d = Decide(TeacherRole, user: Account("guru.a", TeacherRole));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["role.already_granted"]);
    }

    [Fact]
    public void a_term_that_does_not_exist_is_not_found()
    {
        Codes(GrantRoleHandler.Decide(Account("guru.a"), Acting(AdminAccount), null, null, Grant(TeacherRole))).ShouldBe(["term.not_found"]);
    }

    [Fact]
    public void a_class_of_another_term_is_not_found()
    {
        var d = Decide(HomeroomRole, schoolClass: new SchoolClass { TermId = Guid.NewGuid(), Name = "X-9" });

        Codes(d).ShouldBe(["class.not_found"]);
    }

    public static TheoryData<string, RoleGrant, string> BadShapes => new()
    {
        { "admin for a term", new RoleGrant(Role.Admin, TermId, null), "role.admin_school_wide" },
        { "teacher without term", new RoleGrant(Role.Teacher, null, null), "role.term_required" },
        { "principal without term", new RoleGrant(Role.Principal, null, null), "role.term_required" },
        { "homeroom without class", new RoleGrant(Role.HomeroomTeacher, TermId, null), "role.class_required" },
        { "teacher with a class", new RoleGrant(Role.Teacher, TermId, ClassId), "role.class_not_allowed" },
        { "unknown role", new RoleGrant((Role)42, TermId, null), "role.unknown" },
    };

    [Theory]
    [MemberData(nameof(BadShapes))]
    public void a_grant_of_the_wrong_shape_is_invalid(string why, RoleGrant grant, string code)
    {
        var d = Decide(grant);

        d.Status.ShouldBe(OutcomeStatus.Invalid, why);
        Codes(d).ShouldBe([code], why);
    }
}

public class RevokeRoleDecisionTests
{
    private static Decision Decide(UserAccount user, RoleGrant grant, Acting by, int activeAdmins = 2) =>
        RevokeRoleHandler.Decide(user, by, activeAdmins, new RevokeRole(Guid.NewGuid(), user.UserId, grant, by.By, EntrySource.Form));

    [Fact]
    public void an_admin_revokes_a_role_the_user_holds()
    {
        var teacher = Account("guru.a", TeacherRole);

        Decide(teacher, TeacherRole, Acting(Admin())).Events.ShouldBe([new RoleRevoked(TeacherRole)]);
    }

    [Fact]
    public void a_teacher_may_not_revoke_roles()
    {
        var teacher = Account("guru.a", TeacherRole);

        Codes(Decide(teacher, TeacherRole, Acting(Account("guru.b", TeacherRole)))).ShouldBe(["user.admin_required"]);
    }

    [Fact]
    public void a_role_the_user_does_not_hold_is_not_found()
    {
        var d = Decide(Account("guru.a", TeacherRole), HomeroomRole, Acting(Admin()));

        d.Status.ShouldBe(OutcomeStatus.NotFound);
        Codes(d).ShouldBe(["role.not_granted"]);
    }

    [Fact]
    public void the_admin_role_of_the_last_active_admin_cannot_be_revoked()
    {
        var admin = Admin();

        var d = Decide(admin, AdminRole, Acting(admin), activeAdmins: 1);

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["user.last_admin"]);
    }

    [Fact]
    public void an_admin_role_can_be_revoked_while_another_admin_remains()
    {
        var other = Admin("admin.dua");

        Decide(other, AdminRole, Acting(Admin()), activeAdmins: 2).Events.ShouldBe([new RoleRevoked(AdminRole)]);
    }

    private static Decision DecideTeaching(UserAccount user, RoleGrant grant, params TaughtGradebook[] teaching) =>
        RevokeRoleHandler.DecideWithGradebooks(user, Acting(Admin()), teaching,
            new RevokeRole(Guid.NewGuid(), user.UserId, grant, Acting(Admin()).By, EntrySource.Form));

    /// <summary>Revoking it left the gradebooks with a teacher the teaching-assignment forms would refuse: nobody with the role.</summary>
    [Fact]
    public void revoking_the_teacher_role_of_a_term_whose_gradebooks_the_teacher_still_teaches_is_refused_naming_them()
    {
        var teacher = Account("guru.a", TeacherRole);
        TaughtGradebook[] seven = [new("Matematika", "X-1"), new("Matematika", "X-2"), new("Fisika", "X-2"), new("Fisika", "X-10"),
            new("Kimia", "XI-1"), new("Kimia", "XI-2"), new("Biologi", "XII-1")];

        var d = DecideTeaching(teacher, TeacherRole, seven);
        var few = DecideTeaching(teacher, TeacherRole, seven[..2]);

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Events.ShouldBeEmpty();
        var error = d.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("role.teacher_has_gradebooks");
        error.Message.ShouldStartWith("Nama guru.a masih mengampu 7 buku nilai di semester ini: Matematika X-1, Matematika X-2, Fisika X-2, " +
            "Fisika X-10, Kimia XI-1 dan 2 lainnya. ");
        error.Message.ShouldContain("\"Serahkan semua buku nilai\"");
        error.Message.ShouldContain("/data/pembelajaran");
        error.Details!["gradebooks"].ShouldBe(7);
        error.Details["termId"].ShouldBe(TermId);
        few.Errors.Single().Message.ShouldContain(": Matematika X-1, Matematika X-2. ");
    }

    [Fact]
    public void the_teacher_role_of_a_term_without_their_gradebooks_and_other_roles_are_revoked_whatever_they_teach()
    {
        var principal = new RoleGrant(Role.Principal, TermId, null);
        var teacher = Account("guru.a", TeacherRole, principal);

        DecideTeaching(teacher, TeacherRole).Events.ShouldBe([new RoleRevoked(TeacherRole)]);
        DecideTeaching(teacher, principal, new TaughtGradebook("Matematika", "X-1")).Events.ShouldBe([new RoleRevoked(principal)]);
        Codes(DecideTeaching(teacher, HomeroomRole, new TaughtGradebook("Matematika", "X-1"))).ShouldBe(["role.not_granted"]);
    }

    [Fact]
    public void the_admin_role_of_a_disabled_admin_can_be_revoked_even_with_one_active_admin()
    {
        var disabled = Admin("admin.lama").With(new UserDisabled(null));

        Decide(disabled, AdminRole, Acting(Admin()), activeAdmins: 1).IsAccepted.ShouldBeTrue();
    }
}
