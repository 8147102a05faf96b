namespace ERaport.Tests.Integration;

/// <summary>A wali kelas printing at the last minute learns which written parts of the cards are still empty, before
/// they come out of the printer as "–".</summary>
public sealed partial class HomeroomTests
{
    [Fact]
    public async Task a_wali_kelas_about_to_print_is_told_which_cards_still_have_no_kokurikuler_or_catatan()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var ayu = c.Students[0];
        await wali.PostJsonAsync(Api(c, "/notes"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = ayu, homeroomNote = "Rajin." } } });

        var cards = await wali.GetPageAsync($"/rapor/{c.ClassId}");
        var warning = cards.QuerySelector("[data-empty-homeroom]")!;
        warning.TextContent.ShouldContain($"deskripsi kokurikuler {c.Students.Count} peserta didik");
        warning.TextContent.ShouldContain($"catatan wali kelas {c.Students.Count - 1} peserta didik");
        warning.QuerySelector($"a[href='/wali/{c.ClassId}/catatan']").ShouldNotBeNull();

        var card = await wali.GetPageAsync($"/rapor/{c.ClassId}/{ayu}");
        card.QuerySelector("[data-empty-homeroom]")!.TextContent.ShouldBe("Belum diisi wali kelas (tercetak \"–\"): deskripsi kokurikuler.");
    }
}
