using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using Marten;
using Marten.Events;

namespace ERaport.Write.Grading;

/// <summary>Who may lock and unlock a class's grades and decide on corrections, and what a lock covers. A
/// lock is an event on each gradebook of the class and on each enrolled student's report card, appended in
/// one transaction (DESIGN.md), so each stream's own decisions enforce it.</summary>
public static class ClassLock
{
    public static readonly DomainError NotAllowed = new("lock.not_allowed", "Hanya wali kelas ini atau admin yang dapat mengunci nilai kelas.");

    public static readonly DomainError PrincipalRequired =
        new("role.principal_required", "Hanya kepala sekolah semester ini yang dapat melakukan ini.");

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

    /// <summary>Who locked the class's grades and when; null: not locked. A lock or unlock always covers every gradebook of
    /// the class (one transaction, under the class's homeroom lock), so one locked gradebook means the class is locked; a
    /// class with no gradebook was never locked (<see cref="LockClassHandler"/> refuses it). A class left partly locked by a
    /// gradebook opened after its lock, before gradebooks started locked, counts as locked.</summary>
    public static async Task<ChangeStamp?> LockAsync(IQuerySession session, string schoolId, Guid classId, CancellationToken ct)
    {
        var prefix = MasterData.Prefix(schoolId, "gradebook");
        var locked = (await session.Query<Gradebook>().Where(g => g.Id.StartsWith(prefix) && g.ClassId == classId && g.Locked).Select(g => g.Id)
            .ToListAsync(ct)).ToArray();
        if (locked.Length == 0)
            return null;
        var locks = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey.IsOneOf(locked) && e.EventTypesAre(typeof(GradebookLocked)))
            .OrderByDescending(e => e.Sequence)
            .ToListAsync(ct);
        // The newest lock of the class itself (a locked class's gradebooks always hold one), not an opening's, which may
        // have been stored before openings carried the class's lock and so name the admin who opened the gradebook. Should
        // that ever not hold, the opening's stamp is still better than refusing to open the gradebook.
        var classLock = locks.FirstOrDefault(e => e.Data is GradebookLocked { AtOpening: false }) ?? locks[0];
        return ((GradebookLocked)classLock.Data).Lock(classLock);
    }

    /// <summary>Everything a lock or unlock covers, locked for this command: the report cards of the class by
    /// the homeroom lock (as every report card writer does), then each gradebook's stream in key order.</summary>
    public static async Task<ClassLockState> FetchAsync(IDocumentSession session, StreamLocks locks, Actor by, Guid classId, CancellationToken ct)
    {
        await HomeroomRules.LockClassAsync(session, by.SchoolId, classId, ct);
        var acting = await AccountRules.ActingAsync(session, by, ct);
        var schoolClass = await session.LoadAsync<SchoolClass>(StreamKeys.Class(by.SchoolId, classId), ct);
        if (schoolClass is null)
            return new ClassLockState(acting, null, [], new Dictionary<Guid, ReportCard>());
        var gradebooks = new List<(string, Gradebook)>();
        foreach (var key in await GradebookKeysAsync(session, by.SchoolId, classId, ct))
            if (await locks.FetchAsync<Gradebook>(key) is { } gradebook)
                gradebooks.Add((key, gradebook));
        var keys = schoolClass.StudentIds.ToDictionary(id => StreamKeys.ReportCard(by.SchoolId, schoolClass.TermId, id));
        var cards = keys.Count == 0 ? [] : (await session.LoadManyAsync<ReportCard>(ct, keys.Keys)).ToDictionary(card => keys[card.Id]);
        return new ClassLockState(acting, schoolClass, gradebooks, cards);
    }

    /// <summary>A lock or unlock: everything it covers fetched and locked, decided, appended in one transaction.</summary>
    public static Task<CommandOutcome> ExecuteAsync(IDocumentSession session, ICommand command, Guid classId, string what,
        Func<ClassLockState, MultiDecision> decide, CancellationToken ct) =>
        CommandPipeline.ExecuteMany(session, command, $"{command.By.SchoolId}/{what}/{command.CommandId:N}",
            async locks => decide(await FetchAsync(session, locks, command.By, classId, ct)), ct);

    /// <summary>The lock's events: <paramref name="gradebookEvent"/> on each gradebook <paramref name="gradebookNeeds"/>,
    /// <paramref name="cardEvent"/> on each enrolled student's report card <paramref name="cardNeeds"/> (started when new).</summary>
    public static IReadOnlyList<StreamEvents> Events(ClassLockState s, Func<Gradebook, bool> gradebookNeeds, object gradebookEvent,
        Func<ReportCard?, bool> cardNeeds, object cardEvent) =>
    [
        .. s.Gradebooks.Where(g => gradebookNeeds(g.Gradebook)).Select(g => new StreamEvents(g.Key, typeof(Gradebook), false, [gradebookEvent])),
        .. s.Class!.StudentIds.Order().Where(id => cardNeeds(s.Cards.GetValueOrDefault(id))).Select(id =>
            new StreamEvents(StreamKeys.ReportCard(s.By.By.SchoolId, s.Class.TermId, id), typeof(ReportCard), !s.Cards.ContainsKey(id), [cardEvent])),
    ];
}

/// <summary>What a lock or unlock decision sees: who acts, the class, its gradebooks (with their stream keys)
/// and the report cards its students already have.</summary>
public sealed record ClassLockState(
    Acting By, SchoolClass? Class, IReadOnlyList<(string Key, Gradebook Gradebook)> Gradebooks, IReadOnlyDictionary<Guid, ReportCard> Cards);
