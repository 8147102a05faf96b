using ERaport.Read.Grading;
using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using ERaport.Tests.Unit.Accounts;
using ERaport.Web.Documents;
using ERaport.Web.ReportCards;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.ReportCards;

/// <summary>Printing as a decision, the verification code, the verdict and what a print projects.</summary>
public class VerificationTests
{
    private static readonly Guid Ani = Guid.NewGuid();
    private static readonly Guid Budi = Guid.NewGuid();
    private static readonly string Digest = new('a', 64);
    private static readonly UserAccount Wali = AccountFixtures.Account("wali.x1", AccountFixtures.HomeroomRole);

    private static HomeroomState State(UserAccount by, IReadOnlyDictionary<Guid, ReportCard>? cards = null) =>
        new(AccountFixtures.Acting(by),
            new SchoolClass { ClassId = AccountFixtures.ClassId, TermId = AccountFixtures.TermId, Name = "X-1", Level = 10, Phase = "E", StudentIds = [Ani, Budi] },
            new Term { TermId = AccountFixtures.TermId, SchoolYear = "2026/2027", Semester = 1 },
            cards ?? new Dictionary<Guid, ReportCard>());

    private static PrintedCard Card(Guid student, string? code = null, string? digest = null) =>
        new(student, code ?? VerificationCode.New(), digest ?? Digest, "Ani", [new PrintedGrade(Guid.NewGuid(), "Matematika", 80)]);

    private static PrintReportCards Print(UserAccount by, params PrintedCard[] cards) =>
        new(Guid.NewGuid(), AccountFixtures.ClassId, cards, PrintKind.ClassPdf, new Actor(by.UserId, by.UserName, TestEvents.SchoolId), EntrySource.Form);

    [Fact]
    public void a_print_appends_one_printed_fact_to_each_card_even_a_locked_one()
    {
        var locked = new ReportCard { Locked = true };
        var ani = Card(Ani);
        var d = PrintReportCardsHandler.Decide(State(Wali, new Dictionary<Guid, ReportCard> { [Ani] = locked }), Print(Wali, ani, Card(Budi)));

        d.IsAccepted.ShouldBeTrue();
        d.Streams.Count.ShouldBe(2);
        var first = d.Streams.Single(s => s.StreamKey == StreamKeys.ReportCard(TestEvents.SchoolId, AccountFixtures.TermId, Ani));
        first.IsNew.ShouldBeFalse();
        first.Events.ShouldBe([new ReportCardPrinted(ani.Code, Digest, AccountFixtures.ClassId, "X-1", "Ani", ani.Grades, PrintKind.ClassPdf)]);
        d.Streams.Single(s => s.StreamKey.EndsWith(Budi.ToString("N"))).IsNew.ShouldBeTrue();
    }

    [Fact]
    public void the_principal_and_the_admin_print_but_a_subject_teacher_does_not()
    {
        var principal = AccountFixtures.Account("kepsek", new RoleGrant(Role.Principal, AccountFixtures.TermId, null));
        PrintReportCardsHandler.Decide(State(principal), Print(principal, Card(Ani))).IsAccepted.ShouldBeTrue();
        PrintReportCardsHandler.Decide(State(AccountFixtures.Admin()), Print(AccountFixtures.Admin(), Card(Ani))).IsAccepted.ShouldBeTrue();

        var teacher = AccountFixtures.Account("guru.mtk", AccountFixtures.TeacherRole);
        var d = PrintReportCardsHandler.Decide(State(teacher), Print(teacher, Card(Ani)));
        d.Status.ShouldBe(OutcomeStatus.Forbidden);
        d.Errors.ShouldHaveSingleItem().Code.ShouldBe("report_card.print_not_allowed");
    }

    [Theory]
    [InlineData("not-a-code", null, "report_card.print_invalid")]
    [InlineData(null, "ABC", "report_card.print_invalid")]
    public void a_malformed_code_or_digest_rejects_the_whole_print(string? code, string? digest, string error)
    {
        var d = PrintReportCardsHandler.Decide(State(Wali), Print(Wali, Card(Ani), Card(Budi, code, digest)));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Streams.ShouldBeEmpty();
        d.Errors.ShouldHaveSingleItem().Code.ShouldBe(error);
    }

    [Fact]
    public void a_student_outside_the_class_or_a_code_used_twice_rejects_the_print()
    {
        PrintReportCardsHandler.Decide(State(Wali), Print(Wali, Card(Guid.NewGuid()))).Errors.ShouldHaveSingleItem().Code.ShouldBe("student.not_in_class");
        var code = VerificationCode.New();
        PrintReportCardsHandler.Decide(State(Wali), Print(Wali, Card(Ani, code), Card(Budi, code))).Errors.ShouldHaveSingleItem().Code
            .ShouldBe("report_card.print_duplicate");
        PrintReportCardsHandler.Decide(State(Wali), Print(Wali, Card(Ani)) with { Kind = (PrintKind)9 }).Errors.ShouldHaveSingleItem().Code
            .ShouldBe("report_card.print_kind");
    }

    [Fact]
    public void a_new_code_is_16_crockford_characters_in_groups_of_four_and_never_repeats()
    {
        var codes = Enumerable.Range(0, 1000).Select(_ => VerificationCode.New()).ToList();

        codes.ShouldAllBe(c => VerificationCode.IsWellFormed(c));
        codes[0].ShouldMatch("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$");
        codes.Distinct().Count().ShouldBe(1000);
    }

    [Theory]
    [InlineData("7kq2 m9xd 4rtw 0bhn", "7KQ2-M9XD-4RTW-0BHN")]
    [InlineData("7KQ2M9XD4RTWOBHN", "7KQ2-M9XD-4RTW-0BHN")]
    [InlineData("7KQ2-M9XD-4RTW-ibhn", "7KQ2-M9XD-4RTW-1BHN")]
    [InlineData("7KQ2-M9XD-4RTW-0BH", null)]
    [InlineData("7KQ2-M9XD-4RTW-0BHNN", null)]
    [InlineData("7KQ2-M9XD-4RTW-0BHU", null)]
    [InlineData("", null)]
    public void a_typed_code_is_read_as_crockford_base32(string typed, string? expected)
    {
        VerificationCode.Normalize(typed).ShouldBe(expected);
    }

    [Fact]
    public void the_pdf_footer_carries_the_code_its_address_and_a_qr_image_on_every_page()
    {
        var code = VerificationCode.New();
        var footer = ReportCardPrinting.Footer(code, "https://rapor.example");
        var pdf = ReportCardPdf.Render([ReportCardPdfTests.Sample(subjects: 14)], _ => footer);

        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        document.NumberOfPages.ShouldBeGreaterThan(1);
        foreach (var page in document.GetPages())
        {
            page.Text.ShouldContain($"Kode verifikasi: {code}");
            page.Text.ShouldContain($"https://rapor.example/verifikasi/{code}");
            page.GetImages().ShouldNotBeEmpty();
        }
    }

    [Fact]
    public void a_print_is_genuine_only_while_the_record_gives_the_same_digest()
    {
        ReportCardVerification.VerdictOf(Digest, Digest).ShouldBe(VerificationVerdict.Genuine);
        ReportCardVerification.VerdictOf(Digest, new string('b', 64)).ShouldBe(VerificationVerdict.CorrectedLater);
        ReportCardVerification.VerdictOf(Digest, null).ShouldBe(VerificationVerdict.CorrectedLater);
    }

    [Theory]
    [InlineData("tp1", ScoreChangeKind.Corrected, "Nilai diubah")]
    [InlineData("sas", ScoreChangeKind.Removed, "Nilai diubah")]
    [InlineData(ScoreChangeRow.FinalGrade, ScoreChangeKind.Calculated, "Nilai diubah")]
    [InlineData(ScoreChangeRow.FinalGrade, ScoreChangeKind.Overridden, "Nilai diubah")]
    [InlineData(ScoreChangeRow.Description, ScoreChangeKind.DescriptionEdited, "Deskripsi capaian diubah")]
    [InlineData(ScoreChangeRow.Description, ScoreChangeKind.Calculated, "Deskripsi capaian diubah")]
    [InlineData("tp1", ScoreChangeKind.Marked, "Deskripsi capaian diubah")]
    public void a_subjects_change_is_told_without_sign_in_as_its_grades_or_its_description_changed(string assessment, ScoreChangeKind kind, string told) =>
        LaterChange.WhatOf(assessment, kind).ShouldBe(told);

    [Fact]
    public void a_stranger_is_told_each_part_that_changed_once_a_school_day_without_the_values_texts_or_reasons()
    {
        // 23.30 and 23.45 WIB on 30 November, 00.10 WIB on 1 December.
        var (late, later, nextDay) = (new DateTimeOffset(2026, 11, 30, 16, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 16, 45, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 30, 17, 10, 0, TimeSpan.Zero));
        ScoreChange Score(string assessment, ScoreChangeKind kind, DateTimeOffset at, string? reason = null, string? detail = null) =>
            new(1, assessment, assessment, kind, 80, 95, "", "", at, reason, "", detail);
        LaterChange Grade(string assessment, ScoreChangeKind kind, DateTimeOffset at, string? reason = null, string? detail = null) =>
            new(at, "Matematika", LaterChange.WhatOf(assessment, kind), Score(assessment, kind, at, reason, detail), null, Guid.NewGuid());
        var verification = new ReportCardVerification(VerificationVerdict.CorrectedLater, null,
        [
            Grade("tp1", ScoreChangeKind.Corrected, late, "Salah ketik"),
            Grade(ScoreChangeRow.FinalGrade, ScoreChangeKind.Calculated, late),
            Grade(ScoreChangeRow.Description, ScoreChangeKind.DescriptionEdited, later, detail: "Ananda perlu bimbingan"),
            new LaterChange(later, "Ketidakhadiran", LaterChange.SectionChanged, null, "Sakit 3, izin 0, tanpa keterangan 0 hari"),
            new LaterChange(later, "Ketidakhadiran", LaterChange.SectionChanged, null, "Koreksi disetujui: Surat dokter sudah diterima"),
            Grade("tp2", ScoreChangeKind.Corrected, nextDay, "Tertukar"),
        ], null, null);

        verification.Told.ShouldBe(
        [
            new ToldChange(new DateOnly(2026, 11, 30), "Matematika", "Nilai diubah"),
            new ToldChange(new DateOnly(2026, 11, 30), "Matematika", "Deskripsi capaian diubah"),
            new ToldChange(new DateOnly(2026, 11, 30), "Ketidakhadiran", LaterChange.SectionChanged),
            new ToldChange(new DateOnly(2026, 12, 1), "Matematika", "Nilai diubah"),
        ]);
    }

    [Fact]
    public void a_print_projects_its_code_row_the_grades_as_printed_and_a_history_line_without_the_code()
    {
        var subject = Guid.NewGuid();
        var code = VerificationCode.New();
        var e = TestEvents.Stored(new ReportCardPrinted(code, Digest, AccountFixtures.ClassId, "X-1", "Ani", [new PrintedGrade(subject, "Matematika", null)],
            PrintKind.StudentPdf), StreamKeys.ReportCard(TestEvents.SchoolId, AccountFixtures.TermId, Ani), "wali.x1", 42);

        var rows = Projector.Project(e).OfType<Insert>().Select(i => i.Row).ToList();

        rows.OfType<ReportCardPrintRow>().ShouldHaveSingleItem().ShouldBe(new ReportCardPrintRow(code, TestEvents.SchoolId, AccountFixtures.TermId,
            AccountFixtures.ClassId, Ani, "X-1", "Ani", Digest, 42, TestEvents.At, "wali.x1", PrintKind.StudentPdf));
        rows.OfType<PrintedGradeRow>().ShouldHaveSingleItem().ShouldBe(new PrintedGradeRow(code, 0, subject, "Matematika", null));
        var history = rows.OfType<ReportCardChangeRow>().ShouldHaveSingleItem();
        history.Section.ShouldBe(ReportCardProjector.Sections.Print);
        history.Detail.ShouldBe("PDF siswa dicetak (kelas X-1)");
        history.Detail.ShouldNotContain(code);
    }

    /// <summary>An event as stored before prints said their kind, read with the event store's own serializer.</summary>
    [Fact]
    public void a_print_stored_before_prints_said_their_kind_loads_and_shows_as_a_rapor_printed()
    {
        var code = VerificationCode.New();
        var stored = $$"""
            {"Code":"{{code}}","Digest":"{{Digest}}","ClassId":"{{AccountFixtures.ClassId}}","ClassName":"X-1","StudentName":"Ani",
             "Grades":[{"SubjectId":"{{Guid.Empty}}","Subject":"Matematika","FinalGrade":80}]}
            """;
        var options = new Marten.StoreOptions();
        ERaport.Write.EventStore.Configure(options);

        var printed = options.Serializer().FromJson<ReportCardPrinted>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stored)));
        var rows = Projector.Project(TestEvents.Stored(printed, StreamKeys.ReportCard(TestEvents.SchoolId, AccountFixtures.TermId, Ani), "wali.x1", 42))
            .OfType<Insert>().Select(i => i.Row).ToList();

        printed.Code.ShouldBe(code);
        printed.Kind.ShouldBeNull();
        rows.OfType<ReportCardPrintRow>().ShouldHaveSingleItem().Kind.ShouldBeNull();
        rows.OfType<ReportCardChangeRow>().ShouldHaveSingleItem().Detail.ShouldBe("Rapor dicetak (kelas X-1)", "as every print read before");
        PrintKinds.Label(null).ShouldBe("Rapor");
    }
}
