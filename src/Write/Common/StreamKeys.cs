namespace ERaport.Write.Common;

/// <summary>Every stream key starts with its school, so one deployment can later serve a district and a
/// user of one school can never address another school's streams.</summary>
public static class StreamKeys
{
    public static string School(string schoolId) => $"{schoolId}/school";
    public static string Term(string schoolId, Guid termId) => $"{schoolId}/term/{termId:N}";
    public static string Class(string schoolId, Guid classId) => $"{schoolId}/class/{classId:N}";
    public static string Student(string schoolId, Guid studentId) => $"{schoolId}/student/{studentId:N}";
    public static string Subject(string schoolId, Guid subjectId) => $"{schoolId}/subject/{subjectId:N}";
    public static string Gradebook(string schoolId, Guid gradebookId) => $"{schoolId}/gradebook/{gradebookId:N}";
    public static string CorrectionRequest(string schoolId, Guid requestId) => $"{schoolId}/correction/{requestId:N}";
    public static string User(string schoolId, Guid userId) => $"{schoolId}/user/{userId:N}";

    /// <summary>Whether <paramref name="key"/> is an account's stream (<see cref="User"/>); any other key, even one not made here, is not.</summary>
    public static bool IsUser(string? key) => key?.Split('/') is [_, "user", _];

    /// <summary>One student's report card in one term (rapor): the term first, so a term's cards share a prefix.</summary>
    public static string ReportCard(string schoolId, Guid termId, Guid studentId) => $"{schoolId}/reportcard/{termId:N}/{studentId:N}";

    /// <summary>The term and student a report card key was made from.</summary>
    public static (Guid TermId, Guid StudentId) ReportCardOf(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 4 && parts[1] == "reportcard"
            ? (Guid.ParseExact(parts[2], "N"), Guid.ParseExact(parts[3], "N"))
            : throw new FormatException($"Not a report card stream key: {key}");
    }

    /// <summary>The school and entity id a stream key was made from (for a report card: the student).</summary>
    public static (string SchoolId, string Kind, Guid? EntityId) Parse(string key)
    {
        var parts = key.Split('/');
        return parts.Length switch
        {
            2 => (parts[0], parts[1], null),
            3 => (parts[0], parts[1], Guid.ParseExact(parts[2], "N")),
            4 => (parts[0], parts[1], Guid.ParseExact(parts[3], "N")),
            _ => throw new FormatException($"Not an E-Raport stream key: {key}"),
        };
    }
}
