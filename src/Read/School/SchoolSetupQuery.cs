using ERaport.Read.Accounts;
using ERaport.Read.ReadModel;
using ERaport.Write.Accounts;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.School;

/// <summary>What an admin's home page counts for the newest term: the size of the school, and the gaps that stop
/// teachers or wali kelas from working (each zero when all is well). <see cref="DisabledTeachers"/>: whose disabled
/// accounts those gradebooks are on.</summary>
public sealed record SchoolSetup(
    TermRow? Term, bool ProfileMissing, int Classes, int EnrolledStudents, int Gradebooks, int Accounts,
    int ClassesWithoutHomeroomTeacher, int ClassesWithoutGradebooks, int GradebooksOfDisabledTeachers, int LockedOutAccounts, int DisabledAccounts,
    IReadOnlyList<Guid> DisabledTeachers, IReadOnlyList<Guid> HomeroomTeachersWithoutRole,
    TermRow? PreviousTerm = null, int StudentsNotPlaced = 0, int PlacedAgainstKeputusan = 0)
{
    public bool NeedsAttention => ProfileMissing || Term is null || ClassesWithoutHomeroomTeacher + ClassesWithoutGradebooks
        + GradebooksOfDisabledTeachers + LockedOutAccounts + HomeroomTeachersWithoutRole.Count + StudentsNotPlaced + PlacedAgainstKeputusan > 0;
}

public static class SchoolSetupQuery
{
    public static async Task<SchoolSetup> LoadAsync(ReadModelDb db, string schoolId, DateTimeOffset now, CancellationToken ct)
    {
        var profileMissing = !await db.Schools.AnyAsync(s => s.SchoolId == schoolId, ct);
        var flags = await db.UserFlags.Where(f => f.SchoolId == schoolId && f.Active && (f.Flag == UserFlag.Disabled || f.Flag == UserFlag.LockedOut))
            .ToListAsync(ct);
        var disabled = flags.Where(f => f.Flag == UserFlag.Disabled).Select(f => f.UserId).ToHashSet();
        var lockedOut = flags.Count(f => f.Flag == UserFlag.LockedOut && f.Until > now && !disabled.Contains(f.UserId));
        var accounts = await db.Users.CountAsync(u => u.SchoolId == schoolId, ct);
        var terms = await MasterDataQuery.TermsAsync(db, schoolId, ct);
        var term = terms.FirstOrDefault();
        if (term is null)
            return new SchoolSetup(null, profileMissing, 0, 0, 0, accounts, 0, 0, 0, lockedOut, disabled.Count, [], []);

        var classes = await db.Classes.Where(c => c.SchoolId == schoolId && c.TermId == term.TermId).ToListAsync(ct);
        var classIds = classes.Select(c => c.ClassId).ToList();
        var enrolled = await db.Enrollments.CountAsync(e => classIds.Contains(e.ClassId), ct);
        var gradebooks = await db.Gradebooks.Where(g => g.SchoolId == schoolId && g.TermId == term.TermId)
            .Select(g => new { g.ClassId, g.TeacherId }).ToListAsync(ct);
        var taught = gradebooks.Select(g => g.ClassId).ToHashSet();
        // At the turn of the year, once the term has classes: the term before's students who still need one, and placements
        // that contradict their keputusan (see the student list).
        (TermRow? previous, Dictionary<Guid, EarlierPlace> places) = classes.Count == 0
            ? (null, [])
            : await MasterDataQuery.PreviousTermPlacesAsync(db, schoolId, terms, term.TermId, ct);
        var levels = classes.ToDictionary(c => c.ClassId, c => c.Level);
        Dictionary<Guid, Guid> placed = places.Count == 0 ? [] : (await db.Enrollments.Where(e => classIds.Contains(e.ClassId)).ToListAsync(ct))
            .GroupBy(e => e.StudentId).ToDictionary(g => g.Key, g => g.First().ClassId);
        var notPlaced = places.Count(p => p.Value.StaysAtSchool && !placed.ContainsKey(p.Key));
        var against = places.Count(p => placed.TryGetValue(p.Key, out var classId) && !p.Value.Fits(levels[classId]));
        var homeroomRoles = (await db.UserRoles.Where(r => r.SchoolId == schoolId && r.Role == Role.HomeroomTeacher && r.Active && classIds.Contains(r.ClassId))
            .Select(r => new { r.UserId, r.ClassId }).ToListAsync(ct)).Select(r => (r.UserId, r.ClassId)).ToHashSet();
        return new SchoolSetup(term, profileMissing, classes.Count, enrolled, gradebooks.Count, accounts,
            classes.Count(c => c.HomeroomTeacherId is null), classes.Count(c => !taught.Contains(c.ClassId)),
            gradebooks.Count(g => disabled.Contains(g.TeacherId)), lockedOut, disabled.Count,
            [.. gradebooks.Select(g => g.TeacherId).Where(disabled.Contains).Distinct()],
            [.. classes.Where(c => c.HomeroomTeacherId is { } t && !homeroomRoles.Contains((t, c.ClassId))).Select(c => c.HomeroomTeacherId!.Value)],
            previous, notPlaced, against);
    }
}
