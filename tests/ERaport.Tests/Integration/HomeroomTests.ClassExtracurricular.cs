using ERaport.Read.ReportCards;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;

namespace ERaport.Tests.Integration;

/// <summary>One extracurricular (Pramuka) for the whole class in one save, through the API and the page.</summary>
public sealed partial class HomeroomTests
{
    private static object ForClass(Guid commandId, string activity, string? description, params object[] participants) =>
        new { commandId, activity, predicate = "Baik", description, participants };

    [Fact]
    public async Task an_activity_entered_for_the_class_twice_with_one_command_id_is_one_line_on_each_students_card()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var body = ForClass(Guid.NewGuid(), "Pramuka", "Aktif mengikuti latihan rutin",
            new { studentId = c.Students[0] }, new { studentId = c.Students[1], predicate = "Sangat Baik" }, new { studentId = c.Students[2] });

        var first = await wali.PostJsonAsync(Api(c, "/extracurriculars"), body);
        var again = await wali.PostJsonAsync(Api(c, "/extracurriculars"), body);

        first.GetProperty("changes").GetInt32().ShouldBe(3);
        again.GetProperty("sequence").GetInt64().ShouldBe(first.GetProperty("sequence").GetInt64());
        foreach (var student in c.Students)
            (await app.EventsAsync(StreamKeys.ReportCard(TestSchool.Id, c.TermId, student))).ShouldHaveSingleItem().Data.ShouldBeOfType<ExtracurricularAdded>();
        var sections = await SectionsAsync(c);
        sections[c.Students[1]].Extracurriculars.ShouldBe([new ExtracurricularEntry("Pramuka", "Sangat Baik", "Aktif mengikuti latihan rutin")]);
        sections[c.Students[2]].Extracurriculars.ShouldBe([new ExtracurricularEntry("Pramuka", "Baik", "Aktif mengikuti latihan rutin")]);

        // Another entry of the same activity (another command) is a conflict naming who has it already, not a second line.
        var before = await app.EventCountAsync();
        var conflict = await wali.PostJsonAsync(Api(c, "/extracurriculars"), ForClass(Guid.NewGuid(), " pramuka ", "Aktif", new { studentId = c.Students[0] }), 409);
        conflict.GetProperty("code").GetString().ShouldBe(AddExtracurricularToClassHandler.AlreadyAdded);
        conflict.GetProperty("errors")[0].GetProperty("details").GetProperty("studentId").GetGuid().ShouldBe(c.Students[0]);
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_class_extracurricular_entry_with_one_bad_row_saves_nothing_and_names_every_bad_row()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var before = await app.EventCountAsync();

        var problem = await wali.PostJsonAsync(Api(c, "/extracurriculars"), ForClass(Guid.NewGuid(), "Pramuka", null,
            new { studentId = c.Students[0], description = "Aktif" }, new { studentId = c.Students[1] },
            new { studentId = c.Students[2], description = "Aktif", predicate = new string('B', 31) }), 400);

        problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("code").GetString(), e.GetProperty("details").GetProperty("studentId").GetGuid()))
            .ShouldBe([("description.required", c.Students[1]), ("predicate.too_long", c.Students[2])]);
        (await app.EventCountAsync()).ShouldBe(before);
        (await SectionsAsync(c))[c.Students[0]].Extracurriculars.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_class_extracurricular_entry_is_only_for_the_wali_kelas_of_that_class()
    {
        var c = await ClassAsync();
        var other = await ClassAsync(homeroom: "guru.bio");
        var before = await app.EventCountAsync();
        var entry = ForClass(Guid.NewGuid(), "Pramuka", "Aktif", new { studentId = c.Students[0] });

        (await (await app.SignInAsync("guru.mtk")).PostJsonAsync(Api(c, "/extracurriculars"), entry, 403))
            .GetProperty("code").GetString().ShouldBe("reportCard.not_homeroom_teacher");
        (await (await app.SignInAsync("wali.x1")).PostJsonAsync(Api(other, "/extracurriculars"),
            ForClass(Guid.NewGuid(), "Pramuka", "Aktif", new { studentId = other.Students[0] }), 403))
            .GetProperty("code").GetString().ShouldBe("reportCard.not_homeroom_teacher");
        await (await app.SignInAsync("kepsek")).PostJsonAsync(Api(c, "/extracurriculars"), entry, 403);
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task the_page_adds_the_activity_to_the_ticked_students_and_a_refused_entry_keeps_what_was_typed()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        await wali.PostJsonAsync(Api(c, $"/students/{c.Students[0]}/extracurriculars/{Guid.NewGuid()}"),
            new { commandId = Guid.NewGuid(), activity = "Pramuka", description = "Sudah dari awal" });
        var extras = $"/wali/{c.ClassId}/ekstrakurikuler";
        const string form = "form[data-form=kelas]";
        var page = await wali.GetPageAsync(extras);
        page.QuerySelectorAll($"{form} input[type=checkbox]:checked").Length.ShouldBe(3, "everyone is ticked at first");
        var before = await app.EventCountAsync();

        // The first student has Pramuka already: refused, nothing stored, the typing and the ticks stay.
        var typed = new Dictionary<string, string>
        {
            ["activity"] = "Pramuka", ["description"] = "Aktif mengikuti latihan", [$"p|{c.Students[1]}"] = "Sangat Baik", [$"ikut|{c.Students[2]}"] = "",
        };
        var refused = TestBrowserPage(await (await wali.SubmitAsync(page, form, extras, typed, 409)).ReadAsTextAsync());
        (await app.EventCountAsync()).ShouldBe(before);
        refused.QuerySelector(".alert.warning [data-code]")!.TextContent.ShouldStartWith("Ayu Rahmawati: Sudah ada kegiatan \"Pramuka\"");
        refused.QuerySelector($"{form} textarea[name=description]")!.TextContent.ShouldBe("Aktif mengikuti latihan");
        refused.QuerySelector($"{form} input[name='p|{c.Students[1]}']")!.GetAttribute("value").ShouldBe("Sangat Baik");
        var first = refused.QuerySelector($"{form} input[name='ikut|{c.Students[0]}']")!;
        (first.HasAttribute("disabled"), first.HasAttribute("checked")).ShouldBe((true, false), "the student who has it is shown so and left out");
        refused.QuerySelector($"{form} input[name='ikut|{c.Students[1]}']")!.HasAttribute("checked").ShouldBeTrue();
        refused.QuerySelector($"{form} input[name='ikut|{c.Students[2]}']")!.HasAttribute("checked").ShouldBeFalse("an unticked student stays unticked");

        var saved = await wali.SubmitAsync(refused, form, extras, new Dictionary<string, string>(), 302);
        saved.Context.Response.Headers.Location.ToString().ShouldEndWith($"{extras}?disimpan=1");
        var sections = await SectionsAsync(c);
        sections[c.Students[0]].Extracurriculars.ShouldBe([new ExtracurricularEntry("Pramuka", null, "Sudah dari awal")]);
        sections[c.Students[1]].Extracurriculars.ShouldBe([new ExtracurricularEntry("Pramuka", "Sangat Baik", "Aktif mengikuti latihan")]);
        sections[c.Students[2]].Extracurriculars.ShouldBeEmpty();
        (await wali.GetPageAsync($"{extras}?disimpan=1")).QuerySelector(".alert.success")!.TextContent.ShouldBe("Kegiatan ditambahkan ke rapor 1 peserta didik.");
    }

    [Fact]
    public async Task the_class_entry_can_be_sent_from_above_the_list_of_students_as_well_as_below_it()
    {
        var c = await ClassAsync();
        var page = await (await app.SignInAsync("wali.x1")).GetPageAsync($"/wali/{c.ClassId}/ekstrakurikuler");

        // On a phone the list is a card per student, 36 screens long: Pramuka for everyone needs only the fields above it.
        var form = page.QuerySelector("form[data-form=kelas]")!;
        var buttons = form.QuerySelectorAll("button[type=submit]");
        buttons.Select(b => b.TextContent).ShouldBe(["Tambahkan ke yang dicentang", "Tambahkan ke yang dicentang"]);
        buttons[0].CompareDocumentPosition(form.QuerySelector("table.participants")!).ShouldBe(AngleSharp.Dom.DocumentPositions.Following);
    }

    [Fact]
    public async Task the_extracurricular_forms_examples_read_as_examples_not_as_values_already_typed()
    {
        var c = await ClassAsync();
        var page = await (await app.SignInAsync("wali.x1")).GetPageAsync($"/wali/{c.ClassId}/ekstrakurikuler?siswa={c.Students[0]}");

        // A grey "Pramuka" in an empty field passed for a typed one at the end of a long day; the other forms say "mis.".
        page.QuerySelectorAll("input[placeholder]").Select(i => i.GetAttribute("placeholder")).Distinct()
            .ShouldBe(["mis. Pramuka", "mis. Baik"]);
    }

    [Fact]
    public async Task the_page_refuses_a_class_entry_without_any_description_in_one_line_on_the_shared_field()
    {
        var c = await ClassAsync();
        var wali = await app.SignInAsync("wali.x1");
        var extras = $"/wali/{c.ClassId}/ekstrakurikuler";
        const string form = "form[data-form=kelas]";
        var before = await app.EventCountAsync();

        // Pramuka for the whole class with only a predikat: one line that says where a description goes, not one per student.
        var refused = TestBrowserPage(await (await wali.SubmitAsync(await wali.GetPageAsync(extras), form, extras,
            new Dictionary<string, string> { ["activity"] = "Pramuka", ["predicate"] = "Baik" }, 400)).ReadAsTextAsync());

        (await app.EventCountAsync()).ShouldBe(before);
        refused.QuerySelectorAll("details#kelas [data-code]").Select(e => e.TextContent.Trim()).ShouldBe(
            ["Keterangan wajib diisi: isi \"Keterangan untuk semua\", atau keterangan di baris setiap peserta didik yang dicentang."]);
        refused.QuerySelector($"{form} textarea[name=description]")!.GetAttribute("aria-invalid").ShouldBe("true");
        refused.QuerySelector($"{form} input[name=predicate]")!.GetAttribute("value").ShouldBe("Baik");
    }

    [Fact]
    public async Task a_locked_class_takes_no_class_entry_and_its_page_offers_none_until_the_principal_unlocks_it()
    {
        var (c, wali, principal) = await LockedClassAsync();
        var before = await app.EventCountAsync();
        var entry = ForClass(Guid.NewGuid(), "Pramuka", "Aktif", new { studentId = c.Students[0] }, new { studentId = c.Students[1] });

        (await wali.PostJsonAsync(Api(c, "/extracurriculars"), entry, 409)).GetProperty("code").GetString().ShouldBe(ReportCardLock.LockedCode);
        (await wali.GetPageAsync($"/wali/{c.ClassId}/ekstrakurikuler")).QuerySelector("form[data-form=kelas]").ShouldBeNull();
        (await app.EventCountAsync()).ShouldBe(before);

        await principal.PostJsonAsync($"/api/classes/{c.ClassId}/unlock", new { commandId = Guid.NewGuid(), reason = "Pramuka belum diisi" });
        (await wali.PostJsonAsync(Api(c, "/extracurriculars"), entry)).GetProperty("changes").GetInt32().ShouldBe(2);
    }
}
