using System.Security.Claims;
using ERaport.Read.Audit;
using ERaport.Web.Accounts;
using Npgsql;

namespace ERaport.Web.Operations;

/// <summary>Tamper evidence: the event chain, its key (kept outside the database), verification and checkpoints.</summary>
public static class AuditSetup
{
    public static IServiceCollection AddERaportEventChain(this IServiceCollection services, IConfiguration config, string connectionString,
        string schema, string readModelPath)
    {
        var keyFile = config["Audit:ChainKeyFile"] ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(readModelPath))!, "event-chain.key");
        services.AddSingleton(_ => new EventChain(NpgsqlDataSource.Create(connectionString), schema, LoadKey(config["Audit:ChainKey"], keyFile)));
        return services;
    }

    /// <summary>The key from configuration (production: a secret), else a key file created once next to the
    /// read model. Losing it makes old links unverifiable: back it up with the Data Protection keys.</summary>
    private static byte[] LoadKey(string? configured, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return Convert.TryFromBase64String(configured, new byte[configured.Length], out _)
                ? Convert.FromBase64String(configured)
                : throw new InvalidOperationException("Audit:ChainKey must be base64, e.g. the output of: openssl rand -base64 32");
        if (!File.Exists(keyFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
            File.WriteAllText(keyFile, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return Convert.FromBase64String(File.ReadAllText(keyFile).Trim());
    }

    public static void MapERaportEventChain(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/operations/integrity").RequireAuthorization(OperationsSetup.AdminPolicy).WithTags("Operasi").DisableAntiforgery();
        api.MapGet("/", (EventChain chain, CancellationToken ct) => chain.VerifyAsync(null, ct))
            .WithSummary("Periksa ulang seluruh log event terhadap rantai hash dan checkpoint.");
        api.MapGet("/checkpoints", (EventChain chain, CancellationToken ct) => chain.CheckpointsAsync(ct));
        api.MapPost("/checkpoints", (EventChain chain, ClaimsPrincipal user, CancellationToken ct) =>
                chain.RecordCheckpointAsync("Dicatat oleh admin", user.Identity?.Name ?? "", ct))
            .WithSummary("Catat checkpoint (urutan, root hash, waktu) untuk disimpan juga di luar server.");
    }
}
