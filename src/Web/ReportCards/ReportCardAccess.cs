using System.Security.Claims;
using ERaport.Web.Accounts;
using ERaport.Write.Accounts;

namespace ERaport.Web.ReportCards;

/// <summary>Who may see and print a class's report cards and leger: its wali kelas, the principal and the admin
/// (who prints for the school); subject teachers see grades through their gradebooks only.</summary>
public static class ReportCardAccess
{
    public static bool CanSeeReportCards(this ClaimsPrincipal user, Guid classId) =>
        user.Has(Role.Principal) || user.Has(Role.Admin) || user.IsHomeroomTeacherOf(classId);

    /// <summary>Whether the user sees report cards of every class (else only of the classes they are wali kelas of).</summary>
    public static bool SeesEveryClass(this ClaimsPrincipal user) => user.Has(Role.Principal) || user.Has(Role.Admin);
}
