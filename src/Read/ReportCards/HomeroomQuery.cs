using ERaport.Read.ReadModel;

namespace ERaport.Read.ReportCards;

// Placeholder for the homeroom sections (contract agreed with wip/homeroom, which replaces this file):
// until the homeroom teacher's entries exist, every report card shows them empty.
public sealed record AttendanceDays(int Sick, int Permitted, int Unexcused);

public sealed record ExtracurricularEntry(string Activity, string? Predicate, string Description);

public sealed record PromotionDecision(string Kind, string Wording);

public sealed record HomeroomSections(
    AttendanceDays Attendance, IReadOnlyList<ExtracurricularEntry> Extracurriculars, string? Kokurikuler, string? HomeroomNote, PromotionDecision? Promotion);

public static class HomeroomQuery
{
    public static Task<IReadOnlyDictionary<Guid, HomeroomSections>> ForStudentsAsync(
        ReadModelDb db, Guid termId, IReadOnlyCollection<Guid> studentIds, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyDictionary<Guid, HomeroomSections>>(new Dictionary<Guid, HomeroomSections>());
}
