using System.Security.Claims;
using ERaport.Read.Grading;
using ERaport.Web.Accounts;
using ERaport.Write.Accounts;

namespace ERaport.Web.Grading;

/// <summary>Who may see and who may change a gradebook's scores. The write side enforces the same
/// "teacher of record" rule again in its decision.</summary>
public static class GradebookAccess
{
    public static bool CanEdit(this ClaimsPrincipal user, GradebookSummary gradebook) => user.UserId() == gradebook.TeacherId;

    public static bool CanView(this ClaimsPrincipal user, GradebookSummary gradebook) =>
        user.CanEdit(gradebook) || user.Has(Role.Principal) || user.IsHomeroomTeacherOf(gradebook.ClassId);

    /// <summary>The gradebooks a user's home page and the API list: all of them for the principal.</summary>
    public static GradebookFilter? VisibleGradebooks(this ClaimsPrincipal user) =>
        user.Has(Role.Principal)
            ? null
            : new GradebookFilter(user.UserId(), user.HomeroomClassIds());
}
