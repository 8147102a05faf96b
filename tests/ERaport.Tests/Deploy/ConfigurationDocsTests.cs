using System.Reflection;
using System.Text.RegularExpressions;

namespace ERaport.Tests.Deploy;

/// <summary>The settings an operator can give the app, as the code reads them, against README's "Configuration" table,
/// docker-compose.yml and the Dockerfile: a setting nobody documented is one nobody changes, and a mistyped environment
/// variable (`Proxy__KnownNetwork`) is silently ignored, leaving the default in force.</summary>
public sealed class ConfigurationDocsTests
{
    [Fact]
    public void every_setting_the_app_reads_is_in_the_readme_and_every_one_documented_or_set_is_read()
    {
        var read = SettingsTheAppReads();
        read.ShouldContain("ConnectionStrings:EventStore");
        read.ShouldContain("Accounts:LockoutFailures");
        read.ShouldContain("Verification:PublicBaseUrl");

        var rows = ConfigurationTableRows();
        var undocumented = read.Where(key => !rows.Any(row => Documents(row, key))).ToList();
        undocumented.ShouldBeEmpty("missing from README.md's Configuration table");

        // First column only: `Section:Key` names, the rest of a row's names are that section's.
        var documented = rows.SelectMany(row => DocumentedKeys(row.Split('|')[1])).ToList();
        documented.ShouldNotBeEmpty();
        documented.Where(key => !read.Contains(key)).ShouldBeEmpty("in README.md's Configuration table but read nowhere in src/");

        var set = EnvironmentVariables(File.ReadAllText(DeployTools.RepoPath("docker-compose.yml")), @"^\s+([A-Za-z]+__[A-Za-z_]+):")
            .Concat(EnvironmentVariables(File.ReadAllText(DeployTools.RepoPath("Dockerfile")), @"\b([A-Za-z]+__[A-Za-z_]+)="))
            .ToList();
        set.ShouldContain("DataProtection:KeysPath");
        set.Where(key => !read.Contains(key)).ShouldBeEmpty("set in docker-compose.yml or the Dockerfile but read nowhere in src/");
    }

    /// <summary>Keys named in src/ ("Section:Key" literals, connection strings) and the settable properties of options
    /// classes bound to a section (a public const Section).</summary>
    private static HashSet<string> SettingsTheAppReads()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(DeployTools.RepoPath("src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Generated{Path.DirectorySeparatorChar}")))
        {
            var code = File.ReadAllText(file);
            foreach (Match m in Regex.Matches(code, @"""([A-Z][A-Za-z]+(?::[A-Z][A-Za-z]+)+)"""))
                keys.Add(m.Groups[1].Value);
            foreach (Match m in Regex.Matches(code, @"GetConnectionString\(""([A-Za-z]+)""\)"))
                keys.Add($"ConnectionStrings:{m.Groups[1].Value}");
        }
        foreach (var type in typeof(ERaport.Web.Hosting.ERaportHost).Assembly.GetTypes())
        {
            if (type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field
                || field.GetRawConstantValue() is not string section)
                continue;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                keys.Add($"{section}:{property.Name}");
        }
        return keys;
    }

    private static List<string> ConfigurationTableRows()
    {
        var readme = File.ReadAllText(DeployTools.RepoPath("README.md"));
        var start = readme.IndexOf("\n## Configuration\n", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "README.md has a Configuration section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..end].Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();
    }

    /// <summary>The key in full, or its section's row naming the key's last part.</summary>
    private static bool Documents(string row, string key)
    {
        var first = row.Split('|')[1];
        if (first.Contains($"`{key}`", StringComparison.Ordinal))
            return true;
        var section = key[..key.LastIndexOf(':')];
        return first.Contains($"`{section}:", StringComparison.Ordinal) && first.Contains($"`{key[(key.LastIndexOf(':') + 1)..]}`", StringComparison.Ordinal);
    }

    private static IEnumerable<string> DocumentedKeys(string firstColumn)
    {
        string? section = null;
        foreach (Match m in Regex.Matches(firstColumn, "`([A-Za-z:]+)`"))
        {
            var name = m.Groups[1].Value;
            if (name.Contains(':'))
            {
                section = name[..name.LastIndexOf(':')];
                yield return name;
            }
            else if (section is not null)
                yield return $"{section}:{name}";
        }
    }

    private static IEnumerable<string> EnvironmentVariables(string text, string pattern) =>
        Regex.Matches(text, pattern, RegexOptions.Multiline).Select(m => m.Groups[1].Value.Replace("__", ":"));
}
