using ERaport.Write.Accounts;
using JasperFx;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Identity;

namespace ERaport.Web.Accounts;

public sealed class CreateAdminInput : NetCoreInput
{
    [Description("The school id (the first part of every stream key), e.g. sman1-sukamaju")]
    [FlagAlias("school")]
    public string SchoolFlag { get; set; } = "";

    [Description("User name of the new admin: 3-40 lower-case letters, digits, '.', '_' or '-'")]
    [FlagAlias("username")]
    public string UserNameFlag { get; set; } = "";

    [Description("Full name shown in the app")]
    [FlagAlias("name")]
    public string DisplayNameFlag { get; set; } = "Admin sekolah";
}

/// <summary><c>dotnet ERaport.Web.dll create-admin --school ID --username NAME</c>: creates an admin with a
/// one-time password, printed once; the admin must choose a new password at first sign-in. Also the way
/// back in when every admin has lost their password.</summary>
[Description("Create an admin account with a one-time password (printed once)", Name = "create-admin")]
public sealed class CreateAdminCommand : JasperFxAsyncCommand<CreateAdminInput>
{
    public override async Task<bool> Execute(CreateAdminInput input)
    {
        if (string.IsNullOrWhiteSpace(input.SchoolFlag) || string.IsNullOrWhiteSpace(input.UserNameFlag))
        {
            Console.Error.WriteLine("Usage: create-admin --school <school id> --username <user name> [--name \"Full name\"]");
            return false;
        }
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var (outcome, password) = await FirstAdmin.CreateAsync(store, host.Services.GetRequiredService<IPasswordHasher<UserAccount>>(),
            input.SchoolFlag.Trim(), input.UserNameFlag, input.DisplayNameFlag, CancellationToken.None);
        if (!outcome.IsAccepted)
        {
            foreach (var error in outcome.Errors)
                Console.Error.WriteLine($"{error.Code}: {error.Message}");
            return false;
        }
        Console.WriteLine(FirstAdmin.Banner(input.SchoolFlag.Trim(), input.UserNameFlag.Trim().ToLowerInvariant(), password));
        return true;
    }
}
