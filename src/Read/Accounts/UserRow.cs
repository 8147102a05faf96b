using ERaport.Write.Accounts;

namespace ERaport.Read.Accounts;

/// <summary>Names to show next to a user name in grids and histories.</summary>
public sealed record UserRow(Guid UserId, string SchoolId, string UserName, string DisplayName, string? Nip);

/// <summary>A role a user holds (or held: <see cref="Active"/> false after a revoke). <see cref="Guid.Empty"/>
/// stands for "no term" / "no class", since key columns cannot be null. Rows are switched off rather than
/// deleted, so that a revoke and a grant again in one page of events stay in order.</summary>
public sealed record UserRoleRow(Guid UserId, Role Role, Guid TermId, Guid ClassId, string SchoolId, bool Active);

public enum UserFlag
{
    Disabled,
    LockedOut,
    OneTimePassword,
}

/// <summary>A state an account is in (or was in: <see cref="Active"/> false). <see cref="Until"/> is when a
/// lockout runs out.</summary>
public sealed record UserFlagRow(Guid UserId, UserFlag Flag, string SchoolId, bool Active, DateTimeOffset ChangedAt, DateTimeOffset? Until);

public enum AccountChangeKind
{
    Registered,
    PasswordSet,
    TemporaryPasswordIssued,
    PasswordChanged,
    RoleGranted,
    RoleRevoked,
    Disabled,
    Enabled,
    LockedOut,
    Unlocked,
}

/// <summary>One row per account event: the audit trail the admin reads. <see cref="Detail"/> is a reason
/// (disable) or the client address (lockout); password hashes never reach the read model.</summary>
public sealed record AccountChangeRow(
    long Sequence, string SchoolId, Guid UserId, AccountChangeKind Kind, Role? Role, Guid? TermId, Guid? ClassId,
    string? Detail, DateTimeOffset? Until, string ChangedBy, DateTimeOffset ChangedAt, string Source);
