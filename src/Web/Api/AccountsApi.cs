using ERaport.Read.Accounts;
using ERaport.Read.ReadModel;
using ERaport.Web.Accounts;
using ERaport.Web.Hosting;
using ERaport.Write.Accounts;
using ERaport.Write.Common;

namespace ERaport.Web.Api;

public sealed record CreateUserRequest(Guid CommandId, string? UserName, string? DisplayName, string? Nip);

/// <summary>One teacher of <see cref="CreateUsersRequest"/>; an empty user name is made from the name ("siti.aminah").</summary>
public sealed record NewUserRequest(string? DisplayName, string? Nip, string? UserName);

/// <summary>Many teachers at once, all or none; rows of teachers who have an account already are skipped. With
/// <see cref="TermId"/> each new account gets the teacher role (guru) of that term.</summary>
public sealed record CreateUsersRequest(Guid CommandId, Guid? TermId, IReadOnlyList<NewUserRequest>? Users);

/// <summary>One created account; <see cref="Row"/> is its place (from 1) in the request's list.</summary>
public sealed record OneTimePasswordRow(int Row, Guid UserId, string UserName, string DisplayName, string OneTimePassword);

/// <summary>Every created account with its one-time password (in this answer only, never again), and the rows skipped.</summary>
/// <summary>A row left out because its teacher has an account already (the account named here); <see cref="Code"/> is
/// user.already_registered.</summary>
public sealed record SkippedRow(int Row, Guid UserId, string UserName, string DisplayName, string Code);

public sealed record UsersCreated(long Sequence, IReadOnlyList<OneTimePasswordRow> Users, IReadOnlyList<SkippedRow> Skipped);

/// <summary><see cref="Role"/>: Admin, Principal (kepala sekolah), HomeroomTeacher (wali kelas, with a class)
/// or Teacher (guru); every role but Admin needs a term.</summary>
public sealed record RoleRequest(Guid CommandId, string? Role, Guid? TermId, Guid? ClassId);

public sealed record DisableUserRequest(Guid CommandId, string? Reason);

public sealed record CommandRequest(Guid CommandId);

public sealed record ChangePasswordRequest(Guid CommandId, string? CurrentPassword, string? NewPassword);

/// <summary>A new account or a reset: the one-time password is in this answer only, never again.</summary>
public sealed record OneTimePasswordIssued(Guid UserId, string UserName, string OneTimePassword, long Sequence);

public sealed record ApiRole(string Role, Guid? TermId, string? SchoolYear, int? Semester, Guid? ClassId, string? ClassName);

public sealed record ApiUser(
    Guid UserId, string UserName, string DisplayName, string? Nip, bool Disabled, bool OneTimePassword, DateTimeOffset? LockedUntil,
    IReadOnlyList<ApiRole> Roles);

public sealed record ApiAccountChange(
    long Sequence, string Kind, ApiRole? Role, string? Detail, DateTimeOffset? Until, string ChangedBy, string ChangedByName,
    DateTimeOffset ChangedAt, string Source);

public sealed record ApiUserDetail(ApiUser User, IReadOnlyList<ApiAccountChange> History);

/// <summary>Users and roles for the school's admin; every action is also refused by the decisions to anyone
/// whose account is not an active admin. And a signed-in user's own password change.</summary>
public static class AccountsApi
{
    public static void MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/users").RequireAuthorization(p => p.RequireRole(nameof(Role.Admin)))
            .WithTags("Pengguna").DisableAntiforgery();

        users.MapGet("/", async (HttpContext http, ReadModelStore readModel, ReadConsistency consistency, CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                return (await UserAdminQuery.ListAsync(db, http.User.SchoolId(), ct)).Select(ToApi).ToList();
            })
            .Produces<List<ApiUser>>().WithSummary("Pengguna sekolah ini dengan peran dan statusnya.");

        users.MapGet("/{userId:guid}", async (Guid userId, HttpContext http, ReadModelStore readModel, ReadConsistency consistency,
                CancellationToken ct) =>
            {
                await consistency.WaitAsync(ct);
                await using var db = readModel.CreateDbContext();
                var detail = await UserAdminQuery.DetailAsync(db, http.User.SchoolId(), userId, ct);
                return detail is null
                    ? Problems.Single(StatusCodes.Status404NotFound, "user.not_found", "Pengguna tidak ditemukan.")
                    : Results.Ok(new ApiUserDetail(ToApi(detail.User), detail.History.Select(ToApi).ToList()));
            })
            .Produces<ApiUserDetail>().ProducesProblem(404).WithSummary("Satu pengguna dengan riwayat perubahan akunnya: apa, kapan, oleh siapa.");

        users.MapPost("/", async (HttpContext http, AccountCommands accounts, CancellationToken ct) =>
            {
                var (request, problem) = await JsonBody.ReadAsync<CreateUserRequest>(http.Request, ct);
                if (problem is not null)
                    return problem;
                var (answer, userId) = await accounts.RegisterAsync(http.User, request!.CommandId, request.UserName, request.DisplayName, request.Nip,
                    EntrySource.Api, ct);
                return answer.IsAccepted
                    ? Results.Ok(new OneTimePasswordIssued(userId, request.UserName!.Trim().ToLowerInvariant(), answer.OneTimePassword!, answer.Outcome.Sequence))
                    : Problems.From(answer.Outcome);
            })
            .Accepts<CreateUserRequest>("application/json").Produces<OneTimePasswordIssued>()
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Buat pengguna. Jawaban memuat kata sandi sekali pakai (hanya sekali); pengguna wajib menggantinya saat pertama masuk.");

        users.MapPost("/bulk", async (HttpContext http, AccountCommands accounts, CancellationToken ct) =>
            {
                var (request, problem) = await JsonBody.ReadAsync<CreateUsersRequest>(http.Request, ct);
                if (problem is not null)
                    return problem;
                var rows = (request!.Users ?? []).Select((u, i) => new PastedUser(i + 1, u?.DisplayName, u?.Nip, u?.UserName)).ToList();
                var (outcome, created, skipped) = await accounts.RegisterManyAsync(http.User, request.CommandId, request.TermId, rows, EntrySource.Api, ct);
                if (!outcome.IsAccepted)
                    return RowsRefused(outcome);
                await accounts.WaitForAsync(outcome, ct);
                return Results.Ok(new UsersCreated(outcome.Sequence,
                    [.. created.Select(a => new OneTimePasswordRow(a.Row, a.UserId, a.UserName, a.DisplayName, a.OneTimePassword))],
                    [.. skipped.Select(u => new SkippedRow(u.Row, u.UserId, u.UserName, u.DisplayName, RegisterUsersHandler.AlreadyRegistered))]));
            })
            .Accepts<CreateUsersRequest>("application/json").Produces<UsersCreated>()
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary($"Buat banyak guru sekaligus (paling banyak {RegisterUsersHandler.MaxRows}), semua atau tidak sama sekali. Nama pengguna kosong " +
                "dibuat dari nama. Setiap baris yang salah disebut dalam errors (details.row, code); kode masalahnya users.row_invalid. " +
                "Baris guru yang sudah punya akun (nama pengguna, NIP atau nama yang sama, tanpa data lain yang berbeda) dilewati dan disebut " +
                $"dalam skipped (code {RegisterUsersHandler.AlreadyRegistered}); nama pengguna atau NIP milik orang lain tetap menolak seluruh daftar. " +
                "Jawaban memuat kata sandi sekali pakai setiap guru baru (hanya sekali).");

        users.MapPost("/{userId:guid}/roles", (Guid userId, HttpContext http, AccountCommands accounts, CancellationToken ct) =>
                RoleCommand(http, ct, (request, grant) => accounts.GrantAsync(http.User, request.CommandId, userId, grant, EntrySource.Api, ct)))
            .Accepts<RoleRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(409).WithSummary("Beri peran: Admin, Principal (kepala sekolah), HomeroomTeacher (wali kelas) atau Teacher (guru), per semester.");

        users.MapPost("/{userId:guid}/roles/revoke", (Guid userId, HttpContext http, AccountCommands accounts, CancellationToken ct) =>
                RoleCommand(http, ct, (request, grant) => accounts.RevokeAsync(http.User, request.CommandId, userId, grant, EntrySource.Api, ct)))
            .Accepts<RoleRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .ProducesProblem(409).WithSummary("Cabut peran. Admin aktif terakhir tidak dapat dicabut, begitu pula peran guru di semester yang buku nilainya " +
                "masih diampu guru itu (409 role.teacher_has_gradebooks: serahkan dulu buku nilainya).");

        users.MapPost("/{userId:guid}/disable", async (Guid userId, HttpContext http, AccountCommands accounts, CancellationToken ct) =>
            {
                var (request, problem) = await JsonBody.ReadAsync<DisableUserRequest>(http.Request, ct);
                return problem ?? Answer(await accounts.DisableAsync(http.User, request!.CommandId, userId, request.Reason, EntrySource.Api, ct));
            })
            .Accepts<DisableUserRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Nonaktifkan pengguna: tidak dapat masuk lagi dan sesinya berakhir.");

        users.MapPost("/{userId:guid}/enable", (Guid userId, HttpContext http, AccountCommands accounts, CancellationToken ct) =>
                Simple(http, ct, request => accounts.EnableAsync(http.User, request.CommandId, userId, EntrySource.Api, ct)))
            .Accepts<CommandRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Aktifkan kembali pengguna.");

        users.MapPost("/{userId:guid}/unlock", (Guid userId, HttpContext http, AccountCommands accounts, CancellationToken ct) =>
                Simple(http, ct, request => accounts.UnlockAsync(http.User, request.CommandId, userId, EntrySource.Api, ct)))
            .Accepts<CommandRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Buka kunci akun yang terkunci karena terlalu banyak percobaan masuk gagal.");

        users.MapPost("/{userId:guid}/password-reset", async (Guid userId, HttpContext http, AccountCommands accounts, ReadModelStore readModel,
                CancellationToken ct) =>
            {
                var (request, problem) = await JsonBody.ReadAsync<CommandRequest>(http.Request, ct);
                if (problem is not null)
                    return problem;
                var answer = await accounts.ResetPasswordAsync(http.User, request!.CommandId, userId, EntrySource.Api, ct);
                if (!answer.IsAccepted)
                    return Problems.From(answer.Outcome);
                await accounts.WaitForAsync(answer.Outcome, ct);
                await using var db = readModel.CreateDbContext();
                var user = await UserAdminQuery.DetailAsync(db, http.User.SchoolId(), userId, ct);
                return Results.Ok(new OneTimePasswordIssued(userId, user?.User.UserName ?? "", answer.OneTimePassword!, answer.Outcome.Sequence));
            })
            .Accepts<CommandRequest>("application/json").Produces<OneTimePasswordIssued>().ProducesProblem(403).ProducesProblem(404).ProducesProblem(409)
            .WithSummary("Setel ulang kata sandi: kata sandi sekali pakai baru (hanya sekali di jawaban ini); sesi pengguna berakhir.");

        app.MapPost("/api/account/password", async (HttpContext http, AccountCommands accounts, CancellationToken ct) =>
            {
                var (request, problem) = await JsonBody.ReadAsync<ChangePasswordRequest>(http.Request, ct);
                if (problem is not null)
                    return problem;
                var answer = await accounts.ChangeOwnPasswordAsync(http, request!.CommandId, request.CurrentPassword, request.NewPassword, EntrySource.Api, ct);
                return Answer(answer);
            })
            .RequireAuthorization().DisableAntiforgery().WithTags("Sesi")
            .Accepts<ChangePasswordRequest>("application/json").Produces<CommandAccepted>().ProducesProblem(400).ProducesProblem(403).ProducesProblem(409)
            .WithSummary("Ganti kata sandi sendiri: kata sandi saat ini dan yang baru (minimal 8 karakter, bukan kata sandi umum). Sesi lain berakhir; sesi ini mendapat cookie baru. " +
                "Dikirim lagi dengan commandId yang sama: jawaban pertama bila kata sandi barunya sama, 409 command.id_reused bila lain.");
    }

    private static async Task<IResult> RoleCommand(HttpContext http, CancellationToken ct, Func<RoleRequest, RoleGrant, Task<AccountAnswer>> send)
    {
        var (request, problem) = await JsonBody.ReadAsync<RoleRequest>(http.Request, ct);
        if (problem is not null)
            return problem;
        if (ParseRole(request!.Role) is not { } role)
            return Problems.Single(StatusCodes.Status400BadRequest, "role.unknown",
                "Peran tidak dikenal. Pilih Admin, Principal, HomeroomTeacher atau Teacher.");
        return Answer(await send(request, new RoleGrant(role, request.TermId, request.ClassId)));
    }

    /// <summary>A list refused for its rows answers with one code for the whole and every row's own error.</summary>
    private static IResult RowsRefused(CommandOutcome outcome)
    {
        var rows = outcome.Errors.Select(e => e.Details?.GetValueOrDefault("row")).OfType<int>().Distinct().Count();
        if (rows == 0)
            return Problems.From(outcome);
        var status = Problems.StatusOf(outcome.Status);
        return Results.Json(new ApiProblem(UsersRowInvalid, $"{rows} baris ditolak; tidak ada pengguna yang dibuat. Perbaiki baris-baris itu lalu kirim lagi.",
            status, outcome.Errors), statusCode: status, contentType: Problems.ContentType);
    }

    public const string UsersRowInvalid = "users.row_invalid";

    private static async Task<IResult> Simple(HttpContext http, CancellationToken ct, Func<CommandRequest, Task<AccountAnswer>> send)
    {
        var (request, problem) = await JsonBody.ReadAsync<CommandRequest>(http.Request, ct);
        return problem ?? Answer(await send(request!));
    }

    public static Role? ParseRole(string? text) =>
        text is { Length: > 0 } && !char.IsAsciiDigit(text[0]) && Enum.TryParse<Role>(text.Trim(), ignoreCase: true, out var role) && Enum.IsDefined(role)
            ? role
            : null;

    private static IResult Answer(AccountAnswer answer) =>
        answer.IsAccepted ? Results.Ok(new CommandAccepted(answer.Outcome.Sequence, answer.Outcome.Changes)) : Problems.From(answer.Outcome);

    private static ApiRole ToApi(UserRoleItem r) => new(r.Role.ToString(), r.TermId, r.SchoolYear, r.Semester, r.ClassId, r.ClassName);

    private static ApiUser ToApi(UserListItem u) =>
        new(u.UserId, u.UserName, u.DisplayName, u.Nip, u.Disabled, u.OneTimePassword, u.LockedUntil, u.Roles.Select(ToApi).ToList());

    private static ApiAccountChange ToApi(AccountChange c) =>
        new(c.Sequence, c.Kind.ToString(), c.Role is null ? null : ToApi(c.Role), c.Detail, c.Until, c.ChangedBy, c.ChangedByName, c.ChangedAt, c.Source);
}
