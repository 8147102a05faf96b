using ERaport.Read.ReadModel;
using ERaport.Read.School;
using ERaport.Write.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.Accounts;

/// <summary>A role as the admin reads it: term and class by name.</summary>
public sealed record UserRoleItem(Role Role, Guid? TermId, string? SchoolYear, int? Semester, Guid? ClassId, string? ClassName)
{
    public RoleGrant Grant => new(Role, TermId, ClassId);
}

public sealed record UserListItem(
    Guid UserId, string UserName, string DisplayName, string? Nip, bool Disabled, bool OneTimePassword, DateTimeOffset? LockedUntil,
    IReadOnlyList<UserRoleItem> Roles)
{
    public bool IsLockedOut(DateTimeOffset now) => LockedUntil > now;
}

/// <summary>One account change for the audit list, newest first; <see cref="ChangedByName"/> is the display
/// name of whoever made it when known.</summary>
public sealed record AccountChange(
    long Sequence, AccountChangeKind Kind, UserRoleItem? Role, string? Detail, DateTimeOffset? Until,
    string ChangedBy, string ChangedByName, DateTimeOffset ChangedAt, string Source);

public sealed record UserDetail(UserListItem User, IReadOnlyList<AccountChange> History);

/// <summary>The users of a school with their roles and states, for the admin pages and the users API.</summary>
public static class UserAdminQuery
{
    public static async Task<List<UserListItem>> ListAsync(ReadModelDb db, string schoolId, CancellationToken ct, Guid? userId = null)
    {
        var users = await db.Users.Where(u => u.SchoolId == schoolId && (userId == null || u.UserId == userId)).ToListAsync(ct);
        var roles = (await db.UserRoles.Where(r => r.SchoolId == schoolId && r.Active && (userId == null || r.UserId == userId)).ToListAsync(ct))
            .ToLookup(r => r.UserId);
        var flags = (await db.UserFlags.Where(f => f.SchoolId == schoolId && f.Active && (userId == null || f.UserId == userId)).ToListAsync(ct))
            .ToLookup(f => f.UserId);
        var names = await NamesAsync(db, schoolId, ct);
        return users
            .Select(u => new UserListItem(u.UserId, u.UserName, u.DisplayName, u.Nip,
                flags[u.UserId].Any(f => f.Flag == UserFlag.Disabled),
                flags[u.UserId].Any(f => f.Flag == UserFlag.OneTimePassword),
                flags[u.UserId].FirstOrDefault(f => f.Flag == UserFlag.LockedOut)?.Until,
                roles[u.UserId].Select(r => names.Describe(r.Role, r.TermId, r.ClassId))
                    .OrderBy(r => r.Role).ThenByDescending(r => r.SchoolYear).ThenByDescending(r => r.Semester).ThenByClassName(r => r.ClassName).ToList()))
            .OrderBy(u => u.Disabled).ThenBy(u => u.UserName, StringComparer.Ordinal)
            .ToList();
    }

    public static async Task<UserDetail?> DetailAsync(ReadModelDb db, string schoolId, Guid userId, CancellationToken ct)
    {
        var user = (await ListAsync(db, schoolId, ct, userId)).SingleOrDefault();
        if (user is null)
            return null;
        var names = await NamesAsync(db, schoolId, ct);
        var changes = await (
            from c in db.AccountChanges
            where c.SchoolId == schoolId && c.UserId == userId
            join u in db.Users on c.ChangedBy equals u.UserName into changers
            from u in changers.DefaultIfEmpty()
            select new { Change = c, Name = u == null ? null : u.DisplayName }).ToListAsync(ct);
        return new UserDetail(user,
        [
            .. changes.OrderByDescending(x => x.Change.Sequence).Select(x => new AccountChange(x.Change.Sequence, x.Change.Kind,
                x.Change.Role is { } role ? names.Describe(role, x.Change.TermId ?? Guid.Empty, x.Change.ClassId ?? Guid.Empty) : null,
                x.Change.Detail, x.Change.Until, x.Change.ChangedBy, x.Name ?? x.Change.ChangedBy, x.Change.ChangedAt, x.Change.Source)),
        ]);
    }

    private static async Task<Names> NamesAsync(ReadModelDb db, string schoolId, CancellationToken ct) => new(
        await db.Terms.Where(t => t.SchoolId == schoolId).ToDictionaryAsync(t => t.TermId, t => (t.SchoolYear, t.Semester), ct),
        await db.Classes.Where(c => c.SchoolId == schoolId).ToDictionaryAsync(c => c.ClassId, c => c.Name, ct));

    private sealed record Names(Dictionary<Guid, (string SchoolYear, int Semester)> Terms, Dictionary<Guid, string> Classes)
    {
        public UserRoleItem Describe(Role role, Guid termId, Guid classId)
        {
            var term = Terms.TryGetValue(termId, out var t) ? t : default((string SchoolYear, int Semester)?);
            return new UserRoleItem(role, termId == Guid.Empty ? null : termId, term?.SchoolYear, term?.Semester,
                classId == Guid.Empty ? null : classId, Classes.GetValueOrDefault(classId));
        }
    }
}
