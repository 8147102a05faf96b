namespace ERaport.Tests.Deploy;

/// <summary>AUDIT_CHAIN_KEY in .env (Audit__ChainKey) as the app reads it at start: a key too weak, mistyped or left as
/// the placeholder stops the start with one line saying what is wrong and how to make a good key.</summary>
public sealed class ChainKeyTests
{
    [Theory]
    [InlineData("AQID", "is 3 bytes")] // openssl rand -base64 3
    [InlineData("not a key!", "is not base64")]
    [InlineData("change-me-openssl-rand-base64-32", "placeholder")] // .env.example as it is
    public async Task a_weak_or_bad_chain_key_stops_the_start_with_one_line_saying_how_to_make_one(string key, string says)
    {
        var (_, dll) = AppProcess.Built();
        var directory = DeployTools.TempDirectory("chain-key");
        var (exit, output) = await DeployTools.RunAsync(AppProcess.Dotnet, [dll], new Dictionary<string, string>
        {
            ["ConnectionStrings__EventStore"] = "Host=127.0.0.1;Port=1;Database=none", // never reached
            ["ReadModel__Path"] = Path.Combine(directory, "readmodel.db"),
            ["Audit__ChainKey"] = key,
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
        }, TimeSpan.FromSeconds(60));

        exit.ShouldNotBe(0, output);
        var line = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem(output);
        line.ShouldContain("AUDIT_CHAIN_KEY");
        line.ShouldContain(says);
        line.ShouldContain("openssl rand -base64 32");
    }
}
