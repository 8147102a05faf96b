using System.Security.Claims;
using ERaport.Read.Grading;
using ERaport.Web.Accounts;

namespace ERaport.Web.Grading;

/// <summary>Who may see and who may change a gradebook's scores. The write side enforces the same
/// "teacher of record" rule again in its decision.</summary>
public static class GradebookAccess
{
    public static bool CanEdit(this ClaimsPrincipal user, GradebookSummary gradebook) => user.UserId() == gradebook.TeacherId;

    public static bool CanView(this ClaimsPrincipal user, GradebookSummary gradebook) =>
        user.CanEdit(gradebook) || user.IsPrincipalOf(gradebook.TermId) || user.IsHomeroomTeacherOf(gradebook.ClassId);

    /// <summary>The score template holds every student's scores, for filling in (the teacher) or checking (the principal).</summary>
    public static bool CanDownloadTemplate(this ClaimsPrincipal user, GradebookSummary gradebook) =>
        user.CanEdit(gradebook) || user.IsPrincipalOf(gradebook.TermId);

    /// <summary>The gradebooks a user's home page, the API and the history explorer list: the same ones <see cref="CanView"/> opens.</summary>
    public static GradebookFilter VisibleGradebooks(this ClaimsPrincipal user) =>
        new(user.UserId(), user.HomeroomClassIds(), user.PrincipalTermIds());
}
