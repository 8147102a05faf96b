using System.Globalization;
using ERaport.Read.ReportCards;
using ERaport.Web.Components;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ERaport.Web.Documents;

/// <summary>What a page footer can carry to let a reader check a printed report card: a code, where to check
/// it, and a QR image of that address (BMP: PDFsharp's core build reads no 1-bit PNG). Made by the caller; the renderer only draws it.
/// <see cref="PrintedAt"/>: when the print was recorded, printed beside the code so the paper itself names its moment.</summary>
public sealed record ReportVerification(string Code, string? Url = null, byte[]? QrImage = null, DateTimeOffset? PrintedAt = null);

/// <summary>Report cards as PDF (A4 or F4 as the school profile says, fonts embedded), laid out as domain.md "The report card, section by
/// section"; page numbers restart with each student so that a class PDF prints as separate cards.</summary>
public static class ReportCardPdf
{
    public const string Title = "LAPORAN HASIL BELAJAR";
    public const string Incomplete = "belum lengkap";

    private static readonly CultureInfo Indonesian = Format.Indonesian;

    private sealed record Fonts(XFont Title, XFont Heading, XFont Body, XFont Bold, XFont Small, XFont Italic);

    /// <summary>What the blank back after a card of an odd number of pages says, printed on both sides: not a printer's fault.</summary>
    public const string BlankBack = "Halaman ini sengaja dikosongkan.";

    /// <summary>One document holding every card in order; <paramref name="verification"/> (optional) gives each
    /// card's footer its code and QR image. <paramref name="bothSides"/>: for printing on both sides of the paper, each card
    /// starts on a front page (a blank back after a card of an odd number of pages), so no card begins on another's sheet.</summary>
    public static byte[] Render(IEnumerable<StudentReportCard> cards, Func<StudentReportCard, ReportVerification?>? verification = null,
        bool bothSides = false)
    {
        ReportFonts.Register();
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        var fonts = new Fonts(
            new XFont(ReportFonts.Family, 13, XFontStyleEx.Bold, options), new XFont(ReportFonts.Family, 10, XFontStyleEx.Bold, options),
            new XFont(ReportFonts.Family, 9, XFontStyleEx.Regular, options), new XFont(ReportFonts.Family, 9, XFontStyleEx.Bold, options),
            new XFont(ReportFonts.Family, 7.5, XFontStyleEx.Regular, options), new XFont(ReportFonts.Family, 9, XFontStyleEx.Italic, options));
        var list = cards.ToList();
        using var document = new PdfDocument();
        document.Info.Title = DocumentTitle(list);
        document.Info.Creator = "E-Raport";
        document.Options.CompressContentStreams = true;
        foreach (var (i, card) in list.Index())
        {
            Write(document, card, fonts, verification?.Invoke(card));
            if (bothSides && document.PageCount % 2 == 1 && i < list.Count - 1)
                BlankPage(document, PaperSize.Of(card.School.Paper), fonts.Small);
        }
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static void BlankPage(PdfDocument document, PaperSize paper, XFont font)
    {
        using var flow = new PdfFlow(document, paper);
        flow.Gap((flow.Bottom - PdfFlow.Top) / 2);
        flow.Paragraph(BlankBack, font, XStringAlignment.Center);
    }

    /// <summary>What a PDF reader shows in its title bar and a saved file's properties: whose card, or which class's.</summary>
    private static string DocumentTitle(IReadOnlyList<StudentReportCard> cards) => cards switch
    {
        [var one] => $"Rapor {one.Student.Name} – {one.Class.Name} – {TermName(one)}",
        [var first, ..] when cards.All(c => c.Class.ClassId == first.Class.ClassId) => $"Rapor kelas {first.Class.Name} – {TermName(first)}",
        _ => "Rapor",
    };

    private static string TermName(StudentReportCard card) => Format.Term(card.Term.SchoolYear, card.Term.Semester);

    private static void Write(PdfDocument document, StudentReportCard card, Fonts f, ReportVerification? verification)
    {
        using var flow = new PdfFlow(document, PaperSize.Of(card.School.Paper));
        document.Outlines.Add($"{card.Student.Name} ({card.Student.Nis})", flow.Pages[0]);

        flow.Paragraph(Title, f.Title, XStringAlignment.Center);
        flow.Gap(10);
        Identity(flow, card, f);
        flow.Gap(10);
        Grades(flow, card, f);
        Section(flow, "Kokurikuler", f);
        flow.Box(Text(card.Homeroom.Kokurikuler), f.Body);
        Section(flow, "Ekstrakurikuler", f);
        flow.Table([24, 150, 0], Header(f, "No", "Kegiatan", "Keterangan"),
            card.Homeroom.Extracurriculars.Count == 0
                ? [new PdfRow([new PdfCell("–", f.Body, XStringAlignment.Center), new PdfCell("–", f.Body), new PdfCell("", f.Body)])]
                : card.Homeroom.Extracurriculars.Select((e, i) => new PdfRow([
                    new PdfCell((i + 1).ToString(Indonesian), f.Body, XStringAlignment.Center), new PdfCell(e.Activity, f.Body),
                    new PdfCell(e.Predicate is { Length: > 0 } p ? $"{p}. {e.Description}" : e.Description, f.Body)])));
        Section(flow, "Ketidakhadiran", f);
        var a = card.Homeroom.Attendance;
        flow.Table([150, 0], header: null,
        [
            Days("Sakit", a.Sick, f), Days("Izin", a.Permitted, f), Days("Tanpa Keterangan", a.Unexcused, f),
        ]);
        Section(flow, "Catatan Wali Kelas", f);
        flow.Box(Text(card.Homeroom.HomeroomNote), f.Body);
        var decision = card.HasPromotion ? card.Homeroom.Promotion?.Wording ?? "–" : null;
        var closing = Closing.Fitting(flow.Remaining, c => ClosingHeight(flow, card, f, c, decision));
        // The last section moves to the next page with the signatures rather than leave them alone there.
        Section(flow, "Tanggapan Orang Tua/Wali", f, decision is null ? closing.Response + SignaturesHeight(flow, card, f, closing) : 0, closing.SectionGap);
        flow.Box("", f.Body, minHeight: closing.Response);
        if (decision is not null)
        {
            Section(flow, "Keputusan", f, flow.BoxHeight(decision, f.Bold) + SignaturesHeight(flow, card, f, closing), closing.SectionGap);
            flow.Box(decision, f.Bold);
        }
        Signatures(flow, card, f, closing);
        flow.EachPage((gfx, page, pages) => Footer(flow, gfx, card, page, pages, f, verification));
    }

    /// <summary>The spacing of a card's closing: the parent's response box, the decision (semester 2) and the signatures.</summary>
    private sealed record Closing(double SectionGap, double Response, double SignaturesGap)
    {
        public static readonly Closing Regular = new(ReportCardPdf.SectionGap, 60, 14);

        /// <summary>Tighter gaps, and a response box of two handwritten lines (14 mm) at the least.</summary>
        private static readonly Closing Tight = new(4, 40, 6);

        /// <summary>A closing that overflows its page by a little tightens its gaps and shrinks the response box (no
        /// smaller than <see cref="Tight"/>'s) to stay on the page, rather than take a sheet of its own; one that does not
        /// fit even so starts the next page at full size. <paramref name="height"/>: the closing's height at a spacing.</summary>
        public static Closing Fitting(double remaining, Func<Closing, double> height)
        {
            // A point to spare for the rounding of the flow's running position.
            var room = remaining - 1;
            if (height(Regular) <= room)
                return Regular;
            var spare = room - height(Tight);
            return spare < 0 ? Regular : Tight with { Response = Math.Min(Regular.Response, Tight.Response + Math.Floor(spare)) };
        }
    }

    private static double ClosingHeight(PdfFlow flow, StudentReportCard card, Fonts f, Closing closing, string? decision)
    {
        var section = closing.SectionGap + PdfFlow.LineHeight(f.Heading) + SectionTitleGap;
        return section + closing.Response + (decision is null ? 0 : section + flow.BoxHeight(decision, f.Bold))
            + SignaturesHeight(flow, card, f, closing);
    }

    private static string Text(string? value) => string.IsNullOrWhiteSpace(value) ? "–" : value;

    private static PdfRow Header(Fonts f, params string[] titles) =>
        new(titles.Select(t => new PdfCell(t, f.Bold, XStringAlignment.Center)).ToList());

    private static PdfRow Days(string label, int days, Fonts f) =>
        new([new PdfCell(label, f.Body), new PdfCell($"{days.ToString(Indonesian)} hari", f.Body)]);

    private const double SectionGap = 9, SectionTitleGap = 2;

    /// <summary>A section title, <paramref name="gap"/> below what precedes it, kept on one page with at least
    /// <paramref name="keepWith"/> points of what follows it.</summary>
    private static void Section(PdfFlow flow, string title, Fonts f, double keepWith = 0, double gap = SectionGap)
    {
        flow.Gap(gap);
        // A title is never left alone at the bottom of a page.
        flow.Keep(PdfFlow.LineHeight(f.Heading) + SectionTitleGap + Math.Max(4 * PdfFlow.LineHeight(f.Body), keepWith));
        flow.Paragraph(title, f.Heading);
        flow.Gap(SectionTitleGap);
    }

    private static void Identity(PdfFlow flow, StudentReportCard card, Fonts f)
    {
        (string Label, string Value)[] left =
        [
            ("Nama Peserta Didik", card.Student.Name), ("NISN/NIS", $"{card.Student.Nisn} / {card.Student.Nis}"),
            ("Sekolah", card.School.Name), ("Alamat", card.School.Address),
        ];
        (string Label, string Value)[] right =
        [
            ("Kelas", card.Class.Name), ("Fase", card.Class.Phase),
            ("Semester", $"{card.Term.Semester} ({Format.Semester(card.Term.Semester)})"), ("Tahun Pelajaran", card.Term.SchoolYear),
        ];
        const double leftLabel = 92, rightX = PdfFlow.Left + 300, rightLabel = 80;
        var line = PdfFlow.LineHeight(f.Body);
        for (var i = 0; i < left.Length; i++)
        {
            var leftLines = flow.Wrap(left[i].Value, f.Body, rightX - PdfFlow.Left - leftLabel - 16);
            var rightLines = flow.Wrap(right[i].Value, f.Body, flow.Right - rightX - rightLabel - 8);
            var y = flow.Y;
            flow.DrawLine(left[i].Label, f.Body, PdfFlow.Left, y, leftLabel, XStringAlignment.Near);
            flow.DrawLine(":", f.Body, PdfFlow.Left + leftLabel, y, 6, XStringAlignment.Near);
            flow.DrawLine(right[i].Label, f.Body, rightX, y, rightLabel, XStringAlignment.Near);
            flow.DrawLine(":", f.Body, rightX + rightLabel, y, 6, XStringAlignment.Near);
            for (var n = 0; n < leftLines.Count; n++)
                flow.DrawLine(leftLines[n], f.Body, PdfFlow.Left + leftLabel + 8, y + n * line, rightX - PdfFlow.Left - leftLabel - 16, XStringAlignment.Near);
            for (var n = 0; n < rightLines.Count; n++)
                flow.DrawLine(rightLines[n], f.Body, rightX + rightLabel + 8, y + n * line, flow.Right - rightX - rightLabel - 8, XStringAlignment.Near);
            flow.Gap(Math.Max(leftLines.Count, rightLines.Count) * line);
        }
        flow.Graphics.DrawLine(new XPen(XColors.Black, 1), PdfFlow.Left, flow.Y + 4, flow.Right, flow.Y + 4);
        flow.Gap(6);
    }

    private static void Grades(PdfFlow flow, StudentReportCard card, Fonts f)
    {
        var rows = new List<PdfRow>();
        var no = 0;
        foreach (var group in card.Groups)
        {
            rows.Add(new PdfRow([new PdfCell(group.Heading, f.Bold)], Span: true, Shaded: true));
            rows.AddRange(group.Subjects.Select(s => new PdfRow([
                new PdfCell((++no).ToString(Indonesian), f.Body, XStringAlignment.Center),
                new PdfCell(s.Name, f.Body),
                s.FinalGrade is { } na ? new PdfCell(na.ToString(Indonesian), f.Body, XStringAlignment.Center) : new PdfCell(Incomplete, f.Italic, XStringAlignment.Center),
                new PdfCell(Text(s.Description), f.Body),
            ])));
        }
        if (rows.Count == 0)
            rows.Add(new PdfRow([new PdfCell("Belum ada mata pelajaran untuk kelas ini.", f.Italic)], Span: true));
        flow.Table([24, 140, 70, 0], Header(f, "No", "Mata Pelajaran", "Nilai Akhir", "Capaian Kompetensi"), rows);
    }

    /// <summary>Orang Tua/Wali left, place and date with the wali kelas right, the principal centred below; kept on one page.</summary>
    private static void Signatures(PdfFlow flow, StudentReportCard card, Fonts f, Closing closing)
    {
        var line = PdfFlow.LineHeight(f.Body);
        const double column = SignatureColumn;
        flow.Gap(closing.SignaturesGap);
        flow.Keep(SignaturesHeight(flow, card, f, closing) - closing.SignaturesGap);
        var y = flow.Y;
        double leftX = PdfFlow.Left, rightX = flow.Right - column, centreX = PdfFlow.Left + (flow.Width - column) / 2;
        var date = card.Term.ReportDate?.ToString("d MMMM yyyy", Indonesian) ?? "....................";
        flow.DrawLine($"{card.Term.Place}, {date}", f.Body, rightX, y, column, XStringAlignment.Center);
        y += line;
        flow.DrawLine("Orang Tua/Wali,", f.Body, leftX, y, column, XStringAlignment.Center);
        flow.DrawLine("Wali Kelas,", f.Body, rightX, y, column, XStringAlignment.Center);
        y += line + SignatureSpace;
        flow.DrawLine("( ........................................ )", f.Body, leftX, y, column, XStringAlignment.Center);
        y += Signer(flow, HomeroomSigner(card), card.Class.HomeroomTeacherNip, rightX, y, column, f) + line;
        flow.DrawLine("Mengetahui,", f.Body, centreX, y, column, XStringAlignment.Center);
        flow.DrawLine("Kepala Sekolah,", f.Body, centreX, y + line, column, XStringAlignment.Center);
        y += 2 * line + SignatureSpace;
        y += Signer(flow, card.School.Principal, card.School.PrincipalNip, centreX, y, column, f);
        flow.Gap(y - flow.Y);
    }

    private const double SignatureSpace = 40, SignatureColumn = 200;

    private static string HomeroomSigner(StudentReportCard card) => card.Class.HomeroomTeacher ?? "........................................";

    /// <summary>The signature block with the gap above it: seven lines, two signature spaces, and each signer's name as
    /// wrapped into its column.</summary>
    private static double SignaturesHeight(PdfFlow flow, StudentReportCard card, Fonts f, Closing closing) =>
        closing.SignaturesGap + 2 * SignatureSpace + 7 * PdfFlow.LineHeight(f.Body)
        + (flow.Wrap(HomeroomSigner(card), f.Bold, SignatureColumn).Count + flow.Wrap(card.School.Principal, f.Bold, SignatureColumn).Count) * PdfFlow.LineHeight(f.Bold);

    private static double Signer(PdfFlow flow, string name, string? nip, double x, double y, double width, Fonts f) =>
        Signer(flow, name, nip, x, y, width, f.Bold, f.Body);

    /// <summary>A signer's name, bold and underlined, with "NIP. …" under it, centred in <paramref name="width"/>; a name
    /// longer than the column (many given names and titles) wraps, each line underlined. Returns the height drawn.</summary>
    public static double Signer(PdfFlow flow, string name, string? nip, double x, double y, double width, XFont bold, XFont body)
    {
        var line = PdfFlow.LineHeight(bold);
        var lines = flow.Wrap(name, bold, width);
        foreach (var part in lines)
        {
            flow.DrawLine(part, bold, x, y, width, XStringAlignment.Center);
            var w = flow.Graphics.MeasureString(part, bold).Width;
            flow.Graphics.DrawLine(XPens.Black, x + (width - w) / 2, y + line - 1, x + (width + w) / 2, y + line - 1);
            y += line;
        }
        flow.DrawLine($"NIP. {(string.IsNullOrWhiteSpace(nip) ? "-" : nip)}", body, x, y, width, XStringAlignment.Center);
        return lines.Count * line + PdfFlow.LineHeight(body);
    }

    /// <summary>Who the page belongs to and "Halaman n dari m"; with a verification, its QR image and code on the left.</summary>
    private static void Footer(PdfFlow flow, XGraphics gfx, StudentReportCard card, int page, int pages, Fonts f, ReportVerification? verification)
    {
        var top = flow.Bottom + 14;
        gfx.DrawLine(new XPen(XColors.Gray, 0.5), PdfFlow.Left, top, flow.Right, top);
        var x = PdfFlow.Left;
        if (verification?.QrImage is { } png)
        {
            using var image = XImage.FromStream(new MemoryStream(png));
            gfx.DrawImage(image, x, top + 3, 40, 40);
            x += 46;
        }
        var near = new XStringFormat { Alignment = XStringAlignment.Near, LineAlignment = XLineAlignment.Near };
        var line = PdfFlow.LineHeight(f.Small);
        const double pageNumber = 120;
        var term = $" · {card.Class.Name} · {TermName(card)}";
        var name = Shortened(gfx, card.Student.Name, f.Small, flow.Right - pageNumber - 8 - x - gfx.MeasureString(term, f.Small).Width);
        gfx.DrawString(name + term, f.Small, XBrushes.Black, new XRect(x, top + 3, 300, line), near);
        if (verification is not null)
        {
            var printed = verification.PrintedAt is { } at ? $" · dicetak {ERaport.Write.Common.SchoolTime.Format(at)}" : "";
            gfx.DrawString($"Kode verifikasi: {verification.Code}{printed}", f.Small, XBrushes.Black, new XRect(x, top + 3 + line, 300, line), near);
            if (verification.Url is { } url)
                gfx.DrawString(url, f.Small, XBrushes.Black, new XRect(x, top + 3 + 2 * line, 300, line), near);
        }
        gfx.DrawString($"Halaman {page} dari {pages}", f.Small, XBrushes.Black, new XRect(flow.Right - pageNumber, top + 3, pageNumber, line),
            new XStringFormat { Alignment = XStringAlignment.Far, LineAlignment = XLineAlignment.Near });
    }

    /// <summary><paramref name="text"/>, or as much of it as fits <paramref name="width"/> followed by "…".</summary>
    private static string Shortened(XGraphics gfx, string text, XFont font, double width)
    {
        if (gfx.MeasureString(text, font).Width <= width)
            return text;
        var cut = text.Length;
        while (cut > 1 && gfx.MeasureString(text[..cut].TrimEnd() + "…", font).Width > width)
            cut--;
        return text[..cut].TrimEnd() + "…";
    }
}
