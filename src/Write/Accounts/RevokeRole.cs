using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>Takes a role away. Only an admin may, and never the last active admin's admin role. Taking the wali kelas role
/// from the wali kelas named on the class also leaves the class without one (<see cref="HomeroomTeacherRole"/>). The guru role
/// of a term is not taken from a teacher who still teaches gradebooks of that term: they are handed over first, as a
/// gradebook only goes to a teacher with that role.</summary>
public sealed record RevokeRole(Guid CommandId, Guid UserId, RoleGrant Grant, Actor By, EntrySource Source) : ICommand;

public sealed record RoleRevoked(RoleGrant Grant);

/// <summary>A gradebook a teacher still teaches, named as people name it ("Matematika X-1").</summary>
public sealed record TaughtGradebook(string SubjectName, string ClassName);

public static class RevokeRoleHandler
{
    /// <summary><paramref name="activeAdmins"/>: the school's active admins now, the target included.</summary>
    public static Decision Decide(UserAccount? user, Acting by, int activeAdmins, RevokeRole c)
    {
        if (AccountRules.Guard(user, by) is { } refused)
            return refused;
        if (c.Grant is null || !user!.Roles.Contains(c.Grant))
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("role.not_granted", "Pengguna ini tidak memiliki peran tersebut."));
        if (c.Grant.Role == Role.Admin && user.IsActiveAdmin && activeAdmins <= 1)
            return Decision.Reject(OutcomeStatus.Conflict, AccountRules.LastAdmin);
        return Decision.Append(new RoleRevoked(c.Grant));
    }

    public const string TeacherHasGradebooks = "role.teacher_has_gradebooks";

    /// <summary>How many gradebooks the refusal names before "dan N lainnya".</summary>
    public const int GradebooksNamed = 5;

    /// <summary>The guru role of a term, decided with <paramref name="teaching"/>: the gradebooks of that term the user is teacher
    /// of record of, in the order they are named. While there is any, the role stays, else they would be left with a teacher
    /// the school no longer counts as one (the teaching-assignment forms refuse to name such a teacher). A disabled account's
    /// gradebooks are only flagged (<see cref="DisableUser"/>); its role is decided the same way.</summary>
    public static Decision DecideWithGradebooks(UserAccount? user, Acting by, IReadOnlyList<TaughtGradebook> teaching, RevokeRole c)
    {
        var decision = Decide(user, by, int.MaxValue, c);
        if (!decision.IsAccepted || c.Grant.Role != Role.Teacher || teaching.Count == 0)
            return decision;
        return Decision.Reject(OutcomeStatus.Conflict, new DomainError(TeacherHasGradebooks,
            $"{user!.DisplayName} masih mengampu {teaching.Count} buku nilai di semester ini: " +
            $"{Text.Named([.. teaching.Select(g => $"{g.SubjectName} {g.ClassName}")], GradebooksNamed)}. Peran gurunya baru dapat dicabut setelah " +
            "buku nilai itu diserahkan kepada guru lain: \"Serahkan semua buku nilai\" di halaman akunnya (Pengguna), atau ganti guru " +
            "per kelas di Data induk › Pembelajaran (/data/pembelajaran).",
            new Dictionary<string, object?> { ["termId"] = c.Grant.TermId, ["gradebooks"] = teaching.Count }));
    }

    /// <summary>The wali kelas role, decided with its class: <paramref name="accounts"/> are the school's accounts named or
    /// holding the class's role, the user's own among them. A role held without being named (given before the class form
    /// gave it) just goes.</summary>
    public static MultiDecision DecideWithClass(Acting by, SchoolClass? schoolClass, IReadOnlyList<UserAccount> accounts, RevokeRole c)
    {
        var decision = Decide(accounts.FirstOrDefault(a => a.UserId == c.UserId), by, int.MaxValue, c);
        if (!decision.IsAccepted || schoolClass is not { } k || k.HomeroomTeacherId != c.UserId || k.TermId != c.Grant.TermId)
            return MultiDecision.From(decision, StreamKeys.User(by.By.SchoolId, c.UserId), typeof(UserAccount));
        return HomeroomTeacherRole.With(Decision.Append(new ClassUpdated(k.ClassId, k.TermId, k.Name, k.Level, k.Phase, null)), by.By.SchoolId, false,
            new NamedHomeroomTeacher(k.ClassId, k.TermId, null), accounts);
    }

    public static async Task<CommandOutcome> Handle(RevokeRole c, IDocumentSession session, CancellationToken ct)
    {
        if (c.Grant is { Role: Role.HomeroomTeacher, ClassId: { } classId })
            // Under the school's master-data lock, as every class change; receipted under the user's stream key as before.
            return await MasterData.ExecuteMany(session, c, StreamKeys.User(c.By.SchoolId, c.UserId), async (by, locks) =>
            {
                var k = await session.LoadAsync<SchoolClass>(StreamKeys.Class(c.By.SchoolId, classId), ct);
                var accounts = await HomeroomTeacherRole.AccountsAsync(session, locks, c.By.SchoolId,
                    [new(classId, c.Grant.TermId ?? Guid.Empty, c.UserId), .. k is null ? [] : new[] { new NamedHomeroomTeacher(k.ClassId, k.TermId, k.HomeroomTeacherId) }], ct);
                return DecideWithClass(by, k, accounts, c);
            }, ct);
        if (c.Grant is { Role: Role.Teacher, TermId: { } termId })
            // Under the school's master-data lock, which every change of a gradebook's teacher takes (opening one too), so no
            // gradebook of the term goes to the teacher between looking for theirs and the role going.
            return await MasterData.ExecuteMany(session, c, StreamKeys.User(c.By.SchoolId, c.UserId), async (by, locks) =>
            {
                var user = await locks.FetchAsync<UserAccount>(StreamKeys.User(c.By.SchoolId, c.UserId));
                var teaching = await TeachingAsync(session, c.By.SchoolId, c.UserId, termId, ct);
                return MultiDecision.From(DecideWithGradebooks(user, by, teaching, c), StreamKeys.User(c.By.SchoolId, c.UserId), typeof(UserAccount));
            }, ct);
        var by = await AccountRules.ActingAsync(session, c.By, ct);
        return await CommandPipeline.Execute<UserAccount>(session, c, StreamKeys.User(c.By.SchoolId, c.UserId),
            async user => Decide(user, by,
                c.Grant?.Role == Role.Admin ? await AccountRules.ActiveAdminsAsync(session, c.By.SchoolId, ct) : int.MaxValue, c), ct);
    }

    /// <summary>The gradebooks <paramref name="teacherId"/> teaches in <paramref name="termId"/>, named, by tingkat, then class as
    /// people count them (X-2 before X-10), then the subject's place on the rapor.</summary>
    private static async Task<IReadOnlyList<TaughtGradebook>> TeachingAsync(IDocumentSession session, string schoolId, Guid teacherId, Guid termId,
        CancellationToken ct)
    {
        var gradebooks = await GradebookRules.OfTeacher(session, schoolId, teacherId, termId).Select(g => new { g.ClassId, g.SubjectId }).ToListAsync(ct);
        if (gradebooks.Count == 0)
            return [];
        var classes = (await session.LoadManyAsync<SchoolClass>(ct, [.. gradebooks.Select(g => StreamKeys.Class(schoolId, g.ClassId)).Distinct()]))
            .ToDictionary(k => k.ClassId);
        var subjects = (await session.LoadManyAsync<Subject>(ct, [.. gradebooks.Select(g => StreamKeys.Subject(schoolId, g.SubjectId)).Distinct()]))
            .ToDictionary(s => s.SubjectId);
        return [.. gradebooks
            .Select(g => (Class: classes.GetValueOrDefault(g.ClassId), Subject: subjects.GetValueOrDefault(g.SubjectId)))
            .OrderBy(g => g.Class?.Level).ThenBy(g => SchoolClass.OrderKey(g.Class?.Name ?? ""), StringComparer.Ordinal)
            .ThenBy(g => g.Subject?.Order).ThenBy(g => g.Subject?.Name, StringComparer.Ordinal)
            .Select(g => new TaughtGradebook(g.Subject?.Name ?? "?", g.Class?.Name ?? "?"))];
    }
}
