using System.Text.RegularExpressions;

namespace ERaport.Tests.Integration;

/// <summary>Its own app: the school becomes a four-year SMK, whose class XII is no longer the last year, which every other
/// collection's school (a three-year SMA) must not see.</summary>
public sealed class FourYearSmkFixture : AppFixture;

[CollectionDefinition(Name)]
public sealed class FourYearSmkCollection : ICollectionFixture<FourYearSmkFixture>
{
    public const string Name = "four-year-smk";
}

/// <summary>An SMK whose program lasts four years (program 4 tahun): class XII moves up to XIII, and XIII graduates.</summary>
[Collection(FourYearSmkCollection.Name)]
public sealed class FourYearSmkTests(FourYearSmkFixture app)
{
    private const string Api = "/api/master-data";
    private const string SmkName = "SMK Negeri 4 Uji";
    private static int _year = 2400;

    /// <summary>A school year of this school no other test uses, and the one after it (the fixture's school is its own).</summary>
    private static (string Year, string Next) NewSchoolYears()
    {
        var year = Interlocked.Add(ref _year, 2) - 1;
        return ($"{year}/{year + 1}", $"{year + 1}/{year + 2}");
    }

    private static object Profile(string name, int? programYears) => new
    {
        commandId = Guid.NewGuid(), name, npsn = "12345678", address = "Jl. Uji No. 1", city = "Kota Uji", principalName = "Kepala Uji", programYears,
    };

    private async Task FourYearsAsync()
    {
        await (await app.SignInAsync("admin")).PutJsonAsync($"{Api}/school", Profile(SmkName, 4));
        await app.CatchUpAsync();
    }

    private static string Text(AngleSharp.Dom.IElement e) => Regex.Replace(e.TextContent, @"\s+", " ").Trim();

    /// <summary>A term of a school year no other test uses, with class <paramref name="name"/> of tingkat <paramref name="level"/>
    /// (wali kelas wali.x1) and the students named.</summary>
    private async Task<(Guid Term, Guid Class, List<Guid> Students)> ClassAsync(string schoolYear, int semester, string name, int level, params string[] students)
    {
        var admin = await app.SignInAsync("admin");
        var termId = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear, semester })).Id();
        var classId = (await admin.PostJsonAsync($"{Api}/classes", new
        {
            commandId = Guid.NewGuid(), termId, name, level, phase = "", homeroomTeacherId = app.School.User("wali.x1").UserId,
        })).Id();
        var ids = new List<Guid>();
        foreach (var student in students)
        {
            var (nisn, nis) = TestSchool.NewStudentNumbers();
            var id = (await admin.PostJsonAsync($"{Api}/students",
                new { commandId = Guid.NewGuid(), name = student, nisn, nis, sex = "L", birthPlace = "Garut", birthDate = "2008-05-06", religion = "Islam" })).Id();
            await admin.PostJsonAsync($"{Api}/students/{id}/enroll", new { commandId = Guid.NewGuid(), classId });
            ids.Add(id);
        }
        await app.CatchUpAsync();
        return (termId, classId, ids);
    }

    private static object Promotions(params (Guid Student, string Kind)[] entries) =>
        new { commandId = Guid.NewGuid(), entries = entries.Select(e => new { studentId = e.Student, kind = e.Kind }).ToArray() };

    [Fact]
    public async Task an_smk_says_on_its_profile_that_its_program_lasts_four_years_and_only_then_opens_class_xiii()
    {
        var admin = await app.SignInAsync("admin");
        await admin.PutJsonAsync($"{Api}/school", Profile("SMA Uji Coba", null));
        await app.CatchUpAsync();
        var termId = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = NewSchoolYears().Year, semester = 1 })).Id();
        object XiiiClass() => new { commandId = Guid.NewGuid(), termId, name = "XIII TKJ 1", level = 13, phase = "" };

        // Without the four-year program there is no class XIII, and an SMA cannot have the program.
        (await admin.PostJsonAsync($"{Api}/classes", XiiiClass(), 400)).GetProperty("code").GetString().ShouldBe("level.four_year_program_only");
        var before = await app.EventCountAsync();
        var refused = await admin.SubmitAsync(await admin.GetPageAsync("/data/sekolah"), "form.stack", "/data/sekolah",
            new Dictionary<string, string> { ["programYears"] = "4" }, status: 400);
        Text(TestBrowser.Parse(await refused.ReadAsTextAsync()).QuerySelector("[data-code='programYears.smk_only']").ShouldNotBeNull())
            .ShouldContain("hanya untuk SMK");
        (await app.EventCountAsync()).ShouldBe(before);

        var page = await admin.GetPageAsync("/data/sekolah");
        Text(page.QuerySelector("label[for=programYears]").ShouldNotBeNull()).ShouldStartWith("Lama pendidikan");
        page.QuerySelector("#programYears option[selected]")!.GetAttribute("value").ShouldBe("3");
        (await admin.SubmitAsync(page, "form.stack", "/data/sekolah", new Dictionary<string, string> { ["name"] = SmkName, ["programYears"] = "4" }))
            .Context.Response.StatusCode.ShouldBe(302);
        var saved = await admin.GetPageAsync("/data/sekolah?selesai=diubah");
        Text(saved.QuerySelector("#programYears option[selected]").ShouldNotBeNull()).ShouldBe("4 tahun (ada kelas XIII)");
        (await admin.GetJsonAsync($"{Api}/school")).GetProperty("programYears").GetInt32().ShouldBe(4);

        await admin.PostJsonAsync($"{Api}/classes", XiiiClass());
    }

    [Fact]
    public async Task a_four_year_smks_class_xii_moves_up_to_xiii_or_stays_and_the_new_year_places_them_so()
    {
        await FourYearsAsync();
        var (year, next) = NewSchoolYears();
        var (genap, twelve, students) = await ClassAsync(year, 2, "XII TKJ 1", 12, "Raka Naik", "Sari Tinggal");
        var (naik, tinggal) = (students[0], students[1]);
        var wali = await app.SignInAsync("wali.x1");

        (await wali.PostJsonAsync($"/api/homeroom/classes/{twelve}/promotions", Promotions((naik, "graduated")), 400))
            .GetProperty("code").GetString().ShouldBe("promotion.kind_invalid");
        var page = await wali.GetPageAsync($"/wali/{twelve}/kenaikan");
        page.QuerySelector("h1")!.TextContent.ShouldStartWith("Kenaikan kelas");
        page.QuerySelectorAll("select option").Select(o => o.TextContent.Trim()).Distinct()
            .ShouldBe(["– belum diputuskan –", "Naik ke kelas XIII", "Tinggal di kelas XII"]);
        await wali.PostJsonAsync($"/api/homeroom/classes/{twelve}/promotions", Promotions((naik, "promoted"), (tinggal, "retained")));
        await app.CatchUpAsync();
        Text((await wali.GetPageAsync($"/rapor/{twelve}/{naik}")).QuerySelector("main").ShouldNotBeNull()).ShouldContain("Keputusan Naik ke kelas XIII");

        // The new school year: last year's classes carried over by name, class XIII opened, Dapodik (here: by hand) puts both
        // students in XIII. Only the one who stays in XII is named as placed against the keputusan.
        var admin = await app.SignInAsync("admin");
        var ganjil = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = next, semester = 1 })).Id();
        await admin.PostJsonAsync($"{Api}/terms/{ganjil}/carry-over", new { commandId = Guid.NewGuid(), fromTermId = genap });
        var thirteen = (await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId = ganjil, name = "XIII TKJ 1", level = 13, phase = "" })).Id();
        await app.CatchUpAsync();
        var offered = await admin.GetPageAsync($"/data/kelas/{thirteen}");
        Text(offered.QuerySelector("main").ShouldNotBeNull()).ShouldContain("Semester lalu di tingkat 12");
        foreach (var student in students)
            await admin.PostJsonAsync($"{Api}/students/{student}/enroll", new { commandId = Guid.NewGuid(), classId = thirteen });
        await app.CatchUpAsync();

        var notice = (await admin.GetPageAsync($"/data/siswa?semester={ganjil}")).QuerySelector("[data-against-keputusan]")
            .ShouldNotBeNull("a retained student in class XIII passes unnoticed");
        var lines = notice.QuerySelectorAll("li").Select(Text).ToList();
        lines.ShouldHaveSingleItem().ShouldContain("Sari Tinggal");
        lines[0].ShouldContain("Tinggal di kelas XII");
        lines[0].ShouldContain("sekarang di XIII TKJ 1");
    }

    /// <summary>The program set back to 3 years (chosen by mistake, or ended): XII's "Naik ke kelas XIII" is no longer a choice of the page,
    /// which must still show it, so that saving the other students' keputusan does not withdraw it.</summary>
    [Fact]
    public async Task a_keputusan_no_longer_offered_stays_on_the_page_and_saving_the_others_keeps_it()
    {
        await FourYearsAsync();
        var (_, twelve, students) = await ClassAsync(NewSchoolYears().Year, 2, "XII TKJ 3", 12, "Fajar Naik", "Gita Lulus");
        var wali = await app.SignInAsync("wali.x1");
        await wali.PostJsonAsync($"/api/homeroom/classes/{twelve}/promotions", Promotions((students[0], "promoted")));
        await (await app.SignInAsync("admin")).PutJsonAsync($"{Api}/school", Profile(SmkName, 3));
        await app.CatchUpAsync();
        var url = $"/wali/{twelve}/kenaikan";

        var page = await wali.GetPageAsync(url);
        page.QuerySelector("h1")!.TextContent.ShouldStartWith("Kelulusan");
        Text(page.QuerySelector($"select[name='p|{students[0]}'] option[selected]").ShouldNotBeNull()).ShouldBe("Naik ke kelas XIII");
        (await wali.SubmitAsync(page, "form[data-form=kenaikan]", url, new Dictionary<string, string> { [$"p|{students[1]}"] = "graduated" }))
            .Context.Response.StatusCode.ShouldBe(302);
        await app.CatchUpAsync();

        var saved = await wali.GetPageAsync(url);
        Text(saved.QuerySelector($"select[name='p|{students[0]}'] option[selected]").ShouldNotBeNull()).ShouldBe("Naik ke kelas XIII");
        Text(saved.QuerySelector($"select[name='p|{students[1]}'] option[selected]").ShouldNotBeNull()).ShouldBe("Lulus");
    }

    [Fact]
    public async Task a_four_year_smks_class_xiii_graduates()
    {
        await FourYearsAsync();
        var (_, thirteen, students) = await ClassAsync(NewSchoolYears().Year, 2, "XIII TKJ 2", 13, "Dewi Lulus", "Eko Belum");
        var wali = await app.SignInAsync("wali.x1");

        (await wali.PostJsonAsync($"/api/homeroom/classes/{thirteen}/promotions", Promotions((students[0], "promoted")), 400))
            .GetProperty("code").GetString().ShouldBe("promotion.kind_invalid");
        var page = await wali.GetPageAsync($"/wali/{thirteen}/kenaikan");
        page.QuerySelector("h1")!.TextContent.ShouldStartWith("Kelulusan");
        await wali.PostJsonAsync($"/api/homeroom/classes/{thirteen}/promotions", Promotions((students[0], "graduated"), (students[1], "not_graduated")));
        await app.CatchUpAsync();

        Text((await wali.GetPageAsync($"/rapor/{thirteen}/{students[0]}")).QuerySelector("main").ShouldNotBeNull()).ShouldContain("Keputusan Lulus");
        Text((await wali.GetPageAsync($"/rapor/{thirteen}/{students[1]}")).QuerySelector("main").ShouldNotBeNull()).ShouldContain("Keputusan Tidak Lulus");
    }
}
