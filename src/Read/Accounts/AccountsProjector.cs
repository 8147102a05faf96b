using ERaport.Read.ReadModel;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using JasperFx.Events;

namespace ERaport.Read.Accounts;

public static class AccountsProjector
{
    public static IEnumerable<RowChange> Project(IEvent e, string schoolId) => e.Data switch
    {
        UserRegistered x =>
            [new Upsert(new UserRow(x.UserId, schoolId, x.UserName, x.DisplayName, x.Nip)), Change(e, schoolId, AccountChangeKind.Registered)],
        PasswordSet => [Change(e, schoolId, AccountChangeKind.PasswordSet)],
        TemporaryPasswordIssued =>
        [
            Flag(e, schoolId, UserFlag.OneTimePassword, true),
            Flag(e, schoolId, UserFlag.LockedOut, false), // a reset lifts a lockout
            Change(e, schoolId, AccountChangeKind.TemporaryPasswordIssued),
        ],
        PasswordChanged => [Flag(e, schoolId, UserFlag.OneTimePassword, false), Change(e, schoolId, AccountChangeKind.PasswordChanged)],
        RoleGranted x => [RoleRow(e, schoolId, x.Grant, true), Change(e, schoolId, AccountChangeKind.RoleGranted, x.Grant)],
        RoleRevoked x => [RoleRow(e, schoolId, x.Grant, false), Change(e, schoolId, AccountChangeKind.RoleRevoked, x.Grant)],
        UserDisabled x => [Flag(e, schoolId, UserFlag.Disabled, true), Change(e, schoolId, AccountChangeKind.Disabled, detail: x.Reason)],
        UserEnabled => [Flag(e, schoolId, UserFlag.Disabled, false), Change(e, schoolId, AccountChangeKind.Enabled)],
        SignInLockedOut x =>
        [
            Flag(e, schoolId, UserFlag.LockedOut, true, x.Until),
            Change(e, schoolId, AccountChangeKind.LockedOut, detail: x.ClientAddress, until: x.Until),
        ],
        UserUnlocked => [Flag(e, schoolId, UserFlag.LockedOut, false), Change(e, schoolId, AccountChangeKind.Unlocked)],
        _ => [],
    };

    private static Guid UserId(IEvent e) => StreamKeys.Parse(e.StreamKey!).EntityId!.Value;

    private static Upsert RoleRow(IEvent e, string schoolId, RoleGrant grant, bool active) =>
        new(new UserRoleRow(UserId(e), grant.Role, grant.TermId ?? Guid.Empty, grant.ClassId ?? Guid.Empty, schoolId, active));

    private static Upsert Flag(IEvent e, string schoolId, UserFlag flag, bool active, DateTimeOffset? until = null) =>
        new(new UserFlagRow(UserId(e), flag, schoolId, active, e.Timestamp, until));

    private static Insert Change(IEvent e, string schoolId, AccountChangeKind kind, RoleGrant? grant = null, string? detail = null,
        DateTimeOffset? until = null) =>
        new(new AccountChangeRow(e.Sequence, schoolId, UserId(e), kind, grant?.Role, grant?.TermId, grant?.ClassId, detail, until,
            e.UserName ?? "", e.Timestamp, e.GetHeader(CommandPipeline.SourceHeader)?.ToString() ?? ""));
}
