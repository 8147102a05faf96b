using ERaport.Read.School;

namespace ERaport.Tests.Unit.School;

/// <summary>Which subjects a class should have a teacher for, as the teaching-assignment index counts "tanpa guru".</summary>
public class ClassSubjectsExpectedTests
{
    private static SubjectRow Subject(string name, bool isReligion = false, string? religion = null) =>
        new(Guid.NewGuid(), TestEvents.SchoolId, name, "K", "Umum", 1, isReligion, 70, religion);

    [Fact]
    public void Every_subject_but_a_religion_subject_is_expected_even_in_a_class_without_students()
    {
        TeachingAssignmentQuery.Expected(Subject("Matematika"), []).ShouldBeTrue();
        TeachingAssignmentQuery.Expected(Subject("Pendidikan Agama dan Budi Pekerti", isReligion: true), []).ShouldBeTrue("it is for every religion");
    }

    [Fact]
    public void A_religion_subject_is_expected_where_a_student_of_its_religion_sits_however_the_religion_is_written()
    {
        var christian = Subject("Pendidikan Agama Kristen dan Budi Pekerti", isReligion: true);

        TeachingAssignmentQuery.Expected(christian, ["Islam", "Islam"]).ShouldBeFalse();
        TeachingAssignmentQuery.Expected(christian, ["Islam", "Protestan"]).ShouldBeTrue();
        TeachingAssignmentQuery.Expected(Subject("Agama B", isReligion: true, religion: "Buddha"), ["Budha"]).ShouldBeTrue();
    }
}
