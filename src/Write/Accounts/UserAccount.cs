using JasperFx.Events;

namespace ERaport.Write.Accounts;

public enum Role
{
    Admin,
    Principal,
    HomeroomTeacher,
    Teacher,
}

/// <summary>A role held in one term; <see cref="ClassId"/> scopes a homeroom teacher to their class.
/// Admin is school-wide (no term); the teaching assignments of a teacher are the gradebooks that name them.</summary>
public sealed record RoleGrant(Role Role, Guid? TermId, Guid? ClassId);

/// <summary>What signing in and the account decisions need. Kept as an inline snapshot in PostgreSQL so that
/// login keeps working while the SQLite read model is rebuilt.</summary>
public sealed class UserAccount
{
    public string Id { get; set; } = "";

    /// <summary>The stream version, set by Marten: a session refreshes its claims when it changes.</summary>
    public long Version { get; set; }

    public Guid UserId { get; set; }
    public string SchoolId { get; set; } = "";
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public List<RoleGrant> Roles { get; set; } = [];
    public bool Disabled { get; set; }

    /// <summary>Set by a one-time password from an admin: the user must choose their own before anything else.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>Changes when a password is set or the account is disabled or enabled; a session cookie carries
    /// the value it was issued with and ends when they differ. The stream version of that event, so a
    /// rebuilt snapshot keeps the same stamp.</summary>
    public long SecurityStamp { get; set; }

    public bool IsAdmin => Roles.Any(r => r.Role == Role.Admin);

    /// <summary>Active and holding the admin role: may manage users and roles.</summary>
    public bool IsActiveAdmin => !Disabled && IsAdmin;

    public static UserAccount Create(UserRegistered e) =>
        new() { UserId = e.UserId, SchoolId = e.SchoolId, UserName = e.UserName, DisplayName = e.DisplayName };

    public void Apply(IEvent<PasswordSet> e)
    {
        PasswordHash = e.Data.PasswordHash;
        MustChangePassword = false;
        SecurityStamp = e.Version;
    }

    public void Apply(IEvent<TemporaryPasswordIssued> e)
    {
        PasswordHash = e.Data.PasswordHash;
        MustChangePassword = true;
        SecurityStamp = e.Version;
    }

    public void Apply(IEvent<PasswordChanged> e)
    {
        PasswordHash = e.Data.PasswordHash;
        MustChangePassword = false;
        SecurityStamp = e.Version;
    }

    public void Apply(RoleGranted e) => Roles.Add(e.Grant);

    public void Apply(RoleRevoked e) => Roles.Remove(e.Grant);

    public void Apply(IEvent<UserDisabled> e)
    {
        Disabled = true;
        SecurityStamp = e.Version;
    }

    public void Apply(IEvent<UserEnabled> e)
    {
        Disabled = false;
        SecurityStamp = e.Version;
    }
}
