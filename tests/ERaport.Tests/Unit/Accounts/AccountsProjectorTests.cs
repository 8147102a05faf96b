using ERaport.Read.Accounts;
using ERaport.Read.ReadModel;
using ERaport.Write.Accounts;
using ERaport.Write.Common;

namespace ERaport.Tests.Unit.Accounts;

public class AccountsProjectorTests
{
    private const string School = "sch7";
    private static readonly Guid UserId = Guid.NewGuid();
    private static readonly string Key = StreamKeys.User(School, UserId);
    private static readonly Guid Term = Guid.NewGuid();
    private static readonly Guid Class = Guid.NewGuid();

    private static List<RowChange> Project<T>(T data, long sequence = 10) where T : notnull =>
        [.. Projector.Project(TestEvents.Stored(data, Key, userName: "admin", sequence: sequence))];

    private static AccountChangeRow Change(AccountChangeKind kind, RoleGrant? grant = null, string? detail = null, DateTimeOffset? until = null,
        long sequence = 10) =>
        new(sequence, School, UserId, kind, grant?.Role, grant?.TermId, grant?.ClassId, detail, until, "admin", TestEvents.At, "Form");

    [Fact]
    public void a_registered_user_becomes_a_user_row_and_a_history_row()
    {
        Project(new UserRegistered(UserId, School, "guru.a", "Ibu Guru A", "1980")).ShouldBe(
        [
            new Upsert(new UserRow(UserId, School, "guru.a", "Ibu Guru A", "1980")),
            new Insert(Change(AccountChangeKind.Registered)),
        ]);
    }

    [Fact]
    public void a_password_hash_never_reaches_the_read_model()
    {
        foreach (var e in new object[] { new PasswordSet("SECRET-HASH"), new PasswordChanged("SECRET-HASH"), new TemporaryPasswordIssued("SECRET-HASH") })
            string.Join(" ", ((IEnumerable<RowChange>)Projector.Project(TestEvents.Stored((dynamic)e, Key))).Select(c => c.ToString()))
                .ShouldNotContain("SECRET");
        Project(new PasswordSet("SECRET-HASH")).ShouldBe([new Insert(Change(AccountChangeKind.PasswordSet))]);
    }

    [Fact]
    public void a_granted_role_becomes_an_active_role_row_keyed_without_nulls()
    {
        var grant = new RoleGrant(Role.Teacher, Term, null);

        Project(new RoleGranted(grant)).ShouldBe(
        [
            new Upsert(new UserRoleRow(UserId, Role.Teacher, Term, Guid.Empty, School, true)),
            new Insert(Change(AccountChangeKind.RoleGranted, grant)),
        ]);
    }

    [Fact]
    public void a_revoked_role_switches_its_row_off_instead_of_deleting_it()
    {
        var grant = new RoleGrant(Role.HomeroomTeacher, Term, Class);

        Project(new RoleRevoked(grant)).ShouldBe(
        [
            new Upsert(new UserRoleRow(UserId, Role.HomeroomTeacher, Term, Class, School, false)),
            new Insert(Change(AccountChangeKind.RoleRevoked, grant)),
        ]);
    }

    [Fact]
    public void disabling_and_enabling_switch_the_disabled_flag_and_keep_the_reason_in_the_history()
    {
        Project(new UserDisabled("Pindah tugas")).ShouldBe(
        [
            new Upsert(new UserFlagRow(UserId, UserFlag.Disabled, School, true, TestEvents.At, null)),
            new Insert(Change(AccountChangeKind.Disabled, detail: "Pindah tugas")),
        ]);
        Project(new UserEnabled()).ShouldBe(
        [
            new Upsert(new UserFlagRow(UserId, UserFlag.Disabled, School, false, TestEvents.At, null)),
            new Insert(Change(AccountChangeKind.Enabled)),
        ]);
    }

    [Fact]
    public void a_lockout_is_a_flag_until_its_end_and_an_unlock_clears_it()
    {
        var until = TestEvents.At.AddMinutes(15);

        Project(new SignInLockedOut(until, 5, "203.0.113.7")).ShouldBe(
        [
            new Upsert(new UserFlagRow(UserId, UserFlag.LockedOut, School, true, TestEvents.At, until)),
            new Insert(Change(AccountChangeKind.LockedOut, detail: "203.0.113.7", until: until)),
        ]);
        Project(new UserUnlocked()).ShouldBe(
        [
            new Upsert(new UserFlagRow(UserId, UserFlag.LockedOut, School, false, TestEvents.At, null)),
            new Insert(Change(AccountChangeKind.Unlocked)),
        ]);
    }

    [Fact]
    public void a_one_time_password_is_a_flag_until_the_user_changes_it_and_lifts_a_lockout()
    {
        Project(new TemporaryPasswordIssued("H")).ShouldBe(
        [
            new Upsert(new UserFlagRow(UserId, UserFlag.OneTimePassword, School, true, TestEvents.At, null)),
            new Upsert(new UserFlagRow(UserId, UserFlag.LockedOut, School, false, TestEvents.At, null)),
            new Insert(Change(AccountChangeKind.TemporaryPasswordIssued)),
        ]);
        Project(new PasswordChanged("H")).ShouldBe(
        [
            new Upsert(new UserFlagRow(UserId, UserFlag.OneTimePassword, School, false, TestEvents.At, null)),
            new Insert(Change(AccountChangeKind.PasswordChanged)),
        ]);
    }
}
