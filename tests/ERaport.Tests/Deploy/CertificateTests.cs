using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ERaport.Tests.Deploy;

/// <summary>deploy/certbot against Pebble through nginx's webroot, renewal served without a restart, the TLS
/// policy as sslscan sees it, and the WebSocket upgrade through nginx.</summary>
[Collection(CertificateCollection.Name)]
public sealed class CertificateTests(CertificateFixture fixture)
{
    /// <summary>Mozilla "intermediate" (guideline 6.0), in OpenSSL's names as sslscan prints them.</summary>
    private static readonly string[] PolicyCiphers =
    [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
        "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
    ];

    private NginxServer Nginx => fixture.Nginx;

    private static string Script(string name) => DeployTools.RepoPath("deploy", "certbot", name);

    [Fact]
    public async Task the_first_run_refuses_clearly_when_nginx_does_not_serve_the_challenge_path_and_uses_staging_by_default()
    {
        var environment = fixture.CertbotEnvironment();
        environment.Remove("ACME_SERVER"); // as an operator runs it: Let's Encrypt, staging unless told otherwise
        var configDirectory = DeployTools.TempDirectory("letsencrypt"); // whatever the other tests obtained
        environment["CERTBOT_CONFIG_DIR"] = configDirectory;
        var nothingListens = $"http://127.0.0.1:{DeployTools.FreeTcpPort()}";
        (environment["ACME_CHECK_BASE"], environment["ACME_NGINX_BASE"]) = (nothingListens, nothingListens); // nginx is down
        var (exit, output) = await DeployTools.RunAsync(Script("first-certificate.sh"), [], environment);
        exit.ShouldNotBe(0, output);
        output.ShouldContain("Let's Encrypt STAGING");
        output.ShouldContain("FAILED:");
        output.ShouldContain("docker compose ps");
        output.ShouldNotContain("Asking for the certificate"); // the CA was never asked
        Directory.EnumerateFileSystemEntries(configDirectory).ShouldBeEmpty();
        Directory.Delete(configDirectory);
    }

    /// <summary>A school server behind its router (port 80 forwarded) or a provider's NAT often cannot reach its own public
    /// address, though the CA can: the check through the domain fails while nginx serves the webroot. That must not stop the
    /// operator: the script says what it could not check and asks the CA, whose own check decides.</summary>
    [Fact]
    public async Task a_server_that_cannot_reach_its_own_public_address_is_warned_and_still_gets_its_certificate()
    {
        var environment = fixture.CertbotEnvironment();
        var configDirectory = DeployTools.TempDirectory("letsencrypt-nat");
        environment["CERTBOT_CONFIG_DIR"] = configDirectory;
        environment["ACME_CHECK_BASE"] = $"http://127.0.0.1:{DeployTools.FreeTcpPort()}"; // the public address, unreachable from inside

        var (exit, output) = await DeployTools.RunAsync(Script("first-certificate.sh"), [], environment, TimeSpan.FromSeconds(90));

        exit.ShouldBe(0, $"{output}{Environment.NewLine}{fixture.Logs()}");
        output.ShouldContain("WARNING:");
        output.ShouldContain("DNS A record of school.test");
        output.ShouldContain("Asking for the certificate");
        output.ShouldContain("Successfully received certificate");
        Directory.Exists(Path.Combine(configDirectory, "live", CertificateFixture.ServerName)).ShouldBeTrue();
    }

    [Fact]
    public async Task certbot_gets_a_pebble_certificate_through_the_webroot_and_nginx_serves_it_and_each_renewal()
    {
        // Before any certificate: nginx runs with its self-signed stand-in.
        using (var standIn = await Nginx.ServedCertificateAsync())
        {
            standIn.Issuer.ShouldBe(standIn.Subject);
            standIn.GetNameInfo(X509NameType.DnsName, false).ShouldBe(CertificateFixture.ServerName);
        }

        var (exit, output) = await DeployTools.RunAsync(Script("first-certificate.sh"), [], fixture.CertbotEnvironment(), TimeSpan.FromSeconds(90));
        exit.ShouldBe(0, $"{output}{Environment.NewLine}{fixture.Logs()}");
        output.ShouldContain("Successfully received certificate");
        output.ShouldContain($"== Done: {Nginx.LetsEncryptDirectory}/live/{CertificateFixture.ServerName}");

        // nginx notices the files and reloads by itself; the served certificate chains to Pebble's root.
        var issued = await ServedWhenAsync(c => c.Issuer.Contains("Pebble"), "a certificate issued by Pebble");
        using (var root = await fixture.PebbleRootAsync())
        using (var chain = new X509Chain())
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.ExtraStore.ImportFromPemFile(Path.Combine(Nginx.LiveDirectory, "chain.pem"));
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.Build(issued).ShouldBeTrue(string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        }
        using (var live = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Nginx.LiveDirectory, "cert.pem")))
            issued.SerialNumber.ShouldBe(live.SerialNumber);
        Nginx.Lines().ShouldContain(l => l.Contains("certificate changed: nginx reloaded"));

        // Running the first-run script again changes nothing.
        var again = await DeployTools.RunAsync(Script("first-certificate.sh"), [], fixture.CertbotEnvironment());
        again.Exit.ShouldBe(0, again.Output);
        again.Output.ShouldContain("Nothing to do.");

        // One round of the certbot service's loop, forced (Pebble's certificates are years from expiry).
        var renewal = await DeployTools.RunAsync(Script("renew.sh"), ["--force-renewal", "--no-random-sleep-on-renew"],
            new Dictionary<string, string>(fixture.CertbotEnvironment()) { ["RENEW_ONCE"] = "1" }, TimeSpan.FromSeconds(90));
        renewal.Exit.ShouldBe(0, renewal.Output);
        renewal.Output.ShouldContain("all renewals succeeded");
        var renewed = await ServedWhenAsync(c => c.SerialNumber != issued.SerialNumber, "the renewed certificate");
        using (var live = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Nginx.LiveDirectory, "cert.pem")))
            renewed.SerialNumber.ShouldBe(live.SerialNumber);
        issued.Dispose();
        renewed.Dispose();
    }

    /// <summary>README step 4: LETSENCRYPT_STAGING=0 and the same script again. A certificate is renewed only when due, so
    /// the script must force it, and certbot must then renew from the new server.</summary>
    [Fact]
    public async Task switching_from_staging_to_production_replaces_the_certificate_at_once_and_renewals_follow()
    {
        // A certificate store of its own: the one nginx serves from belongs to the other tests.
        var environment = fixture.CertbotEnvironment();
        var configDirectory = DeployTools.TempDirectory("letsencrypt");
        environment["CERTBOT_CONFIG_DIR"] = configDirectory;
        var certificate = Path.Combine(configDirectory, "live", CertificateFixture.ServerName, "cert.pem");
        var renewal = Path.Combine(configDirectory, "renewal", $"{CertificateFixture.ServerName}.conf");
        string Serial() { using var c = X509CertificateLoader.LoadCertificateFromFile(certificate); return c.SerialNumber; }

        var staging = await DeployTools.RunAsync(Script("first-certificate.sh"), [], environment, TimeSpan.FromSeconds(90));
        staging.Exit.ShouldBe(0, $"{staging.Output}{Environment.NewLine}{fixture.Logs()}");
        var stagingSerial = Serial();

        // Another directory URL of the same Pebble stands for production.
        var production = $"https://localhost:{fixture.AcmePort}/dir";
        environment["ACME_SERVER"] = production;
        var switched = await DeployTools.RunAsync(Script("first-certificate.sh"), [], environment, TimeSpan.FromSeconds(90));
        switched.Exit.ShouldBe(0, $"{switched.Output}{Environment.NewLine}{fixture.Logs()}");
        switched.Output.ShouldContain($"Replacing the certificate from {fixture.AcmeDirectoryUrl}");
        Serial().ShouldNotBe(stagingSerial);
        File.ReadAllLines(renewal).ShouldContain($"server = {production}");

        var again = await DeployTools.RunAsync(Script("first-certificate.sh"), [], environment);
        again.Exit.ShouldBe(0, again.Output);
        again.Output.ShouldContain("Nothing to do.");
        Directory.Delete(configDirectory, recursive: true);
    }

    [Fact]
    public async Task sslscan_finds_no_protocol_or_cipher_below_mozilla_intermediate()
    {
        var scan = await SslScanAsync(Nginx.HttpsPort, CertificateFixture.ServerName);
        Protocols(scan).ShouldBe(new Dictionary<string, string>
        {
            ["SSLv2"] = "disabled", ["SSLv3"] = "disabled", ["TLSv1.0"] = "disabled", ["TLSv1.1"] = "disabled",
            ["TLSv1.2"] = "enabled", ["TLSv1.3"] = "enabled",
        }, scan);
        var ciphers = Ciphers(scan);
        ciphers.ShouldContain(c => c.StartsWith("TLSv1.2 "), scan);
        ciphers.Select(c => c.Split(' ')[1]).ShouldBeSubsetOf(PolicyCiphers, scan);

        // The scan can fail: the same tool on this machine does see old protocols and weak ciphers.
        await using var weak = await WeakServerAsync();
        var weakScan = await SslScanAsync(weak.Port, "weak.test");
        Protocols(weakScan)["TLSv1.0"].ShouldBe("enabled", weakScan);
        Ciphers(weakScan).Select(c => c.Split(' ')[1]).Except(PolicyCiphers).ShouldNotBeEmpty(weakScan);
    }

    [Fact]
    public async Task names_other_than_the_servers_get_no_certificate_and_no_page()
    {
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, Nginx.HttpsPort);
            await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
            await Should.ThrowAsync<AuthenticationException>(() =>
                tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "scanner.example" }));
        }
        // Our name in the handshake, another in the Host header: 421, never nginx's default page.
        using (var tcp = new TcpClient())
        {
            await tcp.ConnectAsync(IPAddress.Loopback, Nginx.HttpsPort);
            await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = CertificateFixture.ServerName });
            await tls.WriteAsync("GET / HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n"u8.ToArray());
            using var reader = new StreamReader(tls);
            (await reader.ReadLineAsync()).ShouldBe("HTTP/1.1 421 Misdirected Request");
        }
    }

    [Fact]
    public async Task a_websocket_upgrade_through_nginx_answers_101_and_echoes()
    {
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(new Uri($"wss://{CertificateFixture.ServerName}:{Nginx.HttpsPort}/ws"), invoker, CancellationToken.None);
        socket.HttpStatusCode.ShouldBe(HttpStatusCode.SwitchingProtocols);
        socket.HttpResponseHeaders!["Strict-Transport-Security"].ShouldBe(["max-age=63072000; includeSubDomains"]);

        await socket.SendAsync("halo, guru"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Encoding.UTF8.GetString(buffer, 0, received.Count).ShouldBe("halo, guru");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);

        // Plain requests on the same location: forwarded headers set by nginx, no upgrade headers.
        using var http = DeployTools.Client(from: IPAddress.Parse("127.0.0.6"));
        var request = new HttpRequestMessage(HttpMethod.Get, $"https://{CertificateFixture.ServerName}:{Nginx.HttpsPort}/headers");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var seen = JsonSerializer.Deserialize<Dictionary<string, string?>>(await (await http.SendAsync(request)).Content.ReadAsStringAsync())!;
        seen["host"].ShouldBe($"{CertificateFixture.ServerName}:{Nginx.HttpsPort}");
        seen["x-forwarded-for"].ShouldBe("127.0.0.6");
        seen["x-forwarded-proto"].ShouldBe("https");
        seen["upgrade"].ShouldBeNullOrEmpty();
        (seen["connection"] ?? "").ShouldNotContain("upgrade", Case.Insensitive);
    }

    private async Task<X509Certificate2> ServedWhenAsync(Func<X509Certificate2, bool> condition, string what)
    {
        X509Certificate2? match = null;
        await DeployTools.WaitUntilAsync(async () =>
        {
            var served = await Nginx.ServedCertificateAsync();
            if (condition(served))
            {
                match = served;
                return true;
            }
            served.Dispose();
            return false;
        }, TimeSpan.FromSeconds(15), () => $"nginx never served {what}.{Environment.NewLine}{fixture.Logs()}");
        return match!;
    }

    private static async Task<string> SslScanAsync(int port, string serverName)
    {
        var (exit, output) = await DeployTools.RunAsync(DeployTools.Tool("sslscan"),
            ["--no-colour", "--no-heartbleed", "--no-groups", $"--sni-name={serverName}", $"127.0.0.1:{port}"], timeout: TimeSpan.FromSeconds(60));
        exit.ShouldBe(0, output);
        return output;
    }

    private static Dictionary<string, string> Protocols(string scan) =>
        Regex.Matches(scan, @"^(SSLv2|SSLv3|TLSv1\.[0-3])\s+(enabled|disabled)\s*$", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    /// <summary>"TLSv1.2 ECDHE-ECDSA-AES128-GCM-SHA256" for every accepted cipher.</summary>
    private static string[] Ciphers(string scan) =>
        Regex.Matches(scan, @"^(?:Preferred|Accepted)\s+(TLSv1\.[0-3]|SSLv[23])\s+\d+\s+bits\s+(\S+)", RegexOptions.Multiline)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").ToArray();

    /// <summary>An nginx that allows what the policy forbids, with the stand-in certificate.</summary>
    private async Task<WeakServer> WeakServerAsync()
    {
        var directory = DeployTools.TempDirectory("weak-tls");
        var port = DeployTools.FreeTcpPort();
        var standIn = Path.Combine(Nginx.Directory, "standin");
        var config = (await NginxServer.MainConfigAsync(directory)).Replace($"include {directory}/conf.d/*.conf;", $$"""
            server {
                listen 127.0.0.1:{{port}} ssl;
                ssl_certificate {{standIn}}/fullchain.pem;
                ssl_certificate_key {{standIn}}/privkey.pem;
                ssl_protocols TLSv1 TLSv1.1 TLSv1.2;
                ssl_ciphers ALL:@SECLEVEL=0;
                return 204;
            }
            """);
        var path = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(path, config);
        var process = ChildProcess.Start("weak nginx", DeployTools.Tool("nginx"), ["-c", path, "-e", "stderr", "-g", "daemon off;"],
            new Dictionary<string, string>(), Path.Combine(directory, "nginx.log"));
        var server = new WeakServer(process, directory, port);
        await DeployTools.WaitUntilAsync(async () =>
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }, TimeSpan.FromSeconds(10), process.Tail);
        return server;
    }

    private sealed record WeakServer(ChildProcess Process, string Directory, int Port) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
