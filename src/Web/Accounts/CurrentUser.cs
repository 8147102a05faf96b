using System.Security.Claims;
using ERaport.Write.Accounts;
using ERaport.Write.Common;

namespace ERaport.Web.Accounts;

/// <summary>Who is signed in, read from the authentication cookie's claims.</summary>
public static class CurrentUser
{
    public const string SchoolClaim = "school";
    public const string DisplayNameClaim = "display_name";
    public const string HomeroomClassClaim = "homeroom_class";

    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    public static string SchoolId(this ClaimsPrincipal user) => user.FindFirstValue(SchoolClaim) ?? "";

    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(DisplayNameClaim) ?? user.Identity?.Name ?? "";

    public static bool Has(this ClaimsPrincipal user, Role role) => user.IsInRole(role.ToString());

    public static bool IsHomeroomTeacherOf(this ClaimsPrincipal user, Guid classId) =>
        user.HasClaim(HomeroomClassClaim, classId.ToString());

    public static Actor ToActor(this ClaimsPrincipal user) => new(user.UserId(), user.Identity?.Name ?? "", user.SchoolId());

    public static ClaimsPrincipal FromAccount(UserAccount account, string authenticationType) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, account.UserId.ToString()),
            new Claim(ClaimTypes.Name, account.UserName),
            new Claim(DisplayNameClaim, account.DisplayName),
            new Claim(SchoolClaim, account.SchoolId),
            .. account.Roles.Select(r => r.Role).Distinct().Select(r => new Claim(ClaimTypes.Role, r.ToString())),
            .. account.Roles.Where(r => r is { Role: Role.HomeroomTeacher, ClassId: not null })
                .Select(r => new Claim(HomeroomClassClaim, r.ClassId!.Value.ToString())),
        ], authenticationType, ClaimTypes.Name, ClaimTypes.Role));
}
