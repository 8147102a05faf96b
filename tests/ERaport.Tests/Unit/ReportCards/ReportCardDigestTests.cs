using ERaport.Read.ReportCards;

namespace ERaport.Tests.Unit.ReportCards;

public class ReportCardDigestTests
{
    private static readonly StudentReportCard Card = ReportCardPdfTests.Sample();

    private static StudentReportCard WithFirstSubject(Func<ReportSubject, ReportSubject> change) => Card with
    {
        Groups = [.. Card.Groups.Select((g, i) => i == 0 ? g with { Subjects = [change(g.Subjects[0]), .. g.Subjects.Skip(1)] } : g)],
    };

    [Fact]
    public void the_same_card_always_has_the_same_sha256_digest()
    {
        var digest = ReportCardDigest.Of(Card);

        digest.ShouldMatch("^[0-9a-f]{64}$");
        ReportCardDigest.Of(Card with { Groups = [.. Card.Groups] }).ShouldBe(digest);
    }

    [Fact]
    public void a_changed_final_grade_or_description_changes_the_digest()
    {
        var digest = ReportCardDigest.Of(Card);

        ReportCardDigest.Of(WithFirstSubject(s => s with { FinalGrade = s.FinalGrade + 1 })).ShouldNotBe(digest);
        ReportCardDigest.Of(WithFirstSubject(s => s with { Description = s.Description + "." })).ShouldNotBe(digest);
        ReportCardDigest.Of(Card with { Student = Card.Student with { Name = "Ni Luh Ayu Saraswati Dewi" } }).ShouldNotBe(digest);
        ReportCardDigest.Of(Card with { Homeroom = Card.Homeroom with { Attendance = new AttendanceDays(3, 1, 0) } }).ShouldNotBe(digest);
        ReportCardDigest.Of(Card with { Homeroom = Card.Homeroom with { HomeroomNote = "Lain." } }).ShouldNotBe(digest);
    }

    [Fact]
    public void layout_and_school_master_data_do_not_change_the_digest()
    {
        var digest = ReportCardDigest.Of(Card);

        ReportCardDigest.Of(Card with { Groups = [.. Card.Groups.Reverse()] }).ShouldBe(digest);
        ReportCardDigest.Of(Card with { School = Card.School with { Principal = "Dra. Sri Wahyuni, M.Pd.", Address = "Jl. Baru" } }).ShouldBe(digest);
        ReportCardDigest.Of(Card with { Term = Card.Term with { ReportDate = new DateOnly(2027, 6, 20) } }).ShouldBe(digest);
        ReportCardDigest.Of(WithFirstSubject(s => s with { Overridden = !s.Overridden, Description = s.Description + "\r\n" })).ShouldBe(digest);
    }
}
