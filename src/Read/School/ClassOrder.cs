using ERaport.Write.School;

namespace ERaport.Read.School;

/// <summary>The order classes are listed in: a school with more than nine parallel classes expects X-2 before X-10,
/// which a plain text order puts after X-1. <see cref="Key"/> is stored with each class so that SQL can order by it.</summary>
public static class ClassOrder
{
    /// <summary><see cref="SchoolClass.OrderKey"/>: the ordinal order of keys is the natural order of names.</summary>
    public static string Key(string name) => SchoolClass.OrderKey(name);

    /// <summary>The name without its leading level (roman or arabic) and separators, as <see cref="Key"/> writes it: "XII TKJ 1"
    /// and "XI TKJ 1" give the same, so a class can find the class of the level below it fills from.</summary>
    public static string WithoutLevel(string name) =>
        Key(name).TrimStart('i', 'v', 'x', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9').TrimStart(' ', '-', '.', '_', '/');

    /// <summary>Then orders by a class name as people count, for lists that hold the name alone.</summary>
    public static IOrderedEnumerable<T> ThenByClassName<T>(this IOrderedEnumerable<T> items, Func<T, string?> name) =>
        items.ThenBy(x => Key(name(x) ?? ""), StringComparer.Ordinal);
}
