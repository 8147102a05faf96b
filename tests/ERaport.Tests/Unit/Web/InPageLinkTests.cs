using System.Text.RegularExpressions;
using ERaport.Tests.Deploy;

namespace ERaport.Tests.Unit.Web;

/// <summary>Every page has &lt;base href="/"&gt;, so a bare href="#anchor" resolves to "/#anchor": the link meant to
/// scroll down the page opens the home page instead ("Serahkan semua" on a disabled teacher's account did).</summary>
public sealed class InPageLinkTests
{
    [Fact]
    public void no_page_links_to_a_bare_fragment_which_the_base_address_turns_into_the_home_page()
    {
        var components = Directory.GetFiles(DeployTools.RepoPath("src", "Web", "Components"), "*.razor", SearchOption.AllDirectories);

        var bare = components
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => Regex.IsMatch(l.Text, "href=\"#"))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        bare.ShouldBeEmpty();
    }
}
