namespace ERaport.Tests.Integration;

/// <summary>The class's report-card history (<c>/wali/{class}/riwayat</c>).</summary>
public sealed partial class HomeroomTests
{
    private static string HistoryOf(HomeroomClassSetup c) => $"/wali/{c.ClassId}/riwayat";

    private static List<string> HistoryRows(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("table.history tbody tr").Select(r => r.TextContent)];

    [Fact]
    public async Task the_history_names_a_kokurikuler_correction_in_the_words_of_its_request_form()
    {
        var (c, wali, principal) = await LockedClassAsync();
        var form = await wali.GetPageAsync($"/wali/{c.ClassId}/koreksi/{c.Students[0]}");
        var label = form.QuerySelector("form[data-form=kokurikuler] h3")!.TextContent;
        var requestId = Guid.NewGuid();
        await wali.PostJsonAsync(Api(c, "/correction-requests"), new
        {
            commandId = requestId, studentId = c.Students[0], part = "kokurikuler", text = "Aktif dalam proyek kewirausahaan.", seenText = "",
            reason = "Terlewat saat pengisian",
        });
        await app.CatchUpAsync();
        await principal.PostJsonAsync($"/api/correction-requests/{requestId}/approve", new { commandId = Guid.NewGuid(), reason = "Sesuai laporan proyek" });
        await app.CatchUpAsync(); // the wali kelas holds no read-your-writes token for the principal's approval

        label.ShouldBe("Deskripsi kokurikuler");
        var page = await wali.GetPageAsync(HistoryOf(c));
        // Newest first: the text the approval wrote, the approval, the request.
        page.QuerySelectorAll("table.history tbody tr").Take(3).Select(r => r.QuerySelector("td[data-label=Bagian]")!.TextContent)
            .ShouldBe([label, label, label]);
        HistoryRows(page)[0].ShouldContain("Aktif dalam proyek kewirausahaan.");
    }
}
