using System.Diagnostics;
using ERaport.Read.ReadModel;
using JasperFx.CommandLine;
using Marten;

namespace ERaport.Web.Operations;

public sealed class ReadModelDigestInput : NetCoreInput
{
    [Description("Replay events up to this sequence (default: the last one)")]
    public long UntilFlag { get; set; }
}

/// <summary>`read-model-digest`: replays the event store into a throwaway read model and prints a digest
/// per table. Two event stores (an original and its restored backup) hold the same content when their
/// digests at the same sequence are equal; the restore drill relies on it.</summary>
[Description("Rebuild a throwaway read model from the event store and print a digest per table", Name = "read-model-digest")]
public sealed class ReadModelDigestCommand : JasperFxAsyncCommand<ReadModelDigestInput>
{
    public override async Task<bool> Execute(ReadModelDigestInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var directory = Directory.CreateTempSubdirectory("eraport-digest-");
        try
        {
            var clock = Stopwatch.StartNew();
            await using var session = store.QuerySession();
            var until = input.UntilFlag > 0
                ? input.UntilFlag
                : await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync();
            var readModel = new ReadModelStore(Path.Combine(directory.FullName, "digest.db"));
            await readModel.InitializeAsync();
            await ReadModelCatchUp.RunAsync(session, readModel, until, CancellationToken.None);
            foreach (var (table, rows, sha256) in ReadModelSnapshot.Digest(await ReadModelSnapshot.TakeAsync(readModel)))
                Console.WriteLine($"{table} {rows} {sha256}");
            Console.WriteLine($"# replayed up to sequence {until} in {clock.Elapsed.TotalSeconds:N1} s");
            readModel.Discard();
            return true;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
