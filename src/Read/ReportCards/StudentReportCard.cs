using ERaport.Read.School;
using ERaport.Write.School;

namespace ERaport.Read.ReportCards;

/// <summary>The school as the report card prints it. <see cref="Principal"/> carries "Plt."/"Plh." when acting.</summary>
/// <summary><see cref="Paper"/>: "F4", or null for A4 (the school profile's choice). <see cref="LastLevel"/>: the school's last tingkat (XIII
/// in a four-year SMK), whose students graduate.</summary>
public sealed record ReportSchool(string Name, string Npsn, string Address, string City, string Principal, string? PrincipalNip, string? Paper = null,
    int LastLevel = SchoolProfileData.ThreeYearLastLevel);

/// <summary><see cref="Place"/>: the term's report place, else the school's kabupaten/kota.</summary>
public sealed record ReportTerm(Guid TermId, string SchoolYear, int Semester, DateOnly? ReportDate, string Place);

public sealed record ReportClass(Guid ClassId, string Name, int Level, string Phase, string? HomeroomTeacher, string? HomeroomTeacherNip);

public sealed record ReportStudent(Guid StudentId, string Name, string Nisn, string Nis, string? Religion);

/// <summary>One row of the grades table: <see cref="FinalGrade"/> is the teacher's override, else the calculated
/// NA, null while incomplete; <see cref="Description"/> the teacher's text, else the generated one. <see cref="GradebookId"/>: the
/// gradebook the line comes from, whose history explains its NA (not printed).</summary>
public sealed record ReportSubject(Guid SubjectId, string Name, string Code, int? FinalGrade, bool Overridden, string Description, Guid GradebookId = default);

public sealed record ReportSubjectGroup(string Group, IReadOnlyList<ReportSubject> Subjects)
{
    /// <summary>The group's heading on the card: "Mata Pelajaran Umum", "Muatan Lokal".</summary>
    public string Heading => Group.StartsWith("Muatan", StringComparison.OrdinalIgnoreCase) || Group.StartsWith("Mata Pelajaran", StringComparison.OrdinalIgnoreCase)
        ? Group : "Mata Pelajaran " + Group;
}

/// <summary>One student's report card (Kurikulum Merdeka, 2025 layout), everything it prints.</summary>
public sealed record StudentReportCard(
    ReportSchool School, ReportTerm Term, ReportClass Class, ReportStudent Student, IReadOnlyList<ReportSubjectGroup> Groups,
    HomeroomSections Homeroom)
{
    public IEnumerable<ReportSubject> Subjects => Groups.SelectMany(g => g.Subjects);

    /// <summary>Why the card lacks Pendidikan Agama dan Budi Pekerti (<see cref="ReportCardSubjects.MissingReligion"/>), null when it
    /// does not.</summary>
    public MissingReligionSubject? MissingReligion { get; init; }

    /// <summary>Every subject's NA given, and Pendidikan Agama among the subjects.</summary>
    public bool Complete => MissingReligion is null && Subjects.All(s => s.FinalGrade is not null);

    /// <summary>The Keputusan section exists in semester 2 only.</summary>
    public bool HasPromotion => Term.Semester == 2;

    /// <summary>The wali kelas's written parts still empty (printed as "–").</summary>
    public IEnumerable<string> EmptyHomeroomParts =>
        HomeroomCompleteness.EmptyParts(Homeroom.Kokurikuler, Homeroom.HomeroomNote, HasPromotion, Homeroom.Promotion);
}

/// <summary>Why a card has no Pendidikan Agama dan Budi Pekerti (<see cref="Reason"/>) and who puts it right (<see cref="Remedy"/>).</summary>
public sealed record MissingReligionSubject(string Reason, string Remedy);

/// <summary>Which subjects a student's card lists and in what order.</summary>
public static class ReportCardSubjects
{
    /// <summary>A religion subject is printed only for students of its religion (as chosen, or as its name says
    /// in subjects stored before the choice existed); one for no religion in particular ("Pendidikan Agama dan
    /// Budi Pekerti") is printed for everyone. A student whose religion is not recorded gets only those.</summary>
    public static bool IsPrinted(SubjectRow subject, string? studentReligion) =>
        !subject.IsReligion || TaughtReligion(subject) is not { } taught || taught == Religions.Of(studentReligion);

    /// <summary>Why a student's card lacks Pendidikan Agama dan Budi Pekerti, which every rapor has: none of the religion
    /// subjects the class teaches (<paramref name="taught"/>) is the student's, because the student's religion is not recorded
    /// or because no subject of it is taught here. Null when one is printed (its grade is then a grade like the others), and
    /// in a class that teaches no religion subject at all: a school that keeps religion out of E-Raport is not told that
    /// every card lacks it.</summary>
    public static MissingReligionSubject? MissingReligion(string? studentReligion, IEnumerable<SubjectRow> taught)
    {
        var religionSubjects = taught.Where(s => s.IsReligion).ToList();
        if (religionSubjects.Count == 0 || religionSubjects.Any(s => IsPrinted(s, studentReligion)))
            return null;
        if (string.IsNullOrWhiteSpace(studentReligion))
            return new("Agama peserta didik belum diisi", "Admin mengisi agamanya di data induk peserta didik.");
        var religion = Religions.Of(studentReligion) ?? studentReligion.Trim();
        return new($"Belum ada nilai Pendidikan Agama dan Budi Pekerti untuk agama {religion}",
            $"Kelas ini belum punya pembelajaran Pendidikan Agama {religion}: admin menambahkannya (mata pelajaran dan pembagian mengajar) di data induk.");
    }

    public static string? TaughtReligion(SubjectRow subject) => subject.IsReligion ? subject.Religion ?? Religions.Of(subject.Name) : null;

    /// <summary>The group a subject is printed under in a class of <paramref name="phase"/>: Kurikulum Merdeka has pilihan
    /// subjects from phase F on, so a subject the school files as Pilihan (Biologi, chosen in XI) is general in X and below.</summary>
    public static string GroupIn(string group, string phase) =>
        string.Equals(group, Pilihan, StringComparison.OrdinalIgnoreCase) && phase != "F" ? SubjectRules.Groups[0] : group;

    private const string Pilihan = "Pilihan";

    /// <summary>Groups in the order the report card knows them (Umum, Kejuruan, Pilihan, Muatan Lokal), other
    /// groups after them by their first subject; subjects by their configured order, then name.</summary>
    public static List<ReportSubjectGroup> Grouped<T>(IEnumerable<T> subjects, Func<T, string> group, Func<T, int> order, Func<T, string> name,
        Func<T, ReportSubject> line) =>
        subjects.GroupBy(group, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Group: g.Key, Rank: KnownRank(g.Key), First: g.Min(order),
                Lines: g.OrderBy(order).ThenBy(name, StringComparer.OrdinalIgnoreCase).Select(line).ToList()))
            .OrderBy(g => g.Rank).ThenBy(g => g.First).ThenBy(g => g.Group, StringComparer.OrdinalIgnoreCase)
            .Select(g => new ReportSubjectGroup(g.Group, g.Lines))
            .ToList();

    private static int KnownRank(string group)
    {
        var i = Array.FindIndex(SubjectRules.Groups, g => string.Equals(g, group, StringComparison.OrdinalIgnoreCase));
        return i < 0 ? SubjectRules.Groups.Length : i;
    }
}
