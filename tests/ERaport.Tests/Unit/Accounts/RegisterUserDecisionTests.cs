using ERaport.Write.Accounts;
using ERaport.Write.Common;

namespace ERaport.Tests.Unit.Accounts;

public class RegisterUserDecisionTests
{
    private static readonly Actor Admin = new(Guid.NewGuid(), "admin", TestEvents.SchoolId);
    private static readonly RoleGrant Teacher = new(Role.Teacher, Guid.NewGuid(), null);

    private static RegisterUser Register(string userName = "guru.a", params RoleGrant[] roles) =>
        new(Guid.NewGuid(), Guid.NewGuid(), userName, " Ibu Guru A ", " 198001012005012001 ", "HASH", roles, Admin, EntrySource.Form);

    private static IEnumerable<string> Codes(Decision d) => d.Errors.Select(e => e.Code);

    [Fact]
    public void registering_a_user_emits_registration_password_and_each_distinct_role_in_order()
    {
        var homeroom = new RoleGrant(Role.HomeroomTeacher, Teacher.TermId, Guid.NewGuid());
        var c = Register("guru.a", Teacher, homeroom, Teacher);

        var d = RegisterUserHandler.Decide(null, false, c);

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Events.ShouldBe(new object[]
        {
            new UserRegistered(c.UserId, TestEvents.SchoolId, "guru.a", "Ibu Guru A", "198001012005012001"),
            new PasswordSet("HASH"),
            new RoleGranted(Teacher),
            new RoleGranted(homeroom),
        });
    }

    [Fact]
    public void registering_a_user_without_roles_emits_no_RoleGranted()
    {
        var d = RegisterUserHandler.Decide(null, false, Register() with { Roles = null! });

        d.Events.Select(e => e.GetType()).ShouldBe(new[] { typeof(UserRegistered), typeof(PasswordSet) });
    }

    [Theory]
    [InlineData("guru.a")]
    [InlineData("abc")]
    [InlineData("19800101_g-1")]
    public void a_lower_case_user_name_of_3_to_40_characters_is_accepted(string userName)
    {
        RegisterUserHandler.Decide(null, false, Register(userName)).Status.ShouldBe(OutcomeStatus.Accepted);
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
        var d = RegisterUserHandler.Decide(null, false, Register(userName));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        Codes(d).ShouldBe(["userName.invalid"]);
    }

    [Fact]
    public void a_user_name_longer_than_40_characters_is_invalid()
    {
        RegisterUserHandler.Decide(null, false, Register(new string('a', 40))).Status.ShouldBe(OutcomeStatus.Accepted);
        Codes(RegisterUserHandler.Decide(null, false, Register(new string('a', 41)))).ShouldBe(["userName.invalid"]);
    }

    [Fact]
    public void a_taken_user_name_is_a_conflict()
    {
        var d = RegisterUserHandler.Decide(null, true, Register());

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["user.name_taken"]);
        d.Events.ShouldBeEmpty();
    }

    [Fact]
    public void registering_the_same_user_twice_is_a_conflict()
    {
        var existing = UserAccount.Create(new UserRegistered(Guid.NewGuid(), TestEvents.SchoolId, "guru.a", "Guru A", null));

        var d = RegisterUserHandler.Decide(existing, true, Register());

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["user.already_registered"]);
    }

    [Fact]
    public void a_display_name_and_a_password_are_required()
    {
        var d = RegisterUserHandler.Decide(null, false, Register() with { DisplayName = " ", PasswordHash = "" });

        Codes(d).ShouldBe(["displayName.required", "password.required"]);
    }

    [Fact]
    public void the_account_snapshot_follows_its_events()
    {
        var c = Register("guru.a", Teacher);
        var d = RegisterUserHandler.Decide(null, false, c);

        var account = UserAccount.Create((UserRegistered)d.Events[0]);
        account.Apply((PasswordSet)d.Events[1]);
        account.Apply((RoleGranted)d.Events[2]);

        account.UserName.ShouldBe("guru.a");
        account.SchoolId.ShouldBe(TestEvents.SchoolId);
        account.PasswordHash.ShouldBe("HASH");
        account.Roles.ShouldBe([Teacher]);
    }
}
