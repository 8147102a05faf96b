using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.School;

public class SchoolDecisionTests
{
    private static readonly Acting By = MasterDataActors.Admin;
    private static readonly Actor Admin = By.By;

    private static IEnumerable<string> Codes(Decision d) => d.Errors.Select(e => e.Code);

    // --- RegisterSchool

    private static RegisterSchool School(string npsn = "20212345", string name = " SMP Negeri 1 Sukamaju ") =>
        new(Guid.NewGuid(), name, npsn, "Jl. Merdeka 1", "Kab. Sukamaju", "Drs. Budi", null, Admin, EntrySource.Form);

    [Fact]
    public void registering_a_school_emits_SchoolRegistered_with_trimmed_fields()
    {
        var d = RegisterSchoolHandler.Decide(null, By, School());

        d.Events.ShouldHaveSingleItem().ShouldBe(
            new SchoolRegistered("SMP Negeri 1 Sukamaju", "20212345", "Jl. Merdeka 1", "Kab. Sukamaju", "Drs. Budi", null));
    }

    [Theory]
    [InlineData("2021234")]
    [InlineData("202123456")]
    [InlineData("2021234a")]
    public void npsn_must_be_8_digits(string npsn)
    {
        Codes(RegisterSchoolHandler.Decide(null, By, School(npsn: npsn))).ShouldBe(["npsn.invalid"]);
    }

    [Fact]
    public void registering_a_school_twice_is_a_conflict()
    {
        var d = RegisterSchoolHandler.Decide(SchoolProfile.Create(new SchoolRegistered("X", "20212345", "a", "b", "c", null)), By, School());

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["school.already_registered"]);
    }

    // --- OpenTerm

    private static OpenTerm Term(string schoolYear = "2026/2027", int semester = 1) =>
        new(Guid.NewGuid(), Guid.NewGuid(), schoolYear, semester, new DateOnly(2026, 12, 19), Admin, EntrySource.Form);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void opening_a_term_emits_TermOpened(int semester)
    {
        var c = Term(semester: semester);

        SingleEvent(OpenTermHandler.Decide(null, By, [], c))
            .ShouldBe(new TermOpened(c.TermId, "2026/2027", semester, new DateOnly(2026, 12, 19)));
    }

    [Theory]
    [InlineData("2026-2027")]
    [InlineData("2026/2028")]
    [InlineData("2027/2026")]
    [InlineData("26/27")]
    [InlineData("2026")]
    [InlineData("")]
    public void the_school_year_must_be_two_consecutive_years_like_2026_2027(string schoolYear)
    {
        var d = OpenTermHandler.Decide(null, By, [], Term(schoolYear: schoolYear));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        Codes(d).ShouldBe(["schoolYear.invalid"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void the_semester_must_be_1_or_2(int semester)
    {
        Codes(OpenTermHandler.Decide(null, By, [], Term(semester: semester))).ShouldBe(["semester.invalid"]);
    }

    [Fact]
    public void a_bad_school_year_and_semester_are_reported_together()
    {
        Codes(OpenTermHandler.Decide(null, By, [], Term("2026", 3))).ShouldBe(["schoolYear.invalid", "semester.invalid"]);
    }

    [Fact]
    public void opening_a_term_twice_is_a_conflict()
    {
        var existing = ERaport.Write.School.Term.Create(new TermOpened(Guid.NewGuid(), "2026/2027", 1, null));

        var d = OpenTermHandler.Decide(existing, By, [], Term());

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["term.already_opened"]);
    }

    // --- OpenClass

    private static readonly Term OpenTerm = ERaport.Write.School.Term.Create(new TermOpened(Guid.NewGuid(), "2026/2027", 1, null));

    private static OpenClass Class(string name = " VII A ", int level = 7, string phase = "d") =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), name, level, phase, null, Admin, EntrySource.Form);

    [Fact]
    public void opening_a_class_trims_its_name_and_upper_cases_its_phase()
    {
        var c = Class();

        SingleEvent(OpenClassHandler.Decide(null, By, OpenTerm, [], null, c))
            .ShouldBe(new ClassOpened(c.ClassId, c.TermId, "VII A", 7, "D", null));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(14)]
    public void the_class_level_must_be_1_to_13(int level)
    {
        Codes(OpenClassHandler.Decide(null, By, OpenTerm, [], null, Class(level: level))).ShouldBe(["level.invalid"]);
    }

    [Fact]
    public void a_class_needs_a_name()
    {
        Codes(OpenClassHandler.Decide(null, By, OpenTerm, [], null, Class(name: " "))).ShouldBe(["name.required"]);
    }

    [Theory]
    [InlineData(1, "A")]
    [InlineData(4, "B")]
    [InlineData(6, "C")]
    [InlineData(9, "D")]
    [InlineData(10, "E")]
    [InlineData(11, "F")]
    [InlineData(12, "F")]
    [InlineData(13, "F")]
    public void a_class_opened_without_a_phase_gets_the_phase_of_its_level(int level, string phase)
    {
        // XIII: a four-year SMK's (last level 13).
        OpenClassHandler.Decide(null, By, OpenTerm, [], null, Class(level: level, phase: " "), lastLevel: 13)
            .Events.OfType<ClassOpened>().Single().Phase.ShouldBe(phase);
    }

    [Fact]
    public void class_xiii_is_opened_only_in_a_school_whose_program_lasts_four_years()
    {
        var refused = OpenClassHandler.Decide(null, By, OpenTerm, [], null, Class(name: "XIII TKJ 1", level: 13, phase: ""), lastLevel: 12);

        Codes(refused).ShouldBe(["level.four_year_program_only"]);
        refused.Errors.Single().Message.ShouldStartWith("Kelas XIII hanya ada di SMK dengan lama pendidikan 4 tahun.");
        OpenClassHandler.Decide(null, By, OpenTerm, [], null, Class(name: "XIII TKJ 1", level: 13, phase: ""), lastLevel: 13)
            .Events.OfType<ClassOpened>().Single().Level.ShouldBe(13);
    }

    [Fact]
    public void a_class_is_moved_to_xiii_only_with_the_four_year_program_and_a_xiii_stored_before_can_still_be_renamed()
    {
        var twelve = SchoolClass.Create(new ClassOpened(Guid.NewGuid(), Guid.NewGuid(), "XII TKJ 1", 12, "F", null));
        var thirteen = SchoolClass.Create(new ClassOpened(Guid.NewGuid(), Guid.NewGuid(), "XIII TKJ 1", 13, "F", null));
        UpdateClass Update(SchoolClass c, string name, int level) => new(Guid.NewGuid(), c.ClassId, name, level, "", null, Admin, EntrySource.Form);

        Codes(UpdateClassHandler.Decide(twelve, By, OpenTerm, [twelve], null, Update(twelve, "XIII TKJ 1", 13), lastLevel: 12))
            .ShouldBe(["level.four_year_program_only"]);
        UpdateClassHandler.Decide(twelve, By, OpenTerm, [twelve], null, Update(twelve, "XIII TKJ 1", 13), lastLevel: 13).IsAccepted.ShouldBeTrue();
        UpdateClassHandler.Decide(thirteen, By, OpenTerm, [thirteen], null, Update(thirteen, "XIII TKJ 2", 13), lastLevel: 12)
            .Events.OfType<ClassUpdated>().Single().Name.ShouldBe("XIII TKJ 2");
    }

    [Fact]
    public void moving_a_class_to_another_level_without_a_phase_moves_its_phase_too()
    {
        var c = OpenedClass();

        var decision = UpdateClassHandler.Decide(c, By, OpenTerm, [c], null, new UpdateClass(Guid.NewGuid(), c.ClassId, c.Name, 10, "", null, Admin, EntrySource.Form));

        decision.Events.OfType<ClassUpdated>().Single().Phase.ShouldBe("E");
    }

    [Theory]
    [InlineData(10, "A")]
    [InlineData(10, "F")]
    [InlineData(11, "E")]
    [InlineData(7, "C")]
    [InlineData(3, "A")]
    public void a_phase_that_is_not_the_levels_own_is_refused_with_the_phase_the_level_has(int level, string phase)
    {
        var d = OpenClassHandler.Decide(null, By, OpenTerm, [], null, Class(level: level, phase: phase.ToLowerInvariant()));

        Codes(d).ShouldBe(["phase.level_mismatch"]);
        d.Errors.Single().Message.ShouldContain($"Tingkat {level} adalah fase {ClassRules.PhaseOfLevel(level)}");
    }

    [Fact]
    public void editing_a_class_into_a_phase_that_is_not_its_levels_own_is_refused()
    {
        var c = OpenedClass();

        var d = UpdateClassHandler.Decide(c, By, OpenTerm, [c], null, new UpdateClass(Guid.NewGuid(), c.ClassId, c.Name, 10, "A", null, Admin, EntrySource.Form));

        Codes(d).ShouldBe(["phase.level_mismatch"]);
    }

    [Fact]
    public void an_unknown_phase_is_refused()
    {
        Codes(OpenClassHandler.Decide(null, By, OpenTerm, [], null, Class(phase: "G"))).ShouldBe(["phase.invalid"]);
    }

    [Fact]
    public void opening_a_class_twice_is_a_conflict()
    {
        var existing = SchoolClass.Create(new ClassOpened(Guid.NewGuid(), Guid.NewGuid(), "VII A", 7, "D", null));

        OpenClassHandler.Decide(existing, By, OpenTerm, [], null, Class()).Status.ShouldBe(OutcomeStatus.Conflict);
    }

    // --- AddSubject, UpdateSubject: religion

    [Theory]
    [InlineData("PAI dan BP", "islam", "Islam")]
    [InlineData("Pendidikan Agama Katholik dan Budi Pekerti", null, "Katolik")]
    [InlineData("Pendidikan Kepercayaan terhadap Tuhan YME", null, "Kepercayaan")]
    [InlineData("Pendidikan Agama dan Budi Pekerti", null, null)]
    public void a_religion_subject_keeps_the_religion_chosen_for_it_or_the_one_its_name_names(string name, string? chosen, string? religion)
    {
        var added = AddSubjectHandler.Decide(null, By, [], Subject(name, isReligion: true, religion: chosen)).Events.OfType<SubjectAdded>().Single();

        (added.IsReligion, added.Religion).ShouldBe((true, religion));
    }

    [Fact]
    public void choosing_a_religion_makes_a_religion_subject()
    {
        var added = AddSubjectHandler.Decide(null, By, [], Subject("PAK dan BP", isReligion: false, religion: "Kristen")).Events.OfType<SubjectAdded>().Single();

        (added.IsReligion, added.Religion).ShouldBe((true, "Kristen"));
    }

    [Fact]
    public void a_subject_that_is_no_religion_subject_has_no_religion_even_when_its_name_names_one()
    {
        var added = AddSubjectHandler.Decide(null, By, [], Subject("Sejarah Islam di Nusantara", isReligion: false)).Events.OfType<SubjectAdded>().Single();

        (added.IsReligion, added.Religion).ShouldBe((false, null));
    }

    [Fact]
    public void an_unknown_religion_is_refused()
    {
        Codes(AddSubjectHandler.Decide(null, By, [], Subject("Agama Lain", isReligion: true, religion: "Jedi"))).ShouldBe(["religion.invalid"]);
    }

    [Fact]
    public void saving_a_subject_stored_before_religions_were_chosen_makes_its_religion_explicit()
    {
        var stored = ERaport.Write.School.Subject.Create(new SubjectAdded(Guid.NewGuid(), "Pendidikan Agama Islam", "PAI", "Umum", 1, true, 70));

        var decision = UpdateSubjectHandler.Decide(stored, By, [],
            new UpdateSubject(Guid.NewGuid(), stored.SubjectId, stored.Name, stored.Code, stored.Group, stored.Order, true, stored.Kktp, Admin, EntrySource.Form));

        decision.Events.OfType<SubjectUpdated>().Single().Religion.ShouldBe("Islam");
    }

    private static AddSubject Subject(string name, bool isReligion, string? religion = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), name, "KODE", "Umum", 1, isReligion, 70, Admin, EntrySource.Form, religion);

    // --- RegisterStudent

    /// <summary>The school's date the decisions are given.</summary>
    private static readonly DateOnly Today = new(2026, 7, 20);

    private static RegisterStudent Student(string nisn = "0123456789", string sex = "P", DateOnly? birthDate = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), " Ani Lestari ", nisn, " 2026001 ", sex, " Bandung ", birthDate ?? new DateOnly(2013, 5, 2), "Islam",
            Admin, EntrySource.Form);

    [Fact]
    public void a_birth_date_after_the_schools_today_is_refused_and_today_itself_is_not()
    {
        var d = RegisterStudentHandler.Decide(null, By, [], Today, Student(birthDate: Today.AddDays(1)));

        var error = d.Errors.ShouldHaveSingleItem();
        (error.Code, error.Message, error.Details!["field"]).ShouldBe(("birthDate.future", "Tanggal lahir ada di masa depan.", "birthDate"));
        RegisterStudentHandler.Decide(null, By, [], Today, Student(birthDate: Today)).IsAccepted.ShouldBeTrue();
    }

    [Fact]
    public void registering_a_student_emits_StudentRegistered_with_trimmed_fields()
    {
        var c = Student();

        SingleEvent(RegisterStudentHandler.Decide(null, By, [], Today, c)).ShouldBe(new StudentRegistered(
            c.StudentId, "Ani Lestari", "0123456789", "2026001", "P", "Bandung", new DateOnly(2013, 5, 2), "Islam"));
    }

    [Theory]
    [InlineData("012345678")]
    [InlineData("01234567890")]
    [InlineData("01234 6789")]
    [InlineData("012345678x")]
    [InlineData("")]
    public void nisn_must_be_10_digits(string nisn)
    {
        var d = RegisterStudentHandler.Decide(null, By, [], Today, Student(nisn: nisn));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        var error = d.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("nisn.invalid");
        error.Details!["field"].ShouldBe("nisn");
    }

    [Fact]
    public void nisn_with_non_ascii_digits_is_refused()
    {
        Codes(RegisterStudentHandler.Decide(null, By, [], Today, Student(nisn: "٠١٢٣٤٥٦٧٨٩"))).ShouldBe(["nisn.invalid"]);
    }

    [Theory]
    [InlineData("l")]
    [InlineData("X")]
    [InlineData("")]
    public void sex_must_be_L_or_P(string sex)
    {
        Codes(RegisterStudentHandler.Decide(null, By, [], Today, Student(sex: sex))).ShouldBe(["sex.invalid"]);
    }

    [Fact]
    public void registering_a_student_twice_is_a_conflict()
    {
        var existing = ERaport.Write.School.Student.Create(
            new StudentRegistered(Guid.NewGuid(), "Ani", "0123456789", "1", "P", null, null, null));

        var d = RegisterStudentHandler.Decide(existing, By, [], Today, Student());

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe(["student.already_registered"]);
    }

    // --- AddSubject

    private static AddSubject Subject(int kktp = 75, string name = " Matematika ") =>
        new(Guid.NewGuid(), Guid.NewGuid(), name, " MTK ", " Umum ", 3, false, kktp, Admin, EntrySource.Form);

    [Fact]
    public void adding_a_subject_emits_SubjectAdded_with_trimmed_fields()
    {
        var c = Subject();

        SingleEvent(AddSubjectHandler.Decide(null, By, [], c)).ShouldBe(new SubjectAdded(c.SubjectId, "Matematika", "MTK", "Umum", 3, false, 75));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void kktp_must_be_0_to_100(int kktp)
    {
        Codes(AddSubjectHandler.Decide(null, By, [], Subject(kktp: kktp))).ShouldBe(["kktp.out_of_range"]);
    }

    [Fact]
    public void a_subject_name_with_control_characters_is_refused()
    {
        Codes(AddSubjectHandler.Decide(null, By, [], Subject(name: "Mate\u0000matika"))).ShouldBe(["name.invalid_characters"]);
    }

    [Fact]
    public void adding_a_subject_twice_is_a_conflict()
    {
        var existing = ERaport.Write.School.Subject.Create(new SubjectAdded(Guid.NewGuid(), "Matematika", "MTK", "Umum", 3, false, 75));

        AddSubjectHandler.Decide(existing, By, [], Subject()).Status.ShouldBe(OutcomeStatus.Conflict);
    }

    private static ERaport.Write.School.Subject StoredSubject(string name, string code) =>
        ERaport.Write.School.Subject.Create(new SubjectAdded(Guid.NewGuid(), name, code, "Umum", 3, false, 75));

    [Theory]
    [InlineData("Fisika", " mtk ", "subject.code_taken")]
    [InlineData(" matematika  ", "MAT", "subject.name_taken")]
    public void a_subject_whose_code_or_name_another_subject_has_whatever_the_case_and_spaces_is_refused(string name, string code, string refused)
    {
        var c = new AddSubject(Guid.NewGuid(), Guid.NewGuid(), name, code, "Umum", 3, false, 75, Admin, EntrySource.Form);

        var d = AddSubjectHandler.Decide(null, By, [StoredSubject("Matematika", "MTK")], c);

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        Codes(d).ShouldBe([refused]);
        d.Errors.Single().Message.ShouldContain("Matematika (MTK)");
    }

    [Fact]
    public void editing_a_subject_into_another_subjects_code_is_refused_and_keeping_its_own_is_not()
    {
        var (math, physics) = (StoredSubject("Matematika", "MTK"), StoredSubject("Fisika", "FIS"));
        UpdateSubject Edit(string name, string code) =>
            new(Guid.NewGuid(), physics.SubjectId, name, code, "Umum", 3, false, 70, Admin, EntrySource.Form);

        Codes(UpdateSubjectHandler.Decide(physics, By, [math, physics], Edit("Fisika", "Mtk"))).ShouldBe(["subject.code_taken"]);
        Codes(UpdateSubjectHandler.Decide(physics, By, [math, physics], Edit("MATEMATIKA", "FIS"))).ShouldBe(["subject.name_taken"]);
        SingleEvent(UpdateSubjectHandler.Decide(physics, By, [math, physics], Edit("fisika", "fis"))).ShouldBeOfType<SubjectUpdated>().Kktp.ShouldBe(70);
    }

    [Fact]
    public void a_subject_stored_with_another_subjects_code_before_codes_were_checked_may_still_be_edited_keeping_it()
    {
        var (math, twin) = (StoredSubject("Matematika", "MTK"), StoredSubject("Matematika Lanjut", "mtk"));

        var d = UpdateSubjectHandler.Decide(twin, By, [math, twin],
            new UpdateSubject(Guid.NewGuid(), twin.SubjectId, "Matematika Lanjut", "mtk", "Umum", 3, false, 70, Admin, EntrySource.Form));

        SingleEvent(d).ShouldBeOfType<SubjectUpdated>();
    }

    // --- EnrollStudent

    private static readonly Guid Ani = Guid.NewGuid();

    private static SchoolClass OpenedClass() => SchoolClass.Create(new ClassOpened(Guid.NewGuid(), Guid.NewGuid(), "VII A", 7, "D", null));

    private static Student RegisteredStudent() =>
        ERaport.Write.School.Student.Create(new StudentRegistered(Ani, "Ani", "0123456789", "1", "P", null, null, null));

    private static EnrollStudent Enroll() => new(Guid.NewGuid(), Guid.NewGuid(), Ani, Admin, EntrySource.Form);

    [Fact]
    public void enrolling_a_student_emits_StudentEnrolled()
    {
        SingleEvent(EnrollStudentHandler.Decide(OpenedClass(), By, [RegisteredStudent()], [], Enroll())).ShouldBe(new StudentEnrolled(Ani));
    }

    [Fact]
    public void enrolling_a_student_already_in_the_class_changes_nothing()
    {
        var schoolClass = OpenedClass();
        schoolClass.Apply(new StudentEnrolled(Ani));

        var d = EnrollStudentHandler.Decide(schoolClass, By, [RegisteredStudent()], [], Enroll());

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Events.ShouldBeEmpty();
    }

    [Fact]
    public void enrolling_into_a_missing_class_is_not_found()
    {
        var d = EnrollStudentHandler.Decide(null, By, [RegisteredStudent()], [], Enroll());

        d.Status.ShouldBe(OutcomeStatus.NotFound);
        Codes(d).ShouldBe(["class.not_found"]);
    }

    [Fact]
    public void enrolling_a_missing_student_is_not_found()
    {
        var d = EnrollStudentHandler.Decide(OpenedClass(), By, [], [], Enroll());

        d.Status.ShouldBe(OutcomeStatus.NotFound);
        Codes(d).ShouldBe(["student.not_found"]);
    }

    /// <summary>The single event of an accepted decision.</summary>
    private static object SingleEvent(Decision d)
    {
        d.Status.ShouldBe(OutcomeStatus.Accepted, string.Join(", ", d.Errors.Select(e => e.Code)));
        return d.Events.ShouldHaveSingleItem();
    }
}
