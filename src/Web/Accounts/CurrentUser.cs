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

    /// <summary>One per term the user is principal (kepala sekolah) of: reads follow the term, not the role alone.</summary>
    public const string PrincipalTermClaim = "principal_term";

    /// <summary>The account's security stamp when the cookie was issued: a different stamp ends the session.</summary>
    public const string StampClaim = "stamp";

    /// <summary>The account's version when the claims were made: a newer account refreshes them (roles).</summary>
    public const string VersionClaim = "account_version";

    public const string MustChangePasswordClaim = "must_change_password";

    /// <summary>When the password was last given (Unix seconds): a session ends this long after it, however busy.</summary>
    public const string SignedInAtClaim = "signed_in_at";

    /// <summary>Null for a cookie issued before sessions carried it.</summary>
    public static DateTimeOffset? SignedInAt(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(SignedInAtClaim), out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;

    public static string SchoolId(this ClaimsPrincipal user) => user.FindFirstValue(SchoolClaim) ?? "";

    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(DisplayNameClaim) ?? user.Identity?.Name ?? "";

    /// <summary>Whether the user holds the role in any term: what the navigation offers. Reading a term's data asks
    /// <see cref="IsPrincipalOf"/> or <see cref="IsHomeroomTeacherOf"/> instead.</summary>
    public static bool Has(this ClaimsPrincipal user, Role role) => user.IsInRole(role.ToString());

    public static bool MustChangePassword(this ClaimsPrincipal user) => user.HasClaim(MustChangePasswordClaim, "true");

    public static bool IsHomeroomTeacherOf(this ClaimsPrincipal user, Guid classId) =>
        user.HasClaim(HomeroomClassClaim, classId.ToString());

    public static bool IsPrincipalOf(this ClaimsPrincipal user, Guid termId) =>
        user.HasClaim(PrincipalTermClaim, termId.ToString());

    /// <summary>The terms whose every class this user sees as principal.</summary>
    public static IReadOnlyList<Guid> PrincipalTermIds(this ClaimsPrincipal user) =>
        [.. user.FindAll(PrincipalTermClaim).Select(c => Guid.Parse(c.Value))];

    /// <summary>The classes (each in its own term) this user is wali kelas of.</summary>
    public static IReadOnlyList<Guid> HomeroomClassIds(this ClaimsPrincipal user) =>
        [.. user.FindAll(HomeroomClassClaim).Select(c => Guid.Parse(c.Value))];

    /// <summary>The signed-in person as commands name them. Never the system actor (empty id), whatever the
    /// cookie holds: that one may register users without being an admin.</summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        var id = user.UserId();
        if (id == Guid.Empty)
            throw new InvalidOperationException("No signed-in user: a command cannot be sent on behalf of nobody.");
        return new Actor(id, user.Identity?.Name ?? "", user.SchoolId());
    }

    public static ClaimsPrincipal FromAccount(UserAccount account, string authenticationType, DateTimeOffset signedInAt) =>
        new(new ClaimsIdentity(
        [
            new Claim(SignedInAtClaim, signedInAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.NameIdentifier, account.UserId.ToString()),
            new Claim(ClaimTypes.Name, account.UserName),
            new Claim(DisplayNameClaim, account.DisplayName),
            new Claim(SchoolClaim, account.SchoolId),
            new Claim(StampClaim, account.SecurityStamp.ToString()),
            new Claim(VersionClaim, account.Version.ToString()),
            .. account.MustChangePassword ? [new Claim(MustChangePasswordClaim, "true")] : Array.Empty<Claim>(),
            .. account.Roles.Select(r => r.Role).Distinct().Select(r => new Claim(ClaimTypes.Role, r.ToString())),
            .. account.Roles.Where(r => r is { Role: Role.HomeroomTeacher, ClassId: not null })
                .Select(r => new Claim(HomeroomClassClaim, r.ClassId!.Value.ToString())),
            .. account.Roles.Where(r => r is { Role: Role.Principal, TermId: not null })
                .Select(r => new Claim(PrincipalTermClaim, r.TermId!.Value.ToString())),
        ], authenticationType, ClaimTypes.Name, ClaimTypes.Role));
}
