using ERaport.Read.ReportCards;
using ERaport.Read.School;
using ERaport.Web.Documents;

namespace ERaport.Tests.Unit.ReportCards;

public sealed class StudentIdentityPdfTests
{
    private static (ClassReportCards Cards, Dictionary<Guid, StudentRow> Students) Class(params StudentReportCard[] cards) =>
        (new ClassReportCards(cards[0].Class, cards[0].Term, [], cards),
            cards.ToDictionary(c => c.Student.StudentId, c => new StudentRow(c.Student.StudentId, "school", c.Student.Name, c.Student.Nisn, c.Student.Nis, "P",
                "Denpasar", new DateOnly(2010, 5, 17), c.Student.Religion, "Jl. Kenanga 3, Denpasar", "I Made Suarta", "Ni Wayan Sari")));

    [Fact]
    public void the_identity_page_lists_what_the_school_holds_about_the_student_with_a_photo_box_and_the_principals_signature()
    {
        var (cards, students) = Class(ReportCardPdfTests.Sample());

        var pages = ReportCardPdfTests.PagesText(StudentIdentityPdf.Render(cards, students));

        pages.Count.ShouldBe(1);
        foreach (var expected in new[] { StudentIdentityPdf.Title, "SMA Negeri 1 Maju Jaya", "Nama Lengkap Peserta Didik", "Ni Luh Ayu Saraswati",
                     "0012345678 / 262001", "Denpasar, 17 Mei 2010", "Perempuan", "Hindu", "Jl. Kenanga 3, Denpasar", "a. Ayah", "I Made Suarta",
                     "b. Ibu", "Ni Wayan Sari", "Pas foto", "3 × 4", "Bandung, 19 Juni 2027", "Kepala Sekolah,", "Plt. Dra. Sri Wahyuni, M.Pd.",
                     "NIP. 19700101 199503 2 001" })
            pages[0].ShouldContain(expected);
        pages[0].ShouldNotContain("Nilai", Case.Sensitive, "no grade on the identity page");
    }

    [Fact]
    public void what_the_school_does_not_hold_prints_as_a_dash_and_a_class_gets_one_page_per_student_in_class_order()
    {
        var first = ReportCardPdfTests.Sample();
        var second = first with { Student = first.Student with { StudentId = Guid.NewGuid(), Name = "Bagus Pratama" } };
        var (cards, students) = Class(first, second);
        students[second.Student.StudentId] = students[second.Student.StudentId] with { BirthPlace = null, BirthDate = null, Sex = "L", GuardianName = null };

        StudentIdentityPdf.Lines(students[second.Student.StudentId]).ShouldContain(("3.", "Tempat, Tanggal Lahir", "–, –"));
        StudentIdentityPdf.Lines(students[second.Student.StudentId]).ShouldContain(("8.", "Nama Wali", "–"));
        var pages = ReportCardPdfTests.PagesText(StudentIdentityPdf.Render(cards, students));

        pages.Count.ShouldBe(2);
        pages[0].ShouldContain("Ni Luh Ayu Saraswati");
        pages[1].ShouldContain("Bagus Pratama");
        pages[1].ShouldContain("Laki-laki");
    }
}
