using ERaport.Read.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.ReportCards;

public static class ReportCardLocks
{
    /// <summary>Whether a card of these students in the term is locked (a class is locked in one step, its cards together):
    /// its wali kelas pages are then read-only, and a part is filled or corrected through a correction request.</summary>
    public static Task<bool> AnyLockedAsync(ReadModelDb db, string schoolId, Guid termId, IReadOnlyCollection<Guid> students, CancellationToken ct) =>
        db.ReportCardLocks.AnyAsync(l => l.SchoolId == schoolId && l.TermId == termId && students.Contains(l.StudentId), ct);
}
