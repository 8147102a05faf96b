using System.Text.RegularExpressions;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>Creates an account. The password arrives already hashed: the write side never sees it. With
/// <see cref="OneTimePassword"/> the user must choose their own password at first sign-in. Only an admin of
/// the school (or the system: seeding, the create-admin command) may register users. Each role of a term needs that term
/// to exist, as <see cref="GrantRole"/> asks. A wali kelas role among <see cref="Roles"/> is given as <see cref="GrantRole"/> gives it (the class's wali kelas is the one source of truth,
/// <see cref="HomeroomTeacherRole"/>): the class must exist and have no other wali kelas, and the new account is named on it.</summary>
public sealed record RegisterUser(
    Guid CommandId, [property: ServerMade] Guid UserId, string UserName, string DisplayName, string? Nip, [property: ServerMade] string PasswordHash,
    IReadOnlyList<RoleGrant> Roles, Actor By, EntrySource Source, [property: ServerMade] bool OneTimePassword = false) : ICommand;

public sealed record UserRegistered(Guid UserId, string SchoolId, string UserName, string DisplayName, string? Nip);

/// <summary>A password the user chose (or the seed set); replaces the previous one.</summary>
public sealed record PasswordSet(string PasswordHash);

public sealed record RoleGranted(RoleGrant Grant);

public static partial class RegisterUserHandler
{
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{2,39}\z")]
    private static partial Regex UserNamePattern();

    public static bool IsValidUserName(string? userName) => UserNamePattern().IsMatch(userName ?? "");

    /// <summary><paramref name="terms"/>: those the roles name that exist; a role of any other term is refused as
    /// <see cref="GrantRoleHandler.TermMissing"/> refuses granting it.</summary>
    public static Decision Decide(UserAccount? current, Acting by, bool userNameTaken, IReadOnlyCollection<Term> terms, RegisterUser c)
    {
        if (!by.CanManageUsers)
            return Decision.Reject(OutcomeStatus.Forbidden, AccountRules.AdminRequired);
        if (current is not null)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("user.already_registered", "Pengguna ini sudah terdaftar."));
        if (userNameTaken)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("user.name_taken", $"Nama pengguna \"{c.UserName}\" sudah dipakai."));
        var roles = (c.Roles ?? []).Distinct().ToList();
        var registered = Rules.Check(
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
        if (!registered.IsAccepted)
            return registered;
        return roles.Select(r => GrantRoleHandler.TermMissing(r, terms.FirstOrDefault(t => t.TermId == r.TermId))).FirstOrDefault(m => m is not null)
            ?? registered;
    }

    /// <summary>The terms <paramref name="c"/>'s roles name that exist in the school.</summary>
    private static async Task<IReadOnlyList<Term>> TermsAsync(IQuerySession session, RegisterUser c, CancellationToken ct) =>
        (c.Roles ?? []).Select(r => r?.TermId).OfType<Guid>().Distinct().Select(id => StreamKeys.Term(c.By.SchoolId, id)).ToArray() is { Length: > 0 } keys
            ? await session.LoadManyAsync<Term>(ct, keys)
            : [];

    /// <summary>The wali kelas roles of <paramref name="c"/> that name a class and a term (one that does not is refused by
    /// <see cref="Decide"/> for its shape).</summary>
    private static List<RoleGrant> HomeroomRoles(RegisterUser c) =>
        [.. (c.Roles ?? []).Where(r => r?.Role == Role.HomeroomTeacher && AccountRules.Shape(r) is null).Distinct()];

    /// <summary>The registration with its wali kelas roles, each decided by <see cref="GrantRoleHandler.DecideWithClass"/> for the
    /// account as registered so far, as the users page gives the role afterwards: a class without a wali kelas gets the new
    /// account named on it (and a leftover holder of its role loses it), a class whose wali kelas is someone else refuses the
    /// registration. <paramref name="terms"/>: those the roles name that exist; <paramref name="classes"/>: those the wali kelas roles name that exist;
    /// <paramref name="accounts"/>: the school's accounts named on those classes or holding their roles.</summary>
    public static MultiDecision DecideWithClasses(UserAccount? current, Acting by, bool userNameTaken, IReadOnlyCollection<Term> terms,
        IReadOnlyCollection<SchoolClass> classes, IReadOnlyList<UserAccount> accounts, RegisterUser c)
    {
        var key = StreamKeys.User(c.By.SchoolId, c.UserId);
        var homerooms = HomeroomRoles(c);
        var registered = Decide(current, by, userNameTaken, terms, c with { Roles = [.. (c.Roles ?? []).Except(homerooms)] });
        if (!registered.IsAccepted || homerooms.Count == 0)
            return MultiDecision.From(registered, key, typeof(UserAccount), isNew: true);

        var account = UserAccount.Create((UserRegistered)registered.Events[0]);
        account.Id = key;
        foreach (var granted in registered.Events.OfType<RoleGranted>())
            account.Apply(granted);
        var others = accounts.Where(a => a.UserId != c.UserId).ToList();
        List<StreamEvents> streams = [new(key, typeof(UserAccount), true, registered.Events)];
        var changes = registered.Changes;
        foreach (var grant in homerooms)
        {
            var d = GrantRoleHandler.DecideWithClass(by, terms.FirstOrDefault(t => t.TermId == grant.TermId),
                classes.FirstOrDefault(k => k.ClassId == grant.ClassId), [account, .. others], new GrantRole(c.CommandId, c.UserId, grant, c.By, c.Source));
            if (!d.IsAccepted)
                return d;
            changes += d.Changes;
            // The new account's role goes into its registration; the class and a leftover holder's account are streams of their own.
            foreach (var s in d.Streams)
            {
                var i = streams.FindIndex(x => x.StreamKey == s.StreamKey);
                if (i < 0)
                    streams.Add(s);
                else
                    streams[i] = streams[i] with { Events = [.. streams[i].Events, .. s.Events] };
            }
            account.Apply(new RoleGranted(grant));
        }
        return MultiDecision.Append(changes, streams);
    }

    public static async Task<CommandOutcome> Handle(RegisterUser c, IDocumentSession session, CancellationToken ct)
    {
        var school = c.By.SchoolId;
        var key = StreamKeys.User(school, c.UserId);
        async Task<bool> TakenAsync() => IsValidUserName(c.UserName) && await session.Query<UserAccount>().AnyAsync(u => u.UserName == c.UserName, ct);
        if (HomeroomRoles(c) is { Count: > 0 } homerooms)
            // As GrantRole gives the role: under the school's master-data lock, the accounts of the classes fetched for writing;
            // receipted under the user's stream key.
            return await MasterData.ExecuteMany(session, c, key, async (by, locks) =>
            {
                var terms = await TermsAsync(session, c, ct);
                var classes = await session.LoadManyAsync<SchoolClass>(ct, [.. homerooms.Select(r => StreamKeys.Class(school, r.ClassId!.Value)).Distinct()]);
                var accounts = await HomeroomTeacherRole.AccountsAsync(session, locks, school,
                [
                    .. homerooms.Select(r => new NamedHomeroomTeacher(r.ClassId!.Value, r.TermId!.Value, c.UserId)),
                    .. classes.Select(k => new NamedHomeroomTeacher(k.ClassId, k.TermId, k.HomeroomTeacherId)),
                ], ct);
                return DecideWithClasses(await session.LoadAsync<UserAccount>(key, ct), by, await TakenAsync(), terms, classes, accounts, c);
            }, ct);
        var by = await AccountRules.ActingAsync(session, c.By, ct);
        return await CommandPipeline.Execute<UserAccount>(session, c, key,
            async current => Decide(current, by, await TakenAsync(), await TermsAsync(session, c, ct), c), ct);
    }
}
