using ERaport.Read.ReadModel;
using ERaport.Web.Api;
using ERaport.Write.Accounts;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;

namespace ERaport.Web.Operations;

/// <summary>What the admin of a school server needs to keep the read model healthy: status, health,
/// metrics and a rebuild without downtime.</summary>
public static class OperationsSetup
{
    public const string AdminPolicy = "admin";

    public static IServiceCollection AddERaportOperations(this IServiceCollection services, IConfiguration config)
    {
        services.AddSingleton<RequestsInFlight>();
        services.AddSingleton<ReadModelRebuild>();
        services.AddSingleton<ReadModelMonitor>();
        services.AddSingleton(new ReadModelThresholds(
            config.GetValue("ReadModel:Health:MaxLagEvents", ReadModelThresholds.Default.MaxLagEvents),
            config.GetValue("ReadModel:Health:MaxLag", ReadModelThresholds.Default.MaxLag)));
        services.AddHealthChecks().AddCheck<ReadModelHealthCheck>("read-model");
        services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, p => p.RequireRole(nameof(Role.Admin)));
        return services;
    }

    /// <summary>Counts the requests a rebuild gives way to: all but the health checks, the metrics and the read model's
    /// status, which a script or an admin watching the rebuild may poll all along.</summary>
    public static void UseRequestsInFlight(this IApplicationBuilder app)
    {
        var requests = app.ApplicationServices.GetRequiredService<RequestsInFlight>();
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics")
                || (HttpMethods.IsGet(context.Request.Method) && path.StartsWithSegments("/api/operations/read-model")))
            {
                await next(context);
                return;
            }
            requests.Enter();
            try
            {
                await next(context);
            }
            finally
            {
                requests.Exit();
            }
        });
    }

    public static void MapERaportOperations(this IEndpointRouteBuilder app)
    {
        // Status only, no details: for load balancers and container health checks.
        app.MapHealthChecks("/health", new HealthCheckOptions { ResultStatusCodes = { [HealthStatus.Degraded] = 200 } }).AllowAnonymous();
        // Metrics carry no personal data, but are for the scraper on the server itself, not for the internet.
        app.MapMetrics("/metrics").AddEndpointFilter(async (context, next) =>
            IsLocal(context.HttpContext) ? await next(context) : Results.NotFound());

        var api = app.MapGroup("/api/operations").RequireAuthorization(AdminPolicy).WithTags("Operasi").DisableAntiforgery();
        api.MapGet("/read-model", (ReadModelMonitor monitor, CancellationToken ct) => monitor.StatusAsync(ct))
            .WithSummary("Status read model: checkpoint, high-water mark, lag, kecepatan, dead letter, rebuild.");
        api.MapPost("/read-model/rebuild", (ReadModelRebuild rebuild) =>
                rebuild.TryStart()
                    ? Results.Accepted("/api/operations/read-model", rebuild.Progress)
                    : Problems.Single(StatusCodes.Status409Conflict, "rebuild.already_running", "Pembangunan ulang read model sedang berjalan."))
            .Produces<RebuildProgress>(StatusCodes.Status202Accepted).ProducesProblem(409)
            .WithSummary("Bangun ulang read model dari event ke-0 tanpa henti layanan.");
    }

    private static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address)
        && !context.Request.Headers.ContainsKey("X-Forwarded-For");
}

/// <summary>Unhealthy when the read model falls too far behind, dead-letters events, or a rebuild failed.</summary>
public sealed class ReadModelHealthCheck(ReadModelMonitor monitor, ReadModelThresholds thresholds) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var status = await monitor.StatusAsync(ct);
        var data = new Dictionary<string, object>
        {
            ["checkpoint"] = status.Checkpoint,
            ["highWaterMark"] = status.HighWaterMark,
            ["lagEvents"] = status.LagEvents,
            ["lagSeconds"] = status.Lag.TotalSeconds,
            ["deadLetters"] = status.DeadLetters.Count,
        };
        return status.IsHealthy(thresholds)
            ? HealthCheckResult.Healthy("Read model is current", data)
            : HealthCheckResult.Unhealthy($"Read model lags {status.LagEvents} events / {status.Lag.TotalSeconds:N0} s, " +
                $"{status.DeadLetters.Count} dead letters, rebuild {status.Rebuild.State}", data: data);
    }
}
