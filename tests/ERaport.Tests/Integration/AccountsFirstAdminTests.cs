using System.Diagnostics;
using System.Text.RegularExpressions;
using Alba;
using ERaport.Web.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ERaport.Tests.Integration;

/// <summary>No default password anywhere: the first admin comes from first start (with School:Id configured)
/// or from the create-admin command, each with a one-time password shown once. Each test has an empty
/// event store of its own (no test school).</summary>
public sealed partial class AccountsFirstAdminTests : IAsyncLifetime
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..16];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eraport-tests", Guid.NewGuid().ToString("N"));

    [GeneratedRegex(@"one-time password:\s+(\S+)")]
    private static partial Regex OneTimePassword();

    private sealed class CapturedOutput : IOneTimePasswordOutput
    {
        public List<string> Shown { get; } = [];
        public void Show(string text) => Shown.Add(text);
    }

    private async Task<IAlbaHost> StartAsync(CapturedOutput output, string? schoolId) =>
        await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:EventStore", AppFixture.ConnectionString);
            b.UseSetting("EventStore:Schema", _schema);
            b.UseSetting("ReadModel:Path", Path.Combine(_directory, "readmodel.db"));
            if (schoolId is not null)
                b.UseSetting(FirstAdmin.SchoolKey, schoolId);
            b.ConfigureTestServices(s => s.AddSingleton<IOneTimePasswordOutput>(output));
        });

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(AppFixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop schema if exists {_schema} cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Signs in with the one-time password, is held to the password change, changes it and is an admin.</summary>
    private static async Task ExpectAdminWithOneTimePasswordAsync(IAlbaHost host, string userName, string password)
    {
        var admin = await TestBrowser.SignInAsync(host, userName, password);
        await admin.SendAsync(s =>
        {
            s.Get.Url("/api/users");
            s.StatusCodeShouldBe(403);
        });
        // The first admin's password came from the server, not from "the school's admin" (that is them).
        (await admin.GetPageAsync("/akun/sandi")).QuerySelector(".alert.warning")!.TextContent.ShouldNotContain("admin sekolah");
        await admin.SendAsync(s =>
        {
            s.Post.Json(new { commandId = Guid.NewGuid(), currentPassword = password, newPassword = AccountsApiTests.NewPassword })
                .ToUrl("/api/account/password");
            s.StatusCodeShouldBe(200);
        });
        await admin.SendAsync(s => s.Get.Url("/api/users"));
    }

    [Fact]
    public async Task the_first_start_creates_an_admin_with_a_one_time_password_shown_once()
    {
        var first = new CapturedOutput();
        await using (var host = await StartAsync(first, "sma-baru"))
        {
            var password = OneTimePassword().Match(first.Shown.ShouldHaveSingleItem()).Groups[1].Value;
            password.Length.ShouldBeGreaterThanOrEqualTo(12);
            await ExpectAdminWithOneTimePasswordAsync(host, FirstAdmin.UserName, password);
        }

        var second = new CapturedOutput();
        await using (await StartAsync(second, "sma-baru"))
            second.Shown.ShouldBeEmpty("the school has an admin now: nothing is created or printed again");
    }

    [Fact]
    public async Task without_a_configured_school_no_account_is_created()
    {
        var output = new CapturedOutput();
        await using var host = await StartAsync(output, null);

        output.Shown.ShouldBeEmpty();
        await new TestBrowser(host).SendAsync(s =>
        {
            s.Post.Json(new { userName = "admin", password = "admin" }).ToUrl("/api/session");
            s.StatusCodeShouldBe(401);
        });
    }

    /// <summary>A school id is the first part of every stream key, up to the first "/": "dinas/sman1" made keys that read as
    /// another shape (a user's key as a report card's), which the id.taken check skips and the event chain cannot parse.</summary>
    [Theory]
    [InlineData("dinas/sman1")]
    [InlineData("sman 1")]
    public async Task a_school_id_with_a_slash_or_a_space_is_refused_before_any_account_is_made(string schoolId)
    {
        await using var host = await StartAsync(new CapturedOutput(), null);
        var store = host.Services.GetRequiredService<Marten.IDocumentStore>();

        var (outcome, _) = await FirstAdmin.CreateAsync(store, host.Services.GetRequiredService<Microsoft.AspNetCore.Identity.IPasswordHasher<ERaport.Write.Accounts.UserAccount>>(),
            schoolId, "admin", "Admin sekolah", CancellationToken.None);

        outcome.Errors.Single().Code.ShouldBe("school.id_invalid");
        await using var query = store.QuerySession();
        (await Marten.QueryableExtensions.CountAsync(query.Query<ERaport.Write.Accounts.UserAccount>())).ShouldBe(0);
    }

    [Fact]
    public async Task the_create_admin_command_prints_a_one_time_password_that_signs_in_once()
    {
        var (exitCode, stdout, stderr) = await RunAppAsync("create-admin", "--school", "sma-cli", "--username", "kepala.tu", "--name", "Kepala TU");

        exitCode.ShouldBe(0, stderr + stdout);
        var password = OneTimePassword().Match(stdout).Groups[1].Value;
        password.ShouldNotBeNullOrEmpty(stdout);
        await using var host = await StartAsync(new CapturedOutput(), null);
        await ExpectAdminWithOneTimePasswordAsync(host, "kepala.tu", password);

        var (again, _, error) = await RunAppAsync("create-admin", "--school", "sma-cli", "--username", "kepala.tu");
        again.ShouldNotBe(0);
        error.ShouldContain("user.name_taken");
    }

    /// <summary>On the server the container knows its school already (School__Id from .env): an operator whose every admin has lost
    /// the password runs <c>docker compose run --rm web create-admin --username NAME</c> without looking the id up, and the name
    /// already taken (the lost "admin") says how to get back in instead of only that it is taken.</summary>
    [Fact]
    public async Task the_create_admin_command_takes_the_configured_school_and_a_taken_name_says_how_to_get_back_in()
    {
        var (exitCode, stdout, stderr) = await RunAppInSchoolAsync("sma-env", "create-admin", "--username", "admin");

        exitCode.ShouldBe(0, stderr + stdout);
        stdout.ShouldContain("for school sma-env");
        var password = OneTimePassword().Match(stdout).Groups[1].Value;
        await using (var host = await StartAsync(new CapturedOutput(), "sma-env"))
            await ExpectAdminWithOneTimePasswordAsync(host, "admin", password);

        var (again, _, error) = await RunAppInSchoolAsync("sma-env", "create-admin", "--username", "admin");
        again.ShouldNotBe(0);
        error.ShouldContain("user.name_taken");
        error.ShouldContain("create-admin --username admin2");
    }

    /// <summary>Runs the built ERaport.Web.dll with arguments, as an operator would, on this test's schema.</summary>
    private Task<(int ExitCode, string Stdout, string Stderr)> RunAppAsync(params string[] args) => RunCommandAsync(null, args);

    /// <summary><see cref="RunAppAsync(string[])"/> with School__Id set to <paramref name="configuredSchool"/>, as the compose file sets it.</summary>
    private Task<(int ExitCode, string Stdout, string Stderr)> RunAppInSchoolAsync(string configuredSchool, params string[] args) =>
        RunCommandAsync(configuredSchool, args);

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunCommandAsync(string? configuredSchool, string[] args)
    {
        var (web, dll) = AppProcess.Built();
        var start = new ProcessStartInfo(AppProcess.Dotnet)
        {
            WorkingDirectory = web,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__EventStore"] = AppFixture.ConnectionString;
        start.Environment["EventStore__Schema"] = _schema;
        start.Environment["ReadModel__Path"] = Path.Combine(_directory, "cli-readmodel.db");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (configuredSchool is not null)
            start.Environment["School__Id"] = configuredSchool;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
