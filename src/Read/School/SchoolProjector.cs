using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.School;
using JasperFx.Events;

namespace ERaport.Read.School;

public static class SchoolProjector
{
    public static IEnumerable<RowChange> Project(IEvent e, string schoolId) => e.Data switch
    {
        SchoolRegistered x => [new Upsert(new SchoolRow(schoolId, x.Name, x.Npsn, x.Address, x.City, x.PrincipalName, x.PrincipalNip))],
        TermOpened x => [new Upsert(new TermRow(x.TermId, schoolId, x.SchoolYear, x.Semester, x.ReportDate))],
        ClassOpened x => [new Upsert(new ClassRow(x.ClassId, schoolId, x.TermId, x.Name, x.Level, x.Phase, x.HomeroomTeacherId))],
        StudentRegistered x => [new Upsert(new StudentRow(x.StudentId, schoolId, x.Name, x.Nisn, x.Nis, x.Sex, x.BirthPlace, x.BirthDate, x.Religion))],
        StudentEnrolled x => [new Upsert(new EnrollmentRow(StreamKeys.Parse(e.StreamKey!).EntityId!.Value, x.StudentId))],
        SubjectAdded x => [new Upsert(new SubjectRow(x.SubjectId, schoolId, x.Name, x.Code, x.Group, x.Order, x.IsReligion, x.Kktp))],
        _ => [],
    };
}
