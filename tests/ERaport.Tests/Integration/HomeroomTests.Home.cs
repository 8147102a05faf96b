using System.Text.RegularExpressions;
using AngleSharp.Dom;
using ERaport.Write.Common;
using ERaport.Write.School;

namespace ERaport.Tests.Integration;

/// <summary>In the last days of the semester a wali kelas opens E-Raport for their class: the home page tells how far it is,
/// and /wali goes straight to it.</summary>
public sealed partial class HomeroomTests
{
    private static string Text(IElement element) => Regex.Replace(element.TextContent, @"\s+", " ").Trim();

    [Fact]
    public async Task the_home_page_tells_the_wali_kelas_how_far_their_class_is_with_a_link_to_where_each_thing_left_is_done()
    {
        var (c, wali, principal) = await LockedClassAsync(); // Ayu's attendance and note written; nothing else; no grades
        await wali.DownloadAsync($"/rapor/{c.ClassId}/pdf"); // the class printed
        var (approved, waiting) = (Guid.NewGuid(), Guid.NewGuid());
        await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(approved, c.Students[0]));
        await principal.PostJsonAsync($"/api/correction-requests/{approved}/approve", new { commandId = Guid.NewGuid(), reason = "Surat dokter diterima" });
        await wali.PostJsonAsync(Api(c, "/correction-requests"), new
        {
            commandId = waiting, studentId = c.Students[0], part = "ketidakhadiran", sick = 4, permitted = 0, unexcused = 0,
            seenAttendance = new { sick = 3, permitted = 0, unexcused = 0 }, reason = "Surat dokter kedua",
        });
        await app.CatchUpAsync();

        var block = (await wali.GetPageAsync("/")).QuerySelector($"[data-homeroom-class='{c.ClassId}']").ShouldNotBeNull();

        Text(block.QuerySelector("h2")!).ShouldBe("Kelas 10-A");
        string Line(string what) => Text(block.QuerySelector($"[data-{what}]").ShouldNotBeNull($"no {what} line"));
        string Link(string what) => block.QuerySelector($"[data-{what}] a")!.GetAttribute("href")!;
        Line("complete").ShouldBe("Rapor lengkap: 0 dari 3");
        Link("complete").ShouldBe($"/rapor/{c.ClassId}");
        Line("empty-parts").ShouldBe("Belum diisi: deskripsi kokurikuler 3 peserta didik, ketidakhadiran 2 peserta didik, catatan wali kelas 2 peserta didik");
        Link("empty-parts").ShouldBe($"/wali/{c.ClassId}/koreksi", "the cards are locked: a part is filled through a correction request");
        Line("subjects-behind").ShouldStartWith("Nilai belum lengkap: Matematika ");
        Link("subjects-behind").ShouldBe($"/wali/{c.ClassId}");
        Line("changed-since-print").ShouldBe("1 rapor berubah sejak dicetak");
        Link("changed-since-print").ShouldBe($"/rapor/{c.ClassId}");
        Line("corrections").ShouldBe("Permintaan koreksi: 1 menunggu keputusan, 1 diputuskan 7 hari terakhir");
        Link("corrections").ShouldBe($"/wali/{c.ClassId}/koreksi");
    }

    [Fact]
    public async Task the_home_page_of_a_wali_kelas_of_an_unlocked_class_links_each_empty_part_to_its_form_and_says_nothing_of_prints_and_corrections()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), [.. c.Students.Select(s => (object)new { studentId = s })]));

        var block = (await wali.GetPageAsync("/")).QuerySelector($"[data-homeroom-class='{c.ClassId}']").ShouldNotBeNull();

        block.QuerySelectorAll("[data-empty-parts] a").Select(a => (Text(a), a.GetAttribute("href"))).ShouldBe(
        [
            ("deskripsi kokurikuler 3 peserta didik", $"/wali/{c.ClassId}/catatan"),
            ("catatan wali kelas 3 peserta didik", $"/wali/{c.ClassId}/catatan"),
        ]);
        block.QuerySelector("[data-changed-since-print]").ShouldBeNull();
        block.QuerySelector("[data-corrections]").ShouldBeNull();
    }

    [Fact]
    public async Task only_a_class_of_the_newest_term_is_summed_up_on_the_home_page_and_opened_straight_from_wali()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");

        var only = await wali.SendAsync(s =>
        {
            s.Get.Url("/wali");
            s.StatusCodeShouldBe(302);
        });
        new Uri(only.Context.Response.Headers.Location.ToString()).AbsolutePath.ShouldBe($"/wali/{c.ClassId}", "one class this term: no list to click through");
        (await wali.GetPageAsync("/wali?semua=true")).QuerySelector($"a[href='/wali/{c.ClassId}']").ShouldNotBeNull("every class, earlier terms too");

        // A newer term where wali.x1 has no class: last term's class is no longer theirs to chase.
        await Send(new OpenTerm(Guid.NewGuid(), Guid.NewGuid(), MasterDataFixture.NewSchoolYear(), 1, null, System, EntrySource.Seed));
        await app.CatchUpAsync();
        (await wali.GetPageAsync("/")).QuerySelector("[data-homeroom-class]").ShouldBeNull();
        (await wali.GetPageAsync("/wali")).QuerySelector($"a[href='/wali/{c.ClassId}']").ShouldNotBeNull();
        (await (await app.SignInAsync("guru.mtk")).GetPageAsync("/")).QuerySelector("[data-homeroom-class]").ShouldBeNull();
    }
}
