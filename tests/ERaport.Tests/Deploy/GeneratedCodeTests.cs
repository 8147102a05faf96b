namespace ERaport.Tests.Deploy;

/// <summary>The handler adapters committed in src/Web/Internal/Generated are what production loads (it never
/// compiles them): they must be exactly what `codegen write` produces from the handlers as they are now.</summary>
public sealed class GeneratedCodeTests
{
    [Fact]
    public async Task committed_handler_code_is_what_codegen_writes_from_the_current_handlers()
    {
        var (_, dll) = AppProcess.Built();
        var output = DeployTools.TempDirectory("codegen");
        try
        {
            // The same command scripts/codegen.sh runs, with a scratch content root to write into.
            var (exit, log) = await DeployTools.RunAsync(AppProcess.Dotnet,
                [dll, "codegen", "write", "--environment", "Development", "--contentroot", output],
                new Dictionary<string, string>
                {
                    ["ConnectionStrings__EventStore"] = "Host=127.0.0.1;Database=codegen",
                    ["ReadModel__Path"] = Path.Combine(output, "readmodel.db"),
                },
                TimeSpan.FromSeconds(120), output);
            exit.ShouldBe(0, log);

            var committed = Files(DeployTools.RepoPath("src", "Web", "Internal", "Generated"));
            var fresh = Files(Path.Combine(output, "Internal", "Generated"));
            var stale = fresh.Keys.Union(committed.Keys).Order()
                .Where(f => committed.GetValueOrDefault(f) != fresh.GetValueOrDefault(f))
                .Select(f => $"{f} ({(committed.ContainsKey(f) ? fresh.ContainsKey(f) ? "differs" : "no longer generated" : "missing")})")
                .ToList();
            stale.ShouldBeEmpty("the generated handler code is stale: run ./scripts/codegen.sh and commit src/Web/Internal/Generated");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static Dictionary<string, string> Files(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(root, f), File.ReadAllText)
            : [];
}
