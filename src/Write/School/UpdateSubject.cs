using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Changes a subject. A new KKTP applies to teaching assignments opened from now on; those already
/// open keep theirs (the teacher changes it in the gradebook).</summary>
public sealed record UpdateSubject(
    Guid CommandId, Guid SubjectId, string Name, string Code, string Group, int Order, bool IsReligion, int Kktp,
    Actor By, EntrySource Source, string? Religion = null) : ICommand;

/// <summary>The subject after the change (the whole row, so readers need nothing else).</summary>
public sealed record SubjectUpdated(Guid SubjectId, string Name, string Code, string Group, int Order, bool IsReligion, int Kktp, string? Religion = null);

public static class UpdateSubjectHandler
{
    /// <summary><paramref name="subjects"/>: the school's subjects (codes and names are unique in a school).</summary>
    public static Decision Decide(Subject? current, Acting by, IEnumerable<Subject> subjects, UpdateSubject c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (current is null)
            return Decision.Reject(OutcomeStatus.NotFound, SubjectRules.SubjectNotFound);
        var (name, code, group) = (Text.Clean(c.Name) ?? "", Text.Clean(c.Code) ?? "", Text.Clean(c.Group) ?? "");
        var (isReligion, religion, religionError) = SubjectRules.ReligionOf(c.IsReligion, c.Religion, name);
        var updated = new SubjectUpdated(current.SubjectId, name, code, group, c.Order, isReligion, c.Kktp, religion);
        var check = Rules.Check(
            () => updated == new SubjectUpdated(current.SubjectId, current.Name, current.Code, current.Group, current.Order, current.IsReligion, current.Kktp,
                    current.Religion)
                ? Decision.Nothing
                : Decision.Append(updated),
            [.. SubjectRules.Errors(name, code, group, c.Order, c.Kktp), religionError]);
        return check.IsAccepted && SubjectRules.Taken(subjects, current.SubjectId, name, code, current) is { Count: > 0 } taken
            ? Decision.Reject(OutcomeStatus.Conflict, taken)
            : check;
    }

    public static Task<CommandOutcome> Handle(UpdateSubject c, IDocumentSession session, CancellationToken ct) =>
        MasterData.Execute<Subject>(session, c, StreamKeys.Subject(c.By.SchoolId, c.SubjectId),
            async (current, by) => Decide(current, by, await MasterData.SubjectsAsync(session, c.By.SchoolId, ct), c), ct);
}
