using System.Security.Claims;
using ERaport.Web.Components;

namespace ERaport.Tests.Unit.Web;

public sealed class ChangedByTests
{
    private static readonly Dictionary<string, string> Names = new() { ["guru.mtk"] = "Bambang Sutrisno, S.Pd.", ["kepsek"] = "Dra. Sri Wahyuni" };

    private static ClaimsPrincipal Reader(string userName) => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, userName)], "test"));

    [Fact]
    public void a_conflict_with_the_readers_own_other_tab_says_it_was_them_and_anyone_elses_gives_their_name()
    {
        Format.ChangedBy("guru.mtk", Names, Reader("guru.mtk")).ShouldBe("Anda sendiri (di tab atau perangkat lain)");
        Format.ChangedBy("kepsek", Names, Reader("guru.mtk")).ShouldBe("Dra. Sri Wahyuni");
        Format.ChangedBy("guru.lama", Names, Reader("guru.mtk")).ShouldBe("guru.lama", "an account no longer in the read model keeps its user name");
    }
}
