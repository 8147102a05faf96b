namespace ERaport.Write.School;

/// <summary>The religions a school teaches religious education for: the six the state recognises and
/// Kepercayaan terhadap Tuhan YME, each with the spellings met in Dapodik exports and subject names.</summary>
public static class Religions
{
    private static readonly (string Religion, string[] Words)[] Spellings =
    [
        ("Islam", ["islam"]),
        ("Kristen", ["kristen", "protestan"]),
        ("Katolik", ["katolik", "katholik"]),
        ("Hindu", ["hindu"]),
        ("Buddha", ["buddha", "budha"]),
        ("Konghucu", ["konghucu", "khonghucu", "kong hu cu"]),
        ("Kepercayaan", ["kepercayaan"]),
    ];

    public static readonly IReadOnlyList<string> All = [.. Spellings.Select(s => s.Religion)];

    /// <summary>The religion a text names ("Pendidikan Agama Islam dan Budi Pekerti", "Katholik" → Katolik), or null.</summary>
    public static string? Of(string? text) =>
        text is null ? null : Spellings.FirstOrDefault(r => r.Words.Any(w => text.Contains(w, StringComparison.OrdinalIgnoreCase))).Religion;
}
