using System.Security.Claims;
using ERaport.Read.Audit;
using ERaport.Web.Accounts;
using ERaport.Web.Hosting;
using Npgsql;

namespace ERaport.Web.Operations;

/// <summary>Tamper evidence: the event chain, its key (kept outside the database), verification and checkpoints.</summary>
public static class AuditSetup
{
    public static IServiceCollection AddERaportEventChain(this IServiceCollection services, IConfiguration config, string connectionString,
        string schema, string readModelPath)
    {
        var keyFile = config["Audit:ChainKeyFile"] ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(readModelPath))!, "event-chain.key");
        // Read at start, not on first use: a bad key stops the start rather than the first save.
        var key = LoadKey(config["Audit:ChainKey"], keyFile);
        services.AddSingleton(_ => new EventChain(NpgsqlDataSource.Create(connectionString), schema, key));
        return services;
    }

    /// <summary>HMAC-SHA256 takes a key of any length, but one shorter than its 256-bit output weakens the chain.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>How to make a good key, as README's deployment steps do.</summary>
    public const string MakeKey = "openssl rand -base64 32";

    /// <summary>The key from configuration (production: a secret), else a key file created once next to the
    /// read model. Losing it makes old links unverifiable: back it up with the Data Protection keys.</summary>
    private static byte[] LoadKey(string? configured, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return ParseKey(configured, "Audit:ChainKey (AUDIT_CHAIN_KEY in .env)");
        if (!File.Exists(keyFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
            File.WriteAllText(keyFile, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(MinimumKeyBytes)));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return ParseKey(File.ReadAllText(keyFile), $"The event-chain key file {keyFile}");
    }

    /// <summary>A base64 key of at least <see cref="MinimumKeyBytes"/> bytes; anything else stops the start, saying why.</summary>
    public static byte[] ParseKey(string text, string source)
    {
        text = text.Trim();
        if (text.StartsWith("change-me", StringComparison.OrdinalIgnoreCase))
            throw new StartRefused($"{source} is still the placeholder from .env.example. Make a key with: {MakeKey}");
        var key = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, key, out var length))
            throw new StartRefused($"{source} is not base64. Make a key with: {MakeKey}");
        if (length < MinimumKeyBytes)
            throw new StartRefused($"{source} is {length} bytes; it must be at least {MinimumKeyBytes} bytes (256 bits). Make a key with: {MakeKey}");
        return key[..length];
    }

    public static void MapERaportEventChain(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/operations/integrity").RequireAuthorization(OperationsSetup.AdminPolicy).WithTags("Operasi").DisableAntiforgery();
        api.MapGet("/", (EventChain chain, CancellationToken ct) => chain.VerifyAsync(null, ct))
            .WithSummary("Periksa ulang seluruh log event terhadap rantai hash dan checkpoint.");
        api.MapGet("/checkpoints", (EventChain chain, ClaimsPrincipal user, CancellationToken ct) => chain.CheckpointsAsync(user.SchoolId(), ct));
        api.MapPost("/checkpoints", (EventChain chain, ClaimsPrincipal user, CancellationToken ct) =>
                chain.RecordCheckpointAsync(user.SchoolId(), "Dicatat oleh admin", user.Identity?.Name ?? "", ct))
            .WithSummary("Catat checkpoint (urutan, root hash, waktu) untuk disimpan juga di luar server.");
    }
}
