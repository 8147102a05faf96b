using Alba;
using AngleSharp.Html.Dom;
using ERaport.Read.Audit;
using ERaport.Read.Grading;
using ERaport.Web.Api;
using ERaport.Web.Components.Accounts;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;
using Microsoft.AspNetCore.Identity;

namespace ERaport.Tests.Integration;

/// <summary>Serahkan semua buku nilai: the admin hands every gradebook a teacher teaches in a term to another teacher at once.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class HandOverGradebooksTests(MasterDataFixture app)
{
    private static readonly Actor System = new(Guid.Empty, "sistem", TestSchool.Id);

    /// <summary>A leaver teaching two gradebooks of X-1 in the school's term and one in another term, and a teacher of the school's
    /// term to receive them; both can sign in.</summary>
    private sealed record Staff(Actor Leaver, Actor Receiver, Guid OtherTermId, IReadOnlyList<(Guid Gradebook, Guid Subject)> ThisTerm, Guid OtherTermGradebook);

    private async Task<Actor> TeacherAsync(string prefix, string displayName, params Guid[] terms)
    {
        var actor = new Actor(Guid.NewGuid(), prefix + Guid.NewGuid().ToString("N")[..6], TestSchool.Id);
        var hash = app.Service<IPasswordHasher<UserAccount>>().HashPassword(new UserAccount(), TestSchool.Password);
        await app.SendAcceptedAsync(new RegisterUser(Guid.NewGuid(), actor.UserId, actor.UserName, displayName, null, hash,
            [.. terms.Select(t => new RoleGrant(Role.Teacher, t, null))], System, EntrySource.Seed));
        return actor;
    }

    private async Task<(Guid Gradebook, Guid Subject)> GradebookAsync(Guid termId, Guid classId, Actor teacher)
    {
        var (subjectId, gradebookId) = (Guid.NewGuid(), Guid.NewGuid());
        var tag = TestSchool.NewSubjectTag();
        await app.SendAcceptedAsync(new AddSubject(Guid.NewGuid(), subjectId, "Mapel " + tag, "S" + tag, "Umum", 9, false, 70, System, EntrySource.Seed));
        await app.SendAcceptedAsync(new OpenGradebook(Guid.NewGuid(), gradebookId, termId, classId, subjectId, teacher.UserId, ["TP satu"], System, EntrySource.Seed));
        return (gradebookId, subjectId);
    }

    private async Task<Staff> StaffAsync()
    {
        var (otherTerm, otherClass) = (Guid.NewGuid(), Guid.NewGuid());
        await app.SendAcceptedAsync(new OpenTerm(Guid.NewGuid(), otherTerm, MasterDataFixture.NewSchoolYear(), 1, new DateOnly(2101, 12, 19), System, EntrySource.Seed));
        await app.SendAcceptedAsync(new OpenClass(Guid.NewGuid(), otherClass, otherTerm, "X-1", 10, "E", null, System, EntrySource.Seed));
        // Names ending in a degree's period, as most teachers' do: a sentence ending in one gets no second.
        var leaver = await TeacherAsync("guru.pindah", "Pak Pindah, S.Pd.", app.School.TermId, otherTerm);
        var receiver = await TeacherAsync("guru.baru", "Bu Pengganti, S.Si.", app.School.TermId);
        var thisTerm = new[] { await GradebookAsync(app.School.TermId, app.School.ClassId, leaver), await GradebookAsync(app.School.TermId, app.School.ClassId, leaver) };
        await app.SendAcceptedAsync(new EnrollStudent(Guid.NewGuid(), otherClass, app.School.Students[0], System, EntrySource.Seed));
        var otherTermGradebook = (await GradebookAsync(otherTerm, otherClass, leaver)).Gradebook;
        await app.CatchUpAsync();
        return new Staff(leaver, receiver, otherTerm, thisTerm, otherTermGradebook);
    }

    private static string HandOver(Actor teacher) => $"/api/master-data/teachers/{teacher.UserId}/hand-over";

    private Task<IScenarioResult> SaveAsync(TestBrowser teacher, Guid gradebookId, int status) =>
        teacher.SendAsync(s =>
        {
            s.Post.Json(new { commandId = Guid.NewGuid(), scores = new[] { new { studentId = app.School.Students[0], assessment = "tp1", value = 80 } } })
                .ToUrl($"/api/gradebooks/{gradebookId}/scores");
            s.StatusCodeShouldBe(status);
        });

    private async Task<IReadOnlyList<GradebookReassigned>> ReassignmentsAsync(Guid gradebookId) =>
        [.. (await app.EventsAsync(StreamKeys.Gradebook(app.School.SchoolId, gradebookId))).Select(e => e.Data).OfType<GradebookReassigned>()];

    [Fact]
    public async Task the_admin_hands_every_gradebook_of_a_term_to_another_teacher_at_once_and_only_that_terms()
    {
        var staff = await StaffAsync();
        var (admin, leaver, receiver) = (await app.SignInAsync("admin"), await app.SignInAsync(staff.Leaver.UserName), await app.SignInAsync(staff.Receiver.UserName));
        var request = new { commandId = Guid.NewGuid(), termId = app.School.TermId, toTeacherId = staff.Receiver.UserId, reason = "Pindah tugas" };

        var accepted = await admin.PostJsonAsync(HandOver(staff.Leaver), request);
        var repeated = await admin.PostJsonAsync(HandOver(staff.Leaver), request);

        accepted.GetProperty("changes").GetInt32().ShouldBe(2);
        repeated.GetProperty("changes").GetInt32().ShouldBe(2, "the same command id answers with the first outcome");
        foreach (var (gradebookId, subjectId) in staff.ThisTerm)
        {
            (await ReassignmentsAsync(gradebookId)).ShouldHaveSingleItem().ShouldBe(new GradebookReassigned(gradebookId, app.School.TermId, app.School.ClassId,
                subjectId, staff.Leaver.UserId, staff.Receiver.UserId, "Pindah tugas"));
            var refused = await SaveAsync(leaver, gradebookId, 403);
            (await refused.ReadAsJsonAsync<ApiProblem>())!.Code.ShouldBe("gradebook.not_teacher_of_record");
            await SaveAsync(receiver, gradebookId, 200);
        }
        (await ReassignmentsAsync(staff.OtherTermGradebook)).ShouldBeEmpty();
        await SaveAsync(leaver, staff.OtherTermGradebook, 200);

        await app.CatchUpAsync();
        var principal = await app.SignInAsync("kepsek");
        foreach (var (gradebookId, subjectId) in staff.ThisTerm)
        {
            var history = (await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes?subjectId={subjectId}"))).ReadAsJsonAsync<HistoryPage>())!.Entries;
            var line = history.Where(e => e.GradebookId == gradebookId && e.Kind == ScoreChangeKind.Reassigned).ShouldHaveSingleItem();
            (line.ChangedBy, line.Reason, line.Detail).ShouldBe(("admin", "Pindah tugas", "Pak Pindah, S.Pd. → Bu Pengganti, S.Si."));
            history.ShouldAllBe(e => !e.Flags.Contains(ChangeFlag.NotTeacherOfRecord), "the receiver saved as teacher of record");
            // The student's own score history has the hand-over among their changes, named as the explorer names it.
            var scoreHistory = (await (await principal.SendAsync(s => s.Get.Url($"/api/gradebooks/{gradebookId}/students/{app.School.Students[0]}/history")))
                .ReadAsJsonAsync<List<ScoreChange>>())!;
            var own = scoreHistory.Where(h => h.Kind == ScoreChangeKind.Reassigned).ShouldHaveSingleItem();
            (own.ChangedByName, own.Reason, own.Detail).ShouldBe((line.ChangedByName, "Pindah tugas", "Pak Pindah, S.Pd. → Bu Pengganti, S.Si."));
            var receivers = scoreHistory.FindIndex(h => h.ChangedBy == staff.Receiver.UserName);
            receivers.ShouldBeGreaterThanOrEqualTo(0);
            scoreHistory.IndexOf(own).ShouldBeGreaterThan(receivers, "the receiver's score came after the hand-over (newest first)");
        }
    }

    [Fact]
    public async Task a_refused_hand_over_names_why_with_a_stable_code_and_changes_no_gradebook()
    {
        var staff = await StaffAsync();
        var admin = await app.SignInAsync("admin");
        object To(Guid teacherId, string? reason = null) => new { commandId = Guid.NewGuid(), termId = app.School.TermId, toTeacherId = teacherId, reason };

        // The receiver is the body's toTeacherId (the teacher in the address hands over): the errors name that field.
        async Task RefusedAsync(object body, int status, string code)
        {
            var error = (await admin.PostJsonAsync(HandOver(staff.Leaver), body, status)).GetProperty("errors")[0];
            error.GetProperty("code").GetString().ShouldBe(code);
            error.GetProperty("details").GetProperty("field").GetString().ShouldBe("toTeacherId", code);
        }
        await RefusedAsync(To(staff.Leaver.UserId), 400, "handover.same_teacher");
        await RefusedAsync(To(app.School.User("kepsek").UserId), 400, "teacher.no_teacher_role");
        await RefusedAsync(To(Guid.NewGuid()), 404, "teacher.not_found");
        (await admin.PostJsonAsync(HandOver(staff.Receiver), To(staff.Leaver.UserId), 409)).GetProperty("code").GetString().ShouldBe("handover.no_gradebooks");
        (await admin.PostJsonAsync(HandOver(staff.Leaver), To(staff.Receiver.UserId, new string('x', GradebookRules.MaxReasonLength + 1)), 400))
            .GetProperty("code").GetString().ShouldBe("reason.too_long");
        await (await app.SignInAsync(staff.Receiver.UserName)).PostJsonAsync(HandOver(staff.Leaver), To(staff.Receiver.UserId), 403);

        foreach (var (gradebookId, _) in staff.ThisTerm)
            (await ReassignmentsAsync(gradebookId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_disabled_teachers_gradebooks_of_a_finished_term_are_not_flagged_for_hand_over()
    {
        // An old term (its report date long past, newer terms open) the leaver taught in, and nothing since.
        var (oldTerm, oldClass) = (Guid.NewGuid(), Guid.NewGuid());
        var year = Random.Shared.Next(1950, 2015);
        await app.SendAcceptedAsync(new OpenTerm(Guid.NewGuid(), oldTerm, $"{year}/{year + 1}", 2, new DateOnly(year + 1, 6, 20), System, EntrySource.Seed));
        await app.SendAcceptedAsync(new OpenClass(Guid.NewGuid(), oldClass, oldTerm, "X-1", 10, "E", null, System, EntrySource.Seed));
        var leaver = await TeacherAsync("guru.pensiun", "Pak Pensiun, S.Pd.", oldTerm);
        await GradebookAsync(oldTerm, oldClass, leaver);
        var admin = await app.SignInAsync("admin");
        await admin.PostJsonAsync($"/api/users/{leaver.UserId}/disable", new { commandId = Guid.NewGuid(), reason = "Pensiun" });

        var assignments = await admin.GetPageAsync($"/data/pembelajaran?semester={oldTerm}");
        var theirs = await admin.GetPageAsync($"/data/pembelajaran?semester={oldTerm}&guru={leaver.UserId}");
        var account = await admin.GetPageAsync($"/pengguna/{leaver.UserId}");

        assignments.QuerySelector("[data-teacher-disabled]").ShouldBeNull("the term is finished");
        theirs.QuerySelector("main h2")!.TextContent.ShouldContain("nonaktif", Case.Insensitive, "their page still says whose account it was");
        account.QuerySelector("[data-still-teaching]").ShouldBeNull("nothing of a finished term is waiting for a teacher");
    }

    private static IHtmlFormElement HandOverForm(IHtmlDocument page, Guid termId) =>
        (IHtmlFormElement)page.QuerySelector($"form[data-hand-over='{termId}']").ShouldNotBeNull($"a hand-over form for term {termId}");

    [Fact]
    public async Task the_admin_who_disabled_a_leaver_hands_over_their_gradebooks_from_the_account_page_and_reads_how_many_went_to_whom()
    {
        var staff = await StaffAsync();
        var admin = await app.SignInAsync("admin");
        await admin.PostJsonAsync($"/api/users/{staff.Leaver.UserId}/disable", new { commandId = Guid.NewGuid(), reason = "Pindah tugas" });
        var assignments = await admin.GetPageAsync($"/data/pembelajaran?semester={app.School.TermId}");
        var address = UserPage.HandOverAddress(staff.Leaver.UserId, app.School.TermId);
        assignments.QuerySelector($"[data-teacher-disabled] a[href='{address}']").ShouldNotBeNull("the warning leads to the form");
        string.Join(' ', assignments.QuerySelector("[data-teacher-disabled]")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ShouldContain("Serahkan semua buku nilai Pak Pindah, S.Pd. Nilai yang sudah ada tetap.");

        var url = $"/pengguna/{staff.Leaver.UserId}";
        var page = await admin.GetPageAsync(url);
        var form = HandOverForm(page, app.School.TermId);
        form.Id.ShouldBe(address.Split('#')[1]);
        HandOverForm(page, staff.OtherTermId).ShouldNotBeNull("each term the leaver teaches in has its own form");
        var offered = form.QuerySelectorAll("select[name=teacherId] option").Select(o => o.GetAttribute("value")).ToList();
        offered.ShouldContain(staff.Receiver.UserId.ToString());
        offered.ShouldNotContain(staff.Leaver.UserId.ToString(), "never the same teacher");
        offered.ShouldNotContain(app.School.User("kepsek").UserId.ToString(), "only teachers of the term");

        var saved = await admin.SubmitAsync(page, $"form[data-hand-over='{app.School.TermId}']", url,
            new Dictionary<string, string> { ["teacherId"] = staff.Receiver.UserId.ToString(), ["reason"] = "Cuti panjang" });

        saved.Context.Response.StatusCode.ShouldBe(302, await saved.ReadAsTextAsync());
        var after = await admin.GetPageAsync(new Uri(new Uri("http://localhost"), saved.Context.Response.Headers.Location.ToString()).PathAndQuery);
        after.QuerySelector("[data-handed-over]")!.TextContent.ShouldBe("2 buku nilai diserahkan kepada Bu Pengganti, S.Si.");
        after.QuerySelector($"form[data-hand-over='{app.School.TermId}']").ShouldBeNull("nothing is left to hand over in that term");
        HandOverForm(after, staff.OtherTermId);
        foreach (var (gradebookId, _) in staff.ThisTerm)
            (await ReassignmentsAsync(gradebookId)).ShouldHaveSingleItem().Reason.ShouldBe("Cuti panjang");
    }

    [Fact]
    public async Task a_refused_hand_over_form_keeps_what_was_typed_and_says_why_inside_it()
    {
        var staff = await StaffAsync();
        var admin = await app.SignInAsync("admin");
        var url = $"/pengguna/{staff.Leaver.UserId}";
        var page = await admin.GetPageAsync(url);
        var tooLong = new string('x', GradebookRules.MaxReasonLength + 1);

        var refused = await admin.SubmitAsync(page, $"form[data-hand-over='{app.School.TermId}']", url,
            new Dictionary<string, string> { ["teacherId"] = staff.Receiver.UserId.ToString(), ["reason"] = tooLong });

        refused.Context.Response.StatusCode.ShouldBe(400);
        var form = HandOverForm(TestBrowser.Parse(await refused.ReadAsTextAsync()), app.School.TermId);
        form.QuerySelector("[data-code='reason.too_long']").ShouldNotBeNull(form.OuterHtml);
        ((IHtmlSelectElement)form.QuerySelector("select[name=teacherId]")!).Value.ShouldBe(staff.Receiver.UserId.ToString());
        ((IHtmlInputElement)form.QuerySelector("input[name=reason]")!).Value.ShouldBe(tooLong);
        foreach (var (gradebookId, _) in staff.ThisTerm)
            (await ReassignmentsAsync(gradebookId)).ShouldBeEmpty();
    }

    /// <summary>Revoking the guru role left the leaver's gradebooks with a teacher of record the school no longer counted as a
    /// teacher (the teaching-assignment forms refuse to name one): the admin is told which, and where to hand them over.</summary>
    [Fact]
    public async Task revoking_the_teacher_role_of_a_term_with_gradebooks_still_taught_is_refused_naming_them_until_they_are_handed_over()
    {
        var staff = await StaffAsync();
        var admin = await app.SignInAsync("admin");
        var revoke = $"/api/users/{staff.Leaver.UserId}/roles/revoke";
        object Teacher(Guid termId) => new { commandId = Guid.NewGuid(), role = "Teacher", termId };

        var refused = await admin.PostJsonAsync(revoke, Teacher(app.School.TermId), 409);

        refused.GetProperty("code").GetString().ShouldBe("role.teacher_has_gradebooks");
        var message = refused.GetProperty("title").GetString()!;
        message.ShouldStartWith("Pak Pindah, S.Pd. masih mengampu 2 buku nilai di semester ini: Mapel ");
        message.ShouldContain(" X-1, Mapel ");
        message.ShouldContain("Serahkan semua buku nilai");
        (await admin.PostJsonAsync(revoke, Teacher(staff.OtherTermId), 409)).GetProperty("title").GetString()!.ShouldContain("masih mengampu 1 buku nilai");

        // The account page's "Cabut" says the same, with the way to the hand-over form, and the page stays whole.
        var url = $"/pengguna/{staff.Leaver.UserId}";
        var page = await admin.GetPageAsync(url);
        var cabut = (IHtmlFormElement)page.QuerySelectorAll("form").First(f => f.QuerySelector("button[name=grant]") is not null);
        var onPage = await admin.SubmitAsync(cabut, url, new Dictionary<string, string> { ["grant"] = $"Teacher|{app.School.TermId}|", ["confirm"] = "ya" }, 409);
        var answer = TestBrowser.Parse(await onPage.ReadAsTextAsync());
        var error = answer.QuerySelector(".alert.error [data-code='role.teacher_has_gradebooks']").ShouldNotBeNull(answer.Body!.InnerHtml);
        error.TextContent.ShouldContain(message);
        error.QuerySelector($"a[href$='#{UserPage.HandOverAddress(staff.Leaver.UserId, app.School.TermId).Split('#')[1]}']").ShouldNotBeNull(error.OuterHtml);
        error.QuerySelector($"a[href='/data/pembelajaran?semester={app.School.TermId}&guru={staff.Leaver.UserId}']").ShouldNotBeNull(error.OuterHtml);
        HandOverForm(answer, app.School.TermId);
        answer.QuerySelector("form#beri-peran").ShouldNotBeNull();
        (await app.EventsAsync(StreamKeys.User(app.School.SchoolId, staff.Leaver.UserId))).Select(e => e.Data).OfType<RoleRevoked>().ShouldBeEmpty();

        await admin.PostJsonAsync(HandOver(staff.Leaver), new { commandId = Guid.NewGuid(), termId = app.School.TermId, toTeacherId = staff.Receiver.UserId });
        await admin.PostJsonAsync(revoke, Teacher(app.School.TermId));

        (await app.EventsAsync(StreamKeys.User(app.School.SchoolId, staff.Leaver.UserId))).Select(e => e.Data).OfType<RoleRevoked>()
            .ShouldBe([new RoleRevoked(new RoleGrant(Role.Teacher, app.School.TermId, null))]);
    }

    /// <summary>A gradebook opened for a teacher at the moment their guru role is revoked: one of the two goes first and the other
    /// is refused (both take the school's master-data lock), so no gradebook is left with a teacher without the role.</summary>
    [Fact]
    public async Task a_gradebook_opened_for_a_teacher_while_their_teacher_role_is_revoked_ends_with_one_of_them_refused()
    {
        for (var i = 0; i < 6; i++)
        {
            var teacher = await TeacherAsync("guru.balap", "Guru Balapan", app.School.TermId);
            var (subjectId, gradebookId) = (Guid.NewGuid(), Guid.NewGuid());
            var tag = TestSchool.NewSubjectTag();
            await app.SendAcceptedAsync(new AddSubject(Guid.NewGuid(), subjectId, "Mapel " + tag, "S" + tag, "Umum", 9, false, 70, System, EntrySource.Seed));

            var outcomes = await Task.WhenAll(
                app.SendAsync(new OpenGradebook(Guid.NewGuid(), gradebookId, app.School.TermId, app.School.ClassId, subjectId,
                    teacher.UserId, ["TP satu"], System, EntrySource.Seed)),
                app.SendAsync(new RevokeRole(Guid.NewGuid(), teacher.UserId, new RoleGrant(Role.Teacher, app.School.TermId, null), System, EntrySource.Seed)));
            var (opened, revoked) = (outcomes[0], outcomes[1]);

            (opened.IsAccepted ^ revoked.IsAccepted).ShouldBeTrue($"round {i}: opened {opened.Status}, revoked {revoked.Status}");
            (opened.IsAccepted ? revoked : opened).Errors.Single().Code
                .ShouldBe(opened.IsAccepted ? RevokeRoleHandler.TeacherHasGradebooks : "teacher.no_teacher_role");
        }
    }
}
