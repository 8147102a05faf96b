using ERaport.Read.Audit;
using JasperFx.CommandLine;

namespace ERaport.Web.Operations;

public sealed class VerifyEventsInput : NetCoreInput
{
    [Description("A checkpoint kept outside the server, as sequence:root (repeatable)")]
    public List<string> CheckpointFlag { get; set; } = [];
}

/// <summary>`verify-events`: re-checks the whole event log against the tamper-evidence chain; exit code 1
/// and the first bad event when something was changed, inserted or removed outside the app.</summary>
[Description("Verify the event log against its hash chain and checkpoints", Name = "verify-events")]
public sealed class VerifyEventsCommand : JasperFxAsyncCommand<VerifyEventsInput>
{
    public override async Task<bool> Execute(VerifyEventsInput input)
    {
        using var host = input.BuildHost();
        var chain = host.Services.GetRequiredService<EventChain>();
        var external = input.CheckpointFlag.Select(c => c.Split(':')).Select(p => (long.Parse(p[0]), p[1])).ToList();
        var result = await chain.VerifyAsync(external, CancellationToken.None);
        Console.WriteLine(result.Intact ? $"OK: {result.Message}" : $"TAMPERED ({result.Problem}, event {result.ProblemSequence}): {result.Message}");
        return result.Intact;
    }
}
