using System.Text.RegularExpressions;

namespace ERaport.Write.Grading;

/// <summary>Which TPs a generated description names: every decided one (the official e-Rapor wording), or, as the
/// Kurikulum Merdeka guide advises, only the strongest achieved and the weakest not achieved, which keeps a
/// subject with many TPs to two short sentences on the rapor.</summary>
public enum DescriptionStyle
{
    EveryObjective,
    StrongestAndWeakest,
}

/// <summary>The capaian kompetensi text of one student, generated from the TPs in the official wording.</summary>
public static partial class Description
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
    public static string Compose(IEnumerable<(string Phrase, bool? Achieved)> objectives) =>
        Compose(objectives as (string Phrase, bool? Achieved)[] ?? [.. objectives]);

    /// <summary>Leaves decided only the achieved TP with the highest score and the not-achieved TP with the lowest
    /// (<paramref name="scores"/> in the same order); on a tie the earlier TP. A TP decided by hand without a score
    /// ranks below every score.</summary>
    public static void KeepStrongestAndWeakest((string Phrase, bool? Achieved)[] objectives, ReadOnlySpan<int?> scores)
    {
        var (strongest, weakest) = (-1, -1);
        for (var i = 0; i < objectives.Length; i++)
        {
            var score = scores[i] ?? -1;
            if (objectives[i].Achieved == true && (strongest < 0 || score > (scores[strongest] ?? -1)))
                strongest = i;
            else if (objectives[i].Achieved == false && (weakest < 0 || score < (scores[weakest] ?? -1)))
                weakest = i;
        }
        for (var i = 0; i < objectives.Length; i++)
            if (i != strongest && i != weakest)
                objectives[i].Achieved = null;
    }

    /// <summary>Measured first and written straight into the one string: a column save composes a class's worth, and
    /// the lists, joins and builders in between were a tenth of the app's allocations under sheet saves
    /// (docs/benchmarks.md).</summary>
    public static string Compose((string Phrase, bool? Achieved)[] objectives)
    {
        var achieved = SentenceLength(objectives, AchievedPrefix, achieved: true);
        var notAchieved = SentenceLength(objectives, NotAchievedPrefix, achieved: false);
        var length = achieved + notAchieved + (achieved > 0 && notAchieved > 0 ? 1 : 0);
        return length == 0 ? "" : string.Create(length, objectives, static (text, objectives) =>
        {
            var at = WriteSentence(text, objectives, AchievedPrefix, achieved: true);
            if (at > 0 && at < text.Length)
                text[at++] = ' ';
            WriteSentence(text[at..], objectives, NotAchievedPrefix, achieved: false);
        });
    }

    /// <summary>The prefix, the phrases joined by ", ", and a full stop; 0 when no TP has that outcome.</summary>
    private static int SentenceLength((string Phrase, bool? Achieved)[] objectives, string prefix, bool achieved)
    {
        var (named, length) = (0, prefix.Length + 1);
        foreach (var (phrase, decided) in objectives)
            if (decided == achieved)
                length += phrase.Length + (named++ > 0 ? 2 : 0);
        return named == 0 ? 0 : length;
    }

    private static int WriteSentence(Span<char> text, (string Phrase, bool? Achieved)[] objectives, string prefix, bool achieved)
    {
        var (named, at) = (0, 0);
        foreach (var (phrase, decided) in objectives)
        {
            if (decided != achieved)
                continue;
            var before = named++ == 0 ? prefix : ", ";
            before.CopyTo(text[at..]);
            at += before.Length;
            phrase.CopyTo(text[at..]);
            at += phrase.Length;
        }
        if (named > 0)
            text[at++] = '.';
        return at;
    }

    /// <summary>A TP as it reads in the middle of the sentence: without its final full stop, without the subject an
    /// ATP writes it with ("Peserta didik dapat membaca …", "Melalui diskusi, siswa mampu menjelaskan …" → "membaca …",
    /// "menjelaskan …"), and with a capitalised first word in lower case ("Menganalisis teks" → "menganalisis teks"),
    /// but acronyms and words like "IPA" or "pH" kept, and the names of <see cref="AlwaysCapitalised"/>.</summary>
    public static string Phrase(string objective)
    {
        var text = objective.Trim().TrimEnd('.', ' ');
        if (SubjectOfObjective().Match(text) is { Success: true } subject)
            text = text[subject.Length..];
        if (text.Length < 2 || !char.IsUpper(text[0]))
            return text;
        var firstWord = text.Split(' ', 2)[0];
        return firstWord.Skip(1).All(c => !char.IsLetter(c) || char.IsLower(c)) && firstWord.Skip(1).Any(char.IsLetter)
            && !AlwaysCapitalised.Contains(firstWord)
            ? char.ToLowerInvariant(text[0]) + text[1..]
            : text;
    }

    /// <summary>Words Indonesian spelling (EYD) capitalises wherever they stand that open TPs of religion and PPKn: the
    /// names of God, holy books and prophets, the nation and its ideology.</summary>
    private static readonly HashSet<string> AlwaysCapitalised =
    [
        "Allah", "Tuhan", "Alquran", "Nabi", "Rasul", "Rasulullah", "Yesus", "Kristus", "Alkitab", "Injil", "Taurat", "Zabur",
        "Weda", "Tripitaka", "Buddha", "Sang", "Pancasila", "Indonesia", "Nusantara", "Bhinneka",
    ];

    /// <summary>What comes before the verb in a TP written as a sentence: the learner ("peserta didik", "siswa", "murid"),
    /// perhaps after a first clause ("Melalui pengamatan, "), and a "dapat", "mampu" or "bisa"; or that word alone. Only
    /// when a verb follows, so "Peserta didik dapat" stays as written.</summary>
    [GeneratedRegex(@"^(?:(?:[^,]*,\s*)?(?:peserta didik|siswa|murid)\s+(?!(?:dapat|mampu|bisa)$)(?:(?:dapat|mampu|bisa)\s+)?|(?:dapat|mampu|bisa)\s+)(?=\S)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SubjectOfObjective();
}
