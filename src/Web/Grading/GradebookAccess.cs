using System.Security.Claims;
using ERaport.Read.Grading;
using ERaport.Web.Accounts;
using ERaport.Web.ReportCards;
using ERaport.Write.Accounts;

namespace ERaport.Web.Grading;

/// <summary>Who may see and who may change a gradebook's scores. The write side enforces the same
/// "teacher of record" rule again in its decision.</summary>
public static class GradebookAccess
{
    public static bool CanEdit(this ClaimsPrincipal user, GradebookSummary gradebook) => user.UserId() == gradebook.TeacherId;

    public static bool CanView(this ClaimsPrincipal user, GradebookSummary gradebook) =>
        user.CanView(gradebook.TeacherId, gradebook.TermId, gradebook.ClassId);

    /// <summary>Whether a link to the gradebook leads anywhere: pages that list other people's gradebooks (an admin's
    /// teaching assignments, a student's scores in other classes) link only those the user may open.</summary>
    public static bool CanView(this ClaimsPrincipal user, Guid teacherId, Guid termId, Guid classId) =>
        user.UserId() == teacherId || user.IsPrincipalOf(termId) || user.IsHomeroomTeacherOf(classId);

    public static bool CanView(this ClaimsPrincipal user, ScoresInClass scores) => user.CanView(scores.TeacherId, scores.TermId, scores.ClassId);

    /// <summary>Who may see a class's lock status and its subjects' completion (the lock page and its API): those who see its
    /// report cards (its wali kelas, the principal of its term, the admin) and the teachers of its gradebooks.</summary>
    public static bool CanSeeLock(this ClaimsPrincipal user, ClassLockView view) =>
        user.CanSeeReportCards(view.ClassId, view.TermId) || view.Gradebooks.Any(g => g.Gradebook.TeacherId == user.UserId());

    /// <summary>The lock API's answer to anyone else.</summary>
    public const string LockRefusedCode = "lock.forbidden";

    public const string LockRefusal = "Status kunci nilai kelas ini hanya untuk wali kelasnya, guru yang mengajar di kelas ini, kepala sekolah dan admin.";

    /// <summary>The score template holds every student's scores, for filling in (the teacher) or checking (the principal).</summary>
    public static bool CanDownloadTemplate(this ClaimsPrincipal user, GradebookSummary gradebook) =>
        user.CanEdit(gradebook) || user.IsPrincipalOf(gradebook.TermId);

    /// <summary>Whether the user holds a role that reads grades: an admin alone manages data and the system, not grades, so
    /// the history explorer would show them nothing.</summary>
    public static bool ReadsGrades(this ClaimsPrincipal user) =>
        user.Has(Role.Principal) || user.Has(Role.HomeroomTeacher) || user.Has(Role.Teacher);

    /// <summary>The code of the history explorer's refusal of a user who <see cref="ReadsGrades">reads no grades</see>, in its
    /// JSON and CSV API.</summary>
    public const string HistoryRefusedCode = "audit.no_grade_role";

    /// <summary>Why the history explorer (the page, its JSON and its CSV) refuses a user who reads no grades, rather than
    /// answering with an empty list as if nothing had changed.</summary>
    public const string HistoryRefusal = "Riwayat perubahan nilai adalah halaman kepala sekolah, untuk memeriksa " +
        "perubahan nilai bila ada keberatan; guru dan wali kelas melihat di sini perubahan di buku nilai mereka sendiri. Akun Anda tidak " +
        "memegang peran itu (admin mengelola data dan sistem, bukan nilai), jadi tidak ada yang dapat ditampilkan untuk Anda.";

    /// <summary>The gradebooks a user's home page, the API and the history explorer list: the same ones <see cref="CanView"/> opens.</summary>
    public static GradebookFilter VisibleGradebooks(this ClaimsPrincipal user) =>
        new(user.UserId(), user.HomeroomClassIds(), user.PrincipalTermIds());
}
