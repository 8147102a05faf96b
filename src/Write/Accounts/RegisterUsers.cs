using System.Text;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>One teacher of a list the admin pasted: <see cref="Row"/> is its line in the list (for the messages),
/// an empty <see cref="UserName"/> is made from the name. The one-time password arrives hashed.</summary>
public sealed record NewUser(int Row, [property: ServerMade] Guid UserId, string? DisplayName, string? Nip, string? UserName,
    [property: ServerMade] string PasswordHash);

/// <summary>Creates many teacher accounts at once, all or none: each with a one-time password to replace at first
/// sign-in and, with <see cref="TermId"/>, the teacher role (guru) of that term, as the users page grants it. A row naming a
/// teacher who has an account already is skipped (the staff list pasted again each semester), not refused.</summary>
public sealed record RegisterUsers(Guid CommandId, Guid? TermId, IReadOnlyList<NewUser> Users, Actor By, EntrySource Source) : ICommand;

/// <summary>The account a row became.</summary>
public sealed record RegisteredUser(int Row, Guid UserId, string UserName, string DisplayName, string? Nip);

/// <summary>A row left out because it names a teacher who has an account already (<see cref="RegisterUsersHandler.AlreadyRegistered"/>).</summary>
public sealed record SkippedUser(int Row, Guid UserId, string UserName, string DisplayName);

public sealed record RegisterUsersPlan(MultiDecision Decision, IReadOnlyList<RegisteredUser> Users, IReadOnlyList<SkippedUser> Skipped);

/// <summary>The answer; <see cref="Users"/> and <see cref="Skipped"/> are empty when refused or when a repeated command was
/// answered from its receipt.</summary>
public sealed record RegisterUsersOutcome(CommandOutcome Outcome, IReadOnlyList<RegisteredUser> Users, IReadOnlyList<SkippedUser> Skipped);

public static class RegisterUsersHandler
{
    public const int MaxRows = 500;

    /// <summary>The code of a row skipped because its teacher has an account already.</summary>
    public const string AlreadyRegistered = "user.already_registered";

    /// <summary>Row errors carry "row", "field" and "value" in their details; a row whose teacher has an account already
    /// (<see cref="AccountOf"/>) is skipped, the others are created. <paramref name="registered"/>: the school's
    /// accounts as registered (names and NIPs); <paramref name="takenUserNames"/>: every user name of the deployment (they
    /// are unique across schools). The web layer runs this as a dry run before it hashes any password.</summary>
    public static RegisterUsersPlan Decide(Acting by, Term? term, IReadOnlyList<UserRegistered> registered, IReadOnlySet<string> takenUserNames,
        RegisterUsers c)
    {
        if (!by.CanManageUsers)
            return Rejected(OutcomeStatus.Forbidden, AccountRules.AdminRequired);
        RoleGrant? teacher = c.TermId is { } termId ? new(Role.Teacher, termId, null) : null;
        if (teacher is not null && GrantRoleHandler.TermMissing(teacher, term) is { } missing)
            return Rejected(missing.Status, [.. missing.Errors]);
        var rows = c.Users ?? [];
        if (rows.Count == 0)
            return Rejected(OutcomeStatus.Invalid, new DomainError("users.empty", "Daftar tidak berisi satu pun guru."));
        if (rows.Count > MaxRows)
            return Rejected(OutcomeStatus.Invalid, new DomainError("users.too_many_rows",
                $"Paling banyak {MaxRows.ToString("N0", SchoolTime.Indonesian)} pengguna sekali tambah; daftar ini berisi " +
                $"{rows.Count.ToString("N0", SchoolTime.Indonesian)}. Bagi menjadi beberapa bagian."));

        var existingByNip = registered.Where(u => NipKey(u.Nip).Length > 0).GroupBy(u => NipKey(u.Nip)).ToDictionary(g => g.Key, g => g.First());
        var existingByName = registered.GroupBy(u => NameKey(u.DisplayName)).ToDictionary(g => g.Key, g => g.ToList());
        var chosen = new Dictionary<string, int>(); // user names typed in the list, by the row that typed them first
        var seenNip = new Dictionary<string, int>();
        var seenName = new Dictionary<string, List<(int Row, string Nip)>>();
        var errors = new List<DomainError>();
        var planned = new List<(NewUser Row, string Name, string? Nip, string? UserName)>();
        var skipped = new List<SkippedUser>();

        foreach (var row in rows)
        {
            var rowErrors = new List<DomainError>();
            var name = Text.Clean(row.DisplayName) ?? "";
            var nip = Text.Clean(row.Nip);
            var userName = (row.UserName ?? "").Trim().ToLowerInvariant();
            var badName = Rules.PersonName(name, "displayName", "Nama lengkap");
            var badNip = Rules.Nip(nip, "nip", "NIP");
            rowErrors.AddRange(new[]
            {
                row.UserId == Guid.Empty ? new DomainError("userId.required", "Id pengguna wajib diisi.") : null,
                badName, badNip, Rules.Required(row.PasswordHash, "password", "Kata sandi", 1000),
            }.OfType<DomainError>());
            if (rowErrors.Count == 0 && AccountOf(existingByName, name, nip, userName) is { } account)
            {
                skipped.Add(new SkippedUser(row.Row, account.UserId, account.UserName, account.DisplayName));
                continue;
            }

            if (userName.Length > 0 && !RegisterUserHandler.IsValidUserName(userName))
                rowErrors.Add(Text.Error("userName.invalid",
                    $"Nama pengguna \"{Text.Clean(row.UserName)}\" tidak sah: 3–40 karakter, huruf kecil, angka, titik, garis bawah atau tanda hubung.",
                    "userName", row.UserName));
            else if (userName.Length > 0 && chosen.TryGetValue(userName, out var firstUser))
                rowErrors.Add(Text.Error("userName.duplicate", $"Nama pengguna \"{userName}\" sudah ada di baris {firstUser} daftar ini.", "userName", userName));
            else if (userName.Length > 0 && takenUserNames.Contains(userName))
                rowErrors.Add(Text.Error("user.name_taken", $"Nama pengguna \"{userName}\" sudah dipakai.", "userName", userName));
            else if (userName.Length > 0)
                chosen[userName] = row.Row;

            var nipKey = NipKey(nip);
            if (nipKey.Length > 0 && badNip is null)
            {
                if (seenNip.TryGetValue(nipKey, out var firstNip))
                    rowErrors.Add(Text.Error("nip.duplicate", $"NIP {nip} sudah ada di baris {firstNip} daftar ini.", "nip", nip));
                else if (existingByNip.GetValueOrDefault(nipKey) is { } holder)
                    rowErrors.Add(Text.Error("nip.taken", $"NIP {nip} sudah dipakai oleh {holder.DisplayName} (nama pengguna {holder.UserName}).", "nip", nip));
                else
                    seenNip[nipKey] = row.Row;
            }

            if (badName is null)
            {
                // Namesakes are told apart by NIP: the same name twice with two different NIPs is two people.
                var key = NameKey(name);
                bool Same(string? otherNip) => nipKey.Length == 0 || NipKey(otherNip).Length == 0 || NipKey(otherNip) == nipKey;
                if (seenName.GetValueOrDefault(key)?.FirstOrDefault(s => Same(s.Nip)) is { Row: > 0 } earlier)
                    rowErrors.Add(Text.Error("displayName.duplicate",
                        $"Nama {name} sudah ada di baris {earlier.Row} daftar ini. Bila memang dua orang, isi NIP keduanya.", "displayName", name));
                // A row whose NIP is taken has its holder named already.
                else if (!rowErrors.Any(e => e.Code == "nip.taken") && existingByName.GetValueOrDefault(key)?.FirstOrDefault(u => Same(u.Nip)) is { } namesake)
                    // With the row's NIP given, only the account's missing NIP leaves them alike: a NIP typed here cannot tell them apart.
                    rowErrors.Add(Text.Error("displayName.taken", nipKey.Length == 0
                        ? $"Sudah ada pengguna bernama {namesake.DisplayName} (nama pengguna {namesake.UserName}). Bila memang orang lain, isi NIP-nya."
                        : $"Sudah ada pengguna bernama {namesake.DisplayName} (nama pengguna {namesake.UserName}) tanpa NIP, jadi tidak dapat dibedakan. " +
                          "Bila orang yang sama, hapus baris ini; bila orang lain, hapus baris ini lalu buat akunnya di Tambah pengguna (halaman Pengguna).",
                        "displayName", name));
                if (!seenName.TryGetValue(key, out var same))
                    seenName[key] = same = [];
                same.Add((row.Row, nipKey));
                if (userName.Length == 0 && UserNameBase(name).Length == 0)
                    rowErrors.Add(Text.Error("userName.cannot_generate",
                        "Nama pengguna tidak dapat dibuat dari nama ini (tidak ada huruf latin). Isi kolom Nama pengguna.", "userName"));
            }

            errors.AddRange(rowErrors.Select(e => e.AtRow(row.Row)));
            if (rowErrors.Count == 0)
                planned.Add((row, name, nip, userName.Length > 0 ? userName : null));
        }
        if (errors.Count > 0)
            return Rejected(OutcomeStatus.Invalid, [.. errors]);

        // Made after every typed name is known, so a generated name never takes one a later row asks for.
        var used = new HashSet<string>(takenUserNames);
        used.UnionWith(chosen.Keys);
        var school = c.By.SchoolId;
        var users = new List<RegisteredUser>();
        var streams = new List<StreamEvents>();
        foreach (var (row, name, nip, typed) in planned)
        {
            var userName = typed ?? Unused(UserNameBase(name), used);
            used.Add(userName);
            users.Add(new RegisteredUser(row.Row, row.UserId, userName, name, nip));
            List<object> events =
            [
                new UserRegistered(row.UserId, school, userName, name, nip),
                new TemporaryPasswordIssued(row.PasswordHash),
            ];
            if (teacher is not null)
                events.Add(new RoleGranted(teacher));
            streams.Add(new StreamEvents(StreamKeys.User(school, row.UserId), typeof(UserAccount), true, events));
        }
        return new RegisterUsersPlan(MultiDecision.Append(users.Count, streams), users, skipped);
    }

    /// <summary>The account of the teacher a row names, when it has one: same name (<see cref="NameKey"/>), and the row's user name
    /// and NIP, where given, are that account's. A user name or NIP of an account whose other details differ is another person's:
    /// the row is then refused as taken. <paramref name="byName"/>: the school's accounts by their <see cref="NameKey"/>.</summary>
    private static UserRegistered? AccountOf(Dictionary<string, List<UserRegistered>> byName, string name, string? nip, string userName) =>
        byName.GetValueOrDefault(NameKey(name))?.FirstOrDefault(u =>
            (userName.Length == 0 || u.UserName == userName) && (NipKey(nip).Length == 0 || NipKey(u.Nip) == NipKey(nip)));

    private static RegisterUsersPlan Rejected(OutcomeStatus status, params IReadOnlyList<DomainError> errors) =>
        new(MultiDecision.Reject(status, errors), [], []);

    /// <summary>Titles written before a name ("Drs. H. Ahmad"); degrees come after it, mostly behind a comma.</summary>
    private static readonly HashSet<string> TitlesBefore = ["prof", "dr", "drs", "dra", "ir", "h", "hj", "kh", "ust", "ustadz", "ustadzah"];

    /// <summary>The words of a name without titles and degrees, in lowercase ASCII: "Dra. Hj. Siti Aminah, S.Pd., M.Pd." is
    /// siti, aminah; "Nur'aini" is nuraini; "Ketut Budiarsa S.Kom" is ketut, budiarsa.</summary>
    public static IReadOnlyList<string> NameWords(string? name)
    {
        var words = (name ?? "").Split(',')[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && TitlesBefore.Contains(words[0].Replace(".", "").ToLowerInvariant()))
            words.RemoveAt(0);
        // A degree written without its comma: letters, a dot, more letters (S.Pd, M.Pd., S.Kom), after the first word.
        while (words.Count > 1 && IsDegree(words[^1]))
            words.RemoveAt(words.Count - 1);
        return [.. words.Select(Ascii).Where(w => w.Length > 0)];
    }

    private static bool IsDegree(string word)
    {
        var dot = word.IndexOf('.');
        return dot > 0 && dot < word.Length - 1 && char.IsLetter(word[dot + 1]);
    }

    /// <summary>Lowercase letters and digits only, accents dropped (é is e), everything else (apostrophes, hyphens, dots) left out.</summary>
    private static string Ascii(string word)
    {
        var text = new StringBuilder();
        foreach (var ch in word.Normalize(NormalizationForm.FormD))
            if (char.IsAsciiLetterOrDigit(ch))
                text.Append(char.ToLowerInvariant(ch));
        return text.ToString();
    }

    /// <summary>How names are compared for duplicates: the same words, whatever the titles, capitals and accents.</summary>
    public static string NameKey(string? name) => string.Join(' ', NameWords(name));

    private static string NipKey(string? nip) => string.Concat((nip ?? "").Where(char.IsAsciiDigit));

    private const int MaxBaseLength = 30;

    /// <summary>"siti.aminah": the name's words joined by dots; a long name loses its last words (never the first), leaving
    /// room for a number.</summary>
    public static string UserNameBase(string? name)
    {
        var words = NameWords(name).ToList();
        while (words.Count > 1 && string.Join('.', words).Length > MaxBaseLength)
            words.RemoveAt(words.Count - 1);
        var joined = string.Join('.', words);
        return joined.Length > MaxBaseLength ? joined[..MaxBaseLength] : joined;
    }

    /// <summary><paramref name="baseName"/> itself, else with the first number from 2 that makes it free and valid.</summary>
    private static string Unused(string baseName, HashSet<string> used)
    {
        if (RegisterUserHandler.IsValidUserName(baseName) && !used.Contains(baseName))
            return baseName;
        for (var n = 2; ; n++)
            if ($"{baseName}{n}" is var candidate && RegisterUserHandler.IsValidUserName(candidate) && !used.Contains(candidate))
                return candidate;
    }

    /// <summary>What the decision reads. (Not named Load*: Wolverine would take that for handler middleware.)</summary>
    public static async Task<(Term? Term, IReadOnlyList<UserRegistered> Registered, IReadOnlySet<string> TakenUserNames)> StateAsync(
        IQuerySession session, string schoolId, Guid? termId, CancellationToken ct)
    {
        var term = termId is { } id ? await session.LoadAsync<Term>(StreamKeys.Term(schoolId, id), ct) : null;
        // NIPs live on the registrations only; no command changes a name or NIP after it.
        var registered = await session.Events.QueryRawEventDataOnly<UserRegistered>().Where(e => e.SchoolId == schoolId).ToListAsync(ct);
        var taken = await session.Query<UserAccount>().Select(u => u.UserName).ToListAsync(ct);
        return (term, registered, taken.ToHashSet());
    }

    public static async Task<RegisterUsersOutcome> Handle(RegisterUsers c, IDocumentSession session, CancellationToken ct)
    {
        RegisterUsersPlan? plan = null;
        // The school's master-data lock: two lists sent at once cannot both take the same generated name or NIP.
        var outcome = await MasterData.ExecuteMany(session, c, $"{c.By.SchoolId}/users/{c.CommandId:N}", async by =>
        {
            var (term, registered, taken) = await StateAsync(session, c.By.SchoolId, c.TermId, ct);
            plan = Decide(by, term, registered, taken, c);
            return plan.Decision;
        }, ct);
        var planned = outcome.IsAccepted && plan is { Decision.IsAccepted: true };
        return new RegisterUsersOutcome(outcome, planned ? plan!.Users : [], planned ? plan!.Skipped : []);
    }
}
