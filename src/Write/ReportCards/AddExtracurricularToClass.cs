using System.Security.Cryptography;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.ReportCards;

/// <summary>One ticked student of <see cref="AddExtracurricularToClass"/>: their own predicate and description, or
/// blank for the ones the whole entry gives.</summary>
public sealed record ExtracurricularParticipant(Guid StudentId, string? Predicate = null, string? Description = null);

/// <summary>Adds one activity (Pramuka, compulsory for every student in Kurikulum Merdeka) to the report cards of
/// several students of a class at once: a line per student, as <see cref="SaveExtracurricular"/> adds one. <see
/// cref="Predicate"/> and <see cref="Description"/> are for every participant who leaves theirs blank. All or nothing:
/// one bad row refuses the whole entry, and every bad row is named. A student whose card already has the activity
/// (case and spaces aside) is a conflict, never a second line: their line is revised through the single-student command.</summary>
public sealed record AddExtracurricularToClass(
    Guid CommandId, Guid ClassId, string? Activity, string? Predicate, string? Description,
    IReadOnlyList<ExtracurricularParticipant> Participants, Actor By, EntrySource Source) : ICommand;

public static class AddExtracurricularToClassHandler
{
    public const string AlreadyAdded = "extracurricular.already_added";

    public const string DescriptionMissing =
        "Keterangan wajib diisi: isi \"Keterangan untuk semua\", atau keterangan di baris setiap peserta didik yang dicentang.";

    public static MultiDecision Decide(HomeroomState s, AddExtracurricularToClass c)
    {
        if (HomeroomRules.GuardEntries(s, c.Participants, p => p.StudentId,
                new DomainError("extracurricular.no_participants", "Centang minimal satu peserta didik.")) is { } refused)
            return refused;

        var (activity, activityError) = SaveExtracurricularHandler.Activity(c.Activity);
        var errors = activityError is null ? new List<DomainError>() : [activityError];
        // No description at all, shared or on a row: one reason that says where one goes, not the same line for all 36 students.
        var noDescription = string.IsNullOrWhiteSpace(c.Description) && c.Participants.All(p => string.IsNullOrWhiteSpace(p.Description));
        if (noDescription)
            errors.Add(Text.Error(SaveExtracurricularHandler.DescriptionRequired, DescriptionMissing, "description", c.Description));
        var already = new List<DomainError>();
        var streams = new List<StreamEvents>();
        foreach (var p in c.Participants)
        {
            var (predicate, description, lineErrors) = SaveExtracurricularHandler.Details(
                string.IsNullOrWhiteSpace(p.Predicate) ? c.Predicate : p.Predicate,
                string.IsNullOrWhiteSpace(p.Description) ? c.Description : p.Description, p.StudentId);
            if (noDescription)
                lineErrors.RemoveAll(e => e.Code == SaveExtracurricularHandler.DescriptionRequired);
            errors.AddRange(lineErrors);
            var card = s.Card(p.StudentId);
            if (activityError is null && Existing(card, activity) is { } line)
                already.Add(new DomainError(AlreadyAdded,
                    $"Sudah ada kegiatan \"{line.Activity}\" di rapornya, jadi tidak ditambah lagi; kegiatan itu diubah per peserta didik.",
                    new Dictionary<string, object?> { ["studentId"] = p.StudentId, ["current"] = line }));
            else if (card?.Extracurriculars.Count >= SaveExtracurricularHandler.MaxEntries)
                errors.Add(SaveExtracurricularHandler.TooMany(p.StudentId));
            else if (lineErrors.Count == 0 && activityError is null)
                streams.Add(HomeroomRules.Events(s, p.StudentId,
                    [SaveExtracurricularHandler.Added(card, EntryId(c.CommandId, p.StudentId), activity, predicate, description)]));
        }
        return HomeroomRules.Outcome(errors, already, streams.Count, streams);
    }

    /// <summary>The card's line of this activity, compared as people type names ("pramuka " is "Pramuka").</summary>
    public static Extracurricular? Existing(ReportCard? card, string activity) =>
        card?.Extracurriculars.FirstOrDefault(x => Text.Key(x.Activity) == Text.Key(activity));

    /// <summary>Each student's new line gets an id of its own, the same whenever the entry is decided again.</summary>
    public static Guid EntryId(Guid commandId, Guid studentId) =>
        new(MD5.HashData([.. commandId.ToByteArray(), .. studentId.ToByteArray()]));

    public static Task<CommandOutcome> Handle(AddExtracurricularToClass c, IDocumentSession session, CancellationToken ct) =>
        HomeroomRules.Execute(session, c, c.ClassId,
            (c.Participants ?? []).Where(p => p is not null).Select(p => p.StudentId), s => Decide(s, c), ct);
}
