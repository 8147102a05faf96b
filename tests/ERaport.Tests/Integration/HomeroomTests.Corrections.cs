using ERaport.Read.ReportCards;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Tests.Integration;

/// <summary>A wali kelas's correction requests on locked report cards, and the principal's decisions on them.</summary>
public sealed partial class HomeroomTests
{
    /// <summary>A class whose Ayu has 1 day sick and 2 unexcused and a homeroom note, locked by its wali kelas; kepsek is
    /// the principal of its term. Returns the wali kelas's and the principal's browsers.</summary>
    private async Task<(HomeroomClassSetup Class, TestBrowser Wali, TestBrowser Principal)> LockedClassAsync(int semester = 1)
    {
        var c = await ClassAsync(semester);
        await Send(new GrantRole(Guid.NewGuid(), app.School.User("kepsek").UserId, new RoleGrant(Role.Principal, c.TermId, null), System, EntrySource.Seed));
        var wali = await app.SignInAsync("wali.x1");
        await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), new { studentId = c.Students[0], sick = 1, unexcused = 2 }));
        await wali.PostJsonAsync(Api(c, "/notes"), new { commandId = Guid.NewGuid(), entries = new[] { new { studentId = c.Students[0], homeroomNote = "Rajin." } } });
        await wali.PostJsonAsync($"/api/classes/{c.ClassId}/lock", new { commandId = Guid.NewGuid() });
        return (c, wali, await app.SignInAsync("kepsek"));
    }

    private static object AttendanceCorrection(Guid commandId, Guid studentId, string reason = "Surat dokter menyusul") => new
    {
        commandId, studentId, part = "ketidakhadiran", sick = 3, permitted = 0, unexcused = 0,
        seenAttendance = new { sick = 1, permitted = 0, unexcused = 2 }, reason,
    };

    private async Task<List<ReportCardChangeRow>> CardHistoryAsync(HomeroomClassSetup c, Guid studentId)
    {
        await app.CatchUpAsync();
        await using var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext();
        return await db.ReportCardChanges.Where(r => r.TermId == c.TermId && r.StudentId == studentId).OrderBy(r => r.Sequence).ToListAsync();
    }

    [Fact]
    public async Task a_locked_class_attendance_and_notes_pages_do_not_tell_how_to_save_with_the_keyboard()
    {
        var (c, wali, _) = await LockedClassAsync();

        var attendance = (await wali.GetPageAsync($"/wali/{c.ClassId}/ketidakhadiran")).QuerySelector("main")!.TextContent;
        var notes = (await wali.GetPageAsync($"/wali/{c.ClassId}/catatan")).QuerySelector("main")!.TextContent;

        attendance.ShouldContain("Rapor dikunci");
        attendance.ShouldNotContain("Ctrl+Enter");
        notes.ShouldNotContain("Ctrl+Enter");
    }

    [Fact]
    public async Task the_verification_page_shows_an_approved_correction_with_its_reason_to_the_principal_and_to_a_stranger_only_the_section_it_changed()
    {
        var (c, wali, principal) = await LockedClassAsync();
        await wali.SendAsync(s =>
        {
            s.Get.Url($"/rapor/{c.ClassId}/{c.Students[0]}/pdf");
            s.StatusCodeShouldBe(200);
        });
        await app.CatchUpAsync();
        string code;
        await using (var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext())
            code = await db.ReportCardPrints.Where(p => p.TermId == c.TermId && p.StudentId == c.Students[0]).Select(p => p.Code).SingleAsync();
        var (denied, approved) = (Guid.NewGuid(), Guid.NewGuid());
        await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(denied, c.Students[0], "Permintaan pertama, salah hitung"));
        await principal.PostJsonAsync($"/api/correction-requests/{denied}/deny", new { commandId = Guid.NewGuid(), reason = "Surat belum lengkap" });
        await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(approved, c.Students[0]));
        await principal.PostJsonAsync($"/api/correction-requests/{approved}/approve", new { commandId = Guid.NewGuid(), reason = "Surat dokter sudah diterima" });
        await app.CatchUpAsync();

        var page = await principal.GetPageAsync($"/verifikasi/{code}");
        var stranger = await new TestBrowser(app.Host).GetPageAsync($"/verifikasi/{code}");

        var changes = page.QuerySelectorAll("table[data-changes] tbody tr").Select(r => r.TextContent).ToList();
        changes.ShouldContain(r => r.Contains("Sakit 3"));
        changes.ShouldContain(r => r.Contains("Surat dokter sudah diterima"), "why the card changed");
        var told = stranger.QuerySelectorAll("table[data-changes] tbody tr").ShouldHaveSingleItem().TextContent;
        told.ShouldContain("Ketidakhadiran");
        told.ShouldNotContain("Sakit 3", Case.Sensitive, "what the wali kelas wrote is the school's to tell");
        told.ShouldNotContain("Surat dokter");
        changes = [.. changes, told];
        changes.ShouldAllBe(r => !r.Contains("diajukan") && !r.Contains("ditolak") && !r.Contains("salah hitung") && !r.Contains("belum lengkap"),
            "requests and denials changed nothing on the card and stay inside the school");
    }

    /// <summary>A principal facing a dispute reads why an approved homeroom correction changed the card: the wali kelas's reason
    /// and their own, on the change, as a score correction's causes give theirs. The request may be older than the compared span.</summary>
    [Fact]
    public async Task the_rapor_comparison_gives_an_approved_homeroom_corrections_request_and_approval_reasons()
    {
        var (c, wali, principal) = await LockedClassAsync();
        var requestId = Guid.NewGuid();
        await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(requestId, c.Students[0]));
        await app.CatchUpAsync();
        var from = (await app.EventsAsync(StreamKeys.CorrectionRequest(TestSchool.Id, requestId))).Max(e => e.Sequence);
        await principal.PostJsonAsync($"/api/correction-requests/{requestId}/approve", new { commandId = Guid.NewGuid(), reason = "Surat dokter sudah diterima" });
        await app.CatchUpAsync();
        var to = (await app.EventsAsync(StreamKeys.ReportCard(TestSchool.Id, c.TermId, c.Students[0]))).Max(e => e.Sequence);
        const string why = "Diubah melalui permintaan koreksi wali kelas: Surat dokter menyusul; disetujui oleh Ibu Kepala: Surat dokter sudah diterima";

        var url = $"/api/report-cards/{c.ClassId}/{c.Students[0]}/diff?fromSequence={from}&toSequence={to}";
        var diff = (await (await principal.SendAsync(s => s.Get.Url(url))).ReadAsJsonAsync<ReportCardDifference>())!;
        var sick = diff.Changes.Single(d => d.Change.Item == "Sakit");
        (sick.Change.Before, sick.Change.After).ShouldBe(("1 hari", "3 hari"));
        (sick.Causes.Single().Reason, sick.Causes.Single().RequestedByName).ShouldBe((why, "Wali X-1"));

        var page = await principal.GetPageAsync($"/rapor/{c.ClassId}/{c.Students[0]}/waktu?dariUrutan={from}&sampaiUrutan={to}");
        var row = page.QuerySelectorAll("table.card-diff tr[data-section='Attendance']").First();
        row.QuerySelector(".causes .reason")!.TextContent.ShouldBe($". Alasan: {why}");
        row.QuerySelector(".causes li")!.TextContent.ShouldContain("Diajukan oleh Wali X-1 · Disetujui oleh Ibu Kepala · ", Case.Sensitive, "who asked, beside who approved");
        var decided = (await principal.GetPageAsync("/koreksi")).QuerySelector($"tr[data-request='{requestId}']")!;
        decided.QuerySelector("[data-label='Diajukan oleh']")!.TextContent.Trim().ShouldBe("Wali X-1");
        string.Join(" ", decided.QuerySelector("[data-state]")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .ShouldContain("Disetujui oleh Ibu Kepala, ");
    }

    [Fact]
    public async Task a_wali_kelas_asks_to_correct_a_locked_cards_attendance_and_the_principals_approval_changes_the_card_once()
    {
        var (c, wali, principal) = await LockedClassAsync();
        var requestId = Guid.NewGuid();
        var ayu = StreamKeys.ReportCard(TestSchool.Id, c.TermId, c.Students[0]);
        var cardEvents = (await app.EventsAsync(ayu)).Count;

        await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(requestId, c.Students[0]));

        (await app.EventsAsync(ayu)).Count.ShouldBe(cardEvents, "asking changes nothing on the card");
        await app.CatchUpAsync(); // the principal holds no read-your-writes token for the wali kelas's request (failed once on a clean clone)
        // kepsek is the principal of every test's term: their queue holds other tests' requests too.
        var queue = await principal.GetJsonAsync("/api/correction-requests/homeroom?pending=true");
        var pending = queue.EnumerateArray().Where(r => r.GetProperty("requestId").GetGuid() == requestId).ShouldHaveSingleItem();
        pending.GetProperty("before").GetString().ShouldBe("sakit 1, izin 0, tanpa keterangan 2 hari");
        pending.GetProperty("after").GetString().ShouldBe("sakit 3, izin 0, tanpa keterangan 0 hari");
        pending.GetProperty("requestedByName").GetString().ShouldBe("Wali X-1");

        var approval = new { commandId = Guid.NewGuid(), reason = "Surat dokter sudah diterima" };
        var first = await principal.PostJsonAsync($"/api/correction-requests/{requestId}/approve", approval);
        var again = await principal.PostJsonAsync($"/api/correction-requests/{requestId}/approve", approval);

        again.GetProperty("sequence").GetInt64().ShouldBe(first.GetProperty("sequence").GetInt64());
        var changed = (await app.EventsAsync(ayu)).Skip(cardEvents).ShouldHaveSingleItem();
        changed.Data.ShouldBe(new AttendanceRecorded(3, 0, 0, new Attendance(1, 0, 2)), "saved as the wali kelas would have saved it, with the days it replaced");
        (changed.UserName, changed.GetHeader(CommandPipeline.SourceHeader)?.ToString()).ShouldBe(("kepsek", "Approval"));
        var attendance = (await SectionsAsync(c))[c.Students[0]].Attendance;
        (attendance.Sick, attendance.Permitted, attendance.Unexcused).ShouldBe((3, 0, 0));
        (await app.EventsAsync(ayu)).Last().Data.ShouldBeOfType<AttendanceRecorded>("the card stays locked");

        var history = await CardHistoryAsync(c, c.Students[0]);
        history.TakeLast(3).Select(h => (h.Section, h.Detail, h.ChangedBy)).ShouldBe([
            ("Ketidakhadiran", "Koreksi diajukan: sakit 3, izin 0, tanpa keterangan 0 hari (sebelumnya sakit 1, izin 0, tanpa keterangan 2 hari). Alasan: Surat dokter menyusul", "wali.x1"),
            ("Ketidakhadiran", "Koreksi disetujui: Surat dokter sudah diterima", "kepsek"),
            ("Ketidakhadiran", "Sakit 3, izin 0, tanpa keterangan 0 hari", "kepsek"),
        ]);
        var decided = (await wali.GetJsonAsync("/api/correction-requests/homeroom")).EnumerateArray()
            .Where(r => r.GetProperty("requestId").GetGuid() == requestId).ShouldHaveSingleItem();
        decided.GetProperty("state").GetInt32().ShouldBe((int)ERaport.Read.Grading.CorrectionState.Approved);
        decided.GetProperty("decisionReason").GetString().ShouldBe("Surat dokter sudah diterima");
        (await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), new { studentId = c.Students[0], sick = 4,
            seen = new { sick = 3, permitted = 0, unexcused = 0 } }), 409)).GetProperty("code").GetString().ShouldBe(ReportCardLock.LockedCode);
    }

    [Fact]
    public async Task a_part_already_waiting_for_the_principal_cannot_be_asked_again_until_the_first_request_is_decided()
    {
        var (c, wali, principal) = await LockedClassAsync();
        var first = Guid.NewGuid();
        await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(first, c.Students[0]));
        var before = await app.EventCountAsync();

        var again = await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(Guid.NewGuid(), c.Students[0], "Dikirim lagi"), 409);

        again.GetProperty("code").GetString().ShouldBe("correction.already_waiting");
        again.GetProperty("title").GetString()!.ShouldContain("masih menunggu keputusan kepala sekolah");
        (await app.EventCountAsync()).ShouldBe(before);
        await wali.PostJsonAsync(Api(c, "/correction-requests"), new
        {
            commandId = Guid.NewGuid(), studentId = c.Students[0], part = "catatan", text = "Rajin dan teliti.", seenText = "Rajin.", reason = "Kurang lengkap",
        });
        await principal.PostJsonAsync($"/api/correction-requests/{first}/deny", new { commandId = Guid.NewGuid(), reason = "Surat belum lengkap" });
        await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(Guid.NewGuid(), c.Students[0], "Surat dokter sudah lengkap"));
    }

    [Fact]
    public async Task a_denied_request_leaves_the_card_as_it_was_and_the_denial_is_on_the_cards_history()
    {
        var (c, wali, principal) = await LockedClassAsync();
        var requestId = Guid.NewGuid();
        await wali.PostJsonAsync(Api(c, "/correction-requests"), new
        {
            commandId = requestId, studentId = c.Students[0], part = "catatan", text = "Rajin dan teliti.", seenText = "Rajin.", reason = "Kurang lengkap",
        });

        await principal.PostJsonAsync($"/api/correction-requests/{requestId}/deny", new { commandId = Guid.NewGuid(), reason = "Catatan sudah cukup" });

        (await SectionsAsync(c))[c.Students[0]].HomeroomNote.ShouldBe("Rajin.");
        (await CardHistoryAsync(c, c.Students[0])).Last().ShouldSatisfyAllConditions(
            h => h.Section.ShouldBe("Catatan wali kelas"), h => h.Detail.ShouldBe("Koreksi ditolak: Catatan sudah cukup"));
        (await principal.PostJsonAsync($"/api/correction-requests/{requestId}/approve", new { commandId = Guid.NewGuid(), reason = "Ternyata perlu" }, 409))
            .GetProperty("code").GetString().ShouldBe("correction.already_decided");
    }

    [Fact]
    public async Task approving_a_request_whose_part_changed_since_is_refused_as_stale_and_stores_nothing()
    {
        var (c, wali, principal) = await LockedClassAsync();
        var requestId = Guid.NewGuid();
        await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(requestId, c.Students[0]));
        // Meanwhile the class is unlocked, Ayu's attendance changed directly, and the class locked again.
        await principal.PostJsonAsync($"/api/classes/{c.ClassId}/unlock", new { commandId = Guid.NewGuid(), reason = "Perbaikan absensi" });
        await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), new { studentId = c.Students[0], sick = 2, unexcused = 2,
            seen = new { sick = 1, permitted = 0, unexcused = 2 } }));
        await wali.PostJsonAsync($"/api/classes/{c.ClassId}/lock", new { commandId = Guid.NewGuid() });
        var before = await app.EventCountAsync();

        var refused = await principal.PostJsonAsync($"/api/correction-requests/{requestId}/approve", new { commandId = Guid.NewGuid(), reason = "Setuju" }, 409);

        refused.GetProperty("code").GetString().ShouldBe("correction.stale");
        refused.GetProperty("title").GetString()!.ShouldContain("sudah diubah sejak koreksi diajukan");
        (await app.EventCountAsync()).ShouldBe(before);
        (await SectionsAsync(c))[c.Students[0]].Attendance.Sick.ShouldBe(2);
    }

    [Fact]
    public async Task a_card_that_is_not_locked_takes_no_request_and_a_request_without_a_reason_stores_nothing()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        await wali.PostJsonAsync(Api(c, "/attendance"), Attendance(Guid.NewGuid(), new { studentId = c.Students[0], sick = 1, unexcused = 2 }));
        var before = await app.EventCountAsync();

        (await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(Guid.NewGuid(), c.Students[0]), 409))
            .GetProperty("code").GetString().ShouldBe("correction.not_locked");
        await wali.PostJsonAsync($"/api/classes/{c.ClassId}/lock", new { commandId = Guid.NewGuid() });
        before = await app.EventCountAsync();
        (await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(Guid.NewGuid(), c.Students[0], reason: ""), 400))
            .GetProperty("code").GetString().ShouldBe("correction.reason_required");
        var guru = await app.SignInAsync("guru.mtk");
        (await guru.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(Guid.NewGuid(), c.Students[0]), 403))
            .GetProperty("code").GetString().ShouldBe("reportCard.not_homeroom_teacher");
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task the_locked_homeroom_pages_are_read_only_and_a_request_and_its_approval_go_through_the_pages()
    {
        var (c, wali, principal) = await LockedClassAsync(semester: 2);

        var notes = await wali.GetPageAsync($"/wali/{c.ClassId}/catatan");
        notes.QuerySelector("[data-report-cards-locked]")!.TextContent.ShouldContain("Rapor dikunci oleh Wali X-1");
        notes.QuerySelector("form fieldset.bare")!.HasAttribute("disabled").ShouldBeTrue();
        var chooser = await wali.GetPageAsync($"/wali/{c.ClassId}/koreksi");
        var href = chooser.QuerySelectorAll("[data-students] a").Single(a => a.TextContent == "Ayu Rahmawati").GetAttribute("href")!;
        var form = await wali.GetPageAsync(href);
        form.QuerySelectorAll("form[data-form]").Select(f => f.GetAttribute("data-form")).ShouldBe(["ketidakhadiran", "kokurikuler", "catatan", "keputusan"]);
        form.QuerySelector("form[data-form=catatan] [data-current]")!.TextContent.ShouldBe("Rajin.");

        var refused = await wali.SubmitAsync(form, "form[data-form=catatan]", href,
            new Dictionary<string, string> { ["text"] = "Rajin dan teliti.", ["reason"] = " " }, 400);
        var again = TestBrowser.Parse(await refused.ReadAsTextAsync());
        again.QuerySelector("form[data-form=catatan] textarea[name=text]")!.TextContent.ShouldBe("Rajin dan teliti.", "what was typed stays");
        var sent = await wali.SubmitAsync(again, "form[data-form=catatan]", href,
            new Dictionary<string, string> { ["reason"] = "Catatan kurang lengkap" }, 302);
        sent.Context.Response.Headers.Location.ToString().ShouldEndWith($"{href}?disimpan=diajukan&bagian=catatan");

        await app.CatchUpAsync();
        var queue = await principal.GetPageAsync("/koreksi");
        var item = queue.QuerySelector($"section[data-homeroom][data-class='{c.ClassId}']")!;
        item.QuerySelector("h3")!.TextContent.ShouldBe("Ayu Rahmawati · Catatan wali kelas");
        (item.QuerySelector("[data-before]")!.TextContent, item.QuerySelector("[data-change]")!.TextContent).ShouldBe(("Rajin.", "Rajin dan teliti."));
        await principal.SubmitAsync(queue, $"section[data-request='{item.GetAttribute("data-request")}'] form", "/koreksi",
            new Dictionary<string, string> { ["reason"] = "Sesuai", ["decision"] = "approve" }, 302);

        await app.CatchUpAsync(); // the wali kelas holds no read-your-writes token for the principal's decision
        (await wali.GetPageAsync($"/wali/{c.ClassId}/catatan")).QuerySelector($"textarea[name='c|{c.Students[0]}']")!.TextContent.ShouldBe("Rajin dan teliti.");
        (await wali.GetPageAsync("/koreksi")).QuerySelector($"tr[data-homeroom][data-class='{c.ClassId}'] [data-state]")!.GetAttribute("data-state").ShouldBe("Approved");
    }

    /// <summary>Attendance and the note of one student both wrong: after sending the first request the wali kelas stays on that
    /// student's page, told it went, with the sent part shown as waiting, and sends the second without looking for the student again.</summary>
    [Fact]
    public async Task after_a_request_the_wali_kelas_stays_on_the_students_page_with_the_sent_part_waiting_and_asks_for_another_part()
    {
        var (c, wali, _) = await LockedClassAsync();
        var href = $"/wali/{c.ClassId}/koreksi/{c.Students[0]}";

        var sent = await wali.SubmitAsync(await wali.GetPageAsync(href), "form[data-form=ketidakhadiran]", href,
            new Dictionary<string, string> { ["sick"] = "3", ["reason"] = "Surat dokter menyusul" }, 302);
        var next = $"{href}?disimpan=diajukan&bagian=ketidakhadiran";
        sent.Context.Response.Headers.Location.ToString().ShouldEndWith(next);
        var page = await wali.GetPageAsync(next);

        page.QuerySelector(".alert.success")!.TextContent.ShouldContain("Permintaan koreksi ketidakhadiran Ayu Rahmawati terkirim ke kepala sekolah");
        page.QuerySelector("form[data-form=ketidakhadiran] [data-waiting]")!.TextContent.ShouldContain("Menunggu keputusan kepala sekolah");
        page.QuerySelector("form[data-form=catatan] [data-waiting]").ShouldBeNull();
        var again = await wali.SubmitAsync(page, "form[data-form=catatan]", next,
            new Dictionary<string, string> { ["text"] = "Rajin dan teliti.", ["reason"] = "Catatan kurang lengkap" }, 302);
        again.Context.Response.Headers.Location.ToString().ShouldEndWith($"{href}?disimpan=diajukan&bagian=catatan");
        var both = await wali.GetPageAsync($"{href}?disimpan=diajukan&bagian=catatan");
        both.QuerySelectorAll("[data-waiting]").Length.ShouldBe(2);
    }

    /// <summary>A note is a paragraph: the principal sees which words the wali kelas's correction takes out and which it puts in,
    /// while it waits and once decided, as text: what the wali kelas typed is never markup.</summary>
    [Fact]
    public async Task the_principal_sees_the_words_a_note_correction_removes_and_adds_marked_while_it_waits_and_once_decided()
    {
        var (c, wali, principal) = await LockedClassAsync();
        var href = $"/wali/{c.ClassId}/koreksi/{c.Students[0]}";
        await wali.SubmitAsync(await wali.GetPageAsync(href), "form[data-form=catatan]", href,
            new Dictionary<string, string> { ["text"] = "Tekun <b>dan</b> teliti.", ["reason"] = "Catatan kurang lengkap" }, 302);
        await app.CatchUpAsync();
        static string[] Marked(AngleSharp.Dom.IElement e, string tag) => [.. e.QuerySelectorAll(tag).Select(m => m.TextContent)];

        var queue = await principal.GetPageAsync("/koreksi");
        var item = queue.QuerySelector($"section[data-homeroom][data-class='{c.ClassId}']")!;
        (item.QuerySelector("[data-before]")!.TextContent, item.QuerySelector("[data-change]")!.TextContent).ShouldBe(("Rajin.", "Tekun <b>dan</b> teliti."));
        Marked(item.QuerySelector("[data-before]")!, "del").ShouldBe(["Rajin"]);
        Marked(item.QuerySelector("[data-change]")!, "ins").ShouldBe(["Tekun <b>dan</b> teliti"]);
        item.QuerySelector("b").ShouldBeNull("typed markup is shown as text");

        var card = StreamKeys.ReportCard(TestSchool.Id, c.TermId, c.Students[0]);
        var from = (await app.EventsAsync(card)).Max(e => e.Sequence);
        await principal.SubmitAsync(queue, $"section[data-request='{item.GetAttribute("data-request")}'] form", "/koreksi",
            new Dictionary<string, string> { ["reason"] = "Sesuai", ["decision"] = "approve" }, 302);
        await app.CatchUpAsync();
        var to = (await app.EventsAsync(card)).Max(e => e.Sequence);
        var compared = (await principal.GetPageAsync($"/rapor/{c.ClassId}/{c.Students[0]}/waktu?dariUrutan={from}&sampaiUrutan={to}"))
            .QuerySelector("table.card-diff tr[data-section='HomeroomNote']")!;
        Marked(compared.QuerySelector("td.before")!, "del").ShouldBe(["Rajin"]);
        Marked(compared.QuerySelector("td.after")!, "ins").ShouldBe(["Tekun <b>dan</b> teliti"]);
        var decided = (await principal.GetPageAsync("/koreksi")).QuerySelector($"tr[data-homeroom][data-class='{c.ClassId}'] td[data-label=Koreksi]")!;
        decided.TextContent.ShouldBe("Rajin. → Tekun <b>dan</b> teliti.");
        Marked(decided, "del").ShouldBe(["Rajin"]);
        Marked(decided, "ins").ShouldBe(["Tekun <b>dan</b> teliti"]);
    }

    [Fact]
    public async Task hostile_reasons_for_a_request_its_decision_and_an_unlock_are_refused_and_store_nothing()
    {
        var (c, wali, principal) = await LockedClassAsync();
        var requestId = Guid.NewGuid();
        await wali.PostJsonAsync(Api(c, "/correction-requests"), AttendanceCorrection(requestId, c.Students[0]));
        var before = await app.EventCountAsync();

        (await wali.PostJsonAsync(Api(c, "/correction-requests"), new
            {
                commandId = Guid.NewGuid(), studentId = c.Students[0], part = "catatan", text = "Rajin dan teliti.", seenText = "Rajin.", reason = "Surat\0dokter",
            }, 400))
            .GetProperty("code").GetString().ShouldBe("correction.reason_invalid_characters");
        (await principal.PostJsonAsync($"/api/correction-requests/{requestId}/approve", new { commandId = Guid.NewGuid(), reason = "Setuju \u202Eujutes" }, 400))
            .GetProperty("code").GetString().ShouldBe("correction.reason_invalid_characters");
        (await principal.PostJsonAsync($"/api/correction-requests/{requestId}/deny", new { commandId = Guid.NewGuid(), reason = "Tolak\u0007" }, 400))
            .GetProperty("code").GetString().ShouldBe("correction.reason_invalid_characters");
        (await principal.PostJsonAsync($"/api/classes/{c.ClassId}/unlock", new { commandId = Guid.NewGuid(), reason = "Buka\0kunci" }, 400))
            .GetProperty("code").GetString().ShouldBe("unlock.reason_invalid_characters");
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task the_principals_queue_ends_a_requested_line_that_ends_its_own_sentence_with_one_full_stop()
    {
        var (c, wali, principal) = await LockedClassAsync();
        var url = $"/wali/{c.ClassId}/ekstrakurikuler?siswa={c.Students[0]}";
        await wali.SubmitAsync(await wali.GetPageAsync(url), "form[data-form=tambah]", url, new Dictionary<string, string>
        {
            ["activity"] = "Pramuka", ["predicate"] = "Baik", ["description"] = "Aktif mengikuti latihan.", ["reason"] = "Terlewat saat pengisian",
        }, 302);
        await app.CatchUpAsync();

        var request = (await principal.GetPageAsync("/koreksi")).QuerySelectorAll("section[data-homeroom]")
            .Single(s => s.GetAttribute("data-class") == c.ClassId.ToString());

        request.QuerySelector("[data-change]")!.ParentElement!.TextContent.ShouldBe(
            "(belum ada) → Pramuka (Baik): Aktif mengikuti latihan. Alasan: Terlewat saat pengisian");
    }

    [Fact]
    public async Task while_locked_the_extracurricular_page_sends_a_new_line_as_a_request_which_the_principals_approval_adds()
    {
        var (c, wali, principal) = await LockedClassAsync();
        var url = $"/wali/{c.ClassId}/ekstrakurikuler?siswa={c.Students[0]}";
        var page = await wali.GetPageAsync(url);
        page.QuerySelector("form[data-form=tambah] button.primary")!.TextContent.ShouldBe("Ajukan tambah");

        var sent = await wali.SubmitAsync(page, "form[data-form=tambah]", url, new Dictionary<string, string>
        {
            ["activity"] = "Paskibra", ["predicate"] = "Baik", ["description"] = "Anggota inti upacara", ["reason"] = "Terlewat saat pengisian",
        }, 302);
        sent.Context.Response.Headers.Location.ToString().ShouldEndWith("/koreksi?disimpan=diajukan");
        (await SectionsAsync(c))[c.Students[0]].Extracurriculars.ShouldBeEmpty("nothing changes before the principal decides");

        await app.CatchUpAsync();
        var request = (await principal.GetJsonAsync("/api/correction-requests/homeroom?pending=true")).EnumerateArray()
            .Single(r => r.GetProperty("classId").GetGuid() == c.ClassId);
        (request.GetProperty("part").GetString(), request.GetProperty("after").GetString()).ShouldBe(("ekstrakurikuler", "Paskibra (Baik): Anggota inti upacara"));
        await principal.PostJsonAsync($"/api/correction-requests/{request.GetProperty("requestId").GetGuid()}/approve", new { commandId = Guid.NewGuid(), reason = "Sesuai SK pembina" });

        var line = (await SectionsAsync(c))[c.Students[0]].Extracurriculars.ShouldHaveSingleItem();
        (line.Activity, line.Predicate, line.Description).ShouldBe(("Paskibra", "Baik", "Anggota inti upacara"));
    }
}
