using System.Text.RegularExpressions;

namespace ERaport.Web.Components;

/// <summary>A text change word by word, as the principal reads a correction of a description or a note: the before text with
/// the words it loses marked, the after text with the words it gains marked. Each side's parts join back to its whole text.</summary>
public sealed partial record WordDiff(IReadOnlyList<WordDiff.Part> Before, IReadOnlyList<WordDiff.Part> After)
{
    /// <summary>A stretch of one side's text, changed or kept as it was.</summary>
    public sealed record Part(string Text, bool Changed);

    /// <summary>Beyond this many word pairs (two rewritten texts of a few thousand characters) the words between the first and
    /// the last difference are marked as one change: a page must not spend megabytes on a comparison.</summary>
    public const int MaxPairs = 1_000_000;

    public static WordDiff Of(string before, string after)
    {
        var (a, b) = (Words(before), Words(after));
        var (removed, added) = (new bool[a.Count], new bool[b.Count]);
        // The same opening and ending words are kept without comparing them: a correction rarely touches more than a sentence.
        var start = 0;
        while (start < a.Count && start < b.Count && a[start].Value == b[start].Value)
            start++;
        var (endA, endB) = (a.Count, b.Count);
        while (endA > start && endB > start && a[endA - 1].Value == b[endB - 1].Value)
            (endA, endB) = (endA - 1, endB - 1);
        var (n, m) = (endA - start, endB - start);
        if ((long)n * m > MaxPairs)
        {
            Array.Fill(removed, true, start, n);
            Array.Fill(added, true, start, m);
        }
        else
            MarkOutsideCommon(a, b, start, n, m, removed, added);
        return new(Parts(before, a, removed), Parts(after, b, added));
    }

    /// <summary>Marks what lies outside a longest common sequence of the words between <paramref name="start"/> and the kept ending.</summary>
    private static void MarkOutsideCommon(List<Match> a, List<Match> b, int start, int n, int m, bool[] removed, bool[] added)
    {
        // common[i, j]: the longest common sequence of a's words from i and b's words from j (relative to start).
        var common = new int[(n + 1) * (m + 1)];
        int At(int i, int j) => i * (m + 1) + j;
        for (var i = n - 1; i >= 0; i--)
            for (var j = m - 1; j >= 0; j--)
                common[At(i, j)] = a[start + i].Value == b[start + j].Value
                    ? common[At(i + 1, j + 1)] + 1
                    : Math.Max(common[At(i + 1, j)], common[At(i, j + 1)]);
        var (x, y) = (0, 0);
        while (x < n || y < m)
        {
            if (x < n && y < m && a[start + x].Value == b[start + y].Value)
                (x, y) = (x + 1, y + 1);
            else if (y == m || (x < n && common[At(x + 1, y)] >= common[At(x, y + 1)]))
                removed[start + x++] = true;
            else
                added[start + y++] = true;
        }
    }

    /// <summary>The text cut where marks begin and end: a run of changed words is one part with the spaces between them, the
    /// spaces around it stay in the kept parts.</summary>
    private static List<Part> Parts(string text, List<Match> words, bool[] changed)
    {
        var parts = new List<Part>();
        var at = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (!changed[i])
                continue;
            var last = i;
            while (last + 1 < words.Count && changed[last + 1])
                last++;
            var (from, to) = (words[i].Index, words[last].Index + words[last].Length);
            if (from > at)
                parts.Add(new(text[at..from], false));
            parts.Add(new(text[from..to], true));
            (at, i) = (to, last);
        }
        if (at < text.Length)
            parts.Add(new(text[at..], false));
        return parts;
    }

    /// <summary>Words and each mark of punctuation apart: "teliti." and "teliti," differ by their stop, not by the word.</summary>
    private static List<Match> Words(string text) => [.. Word().Matches(text).Cast<Match>()];

    [GeneratedRegex(@"[\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}\s]")]
    private static partial Regex Word();
}
