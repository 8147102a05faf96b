using ERaport.Write.Common;

namespace ERaport.Write.School;

/// <summary>Everything the school records about a student, as one value: registering, editing and the
/// Dapodik import check it the same way and compare it as a whole.</summary>
public sealed record StudentData(
    string Name, string Nisn, string Nis, string Sex, string? BirthPlace, DateOnly? BirthDate, string? Religion,
    string? Address = null, string? FatherName = null, string? MotherName = null, string? GuardianName = null)
{
    public static readonly DateOnly EarliestBirthDate = new(1900, 1, 1);

    /// <summary>Trimmed, inner runs of spaces collapsed, empty optional fields as null.</summary>
    public StudentData Normalized() => new(
        Text.Clean(Name) ?? "", (Nisn ?? "").Trim(), (Nis ?? "").Trim(), (Sex ?? "").Trim(), Text.Clean(BirthPlace), BirthDate, Text.Clean(Religion),
        Text.Clean(Address), Text.Clean(FatherName), Text.Clean(MotherName), Text.Clean(GuardianName));

    /// <summary>Field errors of normalized data; each names its field. <paramref name="today"/>: the school's date, after which
    /// no one is born (<see cref="SchoolTime.Today"/>, read by the handler so that the decision stays a pure function).</summary>
    public IEnumerable<DomainError> Errors(DateOnly today)
    {
        DomainError?[] checks =
        [
            Rules.PersonName(Name, "name", "Nama peserta didik"),
            Rules.Digits(Nisn, "nisn", "NISN", 10),
            Rules.Required(Nis, "nis", "NIS", 30),
            Sex is "L" or "P" ? null : Text.Error("sex.invalid", "Jenis kelamin harus L atau P.", "sex", Sex),
            Text.Optional(BirthPlace, "birthPlace", "Tempat lahir", 100),
            BirthDate is null || BirthDate >= EarliestBirthDate ? null
                : Text.Error("birthDate.invalid", "Tanggal lahir tidak masuk akal.", "birthDate", BirthDate?.ToString("yyyy-MM-dd")),
            BirthDate is null || BirthDate <= today ? null
                : Text.Error("birthDate.future", "Tanggal lahir ada di masa depan.", "birthDate", BirthDate?.ToString("yyyy-MM-dd")),
            Text.Optional(Religion, "religion", "Agama", 50),
            Text.Optional(Address, "address", "Alamat", 500),
            Text.OptionalName(FatherName, "fatherName", "Nama ayah"),
            Text.OptionalName(MotherName, "motherName", "Nama ibu"),
            Text.OptionalName(GuardianName, "guardianName", "Nama wali"),
        ];
        return checks.OfType<DomainError>();
    }

    /// <summary>Names of the fields that differ from <paramref name="other"/>, as the API names them.</summary>
    public IReadOnlyList<string> ChangedFrom(StudentData other) =>
        new (string Field, bool Same)[]
        {
            ("name", Name == other.Name), ("nisn", Nisn == other.Nisn), ("nis", Nis == other.Nis), ("sex", Sex == other.Sex),
            ("birthPlace", BirthPlace == other.BirthPlace), ("birthDate", BirthDate == other.BirthDate), ("religion", Religion == other.Religion),
            ("address", Address == other.Address), ("fatherName", FatherName == other.FatherName), ("motherName", MotherName == other.MotherName),
            ("guardianName", GuardianName == other.GuardianName),
        }.Where(f => !f.Same).Select(f => f.Field).ToList();

    /// <summary>What people call a field of <see cref="ChangedFrom"/>.</summary>
    public static string FieldLabel(string field) => field switch
    {
        "name" => "nama", "nisn" => "NISN", "nis" => "NIS", "sex" => "jenis kelamin", "birthPlace" => "tempat lahir", "birthDate" => "tanggal lahir",
        "religion" => "agama", "address" => "alamat", "fatherName" => "nama ayah", "motherName" => "nama ibu", "guardianName" => "nama wali",
        _ => field,
    };

    /// <summary>The changed fields as a student's history shows them, each with what it was and became: "nama “Ani” → “Ani
    /// Lestari”; jenis kelamin laki-laki → perempuan". Without <paramref name="before"/> (stored before it was kept), the
    /// fields' names only.</summary>
    public static string DescribeChanges(IReadOnlyList<string> changed, StudentData? before, StudentData after) =>
        before is null
            ? string.Join(", ", changed.Select(FieldLabel))
            : string.Join("; ", changed.Select(f => $"{FieldLabel(f)} {before.Shown(f)} → {after.Shown(f)}"));

    private string Shown(string field)
    {
        var value = field switch
        {
            "name" => Name, "nisn" => Nisn, "nis" => Nis, "birthPlace" => BirthPlace, "religion" => Religion, "address" => Address,
            "fatherName" => FatherName, "motherName" => MotherName, "guardianName" => GuardianName,
            "sex" => Sex switch { "L" => "laki-laki", "P" => "perempuan", _ => Sex },
            "birthDate" => BirthDate?.ToString("d MMMM yyyy", SchoolTime.Indonesian),
            _ => null,
        };
        return string.IsNullOrEmpty(value) ? "(kosong)" : field is "sex" or "birthDate" ? value : $"“{value}”";
    }

    /// <summary>Refuses a NISN or NIS that another student of the school already has.</summary>
    public static IEnumerable<DomainError> Clashes(StudentData data, Guid studentId, IEnumerable<Student> others)
    {
        var list = others.Where(o => o.StudentId != studentId).ToList();
        if (list.FirstOrDefault(o => o.Nisn == data.Nisn) is { } sameNisn)
            yield return Text.Error("nisn.taken", $"NISN {data.Nisn} sudah dipakai oleh {sameNisn.Name}.", "nisn", data.Nisn);
        if (data.Nis.Length > 0 && list.FirstOrDefault(o => o.Nis == data.Nis) is { } sameNis)
            yield return Text.Error("nis.taken", $"NIS {data.Nis} sudah dipakai oleh {sameNis.Name}.", "nis", data.Nis);
    }
}

/// <summary>Small text checks the master-data decisions share.</summary>
public static class Text
{
    public static string? Clean(string? value)
    {
        if (value is null)
            return null;
        var cleaned = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>What names and codes are compared by: without case and extra spaces, as people type them ("x-1" is "X-1").</summary>
    public static string Key(string? value) => (Clean(value) ?? "").ToUpperInvariant();

    /// <summary>The first <paramref name="shown"/> of <paramref name="names"/>, then how many more: "A, B, C dan 2 lainnya".</summary>
    public static string Named(IReadOnlyList<string> names, int shown) =>
        string.Join(", ", names.Take(shown)) + (names.Count > shown ? $" dan {names.Count - shown} lainnya" : "");

    public static DomainError Error(string code, string message, string field, object? value = null) =>
        new(code, message, new Dictionary<string, object?> { ["field"] = field, ["value"] = value });

    public static DomainError? Optional(string? value, string field, string label, int maxLength = 200) =>
        string.IsNullOrEmpty(value) ? null : Rules.Required(value, field, label, maxLength);

    public static DomainError? OptionalName(string? value, string field, string label) =>
        string.IsNullOrEmpty(value) ? null : Rules.PersonName(value, field, label);
}
