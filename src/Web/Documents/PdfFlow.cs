using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace ERaport.Web.Documents;

/// <summary>A cell of a <see cref="PdfFlow"/> table: text (wrapped to the column), its font and alignment.</summary>
public sealed record PdfCell(string Text, XFont Font, XStringAlignment Align = XStringAlignment.Near);

/// <summary>A table row; a <see cref="Span"/> row is one cell across every column (a group heading).</summary>
public sealed record PdfRow(IReadOnlyList<PdfCell> Cells, bool Span = false, bool Shaded = false);

/// <summary>A page in points.</summary>
public sealed record PaperSize(double Width, double Height)
{
    public static readonly PaperSize A4 = new(595.28, 841.89);

    /// <summary>215 × 330 mm.</summary>
    public static readonly PaperSize F4 = new(609.45, 935.43);

    /// <summary>The school profile's paper ("F4", or null for A4).</summary>
    public static PaperSize Of(string? paper) => paper == Write.School.SchoolProfileData.F4 ? F4 : A4;
}

/// <summary>Top-to-bottom layout on A4 or F4 pages with XGraphics (MigraDoc is not available): wrapped paragraphs,
/// bordered boxes and tables whose header repeats on every page and whose tall rows break across pages.
/// Collects the pages of one document part (one report card) so that footers can be drawn once the page
/// count is known.</summary>
public sealed class PdfFlow : IDisposable
{
    public const double Left = 51, Top = 45;
    private const double Padding = 3;

    // A row is split across pages only when at least this many of its lines fit on each side of the break.
    private const int MinLinesPerPart = 3;

    private readonly PdfDocument _document;
    private readonly PaperSize _paper;
    private readonly List<PdfPage> _pages = [];
    private XGraphics? _gfx;

    public PdfFlow(PdfDocument document, PaperSize paper)
    {
        _document = document;
        _paper = paper;
        NewPage();
    }

    // The same margins on either paper: F4's extra length goes to the text, the footer stays at the foot of the page.
    public double Right => _paper.Width - 51;

    public double Bottom => _paper.Height - 70;

    public double Width => Right - Left;

    public double Y { get; private set; }

    public IReadOnlyList<PdfPage> Pages => _pages;

    public XGraphics Graphics => _gfx!;

    public double Remaining => Bottom - Y;

    public static double LineHeight(XFont font) => font.GetHeight() * 1.05;

    public void NewPage()
    {
        _gfx?.Dispose();
        var page = _document.AddPage();
        page.Width = XUnit.FromPoint(_paper.Width);
        page.Height = XUnit.FromPoint(_paper.Height);
        _pages.Add(page);
        _gfx = XGraphics.FromPdfPage(page);
        Y = Top;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> still fits on this one.</summary>
    public void Keep(double height)
    {
        if (Y + height > Bottom && Y > Top)
            NewPage();
    }

    public void Gap(double height) => Y = Math.Min(Y + height, Bottom);

    /// <summary>A paragraph, wrapped to <paramref name="width"/> (default: the text width), breaking between lines.</summary>
    public void Paragraph(string text, XFont font, XStringAlignment align = XStringAlignment.Near, double x = Left, double? width = null)
    {
        var w = width ?? Right - x;
        var line = LineHeight(font);
        foreach (var l in Wrap(text, font, w))
        {
            Keep(line);
            DrawLine(l, font, x, Y, w, align);
            Y += line;
        }
    }

    /// <summary>Text in a bordered box at least <paramref name="minHeight"/> high; long text continues in a box on the next page.</summary>
    public void Box(string text, XFont font, double minHeight = 0)
    {
        var lines = Wrap(text, font, Width - 2 * Padding - 4);
        var line = LineHeight(font);
        var done = 0;
        while (done < lines.Count)
        {
            var left = lines.Count - done;
            var height = Math.Max(left * line + 2 * Padding, done == 0 ? minHeight : 0);
            if (BreakBefore(left, line, height))
            {
                NewPage();
                continue;
            }
            var take = Take(left, line);
            height = take == left ? height : take * line + 2 * Padding;
            _gfx!.DrawRectangle(XPens.Black, Left, Y, Width, height);
            for (var i = 0; i < take; i++)
                DrawLine(lines[done + i], font, Left + Padding + 2, Y + Padding + i * line, Width - 2 * Padding - 4, XStringAlignment.Near);
            done += take;
            Y += height;
        }
    }

    /// <summary>The height <see cref="Box"/> gives <paramref name="text"/> when it fits on one page.</summary>
    public double BoxHeight(string text, XFont font, double minHeight = 0) =>
        Math.Max(Wrap(text, font, Width - 2 * Padding - 4).Count * LineHeight(font) + 2 * Padding, minHeight);

    /// <summary>Whether <paramref name="left"/> lines (<paramref name="height"/> in all) go to the next page rather than
    /// start here, <paramref name="below"/> points further down: they do not fit, and splitting them would leave fewer
    /// than <see cref="MinLinesPerPart"/> on a side.</summary>
    private bool BreakBefore(int left, double line, double height, double below = 0)
    {
        var remaining = Remaining - below;
        if (height <= remaining || Y <= Top)
            return false;
        var fits = (int)Math.Floor((remaining - 2 * Padding) / line);
        return fits < MinLinesPerPart || left - fits < MinLinesPerPart;
    }

    private int Take(int left, double line) => Math.Max(1, Math.Min(left, (int)Math.Floor((Remaining - 2 * Padding) / line)));

    /// <summary>A bordered table; <paramref name="widths"/> are column widths in points, the last one takes the rest. The
    /// header (if any) repeats on every page, and so does the group heading whose rows continue there.</summary>
    public void Table(IReadOnlyList<double> widths, PdfRow? header, IEnumerable<PdfRow> rows)
    {
        var columns = widths.Take(widths.Count - 1).Append(Width - widths.Take(widths.Count - 1).Sum()).ToArray();
        var headerLines = header is null ? null : Layout(header, columns);
        var all = rows.ToList();
        if ((header ?? all.FirstOrDefault()) is { } first)
            Keep((header is null ? 0 : Height(headerLines!, header)) + 3 * LineHeight(first.Cells[0].Font));
        DrawHeader();
        PdfRow? group = null;
        for (var r = 0; r < all.Count; r++)
        {
            var row = all[r];
            var lines = Layout(row, columns);
            var total = MaxLines(lines);
            var line = LineHeight(row.Cells[0].Font);
            var done = 0;
            var fresh = false;
            if (row.Span)
                group = row;
            while (done < total)
            {
                var left = total - done;
                if (!fresh && (BreakBefore(left, line, left * line + 2 * Padding) || row.Span && !NextStartsBelow(all, r, columns, left * line + 2 * Padding)))
                {
                    NewPage();
                    DrawHeader();
                    if (!row.Span && group is not null)
                    {
                        var continued = group with { Cells = [group.Cells[0] with { Text = group.Cells[0].Text + Continued }] };
                        var continuedLines = Layout(continued, columns);
                        DrawRow(continued, columns, continuedLines, 0, MaxLines(continuedLines), continued.Shaded);
                    }
                    fresh = true;
                    continue;
                }
                fresh = false;
                var take = Take(left, line);
                DrawRow(row, columns, lines, done, take, row.Shaded);
                done += take;
            }
        }

        void DrawHeader()
        {
            if (header is not null)
                DrawRow(header, columns, headerLines!, 0, MaxLines(headerLines!), shaded: true);
        }
    }

    /// <summary>Added to a group heading drawn again at the top of a page its rows continue on.</summary>
    public const string Continued = " (lanjutan)";

    /// <summary>A group heading stays with the row below it: whether that row (or its first part) still starts on this
    /// page under the heading's <paramref name="height"/>.</summary>
    private bool NextStartsBelow(List<PdfRow> rows, int heading, double[] columns, double height)
    {
        if (heading + 1 >= rows.Count)
            return true;
        var next = rows[heading + 1];
        var lines = MaxLines(Layout(next, columns));
        var line = LineHeight(next.Cells[0].Font);
        return height + line + 2 * Padding <= Remaining && !BreakBefore(lines, line, lines * line + 2 * Padding, below: height);
    }

    private List<List<string>> Layout(PdfRow row, double[] columns) =>
        row.Span
            ? [Wrap(row.Cells[0].Text, row.Cells[0].Font, Width - 2 * Padding)]
            : row.Cells.Select((c, i) => Wrap(c.Text, c.Font, columns[i] - 2 * Padding)).ToList();

    private static int MaxLines(List<List<string>> lines) => Math.Max(1, lines.Max(l => l.Count));

    private static double Height(List<List<string>> lines, PdfRow row) => MaxLines(lines) * LineHeight(row.Cells[0].Font) + 2 * Padding;

    private void DrawRow(PdfRow row, double[] columns, List<List<string>> lines, int from, int count, bool shaded)
    {
        var line = LineHeight(row.Cells[0].Font);
        var height = count * line + 2 * Padding;
        var widths = row.Span ? [Width] : columns;
        var x = Left;
        for (var i = 0; i < widths.Length; i++)
        {
            if (shaded)
                _gfx!.DrawRectangle(XBrushes.Gainsboro, x, Y, widths[i], height);
            _gfx!.DrawRectangle(XPens.Black, x, Y, widths[i], height);
            var cell = row.Cells[i];
            foreach (var (text, n) in lines[i].Skip(from).Take(count).Select((t, n) => (t, n)))
                DrawLine(text, cell.Font, x + Padding, Y + Padding + n * line, widths[i] - 2 * Padding, cell.Align);
            x += widths[i];
        }
        Y += height;
    }

    public void DrawLine(string text, XFont font, double x, double y, double width, XStringAlignment align)
    {
        var format = new XStringFormat { Alignment = align, LineAlignment = XLineAlignment.Near };
        _gfx!.DrawString(text, font, XBrushes.Black, new XRect(x, y, width, LineHeight(font)), format);
    }

    /// <summary>Lines of <paramref name="text"/> no wider than <paramref name="width"/>: breaks at spaces (a tab pasted from
    /// a spreadsheet is one too: the fonts have no glyph for it), keeps the text's own line breaks, and cuts a word longer than a line.</summary>
    public List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n").Split('\n'))
        {
            var current = "";
            foreach (var word in paragraph.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (Measure(candidate, font) <= width)
                {
                    current = candidate;
                    continue;
                }
                if (current.Length > 0)
                    lines.Add(current);
                current = word;
                while (Measure(current, font) > width && current.Length > 1)
                {
                    var cut = current.Length - 1;
                    while (cut > 1 && Measure(current[..cut], font) > width)
                        cut--;
                    lines.Add(current[..cut]);
                    current = current[cut..];
                }
            }
            lines.Add(current);
        }
        return lines;
    }

    private double Measure(string text, XFont font) => _gfx!.MeasureString(text, font).Width;

    /// <summary>Draws on every page of this part again (footers), once the page count is known.</summary>
    public void EachPage(Action<XGraphics, int, int> draw)
    {
        _gfx?.Dispose();
        _gfx = null;
        for (var i = 0; i < _pages.Count; i++)
        {
            using var gfx = XGraphics.FromPdfPage(_pages[i], XGraphicsPdfPageOptions.Append);
            draw(gfx, i + 1, _pages.Count);
        }
    }

    public void Dispose() => _gfx?.Dispose();
}
