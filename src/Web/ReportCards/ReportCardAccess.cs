using System.Security.Claims;
using ERaport.Web.Accounts;
using ERaport.Write.Accounts;

namespace ERaport.Web.ReportCards;

/// <summary>Who may see and print a class's report cards and leger: its wali kelas, the principal of its term and the
/// admin (who prints for the school); subject teachers see grades through their gradebooks only.</summary>
public static class ReportCardAccess
{
    public static bool CanSeeReportCards(this ClaimsPrincipal user, Guid classId, Guid termId) =>
        user.IsPrincipalOf(termId) || user.Has(Role.Admin) || user.IsHomeroomTeacherOf(classId);

    /// <summary>Who may read the wali kelas pages that change nothing, the class's grade progress and the history of its
    /// report-card data (who changed what, when and why), and a card compared between two moments (which says the same):
    /// its wali kelas and the principal of its term, as for a score's history; the admin, who reads no history, does not.</summary>
    public static bool CanReadHomeroomPages(this ClaimsPrincipal user, Guid classId, Guid termId) =>
        user.IsHomeroomTeacherOf(classId) || user.IsPrincipalOf(termId);
}
