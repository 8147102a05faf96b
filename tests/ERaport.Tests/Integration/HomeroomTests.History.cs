using ERaport.Read.ReportCards;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using ERaport.Write.School;

namespace ERaport.Tests.Integration;

/// <summary>The class's report-card history (<c>/wali/{class}/riwayat</c>): the wali kelas's page, which the principal of
/// the class's term reads too (a dispute about a report card), without anything that changes the card.</summary>
public sealed partial class HomeroomTests
{
    private static string HistoryOf(HomeroomClassSetup c) => $"/wali/{c.ClassId}/riwayat";

    private static List<string> HistoryRows(AngleSharp.Html.Dom.IHtmlDocument page) =>
        [.. page.QuerySelectorAll("table.history tbody tr").Select(r => r.TextContent)];

    [Fact]
    public async Task principal_opens_the_class_report_card_history_read_only()
    {
        var (c, wali, principal) = await LockedClassAsync();
        await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(Guid.NewGuid(), c.Students[0]));
        await app.CatchUpAsync(); // the principal holds no read-your-writes token for the wali kelas's writes

        // Reached from the class's report cards and from the request waiting in the principal's queue.
        var cards = await principal.GetPageAsync($"/rapor/{c.ClassId}");
        cards.QuerySelector($".page-links a[href='{HistoryOf(c)}']")!.TextContent.ShouldBe("Riwayat data rapor");
        (await principal.GetPageAsync("/koreksi")).QuerySelector($"section[data-homeroom][data-class='{c.ClassId}'] a[href='{HistoryOf(c)}']").ShouldNotBeNull();
        var page = await principal.GetPageAsync(HistoryOf(c));

        var rows = HistoryRows(page);
        rows[0].ShouldContain("Diajukan: sakit 3, izin 0, tanpa keterangan 0 hari");
        rows.ShouldContain(r => r.Contains("Ayu Rahmawati") && r.Contains("Sakit 1, izin 0, tanpa keterangan 2 hari") && r.Contains("Wali X-1"));
        rows.ShouldContain(r => r.Contains("Catatan wali kelas") && r.Contains("Rajin."));
        rows.ShouldContain(r => r.Contains("Rapor dikunci"));
        page.QuerySelector("[data-report-cards-locked]")!.TextContent.ShouldContain("Rapor dikunci oleh Wali X-1");
        // Nothing that changes the card: no form, and of the wali kelas's pages only those that change nothing are linked.
        page.QuerySelectorAll("main form").ShouldBeEmpty();
        page.QuerySelectorAll("main a[href^='/wali']").Select(a => a.GetAttribute("href")).ShouldBe([$"/wali/{c.ClassId}", HistoryOf(c)]);
        page.QuerySelectorAll(".page-links a").Select(a => a.GetAttribute("href"))
            .ShouldBe([$"/wali/{c.ClassId}", HistoryOf(c), $"/kelas/{c.ClassId}/kunci", $"/rapor/{c.ClassId}", $"/leger/{c.ClassId}"]);
        page.QuerySelector(".breadcrumb a[href='/rapor']").ShouldNotBeNull("the principal came from the report cards, not from a wali kelas's list");

        // Reading the history opens none of the pages that change the card.
        await principal.GetPageAsync($"/wali/{c.ClassId}/catatan", 403);
        await principal.GetPageAsync($"/wali/{c.ClassId}/koreksi", 403);
    }

    [Fact]
    public async Task a_class_wide_lock_unlock_and_print_each_show_once_in_the_class_history_naming_the_whole_class()
    {
        var (c, wali, principal) = await LockedClassAsync();
        await principal.PostJsonAsync($"/api/classes/{c.ClassId}/unlock", new { commandId = Guid.NewGuid(), reason = "Perbaikan absensi" });
        await wali.PostJsonAsync($"/api/classes/{c.ClassId}/lock", new { commandId = Guid.NewGuid() });
        await wali.SendAsync(s =>
        {
            s.Get.Url($"/rapor/{c.ClassId}/pdf");
            s.StatusCodeShouldBe(200);
        });
        await app.CatchUpAsync();

        var rows = (await wali.GetPageAsync(HistoryOf(c))).QuerySelectorAll("table.history tbody tr")
            .Select(r => (Student: r.QuerySelector("td[data-label='Peserta didik']")!.TextContent, Detail: r.QuerySelector("td[data-label=Isi]")!.TextContent))
            .ToList();

        rows.Take(4).Select(r => r.Detail).ShouldBe(["PDF kelas dicetak (kelas 10-A)", "Rapor dikunci", "Kunci dibuka: Perbaikan absensi", "Rapor dikunci"]);
        rows.Take(4).ShouldAllBe(r => r.Student.StartsWith("Seluruh kelas (3 peserta didik)"));
        rows.Count.ShouldBe(6, "and Ayu's attendance and note, one line each");
    }

    [Fact]
    public async Task the_class_history_pages_by_line_newest_first_without_losing_or_repeating_one()
    {
        var (c, wali, principal) = await LockedClassAsync();
        await principal.PostJsonAsync($"/api/classes/{c.ClassId}/unlock", new { commandId = Guid.NewGuid(), reason = "Perbaikan absensi" });
        await wali.PostJsonAsync($"/api/classes/{c.ClassId}/lock", new { commandId = Guid.NewGuid() });
        await app.CatchUpAsync();
        await using var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext();
        var homeroomClass = (await HomeroomClassQuery.LoadAsync(db, TestSchool.Id, c.ClassId, default))!;
        var all = await HomeroomClassQuery.HistoryAsync(db, homeroomClass, null, 100, default);

        var paged = new List<ReportCardHistoryLine>();
        long? before = null;
        do
        {
            var page = await HomeroomClassQuery.HistoryAsync(db, homeroomClass, before, 2, default);
            page.Lines.Count.ShouldBeInRange(1, 2);
            paged.AddRange(page.Lines);
            before = page.Next;
        } while (before is not null);

        all.Next.ShouldBeNull();
        all.Lines.Select(l => l.Change.Detail).ShouldBe(["Rapor dikunci", "Kunci dibuka: Perbaikan absensi", "Rapor dikunci", "Rajin.", "Sakit 1, izin 0, tanpa keterangan 2 hari"]);
        paged.Select(l => (l.Change.Sequence, l.Students.Count)).ShouldBe(all.Lines.Select(l => (l.Change.Sequence, l.Students.Count)));
        var older = HistoryRows(await wali.GetPageAsync($"{HistoryOf(c)}?sebelum={all.Lines[1].Change.Sequence}"));
        older.Count.ShouldBe(3);
        older[0].ShouldContain("Rapor dikunci");
    }

    [Fact]
    public async Task a_rewritten_note_or_extracurricular_line_shows_in_the_class_history_what_it_was_and_became_the_words_taken_out_and_put_in_marked()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var ayu = c.Students[0];
        await wali.PostJsonAsync(Api(c, "/notes"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = ayu, kokurikuler = "Aktif.", homeroomNote = "Rajin membaca buku." } } });
        await wali.PostJsonAsync(Api(c, "/notes"), new
        {
            commandId = Guid.NewGuid(),
            entries = new[] { new { studentId = ayu, kokurikuler = "", homeroomNote = "Rajin menulis buku <b>setiap</b> hari.", seenKokurikuler = "Aktif.", seenHomeroomNote = "Rajin membaca buku." } },
        });

        var entry = Guid.NewGuid();
        await wali.PostJsonAsync(Api(c, $"/students/{ayu}/extracurriculars/{entry}"),
            new { commandId = Guid.NewGuid(), activity = "Pramuka", predicate = "Baik", description = "Aktif" });
        await wali.PostJsonAsync(Api(c, $"/students/{ayu}/extracurriculars/{entry}"), new
        {
            commandId = Guid.NewGuid(), activity = "Pramuka", predicate = "Sangat Baik", description = "Memimpin regu",
            seen = new { activity = "Pramuka", predicate = "Baik", description = "Aktif" },
        });

        var rows = (await wali.GetPageAsync(HistoryOf(c))).QuerySelectorAll("table.history tbody tr").ToList();
        var revised = rows[0].QuerySelector("td[data-label=Isi]")!;
        (revised.QuerySelector("[data-before]")!.TextContent, revised.QuerySelector("[data-after]")!.TextContent)
            .ShouldBe(("Sebelumnya: Pramuka (Baik): Aktif", "Menjadi: Pramuka (Sangat Baik): Memimpin regu"));
        revised.QuerySelectorAll("[data-before] del").Select(d => d.TextContent).ShouldBe(["Aktif"]);
        revised.QuerySelectorAll("[data-after] ins").Select(d => d.TextContent).ShouldBe(["Sangat", "Memimpin regu"]);
        var rewritten = rows.First(r => r.TextContent.Contains("Catatan wali kelas")).QuerySelector("td[data-label=Isi]")!;
        rewritten.QuerySelector("[data-before]")!.TextContent.ShouldBe("Sebelumnya: Rajin membaca buku.");
        rewritten.QuerySelectorAll("[data-before] del").Select(d => d.TextContent).ShouldBe(["membaca"]);
        rewritten.QuerySelector("[data-after]")!.TextContent.ShouldBe("Menjadi: Rajin menulis buku <b>setiap</b> hari.", "text, never markup");
        rewritten.QuerySelectorAll("[data-after] ins").Select(d => d.TextContent).ShouldBe(["menulis", "<b>setiap</b> hari"]);
        // A text cleared says what was there, and that it is gone: nothing to compare word by word.
        var cleared = rows.First(r => r.TextContent.Contains("Deskripsi kokurikuler")).QuerySelector("td[data-label=Isi]")!;
        (cleared.QuerySelector("[data-before]")!.TextContent, cleared.QuerySelector("[data-after]")!.TextContent).ShouldBe(("Sebelumnya: Aktif.", "Menjadi: (dihapus)"));
        cleared.QuerySelectorAll("del, ins").ShouldBeEmpty();
        // The first text replaced none.
        var first = rows.Last(r => r.TextContent.Contains("Catatan wali kelas")).QuerySelector("td[data-label=Isi]")!;
        (first.TextContent.Trim(), first.QuerySelector("[data-before]")).ShouldBe(("Rajin membaca buku.", null));
    }

    /// <summary>A dispute over days absent or a kenaikan kelas: the class's history says what the days or the decision were before
    /// each change, and what a wali kelas's correction request would change, the words (here the numbers) taken out and put in
    /// marked, as a rewritten note's are.</summary>
    [Fact]
    public async Task changed_attendance_a_changed_or_withdrawn_promotion_and_a_correction_request_show_in_the_class_history_what_they_were_and_became_marked()
    {
        var c = await ClassAsync(semester: 2);
        var wali = await app.SignInAsync("wali.x1");
        var ayu = c.Students[0];
        await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), new { studentId = ayu, sick = 1, unexcused = 2 }));
        await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(),
            new { studentId = ayu, sick = 3, unexcused = 2, seen = new { sick = 1, permitted = 0, unexcused = 2 } }));
        foreach (var (kind, seen) in new[] { ("promoted", ""), ("retained", "promoted"), ("", "retained") })
            await wali.PostJsonAsync(Api(c, "/promotions"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = ayu, kind, seen } } });
        await wali.PostJsonAsync($"/api/classes/{c.ClassId}/lock", new { commandId = Guid.NewGuid() });
        await wali.PostJsonAsync(Api(c, "/correction-requests"), new
        {
            commandId = Guid.NewGuid(), studentId = ayu, part = "ketidakhadiran", sick = 3, permitted = 0, unexcused = 0,
            seenAttendance = new { sick = 3, permitted = 0, unexcused = 2 }, reason = "Surat izin menyusul",
        });
        static string[] Marked(AngleSharp.Dom.IElement e, string tag) => [.. e.QuerySelectorAll(tag).Select(m => m.TextContent)];

        var cells = (await wali.GetPageAsync(HistoryOf(c))).QuerySelectorAll("table.history tbody tr td[data-label=Isi]").ToList();

        cells.Count.ShouldBe(7);
        var requested = cells[0];
        requested.TextContent.Trim().ShouldStartWith("Koreksi diajukan");
        (requested.QuerySelector("[data-before]")!.TextContent, requested.QuerySelector("[data-after]")!.TextContent)
            .ShouldBe(("Sebelumnya: sakit 3, izin 0, tanpa keterangan 2 hari", "Diajukan: sakit 3, izin 0, tanpa keterangan 0 hari"));
        Marked(requested, "[data-before] del").ShouldBe(["2"]);
        Marked(requested, "[data-after] ins").ShouldBe(["0"]);
        requested.TextContent.Trim().ShouldEndWith("Alasan: Surat izin menyusul");
        cells[1].TextContent.Trim().ShouldBe("Rapor dikunci");
        // A decision withdrawn says what it was, and that it is gone: nothing to compare word by word.
        (cells[2].QuerySelector("[data-before]")!.TextContent, cells[2].QuerySelector("[data-after]")!.TextContent)
            .ShouldBe(("Sebelumnya: Tinggal di kelas X", "Menjadi: (dibatalkan)"));
        cells[2].QuerySelectorAll("del, ins").ShouldBeEmpty();
        (cells[3].QuerySelector("[data-before]")!.TextContent, cells[3].QuerySelector("[data-after]")!.TextContent)
            .ShouldBe(("Sebelumnya: Naik ke kelas XI", "Menjadi: Tinggal di kelas X"));
        Marked(cells[3], "del").ShouldBe(["Naik ke", "XI"]);
        Marked(cells[3], "ins").ShouldBe(["Tinggal di", "X"]);
        (cells[4].TextContent.Trim(), cells[4].QuerySelector("[data-before]")).ShouldBe(("Naik ke kelas XI", null), "the first decision replaced none");
        (cells[5].QuerySelector("[data-before]")!.TextContent, cells[5].QuerySelector("[data-after]")!.TextContent)
            .ShouldBe(("Sebelumnya: Sakit 1, izin 0, tanpa keterangan 2 hari", "Menjadi: Sakit 3, izin 0, tanpa keterangan 2 hari"));
        Marked(cells[5], "del").ShouldBe(["1"]);
        Marked(cells[5], "ins").ShouldBe(["3"]);
        (cells[6].TextContent.Trim(), cells[6].QuerySelector("[data-before]")).ShouldBe(("Sakit 1, izin 0, tanpa keterangan 2 hari", null));
    }

    [Fact]
    public async Task a_student_who_moved_out_keeps_their_lines_in_the_class_history()
    {
        var c = await ClassAsync();
        await Send(new GrantRole(Guid.NewGuid(), app.School.User("kepsek").UserId, new RoleGrant(Role.Principal, c.TermId, null), System, EntrySource.Seed));
        var (wali, principal) = (await app.SignInAsync("wali.x1"), await app.SignInAsync("kepsek"));
        var (ayu, bagus) = (c.Students[0], c.Students[1]);
        await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(),
            new { studentId = ayu, sick = 1, permitted = 0, unexcused = 2 }, new { studentId = bagus, sick = 5, permitted = 0, unexcused = 0 }));
        await wali.PostJsonAsync(Api(c, "/notes"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = ayu, homeroomNote = "Rajin." } } });
        // Ayu moves to another class of the term, Bagus leaves; then Ayu's new wali kelas records her attendance.
        var (other, otherWali) = (Guid.NewGuid(), app.School.User("guru.bio"));
        await Send(new OpenClass(Guid.NewGuid(), other, c.TermId, "10-B", 10, "E", otherWali.UserId, System, EntrySource.Seed));
        await Send(new MoveStudent(Guid.NewGuid(), ayu, c.ClassId, other, System, EntrySource.Form));
        await Send(new WithdrawStudent(Guid.NewGuid(), c.ClassId, bagus, "Pindah sekolah", System, EntrySource.Form));
        await Send(new RecordAttendance(Guid.NewGuid(), other, [new AttendanceEntry(ayu, "4", "0", "0", new Attendance(1, 0, 2))],
            new Actor(otherWali.UserId, "guru.bio", TestSchool.Id), EntrySource.Form));
        await app.CatchUpAsync(); // neither reader holds a read-your-writes token for these commands

        foreach (var reader in new[] { wali, principal })
        {
            var rows = (await reader.GetPageAsync(HistoryOf(c))).QuerySelectorAll("table.history tbody tr")
                .Select(r => (Student: r.QuerySelector("td[data-label='Peserta didik']")!.TextContent, Detail: r.QuerySelector("td[data-label=Isi]")!.TextContent))
                .ToList();
            rows.ShouldContain(("Ayu Rahmawati (sudah pindah kelas)", "Sakit 1, izin 0, tanpa keterangan 2 hari"));
            rows.ShouldContain(("Ayu Rahmawati (sudah pindah kelas)", "Rajin."));
            rows.ShouldContain(("Bagus Santoso (sudah keluar dari kelas)", "Sakit 5, izin 0, tanpa keterangan 0 hari"));
            rows.ShouldNotContain(r => r.Detail.StartsWith("Sakit 4"), "what Ayu's next class wrote is not this class's history");
        }
        // Her new class's history has her whole card, as it had any student's who moved in.
        var theirs = HistoryRows(await principal.GetPageAsync($"/wali/{other}/riwayat"));
        theirs[0].ShouldContain("Sakit 4, izin 0, tanpa keterangan 0 hari");
        theirs.ShouldContain(r => r.Contains("Sakit 1, izin 0, tanpa keterangan 2 hari"));
        theirs.ShouldAllBe(r => r.Contains("Ayu Rahmawati") && !r.Contains("sudah"));
    }

    [Fact]
    public async Task a_request_decided_after_the_student_left_the_school_stays_in_the_history_of_the_class_they_left()
    {
        var (c, wali, principal) = await LockedClassAsync();
        var (requestId, ayu) = (Guid.NewGuid(), c.Students[0]);
        await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(requestId, ayu));
        // Ayu leaves the school while the request waits; the principal then turns it down. She sits in no class now,
        // so the class she left is the only one whose history can hold the decision.
        await Send(new WithdrawStudent(Guid.NewGuid(), c.ClassId, ayu, "Pindah sekolah", System, EntrySource.Form));
        await app.CatchUpAsync();
        await principal.PostJsonAsync($"/api/correction-requests/{requestId}/deny", new { commandId = Guid.NewGuid(), reason = "Sudah keluar dari sekolah" });
        await app.CatchUpAsync(); // the wali kelas holds no read-your-writes token for the principal's decision

        foreach (var reader in new[] { wali, principal })
        {
            var newest = (await reader.GetPageAsync(HistoryOf(c))).QuerySelector("table.history tbody tr")!;
            newest.QuerySelector("td[data-label='Peserta didik']")!.TextContent.ShouldBe("Ayu Rahmawati (sudah keluar dari kelas)");
            newest.QuerySelector("td[data-label=Isi]")!.TextContent.ShouldContain("Koreksi ditolak: Sudah keluar dari sekolah");
        }
    }

    [Fact]
    public async Task principal_reads_the_class_grade_progress_read_only()
    {
        var (c, _, principal) = await LockedClassAsync();
        var page = await principal.GetPageAsync($"/wali/{c.ClassId}");
        page.QuerySelector("h1")!.TextContent.ShouldStartWith("Kelengkapan nilai");
        page.QuerySelectorAll("table.progress tbody tr").Length.ShouldBe(c.Students.Count);
        page.QuerySelectorAll("main form").ShouldBeEmpty();

        var refused = await (await app.SignInAsync("guru.bio")).GetPageAsync($"/wali/{c.ClassId}", 403);
        refused.QuerySelector("h1")!.TextContent.ShouldBe("Akses ditolak");
    }

    [Fact]
    public async Task a_teacher_of_another_class_a_subject_teacher_and_the_principal_of_another_term_are_still_refused_the_history()
    {
        var c = await ClassAsync(); // kepsek is not the principal of this new term
        await ClassAsync(homeroom: "guru.bio");

        foreach (var userName in new[] { "guru.bio", "guru.mtk", "kepsek" })
        {
            var page = await (await app.SignInAsync(userName)).GetPageAsync(HistoryOf(c), 403);
            page.QuerySelector("h1")!.TextContent.ShouldBe("Akses ditolak", userName);
            page.QuerySelector("table.history").ShouldBeNull(userName);
        }
    }

    [Fact]
    public async Task the_admin_who_reads_no_history_is_refused_the_class_report_card_history_and_not_offered_it()
    {
        var c = await ClassAsync();
        var admin = await app.SignInAsync("admin");

        (await admin.GetPageAsync(HistoryOf(c), 403)).QuerySelector("h1")!.TextContent.ShouldBe("Akses ditolak");
        (await admin.GetPageAsync($"/rapor/{c.ClassId}")).QuerySelector($"a[href='{HistoryOf(c)}']").ShouldBeNull();
    }

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
