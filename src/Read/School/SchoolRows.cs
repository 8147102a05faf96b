using ERaport.Write.Common;
using ERaport.Write.School;

namespace ERaport.Read.School;

/// <summary>The school profile. Fields after <see cref="PrincipalNip"/> came with the profile page. <see cref="ProgramYears"/>: 4 in
/// an SMK whose program lasts four years (null: 3); <see cref="LastLevel"/> follows from it.</summary>
public sealed record SchoolRow(
    string SchoolId, string Name, string Npsn, string Address, string City, string PrincipalName, string? PrincipalNip,
    string? PrincipalTitle = null, string? Village = null, string? Subdistrict = null, string? Province = null,
    string? Email = null, string? Website = null, string? Paper = null, int? ProgramYears = null)
{
    public int LastLevel => SchoolProfileData.LastLevelOf(ProgramYears);
}

/// <summary>A row of master data as it stood from <see cref="Since"/> on (<see cref="Sequence"/>: its event), one per save,
/// so that a rapor prints what held on its report date, not what holds when it is printed again a term or a year later.</summary>
public interface IRecordedSince
{
    long Sequence { get; }
    DateTimeOffset Since { get; }
}

public static class ReportDateRule
{
    /// <summary>Of <paramref name="recorded"/>, the last recorded on or before <paramref name="reportDate"/> (the school's date);
    /// the newest when there is no report date yet; the first when every one came later (a school that began with E-Raport
    /// after that date); null when there is none.</summary>
    public static T? OnReportDate<T>(IEnumerable<T> recorded, DateOnly? reportDate) where T : class, IRecordedSince
    {
        var ordered = recorded.OrderBy(r => r.Sequence).ToList();
        if (reportDate is not { } date)
            return ordered.LastOrDefault();
        return ordered.LastOrDefault(r => SchoolTime.DateOf(r.Since) <= date)
            ?? ordered.FirstOrDefault();
    }
}

/// <summary>The principal as a school profile recorded them (each registration or update of the profile is a row), so that a
/// rapor names the principal in office on its report date, not whoever holds the post when it is printed again a term later.</summary>
public sealed record PrincipalRow(string SchoolId, long Sequence, DateTimeOffset Since, string Name, string? Nip, string? Title) : IRecordedSince
{
    public string DisplayName => Title is null ? Name : $"{Title} {Name}";
}

public sealed record TermRow(Guid TermId, string SchoolId, string SchoolYear, int Semester, DateOnly? ReportDate, string? ReportPlace = null);

/// <summary>The weights a term's teaching assignments start with (<c>TermDefaultWeightsChanged</c>); no row: 1 : 0 : 1.
/// A table of its own so that the event replaces a whole row, like <see cref="TermRow"/>'s events do theirs.</summary>
public sealed record TermDefaultWeightsRow(Guid TermId, string SchoolId, int WeightSlm, int WeightSts, int WeightSas);

public sealed record ClassRow(Guid ClassId, string SchoolId, Guid TermId, string Name, int Level, string Phase, Guid? HomeroomTeacherId)
{
    /// <summary><see cref="ClassOrder.Key"/> of the name, for lists ordered in SQL.</summary>
    public string OrderKey { get; init; } = ClassOrder.Key(Name);
}

public sealed record StudentRow(
    Guid StudentId, string SchoolId, string Name, string Nisn, string Nis, string Sex, string? BirthPlace, DateOnly? BirthDate, string? Religion,
    string? Address = null, string? FatherName = null, string? MotherName = null, string? GuardianName = null);

public sealed record EnrollmentRow(Guid ClassId, Guid StudentId);

/// <summary><see cref="Religion"/>: whose cards print a religion subject; null for everyone, or, in subjects stored
/// before it existed, the one its name names.</summary>
public sealed record SubjectRow(Guid SubjectId, string SchoolId, string Name, string Code, string Group, int Order, bool IsReligion, int Kktp,
    string? Religion = null);

/// <summary>A subject as each add or update left what a rapor prints of it (name, code, group, order, whose religion), so that a
/// rapor of an earlier term names it as it stood on that term's report date: renamed, regrouped or reordered for a new school
/// year, it still reads as it was handed out.</summary>
public sealed record SubjectVersionRow(
    Guid SubjectId, long Sequence, string SchoolId, DateTimeOffset Since, string Name, string Code, string Group, int Order, bool IsReligion,
    string? Religion) : IRecordedSince
{
    /// <summary><paramref name="subject"/> (today's row) as this version printed it.</summary>
    public SubjectRow Of(SubjectRow subject) =>
        subject with { Name = Name, Code = Code, Group = Group, Order = Order, IsReligion = IsReligion, Religion = Religion };
}

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
/// the changed fields (comma-separated, as the API names them) or the reason of a withdrawal; <see cref="Changes"/> a data change
/// as people read it, each field with its value before and after where the event kept it.</summary>
public sealed record StudentChangeRow(
    long Sequence, string SchoolId, Guid StudentId, StudentChangeKind Kind, Guid? ClassId, Guid? OtherClassId, string? Detail,
    string ChangedBy, DateTimeOffset ChangedAt, string Source, string? Changes = null);
