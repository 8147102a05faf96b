using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace ERaport.Tests.Integration;

[Collection(MasterDataCollection.Name)]
public sealed class CarryOverTermTests(MasterDataFixture app)
{
    private const string Api = "/api/master-data";

    /// <summary>A Ganjil term with one class (wali kelas wali.x1 with the role, two students), default weights 60 : 20 : 20 and
    /// one teaching assignment of guru.bio; and the empty Genap term of the same school year.</summary>
    private async Task<(TestBrowser Admin, Guid Ganjil, Guid Genap, Guid ClassId, string ClassName)> GanjilAndGenapAsync()
    {
        var admin = await app.SignInAsync("admin");
        var year = MasterDataFixture.NewSchoolYear();
        var ganjil = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = year, semester = 1 })).Id();
        await admin.PutJsonAsync($"{Api}/terms/{ganjil}/default-weights", new { commandId = Guid.NewGuid(), slm = 60, sts = 20, sas = 20 });
        var wali = app.School.User("wali.x1").UserId;
        var className = "X-S" + year[..4];
        var classId = (await admin.PostJsonAsync($"{Api}/classes",
            new { commandId = Guid.NewGuid(), termId = ganjil, name = className, level = 10, phase = "E", homeroomTeacherId = wali })).Id();
        foreach (var name in new[] { "Sinta Carry", "Toni Carry" })
        {
            var (nisn, nis) = TestSchool.NewStudentNumbers();
            var studentId = (await admin.PostJsonAsync($"{Api}/students",
                new { commandId = Guid.NewGuid(), name, nisn, nis, sex = "P", birthPlace = "Bandung", birthDate = "2010-02-03", religion = "Islam" })).Id();
            await admin.PostJsonAsync($"{Api}/students/{studentId}/enroll", new { commandId = Guid.NewGuid(), classId });
        }
        var teacher = app.School.User("guru.bio").UserId;
        await admin.PostJsonAsync($"/api/users/{teacher}/roles", new { commandId = Guid.NewGuid(), role = "Teacher", termId = ganjil });
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = "Ekonomi " + year[..4], code = "EK" + year[2..4], group = "Umum", order = 20, isReligion = false, kktp = 72 })).Id();
        await admin.PostJsonAsync($"{Api}/teaching-assignments", new
        {
            commandId = Guid.NewGuid(), termId = ganjil, classId, subjectId, teacherId = teacher, learningObjectives = new[] { "Kelangkaan", "Pasar" },
        });
        var genap = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = year, semester = 2 })).Id();
        return (admin, ganjil, genap, classId, className);
    }

    [Fact]
    public async Task a_genap_term_starts_from_ganjil_with_its_classes_rosters_roles_and_teaching_assignments_and_a_retry_copies_nothing_twice()
    {
        var (admin, ganjil, genap, _, className) = await GanjilAndGenapAsync();
        var command = new { commandId = Guid.NewGuid(), fromTermId = ganjil };

        var result = await admin.PostJsonAsync($"{Api}/terms/{genap}/carry-over", command);
        var again = await admin.PostJsonAsync($"{Api}/terms/{genap}/carry-over", command);

        (result.GetProperty("classes").GetInt32(), result.GetProperty("students").GetInt32(), result.GetProperty("roles").GetInt32(),
            result.GetProperty("teachingAssignments").GetInt32()).ShouldBe((1, 2, 2, 1));
        result.GetProperty("leftOut").GetArrayLength().ShouldBe(0);
        again.GetProperty("classes").GetInt32().ShouldBe(0);
        var carried = (await admin.GetJsonAsync($"{Api}/terms/{genap}/classes")).EnumerateArray().ShouldHaveSingleItem();
        carried.GetProperty("name").GetString().ShouldBe(className);
        carried.GetProperty("students").GetInt32().ShouldBe(2);
        carried.GetProperty("homeroomTeacherName").GetString().ShouldBe("Wali X-1");
        carried.GetProperty("homeroomHasRole").GetBoolean().ShouldBeTrue();
        var assignment = (await admin.GetJsonAsync($"{Api}/teaching-assignments?termId={genap}")).EnumerateArray().ShouldHaveSingleItem();
        assignment.GetProperty("gradebook").GetProperty("teacherName").GetString().ShouldBe("Yuliana Biologi");
        (assignment.GetProperty("scheme").GetProperty("weightSlm").GetInt32(), assignment.GetProperty("scheme").GetProperty("kktp").GetInt32()).ShouldBe((60, 72));
        var weights = await admin.GetJsonAsync($"{Api}/terms/{genap}/default-weights");
        (weights.GetProperty("slm").GetInt32(), weights.GetProperty("sts").GetInt32(), weights.GetProperty("sas").GetInt32()).ShouldBe((60, 20, 20));

        // The roles work: the wali kelas opens the new class's page, the teacher finds the new gradebook with its TPs.
        var newClassId = carried.GetProperty("classId").GetGuid();
        await (await app.SignInAsync("wali.x1")).GetPageAsync($"/wali/{newClassId}");
        var gradebookId = assignment.GetProperty("gradebook").GetProperty("gradebookId").GetGuid();
        var sheet = await (await app.SignInAsync("guru.bio")).GetJsonAsync($"/api/gradebooks/{gradebookId}/scores");
        sheet.GetRawText().ShouldContain("Kelangkaan");
    }

    /// <summary>A wali kelas signed in before the carry-over (her session checks a copy of her account kept for a while,
    /// Accounts:SessionCheckSeconds) opens her new class on her next request.</summary>
    [Fact]
    public async Task a_signed_in_wali_kelas_opens_her_carried_over_class_at_once()
    {
        var (admin, ganjil, genap, classId, _) = await GanjilAndGenapAsync();
        var wali = await app.SignInAsync("wali.x1");
        await app.CatchUpAsync();
        await wali.GetPageAsync($"/wali/{classId}");

        await admin.PostJsonAsync($"{Api}/terms/{genap}/carry-over", new { commandId = Guid.NewGuid(), fromTermId = ganjil });

        var carried = (await admin.GetJsonAsync($"{Api}/terms/{genap}/classes")).EnumerateArray().ShouldHaveSingleItem();
        await wali.GetPageAsync($"/wali/{carried.GetProperty("classId").GetGuid()}");
    }

    [Fact]
    public async Task after_the_carry_over_a_teachers_home_page_shows_the_new_terms_gradebooks_first_and_folds_the_earlier_terms()
    {
        var (admin, ganjil, genap, _, className) = await GanjilAndGenapAsync();
        await admin.PostJsonAsync($"{Api}/terms/{genap}/carry-over", new { commandId = Guid.NewGuid(), fromTermId = ganjil });
        var year = (await admin.GetJsonAsync($"{Api}/terms")).EnumerateArray().Single(t => t.Id("termId") == genap).GetProperty("schoolYear").GetString();

        var home = await (await app.SignInAsync("guru.bio")).GetPageAsync("/");

        // Each term's list in page order, the open one first. Other tests of this collection give guru.bio gradebooks in
        // later school years, so this test's terms may be among the folded ones.
        var open = home.QuerySelector("main > h2")!;
        List<(string Title, IElement List)> sections =
            [(open.TextContent, open.NextElementSibling!), .. home.QuerySelectorAll("details.earlier-term").Select(d => (d.QuerySelector("summary")!.TextContent, (IElement)d))];
        int Index(string semester) => sections.FindIndex(x => x.Title.StartsWith($"Buku nilai {year} {semester}"));
        Index("Ganjil").ShouldBeGreaterThan(Index("Genap"), "the newer term comes first");
        Index("Genap").ShouldBeGreaterThanOrEqualTo(0);
        foreach (var semester in new[] { "Genap", "Ganjil" })
            sections[Index(semester)].List.QuerySelectorAll("tbody tr").Count(r => r.TextContent.Contains(className)).ShouldBe(1, semester);
    }

    [Fact]
    public async Task a_new_school_years_ganjil_starts_from_last_years_ganjil_with_its_classes_roles_and_assignments_but_no_students()
    {
        var (admin, ganjil, _, _, className) = await GanjilAndGenapAsync();
        var year = (await admin.GetJsonAsync($"{Api}/terms")).EnumerateArray().Single(t => t.Id("termId") == ganjil).GetProperty("schoolYear").GetString()!;
        // Tests of a collection run one after another, so the next school year is this test's too.
        var next = MasterDataFixture.NewSchoolYear();
        next.ShouldStartWith($"{int.Parse(year[..4]) + 1}/");
        var nextGanjil = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = next, semester = 1 })).Id();

        var offer = (await admin.GetPageAsync("/data/semester")).QuerySelector($"[data-carry-over-offer='{nextGanjil}']")!;
        var result = await admin.PostJsonAsync($"{Api}/terms/{nextGanjil}/carry-over", new { commandId = Guid.NewGuid(), fromTermId = ganjil });

        Regex.Replace(offer.TextContent, @"\s+", " ").ShouldContain($"Salin dari {year} Ganjil: 1 kelas dengan wali kelas (tanpa peserta didik");
        (result.GetProperty("classes").GetInt32(), result.GetProperty("students").GetInt32(), result.GetProperty("roles").GetInt32(),
            result.GetProperty("teachingAssignments").GetInt32()).ShouldBe((1, 0, 2, 1));
        result.GetProperty("leftOut").EnumerateArray().ShouldHaveSingleItem().GetString().ShouldNotBeNull().ShouldContain("Impor peserta didik dari Dapodik");
        var carried = (await admin.GetJsonAsync($"{Api}/terms/{nextGanjil}/classes")).EnumerateArray().ShouldHaveSingleItem();
        (carried.GetProperty("name").GetString(), carried.GetProperty("students").GetInt32()).ShouldBe((className, 0));
    }

    [Fact]
    public async Task a_school_whose_first_term_was_a_genap_starts_the_next_years_ganjil_from_it_on_the_terms_page()
    {
        var admin = await app.SignInAsync("admin");
        var year = MasterDataFixture.NewSchoolYear();
        var genap = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = year, semester = 2 })).Id();
        var teacher = app.School.User("guru.bio").UserId;
        await admin.PostJsonAsync($"/api/users/{teacher}/roles", new { commandId = Guid.NewGuid(), role = "Teacher", termId = genap });
        var classId = (await admin.PostJsonAsync($"{Api}/classes",
            new { commandId = Guid.NewGuid(), termId = genap, name = "XI-G" + year[..4], level = 11, phase = "F", homeroomTeacherId = teacher })).Id();
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = "Sosiologi " + year[..4], code = "SO" + year[2..4], group = "Umum", order = 21, isReligion = false, kktp = 70 })).Id();
        await admin.PostJsonAsync($"{Api}/teaching-assignments",
            new { commandId = Guid.NewGuid(), termId = genap, classId, subjectId, teacherId = teacher, learningObjectives = new[] { "Konflik sosial" } });
        var next = MasterDataFixture.NewSchoolYear();
        var ganjil = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = next, semester = 1 })).Id();

        var page = await admin.GetPageAsync("/data/semester");
        var offer = page.QuerySelector($"[data-carry-over-offer='{ganjil}']").ShouldNotBeNull("no way to start the new school year from the Genap just ended");
        Regex.Replace(offer.TextContent, @"\s+", " ").ShouldContain($"Mulai {next} Ganjil dari {year} Genap");
        var answer = await admin.SubmitAsync(page, $"[data-carry-over-offer='{ganjil}'] form", "/data/semester", new Dictionary<string, string>(), 200);

        var after = TestBrowser.Parse(await answer.ReadAsTextAsync());
        Regex.Replace(after.QuerySelector($"[data-carried-over='{ganjil}']")!.TextContent, @"\s+", " ")
            .ShouldContain("1 kelas, 0 peserta didik, 2 peran dan 1 pembelajaran disalin.", customMessage: "guru and the new class's wali kelas");
        after.QuerySelector("[data-left-out]")!.TextContent.ShouldContain("TP tidak disalin: TP semester Genap bukan untuk semester Ganjil.");
        var assignment = (await admin.GetJsonAsync($"{Api}/teaching-assignments?termId={ganjil}")).EnumerateArray().ShouldHaveSingleItem();
        assignment.GetProperty("gradebook").GetProperty("teacherName").GetString().ShouldBe("Yuliana Biologi");
    }

    [Fact]
    public async Task two_admins_carrying_over_at_the_same_moment_fill_the_term_once()
    {
        var (admin, ganjil, genap, _, _) = await GanjilAndGenapAsync();
        var other = await app.SignInAsync("admin");

        var answers = await Task.WhenAll(new[] { admin, other, admin, other }.Select(async browser =>
            (await browser.SendAsync(s =>
            {
                s.Post.Json(new { commandId = Guid.NewGuid(), fromTermId = ganjil }).ToUrl($"{Api}/terms/{genap}/carry-over");
                s.IgnoreStatusCode();
            })).Context.Response.StatusCode));

        answers.Order().ShouldBe([200, 409, 409, 409]);
        // The accepted request may be the other admin's, whose read-your-writes token this browser does not carry.
        await app.CatchUpAsync();
        var classes = (await admin.GetJsonAsync($"{Api}/terms/{genap}/classes")).EnumerateArray().ShouldHaveSingleItem();
        classes.GetProperty("students").GetInt32().ShouldBe(2);
        (await admin.GetJsonAsync($"{Api}/teaching-assignments?termId={genap}")).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task a_term_that_already_has_classes_or_the_wrong_pair_of_terms_is_refused_with_nothing_stored()
    {
        var (admin, ganjil, genap, _, _) = await GanjilAndGenapAsync();
        await admin.PostJsonAsync($"{Api}/terms/{genap}/carry-over", new { commandId = Guid.NewGuid(), fromTermId = ganjil });

        var twice = await admin.PostJsonAsync($"{Api}/terms/{genap}/carry-over", new { commandId = Guid.NewGuid(), fromTermId = ganjil }, 409);
        var backwards = await admin.PostJsonAsync($"{Api}/terms/{ganjil}/carry-over", new { commandId = Guid.NewGuid(), fromTermId = genap }, 400);
        var unknown = await admin.PostJsonAsync($"{Api}/terms/{genap}/carry-over", new { commandId = Guid.NewGuid(), fromTermId = Guid.NewGuid() }, 404);
        await (await app.SignInAsync("guru.bio")).PostJsonAsync($"{Api}/terms/{genap}/carry-over", new { commandId = Guid.NewGuid(), fromTermId = ganjil }, 403);

        twice.GetProperty("code").GetString().ShouldBe("carryOver.term_not_empty");
        backwards.GetProperty("code").GetString().ShouldBe("carryOver.not_next_semester");
        unknown.GetProperty("code").GetString().ShouldBe("carryOver.source_not_found");
        (await admin.GetJsonAsync($"{Api}/terms/{genap}/classes")).GetArrayLength().ShouldBe(1);
        (await admin.GetJsonAsync($"{Api}/terms/{ganjil}/classes")).GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task the_terms_page_offers_the_carry_over_for_an_empty_genap_and_shows_what_was_copied()
    {
        var (admin, _, genap, _, _) = await GanjilAndGenapAsync();
        var page = await admin.GetPageAsync("/data/semester");
        var offer = page.QuerySelector($"[data-carry-over-offer='{genap}']")!;
        Regex.Replace(offer.TextContent, @"\s+", " ").ShouldContain("1 kelas dengan wali kelas dan 2 peserta didik");

        var answer = await admin.SubmitAsync(page, $"[data-carry-over-offer='{genap}'] form", "/data/semester", new Dictionary<string, string>(), 200);

        var after = TestBrowser.Parse(await answer.ReadAsTextAsync());
        Regex.Replace(after.QuerySelector($"[data-carried-over='{genap}']")!.TextContent, @"\s+", " ")
            .ShouldContain("1 kelas, 2 peserta didik, 2 peran dan 1 pembelajaran disalin.");
        after.QuerySelector($"[data-carry-over-offer='{genap}']").ShouldBeNull();
        after.QuerySelector("[data-left-out]").ShouldBeNull();
    }

    [Fact]
    public async Task an_assignment_whose_teacher_is_disabled_is_left_out_and_the_page_names_it()
    {
        var (admin, _, genap, _, className) = await GanjilAndGenapAsync();
        var teacher = app.School.User("guru.bio").UserId;
        await admin.PostJsonAsync($"/api/users/{teacher}/disable", new { commandId = Guid.NewGuid() });
        try
        {
            var page = await admin.GetPageAsync("/data/semester");
            var answer = await admin.SubmitAsync(page, $"[data-carry-over-offer='{genap}'] form", "/data/semester", new Dictionary<string, string>(), 200);

            var leftOut = TestBrowser.Parse(await answer.ReadAsTextAsync()).QuerySelector("[data-left-out]")!;
            leftOut.TextContent.ShouldContain($"Pembelajaran Ekonomi {className[3..]} {className} tidak disalin: Yuliana Biologi tidak aktif.");
            (await admin.GetJsonAsync($"{Api}/teaching-assignments?termId={genap}")).GetArrayLength().ShouldBe(0);
        }
        finally
        {
            await admin.PostJsonAsync($"/api/users/{teacher}/enable", new { commandId = Guid.NewGuid() });
        }
    }
}
