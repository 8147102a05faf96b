namespace ERaport.Read.Accounts;

/// <summary>Names to show next to a user name in grids and histories.</summary>
public sealed record UserRow(Guid UserId, string SchoolId, string UserName, string DisplayName, string? Nip);
