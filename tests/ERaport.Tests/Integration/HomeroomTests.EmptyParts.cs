using System.Text.RegularExpressions;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;

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
        card.QuerySelector("[data-empty-homeroom]")!.TextContent.ShouldBe("Belum diisi wali kelas (tercetak \"–\"): deskripsi kokurikuler. Isi sekarang.");
    }

    [Fact]
    public async Task attendance_never_saved_is_named_before_printing_and_a_save_of_zero_days_counts_as_entered()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var (ayu, bagus) = (c.Students[0], c.Students[1]);
        await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), new { studentId = ayu, sick = 2 }, new { studentId = bagus, sick = 0 }));

        var cards = await wali.GetPageAsync($"/rapor/{c.ClassId}");
        Regex.Replace(cards.QuerySelector("[data-attendance-not-recorded]")!.TextContent, @"\s+", " ").Trim().ShouldBe(
            $"Ketidakhadiran belum pernah disimpan wali kelas untuk {c.Students.Count - 2} peserta didik (tercetak 0 hari). Isi di Ketidakhadiran.");
        (await wali.GetPageAsync($"/rapor/{c.ClassId}/{bagus}")).QuerySelector("[data-attendance-not-recorded]").ShouldBeNull("0 days saved is entered");
        (await wali.GetPageAsync($"/rapor/{c.ClassId}/{c.Students[2]}")).QuerySelector("[data-attendance-not-recorded]").ShouldNotBeNull();
        (await wali.GetPageAsync($"/wali/{c.ClassId}")).QuerySelector("[data-part=ketidakhadiran] > a:last-of-type")!.GetAttribute("href")
            .ShouldBe($"/wali/{c.ClassId}/ketidakhadiran");

        await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), [.. c.Students.Skip(2).Select(s => (object)new { studentId = s })]));
        (await wali.GetPageAsync($"/rapor/{c.ClassId}")).QuerySelector("[data-attendance-not-recorded]").ShouldBeNull();
        (await wali.GetPageAsync($"/wali/{c.ClassId}")).QuerySelector("[data-part=ketidakhadiran]").ShouldBeNull();
    }

    [Fact]
    public async Task the_class_progress_and_the_lock_page_name_the_students_whose_written_parts_are_still_empty()
    {
        var c = await ClassAsync(semester: 2);
        var wali = await app.SignInAsync("wali.x1");
        var (ayu, bagus) = (c.Students[0], c.Students[1]);
        await wali.PostJsonAsync(Api(c, "/notes"), new
        {
            commandId = Guid.NewGuid(),
            entries = new object[] { new { studentId = ayu, kokurikuler = "Kreatif.", homeroomNote = "Rajin." }, new { studentId = bagus, homeroomNote = "Teliti." } },
        });
        await wali.PostJsonAsync(Api(c, "/promotions"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = ayu, kind = "promoted" } } });

        var progress = await wali.GetPageAsync($"/wali/{c.ClassId}");
        var parts = progress.QuerySelectorAll("[data-homeroom-missing] li").Select(li => Regex.Replace(li.TextContent, @"\s+", " ").Trim()).ToList();
        parts.ShouldBe(
        [
            "Deskripsi kokurikuler: 2 dari 3 peserta didik belum diisi (Bagus Santoso, Cahya Putri). Isi deskripsi kokurikuler",
            "Ketidakhadiran: belum diisi untuk semua peserta didik. Isi ketidakhadiran",
            "Catatan wali kelas: 1 dari 3 peserta didik belum diisi (Cahya Putri). Isi catatan wali kelas",
            "Keputusan: 2 dari 3 peserta didik belum diisi (Bagus Santoso, Cahya Putri). Isi keputusan",
        ]);
        progress.QuerySelector("[data-part=kenaikan] > a:last-of-type")!.GetAttribute("href").ShouldBe($"/wali/{c.ClassId}/kenaikan");

        // Locking would leave them to correction requests: the lock page says so before the tick.
        var lockPage = await wali.GetPageAsync($"/kelas/{c.ClassId}/kunci");
        lockPage.QuerySelectorAll("[data-incomplete] [data-homeroom-missing] li").Length.ShouldBe(4);

        // The principal reads the same list, without the wali kelas's links.
        await Send(new GrantRole(Guid.NewGuid(), app.School.User("kepsek").UserId, new RoleGrant(Role.Principal, c.TermId, null), System, EntrySource.Seed));
        var principal = await app.SignInAsync("kepsek");
        (await principal.GetPageAsync($"/wali/{c.ClassId}")).QuerySelectorAll("[data-homeroom-missing] li a").Length.ShouldBe(0);

        await wali.PostJsonAsync(Api(c, "/notes"), new
        {
            commandId = Guid.NewGuid(),
            entries = new object[]
            {
                new { studentId = bagus, kokurikuler = "Tekun." },
                new { studentId = c.Students[2], kokurikuler = "Aktif.", homeroomNote = "Ramah." },
            },
        });
        await wali.PostJsonAsync(Api(c, "/promotions"), new
        {
            commandId = Guid.NewGuid(),
            entries = new[] { new { studentId = bagus, kind = "promoted" }, new { studentId = c.Students[2], kind = "retained" } },
        });
        // Cards that already exist (their notes were written) take a first 0-day entry as well.
        await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), [.. c.Students.Select(s => (object)new { studentId = s })]));
        (await wali.GetPageAsync($"/wali/{c.ClassId}")).QuerySelector("[data-homeroom-complete]").ShouldNotBeNull();
        var ready = await wali.GetPageAsync($"/kelas/{c.ClassId}/kunci");
        ready.QuerySelector("[data-homeroom-missing]").ShouldBeNull();
    }
    /// <summary>The last day: "Catatan wali kelas: belum diisi (Bagus Santoso)". The name opens Bagus's own card on the notes
    /// page (on a phone the 36th card is dozens of screens down the list), and once the class is locked, when that page is
    /// read-only, it opens Bagus's correction request instead; so does the warning on his rapor, where a mistake is found.</summary>
    [Fact]
    public async Task a_student_named_as_missing_a_written_part_links_to_their_form_and_once_locked_to_their_correction_request()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var (ayu, bagus) = (c.Students[0], c.Students[1]);
        await wali.PostJsonAsync(Api(c, "/notes"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = ayu, kokurikuler = "Kreatif.", homeroomNote = "Rajin." } } });
        await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), new { studentId = ayu, sick = 1 }));

        var progress = await wali.GetPageAsync($"/wali/{c.ClassId}");
        var missing = progress.QuerySelector("[data-homeroom-missing]")!;
        missing.QuerySelectorAll($"a[href='/wali/{c.ClassId}/catatan#s-{bagus}']").Select(a => a.TextContent).ShouldBe(["Bagus Santoso", "Bagus Santoso"]);
        missing.QuerySelector($"a[href='/wali/{c.ClassId}/ketidakhadiran#s-{bagus}']")!.TextContent.ShouldBe("Bagus Santoso");
        (await wali.GetPageAsync($"/wali/{c.ClassId}/ketidakhadiran")).QuerySelector($"#s-{bagus}").ShouldNotBeNull();
        (await wali.GetPageAsync($"/rapor/{c.ClassId}/{bagus}")).QuerySelector($"[data-empty-homeroom] a[href='/wali/{c.ClassId}/catatan#s-{bagus}']")
            .ShouldNotBeNull();

        await wali.PostJsonAsync($"/api/classes/{c.ClassId}/lock", new { commandId = Guid.NewGuid() });

        var locked = (await wali.GetPageAsync($"/wali/{c.ClassId}")).QuerySelector("[data-homeroom-missing]")!;
        locked.QuerySelector($"a[href='/wali/{c.ClassId}/koreksi/{bagus}']")!.TextContent.ShouldBe("Bagus Santoso");
        locked.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ShouldAllBe(href => href!.StartsWith($"/wali/{c.ClassId}/koreksi"));
        locked.QuerySelectorAll($"a[href='/wali/{c.ClassId}/koreksi']").Select(a => a.TextContent).ShouldAllBe(text => text == "Ajukan koreksi");
        var cards = (await wali.GetPageAsync($"/rapor/{c.ClassId}")).QuerySelector("[data-empty-homeroom]")!;
        cards.QuerySelector($"a[href='/wali/{c.ClassId}/catatan']").ShouldBeNull("the notes page is read-only once locked");
        cards.QuerySelector($"a[href='/wali/{c.ClassId}/koreksi']").ShouldNotBeNull();
        var card = await wali.GetPageAsync($"/rapor/{c.ClassId}/{bagus}");
        card.QuerySelector($"[data-empty-homeroom] a[href='/wali/{c.ClassId}/koreksi/{bagus}']").ShouldNotBeNull();
        // A mistake found on a printed card that is not an empty part (a wrong number of days) is asked for from the card too.
        card.QuerySelector($"[data-correct-card] a[href='/wali/{c.ClassId}/koreksi/{bagus}']").ShouldNotBeNull();
        (await wali.GetPageAsync($"/rapor/{c.ClassId}/{ayu}")).QuerySelector($"[data-correct-card] a[href='/wali/{c.ClassId}/koreksi/{ayu}']").ShouldNotBeNull();
    }
    /// <summary>The class's kokurikuler project is one sentence for most of 36 students: the wali kelas writes it once for every
    /// card still without one, then changes the few who differ; a description already written is never replaced.</summary>
    [Fact]
    public async Task one_kokurikuler_description_fills_every_card_still_without_one_and_replaces_none()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var (ayu, bagus, cahya) = (c.Students[0], c.Students[1], c.Students[2]);
        await wali.PostJsonAsync(Api(c, "/notes"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = ayu, kokurikuler = "Memimpin kelompok." } } });

        var notes = $"/wali/{c.ClassId}/catatan";
        var saved = await wali.SubmitAsync(await wali.GetPageAsync(notes), "form[data-form=kokurikuler-semua]", notes,
            new Dictionary<string, string> { ["kokurikuler"] = "Dalam projek \"Kearifan Lokal\", ananda aktif." }, 302);
        saved.Context.Response.Headers.Location.ToString().ShouldEndWith("/catatan?disimpan=2");

        var sections = await SectionsAsync(c);
        sections[ayu].Kokurikuler.ShouldBe("Memimpin kelompok.");
        sections[bagus].Kokurikuler.ShouldBe("Dalam projek \"Kearifan Lokal\", ananda aktif.");
        sections[cahya].Kokurikuler.ShouldBe("Dalam projek \"Kearifan Lokal\", ananda aktif.");
        sections[bagus].HomeroomNote.ShouldBeNull();
    }
    /// <summary>Two days before the rapor, Matematika is still missing for two students: the wali kelas nudges its teacher
    /// with a message already naming the subject, the class and whom, to send as it is (WhatsApp, or copied).</summary>
    [Fact]
    public async Task the_class_progress_offers_the_wali_kelas_a_reminder_naming_the_subject_and_the_students_still_missing_for_its_teacher()
    {
        var c = await ClassAsync();
        await Send(new SaveScores(Guid.NewGuid(), c.Gradebook,
        [
            new ScoreEntry(c.Students[0], "tp1", "80", null), new ScoreEntry(c.Students[0], Assessment.SemesterTest, "70", null),
            new ScoreEntry(c.Students[0], Assessment.SemesterNonTest, "80", null),
        ], null, app.School.User("guru.mtk"), EntrySource.Seed));
        await app.CatchUpAsync();
        var wali = await app.SignInAsync("wali.x1");

        var reminder = (await wali.GetPageAsync($"/wali/{c.ClassId}")).QuerySelector($"[data-reminder='{c.Gradebook}']").ShouldNotBeNull();
        var text = reminder.QuerySelector("textarea")!.TextContent;
        text.ShouldStartWith("Yth. Bambang Matematika, nilai Matematika ");
        text.ShouldContain(" kelas 10-A belum lengkap untuk 2 peserta didik: Bagus Santoso, Cahya Putri.");
        text.ShouldContain("Wali X-1");
        reminder.QuerySelector("a[href^='https://wa.me/?text=']")!.GetAttribute("href").ShouldBe($"https://wa.me/?text={Uri.EscapeDataString(text)}");

        await Send(new GrantRole(Guid.NewGuid(), app.School.User("kepsek").UserId, new RoleGrant(Role.Principal, c.TermId, null), System, EntrySource.Seed));
        var principal = await app.SignInAsync("kepsek");
        (await principal.GetPageAsync($"/wali/{c.ClassId}")).QuerySelector("[data-reminder]").ShouldBeNull("the message is the wali kelas's, signed by them");
    }

    /// <summary>Once the grades are locked the teacher cannot fill them in: the reminder asks for a correction request instead.</summary>
    [Fact]
    public async Task the_reminder_for_a_locked_gradebook_asks_the_teacher_for_a_correction_request_instead_of_filling_in()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        await wali.PostJsonAsync($"/api/classes/{c.ClassId}/lock", new { commandId = Guid.NewGuid() });
        await app.CatchUpAsync();

        var text = (await wali.GetPageAsync($"/wali/{c.ClassId}")).QuerySelector($"[data-reminder='{c.Gradebook}'] textarea")!.TextContent;

        text.ShouldNotContain("dilengkapi di E-Raport");
        text.ShouldContain("Nilai kelas 10-A sudah dikunci");
        text.ShouldContain("ajukan koreksi");
        text.ShouldContain("Wali X-1");
    }
}
