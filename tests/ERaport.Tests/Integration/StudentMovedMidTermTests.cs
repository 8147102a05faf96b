using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;

namespace ERaport.Tests.Integration;

/// <summary>A student moved to another class during the term: the scores entered in the old class stay there, and every
/// page where someone would look for them says where they are.</summary>
[Collection(MasterDataCollection.Name)]
public sealed class StudentMovedMidTermTests(MasterDataFixture app)
{
    private const string Api = "/api/master-data";

    private sealed record Move(TestBrowser Admin, Guid Student, Guid From, Guid To, Guid FromGradebook, Guid ToGradebook);

    /// <summary>Classes "{prefix}-A" and "{prefix}-B" of the school's term, each with a Matematika-like gradebook with the
    /// same two TPs unless <paramref name="objectivesOfB"/> says otherwise (B's taught by guru.mtk, A's by
    /// <paramref name="teacherOfA"/>), and Sekar in A with TP1 (Eksponen) 70 and SAS tes 80.</summary>
    private async Task<Move> SekarScoredInClassAAsync(string prefix, string teacherOfA = "guru.mtk", string[]? objectivesOfB = null)
    {
        var admin = await app.SignInAsync("admin");
        var termId = app.School.TermId;
        var from = (await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name = $"{prefix}-A", level = 10, phase = "E" })).Id();
        var to = (await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name = $"{prefix}-B", level = 10, phase = "E" })).Id();
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = $"Matematika {prefix}", code = prefix, group = "Umum", order = 4, isReligion = false, kktp = 70 })).Id();
        async Task<Guid> GradebookOf(Guid classId, string teacher, string[] objectives) => (await admin.PostJsonAsync($"{Api}/teaching-assignments", new
        {
            commandId = Guid.NewGuid(), termId, classId, subjectId, teacherId = app.School.User(teacher).UserId, learningObjectives = objectives,
        })).Id();
        var (fromGradebook, toGradebook) = (await GradebookOf(from, teacherOfA, ["Eksponen", "Barisan"]),
            await GradebookOf(to, "guru.mtk", objectivesOfB ?? ["Eksponen", "Barisan"]));
        var (nisn, nis) = TestSchool.NewStudentNumbers();
        var student = (await admin.PostJsonAsync($"{Api}/students", new { commandId = Guid.NewGuid(), name = "Sekar Ayu", nisn, nis, sex = "P" })).Id();
        await admin.PostJsonAsync($"{Api}/students/{student}/enroll", new { commandId = Guid.NewGuid(), classId = from });
        var teacher = await app.SignInAsync(teacherOfA);
        await teacher.PostJsonAsync($"/api/gradebooks/{fromGradebook}/scores", new
        {
            commandId = Guid.NewGuid(),
            scores = new[] { new { studentId = student, assessment = "tp1", value = 70 }, new { studentId = student, assessment = "sas-tes", value = 80 } },
        });
        await app.CatchUpAsync(); // the scores were saved in the teacher's browser; the admin reads next
        return new Move(admin, student, from, to, fromGradebook, toGradebook);
    }

    /// <summary>The student's page in the fixture's term: other tests of the collection open newer terms, which the page
    /// shows by default.</summary>
    private string StudentPage(Move move, string query = "") => $"/data/siswa/{move.Student}?semester={app.School.TermId}{query}";

    private async Task MoveOnTheStudentPageAsync(Move move)
    {
        var page = await move.Admin.GetPageAsync(StudentPage(move));
        var moved = await move.Admin.SubmitAsync(page, "form:has(select[name=classId])", StudentPage(move),
            new Dictionary<string, string> { ["classId"] = move.To.ToString() });
        moved.Context.Response.StatusCode.ShouldBe(302);
    }

    /// <summary>The move, then the read model caught up with it: teachers and the principal read in browsers of their own,
    /// without the admin's read-your-writes token.</summary>
    private async Task MoveAsync(Move move)
    {
        await MoveOnTheStudentPageAsync(move);
        await app.CatchUpAsync();
    }

    private static string Text(IHtmlDocument page, string selector) =>
        string.Join(" ", (page.QuerySelector(selector)?.TextContent ?? "").Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task the_student_page_says_before_a_move_that_the_scores_stay_in_the_old_class_and_lists_them_after_it()
    {
        var move = await SekarScoredInClassAAsync("PM1");

        var before = await move.Admin.GetPageAsync(StudentPage(move));
        Text(before, "[data-scores-in-class]").ShouldContain("Sekar Ayu sudah memiliki 2 nilai di kelas PM1-A (Matematika PM1)");
        Text(before, "[data-scores-in-class]").ShouldContain("tetap tersimpan di kelas PM1-A");
        before.QuerySelector("[data-left-behind]").ShouldBeNull();

        await MoveOnTheStudentPageAsync(move);

        var after = await move.Admin.GetPageAsync(StudentPage(move, "&selesai=dipindah"));
        Text(after, ".alert.success").ShouldContain("tetap tersimpan di sana");
        after.QuerySelector("[data-scores-in-class]").ShouldBeNull("Sekar has no score in PM1-B yet");
        var row = after.QuerySelectorAll("[data-left-behind] tbody tr").ShouldHaveSingleItem();
        row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ShouldBe(["Matematika PM1", "PM1-A", "TP1 70 · SAS Tes 80"]);
        row.QuerySelector("a").ShouldBeNull("the admin may not open the grid (403), so the subject is no link to it");
    }

    [Fact]
    public async Task a_copied_tp_score_goes_to_the_tp_with_the_same_objective_and_never_to_another_objective_under_the_same_number()
    {
        async Task<(string Note, List<(string? Key, string Label, int Value)> Copy)> EarlierAsync(string prefix, string[] objectivesOfB)
        {
            var move = await SekarScoredInClassAAsync(prefix, objectivesOfB: objectivesOfB);
            await MoveAsync(move);
            var grid = await (await app.SignInAsync("guru.mtk")).GetPageAsync($"/nilai/{move.ToGradebook}");
            var earlier = grid.QuerySelector($"tr[data-student='{move.Student}'] .earlier")!;
            return (Regex.Replace(earlier.TextContent, @"\s+", " ").Trim(), [.. JsonDocument.Parse(earlier.QuerySelector("button[data-copy]")!.GetAttribute("data-copy")!)
                .RootElement.EnumerateArray().Select(c => (c.GetProperty("Key").GetString(), c.GetProperty("Label").GetString()!, c.GetProperty("Value").GetInt32()))]);
        }

        var renumbered = await EarlierAsync("PM5", ["Barisan", "Eksponen"]);
        renumbered.Copy.ShouldBe([("tp2", "TP1", 70), ("sas-tes", "SAS Tes", 80)]);
        renumbered.Note.ShouldStartWith("Nilai di PM5-A sebelum pindah: TP1 70 (di sini TP2) · SAS Tes 80");
        var otherObjective = await EarlierAsync("PM6", ["Logaritma", "Barisan"]);
        otherObjective.Copy.ShouldBe([(null, "TP1", 70), ("sas-tes", "SAS Tes", 80)]);
        otherObjective.Note.ShouldStartWith("Nilai di PM6-A sebelum pindah: TP1 70 (tujuannya tidak ada di sini) · SAS Tes 80");
    }

    [Fact]
    public async Task the_new_class_grid_shows_a_moved_students_earlier_scores_to_copy_and_the_old_class_grid_says_where_they_went()
    {
        var move = await SekarScoredInClassAAsync("PM2", teacherOfA: "guru.bio");
        await MoveAsync(move);
        var teacher = await app.SignInAsync("guru.mtk");

        var grid = await teacher.GetPageAsync($"/nilai/{move.ToGradebook}");
        var row = grid.QuerySelector($"tr[data-student='{move.Student}']")!;
        row.QuerySelectorAll("input.cell").ShouldAllBe(c => string.IsNullOrEmpty(c.GetAttribute("value")), "nothing is copied until the teacher does");
        var earlier = row.QuerySelector(".earlier")!;
        earlier.TextContent.ShouldContain("Nilai di PM2-A sebelum pindah: TP1 70 · SAS Tes 80");
        var copy = JsonDocument.Parse(earlier.QuerySelector("button[data-copy]")!.GetAttribute("data-copy")!).RootElement.EnumerateArray()
            .Select(c => (c.GetProperty("Key").GetString(), c.GetProperty("Value").GetInt32())).ToList();
        copy.ShouldBe([("tp1", 70), ("sas-tes", 80)]);
        earlier.QuerySelector("a").ShouldBeNull("PM2-A's history is for its teacher, its wali kelas and the principal");

        var oldTeacher = await app.SignInAsync("guru.bio");
        var old = await oldTeacher.GetPageAsync($"/nilai/{move.FromGradebook}");
        old.QuerySelector($"tr[data-student='{move.Student}']").ShouldBeNull();
        Text(old, "[data-who-left]").ShouldContain("Sekar Ayu (kini di PM2-B, 2 nilai)");

        // The principal, who may only read, sees the same in the read-only grid, without a copy button.
        var principal = await app.SignInAsync("kepsek");
        var readOnly = await principal.GetPageAsync($"/nilai/{move.ToGradebook}");
        var principalsNote = readOnly.QuerySelectorAll("table.grid .earlier").ShouldHaveSingleItem();
        principalsNote.QuerySelector("button").ShouldBeNull();
        // In a grade dispute the principal goes from the note to who entered those scores in the old class.
        principalsNote.QuerySelector("a")!.GetAttribute("href").ShouldBe($"/riwayat/{move.FromGradebook}/{move.Student}");
        // The class progress page, where the wali kelas and the principal chase what is missing, names her too.
        var progress = await principal.GetPageAsync($"/wali/{move.To}");
        Text(progress, "[data-moved-in]").ShouldBe("Sekar Ayu: nilai di PM2-A untuk Matematika PM2 tetap di kelas itu.");
        (await principal.GetPageAsync($"/wali/{move.From}")).QuerySelector("[data-moved-in]").ShouldBeNull();
    }

    [Fact]
    public async Task a_withdrawn_student_is_named_under_the_grid_of_the_class_that_keeps_their_scores()
    {
        var move = await SekarScoredInClassAAsync("PM3");
        await move.Admin.PostJsonAsync($"{Api}/students/{move.Student}/withdraw", new { commandId = Guid.NewGuid(), classId = move.From, reason = "Pindah sekolah" });
        await app.CatchUpAsync();
        var teacher = await app.SignInAsync("guru.mtk");

        var old = await teacher.GetPageAsync($"/nilai/{move.FromGradebook}");

        Text(old, "[data-who-left]").ShouldContain("Sekar Ayu (keluar, 2 nilai)");
        (await teacher.GetPageAsync($"/nilai/{move.ToGradebook}")).QuerySelector("[data-who-left]").ShouldBeNull();
    }
}
