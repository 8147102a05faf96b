using ERaport.Write.Common;

namespace ERaport.Read.School;

/// <summary>The school profile. Fields after <see cref="PrincipalNip"/> came with the profile page.</summary>
public sealed record SchoolRow(
    string SchoolId, string Name, string Npsn, string Address, string City, string PrincipalName, string? PrincipalNip,
    string? PrincipalTitle = null, string? Village = null, string? Subdistrict = null, string? Province = null,
    string? Email = null, string? Website = null, string? Paper = null);

/// <summary>The principal as a school profile recorded them from <see cref="Since"/> on (each registration or update of the profile
/// is a row, <see cref="Sequence"/> its event), so that a rapor names the principal in office on its report date, not whoever
/// holds the post when it is printed again a term later.</summary>
public sealed record PrincipalRow(string SchoolId, long Sequence, DateTimeOffset Since, string Name, string? Nip, string? Title)
{
    public string DisplayName => Title is null ? Name : $"{Title} {Name}";

    /// <summary>Of <paramref name="recorded"/>, the last recorded on or before <paramref name="reportDate"/> (the school's date);
    /// the newest when there is no report date yet; the first when every one came later (a school that began with E-Raport
    /// after that date); null when there is none.</summary>
    public static PrincipalRow? OnReportDate(IEnumerable<PrincipalRow> recorded, DateOnly? reportDate)
    {
        var ordered = recorded.OrderBy(p => p.Sequence).ToList();
        if (reportDate is not { } date)
            return ordered.LastOrDefault();
        return ordered.LastOrDefault(p => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(p.Since, SchoolTime.Zone).DateTime) <= date)
            ?? ordered.FirstOrDefault();
    }
}

public sealed record TermRow(Guid TermId, string SchoolId, string SchoolYear, int Semester, DateOnly? ReportDate, string? ReportPlace = null);

/// <summary>The weights a term's teaching assignments start with (<c>TermDefaultWeightsChanged</c>); no row: 1 : 0 : 1.
/// A table of its own so that the event replaces a whole row, like <see cref="TermRow"/>'s events do theirs.</summary>
public sealed record TermDefaultWeightsRow(Guid TermId, string SchoolId, int WeightSlm, int WeightSts, int WeightSas);

public sealed record ClassRow(Guid ClassId, string SchoolId, Guid TermId, string Name, int Level, string Phase, Guid? HomeroomTeacherId);

public sealed record StudentRow(
    Guid StudentId, string SchoolId, string Name, string Nisn, string Nis, string Sex, string? BirthPlace, DateOnly? BirthDate, string? Religion,
    string? Address = null, string? FatherName = null, string? MotherName = null, string? GuardianName = null);

public sealed record EnrollmentRow(Guid ClassId, Guid StudentId);

/// <summary><see cref="Religion"/>: whose cards print a religion subject; null for everyone, or, in subjects stored
/// before it existed, the one its name names.</summary>
public sealed record SubjectRow(Guid SubjectId, string SchoolId, string Name, string Code, string Group, int Order, bool IsReligion, int Kktp,
    string? Religion = null);

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<StudentChangeKind>))]
public enum StudentChangeKind
{
    Updated,
    MovedOut,
    MovedIn,
    Withdrawn,
}

/// <summary>One row per change of a student's data or class after registering, for the student's history: who, when, through what.
/// <see cref="ClassId"/> is the class it happened in (for a move out, the class left); <see cref="Detail"/>
/// the changed fields (comma-separated) or the reason of a withdrawal.</summary>
public sealed record StudentChangeRow(
    long Sequence, string SchoolId, Guid StudentId, StudentChangeKind Kind, Guid? ClassId, Guid? OtherClassId, string? Detail,
    string ChangedBy, DateTimeOffset ChangedAt, string Source);
