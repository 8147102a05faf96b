using System.Globalization;

namespace ERaport.Write.Common;

/// <summary>Field checks shared by the decisions; messages in Bahasa Indonesia.</summary>
public static partial class Rules
{
    /// <summary>A NIP as printed under a signature: digits, which people group with spaces, dots or dashes; up to 30 characters.</summary>
    public static DomainError? Nip(string? value, string field, string label) =>
        value is null || NipPattern().IsMatch(value) ? null
            : new DomainError($"{field}.invalid", $"{label} hanya boleh berisi angka (boleh dipisah spasi), paling banyak 30 karakter.",
                new Dictionary<string, object?> { ["field"] = field, ["value"] = value });

    [System.Text.RegularExpressions.GeneratedRegex(@"^[0-9][0-9 .\-]{0,28}[0-9]\z|^[0-9]\z")]
    private static partial System.Text.RegularExpressions.Regex NipPattern();

    public static DomainError? Required(string? value, string field, string label, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
            return new DomainError($"{field}.required", $"{label} wajib diisi.", new Dictionary<string, object?> { ["field"] = field });
        if (value.Length > maxLength)
            return new DomainError($"{field}.too_long", $"{label} paling banyak {maxLength.ToString("N0", SchoolTime.Indonesian)} karakter.", Refused(field, value));
        if (TextProblem(value, label, allowMarkup: false) is { } problem)
            return new DomainError($"{field}.invalid_characters", problem, Refused(field, value));
        return null;
    }

    /// <summary>The field and what it held, cut to 50 characters: enough for an import's list of problems to show which
    /// text was meant, without sending a refused essay back.</summary>
    private static Dictionary<string, object?> Refused(string field, string value) =>
        new() { ["field"] = field, ["value"] = value.Length > 50 ? value[..50] + "…" : value };

    /// <summary>A person's name: <see cref="Required"/>, and only letters, digits, spaces and . , ' - (so no code, SQL or
    /// spreadsheet formulas end up on a report card).</summary>
    public static DomainError? PersonName(string? value, string field, string label, int maxLength = 200)
    {
        if (Required(value, field, label, maxLength) is { } error)
            return error;
        var name = value!; // Required refuses null
        if (!name.All(c => char.IsLetterOrDigit(c) || c == ' ' || ".,'-’`".Contains(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
            return new DomainError($"{field}.invalid_characters", $"{label} hanya boleh berisi huruf, angka, spasi, titik (.), koma (,), apostrof (') dan tanda hubung (-).",
                Refused(field, name));
        if (!name.Any(char.IsLetter) || !MarksSitOnLetters(name))
            return new DomainError($"{field}.invalid_characters", $"{label} harus berisi huruf; tanda aksen hanya boleh menempel pada huruf.",
                Refused(field, name));
        return null;
    }

    /// <summary>Accents typed as separate marks (ê as e + ◌̂, Vietnamese ệ with two) sit on a letter, at most three on one;
    /// a pile of them, or marks alone, print as nothing or as a smear over the signature line.</summary>
    private static bool MarksSitOnLetters(string value)
    {
        var run = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(value[i]) is not (UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark))
                run = 0;
            else if (++run > 3 || !char.IsLetter(value[i - run]))
                return false;
        }
        return true;
    }

    /// <summary>Why <paramref name="value"/> is not text on one line as people type it, as a sentence for whoever typed it, or
    /// null: no control characters, no invisible formatting (bidi overrides, zero-width characters), no line separators, no
    /// broken UTF-16 (lone surrogates) or non-characters, and, unless <paramref name="allowMarkup"/>, no angle brackets. It names
    /// the character and what comes before it: an invisible one cannot be found by looking, and it comes along with text copied
    /// from a web page, a chat or a document. With <paramref name="lineBreaks"/> (a text area) line breaks and tabs are allowed.</summary>
    public static string? TextProblem(string value, string label, bool allowMarkup, bool lineBreaks = false)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (lineBreaks && c is '\n' or '\r' or '\t')
                continue;
            if (!allowMarkup && c is '<' or '>')
                return $"{label} tidak boleh berisi tanda < atau > ({Where(value, i)}).";
            if (char.IsSurrogate(c) || c is '\uFFFD' or '\uFFFE' or '\uFFFF' or >= '\uFDD0' and <= '\uFDEF')
                return $"{label} berisi karakter rusak (U+{(int)c:X4}) {Where(value, i)}; hapus lalu ketik ulang bagian itu.";
            if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                return $"{label} berisi karakter tak terlihat (U+{(int)c:X4}) {Where(value, i)}; hapus lalu ketik ulang bagian itu.";
        }
        return null;
    }

    /// <summary>"sesudah “…the words before”": up to 15 characters before position <paramref name="i"/>, on one line.</summary>
    private static string Where(string value, int i)
    {
        var before = value[..i].ReplaceLineEndings(" ").Replace('\t', ' ').TrimEnd();
        if (before.Trim().Length == 0)
            return "di awal";
        if (before.Length <= 15)
            return $"sesudah “{before.TrimStart()}”";
        var start = before.Length - 15;
        if (char.IsLowSurrogate(before[start]))
            start++;
        return $"sesudah “…{before[start..].TrimStart()}”";
    }

    public static DomainError? Digits(string? value, string field, string label, int length)
    {
        if (value is null || value.Length != length || !value.All(char.IsAsciiDigit))
            return new DomainError($"{field}.invalid", $"{label} harus {length} digit angka.", new Dictionary<string, object?> { ["field"] = field, ["value"] = value });
        return null;
    }

    public static Decision Check(Func<Decision> decide, params DomainError?[] checks)
    {
        var errors = checks.OfType<DomainError>().ToList();
        return errors.Count > 0 ? Decision.Invalid(errors) : decide();
    }
}
