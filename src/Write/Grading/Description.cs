using System.Text;

namespace ERaport.Write.Grading;

/// <summary>The capaian kompetensi text of one student, generated from the TPs in the official wording.</summary>
public static class Description
{
    public const string AchievedPrefix = "Menunjukkan penguasaan yang baik dalam ";
    public const string NotAchievedPrefix = "Perlu ditingkatkan dalam ";

    /// <summary>Teachers' own text may be long; old versions capped it at 200 and teachers hated it.</summary>
    public const int MaxLength = 2000;

    /// <summary>"Menunjukkan penguasaan yang baik dalam {achieved}." then "Perlu ditingkatkan dalam {not achieved}.";
    /// a sentence with nothing to name is left out. TPs not yet decided (no score, no mark) are not named.
    /// Empty when nothing is decided yet.</summary>
    public static string Generate(IEnumerable<(LearningObjective Objective, bool? Achieved)> objectives) =>
        Compose(objectives.Select(o => (Phrase(o.Objective.Description), o.Achieved)));

    /// <summary><see cref="Generate"/> from the TPs' <see cref="Phrase"/>s, for a caller that phrases each TP once
    /// for a whole class.</summary>
    public static string Compose(IEnumerable<(string Phrase, bool? Achieved)> objectives) => Compose([.. objectives]);

    /// <summary><see cref="Compose(IEnumerable{ValueTuple{string, bool?}})"/> written straight into one builder: a column
    /// save composes a class's worth, and the lists and joins in between were a tenth of the app's allocations under
    /// sheet saves (docs/benchmarks.md).</summary>
    public static string Compose(ReadOnlySpan<(string Phrase, bool? Achieved)> objectives)
    {
        var text = new StringBuilder(512);
        Sentence(text, AchievedPrefix, objectives, achieved: true);
        Sentence(text, NotAchievedPrefix, objectives, achieved: false);
        return text.ToString();
    }

    private static void Sentence(StringBuilder text, string prefix, ReadOnlySpan<(string Phrase, bool? Achieved)> objectives, bool achieved)
    {
        var named = 0;
        foreach (var (phrase, decided) in objectives)
        {
            if (decided != achieved)
                continue;
            if (named++ > 0)
                text.Append(", ");
            else
                text.Append(text.Length > 0 ? " " : "").Append(prefix);
            text.Append(phrase);
        }
        if (named > 0)
            text.Append('.');
    }

    /// <summary>A TP as it reads in the middle of the sentence: without its final full stop, and with a
    /// capitalised first word in lower case ("Menganalisis teks" → "menganalisis teks"), but acronyms and
    /// words like "IPA" or "pH" kept.</summary>
    public static string Phrase(string objective)
    {
        var text = objective.Trim().TrimEnd('.', ' ');
        if (text.Length < 2 || !char.IsUpper(text[0]))
            return text;
        var firstWord = text.Split(' ', 2)[0];
        return firstWord.Skip(1).All(c => !char.IsLetter(c) || char.IsLower(c)) && firstWord.Skip(1).Any(char.IsLetter)
            ? char.ToLowerInvariant(text[0]) + text[1..]
            : text;
    }
}
