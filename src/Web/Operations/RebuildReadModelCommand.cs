using ERaport.Read.ReadModel;
using JasperFx.CommandLine;

namespace ERaport.Web.Operations;

/// <summary>`rebuild-read-model`: rebuilds the SQLite read model from the event store into a new file and
/// publishes it; a running app adopts it within seconds, a stopped one on its next start.</summary>
[Description("Rebuild the SQLite read model from event 0 without stopping the app", Name = "rebuild-read-model")]
public sealed class RebuildReadModelCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var live = host.Services.GetRequiredService<ReadModelStore>();
        await live.InitializeAsync();
        var rebuild = host.Services.GetRequiredService<ReadModelRebuild>();
        rebuild.TryStart(swap: false);
        while (!rebuild.Running.IsCompleted)
        {
            await Task.WhenAny(rebuild.Running, Task.Delay(TimeSpan.FromSeconds(1)));
            Print(rebuild.Progress);
        }
        var result = rebuild.Progress;
        Console.WriteLine(result.State == RebuildState.Succeeded
            ? $"Done: {result.Done:N0} events; published {live.PublishedPath()}. A running E-Raport switches to it within seconds."
            : $"Failed: {result.Error}{(result.FailedSequence is { } s ? $" (event {s}, {result.FailedEventType})" : "")}. The current read model is unchanged.");
        return result.State == RebuildState.Succeeded;
    }

    private static void Print(RebuildProgress p) =>
        Console.WriteLine(p.Stage switch
        {
            RebuildStage.BuildingIndexes => $"{p.Done:N0} events applied; building and checking the indexes",
            RebuildStage.Swapping => "Indexes built; applying the latest events",
            _ => $"{p.Done:N0} / {p.Total:N0} events ({p.Percent:N0}%), {p.EventsPerSecond:N0} events/s" +
                (p.TimeLeft is { } left ? $", {left.TotalSeconds:N0} s left" : ""),
        });
}
