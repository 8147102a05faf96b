using System.Security.Cryptography;
using System.Text;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>Who sends an account command, as the decisions see it: the system itself (seeding, the
/// create-admin command, first start; <see cref="Actor.UserId"/> is empty) or a signed-in user with their
/// account snapshot as it is now, not as their cookie remembers it.</summary>
public sealed record Acting(Actor By, UserAccount? Account)
{
    public const string SystemUserName = "sistem";

    /// <summary>Only server code builds an actor without a user id; the web layer never does.</summary>
    public bool IsSystem => By.UserId == Guid.Empty;

    public bool CanManageUsers => IsSystem || Account is { IsActiveAdmin: true } a && a.SchoolId == By.SchoolId;

    public static Actor SystemActor(string schoolId) => new(Guid.Empty, SystemUserName, schoolId);

    public static Acting System(string schoolId) => new(SystemActor(schoolId), null);

    public static Acting User(UserAccount account) => new(new Actor(account.UserId, account.UserName, account.SchoolId), account);
}

/// <summary>Checks and loads shared by the account decisions; messages in Bahasa Indonesia.</summary>
public static class AccountRules
{
    public static readonly DomainError AdminRequired =
        new("user.admin_required", "Hanya admin sekolah yang dapat mengelola pengguna dan peran.");

    public static readonly DomainError UserNotFound = new("user.not_found", "Pengguna tidak ditemukan.");

    public static readonly DomainError LastAdmin = new("user.last_admin",
        "Sekolah harus punya minimal satu admin aktif. Jadikan pengguna lain admin terlebih dahulu.");

    /// <summary>The usual start of an admin decision: who may act, and on whom.</summary>
    public static Decision? Guard(UserAccount? user, Acting by)
    {
        if (!by.CanManageUsers)
            return Decision.Reject(OutcomeStatus.Forbidden, AdminRequired);
        if (user is null)
            return Decision.Reject(OutcomeStatus.NotFound, UserNotFound);
        return null;
    }

    /// <summary>The shape a grant must have: admin is school-wide; the other roles belong to a term;
    /// only a homeroom teacher (wali kelas) names a class.</summary>
    public static DomainError? Shape(RoleGrant? grant)
    {
        if (grant is null || !Enum.IsDefined(grant.Role))
            return new DomainError("role.unknown", "Peran tidak dikenal.");
        if (grant.Role == Role.Admin)
            return grant.TermId is null && grant.ClassId is null
                ? null
                : new DomainError("role.admin_school_wide", "Peran admin berlaku untuk seluruh sekolah, tanpa semester atau kelas.");
        if (grant.TermId is null || grant.TermId == Guid.Empty)
            return new DomainError("role.term_required", "Pilih semester untuk peran ini.");
        if (grant.Role == Role.HomeroomTeacher)
            return grant.ClassId is null || grant.ClassId == Guid.Empty
                ? new DomainError("role.class_required", "Wali kelas harus dikaitkan dengan satu kelas.")
                : null;
        return grant.ClassId is null ? null : new DomainError("role.class_not_allowed", "Hanya peran wali kelas yang dikaitkan dengan kelas.");
    }

    public static Task<UserAccount?> LoadAsync(IQuerySession session, string schoolId, Guid userId, CancellationToken ct) =>
        session.LoadAsync<UserAccount>(StreamKeys.User(schoolId, userId), ct);

    public static async Task<Acting> ActingAsync(IQuerySession session, Actor by, CancellationToken ct) =>
        by.UserId == Guid.Empty ? new Acting(by, null) : new Acting(by, await LoadAsync(session, by.SchoolId, by.UserId, ct));

    /// <summary>How many active admins the school has, counted while holding the school's admin lock, so
    /// that two admins removing each other at the same moment cannot leave the school without one.
    /// Call it inside the command's transaction (after the pipeline has locked the target's stream).</summary>
    public static async Task<int> ActiveAdminsAsync(IDocumentSession session, string schoolId, CancellationToken ct)
    {
        var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("eraport/admins/" + schoolId)));
        await session.QueryAsync<int>("select 1 from (select pg_advisory_xact_lock(?)) as l", ct, key);
        var accounts = await session.Query<UserAccount>().Where(u => u.SchoolId == schoolId && !u.Disabled).ToListAsync(ct);
        return accounts.Count(a => a.IsAdmin);
    }
}
