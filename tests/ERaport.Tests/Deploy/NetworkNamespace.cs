using System.Net;

namespace ERaport.Tests.Deploy;

/// <summary>A Linux network namespace joined to this one by a veth pair, as Docker joins a container to its
/// bridge: connections between the two leave loopback, so the kernel treats them as between containers (its
/// loopback-only defaults, such as reusing TIME_WAIT ports, do not apply). Needs root, as the deployment
/// tests' tools do.</summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private NetworkNamespace(string name, IPAddress hostAddress, IPAddress insideAddress)
    {
        Name = name;
        HostAddress = hostAddress;
        InsideAddress = insideAddress;
    }

    public string Name { get; }

    /// <summary>This side's end of the pair.</summary>
    public IPAddress HostAddress { get; }

    /// <summary>The namespace's end of the pair.</summary>
    public IPAddress InsideAddress { get; }

    public static async Task<NetworkNamespace> CreateAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        // A random /30 in 10.213.0.0/16, so parallel runs do not meet.
        var block = Random.Shared.Next(0, 16384) * 4;
        var subnet = $"10.213.{block / 256}.{block % 256}";
        var created = new NetworkNamespace($"eraport-{id}", IPAddress.Parse($"10.213.{block / 256}.{block % 256 + 1}"),
            IPAddress.Parse($"10.213.{block / 256}.{block % 256 + 2}"));
        var (host, inside) = ($"er{id}h", $"er{id}n");
        try
        {
            await IpAsync("netns", "add", created.Name);
            await IpAsync("link", "add", host, "type", "veth", "peer", "name", inside);
            await IpAsync("link", "set", inside, "netns", created.Name);
            await IpAsync("addr", "add", $"{created.HostAddress}/30", "dev", host);
            await IpAsync("link", "set", host, "up");
            await created.ExecAsync("ip", "addr", "add", $"{created.InsideAddress}/30", "dev", inside);
            await created.ExecAsync("ip", "link", "set", inside, "up");
            await created.ExecAsync("ip", "link", "set", "lo", "up");
            return created;
        }
        catch (Exception error)
        {
            await created.DisposeAsync();
            throw new InvalidOperationException($"Could not create a network namespace with a veth pair for {subnet}/30 (the test needs root).", error);
        }
    }

    /// <summary>Sets a kernel setting inside the namespace only, as Docker sets a service's <c>sysctls</c>.</summary>
    public Task SetAsync(string setting, string value) => ExecAsync("sysctl", "-w", $"{setting}={value}");

    /// <summary>The command line that runs <paramref name="file"/> inside the namespace (ip execs it: same process).</summary>
    public (string File, string[] Arguments) Command(string file, params string[] arguments) =>
        (DeployTools.Tool("ip"), ["netns", "exec", Name, file, .. arguments]);

    private async Task ExecAsync(string file, params string[] arguments)
    {
        var (ip, all) = Command(DeployTools.Tool(file), arguments);
        await RunAsync(ip, all);
    }

    private static Task IpAsync(params string[] arguments) => RunAsync(DeployTools.Tool("ip"), arguments);

    private static async Task RunAsync(string file, string[] arguments)
    {
        var (exit, output) = await DeployTools.RunAsync(file, arguments);
        if (exit != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({exit}): {output}");
    }

    /// <summary>Deleting the namespace deletes its end of the pair, and with it this end.</summary>
    public async ValueTask DisposeAsync() => await DeployTools.RunAsync(DeployTools.Tool("ip"), ["netns", "del", Name]);
}
