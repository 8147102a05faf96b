using Alba;
using AngleSharp.Html.Dom;
using ERaport.Web.Api;
using ERaport.Write.Accounts;
using Marten;

namespace ERaport.Tests.Integration;

/// <summary>An operator adds a school's teachers from one pasted list (or a program sends them): all or none, and one
/// page of password slips to print instead of one page per teacher.</summary>
[Collection(AppCollection.Name)]
public sealed class BulkUsersTests(AppFixture app)
{
    private TestSchool School => app.School;

    /// <summary>A surname of random letters, so that every test's teachers are new to the shared school.</summary>
    private static string Surname() => "Uji" + new string([.. Guid.NewGuid().ToString("N").Where(char.IsAsciiDigit).Take(8).Select(d => (char)('a' + d - '0'))]);

    /// <summary>An 18-digit NIP no other test uses (NIPs are unique in the school).</summary>
    private static string Nip() => "19" + string.Concat(Guid.NewGuid().ToByteArray().Take(8).Select(b => (b % 100).ToString("D2")))[..16];

    private static async Task<ApiProblem> ProblemOf(IScenarioResult result) => (await result.ReadAsJsonAsync<ApiProblem>())!;

    private async Task<IScenarioResult> PostBulk(TestBrowser admin, object body, int status) =>
        await admin.SendAsync(s =>
        {
            s.Post.Json(body).ToUrl("/api/users/bulk");
            s.StatusCodeShouldBe(status);
        });

    private async Task<IReadOnlyList<UserAccount>> AccountsNamedAsync(string surname)
    {
        await using var session = app.Service<IDocumentStore>().QuerySession();
        return await session.Query<UserAccount>().Where(u => u.UserName.Contains(surname.ToLowerInvariant())).ToListAsync();
    }

    [Fact]
    public async Task a_program_creates_teachers_who_sign_in_with_their_one_time_passwords_as_teachers_of_the_term()
    {
        var admin = await app.SignInAsync("admin");
        var surname = Surname();
        var commandId = Guid.NewGuid();
        var body = new
        {
            commandId, termId = School.TermId,
            users = new object[]
            {
                new { displayName = $"Dra. Hj. Siti {surname}, S.Pd.", nip = Nip() },
                new { displayName = $"Budi {surname}", userName = $"budi.{surname}" },
                new { displayName = $"Siti {surname}", nip = Nip() },
            },
        };

        var created = (await (await PostBulk(admin, body, 200)).ReadAsJsonAsync<UsersCreated>())!;

        var lower = surname.ToLowerInvariant();
        created.Users.Select(u => (u.Row, u.UserName)).ShouldBe([(1, $"siti.{lower}"), (2, $"budi.{lower}"), (3, $"siti.{lower}2")]);
        foreach (var user in created.Users)
        {
            var session = new TestBrowser(app.Host);
            await session.SendAsync(s =>
            {
                s.Post.Json(new { userName = user.UserName, password = user.OneTimePassword }).ToUrl("/api/session");
                s.StatusCodeShouldBe(204);
            });
            await session.SendAsync(s =>
            {
                s.Get.Url("/api/gradebooks");
                s.StatusCodeShouldBe(403); // a new password first
            });
            var detail = (await (await admin.SendAsync(s => s.Get.Url($"/api/users/{user.UserId}"))).ReadAsJsonAsync<ApiUserDetail>())!;
            detail.User.OneTimePassword.ShouldBeTrue();
            detail.User.Roles.Select(r => (r.Role, r.TermId)).ShouldBe([("Teacher", (Guid?)School.TermId)]);
        }

        // Sent again (a retry): the passwords are not shown a second time and nothing more is created.
        (await ProblemOf(await PostBulk(admin, body, 409))).Code.ShouldBe("command.already_done");
        (await AccountsNamedAsync(surname)).Count.ShouldBe(3);
    }

    /// <summary>At the start of a semester the operator pastes the whole staff list again, new teachers among the old: the old ones
    /// are reported as already there, the new ones created in one go, and the same command sent again creates nothing more.</summary>
    [Fact]
    public async Task a_staff_list_sent_again_with_new_teachers_creates_the_new_ones_and_names_the_others_as_skipped()
    {
        var admin = await app.SignInAsync("admin");
        var surname = Surname();
        var lower = surname.ToLowerInvariant();
        var (nip, nip2) = (Nip(), Nip());
        object[] old = [new { displayName = $"Siti {surname}", nip }, new { displayName = $"Budi {surname}", userName = $"budi.{surname}" }];
        var first = (await (await PostBulk(admin, new { commandId = Guid.NewGuid(), termId = School.TermId, users = old }, 200)).ReadAsJsonAsync<UsersCreated>())!;
        var again = new
        {
            commandId = Guid.NewGuid(), termId = School.TermId,
            users = old.Append(new { displayName = $"Rina {surname}", nip = nip2 }).ToArray(),
        };

        var created = (await (await PostBulk(admin, again, 200)).ReadAsJsonAsync<UsersCreated>())!;

        created.Users.Select(u => (u.Row, u.UserName)).ShouldBe([(3, $"rina.{lower}")]);
        created.Skipped.ShouldBe(
        [
            new SkippedRow(1, first.Users[0].UserId, $"siti.{lower}", $"Siti {surname}", RegisterUsersHandler.AlreadyRegistered),
            new SkippedRow(2, first.Users[1].UserId, $"budi.{lower}", $"Budi {surname}", RegisterUsersHandler.AlreadyRegistered),
        ]);
        RegisterUsersHandler.AlreadyRegistered.ShouldBe("user.already_registered");
        (await ProblemOf(await PostBulk(admin, again, 409))).Code.ShouldBe("command.already_done");
        (await AccountsNamedAsync(surname)).Count.ShouldBe(3);

        var nothingNew = (await (await PostBulk(admin, again with { commandId = Guid.NewGuid() }, 200)).ReadAsJsonAsync<UsersCreated>())!;
        nothingNew.Users.ShouldBeEmpty();
        nothingNew.Skipped.Select(s => s.Row).ShouldBe([1, 2, 3]);
        (await AccountsNamedAsync(surname)).Count.ShouldBe(3);
    }

    /// <summary>The same on the page: slips for the new teachers only, and the teachers who already have an account listed as skipped
    /// (not refused: a refusal made the operator delete every old teacher from the list by hand).</summary>
    [Fact]
    public async Task the_operator_pastes_the_staff_list_again_and_gets_slips_for_the_new_teachers_with_the_others_skipped()
    {
        var admin = await app.SignInAsync("admin");
        const string link = "/pengguna/tambah-banyak";
        var surname = Surname();
        var old = $"Rina {surname}\nSari {surname}\n";
        await admin.SubmitAsync(await admin.GetPageAsync(link), "#tambah-banyak", link, new Dictionary<string, string> { ["daftar"] = old }, 200);

        var page = TestBrowser.Parse(await (await admin.SubmitAsync(await admin.GetPageAsync(link), "#tambah-banyak", link,
            new Dictionary<string, string> { ["daftar"] = old + $"Tono {surname}\n" }, 200)).ReadAsTextAsync());

        var lower = surname.ToLowerInvariant();
        page.QuerySelectorAll("[data-slip] [data-user-name]").Select(n => n.TextContent).ShouldBe([$"tono.{lower}"]);
        page.QuerySelectorAll("[data-skipped] li").Select(li => li.TextContent).ShouldBe(
            [$"Baris 1: Rina {surname} (rina.{lower}) sudah ada, dilewati.", $"Baris 2: Sari {surname} (sari.{lower}) sudah ada, dilewati."]);
        (await AccountsNamedAsync(surname)).Count.ShouldBe(3);

        var nothingNew = TestBrowser.Parse(await (await admin.SubmitAsync(await admin.GetPageAsync(link), "#tambah-banyak", link,
            new Dictionary<string, string> { ["daftar"] = old }, 200)).ReadAsTextAsync());
        nothingNew.QuerySelector("[data-slip]").ShouldBeNull();
        nothingNew.QuerySelector("[data-refused]").ShouldBeNull();
        nothingNew.QuerySelector("[data-skipped]")!.TextContent.ShouldContain("Tidak ada pengguna baru");
        nothingNew.QuerySelectorAll("[data-skipped] li").Count.ShouldBe(2);
        (await AccountsNamedAsync(surname)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task another_list_under_a_spent_id_is_refused_as_another_command_and_creates_nobody()
    {
        var admin = await app.SignInAsync("admin");
        var (first, second) = (Surname(), Surname());
        var commandId = Guid.NewGuid();
        await PostBulk(admin, new { commandId, users = new[] { new { displayName = $"Budi {first}" } } }, 200);

        var other = await PostBulk(admin, new { commandId, users = new[] { new { displayName = $"Budi {second}" } } }, 409);

        (await ProblemOf(other)).Code.ShouldBe("command.id_reused");
        (await AccountsNamedAsync(second)).ShouldBeEmpty();
    }

    /// <summary>A double click sends the list twice at once: one answer holds the passwords, the other says it was done already
    /// (not an empty success that would leave the operator without the page of slips, nor a refusal of names the first one
    /// took). The second may arrive at any point of the first, so several rounds, each a little later.</summary>
    [Fact]
    public async Task a_list_sent_twice_at_once_shows_its_passwords_in_one_answer_only()
    {
        var browsers = await Task.WhenAll(app.SignInAsync("admin"), app.SignInAsync("admin"));
        for (var round = 0; round < 24; round++)
        {
            var surname = Surname();
            var body = new { commandId = Guid.NewGuid(), users = new[] { new { displayName = $"Rudi {surname}" }, new { displayName = $"Tuti {surname}" } } };

            var answers = await Task.WhenAll(browsers.Select(async (b, i) =>
            {
                await Task.Delay(i * round * 10);
                return await b.SendAsync(s =>
                {
                    s.Post.Json(body).ToUrl("/api/users/bulk");
                    s.IgnoreStatusCode();
                });
            }));

            answers.Select(a => a.Context.Response.StatusCode).Order().ToArray().ShouldBe([200, 409], $"round {round}");
            var created = await answers.Single(a => a.Context.Response.StatusCode == 200).ReadAsJsonAsync<UsersCreated>();
            created!.Users.Count.ShouldBe(2);
            (await ProblemOf(answers.Single(a => a.Context.Response.StatusCode == 409))).Code.ShouldBe("command.already_done");
            (await AccountsNamedAsync(surname)).Count.ShouldBe(2);
        }
    }

    [Fact]
    public async Task one_bad_row_refuses_the_whole_list_with_each_rows_code_and_stores_nothing()
    {
        var admin = await app.SignInAsync("admin");
        var surname = Surname();
        var before = await app.EventCountAsync();

        var refused = await ProblemOf(await PostBulk(admin, new
        {
            commandId = Guid.NewGuid(), termId = School.TermId,
            users = new object[]
            {
                new { displayName = $"Ani {surname}" },
                new { displayName = $"Ani {surname}", nip = "12ab" },
                new { displayName = $"Dewi {surname}", userName = "guru.mtk" },
            },
        }, 400));

        refused.Code.ShouldBe(AccountsApi.UsersRowInvalid);
        refused.Title.ShouldStartWith("2 baris ditolak; tidak ada pengguna yang dibuat.");
        refused.Errors.Select(e => (e.Code, Row: e.Details!["row"]!.ToString())).ShouldBe(
            [("nip.invalid", "2"), ("displayName.duplicate", "2"), ("user.name_taken", "3")]);
        (await app.EventCountAsync()).ShouldBe(before);
        (await AccountsNamedAsync(surname)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_list_longer_than_the_cap_is_refused_with_its_own_code()
    {
        var admin = await app.SignInAsync("admin");
        var users = Enumerable.Range(1, RegisterUsersHandler.MaxRows + 1).Select(i => new { displayName = $"Guru {Surname()}" }).ToArray();

        var refused = await ProblemOf(await PostBulk(admin, new { commandId = Guid.NewGuid(), users }, 400));

        refused.Code.ShouldBe("users.too_many_rows");
    }

    [Fact]
    public async Task the_operator_pastes_a_list_fixes_the_refused_rows_in_place_and_gets_one_page_of_password_slips()
    {
        var admin = await app.SignInAsync("admin");
        var users = await admin.GetPageAsync("/pengguna");
        var link = users.QuerySelectorAll("a").Single(a => a.TextContent == "Tambah banyak pengguna").GetAttribute("href")!;
        var form = await admin.GetPageAsync(link);
        var surname = Surname();
        var hostile = $"Nama lengkap\tNIP\tNama pengguna\n" +
                      $"Siti O'{surname}, S.Pd.\t{Nip()}\t\n" +
                      $"<script>alert('x')</script>\t\t\n" +
                      $"Budi {surname};;budi.{surname}\n";

        var refusedResult = await admin.SubmitAsync(form, "#tambah-banyak", link,
            new Dictionary<string, string> { ["daftar"] = hostile, ["termId"] = School.TermId.ToString() }, 400);
        var refused = TestBrowser.Parse(await refusedResult.ReadAsTextAsync());

        refused.QuerySelectorAll("[data-refused] li").Select(li => li.TextContent).ShouldHaveSingleItem().ShouldStartWith("Baris 3: Nama lengkap tidak boleh");
        refused.QuerySelector("script:not([src])").ShouldBeNull();
        ((IHtmlTextAreaElement)refused.QuerySelector("#daftar")!).Value.ShouldBe(hostile, StringCompareShould.IgnoreLineEndings);
        (await AccountsNamedAsync(surname)).ShouldBeEmpty();

        var fixedList = hostile.Replace("<script>alert('x')</script>", $"Ni Luh Ayu {surname}");
        var slipsResult = await admin.SubmitAsync(refused, "#tambah-banyak", link, new Dictionary<string, string> { ["daftar"] = fixedList }, 200);
        var html = await slipsResult.ReadAsTextAsync();
        var slips = TestBrowser.Parse(html).QuerySelectorAll("[data-slip]");

        var lower = surname.ToLowerInvariant();
        slips.Select(s => s.QuerySelector("[data-user-name]")!.TextContent).ShouldBe([$"siti.o{lower}", $"ni.luh.ayu.{lower}", $"budi.{lower}"]);
        slips[0].QuerySelector("[data-name]")!.TextContent.ShouldBe($"Siti O'{surname}, S.Pd.");
        html.ShouldNotContain($"O'{surname}"); // the apostrophe is escaped in the page's source
        foreach (var slip in slips)
        {
            slip.TextContent.ShouldContain("SMA Uji Coba");
            slip.QuerySelector("[data-one-time-password]")!.TextContent.Length.ShouldBe(14);
            slip.TextContent.ShouldContain("/masuk");
            // A printed slip's address breaks only between its parts, never inside "masuk" (a teacher types it).
            var address = slip.QuerySelector("[data-sign-in-address]")!;
            address.InnerHtml.ShouldEndWith("/<wbr>masuk");
            address.TextContent.ShouldEndWith("/masuk");
            slip.TextContent.ShouldContain("Ganti kata sandi saat pertama masuk");
        }

        // A reload sends the same form again: refused, and no password is shown a second time.
        var reloaded = await admin.SubmitAsync(refused, "#tambah-banyak", link, new Dictionary<string, string> { ["daftar"] = fixedList }, 409);
        var again = TestBrowser.Parse(await reloaded.ReadAsTextAsync());
        again.QuerySelector("[data-one-time-password]").ShouldBeNull();
        again.QuerySelector("[data-code='command.already_done']").ShouldNotBeNull();
        (await AccountsNamedAsync(surname)).Count.ShouldBe(3);
    }

    /// <summary>A school just started with School:Id has its admin but no school profile yet: nothing has named the school, so its
    /// slips leave the school line out rather than print an empty one above "Akun E-Raport".</summary>
    [Fact]
    public async Task the_slips_of_a_school_without_a_profile_leave_the_school_line_out()
    {
        var schoolId = "sma-tanpa-profil-" + Guid.NewGuid().ToString("N")[..8];
        var adminName = "admin." + schoolId;
        var hasher = app.Service<Microsoft.AspNetCore.Identity.IPasswordHasher<UserAccount>>();
        (await app.SendAsync(new RegisterUser(Guid.NewGuid(), Guid.NewGuid(), adminName, "Admin Baru", null,
            hasher.HashPassword(new UserAccount(), TestSchool.Password), [new RoleGrant(Role.Admin, null, null)],
            Acting.SystemActor(schoolId), ERaport.Write.Common.EntrySource.Seed))).IsAccepted.ShouldBeTrue();
        var admin = await TestBrowser.SignInAsync(app.Host, adminName, TestSchool.Password);
        const string link = "/pengguna/tambah-banyak";
        var form = await admin.GetPageAsync(link);

        var slips = TestBrowser.Parse(await (await admin.SubmitAsync(form, "#tambah-banyak", link,
            new Dictionary<string, string> { ["daftar"] = $"Rina {Surname()}\n" }, 200)).ReadAsTextAsync()).QuerySelectorAll("[data-slip]");

        var slip = slips.ShouldHaveSingleItem();
        slip.QuerySelector(".school").ShouldBeNull();
        slip.QuerySelector("h2")!.TextContent.ShouldBe("Akun E-Raport");
    }

    /// <summary>A reload (or a second click) after the slips were shown: the accounts exist, so the page must not say that none
    /// was made (an operator would paste the list again), it points to the users list, and the form it shows is a new command.</summary>
    [Fact]
    public async Task a_list_sent_again_after_its_slips_says_its_accounts_were_made_not_that_none_was()
    {
        var admin = await app.SignInAsync("admin");
        const string link = "/pengguna/tambah-banyak";
        var form = await admin.GetPageAsync(link);
        var surname = Surname();
        var list = $"Rina {surname}\nSari {surname}\n";

        await admin.SubmitAsync(form, "#tambah-banyak", link, new Dictionary<string, string> { ["daftar"] = list }, 200);
        var again = TestBrowser.Parse(await (await admin.SubmitAsync(form, "#tambah-banyak", link,
            new Dictionary<string, string> { ["daftar"] = list }, 409)).ReadAsTextAsync());

        var refused = again.QuerySelector("[data-refused]")!;
        refused.TextContent.ShouldNotContain("Belum ada pengguna yang dibuat");
        refused.TextContent.ShouldContain("sudah dibuat oleh kiriman pertama");
        refused.QuerySelector("a[href='/pengguna']").ShouldNotBeNull();
        ((IHtmlInputElement)again.QuerySelector("#tambah-banyak input[name=commandId]")!).Value
            .ShouldNotBe(((IHtmlInputElement)form.QuerySelector("#tambah-banyak input[name=commandId]")!).Value);
        (await AccountsNamedAsync(surname)).Count.ShouldBe(2);
    }
}
