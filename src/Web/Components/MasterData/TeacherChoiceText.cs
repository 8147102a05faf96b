using ERaport.Read.School;
using ERaport.Write.Accounts;
using ERaport.Write.School;

namespace ERaport.Web.Components.MasterData;

/// <summary>How a teacher is written in the forms that name one teacher a row ("Wali kelas semua kelas" on /data/kelas, a class's
/// subjects on /data/pembelajaran), whose rows share one list offering "Name (user name)";
/// what was typed is matched to that, or to a name or user name only one teacher has, or to the words of a name without
/// its titles and degrees ("siti aminah", or their starts, "siti am") when they fit one teacher only. Empty: no teacher.</summary>
public static class TeacherChoiceText
{
    public static string Of(TeacherItem t) => $"{t.DisplayName} ({t.UserName})";

    public static bool TryFind(IEnumerable<TeacherItem> teachers, string typed, out Guid? teacherId)
    {
        teacherId = null;
        var key = Text.Key(typed);
        if (key.Length == 0)
            return true;
        var offered = teachers.DistinctBy(t => t.UserId).ToList();
        var matches = offered.Where(t => Text.Key(Of(t)) == key).ToList();
        if (matches.Count == 0)
            matches = [.. offered.Where(t => Text.Key(t.UserName) == key || Text.Key(t.DisplayName) == key)];
        if (matches.Count == 0)
            matches = [.. offered.Where(t => RegisterUsersHandler.NameKey(t.DisplayName) == RegisterUsersHandler.NameKey(typed))];
        if (matches.Count == 0 && RegisterUsersHandler.NameWords(typed) is { Count: > 0 } words)
            matches = [.. offered.Where(t => StartsOfWords(words, RegisterUsersHandler.NameWords(t.DisplayName)))];
        if (matches.Count != 1)
            return false;
        teacherId = matches[0].UserId;
        return true;
    }

    /// <summary>Each typed word starts the name's word at its place ("siti am" for Siti Aminah).</summary>
    private static bool StartsOfWords(IReadOnlyList<string> typed, IReadOnlyList<string> name) =>
        typed.Count <= name.Count && typed.Select((w, i) => name[i].StartsWith(w, StringComparison.Ordinal)).All(x => x);
}
