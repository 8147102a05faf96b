using System.Net;
using ERaport.Web.Accounts;
using ERaport.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ERaport.Tests.Deploy;

/// <summary>ProxySetup's settings as the app composes them, without a server.</summary>
public sealed class ProxySetupTests
{
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddERaportProxy();
        builder.Services.AddERaportAccounts();
        return builder.Services.BuildServiceProvider();
    }

    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Fact]
    public void only_loopback_is_trusted_unless_proxy_networks_are_configured()
    {
        ProxySetup.KnownNetworks(Config()).Select(n => n.ToString()).ShouldBe(["127.0.0.0/8", "::1/128"]);
        ProxySetup.KnownNetworks(Config(("Proxy:KnownNetworks", "172.30.80.0/24, 10.1.2.3")))
            .Select(n => n.ToString()).ShouldBe(["172.30.80.0/24", "10.1.2.3/32"]);
        ProxySetup.KnownNetworks(Config(("Proxy:KnownNetworks:0", "192.168.5.0/24"), ("Proxy:KnownNetworks:1", "fd00::/8")))
            .Select(n => n.ToString()).ShouldBe(["192.168.5.0/24", "fd00::/8"]);
        Should.Throw<InvalidOperationException>(() => ProxySetup.KnownNetworks(Config(("Proxy:KnownNetworks", "nginx"))))
            .Message.ShouldContain("'nginx'");

        using var services = Services(("Proxy:KnownNetworks", "172.30.80.0/24"));
        var options = services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        options.ForwardedHeaders.ShouldBe(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        options.KnownIPNetworks.Select(n => n.ToString()).ShouldBe(["172.30.80.0/24"]);
        options.KnownProxies.ShouldBeEmpty();
        options.ForwardLimit.ShouldBe(1);
    }

    [Fact]
    public void cookies_follow_the_request_scheme_by_default_and_are_always_secure_behind_tls()
    {
        using (var plain = Services())
        {
            Cookie(plain).SecurePolicy.ShouldBe(CookieSecurePolicy.SameAsRequest);
            Antiforgery(plain).SecurePolicy.ShouldBe(CookieSecurePolicy.SameAsRequest);
        }
        using var behindTls = Services(("Proxy:SecureCookies", "true"));
        var auth = Cookie(behindTls);
        auth.Name.ShouldBe("eraport");
        auth.SecurePolicy.ShouldBe(CookieSecurePolicy.Always);
        auth.HttpOnly.ShouldBeTrue();
        auth.SameSite.ShouldBe(SameSiteMode.Lax);
        var antiforgery = Antiforgery(behindTls);
        antiforgery.SecurePolicy.ShouldBe(CookieSecurePolicy.Always);
        antiforgery.HttpOnly.ShouldBeTrue();
        antiforgery.SameSite.ShouldBe(SameSiteMode.Strict); // the framework's default, stricter than Lax
    }

    [Fact]
    public void data_protection_keys_go_to_the_configured_directory_under_a_fixed_application_name()
    {
        var keys = DeployTools.TempDirectory("keys");
        try
        {
            using var services = Services(("DataProtection:KeysPath", keys));
            services.GetRequiredService<IOptions<DataProtectionOptions>>().Value.ApplicationDiscriminator.ShouldBe("ERaport");
            var protector = services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
            var secret = protector.Protect("rapor");
            Directory.GetFiles(keys, "key-*.xml").ShouldNotBeEmpty();

            // Another process with the same keys and name reads the same cookies (a restart, a new image).
            using var restarted = Services(("DataProtection:KeysPath", keys));
            restarted.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret).ShouldBe("rapor");
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    [Fact]
    public async Task behind_tls_a_plain_http_request_is_reported_once_and_healthz_answers_ok()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection([new("Proxy:SecureCookies", "true")]);
        var logs = new ListLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.AddERaportProxy();
        await using var app = builder.Build();
        app.UseERaportProxy();
        app.MapGet("/x", () => "x");
        await app.StartAsync();

        var https = app.GetTestClient();
        https.BaseAddress = new Uri("https://localhost/");
        (await https.GetStringAsync("/healthz")).ShouldBe("ok");
        (await https.GetStringAsync("/x")).ShouldBe("x");
        var plain = app.GetTestClient();
        plain.BaseAddress = new Uri("http://localhost/");
        (await plain.GetStringAsync("/healthz")).ShouldBe("ok"); // the container's health check is plain http
        logs.Warnings().ShouldBeEmpty();

        await plain.GetStringAsync("/x");
        await plain.GetStringAsync("/x");
        logs.Warnings().ShouldHaveSingleItem().ShouldContain("Proxy:SecureCookies is on but a request came over plain http");
    }

    private sealed class ListLogger : ILoggerProvider, ILogger
    {
        private readonly List<(LogLevel Level, string Message)> _entries = [];
        public string[] Warnings() { lock (_entries) return _entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToArray(); }
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
                _entries.Add((logLevel, formatter(state, exception)));
        }
        public void Dispose()
        {
        }
    }

    private static CookieBuilder Cookie(IServiceProvider services) =>
        services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme).Cookie;

    private static CookieBuilder Antiforgery(IServiceProvider services) =>
        services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie;
}
