using System.Globalization;

namespace ERaport.Web.Components;

/// <summary>Query values are bound as text and read here: the framework's own conversion throws on a mistyped or
/// hand-edited address, and a throw while rendering is a 500.</summary>
public static class QueryValue
{
    // Ids, flags and counts that only the app's own links carry: one that does not read is as if absent.
    public static Guid? Id(string? text) => Guid.TryParse(text, out var id) ? id : null;

    public static bool? Flag(string? text) => bool.TryParse(text, out var flag) ? flag : null;

    /// <summary>A named choice ("LargeSwing", any case); a number is not one, though <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/> reads it.</summary>
    public static T? Choice<T>(string? text) where T : struct, Enum =>
        text is { Length: > 0 } && !char.IsAsciiDigit(text[0]) && text[0] != '-' && Enum.TryParse<T>(text, ignoreCase: true, out var choice) && Enum.IsDefined(choice)
            ? choice : null;

    public static int? Count(string? text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    // What people type into a filter: one that does not read is named back in the page's own words.
    public static DateOnly? Date(string? text, string label, ICollection<string> problems) =>
        Read<DateOnly>(text, label, problems, "bukan tanggal (tulis seperti 2026-12-19)",
            t => DateOnly.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null);

    public static TimeOnly? Time(string? text, string label, ICollection<string> problems) =>
        Read<TimeOnly>(text, label, problems, "bukan jam (tulis seperti 14:30)",
            t => TimeOnly.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null);

    public static long? Number(string? text, string label, ICollection<string> problems) =>
        Read<long>(text, label, problems, "bukan bilangan bulat",
            t => long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null);

    private static T? Read<T>(string? text, string label, ICollection<string> problems, string what, Func<string, T?> parse) where T : struct
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (parse(text.Trim()) is { } value)
            return value;
        problems.Add($"{label} \"{(text.Length > 30 ? text[..30] + "…" : text)}\" {what}; isian ini diabaikan.");
        return null;
    }
}
