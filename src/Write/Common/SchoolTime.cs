using System.Globalization;

namespace ERaport.Write.Common;

/// <summary>Times as the school reads them: WIB, Indonesian month names. Messages of decisions (a conflict says when the
/// value changed) and pages share it, so both say "3 Des 2026, 10.15 WIB".</summary>
public static class SchoolTime
{
    public static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    /// <summary>Schools default to WIB; a school setting can change this later.</summary>
    public static readonly TimeZoneInfo Zone = FindZone("Asia/Jakarta");

    /// <summary>The school's date now (WIB), whatever the server's zone.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone).DateTime);

    public static string Format(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Zone).ToString("d MMM yyyy, HH.mm", Indonesian) + " WIB";

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(7), "WIB", "WIB");
        }
    }
}
