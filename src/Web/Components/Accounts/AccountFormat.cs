using ERaport.Read.Accounts;
using ERaport.Write.Accounts;

namespace ERaport.Web.Components.Accounts;

/// <summary>Roles and account changes as an Indonesian school admin reads them.</summary>
public static class AccountFormat
{
    public static string Role(Role role) => role switch
    {
        Write.Accounts.Role.Admin => "Admin",
        Write.Accounts.Role.Principal => "Kepala sekolah",
        Write.Accounts.Role.HomeroomTeacher => "Wali kelas",
        _ => "Guru",
    };

    public static string Grant(UserRoleItem r)
    {
        var term = r.SchoolYear is null ? null : Format.Term(r.SchoolYear, r.Semester ?? 1);
        var what = r.Role == Write.Accounts.Role.HomeroomTeacher ? $"Wali kelas {r.ClassName ?? "?"}" : Role(r.Role);
        return term is null ? what : $"{what} · {term}";
    }

    public static string Change(AccountChangeKind kind) => kind switch
    {
        AccountChangeKind.Registered => "Akun dibuat",
        AccountChangeKind.PasswordSet => "Kata sandi ditetapkan",
        AccountChangeKind.TemporaryPasswordIssued => "Kata sandi sekali pakai dibuat",
        AccountChangeKind.PasswordChanged => "Kata sandi diganti oleh pengguna",
        AccountChangeKind.RoleGranted => "Peran diberikan",
        AccountChangeKind.RoleRevoked => "Peran dicabut",
        AccountChangeKind.Disabled => "Dinonaktifkan",
        AccountChangeKind.Enabled => "Diaktifkan kembali",
        AccountChangeKind.LockedOut => "Terkunci: terlalu banyak percobaan masuk gagal",
        _ => "Kunci dibuka",
    };

    /// <summary>Account changes from seeding, the create-admin command and first start come from the system.</summary>
    public static string Source(string source) => source == "Seed" ? "Sistem" : Format.Source(source);

    public static string Status(UserListItem u, DateTimeOffset now) =>
        u.Disabled ? "Nonaktif"
        : u.IsLockedOut(now) ? $"Terkunci sampai {Format.Time(u.LockedUntil!.Value)}"
        : u.OneTimePassword ? "Menunggu ganti kata sandi"
        : "Aktif";

    public static string StatusClass(UserListItem u, DateTimeOffset now) =>
        u.Disabled ? "removed" : u.IsLockedOut(now) ? "corrected" : u.OneTimePassword ? "recorded" : "active";
}
