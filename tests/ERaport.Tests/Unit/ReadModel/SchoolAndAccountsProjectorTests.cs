using ERaport.Read.Accounts;
using ERaport.Read.ReadModel;
using ERaport.Read.School;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.ReadModel;

public class SchoolAndAccountsProjectorTests
{
    private const string School = "sch7";

    private static RowChange Single<T>(T data, string streamKey) where T : notnull =>
        Projector.Project(TestEvents.Stored(data, streamKey)).ShouldHaveSingleItem();

    [Fact]
    public void a_registered_school_becomes_a_school_row_keyed_by_the_school_in_the_stream_key()
    {
        Projector.Project(TestEvents.Stored(new SchoolRegistered("SMP Negeri 1", "20212345", "Jl. Merdeka 1", "Sukamaju", "Drs. Budi", "1970"),
                StreamKeys.School(School))).ShouldBe(
        [
            new Upsert(new SchoolRow(School, "SMP Negeri 1", "20212345", "Jl. Merdeka 1", "Sukamaju", "Drs. Budi", "1970")),
            new Insert(new PrincipalRow(School, 1, TestEvents.At, "Drs. Budi", "1970", null)),
        ]);
    }

    [Fact]
    public void an_opened_term_becomes_a_term_row()
    {
        var id = Guid.NewGuid();

        Single(new TermOpened(id, "2026/2027", 1, new DateOnly(2026, 12, 19)), StreamKeys.Term(School, id))
            .ShouldBe(new Upsert(new TermRow(id, School, "2026/2027", 1, new DateOnly(2026, 12, 19))));
    }

    [Fact]
    public void an_opened_class_becomes_a_class_row()
    {
        var (id, term, homeroom) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        Single(new ClassOpened(id, term, "VII A", 7, "D", homeroom), StreamKeys.Class(School, id))
            .ShouldBe(new Upsert(new ClassRow(id, School, term, "VII A", 7, "D", homeroom)));
    }

    [Fact]
    public void a_registered_student_becomes_a_student_row()
    {
        var id = Guid.NewGuid();

        Single(new StudentRegistered(id, "Ani", "0123456789", "2026001", "P", "Bandung", new DateOnly(2013, 5, 2), "Islam"), StreamKeys.Student(School, id))
            .ShouldBe(new Upsert(new StudentRow(id, School, "Ani", "0123456789", "2026001", "P", "Bandung", new DateOnly(2013, 5, 2), "Islam")));
    }

    [Fact]
    public void an_enrollment_is_keyed_by_the_class_of_its_stream()
    {
        var (classId, student) = (Guid.NewGuid(), Guid.NewGuid());

        Single(new StudentEnrolled(student), StreamKeys.Class(School, classId))
            .ShouldBe(new Upsert(new EnrollmentRow(classId, student)));
    }

    [Fact]
    public void an_added_subject_becomes_a_subject_row_and_its_first_version()
    {
        var id = Guid.NewGuid();

        Projector.Project(TestEvents.Stored(new SubjectAdded(id, "Pendidikan Agama Islam", "PAI", "A", 1, true, 75), StreamKeys.Subject(School, id), sequence: 7)).ShouldBe(
        [
            new Upsert(new SubjectRow(id, School, "Pendidikan Agama Islam", "PAI", "A", 1, true, 75)),
            new Insert(new SubjectVersionRow(id, 7, School, TestEvents.At, "Pendidikan Agama Islam", "PAI", "A", 1, true, null)),
        ]);
    }

    // Account events: tests/ERaport.Tests/Unit/Accounts/AccountsProjectorTests.cs
}
