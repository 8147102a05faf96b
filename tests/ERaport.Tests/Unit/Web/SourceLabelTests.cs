using ERaport.Web.Components;
using ERaport.Write.Common;

namespace ERaport.Tests.Unit.Web;

public sealed class SourceLabelTests
{
    [Fact]
    public void every_way_a_change_can_arrive_is_named_in_indonesian_words_not_its_code()
    {
        foreach (var source in Enum.GetValues<EntrySource>())
        {
            var label = Format.Source(source.ToString());
            label.ShouldNotBe(source.ToString(), $"{source} has no label of its own");
            label.ShouldNotBe("API", "a principal reads 'API' as jargon");
        }
        Format.Source(nameof(EntrySource.Api)).ShouldBe("Aplikasi lain (API)");
    }
}
