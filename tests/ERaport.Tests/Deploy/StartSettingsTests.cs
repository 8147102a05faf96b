namespace ERaport.Tests.Deploy;

/// <summary>Settings the app cannot start with, as an operator mistypes them in .env: the start stops with one line
/// naming the setting and what to write instead, not a stack trace to read the cause out of.</summary>
public sealed class StartSettingsTests
{
    [Fact]
    public async Task an_unknown_time_zone_stops_the_start_with_one_line_naming_the_zones_to_use() =>
        ShouldStopWithOneLine(await StartAsync(new() { ["School__TimeZone"] = "Asia/Makasar" }),
            "'Asia/Makasar'", "TZ", "Asia/Jakarta (WIB)", "Asia/Makassar (WITA)", "Asia/Jayapura (WIT)");

    [Fact]
    public async Task a_missing_event_store_connection_stops_the_start_with_one_line() =>
        ShouldStopWithOneLine(await StartAsync(new() { ["ConnectionStrings__EventStore"] = "" }), "ConnectionStrings:EventStore");

    private static async Task<(int Exit, string Output)> StartAsync(Dictionary<string, string> settings)
    {
        var (_, dll) = AppProcess.Built();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__EventStore"] = "Host=127.0.0.1;Port=1;Database=none", // never reached
            ["ReadModel__Path"] = Path.Combine(DeployTools.TempDirectory("start-settings"), "readmodel.db"),
            ["Audit__ChainKey"] = Convert.ToBase64String(new byte[32]),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (name, value) in settings)
            environment[name] = value;
        return await DeployTools.RunAsync(AppProcess.Dotnet, [dll], environment, TimeSpan.FromSeconds(60));
    }

    private static void ShouldStopWithOneLine((int Exit, string Output) run, params string[] says)
    {
        run.Exit.ShouldBe(2, run.Output);
        var line = run.Output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).ShouldHaveSingleItem(run.Output);
        line.ShouldStartWith("E-Raport cannot start: ");
        foreach (var part in says)
            line.ShouldContain(part);
    }
}
