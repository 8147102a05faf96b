using System.Text.RegularExpressions;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>Creates an account. The password arrives already hashed: the write side never sees it. With
/// <see cref="OneTimePassword"/> the user must choose their own password at first sign-in. Only an admin of
/// the school (or the system: seeding, the create-admin command) may register users.</summary>
public sealed record RegisterUser(
    Guid CommandId, Guid UserId, string UserName, string DisplayName, string? Nip, string PasswordHash,
    IReadOnlyList<RoleGrant> Roles, Actor By, EntrySource Source, bool OneTimePassword = false);

public sealed record UserRegistered(Guid UserId, string SchoolId, string UserName, string DisplayName, string? Nip);

/// <summary>A password the user chose (or the seed set); replaces the previous one.</summary>
public sealed record PasswordSet(string PasswordHash);

public sealed record RoleGranted(RoleGrant Grant);

public static partial class RegisterUserHandler
{
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{2,39}\z")]
    private static partial Regex UserNamePattern();

    public static bool IsValidUserName(string? userName) => UserNamePattern().IsMatch(userName ?? "");

    public static Decision Decide(UserAccount? current, Acting by, bool userNameTaken, RegisterUser c)
    {
        if (!by.CanManageUsers)
            return Decision.Reject(OutcomeStatus.Forbidden, AccountRules.AdminRequired);
        if (current is not null)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("user.already_registered", "Pengguna ini sudah terdaftar."));
        if (userNameTaken)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("user.name_taken", $"Nama pengguna \"{c.UserName}\" sudah dipakai."));
        var roles = (c.Roles ?? []).Distinct().ToList();
        return Rules.Check(
            () => Decision.Append(
            [
                new UserRegistered(c.UserId, c.By.SchoolId, c.UserName, c.DisplayName.Trim(), string.IsNullOrWhiteSpace(c.Nip) ? null : c.Nip.Trim()),
                c.OneTimePassword ? new TemporaryPasswordIssued(c.PasswordHash) : new PasswordSet(c.PasswordHash),
                .. roles.Select(r => new RoleGranted(r)),
            ]),
            [
                c.UserId == Guid.Empty ? new DomainError("userId.required", "Id pengguna wajib diisi.") : null,
                IsValidUserName(c.UserName)
                    ? null
                    : new DomainError("userName.invalid", "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung."),
                Rules.PersonName(c.DisplayName, "displayName", "Nama lengkap"),
                Rules.Nip(string.IsNullOrWhiteSpace(c.Nip) ? null : c.Nip.Trim(), "nip", "NIP"),
                Rules.Required(c.PasswordHash, "password", "Kata sandi", 1000),
                .. roles.Select(AccountRules.Shape),
            ]);
    }

    public static async Task<CommandOutcome> Handle(RegisterUser c, IDocumentSession session, CancellationToken ct)
    {
        var by = await AccountRules.ActingAsync(session, c.By, ct);
        return await CommandPipeline.Execute<UserAccount>(session, c.CommandId, c.By, c.Source, StreamKeys.User(c.By.SchoolId, c.UserId),
            async current => Decide(current, by,
                IsValidUserName(c.UserName) && await session.Query<UserAccount>().AnyAsync(u => u.UserName == c.UserName, ct), c), ct);
    }
}
