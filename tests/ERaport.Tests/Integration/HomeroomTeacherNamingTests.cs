using AngleSharp.Html.Dom;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;
using Microsoft.AspNetCore.Identity;
using Xunit.Abstractions;

namespace ERaport.Tests.Integration;

/// <summary>The class form is the one place a wali kelas is named: naming, replacing or removing one there gives or takes the
/// wali kelas role in the same transaction, one class at a time or every class of a term at once.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class HomeroomTeacherNamingTests(MasterDataFixture app, ITestOutputHelper output)
{
    private const string Api = "/api/master-data";
    private static readonly Actor System = new(Guid.Empty, "sistem", TestSchool.Id);

    /// <summary>A teacher's registration: the guru role of the term, and the wali kelas role of <paramref name="homeroomOf"/> if given.</summary>
    private (Actor Teacher, RegisterUser Command) Registration(Guid termId, string displayName, Guid? homeroomOf = null)
    {
        var actor = new Actor(Guid.NewGuid(), "guru.wk" + Guid.NewGuid().ToString("N")[..6], TestSchool.Id);
        var hash = app.Service<IPasswordHasher<UserAccount>>().HashPassword(new UserAccount(), TestSchool.Password);
        return (actor, new RegisterUser(Guid.NewGuid(), actor.UserId, actor.UserName, displayName, null, hash,
            [new RoleGrant(Role.Teacher, termId, null), .. homeroomOf is { } classId ? [HomeroomTeacherRole.Of(termId, classId)] : Array.Empty<RoleGrant>()],
            System, EntrySource.Seed));
    }

    private async Task<Actor> TeacherAsync(Guid termId, string displayName, bool disabled = false)
    {
        var (actor, registration) = Registration(termId, displayName);
        await app.SendAcceptedAsync(registration);
        if (disabled)
            await app.SendAcceptedAsync(new DisableUser(Guid.NewGuid(), actor.UserId, null, System, EntrySource.Seed));
        return actor;
    }

    private async Task<(TestBrowser Admin, Guid TermId, Guid[] Classes)> TermAsync(params string[] classNames)
    {
        var admin = await app.SignInAsync("admin");
        var termId = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = MasterDataFixture.NewSchoolYear(), semester = 1 })).Id();
        var classes = new List<Guid>();
        foreach (var name in classNames)
            classes.Add((await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name, level = 10 })).Id());
        return (admin, termId, [.. classes]);
    }

    private async Task<IReadOnlyList<object>> RoleEventsAsync(Actor user) =>
        [.. (await app.EventsAsync(StreamKeys.User(TestSchool.Id, user.UserId))).Select(e => e.Data)
            .Where(e => e is RoleGranted { Grant.Role: Role.HomeroomTeacher } or RoleRevoked { Grant.Role: Role.HomeroomTeacher })];

    /// <summary>A class's wali kelas role held without being named on the class, as the users page gave it before the class form
    /// did: appended to the account's stream as it was then.</summary>
    private async Task LeftoverRoleAsync(Actor holder, Guid termId, Guid classId)
    {
        await using var session = app.Service<IDocumentStore>().LightweightSession();
        session.Events.Append(StreamKeys.User(TestSchool.Id, holder.UserId), new RoleGranted(HomeroomTeacherRole.Of(termId, classId)));
        await session.SaveChangesAsync();
    }

    /// <summary>The teacher's browser holds no read-your-writes token for the admin's writes: wait for the read model first.</summary>
    private async Task HomeroomPageAsync(TestBrowser who, Guid classId, int status)
    {
        await app.CatchUpAsync();
        await who.GetPageAsync($"/wali/{classId}", status);
    }

    [Fact]
    public async Task naming_a_wali_kelas_on_the_class_lets_them_open_it_and_replacing_them_shuts_the_old_one_out()
    {
        var (admin, termId, classes) = await TermAsync("X-1");
        var classId = classes[0];
        var (first, second) = (await TeacherAsync(termId, "Bu Pertama"), await TeacherAsync(termId, "Pak Kedua"));
        var (firstBrowser, secondBrowser) = (await app.SignInAsync(first.UserName), await app.SignInAsync(second.UserName));
        await HomeroomPageAsync(firstBrowser, classId, 403);

        await admin.PutJsonAsync($"{Api}/classes/{classId}", new { commandId = Guid.NewGuid(), name = "X-1", level = 10, homeroomTeacherId = first.UserId });
        await HomeroomPageAsync(firstBrowser, classId, 200);

        await admin.PutJsonAsync($"{Api}/classes/{classId}", new { commandId = Guid.NewGuid(), name = "X-1", level = 10, homeroomTeacherId = second.UserId });
        await HomeroomPageAsync(secondBrowser, classId, 200);
        await HomeroomPageAsync(firstBrowser, classId, 403);

        var grant = new RoleGrant(Role.HomeroomTeacher, termId, classId);
        (await RoleEventsAsync(first)).ShouldBe([new RoleGranted(grant), new RoleRevoked(grant)]);
        (await RoleEventsAsync(second)).ShouldBe([new RoleGranted(grant)]);

        await admin.PutJsonAsync($"{Api}/classes/{classId}", new { commandId = Guid.NewGuid(), name = "X-1", level = 10, homeroomTeacherId = (Guid?)null });
        await HomeroomPageAsync(secondBrowser, classId, 403);
    }

    [Fact]
    public async Task a_class_opened_with_a_wali_kelas_gives_them_the_role_at_once()
    {
        var (admin, termId, _) = await TermAsync();
        var teacher = await TeacherAsync(termId, "Bu Langsung");
        var classId = (await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name = "X-9", level = 10, homeroomTeacherId = teacher.UserId })).Id();

        await HomeroomPageAsync(await app.SignInAsync(teacher.UserName), classId, 200);
    }

    [Fact]
    public async Task the_wali_kelas_of_every_class_are_named_in_one_post()
    {
        var (admin, termId, classes) = await TermAsync("X-1", "X-2", "X-3");
        var (a, b) = (await TeacherAsync(termId, "Bu A"), await TeacherAsync(termId, "Pak B"));

        var saved = await admin.PostJsonAsync($"{Api}/terms/{termId}/homeroom-teachers", new
        {
            commandId = Guid.NewGuid(),
            classes = new[] { new { classId = classes[0], homeroomTeacherId = (Guid?)a.UserId }, new { classId = classes[1], homeroomTeacherId = (Guid?)b.UserId } },
        });

        saved.GetProperty("changes").GetInt32().ShouldBe(4); // two classes, two roles
        var listed = await admin.GetJsonAsync($"{Api}/terms/{termId}/classes");
        listed.EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("homeroomTeacherName").GetString()))
            .ShouldBe([("X-1", "Bu A"), ("X-2", "Pak B"), ("X-3", null)], ignoreOrder: true);
        await HomeroomPageAsync(await app.SignInAsync(a.UserName), classes[0], 200);
        await HomeroomPageAsync(await app.SignInAsync(b.UserName), classes[1], 200);
    }

    [Fact]
    public async Task one_refused_row_refuses_the_whole_post_and_stores_nothing()
    {
        var (admin, termId, classes) = await TermAsync("X-1", "X-2");
        var (a, gone) = (await TeacherAsync(termId, "Bu A"), await TeacherAsync(termId, "Pak Pensiun", disabled: true));
        var before = await app.EventCountAsync();

        var refused = await admin.PostJsonAsync($"{Api}/terms/{termId}/homeroom-teachers", new
        {
            commandId = Guid.NewGuid(),
            classes = new[] { new { classId = classes[0], homeroomTeacherId = (Guid?)a.UserId }, new { classId = classes[1], homeroomTeacherId = (Guid?)gone.UserId } },
        }, 400);

        refused.GetProperty("code").GetString().ShouldBe("teacher.disabled");
        var error = refused.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("details").GetProperty("classId").GetGuid().ShouldBe(classes[1]);
        error.GetProperty("message").GetString()!.ShouldStartWith("X-2:");
        (await app.EventCountAsync()).ShouldBe(before);
        await HomeroomPageAsync(await app.SignInAsync(a.UserName), classes[0], 403);
    }

    [Fact]
    public async Task the_classes_page_names_every_wali_kelas_in_one_form_with_one_shared_list_of_teachers()
    {
        var (admin, termId, classes) = await TermAsync("X-1", "X-2");
        var (a, gone) = (await TeacherAsync(termId, "Bu Dari Daftar"), await TeacherAsync(termId, "Pak Nonaktif", disabled: true));
        await app.CatchUpAsync(); // the accounts were made behind the admin's back
        var url = $"/data/kelas?semester={termId}";
        var page = await admin.GetPageAsync(url);

        var form = (IHtmlFormElement)page.QuerySelector("#wali-semua")!;
        page.QuerySelectorAll("datalist").Length.ShouldBe(1);
        form.QuerySelectorAll("select").ShouldBeEmpty();
        var inputs = form.QuerySelectorAll("input[list]").Cast<IHtmlInputElement>().ToList();
        inputs.Count.ShouldBe(2);
        inputs.Select(i => page.QuerySelector($"label[for='{i.Id}']")?.TextContent).ShouldBe(["X-1", "X-2"]);
        var option = page.QuerySelectorAll("datalist option").Cast<IHtmlOptionElement>().Single(o => o.Value.Contains(a.UserName)).Value;
        page.QuerySelectorAll("datalist option").ShouldNotContain(o => o.GetAttribute("value")!.Contains(gone.UserName));

        var refused = TestBrowser.Parse(await (await admin.SubmitAsync(form, url,
            new Dictionary<string, string> { [inputs[0].Name!] = option, [inputs[1].Name!] = "Guru Tak Dikenal" }, 400)).ReadAsTextAsync());
        refused.QuerySelector($"[data-row-error='{classes[1]}']")!.TextContent.ShouldContain("Guru Tak Dikenal");
        ((IHtmlInputElement)refused.QuerySelector($"input[name='{inputs[1].Name}']")!).Value.ShouldBe("Guru Tak Dikenal");
        (await admin.GetJsonAsync($"{Api}/terms/{termId}/classes")).EnumerateArray().ShouldAllBe(c => c.GetProperty("homeroomTeacherId").ValueKind == global::System.Text.Json.JsonValueKind.Null);

        var saved = await admin.SubmitAsync(form, url, new Dictionary<string, string> { [inputs[0].Name!] = option }, 302);
        var after = await admin.GetPageAsync(new Uri(new Uri("http://localhost"), saved.Context.Response.Headers.Location.ToString()).PathAndQuery);
        after.QuerySelector(".alert.success").ShouldNotBeNull();
        ((IHtmlInputElement)after.QuerySelector($"#wali-semua input[name='{inputs[0].Name}']")!).Value.ShouldBe(option);
        await HomeroomPageAsync(await app.SignInAsync(a.UserName), classes[0], 200);
    }

    /// <summary>The Pengguna page's wali kelas role keeps the class in line: for a class without a wali kelas it names the teacher,
    /// for a class with another it is refused and points to the class form, and revoked from the named one it empties the class.</summary>
    [Fact]
    public async Task the_wali_kelas_role_given_on_the_users_page_names_the_teacher_on_the_class_or_is_refused()
    {
        var (admin, termId, classes) = await TermAsync("X-1");
        var (a, b) = (await TeacherAsync(termId, "Bu Pengguna"), await TeacherAsync(termId, "Pak Kedua"));
        object Role(Guid classId) => new { commandId = Guid.NewGuid(), role = "HomeroomTeacher", termId, classId };

        await admin.PostJsonAsync($"/api/users/{a.UserId}/roles", Role(classes[0]));
        (await admin.GetJsonAsync($"{Api}/terms/{termId}/classes")).EnumerateArray().Single().GetProperty("homeroomTeacherName").GetString().ShouldBe("Bu Pengguna");
        var before = await app.EventCountAsync();
        var refused = await admin.PostJsonAsync($"/api/users/{b.UserId}/roles", Role(classes[0]), 409);
        refused.GetProperty("code").GetString().ShouldBe("role.homeroom_named_on_class");
        (await app.EventCountAsync()).ShouldBe(before);

        await admin.PostJsonAsync($"/api/users/{a.UserId}/roles/revoke", Role(classes[0]));
        (await admin.GetJsonAsync($"{Api}/terms/{termId}/classes")).EnumerateArray().Single().GetProperty("homeroomTeacherId").ValueKind
            .ShouldBe(global::System.Text.Json.JsonValueKind.Null);
        await HomeroomPageAsync(await app.SignInAsync(a.UserName), classes[0], 403);
    }

    /// <summary>A teacher signed in on this node: her session checks her account against a copy kept for a while
    /// (Accounts:SessionCheckSeconds), yet the users page's wali kelas role, taken from a leftover holder as it names another
    /// teacher on the class, shuts her out on her next request and lets the new wali kelas in on his.</summary>
    [Fact]
    public async Task the_wali_kelas_role_given_on_the_users_page_takes_the_class_from_a_signed_in_leftover_holder_at_once()
    {
        var (admin, termId, classes) = await TermAsync("X-1");
        var classId = classes[0];
        var (leftover, named) = (await TeacherAsync(termId, "Bu Sisa"), await TeacherAsync(termId, "Pak Baru"));
        await LeftoverRoleAsync(leftover, termId, classId);
        var (leftoverBrowser, namedBrowser) = (await app.SignInAsync(leftover.UserName), await app.SignInAsync(named.UserName));
        await HomeroomPageAsync(leftoverBrowser, classId, 200);
        await HomeroomPageAsync(namedBrowser, classId, 403);

        await admin.PostJsonAsync($"/api/users/{named.UserId}/roles", new { commandId = Guid.NewGuid(), role = "HomeroomTeacher", termId, classId });

        await HomeroomPageAsync(leftoverBrowser, classId, 403);
        await HomeroomPageAsync(namedBrowser, classId, 200);
    }

    /// <summary>Registering an account with a class's wali kelas role follows the class as the users page's role does: a class
    /// without a wali kelas gets the new teacher named on it, and a signed-in leftover holder of its role loses it at once.</summary>
    [Fact]
    public async Task a_user_registered_with_the_wali_kelas_role_of_a_class_without_one_is_named_on_it_and_the_leftover_holder_loses_it_at_once()
    {
        var (admin, termId, classes) = await TermAsync("X-1", "X-2");
        var leftover = await TeacherAsync(termId, "Bu Sisa");
        await LeftoverRoleAsync(leftover, termId, classes[0]);
        var leftoverBrowser = await app.SignInAsync(leftover.UserName);
        await HomeroomPageAsync(leftoverBrowser, classes[0], 200);

        var (registered, registration) = Registration(termId, "Bu Terdaftar", homeroomOf: classes[0]);
        await app.SendAcceptedAsync(registration);

        await app.CatchUpAsync(); // registered behind the admin's back
        (await admin.GetJsonAsync($"{Api}/terms/{termId}/classes")).EnumerateArray()
            .Select(c => (c.GetProperty("name").GetString(), c.GetProperty("homeroomTeacherName").GetString()))
            .ShouldBe([("X-1", "Bu Terdaftar"), ("X-2", null)], ignoreOrder: true);
        await HomeroomPageAsync(leftoverBrowser, classes[0], 403);
        await HomeroomPageAsync(await app.SignInAsync(registered.UserName), classes[0], 200);
        (await RoleEventsAsync(leftover)).ShouldBe([new RoleGranted(HomeroomTeacherRole.Of(termId, classes[0])), new RoleRevoked(HomeroomTeacherRole.Of(termId, classes[0]))]);
    }

    [Fact]
    public async Task a_user_registered_with_the_wali_kelas_role_of_a_class_whose_wali_kelas_is_someone_else_is_refused_and_nothing_is_stored()
    {
        var (admin, termId, classes) = await TermAsync("X-1");
        var named = await TeacherAsync(termId, "Bu Dinamai");
        await admin.PutJsonAsync($"{Api}/classes/{classes[0]}", new { commandId = Guid.NewGuid(), name = "X-1", level = 10, homeroomTeacherId = named.UserId });
        var before = await app.EventCountAsync();

        var refused = await app.SendAsync(Registration(termId, "Pak Penyusup", homeroomOf: classes[0]).Command);

        refused.Status.ShouldBe(OutcomeStatus.Conflict);
        refused.Errors.Single().Code.ShouldBe("role.homeroom_named_on_class");
        (await app.EventCountAsync()).ShouldBe(before);
    }

    /// <summary>Two admins at once (or the class form and the users page): naming one teacher on the class, giving another the
    /// class's role on the users page and taking the first one's role, all sent together. The class's commands take the school's
    /// lock and then the accounts in key order, so none waits for another in a circle; whichever order they commit in, the class's
    /// wali kelas and the holder of its role are the same person.</summary>
    [Fact]
    public async Task the_class_form_and_the_users_page_changing_one_wali_kelas_at_once_never_deadlock_and_leave_class_and_role_agreeing()
    {
        var names = Enumerable.Range(1, 12).Select(i => $"X-{i}").ToArray();
        var (_, termId, classes) = await TermAsync(names);
        var admin = app.School.User(app.School.Of.Admin);
        var clock = global::System.Diagnostics.Stopwatch.StartNew();
        foreach (var (classId, name) in classes.Zip(names))
        {
            var (a, b) = (await TeacherAsync(termId, "Bu Serentak"), await TeacherAsync(termId, "Pak Serentak"));
            var grant = new RoleGrant(Role.HomeroomTeacher, termId, classId);
            var outcomes = await Task.WhenAll(
                app.SendAsync(new UpdateClass(Guid.NewGuid(), classId, name, 10, "", a.UserId, admin, EntrySource.Form)),
                app.SendAsync(new GrantRole(Guid.NewGuid(), b.UserId, grant, admin, EntrySource.Form)),
                app.SendAsync(new RevokeRole(Guid.NewGuid(), a.UserId, grant, admin, EntrySource.Form)),
                app.SendAsync(new NameHomeroomTeachers(Guid.NewGuid(), termId, [new HomeroomChoice(classId, b.UserId)], admin, EntrySource.Form)))
                .WaitAsync(TimeSpan.FromSeconds(60));
            outcomes[0].Status.ShouldBe(OutcomeStatus.Accepted); // the class form always wins its turn

            await using var session = app.Service<Marten.IDocumentStore>().QuerySession();
            var named = (await session.LoadAsync<SchoolClass>(StreamKeys.Class(TestSchool.Id, classId)))!.HomeroomTeacherId;
            var holders = (await session.LoadManyAsync<UserAccount>(StreamKeys.User(TestSchool.Id, a.UserId), StreamKeys.User(TestSchool.Id, b.UserId)))
                .Where(u => u.Roles.Contains(grant)).Select(u => u.UserId).ToList();
            holders.ShouldBe(named is { } w ? [w] : [], $"{name}: {string.Join("; ", outcomes.Select(o => $"{o.Status} {string.Join(",", o.Errors.Select(e => e.Code))}"))}");
        }
        output.WriteLine($"{classes.Length} rounds of four commands at once in {clock.ElapsedMilliseconds:N0} ms");
    }

    /// <summary>An SMK of 72 classes and 70 teachers: the form is one shared list of teachers and a text field per class, not 72
    /// selects of 70 options (what one select of the "Buka kelas" form weighs, times 72).</summary>
    [Fact]
    public async Task the_form_for_72_classes_and_70_teachers_stays_light()
    {
        var (admin, termId, _) = await TermAsync();
        var hash = app.Service<IPasswordHasher<UserAccount>>().HashPassword(new UserAccount(), TestSchool.Password);
        var (teachers, classes) = (new List<Guid>(), new List<Guid>());
        for (var i = 1; i <= 70; i++)
        {
            teachers.Add(Guid.NewGuid());
            await app.SendAcceptedAsync(new RegisterUser(Guid.NewGuid(), teachers[^1], $"guru.smk{i:D2}.{termId.ToString("N")[..4]}", $"Guru Kejuruan Nomor {i}, S.Pd.",
                null, hash, [new RoleGrant(Role.Teacher, termId, null)], System, EntrySource.Seed));
        }
        for (var i = 1; i <= 72; i++)
        {
            classes.Add(Guid.NewGuid());
            await app.SendAcceptedAsync(new OpenClass(Guid.NewGuid(), classes[^1], termId, $"{10 + (i - 1) / 24} TKJ {(i - 1) % 24 + 1}", 10 + (i - 1) / 24, "",
                null, System, EntrySource.Seed));
        }
        await app.CatchUpAsync();
        var url = $"/data/kelas?semester={termId}";
        var (empty, page) = await MeasureAsync(admin, url);

        var clock = global::System.Diagnostics.Stopwatch.StartNew();
        var saved = await admin.PostJsonAsync($"{Api}/terms/{termId}/homeroom-teachers", new
        {
            commandId = Guid.NewGuid(), classes = classes.Select((k, i) => new { classId = k, homeroomTeacherId = teachers[i % teachers.Count] }),
        });
        output.WriteLine($"72 wali kelas named in one post: {saved.GetProperty("changes").GetInt32()} changes in {clock.ElapsedMilliseconds:N0} ms");
        var (named, _) = await MeasureAsync(admin, url);
        output.WriteLine($"with every wali kelas named: page {named.Total:N0} B, the form {named.Form:N0} B");
        page.QuerySelectorAll("#wali-semua input[list]").Length.ShouldBe(72);
        named.Form.ShouldBeLessThan(72 * empty.Select / 3);
    }

    private async Task<((int Total, int Form, int Select) Bytes, IHtmlDocument Page)> MeasureAsync(TestBrowser admin, string url)
    {
        var html = await (await admin.SendAsync(s => s.Get.Url(url))).ReadAsTextAsync();
        var page = TestBrowser.Parse(html);

        static int Bytes(string text) => global::System.Text.Encoding.UTF8.GetByteCount(text);
        var form = Bytes(page.QuerySelector("#wali-semua")!.OuterHtml) + Bytes(page.QuerySelector("#wali-kelas")!.OuterHtml)
            + Bytes(page.QuerySelector("#wali-semua-hint")!.OuterHtml);
        var select = Bytes(page.QuerySelector("#homeroomTeacherId")!.OuterHtml);
        var (total, without) = (Bytes(html), Bytes(html) - form);
        output.WriteLine($"page {total:N0} B; without the form {without:N0} B; the form {form:N0} B; one select of every teacher {select:N0} B, " +
            $"72 of them {72 * select:N0} B");
        return ((total, form, select), page);
    }
}
