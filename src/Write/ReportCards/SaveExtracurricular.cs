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
    Actor By, EntrySource Source, ExtracurricularSeen? Seen = null) : ICommand;

public sealed record ExtracurricularSeen(string? Activity, string? Predicate, string? Description);

public static class SaveExtracurricularHandler
{
    public const int MaxEntries = 10;
    public const string DescriptionRequired = "description.required";

    public static MultiDecision Decide(HomeroomState s, SaveExtracurricular c)
    {
        if (HomeroomRules.Guard(s, [c.StudentId]) is { } refused)
            return refused;
        if (c.EntryId == Guid.Empty)
            return MultiDecision.Reject(OutcomeStatus.Invalid, new DomainError("extracurricular.id_missing", "Setiap kegiatan ekstrakurikuler wajib membawa entryId (GUID)."));
        var (activity, activityError) = Activity(c.Activity);
        var (predicate, description, errors) = Details(c.Predicate, c.Description, c.StudentId);
        if (activityError is not null)
            errors.Insert(0, activityError);
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
                    [new ExtracurricularRevised(c.EntryId, current.Number, activity, predicate, description, current)])]);
        }
        if (card?.Extracurriculars.Count >= MaxEntries)
            return MultiDecision.Reject(OutcomeStatus.Invalid, TooMany(c.StudentId));
        return MultiDecision.Append(1, [HomeroomRules.Events(s, c.StudentId, [Added(card, c.EntryId, activity, predicate, description)])]);
    }

    /// <summary>The activity's name as stored (spaces tidied), and why it is refused. Shared with
    /// <see cref="AddExtracurricularToClassHandler"/>, so that a line added for the class passes the same checks.</summary>
    public static (string Activity, DomainError? Error) Activity(string? activity)
    {
        var cleaned = Text.Clean(activity) ?? "";
        return (cleaned, Rules.Required(cleaned, "activity", "Nama kegiatan", 100));
    }

    /// <summary>A line's predicate (optional) and description (required) as stored, and every reason to refuse them, naming
    /// the student.</summary>
    public static (string? Predicate, string Description, List<DomainError> Errors) Details(string? predicate, string? description, Guid studentId)
    {
        var cleaned = Text.Clean(predicate);
        var (text, textError) = HomeroomRules.FreeText(description, "description", "Keterangan", studentId);
        var errors = new[]
        {
            Text.Optional(cleaned, "predicate", "Predikat", 30),
            textError ?? (text.Length == 0 ? Text.Error(DescriptionRequired, "Keterangan wajib diisi.", "description", description) : null),
        }.OfType<DomainError>().Select(e => Naming(e, studentId)).ToList();
        return (cleaned, text, errors);
    }

    /// <summary>An error that names the student, so that a page or a program knows whose row it is.</summary>
    private static DomainError Naming(DomainError e, Guid studentId) =>
        e with { Details = new Dictionary<string, object?>(e.Details ?? new Dictionary<string, object?>()) { ["studentId"] = studentId } };

    public static DomainError TooMany(Guid studentId) => new("extracurricular.too_many",
        $"Paling banyak {MaxEntries} kegiatan ekstrakurikuler per peserta didik.", new Dictionary<string, object?> { ["studentId"] = studentId });

    /// <summary>A new line, numbered after the card's last one (numbers are never reused after a removal).</summary>
    public static ExtracurricularAdded Added(ReportCard? card, Guid entryId, string activity, string? predicate, string description) =>
        new(entryId, (card?.LastExtracurricularNumber ?? 0) + 1, activity, predicate, description);

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
        HomeroomRules.Execute(session, c, c.ClassId, [c.StudentId], s => Decide(s, c), ct);
}
