using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.School;
using JasperFx.Events;

namespace ERaport.Read.School;

/// <summary>Master data into rows. Events that change a row carry the whole new state, so no lookup is needed.</summary>
public static class SchoolProjector
{
    public static IEnumerable<RowChange> Project(IEvent e, string schoolId) => e.Data switch
    {
        SchoolRegistered x => Profile(e, schoolId, SchoolProfileData.Of(x)),
        SchoolProfileUpdated x => Profile(e, schoolId, x.Data),
        TermOpened x => [new Upsert(new TermRow(x.TermId, schoolId, x.SchoolYear, x.Semester, x.ReportDate, x.ReportPlace))],
        TermUpdated x => [new Upsert(new TermRow(x.TermId, schoolId, x.SchoolYear, x.Semester, x.ReportDate, x.ReportPlace))],
        TermDefaultWeightsChanged x => [new Upsert(new TermDefaultWeightsRow(x.TermId, schoolId, x.Weights.Slm, x.Weights.Sts, x.Weights.Sas))],
        ClassOpened x => [new Upsert(new ClassRow(x.ClassId, schoolId, x.TermId, x.Name, x.Level, x.Phase, x.HomeroomTeacherId))],
        ClassUpdated x => [new Upsert(new ClassRow(x.ClassId, schoolId, x.TermId, x.Name, x.Level, x.Phase, x.HomeroomTeacherId))],
        // Registering and enrolling are the first facts of a student; the history rows record what changed after.
        StudentRegistered x =>
        [
            new Upsert(Student(x.StudentId, schoolId, new StudentData(x.Name, x.Nisn, x.Nis, x.Sex, x.BirthPlace, x.BirthDate, x.Religion,
                x.Address, x.FatherName, x.MotherName, x.GuardianName))),
        ],
        StudentUpdated x =>
        [
            new Upsert(Student(x.StudentId, schoolId, x.Data)),
            Change(e, schoolId, x.StudentId, StudentChangeKind.Updated, null, null, string.Join(",", x.Changed ?? []),
                StudentData.DescribeChanges(x.Changed ?? [], x.Before, x.Data)),
        ],
        StudentEnrolled x => [new Upsert(new EnrollmentRow(EntityId(e), x.StudentId))],
        StudentMovedIn x =>
        [
            new Upsert(new EnrollmentRow(EntityId(e), x.StudentId)),
            Change(e, schoolId, x.StudentId, StudentChangeKind.MovedIn, EntityId(e), x.FromClassId, null),
        ],
        StudentMovedOut x =>
        [
            Delete.Of<EnrollmentRow>(EntityId(e), x.StudentId),
            Change(e, schoolId, x.StudentId, StudentChangeKind.MovedOut, EntityId(e), x.ToClassId, null),
        ],
        StudentWithdrawn x =>
        [
            Delete.Of<EnrollmentRow>(EntityId(e), x.StudentId),
            Change(e, schoolId, x.StudentId, StudentChangeKind.Withdrawn, EntityId(e), null, x.Reason),
        ],
        SubjectAdded x => Subject(e, new SubjectRow(x.SubjectId, schoolId, x.Name, x.Code, x.Group, x.Order, x.IsReligion, x.Kktp, x.Religion)),
        SubjectUpdated x => Subject(e, new SubjectRow(x.SubjectId, schoolId, x.Name, x.Code, x.Group, x.Order, x.IsReligion, x.Kktp, x.Religion)),
        _ => [],
    };

    private static Guid EntityId(IEvent e) => StreamKeys.Parse(e.StreamKey!).EntityId!.Value;

    private static IEnumerable<RowChange> Profile(IEvent e, string schoolId, SchoolProfileData d) =>
    [
        new Upsert(School(schoolId, d)),
        new Insert(new PrincipalRow(schoolId, e.Sequence, e.Timestamp, d.PrincipalName, d.PrincipalNip, d.PrincipalTitle)),
    ];

    private static IEnumerable<RowChange> Subject(IEvent e, SubjectRow s) =>
    [
        new Upsert(s),
        new Insert(new SubjectVersionRow(s.SubjectId, e.Sequence, s.SchoolId, e.Timestamp, s.Name, s.Code, s.Group, s.Order, s.IsReligion, s.Religion)),
    ];

    private static SchoolRow School(string schoolId, SchoolProfileData d) =>
        new(schoolId, d.Name, d.Npsn, d.Address, d.City, d.PrincipalName, d.PrincipalNip, d.PrincipalTitle, d.Village, d.Subdistrict, d.Province,
            d.Email, d.Website, d.Paper, d.ProgramYears);

    private static StudentRow Student(Guid id, string schoolId, StudentData d) =>
        new(id, schoolId, d.Name, d.Nisn, d.Nis, d.Sex, d.BirthPlace, d.BirthDate, d.Religion, d.Address, d.FatherName, d.MotherName, d.GuardianName);

    // One event makes at most one change row per student (a move is two events on two streams).
    private static Insert Change(IEvent e, string schoolId, Guid studentId, StudentChangeKind kind, Guid? classId, Guid? otherClassId, string? detail,
        string? changes = null) =>
        new(new StudentChangeRow(e.Sequence, schoolId, studentId, kind, classId, otherClassId, detail,
            e.UserName ?? "", e.Timestamp, e.GetHeader(CommandPipeline.SourceHeader)?.ToString() ?? "", changes));
}
