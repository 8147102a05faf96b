using ERaport.Read.ReportCards;
using ERaport.Read.School;

namespace ERaport.Tests.Unit.ReportCards;

public sealed class ReportCardRulesTests
{
    [Theory]
    [InlineData("Pendidikan Agama Islam dan Budi Pekerti", "Islam", true)]
    [InlineData("Pendidikan Agama Islam dan Budi Pekerti", "Kristen", false)]
    [InlineData("Pendidikan Agama Kristen dan Budi Pekerti", "Protestan", true)]
    [InlineData("Pendidikan Agama Katholik dan Budi Pekerti", "Katolik", true)]
    [InlineData("Pendidikan Agama Buddha dan Budi Pekerti", "Budha", true)]
    [InlineData("Pendidikan Agama Khonghucu dan Budi Pekerti", "Konghucu", true)]
    [InlineData("Pendidikan Agama Hindu dan Budi Pekerti", null, false)]
    [InlineData("Pendidikan Agama dan Budi Pekerti", "Hindu", true)]
    [InlineData("Pendidikan Agama dan Budi Pekerti", null, true)]
    [InlineData("Pendidikan Kepercayaan terhadap Tuhan YME dan Budi Pekerti", "Kepercayaan kpd Tuhan YME", true)]
    [InlineData("Pendidikan Kepercayaan terhadap Tuhan YME dan Budi Pekerti", "Islam", false)]
    public void a_religion_subject_stored_without_its_religion_is_printed_for_students_of_the_religion_its_name_names(string subject, string? religion,
        bool printed) =>
        ReportCardSubjects.IsPrinted(Subject(subject, isReligion: true), religion).ShouldBe(printed);

    [Theory]
    [InlineData("Islam", true)]
    [InlineData("Kristen", false)]
    [InlineData(null, false)]
    public void a_religion_subject_whose_name_names_no_religion_is_printed_only_for_the_religion_chosen_for_it(string? studentReligion, bool printed) =>
        ReportCardSubjects.IsPrinted(Subject("PAI dan BP", isReligion: true, religion: "Islam"), studentReligion).ShouldBe(printed);

    [Fact]
    public void other_subjects_are_printed_for_everyone() =>
        ReportCardSubjects.IsPrinted(Subject("Sejarah Islam di Nusantara", isReligion: false), "Kristen").ShouldBeTrue();

    [Theory]
    [InlineData("Buddha", "Buddha")]
    [InlineData("Katholik", "Katolik")]
    [InlineData("Hindu", "Hindu")]
    public void a_student_whose_religion_the_class_teaches_no_subject_for_lacks_pendidikan_agama_of_that_religion(string religion, string named)
    {
        var missing = ReportCardSubjects.MissingReligion(religion, [Subject("Pendidikan Agama Islam dan Budi Pekerti", true), Subject("Matematika", false),
            Subject("Pendidikan Agama Kristen dan Budi Pekerti", true)]).ShouldNotBeNull();

        missing.Reason.ShouldBe($"Belum ada nilai Pendidikan Agama dan Budi Pekerti untuk agama {named}");
        missing.Remedy.ShouldContain($"pembelajaran Pendidikan Agama {named}");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void a_student_whose_religion_is_not_recorded_lacks_pendidikan_agama_for_that_reason(string? religion)
    {
        var missing = ReportCardSubjects.MissingReligion(religion, [Subject("Pendidikan Agama Islam dan Budi Pekerti", true)]).ShouldNotBeNull();

        missing.Reason.ShouldBe("Agama peserta didik belum diisi");
        missing.Remedy.ShouldContain("data induk peserta didik");
    }

    [Theory]
    [InlineData("Budha", "Pendidikan Agama Buddha dan Budi Pekerti", null)]
    [InlineData("Islam", "PAI dan BP", "Islam")]
    [InlineData(null, "Pendidikan Agama dan Budi Pekerti", null)]
    [InlineData("Hindu", "Pendidikan Agama dan Budi Pekerti", null)]
    public void a_student_whose_card_prints_a_religion_subject_lacks_none(string? religion, string subject, string? subjectReligion) =>
        ReportCardSubjects.MissingReligion(religion, [Subject("Pendidikan Agama Islam dan Budi Pekerti", true), Subject(subject, true, subjectReligion)])
            .ShouldBeNull();

    /// <summary>A school that keeps religion out of E-Raport altogether is not told every card lacks it.</summary>
    [Theory]
    [InlineData("Buddha")]
    [InlineData(null)]
    public void nothing_is_missing_in_a_class_that_teaches_no_religion_subject(string? religion) =>
        ReportCardSubjects.MissingReligion(religion, [Subject("Matematika", false), Subject("Sejarah Islam di Nusantara", false)]).ShouldBeNull();

    private static SubjectRow Subject(string name, bool isReligion, string? religion = null) =>
        new(Guid.NewGuid(), "s", name, "X", "Umum", 1, isReligion, 70, religion);

    [Fact]
    public void groups_come_in_report_card_order_and_subjects_in_configured_order()
    {
        var subjects = new[] { ("Bahasa Sunda", "Muatan Lokal", 1), ("Fisika", "Pilihan", 2), ("Matematika", "Umum", 4), ("Bahasa Indonesia", "Umum", 2),
            ("Seni Tari", "Ekstra Sekolah", 0) };

        var groups = ReportCardSubjects.Grouped(subjects, s => s.Item2, s => s.Item3, s => s.Item1,
            s => new ReportSubject(Guid.NewGuid(), s.Item1, s.Item1[..3], 80, false, ""));

        groups.Select(g => g.Group).ShouldBe(["Umum", "Pilihan", "Muatan Lokal", "Ekstra Sekolah"]);
        groups[0].Subjects.Select(s => s.Name).ShouldBe(["Bahasa Indonesia", "Matematika"]);
        groups[0].Heading.ShouldBe("Mata Pelajaran Umum");
        groups[2].Heading.ShouldBe("Muatan Lokal");
    }

    [Theory]
    [InlineData("Pilihan", "E", "Umum")]
    [InlineData("pilihan", "D", "Umum")]
    [InlineData("Pilihan", "F", "Pilihan")]
    [InlineData("Kejuruan", "E", "Kejuruan")]
    [InlineData("Muatan Lokal", "E", "Muatan Lokal")]
    public void a_pilihan_subject_is_general_before_phase_f(string group, string phase, string printed) =>
        ReportCardSubjects.GroupIn(group, phase).ShouldBe(printed);

    [Fact]
    public void equal_totals_share_a_rank_and_the_next_rank_is_skipped()
    {
        (int Total, int Subjects)[] lines = [(300, 4), (280, 4), (280, 4), (250, 4)];
        lines.Select(l => Leger.Rank(l, lines)).ShouldBe([1, 2, 2, 4]);
    }

    [Fact]
    public void a_student_with_fewer_subjects_is_ranked_by_mean_not_behind_by_the_missing_subjects_total()
    {
        // 3 × 90 (no religion subject taught for hers) against 4 × 80: the higher total is the lower mean.
        (int Total, int Subjects)[] lines = [(270, 3), (320, 4), (240, 3)];
        lines.Select(l => Leger.Rank(l, lines)).ShouldBe([1, 2, 2]);
    }

    [Fact]
    public void the_leger_has_each_religion_subject_once_in_rapor_order_and_ranks_only_complete_students()
    {
        var (pai, pak, mtk, bio) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        StudentReportCard Card(string name, string religion, int? math, params (Guid Id, string Code)[] religionSubject) =>
            ReportCardPdfTests.Sample(semester: 1) with
            {
                Student = new ReportStudent(Guid.NewGuid(), name, "00", "1", religion),
                Groups = [new ReportSubjectGroup("Umum", [
                    .. religionSubject.Select(r => new ReportSubject(r.Id, r.Code, r.Code, 90, false, "")),
                    new ReportSubject(mtk, "Matematika", "MTK", math, false, ""), new ReportSubject(bio, "Biologi", "BIO", 80, false, "")])],
            };
        var sample = ReportCardPdfTests.Sample(semester: 1);
        var cards = new ClassReportCards(sample.Class, sample.Term, [pai, pak, mtk, bio],
        [
            Card("Adi", "Islam", 70, (pai, "PAI")), Card("Grace", "Kristen", 70, (pak, "PAK")), Card("Eka", "Islam", null, (pai, "PAI")),
        ]);

        var leger = Leger.Of(cards);

        leger.Columns.Select(c => c.Code).ShouldBe(["PAI", "PAK", "MTK", "BIO"]);
        leger.Rows.Select(r => r.Rank).ShouldBe([1, 1, null]);
        leger.Rows[2].Total.ShouldBe(170);
        leger.Rows[2].Mean.ShouldBe(85m);
        leger.Rows[0].Grades.ContainsKey(pak).ShouldBeFalse();
    }
}
