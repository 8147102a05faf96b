using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace ERaport.Tests.Deploy;

/// <summary>The project's nginx as the image runs it, on loopback ports: Debian's nginx started by
/// deploy/nginx/entrypoint.sh, which renders deploy/nginx/templates into conf.d, serves a self-signed
/// stand-in until a certificate appears in the live directory, and reloads when it changes. The main
/// nginx.conf is Debian's own (the image keeps it) with its paths moved into a scratch directory. Inside a
/// <see cref="NetworkNamespace"/> it runs as in its container, listening on the namespace's address.</summary>
public sealed class NginxServer : IAsyncDisposable
{
    private readonly NetworkNamespace? _inside;
    private ChildProcess? _process;

    public string ServerName { get; }
    public string Directory { get; }
    public int HttpPort { get; } = DeployTools.FreeTcpPort();
    public int HttpsPort { get; } = DeployTools.FreeTcpPort();
    public string AcmeRoot => Path.Combine(Directory, "www");
    /// <summary>certbot's --config-dir; the live certificate is under live/&lt;server name&gt;.</summary>
    public string LetsEncryptDirectory => Path.Combine(Directory, "letsencrypt");
    public string LiveDirectory => Path.Combine(LetsEncryptDirectory, "live", ServerName);
    public string ConfD => Path.Combine(Directory, "conf.d");
    public string HttpsOrigin => $"https://{ServerName}:{HttpsPort}";
    public string HttpOrigin => $"http://{ServerName}:{HttpPort}";
    public string ConfigPath => Path.Combine(Directory, "nginx.conf");
    public IPAddress ListenAddress => _inside?.InsideAddress ?? IPAddress.Loopback;

    public NginxServer(string serverName, NetworkNamespace? inside = null)
    {
        ServerName = serverName;
        _inside = inside;
        Directory = DeployTools.TempDirectory("nginx");
        System.IO.Directory.CreateDirectory(AcmeRoot);
        System.IO.Directory.CreateDirectory(LetsEncryptDirectory);
    }

    public string Tail() => _process?.Tail() ?? "(nginx not started)";
    public IReadOnlyList<string> Lines() => _process?.Lines() ?? [];

    public async Task StartAsync(string upstream)
    {
        await MainConfigAsync(Directory);
        var environment = new Dictionary<string, string>
        {
            ["ERAPORT_SERVER_NAME"] = ServerName,
            ["ERAPORT_UPSTREAM"] = upstream,
            ["ERAPORT_HTTP_LISTEN"] = $"{ListenAddress}:{HttpPort}",
            ["ERAPORT_HTTPS_LISTEN"] = $"{ListenAddress}:{HttpsPort}",
            ["ERAPORT_PUBLIC_ORIGIN"] = HttpsOrigin,
            ["ERAPORT_ACME_ROOT"] = AcmeRoot,
            ["ERAPORT_RESOLVER"] = "127.0.0.1", // the upstream is an address: nothing to resolve
            ["ERAPORT_LIVE_DIR"] = LiveDirectory,
            ["ERAPORT_STANDIN_DIR"] = Path.Combine(Directory, "standin"),
            ["ERAPORT_CERT_POLL_SECONDS"] = "1",
            ["ERAPORT_ERROR_PAGES"] = ErrorPages(),
            ["NGINX_TEMPLATES_DIR"] = DeployTools.RepoPath("deploy", "nginx", "templates"),
            ["NGINX_CONF_D"] = ConfD,
        };
        string entrypoint = DeployTools.RepoPath("deploy", "nginx", "entrypoint.sh"), file = entrypoint;
        string[] arguments = ["-c", ConfigPath, "-e", "stderr"];
        if (_inside is not null)
            (file, arguments) = _inside.Command(entrypoint, arguments);
        _process = ChildProcess.Start("nginx", file, arguments, environment, Path.Combine(Directory, "entrypoint.log"));
        // The entrypoint's `nginx -t` binds and listens on both ports for a moment before it execs nginx:
        // a connection then can land in that short-lived backlog and be reset. The master writes its pid
        // file (its pid is the entrypoint's, through exec) only once it holds the ports for good.
        var pidFile = Path.Combine(Directory, "nginx.pid");
        await DeployTools.WaitUntilAsync(async () =>
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"nginx exited during start.{Environment.NewLine}{Tail()}");
            if (!File.Exists(pidFile) || (await File.ReadAllTextAsync(pidFile)).Trim() != _process.Id.ToString())
                return false;
            foreach (var port in new[] { HttpPort, HttpsPort })
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(ListenAddress, port);
            }
            return true;
        }, TimeSpan.FromSeconds(20), Tail);
    }

    /// <summary>deploy/nginx/errors copied into the scratch directory, as the image copies them: the workers (www-data)
    /// read them, and a checkout may sit where they may not enter.</summary>
    private string ErrorPages()
    {
        var pages = Path.Combine(Directory, "errors");
        System.IO.Directory.CreateDirectory(pages);
        foreach (var page in System.IO.Directory.EnumerateFiles(DeployTools.RepoPath("deploy", "nginx", "errors")))
            File.Copy(page, Path.Combine(pages, Path.GetFileName(page)));
        return pages;
    }

    /// <summary>The certificate nginx presents for the server name (SNI), read from a real handshake.</summary>
    public async Task<X509Certificate2> ServedCertificateAsync()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(ListenAddress, HttpsPort);
        X509Certificate2? served = null;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return true;
        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = ServerName });
        return served ?? throw new InvalidOperationException("nginx presented no certificate");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
            await _process.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Debian's /etc/nginx/nginx.conf, which the image runs unchanged, with its files moved into
    /// <paramref name="directory"/> (scripts/nginx-main-conf.sh, which scripts/bench.sh --via-nginx uses too).</summary>
    public static async Task<string> MainConfigAsync(string directory)
    {
        var (exit, output) = await DeployTools.RunAsync(DeployTools.RepoPath("scripts", "nginx-main-conf.sh"), [directory]);
        if (exit != 0)
            throw new InvalidOperationException($"scripts/nginx-main-conf.sh failed: {output}");
        return await File.ReadAllTextAsync(Path.Combine(directory, "nginx.conf"));
    }
}
