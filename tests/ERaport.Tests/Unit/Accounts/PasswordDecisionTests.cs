using ERaport.Web.Accounts;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Microsoft.AspNetCore.Identity;
using static ERaport.Tests.Unit.Accounts.AccountFixtures;

namespace ERaport.Tests.Unit.Accounts;

public class ChangePasswordDecisionTests
{
    private static ChangePassword Change(UserAccount user, string hash = "NEW") =>
        new(Guid.NewGuid(), hash, new Actor(user.UserId, user.UserName, user.SchoolId), EntrySource.Form);

    [Fact]
    public void a_user_changes_their_own_password()
    {
        var user = Account("guru.a");

        ChangePasswordHandler.Decide(user, Change(user)).Events.ShouldBe([new PasswordChanged("NEW")]);
    }

    [Fact]
    public void a_changed_password_clears_a_one_time_password_and_changes_the_stamp()
    {
        var user = Account("guru.a").With(new TemporaryPasswordIssued("OTP"));
        user.MustChangePassword.ShouldBeTrue();
        var stamp = user.SecurityStamp;

        user.With(new PasswordChanged("NEW"));

        user.MustChangePassword.ShouldBeFalse();
        user.PasswordHash.ShouldBe("NEW");
        user.SecurityStamp.ShouldNotBe(stamp);
    }

    [Fact]
    public void a_disabled_user_cannot_change_their_password()
    {
        var user = Account("guru.a").With(new UserDisabled(null));

        Codes(ChangePasswordHandler.Decide(user, Change(user))).ShouldBe(["user.disabled"]);
    }

    [Fact]
    public void an_unknown_account_is_not_found()
    {
        Codes(ChangePasswordHandler.Decide(null, Change(Account("guru.a")))).ShouldBe(["user.not_found"]);
    }

    [Fact]
    public void a_hash_is_required()
    {
        var user = Account("guru.a");

        Codes(ChangePasswordHandler.Decide(user, Change(user, ""))).ShouldBe(["password.required"]);
    }
}

/// <summary>A password change answered from the receipt of one carried out before: the first answer only for the password it stored.</summary>
public class ResentPasswordChangeTests
{
    private static readonly PasswordHasher<UserAccount> Hasher = new(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 1000 }));
    private static readonly CommandOutcome First = CommandOutcome.Accepted(41, 1) with { Repeated = true };
    private static readonly PasswordChanged Stored = new(Hasher.HashPassword(new UserAccount(), "kopi tubruk tanpa gula aren"));

    [Fact]
    public void a_change_resent_with_the_password_it_stored_gets_the_first_answer()
    {
        AccountCommands.ResentChange(Hasher, First, Stored, "kopi tubruk tanpa gula aren").ShouldBe(First);
    }

    [Fact]
    public void a_change_resent_with_another_password_is_refused_as_another_command()
    {
        var answer = AccountCommands.ResentChange(Hasher, First, Stored, "nasi goreng kampung pedas");

        answer.Status.ShouldBe(OutcomeStatus.Conflict);
        answer.Errors.Select(e => e.Code).ShouldBe(["command.id_reused"]);
        answer.Sequence.ShouldBe(0);
    }

    [Fact]
    public void a_resend_under_an_id_that_stored_no_password_change_is_refused_as_another_command()
    {
        AccountCommands.ResentChange(Hasher, First, null, "kopi tubruk tanpa gula aren").IdSpent.ShouldBeTrue();
    }
}

public class ResetPasswordDecisionTests
{
    private static Decision Decide(UserAccount? user, Acting by) =>
        ResetPasswordHandler.Decide(user, by, new ResetPassword(Guid.NewGuid(), user?.UserId ?? Guid.NewGuid(), "OTP", by.By, EntrySource.Form));

    [Fact]
    public void an_admin_gives_a_user_a_one_time_password()
    {
        Decide(Account("guru.a"), Acting(Admin())).Events.ShouldBe([new TemporaryPasswordIssued("OTP")]);
    }

    [Fact]
    public void a_one_time_password_must_be_changed_and_ends_the_sessions()
    {
        var user = Account("guru.a");
        var stamp = user.SecurityStamp;

        user.With(new TemporaryPasswordIssued("OTP"));

        user.MustChangePassword.ShouldBeTrue();
        user.SecurityStamp.ShouldNotBe(stamp);
    }

    [Fact]
    public void a_teacher_may_not_reset_passwords()
    {
        Codes(Decide(Account("guru.a"), Acting(Account("guru.b", TeacherRole)))).ShouldBe(["user.admin_required"]);
    }

    [Fact]
    public void an_unknown_user_is_not_found()
    {
        Codes(Decide(null, Acting(Admin()))).ShouldBe(["user.not_found"]);
    }

    [Fact]
    public void a_role_change_keeps_the_security_stamp_so_sessions_only_refresh()
    {
        var user = Account("guru.a");
        var (stamp, version) = (user.SecurityStamp, user.Version);

        user.With(new RoleGranted(TeacherRole));

        user.SecurityStamp.ShouldBe(stamp);
        user.Version.ShouldBeGreaterThan(version);
    }
}
