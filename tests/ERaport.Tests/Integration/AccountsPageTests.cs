using AngleSharp.Html.Dom;

namespace ERaport.Tests.Integration;

/// <summary>The users pages and the password page as a browser without JavaScript uses them: plain form posts.</summary>
[Collection(AppCollection.Name)]
public sealed class AccountsPageTests(AppFixture app)
{
    private TestSchool School => app.School;

    private static string UniqueName(string prefix) => $"{prefix}.{Guid.NewGuid().ToString("N")[..8]}";

    private static string Location(Alba.IScenarioResult result)
    {
        var location = result.Context.Response.Headers.Location.ToString();
        return location.StartsWith("http") ? new Uri(location).PathAndQuery : location;
    }

    /// <summary>The admin fills in the add-user form; answers the page that shows the one-time password.</summary>
    /// <summary>A new user's page address, as the admin reaches it from the list.</summary>
    private async Task<string> NewUserLinkAsync(TestBrowser admin)
    {
        var (created, userName, _) = await CreateUserAsync(admin);
        return created.QuerySelectorAll("table.users a").Single(a => a.TextContent == userName).GetAttribute("href")!;
    }

    private async Task<(IHtmlDocument Page, string UserName, string Password)> CreateUserAsync(TestBrowser admin)
    {
        var userName = UniqueName("guru");
        var form = await admin.GetPageAsync("/pengguna");
        var created = await admin.SubmitAsync(form, "#tambah-pengguna", "/pengguna",
            new Dictionary<string, string> { ["userName"] = userName, ["displayName"] = "Sri Rahayu, S.Pd.", ["nip"] = "" }, 200);
        var page = TestBrowser.Parse(await created.ReadAsTextAsync());
        var password = page.QuerySelector("[data-one-time-password]")?.TextContent.Trim();
        password.ShouldNotBeNullOrEmpty(page.QuerySelector(".alert")?.TextContent);
        return (page, userName, password!);
    }

    private async Task<TestBrowser> SignInThroughFormAsync(string userName, string password, string expectedTarget)
    {
        var browser = new TestBrowser(app.Host);
        var form = await browser.GetPageAsync("/masuk");
        var signedIn = await browser.SubmitAsync(form, "form", "/masuk",
            new Dictionary<string, string> { ["Input.UserName"] = userName, ["Input.Password"] = password }, 302);
        Location(signedIn).ShouldBe(expectedTarget);
        return browser;
    }

    [Theory]
    [InlineData("/nilai/0193a0e2-0000-7000-8000-000000000001", "/nilai/0193a0e2-0000-7000-8000-000000000001", true)]
    [InlineData("/", "/", false)]
    [InlineData("//evil.example/nilai", "/", false)]
    [InlineData("https://evil.example/nilai", "/", false)]
    [InlineData("/\\evil.example/nilai", "/", false)]
    public async Task sign_in_goes_back_to_a_local_page_only_and_says_typing_is_kept(string returnUrl, string target, bool notice)
    {
        var browser = new TestBrowser(app.Host);
        var url = "/masuk?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var form = await browser.GetPageAsync(url);
        (form.QuerySelector("[data-return]")?.TextContent.Contains("isian yang belum tersimpan") ?? false).ShouldBe(notice);

        var signedIn = await browser.SubmitAsync(form, "form", url,
            new Dictionary<string, string> { ["Input.UserName"] = "guru.mtk", ["Input.Password"] = TestSchool.Password }, 302);

        Location(signedIn).ShouldBe(target);
    }

    [Fact]
    public async Task admin_adds_a_user_gives_a_role_and_reads_the_history_on_the_users_pages()
    {
        var admin = await app.SignInAsync("admin");
        var userLink = await NewUserLinkAsync(admin);

        // A class without a wali kelas: the role names the user on it (X-1's wali kelas is replaced on the class form only).
        var className = "P-" + TestSchool.NewSubjectTag();
        var classId = (await admin.PostJsonAsync("/api/master-data/classes", new { commandId = Guid.NewGuid(), termId = School.TermId, name = className, level = 10 })).Id();
        // A guru first: the class names only a teacher as its wali kelas.
        var teacher = await admin.SubmitAsync(await admin.GetPageAsync(userLink), "#beri-peran", userLink,
            new Dictionary<string, string> { ["role"] = "Teacher", ["termId"] = School.TermId.ToString() }, 302);
        var userPage = await admin.GetPageAsync(Location(teacher));
        var granted = await admin.SubmitAsync(userPage, "#beri-peran", userLink,
            new Dictionary<string, string> { ["role"] = "HomeroomTeacher", ["termId"] = School.TermId.ToString(), ["classId"] = classId.ToString() },
            302);
        var after = await admin.GetPageAsync(Location(granted));

        after.QuerySelector(".alert.success")!.TextContent.ShouldContain("Peran diberikan");
        after.QuerySelector("ul.roles")!.TextContent.ShouldContain($"Wali kelas {className} · 2026/2027 Ganjil");
        var history = after.QuerySelectorAll("table.history tbody tr").Select(r => r.TextContent).ToList();
        history[0].ShouldContain($"Peran diberikan: Wali kelas {className}");
        history[0].ShouldContain("Operator");
        history.ShouldContain(h => h.Contains("Akun dibuat"));
        var list = await admin.GetPageAsync("/pengguna");
        list.QuerySelectorAll("table.users tr").Single(r => r.QuerySelector($"a[href='{userLink}']") is not null).TextContent
            .ShouldContain("Menunggu ganti kata sandi");
    }

    /// <summary>A role is chosen, never defaulted: a click on "Beri peran" must not make a new teacher an admin, nor
    /// must a refused grant (a wali kelas without a class) turn the choice back into Admin for the next click.</summary>
    [Fact]
    public async Task the_role_form_preselects_no_role_and_a_refused_grant_keeps_the_choice()
    {
        var admin = await app.SignInAsync("admin");
        var userLink = await NewUserLinkAsync(admin);
        var userPage = await admin.GetPageAsync(userLink);
        ((IHtmlSelectElement)userPage.QuerySelector("#role")!).Value.ShouldBe("");

        var unchosen = TestBrowser.Parse(await (await admin.SubmitAsync(userPage, "#beri-peran", userLink,
            new Dictionary<string, string> { ["termId"] = School.TermId.ToString() }, 400)).ReadAsTextAsync());
        unchosen.QuerySelector("[data-code='role.required']").ShouldNotBeNull();

        var refused = TestBrowser.Parse(await (await admin.SubmitAsync(userPage, "#beri-peran", userLink,
            new Dictionary<string, string> { ["role"] = "HomeroomTeacher", ["termId"] = School.TermId.ToString(), ["classId"] = "" }, 400)).ReadAsTextAsync());

        ((IHtmlSelectElement)refused.QuerySelector("#role")!).Value.ShouldBe("HomeroomTeacher");
        ((IHtmlSelectElement)refused.QuerySelector("#term")!).Value.ShouldBe(School.TermId.ToString());
        (await admin.GetPageAsync(userLink)).QuerySelectorAll("ul.roles li").ShouldBeEmpty();
    }

    /// <summary>Resetting a password signs the user out everywhere and replaces it: the page asks for a tick first, and a post
    /// without it (a stray tap, no JavaScript) changes nothing.</summary>
    [Fact]
    public async Task resetting_a_password_through_the_page_needs_the_confirmation_ticked()
    {
        var admin = await app.SignInAsync("admin");
        var userLink = await NewUserLinkAsync(admin);
        var userPage = await admin.GetPageAsync(userLink);
        var before = await app.EventCountAsync();

        var refused = TestBrowser.Parse(await (await admin.SubmitAsync(userPage, "form:has(input[name=confirm])", userLink,
            new Dictionary<string, string> { ["confirm"] = "" }, 400)).ReadAsTextAsync());
        refused.QuerySelector("[data-code='reset.not_confirmed']").ShouldNotBeNull();
        (await app.EventCountAsync()).ShouldBe(before);

        var reset = TestBrowser.Parse(await (await admin.SubmitAsync(userPage, "form:has(input[name=confirm])", userLink,
            new Dictionary<string, string> { ["confirm"] = "ya" }, 200)).ReadAsTextAsync());
        reset.QuerySelector("[data-code]").ShouldBeNull();
        (await app.EventCountAsync()).ShouldBeGreaterThan(before);
    }

    /// <summary>The red button sits right under "Setel ulang kata sandi", the admin's most frequent errand, and signs the teacher out
    /// everywhere at once: a stray tap on it disables nobody.</summary>
    [Fact]
    public async Task disabling_an_account_through_its_page_needs_the_confirmation_ticked()
    {
        var admin = await app.SignInAsync("admin");
        var userLink = await NewUserLinkAsync(admin);
        var userPage = await admin.GetPageAsync(userLink);
        userPage.QuerySelector("form:has(button.danger) input[type=checkbox][name=confirm]").ShouldNotBeNull().HasAttribute("required").ShouldBeTrue();
        var before = await app.EventCountAsync();

        var refused = TestBrowser.Parse(await (await admin.SubmitAsync(userPage, "form:has(button.danger)", userLink,
            new Dictionary<string, string> { ["reason"] = "Salah pencet" }, 400)).ReadAsTextAsync());

        refused.QuerySelector("[data-code='disable.not_confirmed']").ShouldNotBeNull();
        (await app.EventCountAsync()).ShouldBe(before);
        (await admin.GetPageAsync(userLink)).QuerySelector("form:has(button.danger)").ShouldNotBeNull("still active: nothing was disabled");
    }

    /// <summary>"Cabut" took a role away on one tap (a wali kelas role also empties its class's wali kelas): like the other actions
    /// that take something away, it asks for a tick, and a post without it (a stray tap, no JavaScript) revokes nothing.</summary>
    [Fact]
    public async Task revoking_a_role_through_the_page_needs_the_confirmation_ticked()
    {
        var admin = await app.SignInAsync("admin");
        var userLink = await NewUserLinkAsync(admin);
        await admin.SubmitAsync(await admin.GetPageAsync(userLink), "#beri-peran", userLink,
            new Dictionary<string, string> { ["role"] = "Teacher", ["termId"] = School.TermId.ToString() }, 302);
        var userPage = await admin.GetPageAsync(userLink);
        const string revokeForm = "form:has(button[name=grant])";
        userPage.QuerySelector($"{revokeForm} input[type=checkbox][name=confirm]").ShouldNotBeNull().HasAttribute("required").ShouldBeTrue();
        var grant = userPage.QuerySelector($"{revokeForm} button[name=grant]")!.GetAttribute("value")!;
        var before = await app.EventCountAsync();

        var refused = TestBrowser.Parse(await (await admin.SubmitAsync(userPage, revokeForm, userLink,
            new Dictionary<string, string> { ["grant"] = grant }, 400)).ReadAsTextAsync());

        refused.QuerySelector("[data-code='revoke.not_confirmed']").ShouldNotBeNull();
        (await app.EventCountAsync()).ShouldBe(before);
        refused.QuerySelectorAll("ul.roles li").Count.ShouldBe(1);

        var revoked = await admin.SubmitAsync(userPage, revokeForm, userLink, new Dictionary<string, string> { ["grant"] = grant, ["confirm"] = "ya" }, 302);
        (await admin.GetPageAsync(Location(revoked))).QuerySelectorAll("ul.roles li").ShouldBeEmpty();
    }

    /// <summary>At 360 px the password reset, the operator's most frequent errand, sat about 1,750 px down, below the roles and the
    /// gradebook hand-over forms: it comes before them now.</summary>
    [Fact]
    public async Task the_password_reset_comes_before_the_role_and_hand_over_forms()
    {
        var admin = await app.SignInAsync("admin");
        var userLink = await NewUserLinkAsync(admin);
        await admin.SubmitAsync(await admin.GetPageAsync(userLink), "#beri-peran", userLink,
            new Dictionary<string, string> { ["role"] = "Teacher", ["termId"] = School.TermId.ToString() }, 302);
        var forms = (await admin.GetPageAsync(userLink)).QuerySelectorAll("form").ToList();

        var reset = forms.FindIndex(f => f.QuerySelector("input[name=_handler][value=setel-ulang]") is not null);
        reset.ShouldBeGreaterThanOrEqualTo(0);
        reset.ShouldBeLessThan(forms.FindIndex(f => f.QuerySelector("button[name=grant]") is not null));
        reset.ShouldBeLessThan(forms.FindIndex(f => f.Id == "beri-peran"));
    }

    /// <summary>The reason an admin gives for switching an account off is part of its history, for whoever asks later why.</summary>
    [Fact]
    public async Task disabling_an_account_through_its_page_keeps_the_reason_in_its_history()
    {
        var admin = await app.SignInAsync("admin");
        var userLink = await NewUserLinkAsync(admin);
        var userPage = await admin.GetPageAsync(userLink);

        var disabled = await admin.SubmitAsync(userPage, "form:has(button.danger)", userLink,
            new Dictionary<string, string> { ["reason"] = "Pindah tugas ke SMA Negeri 2", ["confirm"] = "ya" }, 302);

        var history = (await admin.GetPageAsync(Location(disabled))).QuerySelectorAll("table.history tbody tr").Select(r => r.TextContent).ToList();
        history[0].ShouldContain("Dinonaktifkan (alasan: Pindah tugas ke SMA Negeri 2)");
    }

    [Fact]
    public async Task the_password_page_of_a_one_time_password_shows_no_menu_links_that_lead_back_to_it()
    {
        var admin = await app.SignInAsync("admin");
        var (_, userName, password) = await CreateUserAsync(admin);
        var user = await SignInThroughFormAsync(userName, password, "/akun/sandi");

        var page = await user.GetPageAsync("/akun/sandi");

        page.QuerySelectorAll("header.topbar a.nav").ShouldBeEmpty();
        page.QuerySelector("header.topbar [data-sign-out]").ShouldNotBeNull("signing out still works");
        (await admin.GetPageAsync("/akun/sandi")).QuerySelectorAll("header.topbar a.nav").ShouldNotBeEmpty();
    }

    [Fact]
    public async Task the_admins_corrections_page_says_the_admin_neither_asks_for_nor_decides_corrections()
    {
        var admin = await app.SignInAsync("admin");

        var hint = (await admin.GetPageAsync("/koreksi")).QuerySelector("[data-corrections-hint]")!.TextContent;

        hint.ShouldNotContain("yang Anda ajukan");
        hint.ShouldContain("akun admin tidak mengajukan atau memutuskannya");
    }

    [Fact]
    public async Task a_user_with_a_one_time_password_is_sent_to_the_password_page_and_can_go_nowhere_else()
    {
        var admin = await app.SignInAsync("admin");
        var (_, userName, password) = await CreateUserAsync(admin);

        var user = await SignInThroughFormAsync(userName, password, "/akun/sandi");
        var home = await user.SendAsync(s =>
        {
            s.Get.Url("/");
            s.StatusCodeShouldBe(302);
        });
        Location(home).ShouldBe("/akun/sandi");

        var page = await user.GetPageAsync("/akun/sandi");
        page.QuerySelector(".alert.warning")!.TextContent.ShouldContain("kata sandi sekali pakai");
        var changed = await user.SubmitAsync(page, "#ganti-sandi", "/akun/sandi",
            new Dictionary<string, string>
            {
                ["currentPassword"] = password, ["newPassword"] = "teh manis hangat di pagi hari", ["repeatPassword"] = "teh manis hangat di pagi hari",
            }, 302);
        (await user.GetPageAsync(Location(changed))).QuerySelector(".alert.success")!.TextContent.ShouldContain("sudah diganti");
        await user.GetPageAsync("/");
        await SignInThroughFormAsync(userName, "teh manis hangat di pagi hari", "/");
    }

    [Fact]
    public async Task the_password_page_sent_again_with_another_password_says_the_form_was_saved_and_shows_a_new_id()
    {
        var admin = await app.SignInAsync("admin");
        var (_, userName, password) = await CreateUserAsync(admin);
        var user = await SignInThroughFormAsync(userName, password, "/akun/sandi");
        var page = await user.GetPageAsync("/akun/sandi");
        const string first = "teh manis hangat di pagi hari", second = "nasi goreng kampung pedas";
        await user.SubmitAsync(page, "#ganti-sandi", "/akun/sandi",
            new Dictionary<string, string> { ["currentPassword"] = password, ["newPassword"] = first, ["repeatPassword"] = first }, 302);

        // The page brought back by the browser, another new password typed into it.
        var refused = TestBrowser.Parse(await (await user.SubmitAsync(page, "#ganti-sandi", "/akun/sandi",
            new Dictionary<string, string> { ["currentPassword"] = password, ["newPassword"] = second, ["repeatPassword"] = second }, 409)).ReadAsTextAsync());

        var error = refused.QuerySelector(".alert.error")!;
        error.GetAttribute("data-code").ShouldBe("command.id_reused");
        error.TextContent.ShouldContain("sudah pernah disimpan dengan isian lain");
        string IdOf(IHtmlDocument shown) => shown.QuerySelector("#ganti-sandi input[name=commandId]")!.GetAttribute("value")!;
        IdOf(refused).ShouldNotBe(IdOf(page));
        await SignInThroughFormAsync(userName, first, "/");
    }

    [Theory]
    [InlineData("12345678", "password.too_common", "terlalu umum")]
    [InlineData("pendek", "password.too_short", "minimal 8 karakter")]
    [InlineData("Bu Sri Rahayu 85", "password.context_word", "nama Anda")]
    public async Task the_password_page_refuses_a_weak_password_with_a_clear_message(string weak, string code, string text)
    {
        var admin = await app.SignInAsync("admin");
        var (_, userName, password) = await CreateUserAsync(admin);
        var user = await SignInThroughFormAsync(userName, password, "/akun/sandi");
        var before = await app.EventCountAsync();

        var page = await user.GetPageAsync("/akun/sandi");
        var refused = await user.SubmitAsync(page, "#ganti-sandi", "/akun/sandi",
            new Dictionary<string, string> { ["currentPassword"] = password, ["newPassword"] = weak, ["repeatPassword"] = weak }, 400);

        var error = TestBrowser.Parse(await refused.ReadAsTextAsync()).QuerySelector(".alert.error")!;
        error.GetAttribute("data-code").ShouldBe(code);
        error.TextContent.ShouldContain(text);
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task the_login_page_says_when_an_account_is_locked_without_saying_whether_it_exists()
    {
        var browser = new TestBrowser(app.Host);
        var name = UniqueName("tidak.ada");
        Alba.IScenarioResult? last = null;
        for (var i = 0; i < 5; i++)
        {
            var form = await browser.GetPageAsync("/masuk");
            last = await browser.SubmitAsync(form, "form", "/masuk",
                new Dictionary<string, string> { ["Input.UserName"] = name, ["Input.Password"] = "tebakan " + i }, 401);
        }

        var alert = TestBrowser.Parse(await last!.ReadAsTextAsync()).QuerySelector(".alert.error")!;
        alert.GetAttribute("data-code").ShouldBe("auth.locked_out");
        alert.TextContent.ShouldContain("dikunci sementara");
    }

    [Theory]
    [InlineData("guru.mtk")]
    [InlineData("kepsek")]
    public async Task only_the_admin_opens_the_users_pages(string userName)
    {
        var browser = await app.SignInAsync(userName);

        foreach (var url in new[] { "/pengguna", $"/pengguna/{School.User("guru.bio").UserId}" })
        {
            var refused = await browser.SendAsync(s =>
            {
                s.Get.Url(url);
                s.StatusCodeShouldBe(302);
            });
            Location(refused).ShouldStartWith("/halaman/403");
        }
        (await browser.GetPageAsync("/")).QuerySelector("a[href='/pengguna']").ShouldBeNull();
    }

    [Fact]
    public async Task the_keluar_button_signs_out_from_a_cookie_no_other_site_can_send()
    {
        var browser = await app.SignInAsync("kepsek");
        var page = await browser.GetPageAsync("/rapor");
        var signOut = (IHtmlFormElement)page.QuerySelector("header form[action='/keluar']")!;
        signOut.QuerySelector("input[name='__RequestVerificationToken']").ShouldBeNull();

        (await browser.SubmitAsync(page, "header form[action='/keluar']", "/keluar", new Dictionary<string, string>(), 302))
            .Context.Response.Headers.Location.ToString().ShouldBe("/masuk");
        Location(await browser.SendAsync(s =>
        {
            s.Get.Url("/rapor");
            s.StatusCodeShouldBe(302);
        })).ShouldStartWith("/masuk");

        // Why the form needs no token: a browser sends a SameSite=Lax cookie with no post from another site.
        var signIn = await new TestBrowser(app.Host).SendAsync(s =>
        {
            s.Post.Json(new { userName = "kepsek", password = TestSchool.Password }).ToUrl("/api/session");
            s.StatusCodeShouldBe(204);
        });
        var sessionCookies = signIn.Context.Response.Headers.SetCookie.Select(c => Microsoft.Net.Http.Headers.SetCookieHeaderValue.Parse(c))
            .Where(c => c.HttpOnly).ToList();
        sessionCookies.ShouldNotBeEmpty();
        sessionCookies.ShouldAllBe(c => c.SameSite == Microsoft.Net.Http.Headers.SameSiteMode.Lax || c.SameSite == Microsoft.Net.Http.Headers.SameSiteMode.Strict);
    }
}
