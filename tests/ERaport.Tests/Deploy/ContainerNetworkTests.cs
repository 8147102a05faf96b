using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace ERaport.Tests.Deploy;

/// <summary>nginx as compose runs it, in a network namespace of its own with the service's <c>sysctls</c>, in front of
/// an app on the other side of a veth pair: between containers, not on loopback.</summary>
public sealed class ContainerNetworkTests
{
    // Few ports, so that running out takes a hundred requests instead of 28,232; outside them nothing changes.
    private const int Ports = 100;

    /// <summary>The template resolves the app's name per request, so nginx opens a new connection to the app for each
    /// one and closes it first: the port then waits a minute in TIME_WAIT. Between containers Linux reuses none by
    /// default, so nginx would run out after its ports' worth of pages in a minute (28,232: about 470 a second)
    /// and answer 502.</summary>
    [Fact]
    public async Task between_containers_nginx_keeps_reaching_the_app_after_using_every_port_it_has()
    {
        using var compose = await ComposeTests.ResolvedAsync();
        var sysctls = compose.RootElement.GetProperty("services").GetProperty("nginx").TryGetProperty("sysctls", out var set)
            ? set.EnumerateObject().Select(s => (s.Name, Value: s.Value.ToString())).ToList()
            : [];

        await using var network = await NetworkNamespace.CreateAsync();
        foreach (var (name, value) in sysctls)
            await network.SetAsync(name, value);
        await network.SetAsync("net.ipv4.ip_local_port_range", $"40000 {40000 + Ports - 1}");

        var appPort = DeployTools.FreeTcpPort();
        await using var app = await StartAppAsync(network.HostAddress, appPort);
        await using var nginx = new NginxServer("eraport.test", network);
        await nginx.StartAsync($"{network.HostAddress}:{appPort}");

        using var http = DeployTools.Client(to: nginx.ListenAddress);
        var answers = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            // A port in TIME_WAIT may be taken again a second after its last packet (tcp_tw_reuse).
            if (round > 0)
                await Task.Delay(TimeSpan.FromSeconds(1.5));
            for (var i = 0; i < Ports - 10; i++)
                answers.Add(((int)(await http.GetAsync($"{nginx.HttpsOrigin}/")).StatusCode).ToString());
        }

        var counts = string.Join(", ", answers.CountBy(a => a).Select(c => $"{c.Value} × {c.Key}"));
        answers.Count(a => a != "200").ShouldBe(0, $"{answers.Count} pages through {Ports} ports: {counts}{Environment.NewLine}{nginx.Tail()}");
    }

    private static async Task<WebApplication> StartAppAsync(IPAddress address, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(address, port));
        var app = builder.Build();
        app.MapGet("/", () => "E-Raport");
        await app.StartAsync();
        return app;
    }
}
