using ERaport.Read.ReportCards;
using ERaport.Read.School;
using ERaport.Web.Components;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ERaport.Web.Documents;

/// <summary>The "Identitas Peserta Didik" page that goes in front of a student's rapor (printed once, usually in the first
/// semester of the first year): what the school holds about the student, a box for the 3 × 4 photo and the principal's
/// signature. Only what E-Raport stores is listed, never a line to fill in by hand. One page per student, on the
/// school's paper; a record of nothing graded, so printing it is not a rapor print.</summary>
public static class StudentIdentityPdf
{
    public const string Title = "IDENTITAS PESERTA DIDIK";

    private const double Number = 18, Label = 170, PhotoWidth = 85, PhotoHeight = 113; // 3 × 4 cm

    private sealed record Fonts(XFont Title, XFont Body, XFont Bold, XFont Small);

    /// <summary>A page for each of <paramref name="cards"/>' students found in <paramref name="students"/>, in the cards' order.</summary>
    public static byte[] Render(ClassReportCards cards, IReadOnlyDictionary<Guid, StudentRow> students)
    {
        ReportFonts.Register();
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var fonts = new Fonts(new XFont(ReportFonts.Family, 13, XFontStyleEx.Bold, options), new XFont(ReportFonts.Family, 10, XFontStyleEx.Regular, options),
            new XFont(ReportFonts.Family, 10, XFontStyleEx.Bold, options), new XFont(ReportFonts.Family, 8, XFontStyleEx.Regular, options));
        using var document = new PdfDocument();
        document.Info.Title = cards.Cards is [var one] ? $"Identitas {one.Student.Name} – {cards.Class.Name}" : $"Identitas peserta didik kelas {cards.Class.Name}";
        document.Info.Creator = "E-Raport";
        document.Options.CompressContentStreams = true;
        foreach (var card in cards.Cards)
            if (students.GetValueOrDefault(card.Student.StudentId) is { } student)
                Write(document, card, student, fonts);
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    /// <summary>The lines as printed: number ("7." or "" under a group), label, value (null for a group's heading).</summary>
    public static IReadOnlyList<(string Number, string Label, string? Value)> Lines(StudentRow s) =>
    [
        ("1.", "Nama Lengkap Peserta Didik", s.Name),
        ("2.", "NISN / NIS", $"{s.Nisn} / {s.Nis}"),
        ("3.", "Tempat, Tanggal Lahir", $"{Known(s.BirthPlace)}, {s.BirthDate?.ToString("d MMMM yyyy", Format.Indonesian) ?? "–"}"),
        ("4.", "Jenis Kelamin", s.Sex switch { "L" => "Laki-laki", "P" => "Perempuan", var other => Known(other) }),
        ("5.", "Agama", Known(s.Religion)),
        ("6.", "Alamat Peserta Didik", Known(s.Address)),
        ("7.", "Nama Orang Tua", null),
        ("", "a. Ayah", Known(s.FatherName)),
        ("", "b. Ibu", Known(s.MotherName)),
        ("8.", "Nama Wali", Known(s.GuardianName)),
    ];

    private static string Known(string? value) => string.IsNullOrWhiteSpace(value) ? "–" : value;

    private static void Write(PdfDocument document, StudentReportCard card, StudentRow student, Fonts f)
    {
        using var flow = new PdfFlow(document, PaperSize.Of(card.School.Paper));
        document.Outlines.Add($"{student.Name} ({student.Nis})", flow.Pages[0]);
        flow.Paragraph(Title, f.Title, XStringAlignment.Center);
        flow.Paragraph(card.School.Name, f.Body, XStringAlignment.Center);
        flow.Gap(24);

        var line = PdfFlow.LineHeight(f.Body) + 4;
        double labelX = PdfFlow.Left + Number, valueX = labelX + Label + 10;
        foreach (var (number, label, value) in Lines(student))
        {
            flow.DrawLine(number, f.Body, PdfFlow.Left, flow.Y, Number, XStringAlignment.Near);
            flow.DrawLine(label, f.Body, number.Length == 0 ? labelX + 12 : labelX, flow.Y, Label, XStringAlignment.Near);
            if (value is not null)
            {
                flow.DrawLine(":", f.Body, labelX + Label, flow.Y, 8, XStringAlignment.Near);
                var wrapped = flow.Wrap(value, f.Body, flow.Right - valueX);
                for (var n = 0; n < wrapped.Count; n++)
                    flow.DrawLine(wrapped[n], f.Body, valueX, flow.Y + n * PdfFlow.LineHeight(f.Body), flow.Right - valueX, XStringAlignment.Near);
                flow.Gap((wrapped.Count - 1) * PdfFlow.LineHeight(f.Body));
            }
            flow.Gap(line);
        }

        flow.Gap(30);
        var y = flow.Y;
        var photoX = PdfFlow.Left + 60;
        flow.Graphics.DrawRectangle(XPens.Black, photoX, y, PhotoWidth, PhotoHeight);
        flow.DrawLine("Pas foto", f.Small, photoX, y + PhotoHeight / 2 - PdfFlow.LineHeight(f.Small), PhotoWidth, XStringAlignment.Center);
        flow.DrawLine("3 × 4", f.Small, photoX, y + PhotoHeight / 2, PhotoWidth, XStringAlignment.Center);

        const double column = 220;
        var signatureX = flow.Right - column;
        var date = card.Term.ReportDate?.ToString("d MMMM yyyy", Format.Indonesian) ?? "....................";
        flow.DrawLine($"{card.Term.Place}, {date}", f.Body, signatureX, y, column, XStringAlignment.Center);
        flow.DrawLine("Kepala Sekolah,", f.Body, signatureX, y + PdfFlow.LineHeight(f.Body), column, XStringAlignment.Center);
        ReportCardPdf.Signer(flow, card.School.Principal, card.School.PrincipalNip, signatureX, y + PhotoHeight - PdfFlow.LineHeight(f.Bold), column,
            f.Bold, f.Body);
    }
}
