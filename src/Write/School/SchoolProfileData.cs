using System.Text.RegularExpressions;
using ERaport.Write.Common;

namespace ERaport.Write.School;

/// <summary>The school's identity as the report card prints it. <see cref="City"/> is the kabupaten/kota of
/// the signature line; <see cref="PrincipalTitle"/> is "Plt." or "Plh." when the principal is acting, printed
/// before the name. <see cref="Paper"/> is the paper the school prints report cards on: "F4", or null for A4.
/// <see cref="ProgramYears"/> is the lama pendidikan of an SMK: 4 for a four-year program (program 4 tahun, with a class XIII),
/// or null for the usual 3.</summary>
public sealed partial record SchoolProfileData(
    string Name, string Npsn, string Address, string City, string PrincipalName, string? PrincipalNip,
    string? PrincipalTitle = null, string? Village = null, string? Subdistrict = null, string? Province = null,
    string? Email = null, string? Website = null, string? Paper = null, int? ProgramYears = null)
{
    public static readonly string[] PrincipalTitles = ["Plt.", "Plh."];

    /// <summary>A4, every printer's default, and F4 (folio, 215 × 330 mm), on which many Indonesian schools print their
    /// report cards.</summary>
    public const string A4 = "A4", F4 = "F4";

    public const int FourYears = 4;

    /// <summary>The last tingkat of SMA/SMK, whose students graduate: XII (<see cref="ThreeYearLastLevel"/>), or XIII in an SMK whose
    /// program lasts four years.</summary>
    public const int ThreeYearLastLevel = 12;

    public int LastLevel => LastLevelOf(ProgramYears);

    /// <summary><see cref="LastLevel"/> of a profile with <paramref name="programYears"/> (null: no profile yet, or the usual 3).</summary>
    public static int LastLevelOf(int? programYears) => programYears == FourYears ? ThreeYearLastLevel + 1 : ThreeYearLastLevel;

    public const string EmailHint = "Alamat email sekolah tidak sah. Contoh: info@sman1sukamaju.sch.id";

    /// <summary>An address with a domain that has a dot (info@sman1sukamaju.sch.id), as the form's <c>pattern</c> too: a
    /// browser's own email check accepts "x@gmail", which no school uses and the server would refuse.</summary>
    public const string EmailPatternText = @"[^@\s]+@[^@\s]+\.[^@\s]+";

    [GeneratedRegex("^" + EmailPatternText + @"\z")]
    private static partial Regex EmailPattern();

    public static SchoolProfileData Of(SchoolRegistered e) =>
        new(e.Name, e.Npsn, e.Address, e.City, e.PrincipalName, e.PrincipalNip, e.PrincipalTitle, e.Village, e.Subdistrict, e.Province, e.Email, e.Website,
            e.Paper, e.ProgramYears);

    /// <summary>"Plt"/"plh." and the like become "Plt."/"Plh."; anything else is kept for <see cref="Errors"/> to refuse.</summary>
    public static string? NormalizeTitle(string? title)
    {
        var t = Text.Clean(title);
        if (t is null || t == "-")
            return null;
        return PrincipalTitles.FirstOrDefault(p => string.Equals(p.TrimEnd('.'), t.TrimEnd('.'), StringComparison.OrdinalIgnoreCase)) ?? t;
    }

    /// <summary>A4 is stored as null, as in profiles saved before the choice existed, so that saving one unchanged
    /// changes nothing; "f4" and "Folio" become F4.</summary>
    public static string? NormalizePaper(string? paper) => Text.Clean(paper)?.ToUpperInvariant() switch
    {
        null or A4 => null,
        F4 or "FOLIO" => F4,
        var other => other,
    };

    public SchoolProfileData Normalized() => new(
        Text.Clean(Name) ?? "", (Npsn ?? "").Trim(), Text.Clean(Address) ?? "", Text.Clean(City) ?? "", Text.Clean(PrincipalName) ?? "",
        Text.Clean(PrincipalNip), NormalizeTitle(PrincipalTitle), Text.Clean(Village), Text.Clean(Subdistrict), Text.Clean(Province),
        Text.Clean(Email), Text.Clean(Website), NormalizePaper(Paper), ProgramYears == 3 ? null : ProgramYears);

    public IEnumerable<DomainError> Errors()
    {
        DomainError?[] checks =
        [
            Rules.Required(Name, "name", "Nama sekolah"),
            Rules.Digits(Npsn, "npsn", "NPSN", 8),
            Rules.Required(Address, "address", "Alamat", 500),
            Rules.Required(City, "city", "Kabupaten/Kota"),
            Rules.PersonName(PrincipalName, "principalName", "Nama kepala sekolah"),
            Rules.Nip(PrincipalNip, "principalNip", "NIP kepala sekolah"),
            PrincipalTitle is null || PrincipalTitles.Contains(PrincipalTitle) ? null
                : Text.Error("principalTitle.invalid", "Sebutan kepala sekolah harus kosong, Plt. atau Plh.", "principalTitle", PrincipalTitle),
            Text.Optional(Village, "village", "Kelurahan/Desa", 100),
            Text.Optional(Subdistrict, "subdistrict", "Kecamatan", 100),
            Text.Optional(Province, "province", "Provinsi", 100),
            Email is null || Email.Length <= 200 && EmailPattern().IsMatch(Email) ? null
                : Text.Error("email.invalid", EmailHint, "email", Email),
            Text.Optional(Website, "website", "Situs web", 200),
            Paper is null or F4 ? null : Text.Error("paper.invalid", "Ukuran kertas rapor harus A4 atau F4.", "paper", Paper),
            ProgramYears is null or FourYears ? null : Text.Error("programYears.invalid", "Lama pendidikan harus 3 atau 4 tahun.", "programYears", ProgramYears),
            // A four-year program (kelas XIII) exists only in SMK; the profile has no jenjang, and an SMK's name says it.
            ProgramYears != FourYears || IsSmk(Name) ? null
                : Text.Error("programYears.smk_only",
                    $"Lama pendidikan 4 tahun (ada kelas XIII) hanya untuk SMK, dan nama sekolah ini ({Name}) bukan nama SMK (SMK …, SMKN …, SMKS …). " +
                    "Pilih 3 tahun, atau perbaiki nama sekolahnya.", "programYears", ProgramYears),
        ];
        return checks.OfType<DomainError>();
    }

    /// <summary>An SMK by its name, as Dapodik writes it: "SMK Negeri 1 …", "SMKN 2 …", "SMKS …", "Sekolah Menengah Kejuruan …".</summary>
    public static bool IsSmk(string? name) => SmkName().IsMatch(Text.Clean(name) ?? "");

    [GeneratedRegex(@"^(smk|sekolah menengah kejuruan\b)", RegexOptions.IgnoreCase)]
    private static partial Regex SmkName();

    /// <summary>The place a report card's signature line names when its term sets none: the kabupaten/kota's own name,
    /// as rapor are signed ("Sukamaju, 19 Desember 2026", not "Kabupaten Sukamaju, …").</summary>
    public static string SignaturePlace(string city)
    {
        var place = Text.Clean(city) ?? "";
        var prefix = AdministrativePrefix().Match(place);
        return prefix.Success && prefix.Length < place.Length ? place[prefix.Length..] : place;
    }

    [GeneratedRegex(@"^(kabupaten|kab\.?|kota administrasi|kota adm\.?|kota)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AdministrativePrefix();

    /// <summary>The principal as the signature block prints it: "Plt. Dra. Sri Wahyuni, M.Pd.".</summary>
    public string PrincipalDisplayName => PrincipalTitle is null ? PrincipalName : $"{PrincipalTitle} {PrincipalName}";
}
