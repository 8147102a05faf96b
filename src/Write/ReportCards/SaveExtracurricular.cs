using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.ReportCards;

/// <summary>Adds an extracurricular line to a student's report card, or revises it when <see cref="EntryId"/>
/// (chosen by the client) is already there. <see cref="Predicate"/> is optional ("Baik", "A"). A revision carries
/// the line as the sender saw it (<see cref="Seen"/>; null: nothing seen, so it conflicts with any line there): a
/// line changed since is a conflict, never overwritten.</summary>
public sealed record SaveExtracurricular(
    Guid CommandId, Guid ClassId, Guid StudentId, Guid EntryId, string? Activity, string? Predicate, string? Description,
    Actor By, EntrySource Source, ExtracurricularSeen? Seen = null);

public sealed record ExtracurricularSeen(string? Activity, string? Predicate, string? Description);

public static class SaveExtracurricularHandler
{
    public const int MaxEntries = 10;

    public static MultiDecision Decide(HomeroomState s, SaveExtracurricular c)
    {
        if (HomeroomRules.Guard(s, [c.StudentId]) is { } refused)
            return refused;
        if (c.EntryId == Guid.Empty)
            return MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("extracurricular.id_missing", "Setiap kegiatan ekstrakurikuler wajib membawa entryId (GUID)."));
        var activity = Text.Clean(c.Activity) ?? "";
        var predicate = Text.Clean(c.Predicate);
        var (description, descriptionError) = HomeroomRules.FreeText(c.Description, "description", "Keterangan", c.StudentId);
        var errors = new[]
        {
            Rules.Required(activity, "activity", "Nama kegiatan", 100),
            Text.Optional(predicate, "predicate", "Predikat", 30),
            descriptionError ?? (description.Length == 0 ? Text.Error("description.required", "Keterangan wajib diisi.", "description", c.Description) : null),
        }.OfType<DomainError>().ToList();
        if (errors.Count > 0)
            return MultiDecision.Reject(OutcomeStatus.Invalid, errors);

        var card = s.Card(c.StudentId);
        var current = card?.FindExtracurricular(c.EntryId);
        if (current is not null)
        {
            if (current with { Activity = activity, Predicate = predicate, Description = description } == current)
                return MultiDecision.Nothing;
            return Stale(current, c.Seen, c.StudentId, card!.ExtracurricularsChanged.GetValueOrDefault(current.EntryId)) is { } stale
                ? stale
                : MultiDecision.Append(1, [HomeroomRules.Events(s, c.StudentId,
                    [new ExtracurricularRevised(c.EntryId, current.Number, activity, predicate, description)])]);
        }
        if (card?.Extracurriculars.Count >= MaxEntries)
            return MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("extracurricular.too_many",
                $"Paling banyak {MaxEntries} kegiatan ekstrakurikuler per peserta didik."));
        return MultiDecision.Append(1, [HomeroomRules.Events(s, c.StudentId,
            [new ExtracurricularAdded(c.EntryId, (card?.LastExtracurricularNumber ?? 0) + 1, activity, predicate, description)])]);
    }

    /// <summary>The refusal of a revision or removal of <paramref name="current"/> by a sender who saw <paramref name="seen"/>
    /// (null: nothing) when that is not the line as it is now, saying who changed it when <paramref name="changed"/>; null when it is.</summary>
    public static MultiDecision? Stale(Extracurricular current, ExtracurricularSeen? seen, Guid studentId, ChangeStamp? changed)
    {
        var asSeen = seen is null ? null : current with
        {
            Activity = Text.Clean(seen.Activity) ?? "", Predicate = Text.Clean(seen.Predicate), Description = HomeroomRules.AsStored(seen.Description),
        };
        return asSeen == current ? null
            : MultiDecision.Reject(OutcomeStatus.Conflict, HomeroomRules.Stale(HomeroomRules.ExtracurricularStale, "Kegiatan ekstrakurikuler ini",
                studentId, null, asSeen, current, Shown, changed));
    }

    private static string Shown(Extracurricular? x) =>
        x is null ? "tidak ada" : $"\"{x.Activity}{(x.Predicate is null ? "" : $" ({x.Predicate})")}: {x.Description}\"";

    public static Task<CommandOutcome> Handle(SaveExtracurricular c, IDocumentSession session, CancellationToken ct) =>
        HomeroomRules.Execute(session, c.CommandId, c.By, c.Source, c.ClassId, [c.StudentId], s => Decide(s, c), ct);
}
