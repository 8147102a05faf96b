namespace ERaport.Tests.Deploy;

/// <summary>The project's nginx (stand-in certificate) in front of the published app, both on loopback.
/// The app trusts forwarded headers only from 127.0.0.1, where nginx connects from; test clients connect
/// from other 127.0.0.x addresses, so "the client's address" is distinguishable from the proxy's.</summary>
public sealed class ProxyFixture : IAsyncLifetime
{
    public const string ServerName = "eraport.test";

    public PublishedApp App { get; } = new();
    public NginxServer Nginx { get; } = new(ServerName);

    public async Task InitializeAsync()
    {
        try
        {
            await App.StartAsync(new Dictionary<string, string>
            {
                ["Proxy__KnownNetworks"] = "127.0.0.1/32",
                // ProxySetup's request line (Debug, off by default) shows what the app believes.
                ["Logging__LogLevel__ERaport.Web.Hosting.ProxySetup"] = "Debug",
            });
            await Nginx.StartAsync(App.Upstream);
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
        await App.DisposeAsync();
    }

    /// <summary>For failure messages: what nginx and the app said last.</summary>
    public string Logs() => $"{Nginx.Tail()}{Environment.NewLine}{App.Tail()}";

    /// <summary>The app's request lines ("Request GET /x from 127.0.0.5 over https") for a path.</summary>
    public string[] RequestLines(string path) =>
        App.Lines().Where(l => l.Contains("Request ") && l.Contains($" {path} from ")).Select(l => l.Trim()).ToArray();
}

[CollectionDefinition(Name)]
public sealed class ProxyCollection : ICollectionFixture<ProxyFixture>
{
    public const string Name = "deploy-proxy";
}
