using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.School;

/// <summary>Who sends master-data commands in these tests.</summary>
internal static class MasterDataActors
{
    public static UserAccount Account(string userName, Role role, string school = TestEvents.SchoolId, bool disabled = false) =>
        new()
        {
            Id = StreamKeys.User(school, Guid.NewGuid()), UserId = Guid.NewGuid(), SchoolId = school, UserName = userName, DisplayName = userName,
            Roles = [new RoleGrant(role, role == Role.Admin ? null : Guid.NewGuid(), null)], Disabled = disabled,
        };

    public static Acting As(UserAccount a) => new(new Actor(a.UserId, a.UserName, TestEvents.SchoolId), a);

    public static readonly Acting Admin = As(Account("admin", Role.Admin));
    public static readonly Acting Teacher = As(Account("guru.mtk", Role.Teacher));
    public static readonly Acting Principal = As(Account("kepsek", Role.Principal));
    public static readonly Acting DisabledAdmin = As(Account("admin.lama", Role.Admin, disabled: true));
    public static readonly Acting OtherSchoolAdmin = As(Account("admin.lain", Role.Admin, school: "sekolah-lain"));
    public static readonly Acting System = Acting.System(TestEvents.SchoolId);
}

public class MasterDataDecisionTests
{
    private static readonly Acting Admin = MasterDataActors.Admin;
    private static Actor By => Admin.By;
    private static readonly Guid TermId = Guid.NewGuid();

    /// <summary>The school's date the decisions are given.</summary>
    private static readonly DateOnly Today = new(2026, 11, 1);
    private static readonly Term Term = ERaport.Write.School.Term.Create(new TermOpened(TermId, "2026/2027", 1, new DateOnly(2026, 12, 19)));

    private static IEnumerable<string> Codes(Decision d) => d.Errors.Select(e => e.Code);

    private static object SingleEvent(Decision d)
    {
        d.Status.ShouldBe(OutcomeStatus.Accepted, string.Join(", ", d.Errors.Select(e => e.Code)));
        return d.Events.ShouldHaveSingleItem();
    }

    private static SchoolClass Class(string name, Guid? termId = null, params Guid[] students)
    {
        var id = Guid.NewGuid();
        var c = SchoolClass.Create(new ClassOpened(id, termId ?? TermId, name, 10, "E", null));
        c.Id = StreamKeys.Class(TestEvents.SchoolId, id);
        foreach (var s in students)
            c.Apply(new StudentEnrolled(s));
        return c;
    }

    private static Student Student(string name, string nisn, string nis, Guid? id = null)
    {
        var studentId = id ?? Guid.NewGuid();
        var s = ERaport.Write.School.Student.Create(new StudentRegistered(studentId, name, nisn, nis, "L", null, null, "Islam"));
        s.Id = StreamKeys.Student(TestEvents.SchoolId, studentId);
        return s;
    }

    // --- who may change master data

    public static TheoryData<string> Refused => new() { "teacher", "principal", "disabled admin", "admin of another school" };

    private static Acting Sender(string who) => who switch
    {
        "teacher" => MasterDataActors.Teacher,
        "principal" => MasterDataActors.Principal,
        "disabled admin" => MasterDataActors.DisabledAdmin,
        _ => MasterDataActors.OtherSchoolAdmin,
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void only_an_active_admin_of_the_school_may_change_master_data(string who)
    {
        var by = Sender(who);
        var schoolClass = Class("X-1");
        var student = Student("Ani", "0012345678", "1");
        Decision[] decisions =
        [
            RegisterSchoolHandler.Decide(null, by, new RegisterSchool(Guid.NewGuid(), "SMA", "12345678", "Jl", "Kota", "Kepala", null, by.By, EntrySource.Api)),
            UpdateSchoolProfileHandler.Decide(null, by, new UpdateSchoolProfile(Guid.NewGuid(), Profile(), by.By, EntrySource.Api)),
            OpenTermHandler.Decide(null, by, [], new OpenTerm(Guid.NewGuid(), Guid.NewGuid(), "2026/2027", 1, null, by.By, EntrySource.Api)),
            UpdateTermHandler.Decide(Term, by, new UpdateTerm(Guid.NewGuid(), TermId, null, null, by.By, EntrySource.Api)),
            OpenClassHandler.Decide(null, by, Term, [], null, new OpenClass(Guid.NewGuid(), Guid.NewGuid(), TermId, "X-9", 10, "E", null, by.By, EntrySource.Api)),
            UpdateClassHandler.Decide(schoolClass, by, Term, [], null, new UpdateClass(Guid.NewGuid(), schoolClass.ClassId, "X-9", 10, "E", null, by.By, EntrySource.Api)),
            RegisterStudentHandler.Decide(null, by, [], Today, new RegisterStudent(Guid.NewGuid(), Guid.NewGuid(), "Ani", "0012345678", "1", "P", null, null, null, by.By, EntrySource.Api)),
            UpdateStudentHandler.Decide(student, by, [], Today, new UpdateStudent(Guid.NewGuid(), student.StudentId, student.Data, by.By, EntrySource.Api)),
            EnrollStudentHandler.Decide(schoolClass, by, [student], [], new EnrollStudent(Guid.NewGuid(), schoolClass.ClassId, student.StudentId, by.By, EntrySource.Api)),
            WithdrawStudentHandler.Decide(schoolClass, by, new WithdrawStudent(Guid.NewGuid(), schoolClass.ClassId, student.StudentId, null, by.By, EntrySource.Api)),
            AddSubjectHandler.Decide(null, by, [], new AddSubject(Guid.NewGuid(), Guid.NewGuid(), "Matematika", "MTK", "Umum", 1, false, 70, by.By, EntrySource.Api)),
            UpdateSubjectHandler.Decide(null, by, [], new UpdateSubject(Guid.NewGuid(), Guid.NewGuid(), "Matematika", "MTK", "Umum", 1, false, 70, by.By, EntrySource.Api)),
        ];
        var move = MoveStudentHandler.Decide(schoolClass, Class("X-2"), by, [student], new MoveStudent(Guid.NewGuid(), student.StudentId, schoolClass.ClassId, Guid.NewGuid(), by.By, EntrySource.Api));
        var import = ImportStudentsHandler.Decide(by, Term, [schoolClass], [], Today, Import(Row(2, "Ani", "0012345678", "1", "X-1"))).Decision;

        foreach (var d in decisions)
        {
            d.Status.ShouldBe(OutcomeStatus.Forbidden);
            Codes(d).ShouldBe(["masterdata.admin_required"]);
        }
        move.Status.ShouldBe(OutcomeStatus.Forbidden);
        import.Status.ShouldBe(OutcomeStatus.Forbidden);
        import.Errors.ShouldHaveSingleItem().Code.ShouldBe("masterdata.admin_required");
    }

    [Fact]
    public void the_system_may_change_master_data_when_seeding()
    {
        var by = MasterDataActors.System;

        SingleEvent(AddSubjectHandler.Decide(null, by, [], new AddSubject(Guid.NewGuid(), Guid.NewGuid(), "Matematika", "MTK", "Umum", 1, false, 70, by.By, EntrySource.Seed)));
    }

    // --- school profile

    private static SchoolProfileData Profile(string? title = null, string? nip = "19680512 199403 2 004") =>
        new("SMA Negeri 1 Sukamaju", "20212345", "Jl. Pendidikan No. 1", "Kabupaten Sukamaju", "Dra. Sri Wahyuni, M.Pd.", nip, title,
            "Sukamaju", "Kec. Sukamaju", "Jawa Barat", "info@sman1.sch.id", "sman1.sch.id");

    private static UpdateSchoolProfile UpdateProfile(SchoolProfileData profile) => new(Guid.NewGuid(), profile, By, EntrySource.Form);

    private static SchoolProfile Registered() =>
        SchoolProfile.Create(new SchoolRegistered("SMA Negeri 1 Sukamaju", "20212345", "Jl. Pendidikan No. 1", "Kabupaten Sukamaju",
            "Dra. Sri Wahyuni, M.Pd.", "19680512 199403 2 004"));

    [Fact]
    public void a_school_without_a_profile_is_registered_by_its_first_profile_update()
    {
        SingleEvent(UpdateSchoolProfileHandler.Decide(null, Admin, UpdateProfile(Profile()))).ShouldBe(SchoolRegistered.Of(Profile()));
    }

    [Theory]
    [InlineData("Plt.", "Plt.")]
    [InlineData("plt", "Plt.")]
    [InlineData(" PLH. ", "Plh.")]
    [InlineData("", null)]
    [InlineData("-", null)]
    public void the_principal_may_carry_a_plt_or_plh_prefix(string title, string? expected)
    {
        var e = (SchoolProfileUpdated)SingleEvent(UpdateSchoolProfileHandler.Decide(Registered(), Admin, UpdateProfile(Profile(title))));

        e.Data.PrincipalTitle.ShouldBe(expected);
        e.Data.PrincipalDisplayName.ShouldBe(expected is null ? "Dra. Sri Wahyuni, M.Pd." : $"{expected} Dra. Sri Wahyuni, M.Pd.");
    }

    [Fact]
    public void another_principal_title_is_refused()
    {
        Codes(UpdateSchoolProfileHandler.Decide(Registered(), Admin, UpdateProfile(Profile("Pj.")))).ShouldBe(["principalTitle.invalid"]);
    }

    [Theory]
    [InlineData("19680512A")]
    [InlineData("NIP 1968")]
    public void a_principal_nip_with_letters_is_refused(string nip)
    {
        Codes(UpdateSchoolProfileHandler.Decide(Registered(), Admin, UpdateProfile(Profile(nip: nip)))).ShouldBe(["principalNip.invalid"]);
    }

    [Theory]
    [InlineData("F4", "F4")]
    [InlineData(" folio ", "F4")]
    [InlineData("a4", null)]
    [InlineData("", null)]
    public void the_report_paper_is_a4_stored_as_none_or_f4(string paper, string? expected)
    {
        var e = (SchoolProfileUpdated)SingleEvent(UpdateSchoolProfileHandler.Decide(Registered(), Admin,
            UpdateProfile(Profile() with { Name = "SMA Negeri 2 Sukamaju", Paper = paper })));

        e.Data.Paper.ShouldBe(expected);
    }

    [Fact]
    public void a_profile_saved_with_a4_before_the_paper_choice_existed_is_unchanged_by_choosing_a4()
    {
        var current = Registered();
        current.Apply(new SchoolProfileUpdated(Profile()));

        var d = UpdateSchoolProfileHandler.Decide(current, Admin, UpdateProfile(Profile() with { Paper = "A4" }));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Events.ShouldBeEmpty();
    }

    [Fact]
    public void another_paper_is_refused()
    {
        Codes(UpdateSchoolProfileHandler.Decide(Registered(), Admin, UpdateProfile(Profile() with { Paper = "Letter" }))).ShouldBe(["paper.invalid"]);
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(3, null)]
    [InlineData(null, null)]
    public void an_smks_program_lasts_four_years_or_the_usual_three_stored_as_none(int? years, int? expected)
    {
        var e = (SchoolProfileUpdated)SingleEvent(UpdateSchoolProfileHandler.Decide(Registered(), Admin,
            UpdateProfile(Profile() with { Name = "SMK Negeri 2 Sukamaju", ProgramYears = years })));

        e.Data.ProgramYears.ShouldBe(expected);
        e.Data.LastLevel.ShouldBe(years == 4 ? 13 : 12);
    }

    [Theory]
    [InlineData("SMKN 1 Garut", true)]
    [InlineData("SMKS Bina Karya", true)]
    [InlineData("smk negeri 4 bandung", true)]
    [InlineData("Sekolah Menengah Kejuruan Negeri 2 Cimahi", true)]
    [InlineData("SMA Negeri 1 Sukamaju", false)]
    [InlineData("SMP Negeri 3 Garut", false)]
    [InlineData("Sekolah Menengah Atas Negeri 1", false)]
    public void a_school_is_an_smk_by_its_name(string name, bool smk)
    {
        SchoolProfileData.IsSmk(name).ShouldBe(smk);
    }

    [Fact]
    public void a_four_year_program_is_refused_for_a_school_that_is_not_an_smk_and_other_lengths_for_any()
    {
        var sma = UpdateSchoolProfileHandler.Decide(Registered(), Admin, UpdateProfile(Profile() with { ProgramYears = 4 }));

        Codes(sma).ShouldBe(["programYears.smk_only"]);
        sma.Errors.Single().Message.ShouldStartWith("Lama pendidikan 4 tahun (ada kelas XIII) hanya untuk SMK");
        Codes(UpdateSchoolProfileHandler.Decide(Registered(), Admin, UpdateProfile(Profile() with { Name = "SMK Negeri 2 Sukamaju", ProgramYears = 5 })))
            .ShouldBe(["programYears.invalid"]);
    }

    [Theory]
    [InlineData("Kabupaten Sukamaju", "Sukamaju")]
    [InlineData("Kab. Bandung Barat", "Bandung Barat")]
    [InlineData("KOTA Bandung", "Bandung")]
    [InlineData("Kota Administrasi Jakarta Selatan", "Jakarta Selatan")]
    [InlineData("Kotabaru", "Kotabaru")]
    [InlineData("Kota", "Kota")]
    [InlineData("  Sleman ", "Sleman")]
    public void a_rapor_is_signed_at_the_kabupaten_or_kota_by_its_own_name(string city, string expected) =>
        SchoolProfileData.SignaturePlace(city).ShouldBe(expected);

    [Fact]
    public void saving_the_same_profile_again_changes_nothing()
    {
        var current = Registered();
        current.Apply(new SchoolProfileUpdated(Profile()));

        var d = UpdateSchoolProfileHandler.Decide(current, Admin, UpdateProfile(Profile() with { Name = " SMA Negeri 1  Sukamaju " }));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Events.ShouldBeEmpty();
    }

    [Fact]
    public void a_profile_without_required_fields_reports_each_of_them()
    {
        var d = UpdateSchoolProfileHandler.Decide(null, Admin, UpdateProfile(new SchoolProfileData("", "123", "", "", "", null, Email: "bukan-email")));

        Codes(d).ShouldBe(["name.required", "npsn.invalid", "address.required", "city.required", "principalName.required", "email.invalid"]);
    }

    // --- terms

    [Fact]
    public void the_same_school_year_and_semester_cannot_be_opened_twice()
    {
        var d = OpenTermHandler.Decide(null, Admin, [Term], new OpenTerm(Guid.NewGuid(), Guid.NewGuid(), "2026/2027", 1, null, By, EntrySource.Form));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["term.duplicate"]);
    }

    [Fact]
    public void the_other_semester_of_the_year_may_be_opened()
    {
        SingleEvent(OpenTermHandler.Decide(null, Admin, [Term], new OpenTerm(Guid.NewGuid(), Guid.NewGuid(), "2026/2027", 2, null, By, EntrySource.Form)));
    }

    [Fact]
    public void a_terms_report_date_and_place_are_set()
    {
        var e = SingleEvent(UpdateTermHandler.Decide(Term, Admin, new UpdateTerm(Guid.NewGuid(), TermId, new DateOnly(2026, 12, 20), " Sukamaju ", By, EntrySource.Form)));

        e.ShouldBe(new TermUpdated(TermId, "2026/2027", 1, new DateOnly(2026, 12, 20), "Sukamaju"));
    }

    [Fact]
    public void setting_the_same_report_date_changes_nothing()
    {
        UpdateTermHandler.Decide(Term, Admin, new UpdateTerm(Guid.NewGuid(), TermId, new DateOnly(2026, 12, 19), null, By, EntrySource.Form)).Events.ShouldBeEmpty();
    }

    [Fact]
    public void updating_a_missing_term_is_not_found()
    {
        UpdateTermHandler.Decide(null, Admin, new UpdateTerm(Guid.NewGuid(), TermId, null, null, By, EntrySource.Form)).Status.ShouldBe(OutcomeStatus.NotFound);
    }

    // --- classes

    private static OpenClass Open(string name = "X-3", string phase = "E", Guid? teacher = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), TermId, name, 10, phase, teacher, By, EntrySource.Form);

    [Fact]
    public void a_class_opens_only_in_an_existing_term()
    {
        var d = OpenClassHandler.Decide(null, Admin, null, [], null, Open());

        d.Status.ShouldBe(OutcomeStatus.NotFound);
        Codes(d).ShouldBe(["term.not_found"]);
    }

    [Theory]
    [InlineData("X-1")]
    [InlineData(" x-1 ")]
    [InlineData("x-1")]
    public void class_names_are_unique_in_a_term_whatever_their_case(string name)
    {
        var d = OpenClassHandler.Decide(null, Admin, Term, [Class("X-1")], null, Open(name));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["class.name_taken"]);
    }

    [Fact]
    public void the_same_class_name_may_be_used_in_another_term()
    {
        SingleEvent(OpenClassHandler.Decide(null, Admin, Term, [Class("X-1", Guid.NewGuid())], null, Open("X-1")));
    }

    [Theory]
    [InlineData("G")]
    [InlineData("E1")]
    public void the_phase_must_be_A_to_F(string phase)
    {
        Codes(OpenClassHandler.Decide(null, Admin, Term, [], null, Open(phase: phase))).ShouldBe(["phase.invalid"]);
    }

    [Fact]
    public void the_homeroom_teacher_must_be_an_active_user_of_the_school()
    {
        var teacherId = Guid.NewGuid();
        var disabled = MasterDataActors.Account("guru.lama", Role.Teacher, disabled: true);

        Codes(OpenClassHandler.Decide(null, Admin, Term, [], null, Open(teacher: teacherId))).ShouldBe(["teacher.not_found"]);
        Codes(OpenClassHandler.Decide(null, Admin, Term, [], disabled, Open(teacher: disabled.UserId))).ShouldBe(["teacher.disabled"]);
        var active = MasterDataActors.Account("wali.x3", Role.HomeroomTeacher);
        ((ClassOpened)SingleEvent(OpenClassHandler.Decide(null, Admin, Term, [], active, Open(teacher: active.UserId)))).HomeroomTeacherId.ShouldBe(active.UserId);
    }

    [Theory]
    [InlineData(Role.Admin)]
    [InlineData(Role.Principal)]
    public void the_admin_or_the_principal_without_a_teacher_role_cannot_be_named_homeroom_teacher(Role role)
    {
        var account = MasterDataActors.Account(role.ToString(), role);
        var teacher = MasterDataActors.Account("guru.bio", Role.Teacher);
        SingleEvent(OpenClassHandler.Decide(null, Admin, Term, [], teacher, Open(teacher: teacher.UserId)));
        var schoolClass = Class("X-1");

        Codes(OpenClassHandler.Decide(null, Admin, Term, [], account, Open(teacher: account.UserId))).ShouldBe(["teacher.no_teacher_role"]);
        Codes(UpdateClassHandler.Decide(schoolClass, Admin, Term, [schoolClass], account,
            new UpdateClass(Guid.NewGuid(), schoolClass.ClassId, "X-1", 10, "E", account.UserId, By, EntrySource.Form))).ShouldBe(["teacher.no_teacher_role"]);
    }

    [Fact]
    public void updating_a_class_names_its_homeroom_teacher_and_carries_the_whole_class()
    {
        var schoolClass = Class("X-1");
        var teacher = MasterDataActors.Account("wali.x1", Role.HomeroomTeacher);

        var e = SingleEvent(UpdateClassHandler.Decide(schoolClass, Admin, Term, [schoolClass], teacher,
            new UpdateClass(Guid.NewGuid(), schoolClass.ClassId, "X-1 ", 10, "e", teacher.UserId, By, EntrySource.Form)));

        e.ShouldBe(new ClassUpdated(schoolClass.ClassId, TermId, "X-1", 10, "E", teacher.UserId));
    }

    [Fact]
    public void renaming_a_class_to_another_class_name_of_the_term_is_a_conflict()
    {
        var (x1, x2) = (Class("X-1"), Class("X-2"));

        var d = UpdateClassHandler.Decide(x1, Admin, Term, [x1, x2], null, new UpdateClass(Guid.NewGuid(), x1.ClassId, "x-2", 10, "E", null, By, EntrySource.Form));

        Codes(d).ShouldBe(["class.name_taken"]);
    }

    [Fact]
    public void saving_a_class_unchanged_changes_nothing()
    {
        var x1 = Class("X-1");

        UpdateClassHandler.Decide(x1, Admin, Term, [x1], null, new UpdateClass(Guid.NewGuid(), x1.ClassId, "X-1", 10, "E", null, By, EntrySource.Form))
            .Events.ShouldBeEmpty();
    }

    // --- students

    [Fact]
    public void a_nisn_or_nis_used_by_another_student_is_refused()
    {
        var other = Student("Budi", "0012345678", "2627001");

        var d = RegisterStudentHandler.Decide(null, Admin, [other], Today,
            new RegisterStudent(Guid.NewGuid(), Guid.NewGuid(), "Ani", "0012345678", "2627001", "P", null, null, null, By, EntrySource.Form));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["nisn.taken", "nis.taken"]);
    }

    [Fact]
    public void updating_a_student_emits_the_new_data_the_data_before_and_names_the_changed_fields()
    {
        var ani = Student("Ani", "0012345678", "1");
        var data = ani.Data with { Name = "Ani Lestari", BirthDate = new DateOnly(2010, 3, 4), Address = "Jl. Melati 1" };

        var e = SingleEvent(UpdateStudentHandler.Decide(ani, Admin, [ani], Today, new UpdateStudent(Guid.NewGuid(), ani.StudentId, data, By, EntrySource.Form)));

        e.ShouldBeOfType<StudentUpdated>().Changed.ShouldBe(["name", "birthDate", "address"]);
        ((StudentUpdated)e).Data.ShouldBe(data);
        ((StudentUpdated)e).Before.ShouldBe(ani.Data);
    }

    [Fact]
    public void updating_a_student_with_the_same_data_changes_nothing()
    {
        var ani = Student("Ani", "0012345678", "1");

        UpdateStudentHandler.Decide(ani, Admin, [ani], Today, new UpdateStudent(Guid.NewGuid(), ani.StudentId, ani.Data with { Name = " Ani " }, By, EntrySource.Form))
            .Events.ShouldBeEmpty();
    }

    [Fact]
    public void changing_a_nisn_to_another_students_is_refused()
    {
        var (ani, budi) = (Student("Ani", "0012345678", "1"), Student("Budi", "0099999999", "2"));

        var d = UpdateStudentHandler.Decide(ani, Admin, [ani, budi], Today, new UpdateStudent(Guid.NewGuid(), ani.StudentId, ani.Data with { Nisn = "0099999999" }, By, EntrySource.Form));

        Codes(d).ShouldBe(["nisn.taken"]);
    }

    [Fact]
    public void a_student_in_another_class_of_the_term_is_not_enrolled_twice()
    {
        var ani = Student("Ani", "0012345678", "1");
        var (x1, x2) = (Class("X-1", null, ani.StudentId), Class("X-2"));

        var d = EnrollStudentHandler.Decide(x2, Admin, [ani], [x1, x2], new EnrollStudent(Guid.NewGuid(), x2.ClassId, ani.StudentId, By, EntrySource.Form));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["student.already_in_class"]);
    }

    [Fact]
    public void a_student_in_a_class_of_another_term_may_be_enrolled()
    {
        var ani = Student("Ani", "0012345678", "1");
        var (lastYear, x2) = (Class("X-1", Guid.NewGuid(), ani.StudentId), Class("XI-1"));

        SingleEvent(EnrollStudentHandler.Decide(x2, Admin, [ani], [x2], new EnrollStudent(Guid.NewGuid(), x2.ClassId, ani.StudentId, By, EntrySource.Form)));
        lastYear.StudentIds.ShouldContain(ani.StudentId);
    }

    [Fact]
    public void withdrawing_a_student_takes_them_off_the_roster_with_the_reason()
    {
        var ani = Guid.NewGuid();
        var x1 = Class("X-1", null, ani);

        var e = SingleEvent(WithdrawStudentHandler.Decide(x1, Admin, new WithdrawStudent(Guid.NewGuid(), x1.ClassId, ani, " Pindah sekolah ", By, EntrySource.Form)));

        e.ShouldBe(new StudentWithdrawn(ani, "Pindah sekolah"));
        x1.Apply((StudentWithdrawn)e);
        x1.StudentIds.ShouldNotContain(ani);
    }

    [Fact]
    public void withdrawing_a_student_not_in_the_class_is_not_found()
    {
        var x1 = Class("X-1");

        Codes(WithdrawStudentHandler.Decide(x1, Admin, new WithdrawStudent(Guid.NewGuid(), x1.ClassId, Guid.NewGuid(), null, By, EntrySource.Form)))
            .ShouldBe(["student.not_in_class"]);
    }

    [Fact]
    public void withdrawing_several_ticked_students_takes_each_off_with_the_one_reason_or_none_when_one_is_not_in_the_class()
    {
        var (ani, budi, gone) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var x1 = Class("X-1", null, ani, budi);

        var d = WithdrawStudentHandler.Decide(x1, Admin, new WithdrawStudent(Guid.NewGuid(), x1.ClassId, [ani, budi], "Lulus", By, EntrySource.Form));
        var refused = WithdrawStudentHandler.Decide(x1, Admin, new WithdrawStudent(Guid.NewGuid(), x1.ClassId, [ani, gone], "Lulus", By, EntrySource.Form));

        d.Events.ShouldBe([new StudentWithdrawn(ani, "Lulus"), new StudentWithdrawn(budi, "Lulus")]);
        refused.Status.ShouldBe(OutcomeStatus.NotFound);
        refused.Events.ShouldBeEmpty();
        refused.Errors.ShouldHaveSingleItem().Details!["studentId"].ShouldBe(gone);
    }

    [Fact]
    public void moving_a_student_changes_both_rosters_in_one_decision()
    {
        var ani = Student("Ani", "0012345678", "1");
        var (x1, x2) = (Class("X-1", null, ani.StudentId), Class("X-2"));

        var d = MoveStudentHandler.Decide(x1, x2, Admin, [ani], new MoveStudent(Guid.NewGuid(), ani.StudentId, x1.ClassId, x2.ClassId, By, EntrySource.Form));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Streams.Select(s => (s.StreamKey, s.Events.Single())).ShouldBe(
        [
            (x1.Id, new StudentMovedOut(ani.StudentId, x2.ClassId)),
            (x2.Id, (object)new StudentMovedIn(ani.StudentId, x1.ClassId)),
        ]);
    }

    [Fact]
    public void a_student_moves_only_between_classes_of_the_same_term()
    {
        var ani = Student("Ani", "0012345678", "1");
        var (x1, other) = (Class("X-1", null, ani.StudentId), Class("XI-1", Guid.NewGuid()));

        var d = MoveStudentHandler.Decide(x1, other, Admin, [ani], new MoveStudent(Guid.NewGuid(), ani.StudentId, x1.ClassId, other.ClassId, By, EntrySource.Form));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Errors.ShouldHaveSingleItem().Code.ShouldBe("class.other_term");
    }

    [Fact]
    public void moving_a_student_who_is_not_in_the_first_class_is_a_conflict()
    {
        var ani = Student("Ani", "0012345678", "1");
        var (x1, x2) = (Class("X-1"), Class("X-2"));

        MoveStudentHandler.Decide(x1, x2, Admin, [ani], new MoveStudent(Guid.NewGuid(), ani.StudentId, x1.ClassId, x2.ClassId, By, EntrySource.Form))
            .Errors.ShouldHaveSingleItem().Code.ShouldBe("student.not_in_class");
    }

    /// <summary>An operator ticks a dozen students on a phone and moves them with one post, not a dozen.</summary>
    [Fact]
    public void moving_several_ticked_students_moves_each_out_of_one_class_and_into_the_other_in_one_decision()
    {
        var (ani, budi) = (Student("Ani", "0012345678", "1"), Student("Budi", "0099999999", "2"));
        var (x1, x2) = (Class("X-1", null, ani.StudentId, budi.StudentId), Class("X-2"));

        var d = MoveStudentHandler.Decide(x1, x2, Admin, [ani, budi],
            new MoveStudent(Guid.NewGuid(), [ani.StudentId, budi.StudentId, ani.StudentId], x1.ClassId, x2.ClassId, By, EntrySource.Form));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Changes.ShouldBe(2);
        d.Streams.Select(s => (s.StreamKey, s.Events.Count)).ShouldBe([(x1.Id, 2), (x2.Id, 2)]);
        d.Streams[0].Events.ShouldBe([new StudentMovedOut(ani.StudentId, x2.ClassId), new StudentMovedOut(budi.StudentId, x2.ClassId)]);
        d.Streams[1].Events.ShouldBe([new StudentMovedIn(ani.StudentId, x1.ClassId), new StudentMovedIn(budi.StudentId, x1.ClassId)]);
    }

    /// <summary>All or nothing: one student moved away by someone else meanwhile stops the whole move, and the refusal names them.</summary>
    [Fact]
    public void one_ticked_student_no_longer_in_the_class_refuses_the_whole_move_and_names_that_student()
    {
        var (ani, budi, cici) = (Student("Ani", "0012345678", "1"), Student("Budi", "0099999999", "2"), Student("Cici", "0088888888", "3"));
        var (x1, x2) = (Class("X-1", null, ani.StudentId), Class("X-2"));
        var missing = Guid.NewGuid();

        var d = MoveStudentHandler.Decide(x1, x2, Admin, [ani, budi, cici],
            new MoveStudent(Guid.NewGuid(), [ani.StudentId, budi.StudentId, missing], x1.ClassId, x2.ClassId, By, EntrySource.Form));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Streams.ShouldBeEmpty();
        d.Errors.Select(e => (e.Code, e.Details?["studentId"])).ShouldBe([("student.not_in_class", (object?)budi.StudentId), ("student.not_found", missing)]);
        d.Errors[0].Message.ShouldContain("Budi");
    }

    [Fact]
    public void a_move_with_no_student_ticked_is_refused_with_what_to_do()
    {
        var (x1, x2) = (Class("X-1"), Class("X-2"));

        var d = MoveStudentHandler.Decide(x1, x2, Admin, [], new MoveStudent(Guid.NewGuid(), [], x1.ClassId, x2.ClassId, By, EntrySource.Form));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Errors.ShouldHaveSingleItem().Code.ShouldBe("move.no_students");
    }

    [Fact]
    public void enrolling_several_ticked_students_appends_one_event_each_and_skips_those_already_in_the_class()
    {
        var (ani, budi, cici) = (Student("Ani", "0012345678", "1"), Student("Budi", "0099999999", "2"), Student("Cici", "0088888888", "3"));
        var x1 = Class("X-1", null, cici.StudentId);

        var d = EnrollStudentHandler.Decide(x1, Admin, [ani, budi, cici], [x1],
            new EnrollStudent(Guid.NewGuid(), x1.ClassId, [ani.StudentId, budi.StudentId, cici.StudentId], By, EntrySource.Form));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Events.ShouldBe([new StudentEnrolled(ani.StudentId), new StudentEnrolled(budi.StudentId)]);
    }

    [Fact]
    public void one_ticked_student_in_another_class_refuses_the_whole_enrolment_and_names_that_student()
    {
        var (ani, budi) = (Student("Ani", "0012345678", "1"), Student("Budi", "0099999999", "2"));
        var (x1, x2) = (Class("X-1"), Class("X-2", null, budi.StudentId));

        var d = EnrollStudentHandler.Decide(x1, Admin, [ani, budi], [x1, x2],
            new EnrollStudent(Guid.NewGuid(), x1.ClassId, [ani.StudentId, budi.StudentId], By, EntrySource.Form));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Events.ShouldBeEmpty();
        d.Errors.ShouldHaveSingleItem().Message.ShouldStartWith("Budi sudah terdaftar di kelas X-2");
    }

    // --- subjects

    [Fact]
    public void updating_a_subject_carries_its_group_order_religion_and_kktp()
    {
        var id = Guid.NewGuid();
        var subject = ERaport.Write.School.Subject.Create(new SubjectAdded(id, "Pendidikan Agama", "PA", "Umum", 1, false, 70));

        var e = SingleEvent(UpdateSubjectHandler.Decide(subject, Admin, [],
            new UpdateSubject(Guid.NewGuid(), id, "Pendidikan Agama Islam", "PAI", "Umum", 1, true, 75, By, EntrySource.Form)));

        e.ShouldBe(new SubjectUpdated(id, "Pendidikan Agama Islam", "PAI", "Umum", 1, true, 75, "Islam"));
        subject.Apply((SubjectUpdated)e);
        (subject.Kktp, subject.Religion).ShouldBe((75, "Islam"));
    }

    [Theory]
    [InlineData(-1, 70, "order.invalid")]
    [InlineData(1, 101, "kktp.out_of_range")]
    public void a_subjects_order_and_kktp_are_checked(int order, int kktp, string code)
    {
        var id = Guid.NewGuid();
        var subject = ERaport.Write.School.Subject.Create(new SubjectAdded(id, "Matematika", "MTK", "Umum", 1, false, 70));

        Codes(UpdateSubjectHandler.Decide(subject, Admin, [], new UpdateSubject(Guid.NewGuid(), id, "Matematika", "MTK", "Umum", order, false, kktp, By, EntrySource.Form)))
            .ShouldBe([code]);
    }

    [Theory]
    [InlineData("2026/2027", "2026-12-19", true)]
    [InlineData("2026/2027", "2027-06-18", true)]
    [InlineData("2026/2027", "2027-07-03", true)]
    [InlineData("2026/2027", "2026-06-18", false)]
    [InlineData("2026/2027", "2028-06-18", false)]
    public void a_report_date_is_in_its_school_year_from_july_to_the_july_after(string schoolYear, string date, bool inYear) =>
        ERaport.Write.School.Term.InSchoolYear(schoolYear, DateOnly.Parse(date)).ShouldBe(inYear);

    // --- import

    private static ImportedStudent Row(int row, string name, string nisn, string nis, string? rombel, string sex = "L", IReadOnlyList<string>? missing = null) =>
        new(row, Guid.NewGuid(), new StudentData(name, nisn, nis, sex, "Sukamaju", new DateOnly(2009, 5, 17), "Islam", "Jl. Melati"), rombel, missing);

    private static ImportStudents Import(params ImportedStudent[] rows) => new(Guid.NewGuid(), TermId, rows, By, EntrySource.SpreadsheetImport);

    [Fact]
    public void an_import_registers_new_students_and_enrolls_them_into_their_rombel()
    {
        var (x1, x2) = (Class("X-1"), Class("X-2"));
        var c = Import(Row(8, "ADI", "0091234501", "2627001", "X-1"), Row(9, "BUNGA", "0091234502", "2627002", "x-2", "P"));

        var plan = ImportStudentsHandler.Decide(Admin, Term, [x1, x2], [], Today, c);

        plan.Decision.Status.ShouldBe(OutcomeStatus.Accepted);
        plan.Summary.ShouldBe(new ImportSummary(2, 2, 0, 0, 2, 0));
        var adi = c.Rows[0].NewStudentId;
        plan.Decision.Streams.Single(s => s.StreamKey == StreamKeys.Student(TestEvents.SchoolId, adi)).IsNew.ShouldBeTrue();
        plan.Decision.Streams.Single(s => s.StreamKey == x1.Id).Events.ShouldBe([new StudentEnrolled(adi)]);
        plan.Decision.Streams.Single(s => s.StreamKey == x2.Id).Events.ShouldBe([new StudentEnrolled(c.Rows[1].NewStudentId)]);
    }

    /// <summary>Dapodik's rombel is often written with other separators than the school named its class ("X-TKJ-1", "XTKJ1"
    /// for "X TKJ 1"): the same rombel, not 36 rows refused per class.</summary>
    [Fact]
    public void a_rombel_written_with_other_separators_goes_into_the_class_so_named()
    {
        var (tkj, rpl) = (Class("X TKJ 1"), Class("XI RPL 2"));
        var c = Import(Row(8, "ADI", "0091234501", "2627001", "X-TKJ-1"), Row(9, "BUNGA", "0091234502", "2627002", "xi.rpl.2", "P"),
            Row(10, "CITRA", "0091234503", "2627003", "XTKJ1", "P"));

        var plan = ImportStudentsHandler.Decide(Admin, Term, [tkj, rpl], [], Today, c);

        plan.Decision.Status.ShouldBe(OutcomeStatus.Accepted);
        plan.Decision.Streams.Single(s => s.StreamKey == tkj.Id).Events
            .ShouldBe([new StudentEnrolled(c.Rows[0].NewStudentId), new StudentEnrolled(c.Rows[2].NewStudentId)]);
        plan.Decision.Streams.Single(s => s.StreamKey == rpl.Id).Events.ShouldBe([new StudentEnrolled(c.Rows[1].NewStudentId)]);
    }

    [Fact]
    public void a_rombel_that_two_classes_match_only_without_separators_is_not_guessed()
    {
        var c = Import(Row(8, "ADI", "0091234501", "2627001", "X11"));

        var plan = ImportStudentsHandler.Decide(Admin, Term, [Class("X-11"), Class("X-1-1")], [], Today, c);

        plan.Decision.Errors.ShouldHaveSingleItem().Code.ShouldBe("className.not_found");
    }

    [Fact]
    public void importing_the_same_rows_again_changes_nothing()
    {
        var adi = Student("ADI", "0091234501", "2627001");
        var stored = ERaport.Write.School.Student.Create(StudentRegistered.Of(adi.StudentId, Row(8, "ADI", "0091234501", "2627001", "X-1").Data));
        stored.Id = adi.Id;
        var x1 = Class("X-1", null, adi.StudentId);

        var plan = ImportStudentsHandler.Decide(Admin, Term, [x1], [stored], Today, Import(Row(8, "ADI", "0091234501", "2627001", "X-1")));

        plan.Decision.Status.ShouldBe(OutcomeStatus.Accepted);
        plan.Decision.Streams.ShouldBeEmpty();
        plan.Summary.ShouldBe(new ImportSummary(1, 0, 0, 1, 0, 0));
    }

    [Fact]
    public void a_changed_row_updates_the_student_matched_by_nisn_and_a_changed_rombel_moves_them()
    {
        var adi = Student("ADI", "0091234501", "2627001");
        var (x1, x2) = (Class("X-1", null, adi.StudentId), Class("X-2"));

        var plan = ImportStudentsHandler.Decide(Admin, Term, [x1, x2], [adi], Today,
            Import(Row(8, "ADI NUGROHO", "0091234501", "2627001", "X-2")) with { RenamesConfirmed = true });

        plan.Summary.ShouldBe(new ImportSummary(1, 0, 1, 0, 0, 1));
        var updated = plan.Decision.Streams.Single(s => s.StreamKey == adi.Id).Events.ShouldHaveSingleItem().ShouldBeOfType<StudentUpdated>();
        updated.Changed.ShouldContain("name");
        updated.Data.Name.ShouldBe("ADI NUGROHO");
        updated.Before.ShouldBe(adi.Data);
        plan.Decision.Streams.Single(s => s.StreamKey == x1.Id).Events.ShouldBe([new StudentMovedOut(adi.StudentId, x2.ClassId)]);
        plan.Decision.Streams.Single(s => s.StreamKey == x2.Id).Events.ShouldBe([new StudentMovedIn(adi.StudentId, x1.ClassId)]);
    }

    /// <summary>A NISN typed wrong in the file turns another student into this row's name (and class): the result must
    /// name who changed, from what, not only count them.</summary>
    [Fact]
    public void an_import_names_every_stored_student_it_changed_with_the_name_before_and_the_class_left()
    {
        var adi = Student("ADI", "0091234501", "2627001");
        var bunga = Student("BUNGA", "0091234502", "2627002");
        var (x1, x2) = (Class("X-1", null, adi.StudentId, bunga.StudentId), Class("X-2"));

        var plan = ImportStudentsHandler.Decide(Admin, Term, [x1, x2], [adi, bunga], Today,
            Import(Row(8, "DONI", "0091234501", "2627001", "X-2"), Row(9, "BUNGA", "0091234502", "2627002", "X-1")) with { RenamesConfirmed = true });

        var change = plan.Changes.ShouldHaveSingleItem();
        (change.Row, change.Name, change.PreviousName, change.FromClass, change.ToClass).ShouldBe((8, "DONI", "ADI", "X-1", "X-2"));
        change.Fields.ShouldContain("name");
    }

    /// <summary>A NISN typed wrong in the file would turn another stored student into this row's person: the import stops and
    /// names every such row before anything is stored, and goes ahead only when the admin confirms the names did change.</summary>
    [Fact]
    public void an_import_that_would_rename_a_stored_student_stores_nothing_until_the_renames_are_confirmed()
    {
        var adi = Student("ADI", "0091234501", "2627001");
        var bunga = Student("BUNGA", "0091234502", "2627002");
        var x1 = Class("X-1", null, adi.StudentId, bunga.StudentId);
        var c = Import(Row(8, "DONI", "0091234501", "2627001", "X-1"), Row(9, "BUNGA", "0091234502", "2627002", "X-1"));

        var refused = ImportStudentsHandler.Decide(Admin, Term, [x1], [adi, bunga], Today, c);

        refused.Decision.Status.ShouldBe(OutcomeStatus.Conflict);
        refused.Decision.Streams.ShouldBeEmpty();
        var error = refused.Decision.Errors.ShouldHaveSingleItem();
        (error.Code, error.Details!["row"], error.Details["field"], error.Details["value"]).ShouldBe(("import.rename_not_confirmed", 8, "nisn", "0091234501"));
        error.Message.ShouldBe("NISN 0091234501 terdaftar atas nama ADI, bukan DONI. Bila memang orang yang sama dan namanya diperbaiki, " +
            "centang “Nama yang berubah memang benar” lalu impor lagi; bila bukan, NISN di baris ini salah ketik.");
        ImportStudentsHandler.Decide(Admin, Term, [x1], [adi, bunga], Today, c with { RenamesConfirmed = true }).Decision.Status.ShouldBe(OutcomeStatus.Accepted);
    }

    /// <summary>Dapodik writes names in capitals; a name typed by hand as "Adi Nugroho" is the same person as "ADI NUGROHO".</summary>
    [Theory]
    [InlineData("Adi Nugroho", "ADI NUGROHO")]
    [InlineData("Nur'aini  Putri", "NURAINI PUTRI")]
    [InlineData("M. Rizki", "M RIZKI")]
    public void a_name_that_differs_only_in_capitals_spaces_or_marks_needs_no_confirmation(string stored, string inFile)
    {
        var student = Student(stored, "0091234501", "2627001");

        var plan = ImportStudentsHandler.Decide(Admin, Term, [Class("X-1", null, student.StudentId)], [student], Today,
            Import(Row(8, inFile, "0091234501", "2627001", "X-1")));

        plan.Decision.Status.ShouldBe(OutcomeStatus.Accepted);
        plan.Changes.ShouldHaveSingleItem().PreviousName.ShouldBe(stored);
    }

    [Fact]
    public void a_column_missing_from_the_file_keeps_what_is_stored()
    {
        var stored = ERaport.Write.School.Student.Create(new StudentRegistered(Guid.NewGuid(), "ADI", "0091234501", "2627001", "L", "Sukamaju",
            new DateOnly(2009, 5, 17), "Islam", "Jl. Lama 9", "Budi", "Sri"));
        stored.Id = StreamKeys.Student(TestEvents.SchoolId, stored.StudentId);
        var row = Row(8, "ADI", "0091234501", "2627001", "X-1", missing: ["address", "fatherName", "motherName"]) is var r
            ? r with { Data = r.Data with { Address = null } }
            : null!;

        var plan = ImportStudentsHandler.Decide(Admin, Term, [Class("X-1", null, stored.StudentId)], [stored], Today, Import(row));

        plan.Decision.Streams.ShouldBeEmpty();
    }

    [Fact]
    public void every_bad_row_is_reported_with_its_row_and_field_and_nothing_is_planned()
    {
        var other = Student("LAIN", "0099999999", "2627099");
        var c = Import(
            Row(8, "ADI", "0091234501", "2627001", "X-1"),
            Row(9, "BUNGA", "12345", "2627002", "X-1"),
            Row(10, "", "0091234503", "2627003", "X-1"),
            Row(11, "DIMAS", "0091234504", "2627004", "X-9"),
            Row(12, "EKA", "0091234501", "2627005", "X-1"),
            Row(13, "FAJAR", "0091234506", "2627099", "X-1"),
            Row(14, "GITA", "0091234507", "2627007", "X-1", sex: "X"),
            Row(15, "HANA", "0091234508", "2627008", " "));

        var plan = ImportStudentsHandler.Decide(Admin, Term, [Class("X-1")], [other], Today, c);

        plan.Decision.Status.ShouldBe(OutcomeStatus.Invalid);
        plan.Decision.Streams.ShouldBeEmpty();
        plan.Decision.Errors.Select(e => (e.Details!["row"], e.Details["field"], e.Code)).ShouldBe(
        [
            (9, "nisn", "nisn.invalid"),
            (10, "name", "name.required"),
            (11, "className", "className.not_found"),
            (12, "nisn", "nisn.duplicate"),
            (13, "nis", "nis.taken"),
            (14, "sex", "sex.invalid"),
            (15, "className", "className.required"),
        ]);
    }

    [Fact]
    public void an_imported_birth_date_after_the_schools_today_is_refused_at_its_row_as_on_the_student_form()
    {
        var row = Row(9, "BUNGA", "0091234502", "2627002", "X-1");
        var c = Import(row with { Data = row.Data with { BirthDate = Today.AddDays(1) } });

        var error = ImportStudentsHandler.Decide(Admin, Term, [Class("X-1")], [], Today, c).Decision.Errors.ShouldHaveSingleItem();

        (error.Code, error.Message, error.Details!["row"], error.Details["field"], error.Details["value"])
            .ShouldBe(("birthDate.future", "Tanggal lahir ada di masa depan.", 9, "birthDate", "2026-11-02"));
    }

    [Fact]
    public void an_import_without_rows_or_with_too_many_is_refused()
    {
        ImportStudentsHandler.Decide(Admin, Term, [], [], Today, Import()).Decision.Errors.ShouldHaveSingleItem().Code.ShouldBe("import.empty");
        var many = Enumerable.Range(0, ImportStudentsHandler.MaxRows + 1).Select(i => Row(i + 2, "A", $"{i:D10}", $"{i}", "X-1")).ToArray();
        ImportStudentsHandler.Decide(Admin, Term, [], [], Today, Import(many)).Decision.Errors.ShouldHaveSingleItem().Code.ShouldBe("import.too_many_rows");
    }

    [Fact]
    public void importing_into_a_missing_term_is_not_found()
    {
        ImportStudentsHandler.Decide(Admin, null, [], [], Today, Import(Row(2, "A", "0091234501", "1", "X-1"))).Decision.Status.ShouldBe(OutcomeStatus.NotFound);
    }
}
