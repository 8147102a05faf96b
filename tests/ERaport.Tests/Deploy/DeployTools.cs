using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Authentication;

namespace ERaport.Tests.Deploy;

/// <summary>Shared plumbing of the deployment tests: the repository, free loopback ports, tools from
/// Debian's packages (installed by scripts/install-test-tools.sh; a missing tool fails, never skips),
/// child processes, and HTTP clients that reach test host names on 127.0.0.x.</summary>
public static class DeployTools
{
    public static readonly string Repo = FindRepo();

    public static string RepoPath(params string[] parts) => Path.Combine([Repo, .. parts]);

    /// <summary>A fresh scratch directory under /tmp, readable by nginx's www-data workers.</summary>
    public static string TempDirectory(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), "eraport-deploy-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    public static string Tool(string name)
    {
        foreach (var directory in new[] { "/usr/sbin", "/usr/bin", "/usr/local/bin", "/sbin", "/bin" })
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
                return path;
        }
        throw new InvalidOperationException($"'{name}' is not installed: run `bash scripts/install-test-tools.sh` (as root) first.");
    }

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A free loopback port outside Linux's ephemeral range (32768-60999): between choosing it and the
    /// server binding it, no outgoing connection of any process can take it. Never the same one twice.</summary>
    public static int FreeTcpPort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20000, 32000);
            lock (HandedOut)
                if (!HandedOut.Add(port))
                    continue;
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free loopback port between 20000 and 32000");
    }

    /// <summary>A port free for both TCP and UDP (a DNS server listens on both).</summary>
    public static int FreeTcpAndUdpPort()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreeTcpPort();
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
            }
        }
    }

    public static async Task<(int Exit, string Output)> RunAsync(string file, IEnumerable<string> arguments,
        IDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repo,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in time:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
        }
        return (process.ExitCode, string.Join(Environment.NewLine, output));
    }

    /// <summary>An HTTP client whose connections go to 127.0.0.1 (or <paramref name="to"/>) whatever the host name
    /// (like a DNS entry for the test's server name), from a chosen loopback source address, accepting any
    /// certificate unless told otherwise.</summary>
    public static HttpClient Client(IPAddress? from = null, bool redirects = false, CookieContainer? cookies = null,
        DecompressionMethods decompression = DecompressionMethods.None, Version? version = null, IPAddress? to = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = redirects,
            AutomaticDecompression = decompression,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (from is not null)
                        socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(new IPEndPoint(to ?? IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler)
        {
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestVersion = version ?? HttpVersion.Version11,
        };
    }

    /// <summary>Values of a header, from the response or its content, however many times it was sent.</summary>
    public static string[] Header(HttpResponseMessage response, string name) =>
        (response.Headers.TryGetValues(name, out var values) ? values : [])
        .Concat(response.Content.Headers.TryGetValues(name, out var content) ? content : [])
        .ToArray();

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> failure)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or SocketException or TaskCanceledException or AuthenticationException)
            {
            }
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"not reached after {timeout.TotalSeconds:0} s: {failure()}");
            await Task.Delay(100);
        }
    }

    private static string FindRepo()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ERaport.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException($"ERaport.sln not found above {AppContext.BaseDirectory}.");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public static void Signal(Process process, int signal)
    {
        if (!process.HasExited)
            kill(process.Id, signal);
    }
}

/// <summary>A long-running child process (nginx, Pebble, the app) whose output is kept in a log file and
/// the last lines in memory, for failure messages. Disposing kills it with everything it started.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int TailLines = 80;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _tail = new();
    private readonly StreamWriter _log;
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];

    public string Name { get; }

    private ChildProcess(string name, Process process, string logPath)
    {
        Name = name;
        _process = process;
        _log = new StreamWriter(logPath) { AutoFlush = true };
    }

    public static ChildProcess Start(string name, string file, IEnumerable<string> arguments, IDictionary<string, string> environment,
        string logPath, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? DeployTools.Repo,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        var child = new ChildProcess(name, new Process { StartInfo = start }, logPath);
        child._process.OutputDataReceived += (_, e) => child.Write(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Write(e.Data);
        if (!child._process.Start())
            throw new InvalidOperationException($"could not start {file}");
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    public bool HasExited => _process.HasExited;
    public int Id => _process.Id;

    /// <summary>Sends <paramref name="signal"/> (2, SIGINT, as Ctrl-C in a terminal; 15, SIGTERM) and waits until the process has
    /// ended and its output is read; its exit code.</summary>
    public async Task<int> StopAsync(int signal, TimeSpan timeout)
    {
        DeployTools.Signal(_process, signal);
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not stop within {timeout.TotalSeconds:0} s of signal {signal}{Environment.NewLine}{Tail()}");
        }
        return _process.ExitCode;
    }

    public IReadOnlyList<string> Lines()
    {
        lock (_lock)
            return _lines.ToList();
    }

    public string Tail() => $"--- last lines of {Name} ---{Environment.NewLine}{string.Join(Environment.NewLine, _tail)}";

    private void Write(string? line)
    {
        if (line is null)
            return;
        _tail.Enqueue(line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }
        lock (_lock)
        {
            _lines.Add(line);
            _log.WriteLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
        }
        _process.Dispose();
        lock (_lock)
            _log.Dispose();
    }
}
