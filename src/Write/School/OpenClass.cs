using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

public sealed record OpenClass(
    Guid CommandId, Guid ClassId, Guid TermId, string Name, int Level, string Phase, Guid? HomeroomTeacherId,
    Actor By, EntrySource Source);

public sealed record ClassOpened(Guid ClassId, Guid TermId, string Name, int Level, string Phase, Guid? HomeroomTeacherId);

public static class OpenClassHandler
{
    public static Decision Decide(SchoolClass? current, OpenClass c) =>
        current is not null
            ? Decision.Reject(OutcomeStatus.Conflict, new DomainError("class.already_opened", "Kelas ini sudah dibuka."))
            : Rules.Check(
                () => Decision.Append(new ClassOpened(c.ClassId, c.TermId, c.Name.Trim(), c.Level, c.Phase.Trim().ToUpperInvariant(), c.HomeroomTeacherId)),
                Rules.Required(c.Name, "name", "Nama kelas", 50),
                c.Level is >= 1 and <= 13 ? null : new DomainError("level.invalid", "Tingkat kelas harus 1 sampai 13."),
                Rules.Required(c.Phase, "phase", "Fase", 2));

    public static Task<CommandOutcome> Handle(OpenClass c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<SchoolClass>(session, c.CommandId, c.By, c.Source, StreamKeys.Class(c.By.SchoolId, c.ClassId),
            current => Task.FromResult(Decide(current, c)), ct);
}
