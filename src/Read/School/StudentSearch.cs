using System.Text;

namespace ERaport.Read.School;

/// <summary>Finding a student as an admin types: every word typed must be part of the name, the NISN or the NIS, whatever
/// the capitals, apostrophes and marks ("nimah" finds "Ni'mah", "adi" finds "Ádi").</summary>
public static class StudentSearch
{
    public static bool Matches(StudentRow student, string search)
    {
        var name = Plain(student.Name);
        var nis = Plain(student.Nis);
        return search.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Plain).Where(w => w.Length > 0)
            .All(w => name.Contains(w, StringComparison.Ordinal) || student.Nisn.Contains(w, StringComparison.Ordinal) || nis.Contains(w, StringComparison.Ordinal));
    }

    /// <summary>Lower-case letters and digits only (decomposed, so a letter's marks and an apostrophe drop out), one space between words.</summary>
    private static string Plain(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c))
                plain.Append(char.ToLowerInvariant(c));
            else if (char.IsWhiteSpace(c) && plain.Length > 0 && plain[^1] != ' ')
                plain.Append(' ');
        }
        return plain.ToString();
    }
}
