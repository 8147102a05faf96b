using System.Text;
using ERaport.Write.Common;

namespace ERaport.Web.Accounts;

/// <summary>Password rules after OWASP ASVS 5.0 (V6.2): at least <see cref="MinLength"/> characters, up to
/// <see cref="MaxLength"/> allowed, any characters (spaces and emoji too), no composition rules, nothing
/// truncated; rejected are the most common passwords (the embedded lists under Accounts/Passwords) and
/// passwords made of context words. Checked in the web layer before hashing: the write side sees only hashes.
/// <para>Context words: the user name, the person's name, the school's name (each whole and word by word,
/// words of 4 letters or more) and the words of this application (<see cref="AppWords"/>). Ignoring case,
/// spaces and punctuation, a password is checked as if those words were not in it: what is left must still
/// have <see cref="MinLength"/> letters or digits and not be a common password. Someone who knows the school
/// guesses "sman1 sukamaju" or "Sukamaju2026!" as easily as "sukamaju", while a passphrase that merely
/// mentions the town keeps its other words.</para></summary>
public sealed class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    public static readonly string[] AppWords = ["eraport", "e-raport", "erapor", "rapor", "raport"];

    private static readonly Lazy<PasswordPolicy> Embedded = new(() => new PasswordPolicy(
        ReadResource("ERaport.Passwords.common-passwords.txt").Concat(ReadResource("ERaport.Passwords.common-passwords-id.txt"))));

    private readonly HashSet<string> _common;

    public PasswordPolicy(IEnumerable<string> commonPasswords)
    {
        _common = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in commonPasswords)
        {
            var password = line.Trim();
            if (password.Length == 0)
                continue;
            _common.Add(password.ToLowerInvariant());
            if (Simplify(password) is { Length: > 0 } simple)
                _common.Add(simple);
        }
    }

    /// <summary>The policy with the lists shipped in this assembly.</summary>
    public static PasswordPolicy Default => Embedded.Value;

    public int CommonPasswordCount => _common.Count;

    /// <summary>Why <paramref name="password"/> may not be used, or null when it may. <paramref name="context"/>:
    /// the user name, the person's name, the school's name.</summary>
    public DomainError? Check(string? password, params string?[] context)
    {
        if (string.IsNullOrEmpty(password))
            return Error("password.required", "Kata sandi wajib diisi.");
        // Characters as people count them: an emoji is one, not two UTF-16 units.
        var length = password.EnumerateRunes().Count();
        if (length < MinLength)
            return Error("password.too_short",
                $"Kata sandi minimal {MinLength} karakter. Gabungan beberapa kata yang mudah Anda ingat lebih aman dan lebih mudah daripada kata yang rumit.");
        if (length > MaxLength)
            return Error("password.too_long", $"Kata sandi paling banyak {MaxLength} karakter.");

        var simple = Simplify(password);
        var core = simple.Trim("0123456789".ToCharArray());
        var rest = WithoutContextWords(simple, context);
        if (rest != simple && rest.Length < MinLength)
            return Error("password.context_word",
                "Kata sandi tidak boleh dibuat dari nama pengguna, nama Anda, nama sekolah, atau nama aplikasi ini. Tanpa nama-nama itu "
                + $"(dan tiap katanya yang 4 huruf atau lebih), sisanya harus tetap minimal {MinLength} huruf atau angka. Pilih yang lain.");
        if (_common.Contains(password.ToLowerInvariant()) || _common.Contains(simple) || (core.Length > 0 && _common.Contains(core))
            || _common.Contains(rest) || simple.Distinct().Count() < 3)
            return Error("password.too_common",
                "Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain, misalnya gabungan beberapa kata yang mudah Anda ingat.");
        return null;
    }

    /// <summary><paramref name="simple"/> without any context word; the longest go first, so that a whole name
    /// goes before its parts.</summary>
    private static string WithoutContextWords(string simple, string?[] context)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in context.Concat(AppWords))
        {
            if (string.IsNullOrWhiteSpace(text))
                continue;
            words.Add(Simplify(text));
            words.Add(Simplify(text.Split(',')[0])); // a name without the degrees after the comma ("Sri Wahyuni, M.Pd.")
            foreach (var word in text.Split([' ', '.', '_', '-', ',', '/'], StringSplitOptions.RemoveEmptyEntries))
                if (Simplify(word) is { Length: >= 4 } w)
                    words.Add(w);
        }
        words.Remove("");
        foreach (var word in words.OrderByDescending(w => w.Length))
            simple = simple.Replace(word, "", StringComparison.Ordinal);
        return simple;
    }

    /// <summary>Lower case, letters and digits only: "Sri Wahyuni!" and "sriwahyuni" are the same guess.</summary>
    private static string Simplify(string text)
    {
        var simple = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
            if (char.IsLetterOrDigit(c))
                simple.Append(c);
        return simple.ToString();
    }

    private static DomainError Error(string code, string message) =>
        new(code, message, new Dictionary<string, object?> { ["field"] = "password" });

    private static IEnumerable<string> ReadResource(string name)
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The password list {name} is not embedded in {typeof(PasswordPolicy).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
            lines.Add(line);
        return lines;
    }
}
