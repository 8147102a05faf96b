using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using static ERaport.Tests.Unit.Accounts.AccountFixtures;

namespace ERaport.Tests.Unit.Accounts;

public class RegisterUserDecisionTests
{
    private static readonly UserAccount AdminAccount = Admin();
    private static readonly Acting ByAdmin = Acting(AdminAccount);
    private static readonly Term Term = Term.Create(new TermOpened(Guid.NewGuid(), "2026/2027", 1, null));
    private static readonly RoleGrant Teacher = new(Role.Teacher, Term.TermId, null);

    private static RegisterUser Register(string userName = "guru.a", params RoleGrant[] roles) =>
        new(Guid.NewGuid(), Guid.NewGuid(), userName, " Ibu Guru A ", " 198001012005012001 ", "HASH", roles, ByAdmin.By, EntrySource.Form);

    private static Decision Decide(RegisterUser c, bool taken = false, UserAccount? current = null, Acting? by = null, IReadOnlyCollection<Term>? terms = null) =>
        RegisterUserHandler.Decide(current, by ?? ByAdmin, taken, terms ?? [Term], c);

    [Fact]
    public void registering_a_user_emits_registration_password_and_each_distinct_role_in_order()
    {
        var homeroom = new RoleGrant(Role.HomeroomTeacher, Teacher.TermId, Guid.NewGuid());
        var c = Register("guru.a", Teacher, homeroom, Teacher);

        var d = Decide(c);

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Events.ShouldBe(new object[]
        {
            new UserRegistered(c.UserId, TestEvents.SchoolId, "guru.a", "Ibu Guru A", "198001012005012001"),
            new PasswordSet("HASH"),
            new RoleGranted(Teacher),
            new RoleGranted(homeroom),
        });
    }

    [Theory]
    [InlineData("abc<b>")]
    [InlineData("1980 0101 x")]
    [InlineData("1234567890123456789012345678901")]
    public void a_nip_that_is_not_digits_is_refused_as_the_principals_is(string nip)
    {
        var d = Decide(Register() with { Nip = nip });

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Errors.Select(e => e.Code).ShouldBe(["nip.invalid"]);
    }

    [Theory]
    [InlineData("19800101 200501 2 001")]
    [InlineData("19800101-200501-2-001")]
    [InlineData("   ")]
    public void a_nip_of_digits_grouped_as_people_write_it_or_none_is_accepted(string nip)
    {
        Decide(Register() with { Nip = nip }).Status.ShouldBe(OutcomeStatus.Accepted);
    }

    [Fact]
    public void a_user_registered_with_a_one_time_password_must_change_it()
    {
        var d = Decide(Register() with { OneTimePassword = true });

        d.Events[1].ShouldBe(new TemporaryPasswordIssued("HASH"));
    }

    [Fact]
    public void registering_a_user_without_roles_emits_no_RoleGranted()
    {
        var d = Decide(Register() with { Roles = null! });

        d.Events.Select(e => e.GetType()).ShouldBe(new[] { typeof(UserRegistered), typeof(PasswordSet) });
    }

    [Fact]
    public void a_teacher_may_not_register_users()
    {
        var teacher = Account("guru.b", TeacherRole);

        var d = Decide(Register(), by: Acting(teacher));

        d.Status.ShouldBe(OutcomeStatus.Forbidden);
        Codes(d).ShouldBe(["user.admin_required"]);
    }

    [Fact]
    public void a_disabled_admin_may_not_register_users()
    {
        var disabled = Admin("admin.lama").With(new UserDisabled(null));

        Decide(Register(), by: Acting(disabled)).Status.ShouldBe(OutcomeStatus.Forbidden);
    }

    [Fact]
    public void an_admin_of_another_school_may_not_register_users_here()
    {
        var elsewhere = Admin();
        elsewhere.SchoolId = "sekolah-lain";

        Decide(Register(), by: new Acting(ByAdmin.By, elsewhere)).Status.ShouldBe(OutcomeStatus.Forbidden);
    }

    [Fact]
    public void the_system_may_register_the_first_admin()
    {
        var c = Register("admin", AdminRole) with { By = SystemActing.By };

        Decide(c, by: SystemActing).Status.ShouldBe(OutcomeStatus.Accepted);
    }

    [Theory]
    [InlineData("guru.a")]
    [InlineData("abc")]
    [InlineData("19800101_g-1")]
    public void a_lower_case_user_name_of_3_to_40_characters_is_accepted(string userName)
    {
        Decide(Register(userName)).Status.ShouldBe(OutcomeStatus.Accepted);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Guru.A")]
    [InlineData(".guru")]
    [InlineData("guru a")]
    [InlineData("guru@sekolah")]
    [InlineData("")]
    public void a_user_name_outside_the_pattern_is_invalid(string userName)
    {
        var d = Decide(Register(userName));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        Codes(d).ShouldBe(["userName.invalid"]);
    }

    [Fact]
    public void a_user_name_longer_than_40_characters_is_invalid()
    {
        Decide(Register(new string('a', 40))).Status.ShouldBe(OutcomeStatus.Accepted);
        Codes(Decide(Register(new string('a', 41)))).ShouldBe(["userName.invalid"]);
    }

    [Fact]
    public void a_taken_user_name_is_a_conflict()
    {
        var d = Decide(Register(), taken: true);

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["user.name_taken"]);
        d.Events.ShouldBeEmpty();
    }

    [Fact]
    public void registering_the_same_user_twice_is_a_conflict()
    {
        var existing = UserAccount.Create(new UserRegistered(Guid.NewGuid(), TestEvents.SchoolId, "guru.a", "Guru A", null));

        var d = Decide(Register(), taken: true, current: existing);

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["user.already_registered"]);
    }

    [Fact]
    public void a_display_name_and_a_password_are_required()
    {
        var d = Decide(Register() with { DisplayName = " ", PasswordHash = "" });

        Codes(d).ShouldBe(["displayName.required", "password.required"]);
    }

    [Fact]
    public void an_empty_user_id_is_invalid_because_it_stands_for_the_system()
    {
        Codes(Decide(Register() with { UserId = Guid.Empty })).ShouldBe(["userId.required"]);
    }

    [Fact]
    public void a_role_of_the_wrong_shape_is_invalid()
    {
        var d = Decide(Register("guru.a", new RoleGrant(Role.HomeroomTeacher, Teacher.TermId, null)));

        Codes(d).ShouldBe(["role.class_required"]);
    }

    /// <summary>The users page's "Beri peran" refused it; registering with the role stored a guru of a term that does not exist.</summary>
    [Theory]
    [InlineData(Role.Teacher)]
    [InlineData(Role.Principal)]
    public void a_role_of_a_term_that_does_not_exist_is_refused_as_granting_it_is(Role role)
    {
        var grant = new RoleGrant(role, Guid.NewGuid(), null);
        var registering = Decide(Register("guru.a", Teacher, grant));
        var granting = GrantRoleHandler.Decide(Account("guru.a"), ByAdmin, null, null, new GrantRole(Guid.NewGuid(), Guid.NewGuid(), grant, ByAdmin.By, EntrySource.Form));

        registering.Status.ShouldBe(OutcomeStatus.NotFound);
        registering.Events.ShouldBeEmpty();
        registering.Errors.ShouldBe(granting.Errors);
        Codes(registering).ShouldBe(["term.not_found"]);
    }

    [Fact]
    public void the_account_snapshot_follows_its_events()
    {
        var c = Register("guru.a", Teacher);
        var d = Decide(c);

        var account = UserAccount.Create((UserRegistered)d.Events[0]);
        account.With(d.Events[1]).With(d.Events[2]);

        account.UserName.ShouldBe("guru.a");
        account.SchoolId.ShouldBe(TestEvents.SchoolId);
        account.PasswordHash.ShouldBe("HASH");
        account.Roles.ShouldBe([Teacher]);
        account.MustChangePassword.ShouldBeFalse();
    }
}
