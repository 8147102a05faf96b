using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ERaport.Tests.Deploy;

/// <summary>Pebble (Let's Encrypt's test ACME server, with pebble-challtestsrv as its DNS: every name is
/// 127.0.0.1) and the project's nginx for school.test, in front of a minimal WebSocket echo server that
/// the test runs itself (the app has no WebSocket endpoint today; nginx's location rules are the same).</summary>
public sealed class CertificateFixture : IAsyncLifetime
{
    public const string ServerName = "school.test";

    private readonly List<ChildProcess> _processes = [];
    private WebApplication? _echo;

    public string Directory { get; } = DeployTools.TempDirectory("acme");
    public NginxServer Nginx { get; } = new(ServerName);
    public int AcmePort { get; } = DeployTools.FreeTcpPort();
    public int ManagementPort { get; } = DeployTools.FreeTcpPort();
    public string AcmeDirectoryUrl => $"https://127.0.0.1:{AcmePort}/dir";
    /// <summary>The CA of Pebble's own HTTPS listener (certbot's REQUESTS_CA_BUNDLE).</summary>
    public string ListenerCaPath => Path.Combine(Directory, "listener-ca.pem");

    public async Task InitializeAsync()
    {
        try
        {
            WriteListenerCertificate();
            var dnsPort = DeployTools.FreeTcpAndUdpPort();
            _processes.Add(ChildProcess.Start("pebble-challtestsrv", DeployTools.Tool("pebble-challtestsrv"),
                ["-defaultIPv4", "127.0.0.1", "-defaultIPv6", "", "-dns01", $"127.0.0.1:{dnsPort}", "-http01", "", "-https01", "",
                 "-tlsalpn01", "", "-management", $"127.0.0.1:{DeployTools.FreeTcpPort()}"],
                new Dictionary<string, string>(), Path.Combine(Directory, "challtestsrv.log")));

            var config = Path.Combine(Directory, "pebble.json");
            await File.WriteAllTextAsync(config, new JsonObject
            {
                ["pebble"] = new JsonObject
                {
                    ["listenAddress"] = $"127.0.0.1:{AcmePort}",
                    ["managementListenAddress"] = $"127.0.0.1:{ManagementPort}",
                    ["certificate"] = Path.Combine(Directory, "listener.pem"),
                    ["privateKey"] = Path.Combine(Directory, "listener.key"),
                    ["httpPort"] = Nginx.HttpPort, // http-01 validation comes to nginx's port-80 server
                    ["tlsPort"] = DeployTools.FreeTcpPort(),
                    ["ocspResponderURL"] = "",
                    ["externalAccountBindingRequired"] = false,
                },
            }.ToJsonString());
            var pebble = ChildProcess.Start("pebble", DeployTools.Tool("pebble"),
                ["-config", config, "-dnsserver", $"127.0.0.1:{dnsPort}", "-strict=false"],
                new Dictionary<string, string>
                {
                    ["PEBBLE_VA_NOSLEEP"] = "1",
                    ["PEBBLE_WFE_NONCEREJECT"] = "0",
                    ["PEBBLE_AUTHZREUSE"] = "0", // every order, renewals too, goes through the webroot
                },
                Path.Combine(Directory, "pebble.log"));
            _processes.Add(pebble);

            var echoPort = await StartEchoServerAsync();
            await Nginx.StartAsync($"127.0.0.1:{echoPort}");
            await DeployTools.WaitUntilAsync(async () =>
            {
                if (pebble.HasExited)
                    throw new InvalidOperationException($"pebble exited.{Environment.NewLine}{pebble.Tail()}");
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, AcmePort);
                return true;
            }, TimeSpan.FromSeconds(20), pebble.Tail);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await Nginx.DisposeAsync();
        if (_echo is not null)
            await _echo.DisposeAsync();
        foreach (var process in _processes)
            await process.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public string Logs() => string.Join(Environment.NewLine, _processes.Select(p => p.Tail()).Append(Nginx.Tail()));

    /// <summary>Environment for deploy/certbot's scripts: Pebble instead of Let's Encrypt, scratch directories.</summary>
    public Dictionary<string, string> CertbotEnvironment() => new()
    {
        ["DOMAIN"] = ServerName,
        ["LETSENCRYPT_EMAIL"] = "admin@school.test",
        ["ACME_SERVER"] = AcmeDirectoryUrl,
        ["REQUESTS_CA_BUNDLE"] = ListenerCaPath,
        ["CERTBOT_WEBROOT"] = Nginx.AcmeRoot,
        ["CERTBOT_CONFIG_DIR"] = Nginx.LetsEncryptDirectory,
        ["CERTBOT_WORK_DIR"] = Path.Combine(Directory, "certbot-work"),
        ["CERTBOT_LOGS_DIR"] = Path.Combine(Directory, "certbot-logs"),
        ["ACME_CHECK_BASE"] = $"http://127.0.0.1:{Nginx.HttpPort}",
        ["ACME_NGINX_BASE"] = $"http://127.0.0.1:{Nginx.HttpPort}",
    };

    /// <summary>Pebble's issuing root, made fresh at each start.</summary>
    public async Task<X509Certificate2> PebbleRootAsync()
    {
        using var ca = X509CertificateLoader.LoadCertificateFromFile(ListenerCaPath);
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, chain, _) =>
            {
                chain!.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate!);
            },
        };
        using var http = new HttpClient(handler);
        return X509Certificate2.CreateFromPem(await http.GetStringAsync($"https://127.0.0.1:{ManagementPort}/roots/0"));
    }

    /// <summary>Pebble's HTTPS listener needs a certificate; the Debian package ships none.</summary>
    private void WriteListenerCertificate()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=E-Raport test Pebble listener CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var listener = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(12));

        File.WriteAllText(ListenerCaPath, ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(Directory, "listener.pem"), listener.ExportCertificatePem());
        File.WriteAllText(Path.Combine(Directory, "listener.key"), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>/ws echoes WebSocket messages; /headers answers what the proxy sent (as JSON).</summary>
    private async Task<int> StartEchoServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _echo = builder.Build();
        _echo.UseWebSockets();
        _echo.Map("/ws", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[4096];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                    return;
                }
                await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
            }
        });
        _echo.Map("/headers", (HttpContext context) => Results.Json(new Dictionary<string, string?>
        {
            ["host"] = context.Request.Headers.Host,
            ["x-forwarded-for"] = context.Request.Headers["X-Forwarded-For"],
            ["x-forwarded-proto"] = context.Request.Headers["X-Forwarded-Proto"],
            ["connection"] = context.Request.Headers.Connection,
            ["upgrade"] = context.Request.Headers.Upgrade,
            ["remote"] = context.Connection.RemoteIpAddress?.ToString(),
        }));
        await _echo.StartAsync();
        var address = _echo.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class CertificateCollection : ICollectionFixture<CertificateFixture>
{
    public const string Name = "deploy-certificates";
}
