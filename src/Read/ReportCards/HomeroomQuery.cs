using ERaport.Read.ReadModel;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.ReportCards;

/// <summary><see cref="Recorded"/>: whether the wali kelas ever saved this card's attendance; one never saved prints 0
/// days too, and is named among what is still to be filled in.</summary>
public sealed record AttendanceDays(int Sick, int Permitted, int Unexcused, bool Recorded = true)
{
    public static readonly AttendanceDays NotRecorded = new(0, 0, 0, Recorded: false);
}

public sealed record ExtracurricularEntry(string Activity, string? Predicate, string Description);

/// <summary><see cref="Kind"/>: "promoted" | "retained" | "graduated" | "not_graduated"; <see cref="Wording"/>
/// as printed, e.g. "Naik ke kelas XI".</summary>
public sealed record PromotionDecision(string Kind, string Wording);

/// <summary>The homeroom teacher's sections of one student's report card.</summary>
public sealed record HomeroomSections(
    AttendanceDays Attendance, IReadOnlyList<ExtracurricularEntry> Extracurriculars, string? Kokurikuler, string? HomeroomNote,
    PromotionDecision? Promotion)
{
    public static readonly HomeroomSections Empty = new(AttendanceDays.NotRecorded, [], null, null, null);
}

/// <summary>What the printed rapor and the leger read from the homeroom teacher's data.</summary>
public static class HomeroomQuery
{
    /// <summary>Every student asked for gets an entry; one with nothing recorded gets 0 days (not recorded) and empty lists.</summary>
    public static async Task<IReadOnlyDictionary<Guid, HomeroomSections>> ForStudentsAsync(
        ReadModelDb db, string schoolId, Guid termId, IReadOnlyCollection<Guid> studentIds, CancellationToken ct = default)
    {
        var ids = studentIds.Distinct().ToList();
        var attendance = await db.Attendance.Where(r => r.SchoolId == schoolId && r.TermId == termId && ids.Contains(r.StudentId))
            .ToDictionaryAsync(r => r.StudentId, ct);
        var extracurriculars = (await db.Extracurriculars.Where(r => r.SchoolId == schoolId && r.TermId == termId && ids.Contains(r.StudentId))
            .ToListAsync(ct)).ToLookup(r => r.StudentId);
        var kokurikuler = await db.Kokurikuler.Where(r => r.SchoolId == schoolId && r.TermId == termId && ids.Contains(r.StudentId))
            .ToDictionaryAsync(r => r.StudentId, r => r.Text, ct);
        var notes = await db.HomeroomNotes.Where(r => r.SchoolId == schoolId && r.TermId == termId && ids.Contains(r.StudentId))
            .ToDictionaryAsync(r => r.StudentId, r => r.Text, ct);
        var promotions = await db.Promotions.Where(r => r.SchoolId == schoolId && r.TermId == termId && ids.Contains(r.StudentId))
            .ToDictionaryAsync(r => r.StudentId, ct);

        return ids.ToDictionary(id => id, id => new HomeroomSections(
            attendance.GetValueOrDefault(id) is { } a ? new AttendanceDays(a.Sick, a.Permitted, a.Unexcused) : AttendanceDays.NotRecorded,
            [.. extracurriculars[id].OrderBy(r => r.Number).Select(r => new ExtracurricularEntry(r.Activity, r.Predicate, r.Description))],
            kokurikuler.GetValueOrDefault(id),
            notes.GetValueOrDefault(id),
            promotions.GetValueOrDefault(id) is { } p ? new PromotionDecision(p.Kind, p.Wording) : null));
    }
}
