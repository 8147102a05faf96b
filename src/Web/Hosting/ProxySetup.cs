using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;

namespace ERaport.Web.Hosting;

/// <summary>E-Raport behind the TLS-terminating nginx of deploy/nginx: the client's address and scheme come
/// from X-Forwarded-For/Proto, but only from trusted proxy networks; cookies are Secure over https;
/// Data Protection keys survive restarts. HSTS is nginx's job alone: the app never sends it (browsers keep
/// only the first header, and UseHsts would send a 30-day one).</summary>
public static class ProxySetup
{
    /// <summary>Where the proxy connects from (CIDR, a list or comma separated). Default: loopback only.</summary>
    public const string KnownNetworksKey = "Proxy:KnownNetworks";
    /// <summary>True when every request reaches the app through TLS (compose sets it): cookies are always Secure.</summary>
    public const string SecureCookiesKey = "Proxy:SecureCookies";
    public const string KeysPathKey = "DataProtection:KeysPath";
    public const string ApplicationName = "ERaport";

    public static void AddERaportProxy(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        var networks = KnownNetworks(config);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured networks: anyone else could claim to be any client, over https.
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var network in networks)
                o.KnownIPNetworks.Add(network);
            o.ForwardLimit = 1; // one proxy hop: nginx
        });

        // SameAsRequest keeps plain-http development (./scripts/run.sh) signing in; behind TLS it is Always.
        var secure = config.GetValue<bool>(SecureCookiesKey) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            if (secure == CookieSecurePolicy.Always)
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            o.Cookie.HttpOnly = true;
        });
        // The antiforgery cookie is not Secure by default, even over https. SameSite stays the framework's Strict.
        services.Configure<AntiforgeryOptions>(o =>
        {
            o.Cookie.SecurePolicy = secure;
            o.Cookie.HttpOnly = true;
        });

        // A fixed application name and persisted keys: a restart or a new image must not sign everybody out.
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (config[KeysPathKey] is { Length: > 0 } keys)
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
    }

    /// <summary>First in the pipeline, so everything after sees the client's address and scheme.</summary>
    public static void UseERaportProxy(this WebApplication app)
    {
        app.UseForwardedHeaders();

        // What the app believes about each request, at Debug only (off by default): lets a test or an
        // operator check the proxy chain from the log without exposing anything over HTTP.
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProxySetup).FullName!);
        if (log.IsEnabled(LogLevel.Debug))
            app.Use((context, next) =>
            {
                log.LogDebug("Request {Method} {Path} from {RemoteIp} over {Scheme}", context.Request.Method,
                    context.Request.Path.Value, context.Connection.RemoteIpAddress, context.Request.Scheme);
                return next(context);
            });

        // With Proxy:SecureCookies every request must arrive through TLS; a plain-http one means the proxy's
        // network is not in Proxy:KnownNetworks (pages with forms then fail): say so, at most every 10 minutes.
        if (app.Configuration.GetValue<bool>(SecureCookiesKey))
        {
            long lastWarning = 0; // Environment.TickCount64 of the last warning, 0 before the first
            app.Use((context, next) =>
            {
                var now = Environment.TickCount64;
                var last = Interlocked.Read(ref lastWarning);
                if (!context.Request.IsHttps && !context.Request.Path.StartsWithSegments("/healthz")
                    && (last == 0 || now - last > 600_000) && Interlocked.CompareExchange(ref lastWarning, now, last) == last)
                    log.LogWarning("{Setting} is on but a request came over plain http from {RemoteIp}. Requests must come " +
                        "through the TLS proxy, and {Networks} must contain the proxy's address.", SecureCookiesKey,
                        context.Connection.RemoteIpAddress, KnownNetworksKey);
                return next(context);
            });
        }

        // Liveness for the container health check: cheap, anonymous, touches nothing.
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous().ExcludeFromDescription();
    }

    public static IReadOnlyList<System.Net.IPNetwork> KnownNetworks(IConfiguration config)
    {
        var section = config.GetSection(KnownNetworksKey);
        var values = section.GetChildren().Select(c => c.Value).ToList();
        if (values.Count == 0)
            values.Add(section.Value);
        var networks = values
            .SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(v => System.Net.IPNetwork.TryParse(v.Contains('/') ? v : v + (v.Contains(':') ? "/128" : "/32"), out var n)
                ? n : throw new InvalidOperationException($"{KnownNetworksKey}: '{v}' is not an address or a network (CIDR)."))
            .ToList();
        return networks.Count > 0 ? networks
            : [new System.Net.IPNetwork(IPAddress.Loopback, 8), new System.Net.IPNetwork(IPAddress.IPv6Loopback, 128)];
    }
}
