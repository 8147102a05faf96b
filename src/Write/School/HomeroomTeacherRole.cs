using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>A class's wali kelas as a class decision leaves it: the class, its term and the teacher named (null: none).</summary>
public sealed record NamedHomeroomTeacher(Guid ClassId, Guid TermId, Guid? TeacherId);

/// <summary>The wali kelas named on a class is the one source of truth; the wali kelas role (what lets a teacher open the
/// class) follows it. Every command that names, replaces or removes a wali kelas appends, in the same transaction, the role
/// events that make the accounts agree: the named teacher holds the role for that class and term, nobody else does.</summary>
public static class HomeroomTeacherRole
{
    public static RoleGrant Of(Guid termId, Guid classId) => new(Role.HomeroomTeacher, termId, classId);

    /// <summary>The <see cref="RoleGranted"/> and <see cref="RoleRevoked"/> events, per account stream, that make
    /// <paramref name="accounts"/> match <paramref name="classes"/>; <paramref name="accounts"/> must hold every account that
    /// is named or holds one of these classes' role (<see cref="AccountsAsync"/>). One account's events for several classes
    /// go in one stream entry.</summary>
    public static IReadOnlyList<StreamEvents> Follow(string schoolId, IEnumerable<NamedHomeroomTeacher> classes, IEnumerable<UserAccount> accounts)
    {
        var named = classes.ToList();
        return
        [
            .. accounts.OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => new StreamEvents(StreamKeys.User(schoolId, a.UserId), typeof(UserAccount), false,
                [.. named.SelectMany(k => Change(a, k))])).Where(s => s.Events.Count > 0),
        ];
    }

    private static IEnumerable<object> Change(UserAccount account, NamedHomeroomTeacher k)
    {
        var grant = Of(k.TermId, k.ClassId);
        var holds = account.Roles.Contains(grant);
        // A leaver kept as a class's wali kelas (until changed) is given nothing new.
        if (account.UserId == k.TeacherId && !holds && !account.Disabled)
            yield return new RoleGranted(grant);
        else if (account.UserId != k.TeacherId && holds)
            yield return new RoleRevoked(grant);
    }

    /// <summary>A single class's decision with the role events that follow its wali kelas, all in one transaction.</summary>
    public static MultiDecision With(Decision classDecision, string schoolId, bool isNewClass, NamedHomeroomTeacher named, IEnumerable<UserAccount> accounts)
    {
        if (!classDecision.IsAccepted)
            return MultiDecision.Reject(classDecision.Status, [.. classDecision.Errors]);
        var roles = Follow(schoolId, [named], accounts);
        return MultiDecision.Append(classDecision.Changes + roles.Sum(r => r.Events.Count),
            [new StreamEvents(StreamKeys.Class(schoolId, named.ClassId), typeof(SchoolClass), isNewClass, classDecision.Events), .. roles]);
    }

    /// <summary>Whether an account is one <see cref="Follow"/> must see for these classes.</summary>
    private static bool Concerns(UserAccount account, IEnumerable<NamedHomeroomTeacher> classes) =>
        classes.Any(k => account.UserId == k.TeacherId || account.Roles.Contains(Of(k.TermId, k.ClassId)));

    /// <summary>The school's accounts named for or holding the role of <paramref name="classes"/>, fetched for writing in key
    /// order (as <see cref="StreamLocks"/> requires: the Pengguna page's other commands, such as the guru role or disabling an
    /// account, do not take the school's lock; its wali kelas role does, through <see cref="GrantRoleHandler"/>).
    /// <paramref name="classes"/> carries both the teachers named now and those asked for.</summary>
    public static async Task<IReadOnlyList<UserAccount>> AccountsAsync(
        IDocumentSession session, StreamLocks locks, string schoolId, IReadOnlyCollection<NamedHomeroomTeacher> classes, CancellationToken ct)
    {
        var everyone = await session.Query<UserAccount>().Where(u => u.SchoolId == schoolId).ToListAsync(ct);
        var accounts = new List<UserAccount>();
        foreach (var key in everyone.Where(a => Concerns(a, classes)).Select(a => a.Id).Order(StringComparer.Ordinal))
            if (await locks.FetchAsync<UserAccount>(key) is { } account)
                accounts.Add(account);
        return accounts;
    }
}
