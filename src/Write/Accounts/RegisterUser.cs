using System.Text.RegularExpressions;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>Creates an account. The password arrives already hashed: the write side never sees it.</summary>
public sealed record RegisterUser(
    Guid CommandId, Guid UserId, string UserName, string DisplayName, string? Nip, string PasswordHash,
    IReadOnlyList<RoleGrant> Roles, Actor By, EntrySource Source);

public sealed record UserRegistered(Guid UserId, string SchoolId, string UserName, string DisplayName, string? Nip);

public sealed record PasswordSet(string PasswordHash);

public sealed record RoleGranted(RoleGrant Grant);

public static partial class RegisterUserHandler
{
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{2,39}\z")]
    private static partial Regex UserNamePattern();

    public static Decision Decide(UserAccount? current, bool userNameTaken, RegisterUser c)
    {
        if (current is not null)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("user.already_registered", "Pengguna ini sudah terdaftar."));
        if (userNameTaken)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("user.name_taken", $"Nama pengguna \"{c.UserName}\" sudah dipakai."));
        return Rules.Check(
            () => Decision.Append(
            [
                new UserRegistered(c.UserId, c.By.SchoolId, c.UserName, c.DisplayName.Trim(), c.Nip?.Trim()),
                new PasswordSet(c.PasswordHash),
                .. (c.Roles ?? []).Distinct().Select(r => new RoleGranted(r)),
            ]),
            UserNamePattern().IsMatch(c.UserName ?? "")
                ? null
                : new DomainError("userName.invalid", "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung."),
            Rules.Required(c.DisplayName, "displayName", "Nama lengkap"),
            Rules.Required(c.PasswordHash, "password", "Kata sandi", 1000));
    }

    public static Task<CommandOutcome> Handle(RegisterUser c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<UserAccount>(session, c.CommandId, c.By, c.Source, StreamKeys.User(c.By.SchoolId, c.UserId),
            async current => Decide(current, await session.Query<UserAccount>().AnyAsync(u => u.UserName == c.UserName, ct), c), ct);
}
