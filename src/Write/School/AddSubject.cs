using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

public sealed record AddSubject(
    Guid CommandId, Guid SubjectId, string Name, string Code, string Group, int Order, bool IsReligion, int Kktp,
    Actor By, EntrySource Source);

public sealed record SubjectAdded(Guid SubjectId, string Name, string Code, string Group, int Order, bool IsReligion, int Kktp);

public static class AddSubjectHandler
{
    public static Decision Decide(Subject? current, AddSubject c) =>
        current is not null
            ? Decision.Reject(OutcomeStatus.Conflict, new DomainError("subject.already_added", "Mata pelajaran ini sudah ada."))
            : Rules.Check(
                () => Decision.Append(new SubjectAdded(c.SubjectId, c.Name.Trim(), c.Code.Trim(), c.Group.Trim(), c.Order, c.IsReligion, c.Kktp)),
                Rules.Required(c.Name, "name", "Nama mata pelajaran"),
                Rules.Required(c.Code, "code", "Kode mata pelajaran", 20),
                Rules.Required(c.Group, "group", "Kelompok mata pelajaran", 50),
                c.Kktp is >= 0 and <= 100 ? null : new DomainError("kktp.out_of_range", "KKTP harus antara 0 dan 100."));

    public static Task<CommandOutcome> Handle(AddSubject c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<Subject>(session, c.CommandId, c.By, c.Source, StreamKeys.Subject(c.By.SchoolId, c.SubjectId),
            current => Task.FromResult(Decide(current, c)), ct);
}
