using System.Globalization;
using System.Text.Json;
using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using ERaport.Web.Api;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using ERaport.Write.School;
using Microsoft.AspNetCore.Identity;

namespace ERaport.Tests.Integration;

/// <summary>Report cards rebuilt from the event store at a moment, compared with what the read model served then,
/// around a correction requested and approved after the class was locked.</summary>
[Collection(AppCollection.Name)]
public sealed class PointInTimeTests(AppFixture app)
{
    private const string RequestReason = "Salah ketik; lembar jawaban menunjukkan 95";
    private const string ApprovalReason = "Lembar jawaban diperiksa";

    /// <summary>A class of its own with its wali kelas and Adi scored 80/90 and SAS 70/80 in a
    /// Matematika of guru.mtk (NA 80), 2 days sick (printed here when asked); then the class is locked, TP1 80 → 95 requested and approved
    /// (NA 84). The read model's card is captured at each of the three moments.</summary>
    private sealed record Story(Guid ClassId, Guid Adi, Guid SubjectId, string Homeroom, long BeforeAdi, (long Sequence, StudentReportCard Card)[] Moments);

    private async Task<Story> StoryAsync(bool print = false)
    {
        var school = app.School;
        var system = Acting.SystemActor(TestSchool.Id);
        var (teacher, principal) = (school.User("guru.mtk"), school.User("kepsek"));
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (classId, adi, subjectId, gradebook) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var homeroom = new Actor(Guid.NewGuid(), $"wali.{suffix}", TestSchool.Id);
        Task<long> Send(object command) => app.SendAcceptedAsync(command);
        var moments = new List<(long, StudentReportCard)>();
        async Task Capture(long sequence)
        {
            await app.CatchUpAsync();
            await using var db = app.Service<ReadModelStore>().CreateDbContext();
            moments.Add((sequence, (await ReportCardQuery.LoadAsync(db, TestSchool.Id, classId, default, adi))!.Cards.Single()));
        }

        var hasher = app.Service<IPasswordHasher<UserAccount>>();
        await Send(new RegisterUser(Guid.NewGuid(), homeroom.UserId, homeroom.UserName, $"Wali {suffix}", null,
            hasher.HashPassword(new UserAccount(), TestSchool.Password), [new RoleGrant(Role.Teacher, school.TermId, null)], system, EntrySource.Seed));
        var beforeAdi = await Send(new OpenClass(Guid.NewGuid(), classId, school.TermId, $"X-{suffix}", 10, "E", homeroom.UserId, system, EntrySource.Seed));
        var (nisn, nis) = TestSchool.NewStudentNumbers();
        await Send(new RegisterStudent(Guid.NewGuid(), adi, $"Adi {suffix}", nisn, nis, "L", null, null, "Islam", system, EntrySource.Seed));
        await Send(new EnrollStudent(Guid.NewGuid(), classId, adi, system, EntrySource.Seed));
        await Send(new AddSubject(Guid.NewGuid(), subjectId, $"Matematika {suffix}", $"M{suffix}", "Umum", 4, false, 70, system, EntrySource.Seed));
        await Send(new OpenGradebook(Guid.NewGuid(), gradebook, school.TermId, classId, subjectId, teacher.UserId, ["Eksponen", "Barisan"], system, EntrySource.Seed));
        await Send(new SaveScores(Guid.NewGuid(), gradebook,
        [
            new ScoreEntry(adi, "tp1", "80", null), new ScoreEntry(adi, "tp2", "90", null),
            new ScoreEntry(adi, Assessment.SemesterTest, "70", null), new ScoreEntry(adi, Assessment.SemesterNonTest, "80", null),
        ], null, teacher, EntrySource.Form));
        await Capture(await Send(new RecordAttendance(Guid.NewGuid(), classId, [new AttendanceEntry(adi, "2", "0", "0")], homeroom, EntrySource.Form)));

        if (print)
            await (await app.SignInAsync(homeroom.UserName)).SendAsync(s => s.Get.Url($"/rapor/{classId}/{adi}/pdf"));
        await Send(new LockClass(Guid.NewGuid(), classId, homeroom, EntrySource.Form));
        var request = Guid.NewGuid();
        await Capture(await Send(new RequestCorrection(request, request, gradebook, adi, "tp1", 80, "95", RequestReason, teacher, EntrySource.Form)));
        await Capture(await Send(new ApproveCorrection(Guid.NewGuid(), request, ApprovalReason, principal, EntrySource.Form)));
        return new Story(classId, adi, subjectId, homeroom.UserName, beforeAdi, [.. moments]);
    }

    private static string Json(StudentReportCard card) => JsonSerializer.Serialize(card);

    private static async Task<T> GetAsync<T>(TestBrowser browser, string url) =>
        (await (await browser.SendAsync(s => s.Get.Url(url))).ReadAsJsonAsync<T>())!;

    [Fact]
    public async Task the_card_rebuilt_from_the_event_store_at_each_moment_is_the_card_the_read_model_served_then()
    {
        var story = await StoryAsync();
        var principal = await app.SignInAsync("kepsek");

        foreach (var (sequence, served) in story.Moments)
        {
            var past = await GetAsync<PastReportCard>(principal, $"/api/report-cards/{story.ClassId}/{story.Adi}/at?sequence={sequence}");
            past.Moment.Sequence.ShouldBe(sequence);
            Json(past.Card).ShouldBe(Json(served));
        }
        story.Moments.Select(m => m.Card.Subjects.Single().FinalGrade).ShouldBe([80, 80, 84]);

        // By time: the moment of the approval's last event is that event's sequence.
        var last = story.Moments[^1].Sequence;
        await using var session = app.Service<Marten.IDocumentStore>().QuerySession();
        var at = (await PastEvents.MomentOfAsync(session, last, default)).At;
        var byTime = await GetAsync<PastReportCard>(principal, $"/api/report-cards/{story.ClassId}/{story.Adi}/at?at={Uri.EscapeDataString(at.ToString("O"))}");
        byTime.Moment.Sequence.ShouldBeGreaterThanOrEqualTo(last);
        Json(byTime.Card).ShouldBe(Json(story.Moments[^1].Card));
    }

    [Fact]
    public async Task the_card_rebuilt_at_a_prints_moment_has_the_printed_digest_though_the_grade_changed_since()
    {
        var story = await StoryAsync(print: true);
        var principal = await app.SignInAsync("kepsek");
        var printed = (await app.EventsAsync(StreamKeys.ReportCard(TestSchool.Id, app.School.TermId, story.Adi)))
            .Single(e => e.Data is ReportCardPrinted);

        var past = await GetAsync<PastReportCard>(principal, $"/api/report-cards/{story.ClassId}/{story.Adi}/at?sequence={printed.Sequence}");

        ReportCardDigest.Of(past.Card).ShouldBe(((ReportCardPrinted)printed.Data).Digest);
        ReportCardDigest.Of(story.Moments[^1].Card).ShouldNotBe(((ReportCardPrinted)printed.Data).Digest, "the approval changed the NA after the print");
    }

    [Fact]
    public async Task the_difference_between_two_moments_names_the_subject_before_and_after_who_why_and_through_what()
    {
        var story = await StoryAsync();
        var wali = await app.SignInAsync(story.Homeroom);
        var (first, request, approval) = (story.Moments[0].Sequence, story.Moments[1].Sequence, story.Moments[2].Sequence);

        var diff = await GetAsync<ReportCardDifference>(wali, $"/api/report-cards/{story.ClassId}/{story.Adi}/diff?fromSequence={first}&toSequence={approval}");

        var change = diff.Changes.Single();
        (change.Change.Section, change.Change.SubjectId, change.Change.Item, change.Change.Before, change.Change.After)
            .ShouldBe((CardSection.Subject, story.SubjectId, "Nilai akhir", "80", "84"));
        var corrected = change.Causes.Single(c => c.Score?.Kind == Read.Grading.ScoreChangeKind.Corrected);
        (corrected.Score!.Assessment, corrected.Score.Before, corrected.Score.After).ShouldBe(("tp1", 80, 95));
        (corrected.ChangedBy, corrected.ChangedByName, corrected.Reason, corrected.Source).ShouldBe(("kepsek", "Ibu Kepala", RequestReason, "Approval"));
        change.Causes.Single(c => c.Score?.Kind == Read.Grading.ScoreChangeKind.CorrectionApproved).Reason.ShouldBe(ApprovalReason);
        change.Causes.Single(c => c.Score?.Kind == Read.Grading.ScoreChangeKind.CorrectionRequested).ChangedBy.ShouldBe("guru.mtk");
        change.Causes.ShouldContain(c => c.Score!.Kind == Read.Grading.ScoreChangeKind.Calculated && c.Source == "Calculation");

        (await GetAsync<ReportCardDifference>(wali, $"/api/report-cards/{story.ClassId}/{story.Adi}/diff?fromSequence={first}&toSequence={request}"))
            .Changes.ShouldBeEmpty("a request changes nothing on the card until it is approved");
    }

    [Fact]
    public async Task the_pages_draw_the_past_card_like_todays_labelled_with_its_moment_and_list_the_difference_with_its_causes()
    {
        var story = await StoryAsync();
        var wali = await app.SignInAsync(story.Homeroom);
        var (first, approval) = (story.Moments[0].Sequence, story.Moments[2].Sequence);

        var today = await wali.GetPageAsync($"/rapor/{story.ClassId}/{story.Adi}");
        today.QuerySelector("form[action$='/waktu'] input[name=tanggal]").ShouldNotBeNull();
        today.QuerySelector("form[action$='/waktu'] input[name=dari]").ShouldNotBeNull();
        var past = await wali.GetPageAsync($"/rapor/{story.ClassId}/{story.Adi}/waktu?urutan={first}");
        past.QuerySelector(".past-moment")!.GetAttribute("data-sequence").ShouldBe(first.ToString());
        past.QuerySelector($"article.rapor tr[data-subject='{story.SubjectId}'] td.na")!.TextContent.ShouldBe("80");
        today.QuerySelector($"article.rapor tr[data-subject='{story.SubjectId}'] td.na")!.TextContent.ShouldBe("84");

        var diff = await wali.GetPageAsync($"/rapor/{story.ClassId}/{story.Adi}/waktu?dariUrutan={first}&sampaiUrutan={approval}");
        var row = diff.QuerySelector($"table.card-diff tr[data-subject='{story.SubjectId}']")!;
        (row.QuerySelector(".before")!.TextContent, row.QuerySelector(".after")!.TextContent).ShouldBe(("80", "84"));
        row.TextContent.ShouldContain("Ibu Kepala");
        row.TextContent.ShouldContain(RequestReason);
        row.TextContent.ShouldContain("Persetujuan kepala sekolah");
    }

    /// <summary>The change an approved correction made is the principal's event with the teacher's reason: the comparison named only
    /// the principal beside it. It reads who asked and who approved, also when the request is older than the compared span.</summary>
    [Fact]
    public async Task the_comparison_names_who_asked_for_an_approved_correction_and_who_approved_it()
    {
        var story = await StoryAsync();
        var wali = await app.SignInAsync(story.Homeroom);
        var (request, approval) = (story.Moments[1].Sequence, story.Moments[2].Sequence);

        var diff = await GetAsync<ReportCardDifference>(wali, $"/api/report-cards/{story.ClassId}/{story.Adi}/diff?fromSequence={request}&toSequence={approval}");
        var corrected = diff.Changes.Single().Causes.Single(c => c.Score?.Kind == Read.Grading.ScoreChangeKind.Corrected);
        (corrected.RequestedByName, corrected.ChangedByName, corrected.Reason).ShouldBe(("Bambang Matematika", "Ibu Kepala", RequestReason));
        var page = await wali.GetPageAsync($"/rapor/{story.ClassId}/{story.Adi}/waktu?dariUrutan={request}&sampaiUrutan={approval}");
        var cause = page.QuerySelectorAll($"table.card-diff tr[data-subject='{story.SubjectId}'] .causes li").Single(li => li.TextContent.Contains("Dikoreksi"));
        System.Text.RegularExpressions.Regex.Replace(cause.TextContent, @"\s+", " ")
            .ShouldContain("Diajukan oleh Bambang Matematika · Disetujui oleh Ibu Kepala · Persetujuan kepala sekolah");
    }

    [Fact]
    public async Task the_point_in_time_pages_speak_plain_indonesian_and_name_a_moment_by_its_change_number()
    {
        var story = await StoryAsync();
        var wali = await app.SignInAsync(story.Homeroom);
        var (first, approval) = (story.Moments[0].Sequence, story.Moments[2].Sequence);
        var card = $"/rapor/{story.ClassId}/{story.Adi}";

        var past = await wali.GetPageAsync($"{card}/waktu?urutan={first}");
        past.QuerySelector(".past-moment")!.TextContent.ShouldContain($"(perubahan ke-{first.ToString("N0", SchoolTime.Indonesian)})");
        var pages = new[]
        {
            await wali.GetPageAsync(card),
            past,
            await wali.GetPageAsync($"{card}/waktu?dariUrutan={first}&sampaiUrutan={approval}"),
            await wali.GetPageAsync($"{card}/waktu", 400),
            await wali.GetPageAsync($"{card}/waktu?urutan={story.BeforeAdi}", 404),
        };
        foreach (var page in pages)
            page.ShouldSpeakPlainIndonesian();
    }

    [Fact]
    public async Task a_mistyped_date_time_or_change_number_is_named_back_with_a_400_instead_of_an_error_page()
    {
        var story = await StoryAsync();
        var wali = await app.SignInAsync(story.Homeroom);
        var card = $"/rapor/{story.ClassId}/{story.Adi}";

        var date = await wali.GetPageAsync($"{card}/waktu?tanggal=19-12-2026x&jam=25:99", 400);
        var diff = await wali.GetPageAsync($"{card}/waktu?dariUrutan=satu&sampaiUrutan=%3Cscript%3E", 400);

        date.QuerySelector(".alert.error")!.TextContent.ShouldBe(
            "Tanggal \"19-12-2026x\" bukan tanggal (tulis seperti 2026-12-19); isian ini diabaikan. Jam \"25:99\" bukan jam (tulis seperti 14:30); isian ini diabaikan.");
        diff.QuerySelector(".alert.error")!.TextContent.ShouldBe(
            "Nomor perubahan \"dari\" \"satu\" bukan bilangan bulat; isian ini diabaikan. Nomor perubahan \"sampai\" \"<script>\" bukan bilangan bulat; isian ini diabaikan.");
        diff.QuerySelector("script:not([src])").ShouldBeNull();
    }

    [Fact]
    public async Task the_page_takes_hours_and_minutes_as_the_browser_sends_them_and_a_change_made_in_that_minute_is_on_the_card()
    {
        var story = await StoryAsync();
        var wali = await app.SignInAsync(story.Homeroom);
        await using var session = app.Service<Marten.IDocumentStore>().QuerySession();
        var approved = TimeZoneInfo.ConvertTime((await PastEvents.MomentOfAsync(session, story.Moments[^1].Sequence, default)).At,
            Read.Audit.AuditRules.Default.SchoolTime);
        // <input type="date"> and <input type="time" step="60"> send "2026-11-27" and "14:05": the minute a history shows.
        var (date, minute) = (approved.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), approved.ToString("HH:mm", CultureInfo.InvariantCulture));

        var past = await wali.GetPageAsync($"/rapor/{story.ClassId}/{story.Adi}/waktu?tanggal={date}&jam={minute}");
        past.QuerySelector($"article.rapor tr[data-subject='{story.SubjectId}'] td.na")!.TextContent.ShouldBe("84", "approved within that minute");
        past.QuerySelector(".past-moment")!.TextContent.ShouldContain($"{approved.ToString("HH.mm", CultureInfo.InvariantCulture)} WIB");

        var diff = await wali.GetPageAsync($"/rapor/{story.ClassId}/{story.Adi}/waktu?dari={date}&dariJam=00:00&sampai={date}&sampaiJam={minute}");
        diff.QuerySelectorAll($"table.card-diff tr[data-subject='{story.SubjectId}']").Single(r => r.Children[1].TextContent == "Nilai akhir")
            .QuerySelector(".after")!.TextContent.ShouldBe("84");
        // The API takes a time with its WIB offset too; to the second, so one second later (the story's events share a second).
        var wib = Uri.EscapeDataString(approved.AddSeconds(1).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        (await GetAsync<PastReportCard>(wali, $"/api/report-cards/{story.ClassId}/{story.Adi}/at?at={wib}")).Moment.Sequence.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task the_admin_sees_a_past_card_but_is_refused_the_comparison_that_names_who_changed_what()
    {
        var story = await StoryAsync();
        var admin = await app.SignInAsync("admin");
        var (first, approval) = (story.Moments[0].Sequence, story.Moments[2].Sequence);
        var card = $"/rapor/{story.ClassId}/{story.Adi}";

        // The card at a moment is only a card, as today's is to the admin who prints them.
        (await GetAsync<PastReportCard>(admin, $"/api/report-cards/{story.ClassId}/{story.Adi}/at?sequence={first}")).Moment.Sequence.ShouldBe(first);
        var today = await admin.GetPageAsync(card);
        today.QuerySelector("form[action$='/waktu'] input[name=tanggal]").ShouldNotBeNull();
        today.QuerySelector("form[action$='/waktu'] input[name=dari]").ShouldBeNull("the comparison is not offered");

        // The comparison is a history (who, when, why), which the admin does not read: refused like the class's history.
        var refused = await admin.SendAsync(s =>
        {
            s.Get.Url($"/api/report-cards/{story.ClassId}/{story.Adi}/diff?fromSequence={first}&toSequence={approval}");
            s.StatusCodeShouldBe(403);
        });
        var problem = (await refused.ReadAsJsonAsync<ApiProblem>())!;
        (problem.Code, problem.Title).ShouldBe(("report_card.forbidden", "Perbandingan rapor hanya untuk wali kelas kelas ini dan kepala sekolah."));
        var page = await admin.GetPageAsync($"{card}/waktu?dariUrutan={first}&sampaiUrutan={approval}", 403);
        page.QuerySelector("h1")!.TextContent.ShouldBe("Akses ditolak");
        page.QuerySelector("table.card-diff").ShouldBeNull();
    }

    [Fact]
    public async Task before_the_student_was_in_the_class_there_is_no_card_and_a_subject_teacher_or_a_stranger_is_refused()
    {
        var story = await StoryAsync();
        var url = $"/api/report-cards/{story.ClassId}/{story.Adi}/at?sequence={story.BeforeAdi}";

        var missing = await (await app.SignInAsync("kepsek")).SendAsync(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(404);
        });
        var problem = (await missing.ReadAsJsonAsync<ApiProblem>())!;
        problem.Code.ShouldBe("report_card.not_at_moment");
        problem.Title.ShouldContain("belum terdaftar");
        // The page says the same, not "the address does not exist".
        (await (await app.SignInAsync("kepsek")).GetPageAsync($"/rapor/{story.ClassId}/{story.Adi}/waktu?urutan={story.BeforeAdi}", 404))
            .QuerySelector("main")!.TextContent.ShouldContain("belum terdaftar");

        var teacher = await app.SignInAsync("guru.mtk");
        await teacher.SendAsync(s =>
        {
            s.Get.Url(url);
            s.StatusCodeShouldBe(403);
        });
        await app.Host.Scenario(s =>
        {
            s.Get.Url($"/api/report-cards/{story.ClassId}/{story.Adi}/diff?fromSequence=1&toSequence={story.BeforeAdi}");
            s.StatusCodeShouldBe(401);
        });
    }
}
