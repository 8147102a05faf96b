using PdfSharp.Fonts;

namespace ERaport.Web.Documents;

/// <summary>The fonts the PDFs embed: Liberation Sans (metric-compatible with Arial, covers Indonesian text),
/// shipped in Documents/Fonts with its licence so that no server needs fonts installed. Italic is simulated.</summary>
public sealed class ReportFonts : IFontResolver
{
    public const string Family = "Liberation Sans";
    private const string Regular = "LiberationSans-Regular";
    private const string Bold = "LiberationSans-Bold";

    private static readonly ReportFonts Instance = new();
    private static readonly Lock Gate = new();

    /// <summary>PDFsharp takes one resolver per process, before the first font is used; test hosts start
    /// several apps in one process, so the same instance is set once.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not ReportFonts)
                GlobalFontSettings.FontResolver = Instance;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, false, italic);

    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream($"ERaport.Fonts.{faceName}.ttf");
        if (stream is null)
            return null;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
