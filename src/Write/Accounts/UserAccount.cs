namespace ERaport.Write.Accounts;

public enum Role
{
    Admin,
    Principal,
    HomeroomTeacher,
    Teacher,
}

/// <summary>A role held in one term; <see cref="ClassId"/> scopes a homeroom teacher to their class.</summary>
public sealed record RoleGrant(Role Role, Guid? TermId, Guid? ClassId);

/// <summary>What signing in needs. Kept as an inline snapshot in PostgreSQL so that login keeps working
/// while the SQLite read model is rebuilt.</summary>
public sealed class UserAccount
{
    public string Id { get; set; } = "";
    public Guid UserId { get; set; }
    public string SchoolId { get; set; } = "";
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public List<RoleGrant> Roles { get; set; } = [];

    public static UserAccount Create(UserRegistered e) =>
        new() { UserId = e.UserId, SchoolId = e.SchoolId, UserName = e.UserName, DisplayName = e.DisplayName };

    public void Apply(PasswordSet e) => PasswordHash = e.PasswordHash;

    public void Apply(RoleGranted e) => Roles.Add(e.Grant);
}
