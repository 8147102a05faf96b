using System.Security.Cryptography;

namespace ERaport.Write.ReportCards;

/// <summary>The code printed on a report card to check it on the public verification page: 80 random bits as 16
/// characters of Crockford's base32 (no I, L, O, U, so nothing reads as another letter or a word) in groups of
/// four, "7KQ2-M9XD-4RTW-0BHN". Unguessable, so the page can answer by the full code alone.</summary>
public static class VerificationCode
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public const int Length = 16;

    public static string New()
    {
        Span<char> chars = stackalloc char[Length];
        for (var i = 0; i < Length; i++)
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return Grouped(chars);
    }

    /// <summary>The code as typed, in its printed form (case, spaces and dashes ignored; O read as 0, I and L as
    /// 1, as Crockford's base32 does), or null when it cannot be a code.</summary>
    public static string? Normalize(string? typed)
    {
        if (typed is null || typed.Length > 64)
            return null;
        Span<char> chars = stackalloc char[Length];
        var n = 0;
        foreach (var c in typed)
        {
            if (c is ' ' or '-' or '\t')
                continue;
            var read = char.ToUpperInvariant(c) switch { 'O' => '0', 'I' or 'L' => '1', var other => other };
            if (n == Length || !Alphabet.Contains(read))
                return null;
            chars[n++] = read;
        }
        return n == Length ? Grouped(chars) : null;
    }

    public static bool IsWellFormed(string? code) => code is not null && Normalize(code) == code;

    private static string Grouped(ReadOnlySpan<char> chars) =>
        $"{chars[..4]}-{chars[4..8]}-{chars[8..12]}-{chars[12..]}";
}
