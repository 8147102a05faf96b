using Alba;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ERaport.Read.Audit;
using ERaport.Read.Grading;
using ERaport.Web.Api;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using Microsoft.AspNetCore.Identity;

namespace ERaport.Tests.Integration;

/// <summary>Locking a class and corrections after lock, through the JSON API and the pages: each test has a
/// class of its own (locking X-1 would lock the other tests' gradebooks).</summary>
[Collection(AppCollection.Name)]
public sealed class LockingTests(AppFixture app)
{
    private TestSchool School => app.School;

    /// <summary>A class with two students (Adi 80 in TP1), its wali kelas, a scored Matematika gradebook of guru.mtk.</summary>
    internal sealed record LockedClassSetup(Guid ClassId, string Name, string Homeroom, Guid Gradebook, Guid Adi, Guid Budi);

    private Task<LockedClassSetup> ClassAsync() => ClassAsync(app);

    /// <summary>Also used by the verification tests, which print, lock and correct such a class. <paramref name="inTerm"/>: another
    /// term than the test school's (guru.mtk must be a teacher there).</summary>
    internal static async Task<LockedClassSetup> ClassAsync(AppFixture app, Guid? inTerm = null)
    {
        var termId = inTerm ?? app.School.TermId;
        var system = Acting.SystemActor(TestSchool.Id);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var classId = Guid.NewGuid();
        Task Send(object command) => app.SendAcceptedAsync(command);

        await Send(new OpenClass(Guid.NewGuid(), classId, termId, $"XI-{suffix}", 11, "F", null, system, EntrySource.Seed));
        var homeroom = $"wali.{suffix}";
        var hasher = app.Service<IPasswordHasher<UserAccount>>();
        await Send(new RegisterUser(Guid.NewGuid(), Guid.NewGuid(), homeroom, $"Wali {suffix}", null, hasher.HashPassword(new UserAccount(), TestSchool.Password),
            [new RoleGrant(Role.Teacher, termId, null), new RoleGrant(Role.HomeroomTeacher, termId, classId)], system, EntrySource.Seed));
        var students = new List<Guid>();
        foreach (var name in new[] { "Adi", "Budi" })
        {
            var id = Guid.NewGuid();
            var (nisn, nis) = TestSchool.NewStudentNumbers();
            await Send(new RegisterStudent(Guid.NewGuid(), id, $"{name} {suffix}", nisn, nis, "L", null, null, "Islam", system, EntrySource.Seed));
            await Send(new EnrollStudent(Guid.NewGuid(), classId, id, system, EntrySource.Seed));
            students.Add(id);
        }
        var subjectId = Guid.NewGuid();
        var gradebook = Guid.NewGuid();
        await Send(new AddSubject(Guid.NewGuid(), subjectId, $"Matematika {suffix}", $"M{suffix}", "Umum", 4, false, 70, system, EntrySource.Seed));
        await Send(new OpenGradebook(Guid.NewGuid(), gradebook, termId, classId, subjectId, app.School.User("guru.mtk").UserId,
            ["Eksponen", "Barisan"], system, EntrySource.Seed));
        await Send(new SaveScores(Guid.NewGuid(), gradebook,
        [
            new ScoreEntry(students[0], "tp1", "80", null), new ScoreEntry(students[0], "tp2", "90", null),
            new ScoreEntry(students[0], Assessment.SemesterTest, "70", null), new ScoreEntry(students[0], Assessment.SemesterNonTest, "80", null),
        ], null, app.School.User("guru.mtk"), EntrySource.Seed));
        await app.CatchUpAsync();
        return new LockedClassSetup(classId, $"XI-{suffix}", homeroom, gradebook, students[0], students[1]);
    }

    internal static async Task<IScenarioResult> Post(TestBrowser browser, string url, object body, int status = 200) =>
        await browser.SendAsync(s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(status);
        });

    private static async Task<string> Refused(TestBrowser browser, string url, object body, int status) =>
        (await (await Post(browser, url, body, status)).ReadAsJsonAsync<ApiProblem>())!.Code;

    internal static async Task LockAsync(TestBrowser by, Guid classId) => await Post(by, $"/api/classes/{classId}/lock", new { commandId = Guid.NewGuid() });

    internal static object Correction(Guid student, int? seen, int? value, string reason = "Salah ketik; lembar jawaban menunjukkan 95") =>
        new { commandId = Guid.NewGuid(), studentId = student, assessment = "tp1", seen, value, reason };

    private static async Task<List<CorrectionView>> Requests(TestBrowser browser, bool pending = false) =>
        (await (await browser.SendAsync(s => s.Get.Url($"/api/correction-requests?pending={pending}"))).ReadAsJsonAsync<List<CorrectionView>>())!;

    private static async Task<GradeSheet> Sheet(TestBrowser browser, Guid gradebook) =>
        (await (await browser.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebook}/scores"))).ReadAsJsonAsync<GradeSheet>())!;

    [Fact]
    public async Task the_teachers_home_page_says_a_locked_gradebook_is_locked_instead_of_offering_to_fill_it()
    {
        var c = await ClassAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        string Offer(AngleSharp.Html.Dom.IHtmlDocument home) =>
            home.QuerySelectorAll($"a[href='/nilai/{c.Gradebook}']").First().ParentElement!.QuerySelector(".muted")!.TextContent;
        Offer(await teacher.GetPageAsync("/")).ShouldBe("isi nilai");

        await LockAsync(await app.SignInAsync(c.Homeroom), c.ClassId);
        await app.CatchUpAsync(); // the teacher holds no read-your-writes token for the wali kelas's lock

        Offer(await teacher.GetPageAsync("/")).ShouldBe("terkunci");
    }

    /// <summary>The TP and weights page kept its forms after a lock: every save was refused, so a teacher typed a new KKTP or
    /// TP wording only to be told afterwards. It now says the gradebook is locked and shows what is set, as the grid does.</summary>
    [Fact]
    public async Task a_locked_gradebooks_tp_and_weights_page_shows_the_lock_and_what_is_set_without_forms()
    {
        var c = await ClassAsync();
        await LockAsync(await app.SignInAsync(c.Homeroom), c.ClassId);
        await app.CatchUpAsync();

        var page = await (await app.SignInAsync("guru.mtk")).GetPageAsync($"/nilai/{c.Gradebook}/tp");

        page.QuerySelectorAll("form[data-form]").ShouldBeEmpty();
        page.QuerySelector("[data-locked]")!.TextContent.ShouldContain("Nilai dikunci");
        page.QuerySelector("[data-locked]")!.TextContent.ShouldContain("TP, bobot dan KKTP tidak dapat diubah");
        page.QuerySelector("#scheme-title")!.ParentElement!.TextContent.ShouldContain("KKTP 70");
        page.QuerySelectorAll("ol.objectives li").Select(li => li.TextContent).ShouldContain(t => t.Contains("Eksponen"));
    }

    /// <summary>A locked grid's scores are links to a correction request; a screen reader says what the link does and for whom,
    /// not only the number (the tooltip is for the mouse alone).</summary>
    [Fact]
    public async Task a_locked_grids_score_link_says_it_requests_a_correction_for_that_student_and_column()
    {
        var c = await ClassAsync();
        await LockAsync(await app.SignInAsync(c.Homeroom), c.ClassId);
        await app.CatchUpAsync();

        var page = await (await app.SignInAsync("guru.mtk")).GetPageAsync($"/nilai/{c.Gradebook}");

        var link = page.QuerySelector($"a[data-request][href$='/koreksi/{c.Adi}/tp1']")!;
        link.GetAttribute("aria-label").ShouldBe($"{link.TextContent.Trim()}: ajukan koreksi Adi {c.Name["XI-".Length..]} TP1");
    }

    [Fact]
    public async Task after_lock_the_teacher_requests_a_correction_the_principal_approves_it_and_the_history_shows_every_step()
    {
        var c = await ClassAsync();
        var homeroom = await app.SignInAsync(c.Homeroom);
        var teacher = await app.SignInAsync("guru.mtk");
        var principal = await app.SignInAsync("kepsek");

        await LockAsync(homeroom, c.ClassId);

        (await Refused(teacher, $"/api/gradebooks/{c.Gradebook}/scores",
            new { commandId = Guid.NewGuid(), reason = "ralat", scores = new[] { new { studentId = c.Adi, assessment = "tp1", value = 95, seen = 80 } } }, 409))
            .ShouldBe("gradebook.locked");
        var request = Correction(c.Adi, 80, 95);
        await Post(teacher, $"/api/gradebooks/{c.Gradebook}/correction-requests", request);
        await app.CatchUpAsync();
        var pending = (await Requests(principal, pending: true)).Single(r => r.GradebookId == c.Gradebook);
        (pending.Seen, pending.Value, pending.TeacherName, pending.State).ShouldBe((80, 95, "Bambang Matematika", CorrectionState.Pending));

        await Post(principal, $"/api/correction-requests/{pending.RequestId}/approve", new { commandId = Guid.NewGuid(), reason = "Lembar jawaban diperiksa" });
        await app.CatchUpAsync();

        var adi = (await Sheet(teacher, c.Gradebook)).Students.Single(s => s.StudentId == c.Adi);
        adi.Scores["tp1"].Value.ShouldBe(95);
        adi.FinalGrade.Calculated.ShouldBe(84); // SLM (95 + 90) / 2, SAS 75
        (await Requests(teacher)).Single(r => r.RequestId == pending.RequestId).State.ShouldBe(CorrectionState.Approved);

        var history = (await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes?ClassId={c.ClassId}"))).ReadAsJsonAsync<HistoryPage>())!.Entries;
        history.Select(e => e.Kind).ShouldContain(ScoreChangeKind.Locked);
        history.Single(e => e.Kind == ScoreChangeKind.CorrectionRequested).Reason.ShouldBe("Salah ketik; lembar jawaban menunjukkan 95");
        history.Single(e => e.Kind == ScoreChangeKind.CorrectionApproved).Reason.ShouldBe("Lembar jawaban diperiksa");
        var corrected = history.Single(e => e.Kind == ScoreChangeKind.Corrected);
        (corrected.Before, corrected.After, corrected.Source, corrected.ChangedBy).ShouldBe((80, 95, "Approval", "kepsek"));
        corrected.Flags.ShouldContain(ChangeFlag.AfterLock);
        history.Single(e => e.Kind == ScoreChangeKind.Locked).Flags.ShouldBeEmpty();

        var afterLock = (await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes?ClassId={c.ClassId}&afterLock=true"))).ReadAsJsonAsync<HistoryPage>())!.Entries;
        afterLock.Select(e => e.Kind).Distinct().Order().ShouldBe([ScoreChangeKind.Corrected, ScoreChangeKind.Calculated]);
    }

    [Fact]
    public async Task the_lock_reaches_every_report_card_of_the_class_in_one_transaction_and_records_a_chain_checkpoint()
    {
        var c = await ClassAsync();
        var homeroom = await app.SignInAsync(c.Homeroom);

        await LockAsync(homeroom, c.ClassId);

        var gradebookEvents = await app.EventsAsync(StreamKeys.Gradebook(TestSchool.Id, c.Gradebook));
        var cardEvents = await app.EventsAsync(StreamKeys.ReportCard(TestSchool.Id, School.TermId, c.Budi));
        cardEvents.Single().Data.ShouldBe(new ReportCardLocked(School.TermId, c.ClassId));
        cardEvents.Single().Headers![CommandPipeline.CommandIdHeader].ShouldBe(gradebookEvents[^1].Headers![CommandPipeline.CommandIdHeader]);
        (await Refused(homeroom, $"/api/classes/{c.ClassId}/lock", new { commandId = Guid.NewGuid() }, 409)).ShouldBe("lock.already_locked");

        var chain = app.Service<EventChain>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(await chain.CheckpointsAsync(TestSchool.Id, default)).Any(k => k.Reason == $"Kunci nilai kelas {c.Name}") && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        var checkpoint = (await chain.CheckpointsAsync(TestSchool.Id, default)).Single(k => k.Reason == $"Kunci nilai kelas {c.Name}");
        checkpoint.RecordedBy.ShouldBe(c.Homeroom);
        checkpoint.Sequence.ShouldBeGreaterThanOrEqualTo(cardEvents.Single().Sequence);
    }

    [Fact]
    public async Task a_denied_request_changes_nothing_and_cannot_be_decided_again()
    {
        var c = await ClassAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var principal = await app.SignInAsync("kepsek");
        await LockAsync(await app.SignInAsync("admin"), c.ClassId);
        await Post(teacher, $"/api/gradebooks/{c.Gradebook}/correction-requests", Correction(c.Adi, 80, 40, "Nilai terlalu tinggi"));
        await app.CatchUpAsync();
        var request = (await Requests(principal, pending: true)).Single(r => r.GradebookId == c.Gradebook);

        await Post(principal, $"/api/correction-requests/{request.RequestId}/deny", new { commandId = Guid.NewGuid(), reason = "Tidak ada bukti" });
        await app.CatchUpAsync();

        (await Sheet(teacher, c.Gradebook)).Students.Single(s => s.StudentId == c.Adi).Scores["tp1"].Value.ShouldBe(80);
        var mine = (await Requests(teacher)).Single(r => r.RequestId == request.RequestId);
        (mine.State, mine.DecisionReason, mine.DecidedByName).ShouldBe((CorrectionState.Denied, "Tidak ada bukti", "Ibu Kepala"));
        (await Refused(principal, $"/api/correction-requests/{request.RequestId}/approve", new { commandId = Guid.NewGuid(), reason = "Berubah pikiran" }, 409))
            .ShouldBe("correction.already_decided");
        var history = (await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes?ClassId={c.ClassId}"))).ReadAsJsonAsync<HistoryPage>())!.Entries;
        history.Single(e => e.Kind == ScoreChangeKind.CorrectionDenied).Reason.ShouldBe("Tidak ada bukti");
        history.ShouldNotContain(e => e.Kind == ScoreChangeKind.Corrected);
    }

    [Fact]
    public async Task a_score_already_waiting_for_the_principal_cannot_be_asked_again_but_another_cell_can()
    {
        var c = await ClassAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        await LockAsync(await app.SignInAsync("admin"), c.ClassId);
        await Post(teacher, $"/api/gradebooks/{c.Gradebook}/correction-requests", Correction(c.Adi, 80, 95));

        var again = await Post(teacher, $"/api/gradebooks/{c.Gradebook}/correction-requests", Correction(c.Adi, 80, 90, "Dikirim lagi"), 409);

        var problem = (await again.ReadAsJsonAsync<ApiProblem>())!;
        problem.Code.ShouldBe("correction.already_waiting");
        problem.Title.ShouldContain("masih menunggu keputusan kepala sekolah");
        await Post(teacher, $"/api/gradebooks/{c.Gradebook}/correction-requests", new
        {
            commandId = Guid.NewGuid(), studentId = c.Adi, assessment = "tp2", seen = 90, value = 92, reason = "Salah ketik",
        });
    }

    [Fact]
    public async Task each_role_may_do_only_its_part()
    {
        var c = await ClassAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var otherTeacher = await app.SignInAsync("guru.bio");
        var otherHomeroom = await app.SignInAsync("wali.x1");
        var admin = await app.SignInAsync("admin");
        var principal = await app.SignInAsync("kepsek");

        (await Refused(teacher, $"/api/classes/{c.ClassId}/lock", new { commandId = Guid.NewGuid() }, 403)).ShouldBe("lock.not_allowed");
        (await Refused(otherHomeroom, $"/api/classes/{c.ClassId}/lock", new { commandId = Guid.NewGuid() }, 403)).ShouldBe("lock.not_allowed");
        (await Refused(teacher, $"/api/gradebooks/{c.Gradebook}/correction-requests", Correction(c.Adi, 80, 95), 409)).ShouldBe("correction.not_locked");
        await LockAsync(admin, c.ClassId);

        (await Refused(otherTeacher, $"/api/gradebooks/{c.Gradebook}/correction-requests", Correction(c.Adi, 80, 95), 403))
            .ShouldBe("gradebook.not_teacher_of_record");
        await Post(teacher, $"/api/gradebooks/{c.Gradebook}/correction-requests", Correction(c.Adi, 80, 95));
        await app.CatchUpAsync();
        var request = (await Requests(principal, pending: true)).Single(r => r.GradebookId == c.Gradebook);
        (await Requests(otherTeacher)).ShouldNotContain(r => r.RequestId == request.RequestId);
        foreach (var notPrincipal in new[] { admin, teacher, otherHomeroom })
            (await Refused(notPrincipal, $"/api/correction-requests/{request.RequestId}/approve", new { commandId = Guid.NewGuid(), reason = "ok" }, 403))
                .ShouldBe("role.principal_required");
        (await Refused(admin, $"/api/classes/{c.ClassId}/unlock", new { commandId = Guid.NewGuid(), reason = "perbaikan" }, 403)).ShouldBe("role.principal_required");
        (await Refused(principal, $"/api/classes/{c.ClassId}/unlock", new { commandId = Guid.NewGuid(), reason = " " }, 400)).ShouldBe("unlock.reason_required");
    }

    [Fact]
    public async Task unlocking_lets_the_teacher_edit_again_and_an_approval_of_a_cell_changed_since_is_refused_with_the_current_value()
    {
        var c = await ClassAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var principal = await app.SignInAsync("kepsek");
        var homeroom = await app.SignInAsync(c.Homeroom);
        await LockAsync(homeroom, c.ClassId);
        await Post(teacher, $"/api/gradebooks/{c.Gradebook}/correction-requests", Correction(c.Adi, 80, 95));

        await Post(principal, $"/api/classes/{c.ClassId}/unlock", new { commandId = Guid.NewGuid(), reason = "Nilai remedial belum masuk" });
        await Post(teacher, $"/api/gradebooks/{c.Gradebook}/corrections",
            new { commandId = Guid.NewGuid(), studentId = c.Adi, assessment = "tp1", seen = 80, value = 85, reason = "Remedial" });
        await LockAsync(homeroom, c.ClassId);
        await app.CatchUpAsync();
        var request = (await Requests(principal, pending: true)).Single(r => r.GradebookId == c.Gradebook);

        var problem = (await (await Post(principal, $"/api/correction-requests/{request.RequestId}/approve",
            new { commandId = Guid.NewGuid(), reason = "ok" }, 409)).ReadAsJsonAsync<ApiProblem>())!;

        problem.Code.ShouldBe("correction.stale");
        problem.Title.ShouldContain("85");
        (await Sheet(teacher, c.Gradebook)).Students.Single(s => s.StudentId == c.Adi).Scores["tp1"].Value.ShouldBe(85);
        var history = (await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes?ClassId={c.ClassId}"))).ReadAsJsonAsync<HistoryPage>())!.Entries;
        history.Single(e => e.Kind == ScoreChangeKind.Unlocked).Reason.ShouldBe("Nilai remedial belum masuk");
        history.Single(e => e is { Kind: ScoreChangeKind.Corrected, After: 85 }).Flags.ShouldNotContain(ChangeFlag.AfterLock);
    }

    /// <summary>The admin opens a Biologi gradebook of guru.bio in the class; its id.</summary>
    private async Task<Guid> OpenBiologyAsync(TestBrowser admin, LockedClassSetup c)
    {
        var subjectId = (await admin.PostJsonAsync("/api/master-data/subjects",
            new { commandId = Guid.NewGuid(), name = $"Biologi {c.Name}", code = $"B{c.Name[3..]}", group = "Umum", order = 8, isReligion = false, kktp = 70 })).Id();
        return (await admin.PostJsonAsync("/api/master-data/teaching-assignments", new
        {
            commandId = Guid.NewGuid(), termId = School.TermId, classId = c.ClassId, subjectId, teacherId = School.User("guru.bio").UserId,
            learningObjectives = new[] { "Sel" },
        })).Id();
    }

    /// <summary>A class locked at once locks its 15 subjects with one command: the lock page says who and when once, and on a row
    /// only what differs (here Kimia, opened after the lock).</summary>
    [Fact]
    public async Task the_lock_page_names_who_locked_the_subjects_locked_together_once_and_each_exception_on_its_row()
    {
        var c = await ClassAsync();
        var homeroom = await app.SignInAsync(c.Homeroom);
        var admin = await app.SignInAsync("admin");
        var biology = await OpenBiologyAsync(admin, c);
        await LockAsync(homeroom, c.ClassId);
        var chemistrySubject = (await admin.PostJsonAsync("/api/master-data/subjects",
            new { commandId = Guid.NewGuid(), name = $"Kimia {c.Name}", code = $"K{c.Name[3..]}", group = "Umum", order = 9, isReligion = false, kktp = 70 })).Id();
        var chemistry = (await admin.PostJsonAsync("/api/master-data/teaching-assignments", new
        {
            commandId = Guid.NewGuid(), termId = School.TermId, classId = c.ClassId, subjectId = chemistrySubject, teacherId = School.User("guru.bio").UserId,
            learningObjectives = new[] { "Atom" },
        })).Id();
        await app.CatchUpAsync();

        var page = await homeroom.GetPageAsync($"/kelas/{c.ClassId}/kunci");
        string Status(Guid gradebook) => page.QuerySelector($"tr[data-gradebook='{gradebook}'] td[data-label=Status]")!.TextContent;

        page.QuerySelector("[data-shared-lock]")!.TextContent.ShouldStartWith($"2 mata pelajaran dikunci sekaligus oleh Wali {c.Name[3..]}, ");
        (Status(c.Gradebook), Status(biology)).ShouldBe(("Dikunci", "Dikunci"));
        Status(chemistry).ShouldStartWith($"Dikunci oleh Wali {c.Name[3..]}, ");
    }

    [Fact]
    public async Task a_gradebook_opened_in_a_locked_class_starts_locked_by_its_wali_kelas_and_unlocks_with_the_class()
    {
        var c = await ClassAsync();
        var homeroom = await app.SignInAsync(c.Homeroom);
        var principal = await app.SignInAsync("kepsek");
        var admin = await app.SignInAsync("admin");
        var teacher = await app.SignInAsync("guru.bio");
        await LockAsync(homeroom, c.ClassId);

        var gradebook = await OpenBiologyAsync(admin, c);

        var score = new { commandId = Guid.NewGuid(), scores = new[] { new { studentId = c.Adi, assessment = "tp1", value = 75 } } };
        (await Refused(teacher, $"/api/gradebooks/{gradebook}/scores", score, 409)).ShouldBe("gradebook.locked");
        await app.CatchUpAsync();
        var state = (await (await principal.SendAsync(s => s.Get.Url($"/api/classes/{c.ClassId}/lock"))).ReadAsJsonAsync<ClassLockView>())!;
        state.Gradebooks.Count.ShouldBe(2);
        state.Locked.ShouldBeTrue();
        // The wali kelas locked the class, when the first gradebook was locked; the admin only opened this one.
        var classLock = state.Gradebooks.Single(g => g.Gradebook.GradebookId == c.Gradebook).Lock!;
        state.Gradebooks.Single(g => g.Gradebook.GradebookId == gradebook).Lock.ShouldBe(new LockInfo(c.Homeroom, $"Wali {c.Name[3..]}", classLock.LockedAt));
        var grid = await teacher.GetPageAsync($"/nilai/{gradebook}");
        grid.QuerySelector("[data-locked]")!.TextContent.ShouldContain($"oleh Wali {c.Name[3..]}");
        var history = (await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes?ClassId={c.ClassId}"))).ReadAsJsonAsync<HistoryPage>())!.Entries;
        var opening = history.Single(e => e.GradebookId == gradebook && e.Kind == ScoreChangeKind.Locked);
        (opening.ChangedBy, opening.Reason).ShouldBe(("admin", "Dibuka saat nilai kelasnya sudah dikunci"));

        await Post(principal, $"/api/classes/{c.ClassId}/unlock", new { commandId = Guid.NewGuid(), reason = "Nilai Biologi belum masuk" });
        await Post(teacher, $"/api/gradebooks/{gradebook}/scores", score with { commandId = Guid.NewGuid() });
        await app.CatchUpAsync();
        (await Sheet(teacher, gradebook)).Students.Single(s => s.StudentId == c.Adi).Scores["tp1"].Value.ShouldBe(75);
    }

    [Fact]
    public async Task a_gradebook_opened_in_a_class_locked_again_by_someone_else_names_the_second_locker_and_time()
    {
        var c = await ClassAsync();
        // A second admin locks the second time, so that neither the first locker nor the admin who opens the gradebook fits.
        var suffix = c.Name[3..];
        await app.SendAcceptedAsync(new RegisterUser(Guid.NewGuid(), Guid.NewGuid(), $"tu.{suffix}", $"Tata Usaha {suffix}", null,
            app.Service<IPasswordHasher<UserAccount>>().HashPassword(new UserAccount(), TestSchool.Password),
            [new RoleGrant(Role.Admin, null, null)], Acting.SystemActor(TestSchool.Id), EntrySource.Seed));
        var principal = await app.SignInAsync("kepsek");
        var admin = await app.SignInAsync("admin");
        await LockAsync(await app.SignInAsync(c.Homeroom), c.ClassId);
        await Post(principal, $"/api/classes/{c.ClassId}/unlock", new { commandId = Guid.NewGuid(), reason = "Nilai remedial belum masuk" });
        await LockAsync(await app.SignInAsync($"tu.{suffix}"), c.ClassId);
        var locks = (await app.EventsAsync(StreamKeys.Gradebook(TestSchool.Id, c.Gradebook))).Where(e => e.Data is GradebookLocked).ToList();
        var (first, second) = (locks[0], locks[^1]);
        second.Timestamp.ShouldBeGreaterThan(first.Timestamp);

        var gradebook = await OpenBiologyAsync(admin, c);

        var opening = (await app.EventsAsync(StreamKeys.Gradebook(TestSchool.Id, gradebook))).Select(e => e.Data).OfType<GradebookLocked>().Single();
        (opening.AtOpening, opening.LockedBy, opening.LockedAt).ShouldBe((true, $"tu.{suffix}", second.Timestamp));
        await app.CatchUpAsync();
        var state = (await (await principal.SendAsync(s => s.Get.Url($"/api/classes/{c.ClassId}/lock"))).ReadAsJsonAsync<ClassLockView>())!;
        var classLock = state.Gradebooks.Single(g => g.Gradebook.GradebookId == c.Gradebook).Lock!;
        classLock.LockedBy.ShouldBe($"tu.{suffix}");
        state.Gradebooks.Single(g => g.Gradebook.GradebookId == gradebook).Lock.ShouldBe(new LockInfo($"tu.{suffix}", $"Tata Usaha {suffix}", classLock.LockedAt));
        var grid = await (await app.SignInAsync("guru.bio")).GetPageAsync($"/nilai/{gradebook}");
        grid.QuerySelector("[data-locked]")!.TextContent.ShouldContain($"oleh Tata Usaha {suffix}, {SchoolTime.Format(second.Timestamp)}");
    }

    [Fact]
    public async Task requests_from_two_terms_name_each_class_with_its_term()
    {
        var system = Acting.SystemActor(TestSchool.Id);
        var termId = Guid.NewGuid();
        var year = MasterDataFixture.NewSchoolYear();
        await app.SendAcceptedAsync(new OpenTerm(Guid.NewGuid(), termId, year, 1, null, system, EntrySource.Seed));
        await app.SendAcceptedAsync(new GrantRole(Guid.NewGuid(), School.User("guru.mtk").UserId, new RoleGrant(Role.Teacher, termId, null), system, EntrySource.Seed));
        var (now, later) = (await ClassAsync(), await ClassAsync(app, termId));
        var teacher = await app.SignInAsync("guru.mtk");
        foreach (var c in new[] { now, later })
        {
            await LockAsync(await app.SignInAsync(c.Homeroom), c.ClassId);
            await Post(teacher, $"/api/gradebooks/{c.Gradebook}/correction-requests", Correction(c.Adi, 80, 95));
        }
        await app.CatchUpAsync();

        var requests = (await teacher.GetPageAsync("/koreksi")).QuerySelectorAll("section[data-request]").Select(s => s.TextContent).ToList();

        requests.ShouldContain(r => r.Contains($"{now.Name} (2026/2027 Ganjil)"));
        requests.ShouldContain(r => r.Contains($"{later.Name} ({year} Ganjil)"));
    }

    [Fact]
    public async Task the_principal_and_the_teacher_see_on_their_home_page_how_many_correction_requests_still_wait()
    {
        var c = await ClassAsync();
        var (teacher, principal) = (await app.SignInAsync("guru.mtk"), await app.SignInAsync("kepsek"));
        static async Task<(int Count, string Text)> WaitingAsync(TestBrowser user)
        {
            var notice = (await user.GetPageAsync("/")).QuerySelector("[data-pending-corrections]");
            return notice is null ? (0, "") : (int.Parse(notice.TextContent.Trim().Split(' ')[0]), notice.TextContent);
        }
        var (principalBefore, teacherBefore) = (await WaitingAsync(principal), await WaitingAsync(teacher));

        await LockAsync(await app.SignInAsync(c.Homeroom), c.ClassId);
        await Post(teacher, $"/api/gradebooks/{c.Gradebook}/correction-requests", Correction(c.Adi, 80, 95));
        await app.CatchUpAsync();

        var (principalNow, teacherNow) = (await WaitingAsync(principal), await WaitingAsync(teacher));
        principalNow.Count.ShouldBe(principalBefore.Count + 1);
        principalNow.Text.ShouldContain("menunggu keputusan Anda");
        teacherNow.Count.ShouldBe(teacherBefore.Count + 1);
        teacherNow.Text.ShouldContain("permintaan koreksi Anda masih menunggu keputusan kepala sekolah");
    }

    /// <summary>The teacher sends the request form at <paramref name="href"/> (which shows <paramref name="seen"/>);
    /// then the principal's queue and Adi's request in it.</summary>
    private async Task<(TestBrowser Principal, IHtmlDocument Queue, IElement Item)> RequestThroughPagesAsync(
        LockedClassSetup c, TestBrowser teacher, string href, string seen, string value, string reason)
    {
        var form = await teacher.GetPageAsync(href);
        form.QuerySelector("[data-current]")!.TextContent.ShouldBe(seen);
        var sent = await teacher.SubmitAsync(form, "form[data-form=request]", href,
            new Dictionary<string, string> { ["value"] = value, ["reason"] = reason }, 302);
        sent.Context.Response.Headers.Location.ToString().ShouldEndWith("/koreksi?disimpan=diajukan");

        var principal = await app.SignInAsync("kepsek");
        await app.CatchUpAsync();
        var queue = await principal.GetPageAsync("/koreksi");
        return (principal, queue, queue.QuerySelectorAll("section[data-request]").Single(s => s.TextContent.Contains($"Adi {c.Name[3..]}")));
    }

    /// <summary>A class's lock page and its API twin are for the people concerned: its wali kelas, the principal, the admin and the
    /// teachers of its gradebooks. Another teacher of the school, or the wali kelas of another class, is refused as elsewhere.</summary>
    [Fact]
    public async Task the_lock_page_and_its_api_are_refused_to_a_teacher_who_teaches_nothing_in_the_class()
    {
        var c = await ClassAsync();
        var url = $"/kelas/{c.ClassId}/kunci";
        foreach (var user in new[] { c.Homeroom, "guru.mtk", "kepsek", "admin" })
        {
            var browser = await app.SignInAsync(user);
            (await browser.GetPageAsync(url)).QuerySelector($"tr[data-gradebook='{c.Gradebook}'] [data-complete]")!.TextContent.ShouldBe("1/2", user);
            await browser.SendAsync(s => { s.Get.Url($"/api/classes/{c.ClassId}/lock"); s.StatusCodeShouldBe(200); });
        }
        foreach (var user in new[] { "guru.bio", "wali.x1" })
        {
            var browser = await app.SignInAsync(user);
            var page = await browser.GetPageAsync(url, 403);
            page.QuerySelector("h1")!.TextContent.ShouldBe("Akses ditolak");
            page.QuerySelector("[data-complete]").ShouldBeNull(user);
            page.Body!.TextContent.ShouldNotContain($"Adi {c.Name[3..]}");
            var answer = await browser.SendAsync(s => { s.Get.Url($"/api/classes/{c.ClassId}/lock"); s.StatusCodeShouldBe(403); });
            (await answer.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("lock.forbidden");
        }
    }

    [Fact]
    public async Task the_lock_page_shows_what_is_incomplete_and_locks_only_after_the_confirmation_is_ticked()
    {
        var c = await ClassAsync();
        var homeroom = await app.SignInAsync(c.Homeroom);
        var url = $"/kelas/{c.ClassId}/kunci";
        var page = await homeroom.GetPageAsync(url);
        page.QuerySelector($"tr[data-gradebook='{c.Gradebook}'] [data-complete]")!.TextContent.ShouldBe("1/2"); // Budi has no scores
        page.QuerySelector("[data-incomplete]")!.TextContent.ShouldContain("1 nilai akhir belum lengkap");
        page.QuerySelector("form[data-form=lock] input[name=confirm]")!.HasAttribute("required").ShouldBeTrue();

        var refused = await homeroom.SubmitAsync(page, "form[data-form=lock]", url, new Dictionary<string, string> { ["confirm"] = "" }, 400);
        var answer = TestBrowser.Parse(await refused.ReadAsTextAsync());
        answer.QuerySelector("[data-code='lock.not_confirmed']").ShouldNotBeNull();
        answer.QuerySelector("[data-lock-state]")!.TextContent.ShouldBe("Terbuka");
        (await homeroom.GetPageAsync(url)).QuerySelector("[data-lock-state]")!.TextContent.ShouldBe("Terbuka");

        await homeroom.SubmitAsync(page, "form[data-form=lock]", url, new Dictionary<string, string> { ["confirm"] = "ya" }, 302);
        (await homeroom.GetPageAsync(url)).QuerySelector("[data-lock-state]")!.TextContent.ShouldBe("Dikunci");
    }

    [Fact]
    public async Task the_locked_grid_is_read_only_and_the_request_and_the_decision_go_through_the_pages()
    {
        var c = await ClassAsync();
        var homeroom = await app.SignInAsync(c.Homeroom);
        var lockPage = await homeroom.GetPageAsync($"/kelas/{c.ClassId}/kunci");
        await homeroom.SubmitAsync(lockPage, "form[data-form=lock]", $"/kelas/{c.ClassId}/kunci", new Dictionary<string, string> { ["confirm"] = "ya" }, 302);
        (await homeroom.GetPageAsync($"/kelas/{c.ClassId}/kunci")).QuerySelector("[data-lock-state]")!.TextContent.ShouldBe("Dikunci");

        var teacher = await app.SignInAsync("guru.mtk");
        var grid = await teacher.GetPageAsync($"/nilai/{c.Gradebook}");
        grid.QuerySelector("[data-locked]")!.TextContent.ShouldContain("Nilai dikunci");
        grid.QuerySelectorAll("form[data-score-grid]").Length.ShouldBe(0);
        grid.QuerySelectorAll("input.cell").Length.ShouldBe(0);
        var link = grid.QuerySelector($"a[data-request][href$='/{c.Adi}/tp1']")!;
        link.TextContent.ShouldBe("80");

        var (principal, queue, item) = await RequestThroughPagesAsync(c, teacher, link.GetAttribute("href")!, seen: "80", value: "95", "Salah ketik");
        item.QuerySelector("[data-change]")!.TextContent.ShouldBe("80 → 95");
        var requestId = item.GetAttribute("data-request")!;
        await principal.SubmitAsync(queue, $"section[data-request='{requestId}'] form", "/koreksi",
            new Dictionary<string, string> { ["reason"] = "Bukti cocok", ["decision"] = "approve" }, 302);

        await app.CatchUpAsync(); // the teacher holds no read-your-writes token for the principal's decision
        var after = await teacher.GetPageAsync("/koreksi");
        after.QuerySelector($"tr[data-request='{requestId}'] [data-state]")!.GetAttribute("data-state").ShouldBe("Approved");
        (await teacher.GetPageAsync($"/nilai/{c.Gradebook}")).QuerySelector($"a[data-request][href$='/{c.Adi}/tp1']")!.TextContent.ShouldBe("95");
    }

    [Fact]
    public async Task a_score_request_sent_without_typing_the_new_value_asks_for_it_instead_of_asking_to_delete_the_score()
    {
        var c = await ClassAsync();
        await LockAsync(await app.SignInAsync(c.Homeroom), c.ClassId);
        await app.CatchUpAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var href = (await teacher.GetPageAsync($"/nilai/{c.Gradebook}")).QuerySelector($"a[data-request][href$='/{c.Adi}/tp1']")!.GetAttribute("href")!;
        var form = await teacher.GetPageAsync(href);

        // A tired teacher writes the reason and forgets the number: that must not send "80 → kosong" to the principal.
        var refused = await teacher.SubmitAsync(form, "form[data-form=request]", href, new Dictionary<string, string> { ["reason"] = "Remedial" }, 400);
        var answer = TestBrowser.Parse(await refused.ReadAsTextAsync());
        answer.QuerySelector("[data-code='correction.no_change']")!.TextContent.ShouldContain("Nilai yang diajukan sama dengan nilai sekarang.");
        answer.QuerySelector("textarea[name=reason]")!.TextContent.ShouldBe("Remedial");
        (await teacher.GetPageAsync("/koreksi")).QuerySelectorAll("[data-request]").Where(r => r.TextContent.Contains($"Adi {c.Name[3..]}")).ShouldBeEmpty();

        // Clearing the value is still how a score is deliberately removed.
        await teacher.SubmitAsync(answer, "form[data-form=request]", href, new Dictionary<string, string> { ["value"] = "" }, 302);
    }

    /// <summary>A locked class whose Matematika teacher asked, through the pages, to change Adi's TP1 from 80 to 95; the
    /// principal's queue showing it.</summary>
    private async Task<(LockedClassSetup Class, TestBrowser Principal, IHtmlDocument Queue, IElement Item)> ScoreRequestWaitingAsync()
    {
        var c = await ClassAsync();
        await LockAsync(await app.SignInAsync(c.Homeroom), c.ClassId);
        await app.CatchUpAsync();
        var teacher = await app.SignInAsync("guru.mtk");
        var link = (await teacher.GetPageAsync($"/nilai/{c.Gradebook}")).QuerySelector($"a[data-request][href$='/{c.Adi}/tp1']")!;
        var (principal, queue, item) = await RequestThroughPagesAsync(c, teacher, link.GetAttribute("href")!, seen: "80", value: "95", "Salah ketik");
        return (c, principal, queue, item);
    }

    /// <summary>A correction approved after the lock that swings the score carries two flags in /audit: they read as two (a
    /// screen reader, a copied line), "Perubahan besar Setelah dikunci", not "Perubahan besarSetelah dikunci".</summary>
    [Fact]
    public async Task the_flags_of_a_change_in_the_history_explorer_read_as_separate_words()
    {
        var c = await ClassAsync();
        var principal = await app.SignInAsync("kepsek");
        await LockAsync(await app.SignInAsync(c.Homeroom), c.ClassId);
        await Post(await app.SignInAsync("guru.mtk"), $"/api/gradebooks/{c.Gradebook}/correction-requests", Correction(c.Adi, 80, 40, "Remedial"));
        await app.CatchUpAsync();
        var request = (await Requests(principal, pending: true)).Single(r => r.GradebookId == c.Gradebook);
        await Post(principal, $"/api/correction-requests/{request.RequestId}/approve", new { commandId = Guid.NewGuid(), reason = "Sesuai" });
        await app.CatchUpAsync();

        var page = await principal.GetPageAsync($"/audit?ClassId={c.ClassId}&MinSwing=40");
        var flags = page.QuerySelectorAll("table.explorer tbody tr").Single(r => r.TextContent.Contains("Dikoreksi")).QuerySelector("td[data-label='Tanda']")!;
        string.Join(" ", flags.TextContent.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ShouldBe("Perubahan besar Setelah dikunci");
    }

    /// <summary>"Who asked, who approved": a request names the teacher who asked for it, also once the gradebook was handed to
    /// another teacher, and once decided, beside who decided. The queue named the gradebook's teacher of the day (after a hand-over,
    /// one who asked for nothing) and the decided list only who decided.</summary>
    [Fact]
    public async Task a_request_names_the_teacher_who_asked_for_it_after_a_hand_over_and_once_decided_beside_who_decided()
    {
        var (c, principal, _, item) = await ScoreRequestWaitingAsync();
        var request = item.GetAttribute("data-request");
        await (await app.SignInAsync("admin")).PutJsonAsync($"/api/master-data/teaching-assignments/{c.Gradebook}/teacher",
            new { commandId = Guid.NewGuid(), teacherId = app.School.User("guru.bio").UserId, reason = "Pak Bambang cuti" });
        await app.CatchUpAsync();
        await using var db = app.Service<ERaport.Read.ReadModel.ReadModelStore>().CreateDbContext();
        string Name(string user) => db.Users.Single(u => u.UserName == user).DisplayName;

        var queue = await principal.GetPageAsync("/koreksi");
        var waiting = queue.QuerySelector($"section[data-request='{request}']")!.TextContent;
        waiting.ShouldContain($"diajukan oleh {Name("guru.mtk")},");
        waiting.ShouldNotContain(Name("guru.bio"));
        await principal.SubmitAsync(queue, $"section[data-request='{request}'] form", "/koreksi",
            new Dictionary<string, string> { ["reason"] = "Bukti cocok", ["decision"] = "approve" }, 302);

        var row = (await principal.GetPageAsync("/koreksi")).QuerySelector($"tr[data-request='{request}']")!;
        row.QuerySelector("[data-label='Diajukan oleh']")!.TextContent.Trim().ShouldBe(Name("guru.mtk"));
        row.QuerySelector("[data-state]")!.TextContent.ShouldContain(Name("kepsek"));
    }

    /// <summary>A principal in a grade dispute reads an approved correction: the change it made read "Oleh" the principal beside the
    /// teacher's reason, as if the principal had written it. The score's history and the decided list name who asked, and who approved.</summary>
    [Fact]
    public async Task an_approved_correction_reads_who_asked_for_it_and_why_and_who_approved_it()
    {
        var (c, principal, queue, item) = await ScoreRequestWaitingAsync();
        await ApproveThroughQueueAsync(principal, queue, item, "Lembar jawaban diperiksa");
        const string asked = "Diajukan oleh Bambang Matematika · Disetujui oleh Ibu Kepala";

        var made = (await principal.GetPageAsync($"/riwayat/{c.Gradebook}/{c.Adi}")).QuerySelectorAll("table.history tbody tr")
            .Single(r => r.QuerySelector("td[data-label=Sumber]")?.TextContent == "Persetujuan kepala sekolah" && r.TextContent.Contains("Dikoreksi"));
        (made.QuerySelector("td[data-label=Oleh]")!.TextContent.Trim(), made.QuerySelector("td[data-label=Alasan]")!.TextContent.Trim())
            .ShouldBe((asked, "Salah ketik"));
        var decided = (await principal.GetPageAsync("/koreksi")).QuerySelector($"tr[data-request='{item.GetAttribute("data-request")}']")!;
        decided.QuerySelector("[data-label='Diajukan oleh']")!.TextContent.Trim().ShouldBe("Bambang Matematika");
        System.Text.RegularExpressions.Regex.Replace(decided.QuerySelector("[data-state]")!.TextContent, @"\s+", " ").ShouldContain("Disetujui oleh Ibu Kepala, ");
    }

    /// <summary>With several requests waiting, a refused decision says so beside the request it was about, and a score
    /// request links to that score's history, where the principal checks what the teacher says.</summary>
    [Fact]
    public async Task a_refused_decision_is_shown_at_its_own_request_and_a_score_request_links_to_the_scores_history()
    {
        var (c, principal, queue, item) = await ScoreRequestWaitingAsync();
        var section = $"section[data-request='{item.GetAttribute("data-request")}']";
        item.QuerySelector($"a[href='/riwayat/{c.Gradebook}/{c.Adi}']").ShouldNotBeNull();

        var refused = TestBrowser.Parse(await (await principal.SubmitAsync(queue, $"{section} form", "/koreksi",
            new Dictionary<string, string> { ["reason"] = " ", ["decision"] = "deny" }, 400)).ReadAsTextAsync());

        refused.QuerySelector($"{section} .alert.error li[data-code]").ShouldNotBeNull("the reason stands at the request it is about");
        refused.QuerySelectorAll(".alert.error").Length.ShouldBe(1, "and not once more at the top");
    }

    /// <summary>The queue open in two tabs: the principal decides a request in one, then again in the other. The second answer
    /// is the decision's own (already decided, how), with the reason just typed still on the page: not a blank "the page
    /// changed" answer that loses it.</summary>
    [Fact]
    public async Task deciding_a_request_already_decided_in_another_tab_says_how_it_was_decided_and_keeps_the_reason_typed()
    {
        var (c, principal, queue, item) = await ScoreRequestWaitingAsync();
        var form = $"section[data-request='{item.GetAttribute("data-request")}'] form";
        var otherTab = await principal.GetPageAsync("/koreksi");
        await principal.SubmitAsync(queue, form, "/koreksi", new Dictionary<string, string> { ["reason"] = "Bukti cocok", ["decision"] = "approve" }, 302);

        var late = await principal.SubmitAsync(otherTab, form, "/koreksi",
            new Dictionary<string, string> { ["reason"] = "Nilai ujian tidak ditemukan", ["decision"] = "deny" }, 409);

        var page = TestBrowser.Parse(await late.ReadAsTextAsync());
        page.QuerySelector("[data-code='correction.already_decided']")!.TextContent.ShouldContain("sudah disetujui");
        page.QuerySelector("main")!.TextContent.ShouldContain("Nilai ujian tidak ditemukan");
        (await principal.GetPageAsync("/koreksi")).QuerySelector($"tr[data-request='{item.GetAttribute("data-request")}'] [data-state]")!
            .GetAttribute("data-state").ShouldBe("Approved");
    }

    /// <summary>Locks the class and opens Adi's final-grade page as guru.mtk: no forms while locked, only request links.</summary>
    private async Task<(TestBrowser Teacher, IHtmlDocument Page)> LockedFinalGradePageAsync(LockedClassSetup c)
    {
        await LockAsync(await app.SignInAsync(c.Homeroom), c.ClassId);
        await app.CatchUpAsync(); // the teacher holds no read-your-writes token for the wali kelas's lock
        var teacher = await app.SignInAsync("guru.mtk");
        var page = await teacher.GetPageAsync($"/nilai/{c.Gradebook}/akhir/{c.Adi}");
        page.QuerySelector("[data-locked]")!.TextContent.ShouldContain("Nilai dikunci");
        page.QuerySelectorAll("form[data-form]").Length.ShouldBe(0, "every change is refused while locked: no forms that cannot work");
        return (teacher, page);
    }

    private async Task ApproveThroughQueueAsync(TestBrowser principal, IHtmlDocument queue, IElement item, string reason)
    {
        await principal.SubmitAsync(queue, $"section[data-request='{item.GetAttribute("data-request")}'] form", "/koreksi",
            new Dictionary<string, string> { ["reason"] = reason, ["decision"] = "approve" }, 302);
        await app.CatchUpAsync();
    }

    private static async Task<HistoryEntry> ApprovedChangeAsync(TestBrowser principal, LockedClassSetup c, ScoreChangeKind kind) =>
        (await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes?ClassId={c.ClassId}"))).ReadAsJsonAsync<HistoryPage>())!.Entries
            .Single(e => e.Kind == kind);

    [Fact]
    public async Task after_lock_the_final_grade_is_corrected_by_a_request_the_principal_approves_through_the_pages()
    {
        var c = await ClassAsync();
        var (teacher, page) = await LockedFinalGradePageAsync(c);
        (await teacher.GetPageAsync($"/nilai/{c.Gradebook}/akhir")).QuerySelector($"tr[data-student='{c.Adi}'] a")!.TextContent.ShouldBe("Rincian");
        var href = page.QuerySelector($"[data-locked] a[href$='/koreksi/{c.Adi}/{CorrectionRequest.FinalGrade}']")!.GetAttribute("href")!;

        (await Refused(teacher, $"/api/gradebooks/{c.Gradebook}/correction-requests",
            new { commandId = Guid.NewGuid(), studentId = c.Adi, assessment = CorrectionRequest.FinalGrade, seen = 80, value = 85, reason = "Remedial" }, 409))
            .ShouldBe("finalGrade.conflict", "there is no override to have seen: the calculated 80 stands");
        var (principal, queue, item) = await RequestThroughPagesAsync(c, teacher, href, seen: "tidak ada", value: "85", "Nilai remedial belum masuk");
        item.QuerySelector("h3")!.TextContent.ShouldContain("Nilai akhir");
        item.QuerySelector("[data-change]")!.TextContent.ShouldBe("NA hasil hitungan (80) → 85");
        await ApproveThroughQueueAsync(principal, queue, item, "Daftar nilai remedial diperiksa");

        var adi = (await Sheet(teacher, c.Gradebook)).Students.Single(s => s.StudentId == c.Adi);
        (adi.FinalGrade.Calculated, adi.FinalGrade.Override, adi.FinalGrade.Final).ShouldBe((80, 85, 85));
        (await teacher.GetPageAsync($"/nilai/{c.Gradebook}/akhir/{c.Adi}")).QuerySelector("[data-final] strong")!.TextContent.ShouldBe("85");
        var overridden = await ApprovedChangeAsync(principal, c, ScoreChangeKind.Overridden);
        (overridden.Before, overridden.After, overridden.Source, overridden.ChangedBy, overridden.AssessmentLabel).ShouldBe((80, 85, "Approval", "kepsek", "Nilai akhir"));
        overridden.Flags.ShouldBe([ChangeFlag.AfterLock]);
    }

    [Fact]
    public async Task after_lock_a_description_is_corrected_by_a_request_the_principal_approves_through_the_pages()
    {
        var c = await ClassAsync();
        var (teacher, page) = await LockedFinalGradePageAsync(c);
        var href = page.QuerySelector($"[data-locked] a[href$='/koreksi/{c.Adi}/{CorrectionRequest.Description}']")!.GetAttribute("href")!;
        var generated = page.QuerySelector("[data-generated]")!.TextContent;
        const string text = "Ananda menguasai eksponen dengan sangat baik dan perlu berlatih menyelesaikan soal barisan.";

        var (principal, queue, item) = await RequestThroughPagesAsync(c, teacher, href, seen: generated, value: text, "Deskripsi otomatis kurang tepat");
        item.QuerySelector("h3")!.TextContent.ShouldContain("Deskripsi");
        (item.QuerySelector("[data-before]")!.TextContent, item.QuerySelector("[data-change]")!.TextContent).ShouldBe((generated, text));
        await ApproveThroughQueueAsync(principal, queue, item, "Sesuai hasil belajar");

        (await teacher.GetPageAsync($"/nilai/{c.Gradebook}/akhir/{c.Adi}")).QuerySelector("[data-edited]")!.TextContent.ShouldBe(text);
        var history = (await teacher.GetPageAsync($"/riwayat/{c.Gradebook}/{c.Adi}")).QuerySelectorAll("table.history tbody tr")
            .Select(row => row.QuerySelector("td:nth-child(3)")!.TextContent).ToList();
        history.ShouldContain(line => line.Contains("Koreksi diajukan") && line.Contains(text), "the request's line shows the text asked for");
        var edited = await ApprovedChangeAsync(principal, c, ScoreChangeKind.DescriptionEdited);
        (edited.Source, edited.ChangedBy, edited.AssessmentLabel, edited.Detail).ShouldBe(("Approval", "kepsek", "Deskripsi", text));
        var explorer = await principal.GetPageAsync($"/audit?ClassId={c.ClassId}");
        explorer.QuerySelectorAll("table.explorer tbody [data-after] details").Select(d => d.TextContent).ShouldContain(whole => whole.Contains(text),
            "the explorer cuts a description short and keeps the whole text a tap away");
        edited.Flags.ShouldBe([ChangeFlag.AfterLock]);
    }

    /// <summary>A description is a paragraph: beside the whole texts the principal sees which words the correction takes out and
    /// which it puts in, in the queue and, once approved, in the decided list, on the student's history and in the explorer.</summary>
    [Fact]
    public async Task the_principal_sees_the_words_a_description_correction_removes_and_adds_marked_in_the_queue_the_decided_list_and_the_history()
    {
        var c = await ClassAsync();
        var (teacher, page) = await LockedFinalGradePageAsync(c);
        var href = page.QuerySelector($"[data-locked] a[href$='/koreksi/{c.Adi}/{CorrectionRequest.Description}']")!.GetAttribute("href")!;
        var generated = page.QuerySelector("[data-generated]")!.TextContent;
        var first = generated.Split(' ')[0];
        var text = "Ananda" + generated[first.Length..];
        static string[] Marked(IElement e, string tag) => [.. e.QuerySelectorAll(tag).Select(m => m.TextContent)];

        var (principal, queue, item) = await RequestThroughPagesAsync(c, teacher, href, seen: generated, value: text, "Diawali nama panggilan");
        (item.QuerySelector("[data-before]")!.TextContent, item.QuerySelector("[data-change]")!.TextContent).ShouldBe((generated, text));
        Marked(item.QuerySelector("[data-before]")!, "del").ShouldBe([first]);
        Marked(item.QuerySelector("[data-change]")!, "ins").ShouldBe(["Ananda"]);
        await ApproveThroughQueueAsync(principal, queue, item, "Sesuai");

        var decided = (await principal.GetPageAsync("/koreksi")).QuerySelector($"tr[data-request='{item.GetAttribute("data-request")}'] td[data-label=Koreksi]")!;
        decided.TextContent.Trim().ShouldBe($"{generated} → {text}", "the text asked for against the description it replaces (here the generated one)");
        Marked(decided, "del").ShouldBe([first]);
        Marked(decided, "ins").ShouldBe(["Ananda"]);
        var edited = (await principal.GetPageAsync($"/riwayat/{c.Gradebook}/{c.Adi}")).QuerySelectorAll("table.history tbody tr")
            .Single(r => r.TextContent.Contains("Disunting"));
        Marked(edited.QuerySelector("[data-before]")!, "del").ShouldBe([first]);
        Marked(edited.QuerySelector("[data-after]")!, "ins").ShouldBe(["Ananda"]);
        var explorer = (await principal.GetPageAsync($"/audit?ClassId={c.ClassId}")).QuerySelectorAll("table.explorer tbody tr")
            .Single(r => r.TextContent.Contains("Disunting"));
        Marked(explorer.QuerySelector("[data-after]")!, "ins").ShouldBe(["Ananda"], "marked in the whole text a tap away");
    }

    /// <summary>A dispute read from one student's score history ("85 in class, 78 on the rapor"): the class's lock, the change of teacher and
    /// the unlock with its reason stand among the changes at their moment, so a change after the lock, and by a teacher who took the
    /// gradebook over, read off the page as the history explorer lists them.</summary>
    [Fact]
    public async Task a_students_score_history_shows_the_lock_the_change_of_teacher_and_the_unlock_among_the_changes()
    {
        var c = await ClassAsync();
        await LockAsync(await app.SignInAsync(c.Homeroom), c.ClassId);
        await (await app.SignInAsync("admin")).PutJsonAsync($"/api/master-data/teaching-assignments/{c.Gradebook}/teacher",
            new { commandId = Guid.NewGuid(), teacherId = School.User("guru.bio").UserId, reason = "Pak Bambang cuti sakit" });
        var principal = await app.SignInAsync("kepsek");
        await Post(principal, $"/api/classes/{c.ClassId}/unlock", new { commandId = Guid.NewGuid(), reason = "Nilai remedial susulan" });
        await Post(await app.SignInAsync("guru.bio"), $"/api/gradebooks/{c.Gradebook}/corrections",
            new { commandId = Guid.NewGuid(), studentId = c.Adi, assessment = "tp1", seen = 80, value = 85, reason = "Remedial" });
        await app.CatchUpAsync(); // the principal's page waits for the principal's own saves only

        var rows = (await principal.GetPageAsync($"/riwayat/{c.Gradebook}/{c.Adi}")).QuerySelectorAll("table.history tbody tr")
            .Select(r => string.Join(" | ", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();
        var corrected = rows.FindIndex(r => r.Contains("Dikoreksi") && r.Contains("80 → 85") && r.Contains("Yuliana Biologi"));
        var unlocked = rows.FindIndex(r => r.Contains("Kunci dibuka") && r.Contains("Nilai remedial susulan"));
        var reassigned = rows.FindIndex(r => r.Contains("Guru diganti") && r.Contains("Bambang Matematika → Yuliana Biologi") && r.Contains("Pak Bambang cuti sakit"));
        var locked = rows.FindIndex(r => r.Contains("Dikunci") && r.Contains($"Wali {c.Homeroom["wali.".Length..]}"));
        corrected.ShouldBeGreaterThanOrEqualTo(0, string.Join("\n", rows));
        unlocked.ShouldBeGreaterThan(corrected, "newest first: " + string.Join("\n", rows));
        reassigned.ShouldBeGreaterThan(unlocked, string.Join("\n", rows));
        locked.ShouldBeGreaterThan(reassigned, string.Join("\n", rows));
        rows.Skip(locked + 1).ShouldAllBe(r => !r.Contains("Dikunci") && !r.Contains("Guru diganti"), "one lock and one teacher change of this gradebook");

        // The API's history names the teachers as the explorer does, not by their ids.
        var api = (await (await principal.SendAsync(s => s.Get.Url($"/api/gradebooks/{c.Gradebook}/students/{c.Adi}/history")))
            .ReadAsJsonAsync<List<ScoreChange>>())!;
        api.Single(h => h.Kind == ScoreChangeKind.Reassigned).Detail.ShouldBe("Bambang Matematika → Yuliana Biologi");
        (await (await principal.SendAsync(s => s.Get.Url($"/api/gradebooks/{c.Gradebook}/students/{c.Budi}/history")))
            .ReadAsJsonAsync<List<ScoreChange>>())!.Select(h => h.Kind).ShouldBe(
                [ScoreChangeKind.Unlocked, ScoreChangeKind.Reassigned, ScoreChangeKind.Locked], "a student without scores still has the class's lock and teacher");
        // The history explorer's student filter reads a student's changes among the same lines.
        (await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes?StudentId={c.Adi}&PageSize=500"))).ReadAsJsonAsync<HistoryPage>())!
            .Entries.Where(e => e.StudentId == Guid.Empty).Select(e => e.Kind)
            .ShouldBe([ScoreChangeKind.Unlocked, ScoreChangeKind.Reassigned, ScoreChangeKind.Locked]);
    }

    [Fact]
    public async Task after_lock_a_tercapai_is_corrected_by_a_request_the_principal_approves_through_the_pages()
    {
        var c = await ClassAsync();
        var (teacher, page) = await LockedFinalGradePageAsync(c);
        var href = page.QuerySelector("tr[data-objective='tp1'] a[data-request-correction]")!.GetAttribute("href")!;
        href.ShouldEndWith($"/koreksi/{c.Adi}/{CorrectionRequest.AchievementOf("tp1")}");

        (await Refused(teacher, $"/api/gradebooks/{c.Gradebook}/correction-requests",
            new { commandId = Guid.NewGuid(), studentId = c.Adi, assessment = "tercapai-tp1", value = "barangkali", reason = "Remedial" }, 400))
            .ShouldBe("achievement.invalid");
        var (principal, queue, item) = await RequestThroughPagesAsync(c, teacher, href, seen: "Tercapai (otomatis)", value: "tidak", "Remedial TP1 belum tuntas");
        item.QuerySelector("h3")!.TextContent.ShouldContain("Ketercapaian TP1");
        item.QuerySelector("[data-change]")!.TextContent.ShouldBe("otomatis (nilai 80 ≥ KKTP 70: tercapai) → tidak tercapai");
        await ApproveThroughQueueAsync(principal, queue, item, "Lembar remedial diperiksa");

        var after = await teacher.GetPageAsync($"/nilai/{c.Gradebook}/akhir/{c.Adi}");
        after.QuerySelector("tr[data-objective='tp1'] td:nth-child(4)")!.TextContent.ShouldBe("Tidak tercapai (ditandai guru)");
        var history = (await teacher.GetPageAsync($"/riwayat/{c.Gradebook}/{c.Adi}")).QuerySelectorAll("table.history tbody tr")
            .Select(row => row.TextContent).ToList();
        history.ShouldContain(line => line.Contains("Koreksi diajukan") && line.Contains("Ketercapaian TP1") && line.Contains("→ tidak tercapai"));
        var marked = await ApprovedChangeAsync(principal, c, ScoreChangeKind.Marked);
        (marked.Source, marked.ChangedBy, marked.Assessment, marked.Detail).ShouldBe(("Approval", "kepsek", "tp1", "tidak tercapai"));
        marked.Flags.ShouldBe([ChangeFlag.AfterLock]);
    }
}
