using ERaport.Read.School;
using ERaport.Write.School;

namespace ERaport.Web.Components.MasterData;

/// <summary>How a teacher is written in the "Wali kelas semua kelas" inputs, whose one shared list offers "Name (user name)";
/// what was typed is matched to that, or to a name or user name only one teacher has. Empty: no wali kelas.</summary>
public static class HomeroomChoiceText
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
        if (matches.Count != 1)
            return false;
        teacherId = matches[0].UserId;
        return true;
    }
}
