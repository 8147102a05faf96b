using ERaport.Write.Accounts;
using ERaport.Write.Common;
using static ERaport.Tests.Unit.Accounts.AccountFixtures;

namespace ERaport.Tests.Unit.Accounts;

public class DisableUserDecisionTests
{
    private static Decision Decide(UserAccount? user, Acting by, string? reason = null, int activeAdmins = 2) =>
        DisableUserHandler.Decide(user, by, activeAdmins, new DisableUser(Guid.NewGuid(), user?.UserId ?? Guid.NewGuid(), reason, by.By, EntrySource.Form));

    [Fact]
    public void an_admin_disables_a_user_with_a_reason()
    {
        Decide(Account("guru.a", TeacherRole), Acting(Admin()), "  Pindah tugas ").Events.ShouldBe([new UserDisabled("Pindah tugas")]);
    }

    [Fact]
    public void a_blank_reason_is_stored_as_none()
    {
        Decide(Account("guru.a"), Acting(Admin()), "  ").Events.ShouldBe([new UserDisabled(null)]);
    }

    [Fact]
    public void a_teacher_may_not_disable_users()
    {
        var d = Decide(Account("guru.a"), Acting(Account("guru.b", TeacherRole)));

        d.Status.ShouldBe(OutcomeStatus.Forbidden);
        Codes(d).ShouldBe(["user.admin_required"]);
    }

    [Fact]
    public void an_admin_cannot_disable_themself()
    {
        var admin = Admin();

        Codes(Decide(admin, Acting(admin))).ShouldBe(["user.cannot_disable_self"]);
    }

    [Fact]
    public void the_last_active_admin_cannot_be_disabled_even_by_the_system()
    {
        Codes(Decide(Admin(), SystemActing, activeAdmins: 1)).ShouldBe(["user.last_admin"]);
    }

    [Fact]
    public void another_admin_can_be_disabled_while_one_remains()
    {
        Decide(Admin("admin.dua"), Acting(Admin()), activeAdmins: 2).IsAccepted.ShouldBeTrue();
    }

    [Fact]
    public void disabling_a_disabled_user_is_a_conflict()
    {
        Codes(Decide(Account("guru.a").With(new UserDisabled(null)), Acting(Admin()))).ShouldBe(["user.already_disabled"]);
    }

    [Fact]
    public void an_unknown_user_is_not_found()
    {
        Codes(Decide(null, Acting(Admin()))).ShouldBe(["user.not_found"]);
    }

    [Fact]
    public void a_reason_longer_than_500_characters_is_invalid()
    {
        Codes(Decide(Account("guru.a"), Acting(Admin()), new string('x', 501))).ShouldBe(["reason.too_long"]);
    }

    [Fact]
    public void disabling_changes_the_security_stamp_so_sessions_end()
    {
        var user = Account("guru.a");
        var before = user.SecurityStamp;

        user.With(new UserDisabled(null));

        user.Disabled.ShouldBeTrue();
        user.SecurityStamp.ShouldNotBe(before);
    }
}

public class EnableUserDecisionTests
{
    private static Decision Decide(UserAccount? user, Acting by) =>
        EnableUserHandler.Decide(user, by, new EnableUser(Guid.NewGuid(), user?.UserId ?? Guid.NewGuid(), by.By, EntrySource.Form));

    [Fact]
    public void an_admin_enables_a_disabled_user()
    {
        Decide(Account("guru.a").With(new UserDisabled(null)), Acting(Admin())).Events.ShouldBe([new UserEnabled()]);
    }

    [Fact]
    public void enabling_an_active_user_is_a_conflict()
    {
        Codes(Decide(Account("guru.a"), Acting(Admin()))).ShouldBe(["user.not_disabled"]);
    }

    [Fact]
    public void a_teacher_may_not_enable_users()
    {
        Codes(Decide(Account("guru.a").With(new UserDisabled(null)), Acting(Account("guru.b", TeacherRole)))).ShouldBe(["user.admin_required"]);
    }
}

public class UnlockUserDecisionTests
{
    private static Decision Decide(UserAccount? user, Acting by, bool lockedOut) =>
        UnlockUserHandler.Decide(user, by, lockedOut, new UnlockUser(Guid.NewGuid(), user?.UserId ?? Guid.NewGuid(), by.By, EntrySource.Form));

    [Fact]
    public void an_admin_unlocks_a_locked_out_user()
    {
        Decide(Account("guru.a"), Acting(Admin()), lockedOut: true).Events.ShouldBe([new UserUnlocked()]);
    }

    [Fact]
    public void unlocking_a_user_who_is_not_locked_is_a_conflict()
    {
        Codes(Decide(Account("guru.a"), Acting(Admin()), lockedOut: false)).ShouldBe(["user.not_locked"]);
    }

    [Fact]
    public void a_teacher_may_not_unlock_users()
    {
        Codes(Decide(Account("guru.a"), Acting(Account("guru.b", TeacherRole)), lockedOut: true)).ShouldBe(["user.admin_required"]);
    }
}
