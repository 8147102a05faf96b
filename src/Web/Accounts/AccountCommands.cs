using System.Security.Claims;
using System.Security.Cryptography;
using ERaport.Read.ReadModel;
using ERaport.Web.Hosting;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;
using Microsoft.AspNetCore.Identity;
using Wolverine;

namespace ERaport.Web.Accounts;

/// <summary>An account command's answer; <see cref="OneTimePassword"/> is shown to the admin once and
/// stored nowhere in clear.</summary>
public sealed record AccountAnswer(CommandOutcome Outcome, string? OneTimePassword = null)
{
    public bool IsAccepted => Outcome.IsAccepted;

    public static AccountAnswer Refused(OutcomeStatus status, DomainError error) => new(CommandOutcome.Rejected(status, error));
}

/// <summary>An account made from a pasted list, with the one-time password shown once.</summary>
public sealed record IssuedAccount(int Row, Guid UserId, string UserName, string DisplayName, string? Nip, string OneTimePassword);

/// <summary>What the users page, the password page and the users API do: hash passwords (the write side
/// gets only hashes), make one-time passwords and send the account commands (the accounts' sessions follow through
/// <see cref="AccountSessions"/>). Authorization is the decisions' (they load the sender's account); the pages and the
/// API also require the admin role up front.</summary>
public sealed class AccountCommands(IMessageBus bus, IQuerySession session, IPasswordHasher<UserAccount> hasher,
    SignInRateLimit rateLimit, ReadConsistency consistency, ReadModelPosition readModel, TimeProvider clock)
{
    private const string OneTimeAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>12 characters from an alphabet without look-alikes (≈ 60 bits), in groups of four for dictating.</summary>
    public static string NewOneTimePassword()
    {
        var raw = RandomNumberGenerator.GetString(OneTimeAlphabet, 12);
        return $"{raw[..4]}-{raw[4..8]}-{raw[8..]}";
    }

    /// <summary>Whether <paramref name="typed"/> is the account's password. A one-time password still to be replaced also counts as
    /// read out over the phone or copied from paper: without its hyphens, with spaces, in capitals. A chosen password stays exact.</summary>
    public static bool PasswordMatches(IPasswordHasher<UserAccount> hasher, UserAccount account, string typed) =>
        hasher.VerifyHashedPassword(account, account.PasswordHash, typed) != PasswordVerificationResult.Failed
        || account.MustChangePassword && AsOneTimePassword(typed) is { } written && written != typed
            && hasher.VerifyHashedPassword(account, account.PasswordHash, written) != PasswordVerificationResult.Failed;

    /// <summary>The one-time password as <see cref="NewOneTimePassword"/> wrote it, or null when <paramref name="typed"/> cannot be one.</summary>
    private static string? AsOneTimePassword(string typed)
    {
        var raw = new string([.. typed.Where(c => c is not ('-' or ' ')).Select(char.ToLowerInvariant)]);
        return raw.Length == 12 && raw.All(OneTimeAlphabet.Contains) ? $"{raw[..4]}-{raw[4..8]}-{raw[8..]}" : null;
    }

    public async Task<(AccountAnswer Answer, Guid UserId)> RegisterAsync(ClaimsPrincipal admin, Guid commandId, string? userName, string? displayName,
        string? nip, EntrySource source, CancellationToken ct)
    {
        var userId = Guid.CreateVersion7();
        var command = new RegisterUser(commandId, userId, (userName ?? "").Trim().ToLowerInvariant(), displayName ?? "", nip, PasswordHash: "",
            [], admin.ToActor(), source, OneTimePassword: true);
        if (await AlreadyDoneAsync(command, ct) is { } done)
            return (done, Guid.Empty);
        var password = NewOneTimePassword();
        var outcome = await SendAsync(command with { PasswordHash = hasher.HashPassword(new UserAccount(), password) }, ct);
        if (outcome.Repeated)
            return (AlreadyDone, Guid.Empty);
        // The same form sent twice at once: the other send stored it (its user name came first), and only that answer holds
        // the password.
        if (!outcome.IsAccepted && await AlreadyDoneAsync(command, ct) is { } storedMeanwhile)
            return (storedMeanwhile, Guid.Empty);
        return (new AccountAnswer(outcome, outcome.IsAccepted ? password : null), userId);
    }

    /// <summary>Many teacher accounts from a pasted list, all or none; each row's one-time password is in this answer only. Rows
    /// whose teacher has an account already come back as skipped. <paramref name="termId"/>: the term whose teacher role they get,
    /// none when null. <paramref name="readProblems"/>: rows the list's reader could not read, refused together with what the
    /// decision finds in the others.</summary>
    public async Task<(CommandOutcome Outcome, IReadOnlyList<IssuedAccount> Accounts, IReadOnlyList<SkippedUser> Skipped)> RegisterManyAsync(
        ClaimsPrincipal admin, Guid commandId, Guid? termId, IReadOnlyList<PastedUser> rows, EntrySource source, CancellationToken ct,
        IReadOnlyList<DomainError>? readProblems = null)
    {
        var by = admin.ToActor();
        var command = new RegisterUsers(commandId, termId,
            [.. rows.Select(r => new NewUser(r.Row, Guid.CreateVersion7(), r.DisplayName, r.Nip, r.UserName, "-"))], by, source);
        // A dry run first: a refused list costs no hashing (each hash is deliberately slow, and a list may hold hundreds).
        var (term, registered, taken) = await RegisterUsersHandler.StateAsync(session, by.SchoolId, termId, ct);
        var dryRun = RegisterUsersHandler.Decide(await AccountRules.ActingAsync(session, by, ct), term, registered, taken, command);
        // Looked for after the dry run's reads: a double click's first send stored before them is found here, instead of its
        // accounts being taken for teachers who had theirs already.
        if (await AlreadyDoneAsync(command, ct) is { } done)
            return (done.Outcome, [], []);
        if (readProblems is { Count: > 0 })
            return (CommandOutcome.Rejected(OutcomeStatus.Invalid,
                [.. readProblems.Concat(dryRun.Decision.IsAccepted ? [] : dryRun.Decision.Errors).OrderBy(e => e.Details?.GetValueOrDefault("row") as int? ?? 0)]), [], []);
        if (!dryRun.Decision.IsAccepted)
            return (CommandOutcome.Rejected(dryRun.Decision.Status, dryRun.Decision.Errors), [], []);

        // Only the rows to be created are hashed: a staff list pasted again is mostly teachers who have their accounts (skipped, and
        // an account is never removed, so a row skipped here is skipped again by the command).
        var toCreate = dryRun.Users.Select(u => u.UserId).ToHashSet();
        var passwords = command.Users.Select(u => toCreate.Contains(u.UserId) ? NewOneTimePassword() : null).ToArray();
        var hashes = new string[passwords.Length];
        await Task.Run(() => Parallel.For(0, passwords.Length, new ParallelOptions { CancellationToken = ct },
            i => hashes[i] = passwords[i] is { } password ? hasher.HashPassword(new UserAccount(), password) : "-"), ct);
        var answer = await bus.InvokeAsync<RegisterUsersOutcome>(
            command with { Users = [.. command.Users.Select((u, i) => u with { PasswordHash = hashes[i] })] }, ct);
        if (!answer.Outcome.IsAccepted)
            return (answer.Outcome, [], []);
        consistency.Remember(answer.Outcome.Sequence);
        // Sent twice at once (a double click): the first request holds the passwords; this one cannot show others.
        if (answer.Outcome.Repeated)
            return (AlreadyDone.Outcome, [], []);
        var passwordOf = command.Users.Select((u, i) => (u.UserId, passwords[i])).ToDictionary();
        return (answer.Outcome,
            [.. answer.Users.Select(u => new IssuedAccount(u.Row, u.UserId, u.UserName, u.DisplayName, u.Nip, passwordOf[u.UserId]!))], answer.Skipped);
    }

    public async Task<AccountAnswer> ResetPasswordAsync(ClaimsPrincipal admin, Guid commandId, Guid userId, EntrySource source, CancellationToken ct)
    {
        var command = new ResetPassword(commandId, userId, TemporaryPasswordHash: "", admin.ToActor(), source);
        if (await AlreadyDoneAsync(command, ct) is { } done)
            return done;
        var password = NewOneTimePassword();
        var outcome = await SendAsync(command with { TemporaryPasswordHash = hasher.HashPassword(new UserAccount(), password) }, ct);
        return outcome.Repeated ? AlreadyDone : new AccountAnswer(outcome, outcome.IsAccepted ? password : null);
    }

    public async Task<AccountAnswer> GrantAsync(ClaimsPrincipal admin, Guid commandId, Guid userId, RoleGrant grant, EntrySource source, CancellationToken ct) =>
        new(await SendAsync(new GrantRole(commandId, userId, grant, admin.ToActor(), source), ct));

    public async Task<AccountAnswer> RevokeAsync(ClaimsPrincipal admin, Guid commandId, Guid userId, RoleGrant grant, EntrySource source, CancellationToken ct) =>
        new(await SendAsync(new RevokeRole(commandId, userId, grant, admin.ToActor(), source), ct));

    public async Task<AccountAnswer> DisableAsync(ClaimsPrincipal admin, Guid commandId, Guid userId, string? reason, EntrySource source, CancellationToken ct) =>
        new(await SendAsync(new DisableUser(commandId, userId, reason, admin.ToActor(), source), ct));

    public async Task<AccountAnswer> EnableAsync(ClaimsPrincipal admin, Guid commandId, Guid userId, EntrySource source, CancellationToken ct) =>
        new(await SendAsync(new EnableUser(commandId, userId, admin.ToActor(), source), ct));

    public async Task<AccountAnswer> UnlockAsync(ClaimsPrincipal admin, Guid commandId, Guid userId, EntrySource source, CancellationToken ct) =>
        new(await SendAsync(new UnlockUser(commandId, userId, admin.ToActor(), source), ct));

    /// <summary>The signed-in user replaces their password: the current one must be right (a wrong one counts
    /// towards the lockout, like a failed sign-in), the new one must pass <see cref="PasswordPolicy"/> and
    /// differ from the current. On success this session gets a new cookie; the user's other sessions end. Sent again under the id of
    /// a change carried out, it gets the first answer with the same new password only (<see cref="ResentChange"/>).</summary>
    public async Task<AccountAnswer> ChangeOwnPasswordAsync(HttpContext http, Guid commandId, string? currentPassword, string? newPassword,
        EntrySource source, CancellationToken ct)
    {
        var user = http.User;
        var account = await AccountRules.LoadAsync(session, user.SchoolId(), user.UserId(), ct);
        if (account is null)
            return AccountAnswer.Refused(OutcomeStatus.NotFound, AccountRules.UserNotFound);
        var client = http.Connection.RemoteIpAddress?.ToString();
        if ((await SignInThrottle.LoadAsync(session, account.UserName, client, ct)).Any(t => t.IsLockedOut(clock.GetUtcNow())))
            return AccountAnswer.Refused(OutcomeStatus.Forbidden, new DomainError("auth.locked_out",
                "Terlalu banyak percobaan dengan kata sandi yang salah. Coba lagi nanti atau minta admin sekolah membukanya."));
        // A wrong password counts towards the lockout, like a failed sign-in.
        async Task<AccountAnswer> WrongPasswordAsync(AccountAnswer refused)
        {
            rateLimit.RecordFailure(http);
            await bus.InvokeAsync<SignInLockout>(new RecordFailedSignIn(account.UserName, client, source), ct);
            return refused;
        }
        // Sent again under the id of a change carried out before (its answer lost, the form sent again): the current password it
        // carries is the one that change replaced, so it is not asked again; its new password is checked against what was stored below.
        var resent = commandId != Guid.Empty && await session.LoadAsync<CommandReceipt>(commandId, ct) is not null;
        if (!resent && (string.IsNullOrEmpty(currentPassword) || currentPassword.Length > 1000 || !PasswordMatches(hasher, account, currentPassword)))
            return await WrongPasswordAsync(AccountAnswer.Refused(OutcomeStatus.Invalid, new DomainError("password.current_wrong",
                "Kata sandi saat ini salah.", new Dictionary<string, object?> { ["field"] = "currentPassword" })));
        var school = await session.LoadAsync<SchoolProfile>(StreamKeys.School(account.SchoolId), ct);
        if (PasswordPolicy.Default.Check(newPassword, account.UserName, account.DisplayName, school?.Name) is { } weak)
            return AccountAnswer.Refused(OutcomeStatus.Invalid, weak);
        if (!resent && hasher.VerifyHashedPassword(account, account.PasswordHash, newPassword!) != PasswordVerificationResult.Failed)
            return AccountAnswer.Refused(OutcomeStatus.Invalid, new DomainError("password.unchanged",
                "Kata sandi baru harus berbeda dari kata sandi sekarang.", new Dictionary<string, object?> { ["field"] = "password" }));

        var outcome = await SendAsync(new ChangePassword(commandId, hasher.HashPassword(account, newPassword!), user.ToActor(), source), ct);
        if (outcome.Repeated)
        {
            outcome = ResentChange(hasher, outcome, await StoredAsync<PasswordChanged>(outcome.Sequence, ct), newPassword!);
            // Sent without the current password being checked, a new password other than the stored one is a guess at it.
            if (resent && outcome.IdSpent)
                return await WrongPasswordAsync(new AccountAnswer(outcome));
        }
        if (outcome.IsAccepted && await AccountRules.LoadAsync(session, account.SchoolId, account.UserId, ct) is { } changed)
            await SignIn.IssueCookieAsync(http, changed);
        return new AccountAnswer(outcome);
    }

    /// <summary>The answer to a password change answered from the receipt of one carried out before (<paramref name="repeated"/>): the
    /// first answer when <paramref name="typed"/> is the password that change stored (<paramref name="stored"/>), else <c>command.id_reused</c>.
    /// The command carries only a salted hash, made afresh for each send and so left out of its fingerprint: without this, the same id
    /// sent with another new password was told "changed" while the first one was stored, and the user locked out. The typed password
    /// is checked against the stored hash rather than a keyed digest of it put in the fingerprint: no new secret to keep, and no
    /// fast hash of the password in the receipt.</summary>
    public static CommandOutcome ResentChange(IPasswordHasher<UserAccount> hasher, CommandOutcome repeated, PasswordChanged? stored, string typed) =>
        stored is not null && hasher.VerifyHashedPassword(new UserAccount(), stored.PasswordHash, typed) != PasswordVerificationResult.Failed
            ? repeated
            : CommandOutcome.Rejected(OutcomeStatus.Conflict, CommandPipeline.IdReused);

    /// <summary>The event stored at <paramref name="sequence"/> when it is a <typeparamref name="T"/>.</summary>
    private async Task<T?> StoredAsync<T>(long sequence, CancellationToken ct) where T : class =>
        sequence > 0 && await session.Events.QueryAllRawEvents().Where(e => e.Sequence == sequence).FirstOrDefaultAsync(ct) is { Data: T data } ? data : null;

    /// <summary>Lets the next page of the same request show what a command changed (read-your-writes).</summary>
    public Task WaitForAsync(CommandOutcome outcome, CancellationToken ct) =>
        outcome.Sequence > 0 ? readModel.WaitForAsync(outcome.Sequence, ReadConsistency.MaxWait, ct) : Task.CompletedTask;

    private async Task<CommandOutcome> SendAsync(object command, CancellationToken ct)
    {
        var outcome = await bus.InvokeAsync<CommandOutcome>(command, ct);
        if (outcome.IsAccepted)
            consistency.Remember(outcome.Sequence);
        return outcome;
    }

    // A one-time password is shown once: a repeated command (double submit, retry) cannot show it again,
    // because the stored hash is of the first one. Looked for before the slow hashing; a send that passed this while the
    // first was still being stored is told by its outcome (Repeated). The id spent on another account is refused as the
    // pipeline refuses it: "already done" would tell the admin an account was made or reset that never was.
    private async Task<AccountAnswer?> AlreadyDoneAsync(ICommand command, CancellationToken ct) =>
        command.CommandId == Guid.Empty ? null : await session.LoadAsync<CommandReceipt>(command.CommandId, ct) switch
        {
            null => null,
            { Fingerprint: { } stored } when stored != CommandFingerprint.Of(command) => IdReused,
            _ => AlreadyDone,
        };

    private static readonly AccountAnswer IdReused = AccountAnswer.Refused(OutcomeStatus.Conflict, CommandPipeline.IdReused);

    public const string AlreadyDoneCode = "command.already_done";

    private static readonly AccountAnswer AlreadyDone = AccountAnswer.Refused(OutcomeStatus.Conflict, new DomainError(AlreadyDoneCode,
        "Perintah ini sudah dijalankan. Kata sandi sekali pakai hanya ditampilkan sekali; setel ulang kata sandi bila perlu."));
}
