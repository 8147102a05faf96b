using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;
using Microsoft.AspNetCore.Identity;

namespace ERaport.Web.Accounts;

/// <summary>Where a one-time password for a new admin is shown: the console, once. Tests read it here.</summary>
public interface IOneTimePasswordOutput
{
    void Show(string text);
}

public sealed class ConsoleOneTimePasswordOutput : IOneTimePasswordOutput
{
    public void Show(string text) => Console.WriteLine(text);
}

/// <summary>There is no default account or password. The first admin of a school comes from the
/// <c>create-admin</c> command, or, when <c>School:Id</c> is configured and the demo is off, on first start:
/// an account "admin" with a one-time password printed once, which must be changed at first sign-in.</summary>
public sealed class FirstAdmin(IDocumentStore store, IPasswordHasher<UserAccount> hasher, IConfiguration config,
    IOneTimePasswordOutput output, ILogger<FirstAdmin> logger) : IHostedLifecycleService
{
    public const string SchoolKey = "School:Id";
    public const string UserName = "admin";

    public async Task StartedAsync(CancellationToken ct)
    {
        if (config.GetValue<bool>("Demo:Seed") || config[SchoolKey] is not { Length: > 0 } schoolId)
            return;
        await using (var query = store.QuerySession())
        {
            var accounts = await query.Query<UserAccount>().Where(u => u.SchoolId == schoolId && !u.Disabled).ToListAsync(ct);
            if (accounts.Any(a => a.IsAdmin))
                return;
        }
        var (outcome, password) = await CreateAsync(store, hasher, schoolId, UserName, "Admin sekolah", ct);
        if (!outcome.IsAccepted)
        {
            logger.LogError("School {School} has no admin and '{UserName}' could not be created ({Errors}). Run: dotnet ERaport.Web.dll create-admin --school {School} --username <name>",
                schoolId, UserName, string.Join("; ", outcome.Errors.Select(e => e.Code)), schoolId);
            return;
        }
        output.Show(Banner(schoolId, UserName, password));
    }

    /// <summary>Registers an admin with a fresh one-time password as the system (no signed-in user), straight
    /// through the RegisterUser handler, so it also works from the command line where no message bus runs.</summary>
    public static async Task<(CommandOutcome Outcome, string Password)> CreateAsync(IDocumentStore store, IPasswordHasher<UserAccount> hasher,
        string schoolId, string userName, string displayName, CancellationToken ct)
    {
        // The school id is every stream key's first part, up to the first "/" (StreamKeys).
        if (schoolId.Length == 0 || schoolId.Any(c => c == '/' || char.IsWhiteSpace(c)))
            return (CommandOutcome.Rejected(OutcomeStatus.Invalid, new DomainError("school.id_invalid",
                $"Id sekolah \"{schoolId}\" tidak boleh kosong atau berisi \"/\" atau spasi; contoh: sman1-sukamaju.")), "");
        var password = AccountCommands.NewOneTimePassword();
        var command = new RegisterUser(Guid.NewGuid(), Guid.CreateVersion7(), userName.Trim().ToLowerInvariant(), displayName,
            null, hasher.HashPassword(new UserAccount(), password), [new RoleGrant(Role.Admin, null, null)],
            Acting.SystemActor(schoolId), EntrySource.Seed, OneTimePassword: true);
        await using var session = store.LightweightSession();
        try
        {
            return (await RegisterUserHandler.Handle(command, session, ct), password);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Another node may have created the same user name at the same moment (unique index).
            if (!await NameTakenAsync(store, command.UserName, ct))
                throw;
            return (CommandOutcome.Rejected(OutcomeStatus.Conflict, new DomainError("user.name_taken", $"Nama pengguna \"{command.UserName}\" sudah dipakai.")), "");
        }
    }

    private static async Task<bool> NameTakenAsync(IDocumentStore store, string userName, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.Query<UserAccount>().AnyAsync(u => u.UserName == userName, ct);
    }

    public static string Banner(string schoolId, string userName, string password) => $"""

        ==================================================================
         E-Raport: admin account created for school {schoolId}
           user name:          {userName}
           one-time password:  {password}
         Shown only this once. Sign in and choose a new password.
        ==================================================================

        """;

    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
