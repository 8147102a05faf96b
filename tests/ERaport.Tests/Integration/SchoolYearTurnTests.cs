namespace ERaport.Tests.Integration;

/// <summary>After the school year turns, last year's records stay answerable: every year has its own "X-1", and a
/// principal settling a dispute about last year's grade must see which year a change belongs to.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class SchoolYearTurnTests(MasterDataFixture app)
{
    private const string Api = "/api/master-data";

    /// <summary>A retained student: in class <paramref name="className"/> of one year's Genap and again in the class of the same
    /// name in the next year's Ganjil, with a Matematika score in each.</summary>
    private async Task<(string Genap, string Ganjil, string Nisn, List<Guid> Terms)> SameClassNameTwoYearsAsync(string className)
    {
        var admin = await app.SignInAsync("admin");
        var teacherId = app.School.User("guru.mtk").UserId;
        var principalId = app.School.User("kepsek").UserId;
        var subjectId = (await admin.GetJsonAsync($"{Api}/subjects")).EnumerateArray().First().Id("subjectId");
        var (nisn, nis) = TestSchool.NewStudentNumbers();
        var studentId = (await admin.PostJsonAsync($"{Api}/students",
            new { commandId = Guid.NewGuid(), name = "Rafi Tinggal", nisn, nis, sex = "L", birthPlace = "Garut", birthDate = "2010-05-06", religion = "Islam" })).Id();
        var years = new List<string>();
        var terms = new List<Guid>();
        foreach (var (semester, score) in new[] { (2, 61), (1, 74) })
        {
            var year = MasterDataFixture.NewSchoolYear();
            years.Add($"{year} {(semester == 1 ? "Ganjil" : "Genap")}");
            var termId = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = year, semester })).Id();
            terms.Add(termId);
            await admin.PostJsonAsync($"/api/users/{teacherId}/roles", new { commandId = Guid.NewGuid(), role = "Teacher", termId });
            await admin.PostJsonAsync($"/api/users/{principalId}/roles", new { commandId = Guid.NewGuid(), role = "Principal", termId });
            var classId = (await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name = className, level = 10, phase = "E" })).Id();
            await admin.PostJsonAsync($"{Api}/students/{studentId}/enroll", new { commandId = Guid.NewGuid(), classId });
            var gradebook = (await admin.PostJsonAsync($"{Api}/teaching-assignments",
                new { commandId = Guid.NewGuid(), termId, classId, subjectId, teacherId, learningObjectives = new[] { "Bilangan" } })).Id();
            await app.CatchUpAsync();
            await (await app.SignInAsync("guru.mtk")).PostJsonAsync($"/api/gradebooks/{gradebook}/scores",
                new { commandId = Guid.NewGuid(), scores = new[] { new { studentId, assessment = "tp1", value = score } } });
        }
        await app.CatchUpAsync();
        return (years[0], years[1], nisn, terms);
    }

    [Fact]
    public async Task the_history_explorer_and_its_csv_name_the_term_of_each_change_when_two_years_have_a_class_of_the_same_name()
    {
        var (genap, ganjil, nisn, terms) = await SameClassNameTwoYearsAsync("YT-1");
        try
        {
            await ExplorerNamesTermsAsync(genap, ganjil, nisn);
        }
        finally
        {
            // The principal's home page shows her newest term: later tests of the collection expect the fixture's.
            var admin = await app.SignInAsync("admin");
            foreach (var termId in terms)
                await admin.PostJsonAsync($"/api/users/{app.School.User("kepsek").UserId}/roles/revoke",
                    new { commandId = Guid.NewGuid(), role = "Principal", termId });
        }
    }

    private async Task ExplorerNamesTermsAsync(string genap, string ganjil, string nisn)
    {
        var principal = await app.SignInAsync("kepsek");

        var explorer = await principal.GetPageAsync($"/audit?Nisn={nisn}");
        var rows = explorer.QuerySelectorAll("table.explorer tbody tr")
            .Select(r => r.QuerySelector("[data-label='Kelas · mapel']")!.TextContent.Trim()).ToList();
        var lastYearsHistory = explorer.QuerySelectorAll("table.explorer tbody tr").First(r => r.TextContent.Contains(genap))
            .QuerySelector("a[href^='/riwayat/']")!.GetAttribute("href")!;
        var csv = (await (await principal.SendAsync(s => s.Get.Url($"/api/audit/changes.csv?Nisn={nisn}"))).ReadAsTextAsync())
            .TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);

        rows.Count(r => r.Contains("YT-1") && r.Contains(genap)).ShouldBeGreaterThan(0, string.Join(" | ", rows));
        rows.Count(r => r.Contains("YT-1") && r.Contains(ganjil)).ShouldBeGreaterThan(0, string.Join(" | ", rows));
        // The student's own history of that gradebook says which year it is too.
        (await principal.GetPageAsync(lastYearsHistory)).QuerySelector("main p.muted")!.TextContent.ShouldContain($"YT-1 · {genap}");
        csv[0].ShouldStartWith("Waktu;Kelas;Mata pelajaran;Nama;NISN");
        csv[0].ShouldEndWith(";Semester");
        csv.Skip(1).Count(l => l.Contains(";61;") && l.TrimEnd('\r').EndsWith(";" + genap)).ShouldBe(1);
        csv.Skip(1).Count(l => l.Contains(";74;") && l.TrimEnd('\r').EndsWith(";" + ganjil)).ShouldBe(1);
    }

    /// <summary>A Genap with class {prefix}-10 (Nia promoted, Tia retained) and {prefix}-12 (Lia graduated), and the next year's empty
    /// Ganjil with the classes {prefix}-10 and {prefix}-11.</summary>
    private async Task<(string Year, Guid Ganjil, Guid Ten, Guid Eleven, (Guid Naik, Guid Tinggal, Guid Lulus) Students)> LastYearDecidedAsync(string prefix)
    {
        var admin = await app.SignInAsync("admin");
        var year = MasterDataFixture.NewSchoolYear();
        var genap = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = year, semester = 2 })).Id();
        var waliId = app.School.User("wali.x1").UserId;
        var ten = (await admin.PostJsonAsync($"{Api}/classes",
            new { commandId = Guid.NewGuid(), termId = genap, name = $"{prefix}-10", level = 10, phase = "E", homeroomTeacherId = waliId })).Id();
        var twelve = (await admin.PostJsonAsync($"{Api}/classes",
            new { commandId = Guid.NewGuid(), termId = genap, name = $"{prefix}-12", level = 12, phase = "F", homeroomTeacherId = waliId })).Id();
        async Task<Guid> StudentAsync(string name, Guid classId)
        {
            var (nisn, nis) = TestSchool.NewStudentNumbers();
            var id = (await admin.PostJsonAsync($"{Api}/students",
                new { commandId = Guid.NewGuid(), name, nisn, nis, sex = "P", birthPlace = "Garut", birthDate = "2009-05-06", religion = "Islam" })).Id();
            await admin.PostJsonAsync($"{Api}/students/{id}/enroll", new { commandId = Guid.NewGuid(), classId });
            return id;
        }
        var (naik, tinggal, lulus) = (await StudentAsync($"Nia Naik {prefix}", ten), await StudentAsync($"Tia Tinggal {prefix}", ten), await StudentAsync($"Lia Lulus {prefix}", twelve));
        await app.CatchUpAsync();
        var wali = await app.SignInAsync("wali.x1");
        await wali.PostJsonAsync($"/api/homeroom/classes/{ten}/promotions", new
        {
            commandId = Guid.NewGuid(), entries = new[] { new { studentId = naik, kind = "promoted" }, new { studentId = tinggal, kind = "retained" } },
        });
        await wali.PostJsonAsync($"/api/homeroom/classes/{twelve}/promotions", new
        {
            commandId = Guid.NewGuid(), entries = new[] { new { studentId = lulus, kind = "graduated" } },
        });
        var next = MasterDataFixture.NewSchoolYear();
        var ganjil = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = next, semester = 1 })).Id();
        var newTen = (await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId = ganjil, name = $"{prefix}-10", level = 10, phase = "E" })).Id();
        var eleven = (await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId = ganjil, name = $"{prefix}-11", level = 11, phase = "F" })).Id();
        await app.CatchUpAsync();
        return (year, ganjil, newTen, eleven, (naik, tinggal, lulus));
    }

    private static string Text(AngleSharp.Dom.IElement e) => System.Text.RegularExpressions.Regex.Replace(e.TextContent, @"\s+", " ");

    /// <summary>The new year's student list says who of last year's classes, not graduated, is in no class yet (a student the
    /// Dapodik file left out gets no rapor), and the list of students without a class names each one's class and keputusan there.</summary>
    [Fact]
    public async Task the_new_years_student_list_names_last_years_students_not_yet_placed_and_their_keputusan()
    {
        var (year, ganjil, _, _, _) = await LastYearDecidedAsync("YU");
        var admin = await app.SignInAsync("admin");

        var list = await admin.GetPageAsync($"/data/siswa?semester={ganjil}");
        var unplaced = await admin.GetPageAsync($"/data/siswa?semester={ganjil}&kelas=tanpa");

        var notice = list.QuerySelector("[data-not-placed]").ShouldNotBeNull("nothing tells the admin that last year's students have no class");
        Text(notice).ShouldContain($"2 peserta didik kelas {year} Genap yang tidak tercatat lulus belum punya kelas di semester ini");
        string Row(string name) => Text(unplaced.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains(name)));
        Row("Nia Naik YU").ShouldContain("YU-10 · Naik ke kelas XI");
        Row("Tia Tinggal YU").ShouldContain("YU-10 · Tinggal di kelas X");
        Row("Lia Lulus YU").ShouldContain("YU-12 · Lulus");
        // The admin's home page, where the operator looks first, says it too (this test's term is the school's newest).
        Text((await admin.GetPageAsync("/")).QuerySelector("[data-setup-gaps]").ShouldNotBeNull())
            .ShouldContain($"2 peserta didik kelas {year} Genap belum punya kelas");
    }

    /// <summary>Dapodik's rombel (or a move by hand) that contradicts the wali kelas's keputusan: a retained student in the next
    /// level, a promoted one left in hers, a graduate in a class again. Each is named, so the admin checks it before rapor are written.</summary>
    [Fact]
    public async Task the_new_years_student_list_names_placements_that_contradict_last_years_keputusan()
    {
        var (year, ganjil, ten, eleven, (naik, tinggal, lulus)) = await LastYearDecidedAsync("YV");
        var admin = await app.SignInAsync("admin");
        await admin.PostJsonAsync($"{Api}/students/{naik}/enroll", new { commandId = Guid.NewGuid(), classId = ten });
        await admin.PostJsonAsync($"{Api}/students/{tinggal}/enroll", new { commandId = Guid.NewGuid(), classId = eleven });
        await admin.PostJsonAsync($"{Api}/students/{lulus}/enroll", new { commandId = Guid.NewGuid(), classId = eleven });

        var list = await admin.GetPageAsync($"/data/siswa?semester={ganjil}");

        var notice = list.QuerySelector("[data-against-keputusan]").ShouldNotBeNull("a placement against the keputusan passes unnoticed");
        Text(notice).ShouldContain($"3 peserta didik ditempatkan tidak sesuai keputusan {year} Genap");
        var lines = notice.QuerySelectorAll("li").Select(Text).ToList();
        lines.ShouldContain(l => l.Contains("Nia Naik YV") && l.Contains("Naik ke kelas XI") && l.Contains("sekarang di YV-10"));
        lines.ShouldContain(l => l.Contains("Tia Tinggal YV") && l.Contains("Tinggal di kelas X") && l.Contains("sekarang di YV-11"));
        lines.ShouldContain(l => l.Contains("Lia Lulus YV") && l.Contains("Lulus") && l.Contains("sekarang di YV-11"));
        list.QuerySelector("[data-not-placed]").ShouldBeNull();
        Text((await admin.GetPageAsync("/")).QuerySelector("[data-setup-gaps]").ShouldNotBeNull())
            .ShouldContain($"3 peserta didik ditempatkan tidak sesuai keputusan {year} Genap");
    }
}
