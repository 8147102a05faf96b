using ERaport.Write.Accounts;
using ERaport.Write.Common;
using JasperFx.Events;

namespace ERaport.Tests.Unit.Accounts;

/// <summary>Account snapshots built the way Marten builds them: event by event, the version counting up.</summary>
internal static class AccountFixtures
{
    public static readonly Guid TermId = Guid.NewGuid();
    public static readonly Guid ClassId = Guid.NewGuid();
    public static readonly RoleGrant AdminRole = new(Role.Admin, null, null);
    public static readonly RoleGrant TeacherRole = new(Role.Teacher, TermId, null);
    public static readonly RoleGrant HomeroomRole = new(Role.HomeroomTeacher, TermId, ClassId);

    public static UserAccount Account(string userName, params RoleGrant[] roles)
    {
        var id = Guid.NewGuid();
        var account = UserAccount.Create(new UserRegistered(id, TestEvents.SchoolId, userName, "Nama " + userName, null));
        account.Version = 1;
        account.Id = StreamKeys.User(TestEvents.SchoolId, id);
        account.With(new PasswordSet("HASH-" + userName));
        foreach (var role in roles)
            account.With(new RoleGranted(role));
        return account;
    }

    public static UserAccount Admin(string userName = "admin") => Account(userName, AdminRole);

    /// <summary>Applies one event as the next version of the stream.</summary>
    public static UserAccount With(this UserAccount account, object data)
    {
        var version = ++account.Version;
        switch (data)
        {
            case PasswordSet e: account.Apply(new Event<PasswordSet>(e) { Version = version }); break;
            case TemporaryPasswordIssued e: account.Apply(new Event<TemporaryPasswordIssued>(e) { Version = version }); break;
            case PasswordChanged e: account.Apply(new Event<PasswordChanged>(e) { Version = version }); break;
            case RoleGranted e: account.Apply(e); break;
            case RoleRevoked e: account.Apply(e); break;
            case UserDisabled e: account.Apply(new Event<UserDisabled>(e) { Version = version }); break;
            case UserEnabled e: account.Apply(new Event<UserEnabled>(e) { Version = version }); break;
            default: break; // events the snapshot does not keep (lockouts) still count as versions
        }
        return account;
    }

    public static Acting Acting(UserAccount account) => ERaport.Write.Accounts.Acting.User(account);

    public static Acting SystemActing => ERaport.Write.Accounts.Acting.System(TestEvents.SchoolId);

    public static IEnumerable<string> Codes(Decision d) => d.Errors.Select(e => e.Code);
}
