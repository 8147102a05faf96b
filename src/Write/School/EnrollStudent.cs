using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

public sealed record EnrollStudent(Guid CommandId, Guid ClassId, Guid StudentId, Actor By, EntrySource Source);

public sealed record StudentEnrolled(Guid StudentId);

public static class EnrollStudentHandler
{
    public static Decision Decide(SchoolClass? schoolClass, Student? student, EnrollStudent c)
    {
        if (schoolClass is null)
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("class.not_found", "Kelas tidak ditemukan."));
        if (student is null)
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("student.not_found", "Peserta didik tidak ditemukan."));
        return schoolClass.StudentIds.Contains(c.StudentId)
            ? Decision.Nothing
            : Decision.Append(new StudentEnrolled(c.StudentId));
    }

    public static Task<CommandOutcome> Handle(EnrollStudent c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<SchoolClass>(session, c.CommandId, c.By, c.Source, StreamKeys.Class(c.By.SchoolId, c.ClassId),
            async schoolClass => Decide(schoolClass, await session.LoadAsync<Student>(StreamKeys.Student(c.By.SchoolId, c.StudentId), ct), c), ct);
}
