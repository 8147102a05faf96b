using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace ERaport.Tests.Integration;

/// <summary>Pages speak plain Indonesian to people: an English technical term only in parentheses after the plain words
/// (.tech-term: the term the docs, the logs and the API use), and the system's own words (code: error texts, file names,
/// a line for a program) as they are.</summary>
public static class PlainIndonesian
{
    private static readonly Regex TechnicalWord = new(@"(?i)\b(read model|events?|log|checkpoints?|dead letter|rebuild|hmac|hash)\b");

    public static void ShouldSpeakPlainIndonesian(this IDocument page)
    {
        var main = page.QuerySelector("main")!;
        foreach (var aside in main.QuerySelectorAll("code, .tech-term").ToList())
            aside.Remove();
        var text = Regex.Replace(main.TextContent, @"\s+", " ");
        // Each word with what surrounds it, to find it on the page.
        TechnicalWord.Matches(text).Select(m => text[Math.Max(0, m.Index - 40)..Math.Min(text.Length, m.Index + m.Length + 40)]).ShouldBeEmpty();
    }
}
