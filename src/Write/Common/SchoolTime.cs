using System.Globalization;

namespace ERaport.Write.Common;

/// <summary>Times as the school reads them: its time zone (WIB unless set), Indonesian month names. Messages of decisions
/// (a conflict says when the value changed) and pages share it, so both say "3 Des 2026, 10.15 WIB".
/// <para>One server runs the schools of one place, so the zone is the server's setting (<c>School:TimeZone</c>,
/// from <c>TZ</c> in compose's .env), set once at start-up by <see cref="Use"/> before anything is read or written.</para></summary>
public static class SchoolTime
{
    public static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");

    public const string DefaultZone = "Asia/Jakarta";

    // Declared before the current zone, whose initialiser reads it.
    private static readonly HashSet<string> IndonesianZones = ["Asia/Jakarta", "Asia/Pontianak", "Asia/Makassar", "Asia/Jayapura"];

    private static (TimeZoneInfo Zone, string Name) _current = Find(DefaultZone);

    public static TimeZoneInfo Zone => _current.Zone;

    /// <summary>What people call the zone: WIB, WITA or WIT in Indonesia; elsewhere (a school abroad) its offset, "UTC+8".</summary>
    public static string ZoneName => _current.Name;

    /// <summary>Makes <paramref name="timeZone"/> (an IANA name such as Asia/Makassar) the school's zone; a name the
    /// server does not know fails the start rather than showing every time in the wrong zone.</summary>
    public static void Use(string timeZone) => _current = Find(timeZone);

    /// <summary>The school's clock now, whatever the server's zone.</summary>
    public static DateTimeOffset Now(TimeProvider clock) => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone);

    /// <summary>The school's date now, whatever the server's zone.</summary>
    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow());

    /// <summary>The school's date at <paramref name="at"/>, whatever the server's zone.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    public static string Format(DateTimeOffset at) => Format(at, "d MMM yyyy, HH.mm");

    /// <summary>A change's moment in a history read in a dispute, "29 Nov 2026, 22.05.13 WIB": two changes of one minute
    /// are told apart.</summary>
    public static string FormatToTheSecond(DateTimeOffset at) => Format(at, "d MMM yyyy, HH.mm.ss");

    private static string Format(DateTimeOffset at, string pattern) => TimeZoneInfo.ConvertTime(at, Zone).ToString(pattern, Indonesian) + " " + ZoneName;

    /// <summary>The zone named <paramref name="id"/> and what people call it.</summary>
    public static (TimeZoneInfo Zone, string Name) Find(string id)
    {
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException) when (id == DefaultZone)
        {
            // A server without time-zone data still serves WIB, which never changes its offset.
            zone = TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(7), "WIB", "WIB");
        }
        catch (TimeZoneNotFoundException)
        {
            throw new TimeZoneNotFoundException(
                $"School:TimeZone (TZ in .env) '{id}' is not a time zone this server knows: use Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT).");
        }
        return (zone, NameOf(zone));
    }

    private static string NameOf(TimeZoneInfo zone)
    {
        var offset = zone.BaseUtcOffset;
        return IndonesianZones.Contains(zone.Id)
            ? offset.TotalHours switch { 7 => "WIB", 8 => "WITA", _ => "WIT" }
            : "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(offset.Minutes == 0 ? "%h" : @"h\:mm", CultureInfo.InvariantCulture);
    }
}
