using System.Text.RegularExpressions;
using System.Text.Json;
using ERaport.Write.Common;
using ERaport.Write.School;

namespace ERaport.Tests.Integration;

[Collection(MasterDataCollection.Name)]
public sealed class MasterDataApiTests(MasterDataFixture app)
{
    private const string Api = "/api/master-data";

    private Task<TestBrowser> Admin() => app.SignInAsync("admin");

    private static async Task<Guid> OpenTermAsync(TestBrowser admin) =>
        (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = MasterDataFixture.NewSchoolYear(), semester = 1 })).Id();

    private static async Task<Guid> OpenClassAsync(TestBrowser admin, Guid termId, string name, Guid? homeroom = null) =>
        (await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name, level = 10, phase = "E", homeroomTeacherId = homeroom })).Id();

    /// <summary>Gives <paramref name="userName"/> the teacher role in <paramref name="termId"/>: a teaching assignment goes only to a teacher of its term.</summary>
    private async Task<Guid> TeacherOfAsync(TestBrowser admin, string userName, Guid termId)
    {
        var userId = app.School.User(userName).UserId;
        await admin.PostJsonAsync($"/api/users/{userId}/roles", new { commandId = Guid.NewGuid(), role = "Teacher", termId });
        return userId;
    }

    private static object NewStudent(string name, string nisn, string nis) =>
        new { commandId = Guid.NewGuid(), name, nisn, nis, sex = "P", birthPlace = "Bandung", birthDate = "2010-02-03", religion = "Islam" };

    [Fact]
    public async Task admin_sets_the_school_profile_with_an_acting_principal()
    {
        var admin = await Admin();
        var profile = new
        {
            commandId = Guid.NewGuid(), name = "SMA Uji Coba", npsn = "12345678", address = "Jl. Uji No. 1", city = "Kota Uji", principalName = "Drs. Budi",
            principalNip = "19700101 199503 1 001", principalTitle = "plt", village = "Sukamaju", subdistrict = "Kec. Uji", province = "Jawa Barat",
            email = "info@smauji.sch.id", website = "smauji.sch.id",
        };

        await admin.PutJsonAsync($"{Api}/school", profile);
        var school = await admin.GetJsonAsync($"{Api}/school");

        school.GetProperty("principalTitle").GetString().ShouldBe("Plt.");
        school.GetProperty("province").GetString().ShouldBe("Jawa Barat");
        var events = await app.EventsAsync(StreamKeys.School(TestSchool.Id));
        events.Last().Data.ShouldBeOfType<SchoolProfileUpdated>().Data.PrincipalTitle.ShouldBe("Plt.");
        events.Last().UserName.ShouldBe("admin");
    }

    [Fact]
    public async Task an_invalid_profile_is_refused_with_every_field_named()
    {
        var admin = await Admin();

        var problem = await admin.PutJsonAsync($"{Api}/school",
            new { commandId = Guid.NewGuid(), name = "", npsn = "12", address = "Jl", city = "Kota", principalName = "Budi", principalTitle = "Pj.", paper = "A3" }, 400);

        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString())
            .ShouldBe(["name.required", "npsn.invalid", "principalTitle.invalid", "paper.invalid"]);
    }

    [Fact]
    public async Task admin_opens_a_term_sets_its_report_date_and_cannot_open_it_twice()
    {
        var admin = await Admin();
        var year = MasterDataFixture.NewSchoolYear();
        var termId = (await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = year, semester = 2 })).Id();

        await admin.PutJsonAsync($"{Api}/terms/{termId}", new { commandId = Guid.NewGuid(), reportDate = "2027-06-19", reportPlace = "Kota Uji" });
        var again = await admin.PostJsonAsync($"{Api}/terms", new { commandId = Guid.NewGuid(), schoolYear = year, semester = 2 }, 409);

        again.GetProperty("code").GetString().ShouldBe("term.duplicate");
        var term = (await admin.GetJsonAsync($"{Api}/terms")).EnumerateArray().Single(t => t.GetProperty("termId").GetGuid() == termId);
        term.GetProperty("reportDate").GetString().ShouldBe("2027-06-19");
        term.GetProperty("reportPlace").GetString().ShouldBe("Kota Uji");
    }

    [Fact]
    public async Task admin_opens_a_class_and_names_its_homeroom_teacher()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var classId = await OpenClassAsync(admin, termId, "XI-1");

        await admin.PutJsonAsync($"{Api}/classes/{classId}",
            new { commandId = Guid.NewGuid(), name = "XI-1", level = 11, phase = "F", homeroomTeacherId = app.School.User("wali.x1").UserId });
        var duplicate = await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name = "xi-1", level = 11, phase = "F" }, 409);

        duplicate.GetProperty("code").GetString().ShouldBe("class.name_taken");
        var item = (await admin.GetJsonAsync($"{Api}/terms/{termId}/classes")).EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("homeroomTeacherName").GetString().ShouldBe("Wali X-1");
        item.GetProperty("level").GetInt32().ShouldBe(11);
        item.GetProperty("phase").GetString().ShouldBe("F");
    }

    [Fact]
    public async Task a_class_whose_phase_is_not_its_levels_own_is_refused_on_opening_and_on_editing()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var classId = await OpenClassAsync(admin, termId, "X-5");

        var opened = await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name = "X-6", level = 10, phase = "A" }, 400);
        var edited = await admin.PutJsonAsync($"{Api}/classes/{classId}", new { commandId = Guid.NewGuid(), name = "X-5", level = 11, phase = "E" }, 400);

        opened.GetProperty("code").GetString().ShouldBe("phase.level_mismatch");
        edited.GetProperty("code").GetString().ShouldBe("phase.level_mismatch");
        var item = (await admin.GetJsonAsync($"{Api}/terms/{termId}/classes")).EnumerateArray().ShouldHaveSingleItem();
        (item.GetProperty("level").GetInt32(), item.GetProperty("phase").GetString()).ShouldBe((10, "E"));
    }

    [Fact]
    public async Task admin_registers_edits_moves_and_withdraws_a_student_and_the_history_says_who()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var (a, b) = (await OpenClassAsync(admin, termId, "X-A"), await OpenClassAsync(admin, termId, "X-B"));
        var studentId = (await admin.PostJsonAsync($"{Api}/students", NewStudent("Nadia Putri", "0071000001", "71001"))).Id();
        await admin.PostJsonAsync($"{Api}/students/{studentId}/enroll", new { commandId = Guid.NewGuid(), classId = a });

        await admin.PutJsonAsync($"{Api}/students/{studentId}",
            new { commandId = Guid.NewGuid(), name = "Nadia Putri Lestari", nisn = "0071000001", nis = "71001", sex = "P", birthPlace = "Bandung", birthDate = "2010-02-03", religion = "Islam" });
        await admin.PostJsonAsync($"{Api}/students/{studentId}/move", new { commandId = Guid.NewGuid(), fromClassId = a, toClassId = b });

        (await admin.GetJsonAsync($"{Api}/classes/{a}/students")).GetArrayLength().ShouldBe(0);
        (await admin.GetJsonAsync($"{Api}/classes/{b}/students")).EnumerateArray().ShouldHaveSingleItem()
            .GetProperty("name").GetString().ShouldBe("Nadia Putri Lestari");

        await admin.PostJsonAsync($"{Api}/students/{studentId}/withdraw", new { commandId = Guid.NewGuid(), classId = b, reason = "Pindah sekolah" });
        var detail = await admin.GetJsonAsync($"{Api}/students/{studentId}?termId={termId}");
        detail.GetProperty("item").GetProperty("classId").ValueKind.ShouldBe(JsonValueKind.Null);
        var history = detail.GetProperty("history").EnumerateArray().ToList();
        history.Select(h => h.GetProperty("kind").GetString()).ShouldBe(["Withdrawn", "MovedIn", "MovedOut", "Updated"]);
        history.ShouldAllBe(h => h.GetProperty("changedBy").GetString() == "admin" && h.GetProperty("source").GetString() == "Api");
        history[0].GetProperty("detail").GetString().ShouldBe("Pindah sekolah");
        history[3].GetProperty("detail").GetString().ShouldBe("name");
        history[3].GetProperty("changes").GetString().ShouldBe("nama “Nadia Putri” → “Nadia Putri Lestari”");
    }

    [Fact]
    public async Task a_birth_date_after_the_schools_today_is_refused_as_the_import_refuses_it()
    {
        var admin = await Admin();
        var (nisn, nis) = TestSchool.NewStudentNumbers();
        var tomorrow = SchoolTime.Today(TimeProvider.System).AddDays(1).ToString("yyyy-MM-dd");
        object Student(string birthDate) => new { commandId = Guid.NewGuid(), name = "Putri Esok", nisn, nis, sex = "P", birthDate };

        var registered = await admin.PostJsonAsync($"{Api}/students", Student(tomorrow), 400);
        var studentId = (await admin.PostJsonAsync($"{Api}/students", Student("2010-02-03"))).Id();
        var edited = await admin.PutJsonAsync($"{Api}/students/{studentId}", Student(tomorrow), 400);

        foreach (var refused in new[] { registered, edited })
            (refused.GetProperty("code").GetString(), refused.GetProperty("title").GetString()).ShouldBe(("birthDate.future", "Tanggal lahir ada di masa depan."));
    }

    [Fact]
    public async Task a_move_changes_both_classes_in_one_transaction()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var (a, b) = (await OpenClassAsync(admin, termId, "X-A"), await OpenClassAsync(admin, termId, "X-B"));
        var studentId = (await admin.PostJsonAsync($"{Api}/students", NewStudent("Oki", "0071000011", "71011"))).Id();
        await admin.PostJsonAsync($"{Api}/students/{studentId}/enroll", new { commandId = Guid.NewGuid(), classId = a });

        await admin.PostJsonAsync($"{Api}/students/{studentId}/move", new { commandId = Guid.NewGuid(), fromClassId = a, toClassId = b });

        var outOf = (await app.EventsAsync(StreamKeys.Class(TestSchool.Id, a))).Last();
        var into = (await app.EventsAsync(StreamKeys.Class(TestSchool.Id, b))).Last();
        outOf.Data.ShouldBe(new StudentMovedOut(studentId, b));
        into.Data.ShouldBe(new StudentMovedIn(studentId, a));
        // One commit: consecutive sequence numbers carrying the same command id.
        into.Sequence.ShouldBe(outOf.Sequence + 1);
        into.GetHeader(CommandPipeline.CommandIdHeader)!.ToString().ShouldBe(outOf.GetHeader(CommandPipeline.CommandIdHeader)!.ToString());
    }

    private async Task<List<Guid>> StudentsInAsync(TestBrowser admin, Guid classId, params string[] names)
    {
        var ids = new List<Guid>();
        foreach (var name in names)
        {
            var (nisn, nis) = TestSchool.NewStudentNumbers();
            var id = (await admin.PostJsonAsync($"{Api}/students", NewStudent(name, nisn, nis))).Id();
            await admin.PostJsonAsync($"{Api}/students/{id}/enroll", new { commandId = Guid.NewGuid(), classId });
            ids.Add(id);
        }
        return ids;
    }

    /// <summary>Ticking students on a phone and moving them is one request, not one per student.</summary>
    [Fact]
    public async Task several_students_move_to_another_class_and_leave_it_with_one_post_each()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var (a, b) = (await OpenClassAsync(admin, termId, "X-A"), await OpenClassAsync(admin, termId, "X-B"));
        var students = await StudentsInAsync(admin, a, "Ayu", "Bayu", "Citra", "Dewi");

        var moved = await admin.PostJsonAsync($"{Api}/classes/{a}/move", new { commandId = Guid.NewGuid(), toClassId = b, studentIds = students.Take(3) });

        moved.GetProperty("changes").GetInt32().ShouldBe(3);
        (await admin.GetJsonAsync($"{Api}/classes/{b}/students")).EnumerateArray().Select(s => s.GetProperty("name").GetString())
            .ShouldBe(["Ayu", "Bayu", "Citra"]);
        (await admin.GetJsonAsync($"{Api}/classes/{a}/students")).EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["Dewi"]);
        (await app.EventsAsync(StreamKeys.Class(TestSchool.Id, b))).Count(e => e.Data is StudentMovedIn).ShouldBe(3);

        var withdrawn = await admin.PostJsonAsync($"{Api}/classes/{b}/withdraw", new { commandId = Guid.NewGuid(), studentIds = students.Take(2), reason = "Lulus" });

        withdrawn.GetProperty("changes").GetInt32().ShouldBe(2);
        (await admin.GetJsonAsync($"{Api}/classes/{b}/students")).EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["Citra"]);
    }

    /// <summary>All or nothing: a student moved away meanwhile stops the whole move, the answer names them, and not one event is stored.</summary>
    [Fact]
    public async Task a_move_of_several_with_one_student_no_longer_in_the_class_is_refused_whole()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var (a, b) = (await OpenClassAsync(admin, termId, "X-A"), await OpenClassAsync(admin, termId, "X-B"));
        var inA = await StudentsInAsync(admin, a, "Eka", "Fajar");
        var inB = await StudentsInAsync(admin, b, "Gita");
        var before = (await app.EventsAsync(StreamKeys.Class(TestSchool.Id, a))).Count + (await app.EventsAsync(StreamKeys.Class(TestSchool.Id, b))).Count;

        var refused = await admin.PostJsonAsync($"{Api}/classes/{a}/move", new { commandId = Guid.NewGuid(), toClassId = b, studentIds = inA.Append(inB[0]) }, 409);

        refused.GetProperty("code").GetString().ShouldBe("student.not_in_class");
        var error = refused.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("details").GetProperty("studentId").GetGuid().ShouldBe(inB[0]);
        error.GetProperty("message").GetString()!.ShouldContain("Gita");
        var after = (await app.EventsAsync(StreamKeys.Class(TestSchool.Id, a))).Count + (await app.EventsAsync(StreamKeys.Class(TestSchool.Id, b))).Count;
        after.ShouldBe(before);
        (await admin.GetJsonAsync($"{Api}/classes/{a}/students")).GetArrayLength().ShouldBe(2);
        (await admin.PostJsonAsync($"{Api}/classes/{a}/move", new { commandId = Guid.NewGuid(), toClassId = b, studentIds = Array.Empty<Guid>() }, 400))
            .GetProperty("code").GetString().ShouldBe("move.no_students");
    }

    [Fact]
    public async Task several_students_enter_a_class_with_one_post_or_none_when_one_is_in_another_class()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var (a, b) = (await OpenClassAsync(admin, termId, "X-A"), await OpenClassAsync(admin, termId, "X-B"));
        var inB = await StudentsInAsync(admin, b, "Hana");
        var classless = new List<Guid>();
        foreach (var name in new[] { "Indra", "Joko" })
        {
            var (nisn, nis) = TestSchool.NewStudentNumbers();
            classless.Add((await admin.PostJsonAsync($"{Api}/students", NewStudent(name, nisn, nis))).Id());
        }

        var refused = await admin.PostJsonAsync($"{Api}/classes/{a}/enroll", new { commandId = Guid.NewGuid(), studentIds = classless.Append(inB[0]) }, 409);
        var enrolled = await admin.PostJsonAsync($"{Api}/classes/{a}/enroll", new { commandId = Guid.NewGuid(), studentIds = classless });

        refused.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem().GetProperty("details").GetProperty("studentId").GetGuid().ShouldBe(inB[0]);
        enrolled.GetProperty("changes").GetInt32().ShouldBe(2);
        (await admin.GetJsonAsync($"{Api}/classes/{a}/students")).EnumerateArray().Select(s => s.GetProperty("name").GetString()).ShouldBe(["Indra", "Joko"]);
    }

    [Fact]
    public async Task a_student_is_in_at_most_one_class_per_term()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var (a, b) = (await OpenClassAsync(admin, termId, "X-A"), await OpenClassAsync(admin, termId, "X-B"));
        var studentId = (await admin.PostJsonAsync($"{Api}/students", NewStudent("Putu", "0071000002", "71002"))).Id();
        await admin.PostJsonAsync($"{Api}/students/{studentId}/enroll", new { commandId = Guid.NewGuid(), classId = a });

        var refused = await admin.PostJsonAsync($"{Api}/students/{studentId}/enroll", new { commandId = Guid.NewGuid(), classId = b }, 409);

        refused.GetProperty("code").GetString().ShouldBe("student.already_in_class");
        (await admin.GetJsonAsync($"{Api}/classes/{b}/students")).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task a_nisn_is_used_once_in_the_school()
    {
        var admin = await Admin();
        await admin.PostJsonAsync($"{Api}/students", NewStudent("Rani", "0071000003", "71003"));

        var refused = await admin.PostJsonAsync($"{Api}/students", NewStudent("Rina", "0071000003", "71004"), 409);

        refused.GetProperty("code").GetString().ShouldBe("nisn.taken");
    }

    [Fact]
    public async Task sending_a_create_twice_creates_it_once()
    {
        var admin = await Admin();
        var body = NewStudent("Sari", "0071000005", "71005");

        var first = await admin.PostJsonAsync($"{Api}/students", body);
        var second = await admin.PostJsonAsync($"{Api}/students", body);

        second.Id().ShouldBe(first.Id());
        second.GetProperty("sequence").GetInt64().ShouldBe(first.GetProperty("sequence").GetInt64());
        (await app.EventsAsync(StreamKeys.Student(TestSchool.Id, first.Id()))).Count.ShouldBe(1);
    }

    [Fact]
    public async Task admin_adds_and_changes_a_subject_with_its_group_order_religion_flag_and_kktp()
    {
        var admin = await Admin();
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = "Pendidikan Agama", code = "PA", group = "Umum", order = 1, isReligion = false, kktp = 70 })).Id();

        await admin.PutJsonAsync($"{Api}/subjects/{subjectId}",
            new { commandId = Guid.NewGuid(), name = "Pendidikan Agama Islam", code = "PAI", group = "Umum", order = 1, isReligion = true, kktp = 75 });

        var subject = (await admin.GetJsonAsync($"{Api}/subjects")).EnumerateArray().Single(s => s.GetProperty("subjectId").GetGuid() == subjectId);
        subject.GetProperty("name").GetString().ShouldBe("Pendidikan Agama Islam");
        subject.GetProperty("isReligion").GetBoolean().ShouldBeTrue();
        subject.GetProperty("kktp").GetInt32().ShouldBe(75);
        subject.GetProperty("religion").GetString().ShouldBe("Islam", "taken from the name when none is chosen");
    }

    [Fact]
    public async Task a_subject_whose_code_or_name_another_subject_has_in_any_case_is_refused_and_an_edit_keeping_its_own_is_not()
    {
        var admin = await Admin();
        var tag = TestSchool.NewSubjectTag();
        object Subject(string name, string code, int kktp = 70) => new { commandId = Guid.NewGuid(), name, code, group = "Umum", order = 30, kktp };
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects", Subject("Bahasa Jepang " + tag, "QAML" + tag))).Id();
        var before = await app.EventCountAsync();

        var sameCode = await admin.PostJsonAsync($"{Api}/subjects", Subject("Bahasa Korea " + tag, " qaml" + tag + " "), 409);
        var sameName = await admin.PostJsonAsync($"{Api}/subjects", Subject("bahasa  JEPANG " + tag, "JPN" + tag), 409);

        sameCode.GetProperty("code").GetString().ShouldBe("subject.code_taken");
        sameName.GetProperty("code").GetString().ShouldBe("subject.name_taken");
        sameName.GetProperty("title").GetString().ShouldBe($"Mata pelajaran Bahasa Jepang {tag} (QAML{tag}) sudah ada.");
        (await app.EventCountAsync()).ShouldBe(before);
        await admin.PutJsonAsync($"{Api}/subjects/{subjectId}", Subject("Bahasa Jepang " + tag, "qaml" + tag, kktp: 75));
    }

    [Fact]
    public async Task a_religion_subject_whose_name_is_an_abbreviation_is_given_its_religion_and_an_unknown_one_is_refused()
    {
        var admin = await Admin();
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = "PAK dan BP", code = "PAK", group = "Umum", order = 2, religion = "katholik", kktp = 70 })).Id();

        var subject = (await admin.GetJsonAsync($"{Api}/subjects")).EnumerateArray().Single(s => s.GetProperty("subjectId").GetGuid() == subjectId);
        subject.GetProperty("isReligion").GetBoolean().ShouldBeTrue();
        subject.GetProperty("religion").GetString().ShouldBe("Katolik");

        var refused = await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = "Agama Lain", code = "AL", group = "Umum", order = 3, religion = "Jedi", kktp = 70 }, 400);
        refused.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ShouldBe(["religion.invalid"]);
    }

    [Fact]
    public async Task admin_creates_a_teaching_assignment_with_weights_once_per_class_and_subject()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var classId = await OpenClassAsync(admin, termId, "X-A");
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = "Fisika", code = "FIS", group = "Umum", order = 9, isReligion = false, kktp = 72 })).Id();
        var request = new
        {
            commandId = Guid.NewGuid(), termId, classId, subjectId, teacherId = await TeacherOfAsync(admin, "guru.bio", termId),
            learningObjectives = new[] { "Gerak lurus", "Hukum Newton" }, weights = new { slm = 60, sts = 20, sas = 20 },
        };

        var gradebookId = (await admin.PostJsonAsync($"{Api}/teaching-assignments", request)).Id();
        var again = await admin.PostJsonAsync($"{Api}/teaching-assignments", request with { commandId = Guid.NewGuid() }, 409);

        again.GetProperty("code").GetString().ShouldBe("teachingAssignment.duplicate");
        var item = (await admin.GetJsonAsync($"{Api}/teaching-assignments?termId={termId}")).EnumerateArray().ShouldHaveSingleItem();
        item.GetProperty("gradebook").GetProperty("gradebookId").GetGuid().ShouldBe(gradebookId);
        item.GetProperty("gradebook").GetProperty("teacherName").GetString().ShouldBe("Yuliana Biologi");
        item.GetProperty("scheme").GetProperty("weightSlm").GetInt32().ShouldBe(60);
        item.GetProperty("scheme").GetProperty("kktp").GetInt32().ShouldBe(72);
    }

    [Fact]
    public async Task classes_and_teaching_assignments_list_class_ten_after_class_nine_not_after_class_one()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var tag = TestSchool.NewSubjectTag();
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = $"Kimia {tag}", code = $"K{tag}", group = "Umum", order = 9, isReligion = false, kktp = 70 })).Id();
        var teacher = await TeacherOfAsync(admin, "guru.bio", termId);
        foreach (var name in new[] { "X-10", "X-2", "X-1", "X-9" })
            await admin.PostJsonAsync($"{Api}/teaching-assignments", Physics(termId, await OpenClassAsync(admin, termId, name), subjectId, teacher));

        (await admin.GetJsonAsync($"{Api}/terms/{termId}/classes")).EnumerateArray().Select(c => c.GetProperty("name").GetString())
            .ShouldBe(["X-1", "X-2", "X-9", "X-10"]);
        (await admin.GetJsonAsync($"{Api}/teaching-assignments?termId={termId}")).EnumerateArray()
            .Select(a => a.GetProperty("gradebook").GetProperty("className").GetString()).ShouldBe(["X-1", "X-2", "X-9", "X-10"]);
    }

    private static object Physics(Guid termId, Guid classId, Guid subjectId, Guid teacherId, object? weights = null) => new
    {
        commandId = Guid.NewGuid(), termId, classId, subjectId, teacherId, learningObjectives = new[] { "Gerak lurus" }, weights,
    };

    private static JsonElement SchemeOf(JsonElement assignments, Guid gradebookId) =>
        assignments.EnumerateArray().Single(a => a.GetProperty("gradebook").GetProperty("gradebookId").GetGuid() == gradebookId).GetProperty("scheme");

    [Fact]
    public async Task gradebook_opened_after_the_term_default_changed_starts_with_the_default_weights()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var before = await OpenClassAsync(admin, termId, "X-B1");
        var after = await OpenClassAsync(admin, termId, "X-B2");
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = "Kimia", code = "KIM", group = "Umum", order = 10, isReligion = false, kktp = 70 })).Id();
        var teacher = await TeacherOfAsync(admin, "guru.bio", termId);
        (await admin.GetJsonAsync($"{Api}/terms/{termId}/default-weights")).GetProperty("slm").GetInt32().ShouldBe(1);
        var opened = (await admin.PostJsonAsync($"{Api}/teaching-assignments", Physics(termId, before, subjectId, teacher))).Id();

        var changed = await admin.PutJsonAsync($"{Api}/terms/{termId}/default-weights", new { commandId = Guid.NewGuid(), slm = 60, sts = 20, sas = 20 });
        var gradebookId = (await admin.PostJsonAsync($"{Api}/teaching-assignments", Physics(termId, after, subjectId, teacher))).Id();

        changed.GetProperty("changes").GetInt32().ShouldBe(1);
        var weights = await admin.GetJsonAsync($"{Api}/terms/{termId}/default-weights");
        (weights.GetProperty("slm").GetInt32(), weights.GetProperty("sts").GetInt32(), weights.GetProperty("sas").GetInt32()).ShouldBe((60, 20, 20));
        var assignments = await admin.GetJsonAsync($"{Api}/teaching-assignments?termId={termId}");
        var scheme = SchemeOf(assignments, gradebookId);
        (scheme.GetProperty("weightSlm").GetInt32(), scheme.GetProperty("weightSts").GetInt32(), scheme.GetProperty("weightSas").GetInt32())
            .ShouldBe((60, 20, 20));
        SchemeOf(assignments, opened).GetProperty("weightSlm").GetInt32().ShouldBe(1); // opened before: keeps its weights
        // The weights are in the gradebook's first event, so a replay never depends on the term.
        var first = (await app.EventsAsync(StreamKeys.Gradebook(TestSchool.Id, gradebookId))).First().Data
            .ShouldBeOfType<ERaport.Write.Grading.GradebookOpened>();
        first.Weights.ShouldBe(new ERaport.Write.Grading.Weights(60, 20, 20));
        var termEvent = (await app.EventsAsync(StreamKeys.Term(TestSchool.Id, termId))).Last();
        termEvent.Data.ShouldBe(new TermDefaultWeightsChanged(termId, new ERaport.Write.Grading.Weights(60, 20, 20)));
        termEvent.UserName.ShouldBe("admin");
    }

    [Fact]
    public async Task weights_given_with_a_teaching_assignment_win_over_the_term_default()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var classId = await OpenClassAsync(admin, termId, "X-C");
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = "Geografi", code = "GEO", group = "Umum", order = 11, isReligion = false, kktp = 70 })).Id();
        await admin.PutJsonAsync($"{Api}/terms/{termId}/default-weights", new { commandId = Guid.NewGuid(), slm = 60, sts = 20, sas = 20 });

        var gradebookId = (await admin.PostJsonAsync($"{Api}/teaching-assignments",
            Physics(termId, classId, subjectId, await TeacherOfAsync(admin, "guru.bio", termId), new { slm = 2, sts = 0, sas = 1 }))).Id();

        var scheme = SchemeOf(await admin.GetJsonAsync($"{Api}/teaching-assignments?termId={termId}"), gradebookId);
        (scheme.GetProperty("weightSlm").GetInt32(), scheme.GetProperty("weightSts").GetInt32(), scheme.GetProperty("weightSas").GetInt32())
            .ShouldBe((2, 0, 1));
    }

    [Fact]
    public async Task the_terms_page_counts_the_teaching_assignments_weighted_otherwise_than_the_terms_default()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = "Sosiologi", code = "SOS", group = "Umum", order = 12, isReligion = false, kktp = 70 })).Id();
        await admin.PutJsonAsync($"{Api}/terms/{termId}/default-weights", new { commandId = Guid.NewGuid(), slm = 60, sts = 20, sas = 20 });
        var teacher = await TeacherOfAsync(admin, "guru.bio", termId);
        async Task OpenAsync(string className, object? weights) =>
            await admin.PostJsonAsync($"{Api}/teaching-assignments", Physics(termId, await OpenClassAsync(admin, termId, className), subjectId, teacher, weights));

        await OpenAsync("X-W1", null);
        await OpenAsync("X-W2", new { slm = 3, sts = 1, sas = 1 }); // the default's ratio
        (await admin.GetPageAsync("/data/semester")).QuerySelector($"[data-off-default='{termId}']").ShouldBeNull();

        await OpenAsync("X-W3", new { slm = 1, sts = 0, sas = 1 });

        var note = (await admin.GetPageAsync("/data/semester")).QuerySelector($"[data-off-default='{termId}']")!;
        Regex.Replace(note.TextContent, @"\s+", " ").Trim().ShouldBe("1 pembelajaran memakai bobot lain.");
        note.QuerySelector("a")!.GetAttribute("href").ShouldBe($"/data/pembelajaran?semester={termId}");
    }

    [Fact]
    public async Task term_default_weights_with_both_slm_and_sas_zero_are_rejected()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var before = await app.EventCountAsync();

        var zero = await admin.PutJsonAsync($"{Api}/terms/{termId}/default-weights", new { commandId = Guid.NewGuid(), slm = 0, sts = 20, sas = 0 }, 400);
        var tooBig = await admin.PutJsonAsync($"{Api}/terms/{termId}/default-weights", new { commandId = Guid.NewGuid(), slm = 60, sts = 20, sas = 200 }, 400);
        var unknown = await admin.PutJsonAsync($"{Api}/terms/{Guid.NewGuid()}/default-weights", new { commandId = Guid.NewGuid(), slm = 60, sts = 20, sas = 20 }, 404);

        zero.GetProperty("code").GetString().ShouldBe("weights.zero");
        zero.GetProperty("title").GetString().ShouldBe("Bobot SLM dan SAS tidak boleh keduanya 0.");
        tooBig.GetProperty("code").GetString().ShouldBe("weights.out_of_range");
        unknown.GetProperty("code").GetString().ShouldBe("term.not_found");
        (await app.EventCountAsync()).ShouldBe(before);
        (await admin.GetJsonAsync($"{Api}/terms/{termId}/default-weights")).GetProperty("sas").GetInt32().ShouldBe(1);
        await admin.GetJsonAsync($"{Api}/terms/{Guid.NewGuid()}/default-weights", 404);
    }

    [Fact]
    public async Task a_teaching_assignment_goes_only_to_an_account_with_the_teacher_role_in_its_term()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);
        var classId = await OpenClassAsync(admin, termId, "X-G");
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = "Antropologi", code = "ANT", group = "Umum", order = 10, isReligion = false, kktp = 70 })).Id();
        var before = await app.EventCountAsync();

        // guru.bio teaches in the fixture's term, not in this one; the wali kelas has no teacher role at all.
        foreach (var userName in new[] { "guru.bio", "wali.x1" })
        {
            var refused = await admin.PostJsonAsync($"{Api}/teaching-assignments", new
            {
                commandId = Guid.NewGuid(), termId, classId, subjectId, teacherId = app.School.User(userName).UserId, learningObjectives = new[] { "Peta" },
            }, 400);
            var error = refused.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
            error.GetProperty("code").GetString().ShouldBe("teacher.no_teacher_role");
            error.GetProperty("details").GetProperty("field").GetString().ShouldBe("teacherId");
        }
        // The decision refuses it too, for any sender of the command.
        var sent = await app.SendAsync(new ERaport.Write.Grading.OpenGradebook(Guid.NewGuid(), Guid.NewGuid(), termId, classId, subjectId,
            app.School.User("guru.bio").UserId, ["Peta"], ERaport.Write.Accounts.Acting.SystemActor(TestSchool.Id), EntrySource.Seed));
        sent.Errors.ShouldHaveSingleItem().Code.ShouldBe("teacher.no_teacher_role");

        (await app.EventCountAsync()).ShouldBe(before);
        (await admin.GetJsonAsync($"{Api}/teaching-assignments?termId={termId}")).GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task a_teaching_assignment_needs_a_class_of_the_term()
    {
        var admin = await Admin();
        var termId = await OpenTermAsync(admin);

        var refused = await admin.PostJsonAsync($"{Api}/teaching-assignments", new
        {
            commandId = Guid.NewGuid(), termId, classId = app.School.ClassId, subjectId = Guid.NewGuid(), teacherId = await TeacherOfAsync(admin, "guru.bio", termId),
            learningObjectives = new[] { "TP" },
        }, 404);

        refused.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("code").GetString()).ShouldBe(["class.not_found", "subject.not_found"]);
    }

    [Theory]
    [InlineData("guru.mtk")]
    [InlineData("kepsek")]
    [InlineData("wali.x1")]
    public async Task non_admins_get_403_and_nothing_is_stored(string userName)
    {
        var user = await app.SignInAsync(userName);
        var before = await app.EventCountAsync();

        await user.GetJsonAsync($"{Api}/terms", 403);
        await user.PostJsonAsync($"{Api}/subjects", new { commandId = Guid.NewGuid(), name = "Seni", code = "SB", group = "Umum", order = 1, kktp = 70 }, 403);
        await user.PutJsonAsync($"{Api}/classes/{app.School.ClassId}", new { commandId = Guid.NewGuid(), name = "X-9", level = 10, phase = "E" }, 403);
        await user.PutJsonAsync($"{Api}/terms/{app.School.TermId}/default-weights", new { commandId = Guid.NewGuid(), slm = 60, sts = 20, sas = 20 }, 403);
        var upload = await user.UploadAsync($"{Api}/students/import", [1, 2, 3], "daftar.xlsx", termId: app.School.TermId);

        upload.Status.ShouldBe(403);
        (await app.EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_command_sent_on_behalf_of_a_non_admin_is_refused_by_the_decision()
    {
        var outcome = await app.SendAsync(new AddSubject(Guid.NewGuid(), Guid.NewGuid(), "Seni Budaya", "SBD", "Umum", 10, false, 70,
            app.School.User("guru.mtk"), EntrySource.Api));

        outcome.Status.ShouldBe(OutcomeStatus.Forbidden);
        outcome.Errors.ShouldHaveSingleItem().Code.ShouldBe("masterdata.admin_required");
    }
}
