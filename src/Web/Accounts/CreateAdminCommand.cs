using ERaport.Write.Accounts;
using JasperFx;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Identity;

namespace ERaport.Web.Accounts;

public sealed class CreateAdminInput : NetCoreInput
{
    [Description("The school id (the first part of every stream key), e.g. sman1-sukamaju; default: School:Id (SCHOOL_ID in .env)")]
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
        if (string.IsNullOrWhiteSpace(input.UserNameFlag))
        {
            Console.Error.WriteLine("Usage: create-admin --username <user name> [--school <school id>] [--name \"Full name\"]");
            return false;
        }
        using var host = input.BuildHost();
        // In the container School__Id is set already (SCHOOL_ID in .env): the operator need not look it up.
        var school = (string.IsNullOrWhiteSpace(input.SchoolFlag) ? host.Services.GetRequiredService<IConfiguration>()[FirstAdmin.SchoolKey] : input.SchoolFlag)?.Trim();
        if (string.IsNullOrEmpty(school))
        {
            Console.Error.WriteLine("No school: give --school <school id>, or set School:Id (SCHOOL_ID in .env).");
            return false;
        }
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        var (outcome, password) = await FirstAdmin.CreateAsync(store, host.Services.GetRequiredService<IPasswordHasher<UserAccount>>(),
            school, input.UserNameFlag, input.DisplayNameFlag, CancellationToken.None);
        if (!outcome.IsAccepted)
        {
            foreach (var error in outcome.Errors)
                Console.Error.WriteLine($"{error.Code}: {error.Message}");
            // Usually someone locked out who tried the lost admin's own name: the way back in is a second admin.
            if (outcome.Errors.Any(e => e.Code == "user.name_taken"))
                Console.Error.WriteLine("That account exists. To get back in when its password is lost, create an admin with another user name, " +
                    "e.g. create-admin --username admin2, sign in with it and reset the old account's password on Pengguna (or disable it).");
            return false;
        }
        Console.WriteLine(FirstAdmin.Banner(school, input.UserNameFlag.Trim().ToLowerInvariant(), password));
        return true;
    }
}
