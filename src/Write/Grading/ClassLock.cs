using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>Who may lock and unlock a class's grades and decide on corrections, and the gradebooks a lock
/// covers. A lock is an event on each gradebook of the class (DESIGN.md), so each gradebook's own decisions
/// enforce it.</summary>
public static class ClassLock
{
    public static readonly DomainError NotAllowed = new("lock.not_allowed", "Hanya wali kelas ini atau admin yang dapat mengunci nilai kelas.");

    public static readonly DomainError PrincipalRequired =
        new("principal_required", "Hanya kepala sekolah semester ini yang dapat melakukan ini.");

    public static readonly DomainError ClassNotFound = new("class.not_found", "Kelas tidak ditemukan.");

    /// <summary>The class's wali kelas in its term (by role), an active admin of the school, or the system.</summary>
    public static bool MayLock(Acting by, SchoolClass schoolClass) =>
        by.IsSystem
        || by.Account is { Disabled: false } a && a.SchoolId == by.By.SchoolId
            && (a.IsAdmin || a.Roles.Contains(new RoleGrant(Role.HomeroomTeacher, schoolClass.TermId, schoolClass.ClassId)));

    /// <summary>The kepala sekolah of the term, active. Not the admin: the admin manages data, not grades.</summary>
    public static bool IsPrincipal(Acting by, Guid termId) =>
        by.Account is { Disabled: false } a && a.SchoolId == by.By.SchoolId && a.Roles.Contains(new RoleGrant(Role.Principal, termId, null));

    /// <summary>The keys of the class's gradebooks, in order (streams are always locked in key order).</summary>
    public static async Task<IReadOnlyList<string>> GradebookKeysAsync(IQuerySession session, string schoolId, Guid classId, CancellationToken ct)
    {
        var prefix = MasterData.Prefix(schoolId, "gradebook");
        var keys = await session.Query<Gradebook>().Where(g => g.Id.StartsWith(prefix) && g.ClassId == classId).Select(g => g.Id).ToListAsync(ct);
        return [.. keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>Fetches the class and its gradebooks for writing, each locked until the command ends.</summary>
    public static async Task<(SchoolClass? Class, IReadOnlyList<(string Key, Gradebook Gradebook)> Gradebooks)> FetchAsync(
        IDocumentSession session, StreamLocks locks, string schoolId, Guid classId, CancellationToken ct)
    {
        var schoolClass = await session.LoadAsync<SchoolClass>(StreamKeys.Class(schoolId, classId), ct);
        var gradebooks = new List<(string, Gradebook)>();
        if (schoolClass is not null)
            foreach (var key in await GradebookKeysAsync(session, schoolId, classId, ct))
                if (await locks.FetchAsync<Gradebook>(key) is { } gradebook)
                    gradebooks.Add((key, gradebook));
        return (schoolClass, gradebooks);
    }
}
