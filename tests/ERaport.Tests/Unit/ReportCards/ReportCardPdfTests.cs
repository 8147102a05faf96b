using ERaport.Read.ReportCards;
using ERaport.Web.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using Xunit.Abstractions;

namespace ERaport.Tests.Unit.ReportCards;

public sealed class ReportCardPdfTests(ITestOutputHelper output)
{
    public static StudentReportCard Sample(int semester = 2, string? description = null, int subjects = 4) => new(
        new ReportSchool("SMA Negeri 1 Maju Jaya", "20212345", "Jl. Pahlawan No. 17, Kelurahan Sukamaju, Kecamatan Cibeunying", "Kota Bandung",
            "Plt. Dra. Sri Wahyuni, M.Pd.", "19700101 199503 2 001"),
        new ReportTerm(Guid.NewGuid(), "2026/2027", semester, new DateOnly(2027, 6, 19), "Bandung"),
        new ReportClass(Guid.NewGuid(), "X-1", 10, "E", "Budi Santoso, S.Pd.", "19800202 200501 1 002"),
        new ReportStudent(Guid.NewGuid(), "Ni Luh Ayu Saraswati", "0012345678", "262001", "Hindu"),
        [
            new ReportSubjectGroup("Umum", [.. Enumerable.Range(1, subjects).Select(i => new ReportSubject(Guid.NewGuid(), $"Mata Pelajaran {i}", $"M{i}",
                i == 3 ? null : 70 + i, false, description ?? $"Menunjukkan penguasaan yang baik dalam tujuan pembelajaran {i}. Perlu ditingkatkan dalam pemahaman konsep."))]),
            new ReportSubjectGroup("Muatan Lokal", [new ReportSubject(Guid.NewGuid(), "Bahasa Sunda", "BSU", 88, true, "Menunjukkan penguasaan yang baik dalam aksara Sunda.")]),
        ],
        new HomeroomSections(new AttendanceDays(2, 1, 0), [new ExtracurricularEntry("Pramuka", "Baik", "Aktif mengikuti perkemahan.")],
            "Proyek kokurikuler: gaya hidup berkelanjutan, sangat baik.", "Tingkatkan terus semangat belajarmu, Ayu!",
            semester == 2 ? new PromotionDecision("promoted", "Naik ke kelas XI") : null));

    public static IReadOnlyList<string> PagesText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => ContentOrderTextExtractor.GetText(p)).ToList();
    }

    /// <summary>The Nilai Akhir printed on the line where <paramref name="subject"/> starts (same baseline, NA column).
    /// The longest line that starts the name wins, so the "Mata Pelajaran" header never does.</summary>
    public static string FinalGradeCell(byte[] pdf, string subject)
    {
        const double subjectLeft = PdfFlow.Left + 24, naLeft = subjectLeft + 140, naRight = naLeft + 70;
        using var document = PdfDocument.Open(pdf);
        var found = document.GetPages().SelectMany(page =>
        {
            var words = page.GetWords().ToList();
            return words.Where(w => w.BoundingBox.Left >= subjectLeft && w.BoundingBox.Right <= naLeft).GroupBy(w => Math.Round(w.BoundingBox.Bottom))
                .Select(line => (Text: string.Join(" ", line.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)),
                    Na: string.Join(" ", words.Where(w => w.BoundingBox.Left >= naLeft && w.BoundingBox.Right <= naRight && Math.Abs(w.BoundingBox.Bottom - line.Key) < 1.5)
                        .OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))));
        }).Where(l => subject.StartsWith(l.Text, StringComparison.Ordinal) && (l.Text == subject || subject[l.Text.Length] == ' '))
            .MaxBy(l => l.Text.Length);
        return found.Text is null ? throw new ShouldAssertException($"{subject} is not in the grades table") : found.Na;
    }

    [Fact]
    public void a_sample_report_card_has_every_section_and_extractable_indonesian_text()
    {
        var pdf = ReportCardPdf.Render([Sample()]);

        var text = string.Join("\n", PagesText(pdf));
        foreach (var title in new[] { "LAPORAN HASIL BELAJAR", "Nama Peserta Didik", "Mata Pelajaran", "Nilai Akhir", "Capaian Kompetensi",
                     "Kokurikuler", "Ekstrakurikuler", "Ketidakhadiran", "Catatan Wali Kelas", "Tanggapan Orang Tua/Wali", "Keputusan",
                     "Mengetahui", "Kepala Sekolah", "Wali Kelas", "Naik ke kelas XI", "Bandung, 19 Juni 2027", "Ni Luh Ayu Saraswati",
                     "Plt. Dra. Sri Wahyuni, M.Pd.", "NIP. 19700101 199503 2 001", "belum lengkap" })
            text.ShouldContain(title);
        FinalGradeCell(pdf, "Mata Pelajaran 2").ShouldBe("72");
        FinalGradeCell(pdf, "Mata Pelajaran 3").ShouldBe(ReportCardPdf.Incomplete);
        FinalGradeCell(pdf, "Bahasa Sunda").ShouldBe("88");
    }

    /// <summary>A PDF reader's title bar and a downloaded file's properties name the card, not just "Rapor" for every one.</summary>
    [Fact]
    public void a_cards_pdf_is_titled_with_the_students_name_class_and_term_and_a_class_pdf_with_the_class()
    {
        var card = Sample();
        string? Title(byte[] pdf) { using var document = PdfDocument.Open(pdf); return document.Information.Title; }

        Title(ReportCardPdf.Render([card])).ShouldBe($"Rapor {card.Student.Name} – {card.Class.Name} – {ERaport.Write.School.Term.Name(card.Term.SchoolYear, card.Term.Semester)}");
        Title(ReportCardPdf.Render([card, card with { Student = card.Student with { Name = "Budi" } }]))
            .ShouldBe($"Rapor kelas {card.Class.Name} – {ERaport.Write.School.Term.Name(card.Term.SchoolYear, card.Term.Semester)}");
    }

    [Fact]
    public void a_tab_pasted_into_a_note_prints_as_a_space()
    {
        var card = Sample();
        card = card with { Homeroom = card.Homeroom with { HomeroomNote = "Rajin\tbelajar dan\t\taktif bertanya." } };

        var text = string.Join("\n", PagesText(ReportCardPdf.Render([card])));

        text.ShouldContain("Rajin belajar dan aktif bertanya.");
    }

    [Fact]
    public void long_descriptions_break_across_pages_losing_no_word_and_every_page_is_numbered()
    {
        var longText = string.Join(" ", Enumerable.Range(1, 140).Select(i => $"kata{i}"));
        var pdf = ReportCardPdf.Render([Sample(description: longText, subjects: 9)]);

        var pages = PagesText(pdf);
        pages.Count.ShouldBeGreaterThan(3);
        for (var i = 0; i < pages.Count; i++)
            pages[i].ShouldContain($"Halaman {i + 1} dari {pages.Count}");
        var words = string.Join("\n", pages).Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        words.Count(w => w == "kata140").ShouldBe(9, "every description is printed to its last word");
        pages.Count(p => p.Contains("Capaian Kompetensi")).ShouldBeGreaterThan(1, "the table header repeats on the next page");
    }

    /// <summary>A "Umum" group of 6–14 subjects with descriptions of 14–38 words, then a "Pilihan" group: every combination
    /// ends the first group, and breaks its rows, somewhere else on the page.</summary>
    private static IEnumerable<(string Layout, List<string> Pages)> TwoGroupLayouts()
    {
        static ReportSubject Subject(string name, int words) =>
            new(Guid.NewGuid(), name, name[..3], 80, false, string.Join(" ", Enumerable.Range(1, words).Select(i => $"capaian{i}")));
        for (var subjects = 6; subjects <= 14; subjects++)
            foreach (var words in new[] { 14, 22, 30, 38 })
            {
                var card = Sample() with
                {
                    Groups =
                    [
                        new ReportSubjectGroup("Umum", [.. Enumerable.Range(1, subjects).Select(i => Subject($"Mata Pelajaran {i}", words))]),
                        new ReportSubjectGroup("Pilihan", [Subject("Biologi Lanjut", 70), Subject("Fisika Lanjut", 10)]),
                    ],
                };
                yield return ($"{subjects} subjects of {words} words", [.. PagesText(ReportCardPdf.Render([card]))]);
            }
    }

    [Fact]
    public void a_group_heading_is_never_left_alone_at_the_foot_of_a_page()
    {
        var checkedBreaks = 0;
        foreach (var (layout, pages) in TwoGroupLayouts())
        {
            var at = pages.FindIndex(p => p.Contains("Mata Pelajaran Pilihan"));
            pages[at].ShouldContain("Biologi Lanjut", customMessage: $"{layout}: the heading's page lacks the row below it");
            checkedBreaks += at > 0 ? 1 : 0;
        }
        checkedBreaks.ShouldBeGreaterThan(0, "some layouts put the heading on a later page");
    }

    [Fact]
    public void a_group_continued_on_the_next_page_repeats_its_heading_there()
    {
        var longText = string.Join(" ", Enumerable.Range(1, 60).Select(i => $"capaian{i}"));
        var pdf = ReportCardPdf.Render([Sample(description: longText, subjects: 12)]);

        var pages = PagesText(pdf);
        var continued = pages.Skip(1).First(p => p.Contains("Capaian Kompetensi"));
        continued.ShouldContain("Mata Pelajaran Umum (lanjutan)");
        pages[0].ShouldNotContain("(lanjutan)");
    }

    [Fact]
    public void a_group_ending_on_a_page_is_not_repeated_on_the_next()
    {
        var repeated = 0;
        foreach (var (layout, pages) in TwoGroupLayouts())
            foreach (var page in pages.Where(p => p.Contains("Mata Pelajaran Umum (lanjutan)")))
            {
                var after = page[(page.IndexOf("(lanjutan)", StringComparison.Ordinal) + 10)..];
                var nextGroup = after.IndexOf("Mata Pelajaran Pilihan", StringComparison.Ordinal);
                after[..(nextGroup < 0 ? after.Length : nextGroup)].ShouldContain("capaian",
                    customMessage: $"{layout}: a heading repeated with none of its subjects under it");
                repeated++;
            }
        repeated.ShouldBeGreaterThan(0, "some layouts continue the first group on the next page");
    }

    [Fact]
    public void attendance_lists_its_three_kinds_without_repeating_the_section_title_as_a_header()
    {
        var text = string.Join("\n", PagesText(ReportCardPdf.Render([Sample()])));

        text.ShouldNotContain("Jumlah");
        text.ShouldContain("Sakit");
        text.ShouldContain("2 hari");
    }

    /// <summary>A parent or principal signs under the card's content: a page holding nothing but the signatures looks
    /// like a loose sheet. Every subject count and description length moves the end of the content somewhere else.</summary>
    /// <summary>A class printed on both sides of the paper: a card of one or three pages would leave the next student's first
    /// page on its last sheet's back, and every card after it out of step. For such a printer each card starts on a front
    /// page, a blank back (said to be blank on purpose) after a card of an odd number of pages; the plain PDF keeps the cards
    /// back to back.</summary>
    [Fact]
    public void for_printing_on_both_sides_every_card_of_a_class_starts_on_a_front_page()
    {
        var (twoPages, threePages) = (Sample(1), Sample(1, string.Join(" ", Enumerable.Range(1, 40).Select(i => $"capaian{i}")), 12));
        PagesText(ReportCardPdf.Render([twoPages])).Count.ShouldBe(2);
        PagesText(ReportCardPdf.Render([threePages])).Count.ShouldBe(3);

        var pages = PagesText(ReportCardPdf.Render([threePages, twoPages, threePages, twoPages], bothSides: true));
        pages.Index().Where(p => p.Item.Contains(ReportCardPdf.Title)).Select(p => p.Index).ShouldBe([0, 4, 6, 10]);
        pages.Where(p => !p.Contains(ReportCardPdf.Title) && !p.Contains("Halaman")).ShouldAllBe(p => p.Trim() == ReportCardPdf.BlankBack);
        pages.Count.ShouldBe(12);
        PagesText(ReportCardPdf.Render([threePages, twoPages, threePages], bothSides: true)).Count.ShouldBe(9, "no blank after the last card");

        PagesText(ReportCardPdf.Render([threePages, twoPages, threePages, twoPages])).Count.ShouldBe(10);
    }

    [Fact]
    public void a_rapor_never_leaves_the_signatures_alone_on_a_page()
    {
        var alone = new List<string>();
        foreach (var semester in new[] { 1, 2 })
            for (var subjects = 1; subjects <= 20; subjects++)
                foreach (var words in new[] { 12, 25, 40, 90 })
                {
                    var pages = PagesText(ReportCardPdf.Render([Sample(semester, string.Join(" ", Enumerable.Range(1, words).Select(i => $"capaian{i}")), subjects)]));
                    var signed = pages.Single(p => p.Contains("Mengetahui"));
                    signed.ShouldContain("Orang Tua/Wali,", customMessage: "the signature block is on one page");
                    // The section printed just before the signatures: the decision in semester 2, else the parent's response box.
                    if (!signed.Contains(semester == 2 ? "Keputusan" : "Tanggapan Orang Tua/Wali"))
                        alone.Add($"semester {semester}, {subjects} subjects of {words} words");
                }
        alone.ShouldBeEmpty("the signatures share their page with the section before them");
    }

    /// <summary>A card like the demo school's long ones: ten or so subjects with full descriptions, three extracurriculars
    /// described at length, and a homeroom note of <paramref name="noteWords"/> words (about ten to a line).</summary>
    private static StudentReportCard LongCard(int semester, int subjects, int noteWords, string? paper = null)
    {
        var card = Sample(semester, string.Join(" ", Enumerable.Range(1, 30).Select(i => $"capaian{i}")), subjects);
        return card with
        {
            School = card.School with { Paper = paper },
            Homeroom = card.Homeroom with
            {
                Extracurriculars =
                [
                    new ExtracurricularEntry("Pramuka", "Sangat Baik", "Aktif mengikuti perkemahan, memimpin regu dalam lomba tali-temali dan menjadi pemandu upacara."),
                    new ExtracurricularEntry("Paskibra", "Baik", "Disiplin berlatih baris-berbaris dan bertugas sebagai pengibar bendera pada upacara hari besar."),
                    new ExtracurricularEntry("Karya Ilmiah Remaja", "Baik", "Meneliti kualitas air sungai di sekitar sekolah bersama timnya dan mempresentasikan hasilnya."),
                ],
                HomeroomNote = string.Join(" ", Enumerable.Range(1, noteWords).Select(i => $"catatan{i}")),
            },
        };
    }

    /// <summary>The page holding the signatures: the whole block, under the closing section's heading.</summary>
    private static int SignedPage(IReadOnlyList<string> pages, StudentReportCard card, string layout)
    {
        var signed = pages.Index().Single(p => p.Item.Contains("Mengetahui")).Index;
        foreach (var part in new[] { card.HasPromotion ? "Keputusan" : "Tanggapan Orang Tua/Wali", "Orang Tua/Wali,", "Wali Kelas,", "Kepala Sekolah,",
                     $"NIP. {card.Class.HomeroomTeacherNip}", $"NIP. {card.School.PrincipalNip}" })
            pages[signed].ShouldContain(part, customMessage: $"{layout}: the signatures' page");
        return signed;
    }

    /// <summary>A card whose parent's response box and signatures overflow its second page by a line or three used to take a
    /// third sheet holding only them: the closing's gaps tighten and the response box shrinks (to two handwritten lines at
    /// the least) so that it ends on page 2, above the footer, in the same type size.</summary>
    [Theory]
    [InlineData(1, 7, 184, null)]
    [InlineData(1, 7, 192, null)]
    [InlineData(1, 10, 272, "F4")]
    [InlineData(1, 10, 280, "F4")]
    [InlineData(2, 7, 160, null)]
    [InlineData(2, 10, 264, "F4")]
    public void a_card_whose_closing_overflows_its_second_page_by_a_little_fits_on_two_pages(int semester, int subjects, int noteWords, string? paper)
    {
        var card = LongCard(semester, subjects, noteWords, paper);
        var pdf = ReportCardPdf.Render([card]);

        var pages = PagesText(pdf);
        pages.Count.ShouldBe(2);
        var text = string.Join("\n", pages);
        foreach (var part in new[] { "Capaian Kompetensi", "Kokurikuler", "Ekstrakurikuler", "Karya Ilmiah Remaja", "Ketidakhadiran", "Catatan Wali Kelas",
                     $"catatan{noteWords}", "Tanggapan Orang Tua/Wali" })
            text.ShouldContain(part);
        SignedPage(pages, card, "two pages").ShouldBe(1);
        using var document = PdfDocument.Open(pdf);
        var words = document.GetPage(2).GetWords().ToList();
        // PDF y grows upwards: the principal's NIP, the card's last line, ends above the footer's 70 pt, and the response
        // box under its heading leaves room for two handwritten lines (40 pt) before the place and date.
        words.Last(w => w.Text == "NIP.").BoundingBox.Bottom.ShouldBeGreaterThan(70);
        (words.Single(w => w.Text == "Tanggapan").BoundingBox.Bottom - words.Single(w => w.Text == "Bandung,").BoundingBox.Top).ShouldBeGreaterThan(40);
    }

    /// <summary>A card whose closing overflows by more than tightening saves still gets a third page, the closing at full
    /// size there: the parent's response under its heading and the signatures together, none of them left on page 2.</summary>
    [Theory]
    [InlineData(1, 7, 216, null)]
    [InlineData(1, 7, 300, null)]
    [InlineData(2, 7, 200, null)]
    [InlineData(1, 10, 304, "F4")]
    [InlineData(1, 10, 380, "F4")]
    [InlineData(2, 10, 272, "F4")]
    public void a_card_that_needs_a_third_page_gets_one_with_the_signatures_together_under_the_closing_heading(int semester, int subjects, int noteWords,
        string? paper)
    {
        var card = LongCard(semester, subjects, noteWords, paper);

        var pages = PagesText(ReportCardPdf.Render([card]));

        pages.Count.ShouldBe(3);
        SignedPage(pages, card, "three pages").ShouldBe(2);
        pages[1].ShouldNotContain("Orang Tua/Wali,");
    }

    /// <summary>A wali kelas or principal with many names and titles (68 characters are met in practice) signs on the page:
    /// the name wraps inside its signature column, underlined, with the NIP under its last line and nothing overlapping.</summary>
    [Fact]
    public void a_long_signers_name_wraps_inside_the_page_with_the_nip_under_it()
    {
        const string homeroom = "Raden Roro Ayu Kusumawardhani Setyaningsih Purbaningrum, S.Pd., Gr.";
        const string principal = "Plt. Prof. Dr. Hj. Siti Nurhaliza Rahmawati Kusumaningrum, S.Pd., M.Pd.";
        foreach (var semester in new[] { 1, 2 })
        {
            var card = Sample(semester);
            card = card with
            {
                Class = card.Class with { HomeroomTeacher = homeroom },
                School = card.School with { Principal = principal },
            };

            using var document = PdfDocument.Open(ReportCardPdf.Render([card]));

            foreach (var page in document.GetPages())
                page.GetWords().Where(w => w.BoundingBox.Left < PdfFlow.Left - 1 || w.BoundingBox.Right > page.Width - PdfFlow.Left + 1)
                    .Select(w => w.Text).ShouldBeEmpty($"semester {semester}, page {page.Number}: every word is inside the margins");
            var text = string.Join(" ", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
            text.ShouldContain(homeroom);
            text.ShouldContain(principal);
            var words = document.GetPages().Single(p => p.Text.Contains("Mengetahui")).GetWords().ToList();
            double Top(string word) => words.Single(w => w.Text == word).BoundingBox.Top;
            // PDF y grows upwards: the wali kelas's NIP is below the last line of the name, and the principal's block below both.
            words.Single(w => w.Text == "19800202").BoundingBox.Top.ShouldBeLessThan(Top("Gr."));
            Top("Mengetahui,").ShouldBeLessThan(words.Single(w => w.Text == "19800202").BoundingBox.Bottom);
            words.Single(w => w.Text == "19700101").BoundingBox.Top.ShouldBeLessThan(Top("M.Pd."));
        }
    }

    /// <summary>Every page's footer names the student; a name of a hundred characters (Dapodik allows it) is shortened there
    /// with "…" rather than printed over "Halaman n dari m" and past the margin. The identity block prints it whole.</summary>
    [Fact]
    public void a_long_name_is_shortened_in_the_footer_and_never_runs_into_the_page_number()
    {
        const string name = "Raden Roro Ayu Kusumawardhani Setyaningsih Purbaningrum Hadiningrat Prawiradirja Notonegoro Soerjosoemarno";
        var card = Sample();
        card = card with { Student = card.Student with { Name = name } };

        using var document = PdfDocument.Open(ReportCardPdf.Render([card], c => new ReportVerification("RPR-0001")));

        foreach (var page in document.GetPages())
        {
            var words = page.GetWords().ToList();
            words.Select(w => w.Text).ShouldContain("Halaman", $"page {page.Number}: the page number is a word of its own, not run into by the name");
            var number = words.Single(w => w.Text == "Halaman");
            var footer = words.Where(w => Math.Abs(w.BoundingBox.Bottom - number.BoundingBox.Bottom) < 1.5 && w != number
                && w.BoundingBox.Left < number.BoundingBox.Left).OrderBy(w => w.BoundingBox.Left).ToList();
            footer.ShouldNotBeEmpty();
            footer.Max(w => w.BoundingBox.Right).ShouldBeLessThan(number.BoundingBox.Left, $"page {page.Number}: the footer's name ends before the page number");
            var line = string.Join(" ", footer.Select(w => w.Text));
            line.ShouldStartWith("Raden Roro Ayu");
            line.ShouldContain("…");
            line.ShouldEndWith("X-1 · 2026/2027 Genap", Case.Sensitive, "the class and term stay whole");
        }
        string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text)).ShouldContain("Prawiradirja Notonegoro Soerjosoemarno");
    }

    [Fact]
    public void a_school_that_prints_on_f4_gets_f4_pages_filled_to_their_length_with_the_footer_at_their_foot()
    {
        var longText = string.Join(" ", Enumerable.Range(1, 140).Select(i => $"kata{i}"));
        var a4 = Sample(description: longText, subjects: 9);
        var f4 = a4 with { School = a4.School with { Paper = "F4" } };

        using var onA4 = PdfDocument.Open(ReportCardPdf.Render([a4]));
        using var onF4 = PdfDocument.Open(ReportCardPdf.Render([f4]));

        onA4.GetPages().ShouldAllBe(p => Math.Round(p.Width) == 595 && Math.Round(p.Height) == 842);
        onF4.GetPages().ShouldAllBe(p => Math.Round(p.Width) == 609 && Math.Round(p.Height) == 935);
        onF4.GetPage(1).GetWords().Count().ShouldBeGreaterThan(onA4.GetPage(1).GetWords().Count() + 50, "the extra 93 pt hold more lines");
        // "Halaman n dari m" sits in the bottom 70 pt of every page (PDF y grows upwards).
        foreach (var page in onF4.GetPages())
            page.GetWords().Single(w => w.Text == "Halaman").BoundingBox.Bottom.ShouldBeLessThan(70);
        string.Join(" ", onF4.GetPages().Select(p => p.Text)).ShouldContain("kata140");
    }

    [Fact]
    public void a_verification_code_is_printed_in_every_page_footer()
    {
        var pdf = ReportCardPdf.Render([Sample(description: string.Join(" ", Enumerable.Repeat("panjang", 150)), subjects: 8)],
            card => new ReportVerification($"RPR-{card.Student.Nis}", "https://rapor.example/v/RPR"));

        var pages = PagesText(pdf);
        pages.Count.ShouldBeGreaterThan(1);
        pages.ShouldAllBe(p => p.Contains("Kode verifikasi: RPR-262001"));
    }

    [Fact]
    public void semester_1_has_no_promotion_section()
    {
        string.Join("\n", PagesText(ReportCardPdf.Render([Sample(semester: 1)]))).ShouldNotContain("Keputusan");
    }

    [Fact]
    public void rough_timing_of_one_report_card_and_a_class_of_32()
    {
        ReportCardPdf.Render([Sample()]);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var one = ReportCardPdf.Render([Sample(subjects: 16)]);
        var single = watch.Elapsed;
        watch.Restart();
        var cls = ReportCardPdf.Render(Enumerable.Range(0, 32).Select(_ => Sample(subjects: 16)));
        output.WriteLine($"one report card (16 subjects): {single.TotalMilliseconds:0} ms, {one.Length / 1024} KB; " +
                         $"a class of 32: {watch.Elapsed.TotalMilliseconds:0} ms, {cls.Length / 1024} KB");
        PagesText(cls).Count(p => p.Contains("Halaman 1 dari")).ShouldBe(32);
    }
}
