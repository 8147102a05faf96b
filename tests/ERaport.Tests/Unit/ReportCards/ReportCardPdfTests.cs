using ERaport.Read.ReportCards;
using ERaport.Web.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace ERaport.Tests.Unit.ReportCards;

public sealed class ReportCardPdfTests
{
    public static ReportCard Sample(int semester = 2, string? description = null, int subjects = 4) => new(
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

    [Fact]
    public void a_sample_report_card_has_every_section_and_extractable_indonesian_text()
    {
        var pdf = ReportCardPdf.Render([Sample()]);
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), "rapor-sample.pdf"), pdf);

        var text = string.Join("\n", PagesText(pdf));
        foreach (var title in new[] { "LAPORAN HASIL BELAJAR", "Nama Peserta Didik", "Mata Pelajaran", "Nilai Akhir", "Capaian Kompetensi",
                     "Kokurikuler", "Ekstrakurikuler", "Ketidakhadiran", "Catatan Wali Kelas", "Tanggapan Orang Tua/Wali", "Keputusan",
                     "Mengetahui", "Kepala Sekolah", "Wali Kelas", "Naik ke kelas XI", "Bandung, 19 Juni 2027", "Ni Luh Ayu Saraswati",
                     "Plt. Dra. Sri Wahyuni, M.Pd.", "NIP. 19700101 199503 2 001", "belum lengkap" })
            text.ShouldContain(title);
    }
}
