using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.School;

public class CarryOverTermDecisionTests
{
    private const string School = TestEvents.SchoolId;
    private static readonly Acting Admin = MasterDataActors.Admin;

    private static readonly Term Ganjil = Term.Create(new TermOpened(Guid.NewGuid(), "2026/2027", 1, null));
    private static readonly Term Genap = Term.Create(new TermOpened(Guid.NewGuid(), "2026/2027", 2, null));

    private static readonly Subject Math = Subject.Create(new SubjectAdded(Guid.NewGuid(), "Matematika", "MTK", "Umum", 4, false, 75));

    private static UserAccount Account(string userName, params RoleGrant[] roles)
    {
        var id = Guid.NewGuid();
        return new() { Id = StreamKeys.User(School, id), UserId = id, SchoolId = School, UserName = userName, DisplayName = "Bu " + userName, Roles = [.. roles] };
    }

    private static SchoolClass Class(string name, Guid? homeroom, params Guid[] students)
    {
        var k = SchoolClass.Create(new ClassOpened(Guid.NewGuid(), Ganjil.TermId, name, 10, "E", homeroom));
        foreach (var s in students)
            k.Apply(new StudentEnrolled(s));
        return k;
    }

    private static Gradebook Gradebook(SchoolClass k, UserAccount teacher, params string[] objectives)
    {
        var id = Guid.NewGuid();
        var g = ERaport.Write.Grading.Gradebook.Create(new GradebookOpened(id, Ganjil.TermId, k.ClassId, Math.SubjectId, teacher.UserId,
            [.. objectives.Select((o, i) => LearningObjective.Numbered(i + 1, o))], 80, new Weights(60, 20, 20)));
        g.Id = StreamKeys.Gradebook(School, id);
        return g;
    }

    private static CarryOverTerm Command(Guid? commandId = null) => new(commandId ?? Guid.NewGuid(), Genap.TermId, Ganjil.TermId, Admin.By, EntrySource.Form);

    private static CarryOverState State(IReadOnlyList<SchoolClass> classes, IReadOnlyList<Gradebook> gradebooks, IReadOnlyList<UserAccount> accounts,
        Term? term = null, Term? from = null, IReadOnlyList<SchoolClass>? classesOfTerm = null) =>
        new(term ?? Genap, from ?? Ganjil, classesOfTerm ?? [], classes, gradebooks, [Math], accounts);

    private static List<object> EventsOf(CarryOverPlan plan, string streamKey) =>
        [.. plan.Decision.Streams.Where(s => s.StreamKey == streamKey).SelectMany(s => s.Events)];

    private static IEnumerable<T> All<T>(CarryOverPlan plan) => plan.Decision.Streams.SelectMany(s => s.Events).OfType<T>();

    [Fact]
    public void a_genap_term_gets_the_ganjil_classes_with_their_wali_kelas_rosters_roles_and_teaching_assignments()
    {
        var wali = Account("wali", new RoleGrant(Role.Teacher, Ganjil.TermId, null));
        var principal = Account("kepsek", new RoleGrant(Role.Principal, Ganjil.TermId, null));
        var (ani, budi) = (Guid.NewGuid(), Guid.NewGuid());
        var x1 = Class("X-1", wali.UserId, ani, budi);
        wali.Roles.Add(new RoleGrant(Role.HomeroomTeacher, Ganjil.TermId, x1.ClassId));
        var math = Gradebook(x1, wali, "Bilangan", "Aljabar");
        var c = Command();

        var plan = CarryOverTermHandler.Decide(Admin, State([x1], [math], [wali, principal]), c);

        plan.Decision.Status.ShouldBe(OutcomeStatus.Accepted, string.Join(", ", plan.Decision.Errors.Select(e => e.Code)));
        var classId = CarryOverTermHandler.IdFor(c.CommandId, x1.ClassId);
        var classStream = plan.Decision.Streams.Single(s => s.StreamKey == StreamKeys.Class(School, classId));
        classStream.IsNew.ShouldBeTrue();
        classStream.Events.ShouldBe(
            [new ClassOpened(classId, Genap.TermId, "X-1", 10, "E", wali.UserId), .. new[] { ani, budi }.Order().Select(s => new StudentEnrolled(s))]);
        EventsOf(plan, wali.Id).ShouldBe(new object[]
        {
            new RoleGranted(new RoleGrant(Role.Teacher, Genap.TermId, null)),
            new RoleGranted(new RoleGrant(Role.HomeroomTeacher, Genap.TermId, classId)),
        }, ignoreOrder: true);
        EventsOf(plan, principal.Id).ShouldBe(new object[] { new RoleGranted(new RoleGrant(Role.Principal, Genap.TermId, null)) });
        var opened = All<GradebookOpened>(plan).ShouldHaveSingleItem();
        (opened.TermId, opened.ClassId, opened.SubjectId, opened.TeacherId, opened.Kktp, opened.Weights)
            .ShouldBe((Genap.TermId, classId, Math.SubjectId, wali.UserId, 80, new Weights(60, 20, 20)));
        opened.LearningObjectives.Select(o => (o.Key, o.Description)).ShouldBe(new[] { ("tp1", "Bilangan"), ("tp2", "Aljabar") });
        (plan.Summary.Classes, plan.Summary.Students, plan.Summary.Roles, plan.Summary.TeachingAssignments).ShouldBe((1, 2, 3, 1));
        plan.Summary.LeftOut.ShouldBeEmpty();
    }

    [Fact]
    public void carried_tps_are_renumbered_from_tp1_and_a_concise_description_style_is_kept()
    {
        var teacher = Account("guru", new RoleGrant(Role.Teacher, Ganjil.TermId, null));
        var x1 = Class("X-1", null);
        var math = Gradebook(x1, teacher, "Bilangan", "Aljabar", "Geometri");
        math.Apply(new LearningObjectiveRemoved(math.LearningObjectives()[0], null, []));
        math.Apply(new GradingSchemeChanged(new Weights(1, 0, 1), 70, DescriptionStyle.StrongestAndWeakest));

        var events = All<object>(CarryOverTermHandler.Decide(Admin, State([x1], [math], [teacher]), Command()))
            .Where(e => e is GradebookOpened or GradingSchemeChanged).ToList();

        var opened = events[0].ShouldBeOfType<GradebookOpened>();
        opened.LearningObjectives.Select(o => (o.Key, o.Code, o.Description)).ShouldBe(new[] { ("tp1", "TP1", "Aljabar"), ("tp2", "TP2", "Geometri") });
        events[1].ShouldBe(new GradingSchemeChanged(new Weights(1, 0, 1), 70, DescriptionStyle.StrongestAndWeakest, new Weights(1, 0, 1), 70));
    }

    [Fact]
    public void an_assignment_of_a_disabled_teacher_is_left_out_and_named_and_a_disabled_wali_kelas_leaves_the_class_without_one()
    {
        var gone = Account("pensiun", new RoleGrant(Role.Teacher, Ganjil.TermId, null));
        gone.Disabled = true;
        var x1 = Class("X-1", gone.UserId, Guid.NewGuid());

        var plan = CarryOverTermHandler.Decide(Admin, State([x1], [Gradebook(x1, gone, "Bilangan")], [gone]), Command());

        plan.Decision.IsAccepted.ShouldBeTrue();
        All<ClassOpened>(plan).ShouldHaveSingleItem().HomeroomTeacherId.ShouldBeNull();
        All<GradebookOpened>(plan).ShouldBeEmpty();
        All<RoleGranted>(plan).ShouldBeEmpty();
        plan.Summary.LeftOut.ShouldBe(new[]
        {
            "Kelas X-1 disalin tanpa wali kelas: Bu pensiun tidak aktif.",
            "Pembelajaran Matematika X-1 tidak disalin: Bu pensiun tidak aktif. Buat pembelajarannya dengan guru lain.",
        });
    }

    [Fact]
    public void a_class_stored_with_a_phase_not_of_its_level_is_carried_with_its_levels_phase_and_named()
    {
        var x1 = SchoolClass.Create(new ClassOpened(Guid.NewGuid(), Ganjil.TermId, "X-1", 10, "A", null));

        var plan = CarryOverTermHandler.Decide(Admin, State([x1], [], []), Command());

        All<ClassOpened>(plan).ShouldHaveSingleItem().Phase.ShouldBe("E");
        plan.Summary.LeftOut.ShouldBe(["Kelas X-1 disalin dengan fase E (fase tingkat 10), bukan fase A seperti di semester asal."]);
    }

    [Fact]
    public void a_teacher_of_a_carried_assignment_gets_the_teacher_role_even_without_it_in_ganjil_and_held_roles_are_not_granted_again()
    {
        var withoutRole = Account("guru.lama");
        var already = Account("guru.siap", new RoleGrant(Role.Teacher, Ganjil.TermId, null), new RoleGrant(Role.Teacher, Genap.TermId, null));
        var x1 = Class("X-1", null);

        var plan = CarryOverTermHandler.Decide(Admin, State([x1], [Gradebook(x1, withoutRole, "Bilangan")], [withoutRole, already]), Command());

        EventsOf(plan, withoutRole.Id).ShouldBe(new object[] { new RoleGranted(new RoleGrant(Role.Teacher, Genap.TermId, null)) });
        EventsOf(plan, already.Id).ShouldBeEmpty();
    }

    [Fact]
    public void a_new_school_years_term_starts_from_the_same_semester_a_year_before_with_its_classes_but_not_their_students()
    {
        var lastYear = Term.Create(new TermOpened(Guid.NewGuid(), "2025/2026", 1, null));
        var thisYear = Term.Create(new TermOpened(Guid.NewGuid(), "2026/2027", 1, null));
        var wali = Account("wali", new RoleGrant(Role.Teacher, lastYear.TermId, null));
        var x1 = Class("X-1", wali.UserId, Guid.NewGuid(), Guid.NewGuid());
        wali.Roles.Add(new RoleGrant(Role.HomeroomTeacher, lastYear.TermId, x1.ClassId));
        var c = Command() with { TermId = thisYear.TermId, FromTermId = lastYear.TermId };

        var plan = CarryOverTermHandler.Decide(Admin, State([x1], [Gradebook(x1, wali, "Bilangan")], [wali], thisYear, lastYear), c);

        plan.Decision.IsAccepted.ShouldBeTrue();
        var classId = CarryOverTermHandler.IdFor(c.CommandId, x1.ClassId);
        EventsOf(plan, StreamKeys.Class(School, classId)).ShouldBe([new ClassOpened(classId, thisYear.TermId, "X-1", 10, "E", wali.UserId)]);
        EventsOf(plan, wali.Id).ShouldBe(new object[]
        {
            new RoleGranted(new RoleGrant(Role.Teacher, thisYear.TermId, null)),
            new RoleGranted(new RoleGrant(Role.HomeroomTeacher, thisYear.TermId, classId)),
        }, ignoreOrder: true);
        All<GradebookOpened>(plan).ShouldHaveSingleItem().ClassId.ShouldBe(classId);
        (plan.Summary.Classes, plan.Summary.Students, plan.Summary.TeachingAssignments).ShouldBe((1, 0, 1));
        plan.Summary.LeftOut.ShouldHaveSingleItem().ShouldStartWith("Peserta didik tidak disalin: tahun pelajaran 2026/2027 punya rombel baru.");
    }

    [Theory]
    [InlineData("2025/2026", 1, "2026/2027", 1)]
    [InlineData("2025/2026", 2, "2026/2027", 2)]
    public void the_same_semester_a_year_before_is_carried_over(string fromYear, int fromSemester, string toYear, int toSemester)
    {
        var from = Term.Create(new TermOpened(Guid.NewGuid(), fromYear, fromSemester, null));
        var to = Term.Create(new TermOpened(Guid.NewGuid(), toYear, toSemester, null));

        CarryOverTermHandler.Decide(Admin, State([Class("X-1", null)], [], [], to, from), Command()).Decision.IsAccepted.ShouldBeTrue();
    }

    [Fact]
    public void a_new_school_years_ganjil_starts_from_the_genap_just_before_with_its_classes_and_assignments_but_not_its_students_or_tps()
    {
        // A school that started with E-Raport in a Genap (or whose last year's Ganjil is gone) turns the year from that Genap.
        var genap = Term.Create(new TermOpened(Guid.NewGuid(), "2026/2027", 2, null));
        var ganjil = Term.Create(new TermOpened(Guid.NewGuid(), "2027/2028", 1, null));
        var wali = Account("wali", new RoleGrant(Role.Teacher, genap.TermId, null));
        var x1 = Class("X-1", wali.UserId, Guid.NewGuid(), Guid.NewGuid());
        wali.Roles.Add(new RoleGrant(Role.HomeroomTeacher, genap.TermId, x1.ClassId));
        var c = Command() with { TermId = ganjil.TermId, FromTermId = genap.TermId };

        var plan = CarryOverTermHandler.Decide(Admin, State([x1], [Gradebook(x1, wali, "Trigonometri")], [wali], ganjil, genap), c);

        plan.Decision.Status.ShouldBe(OutcomeStatus.Accepted, string.Join(", ", plan.Decision.Errors.Select(e => e.Code)));
        var classId = CarryOverTermHandler.IdFor(c.CommandId, x1.ClassId);
        EventsOf(plan, StreamKeys.Class(School, classId)).ShouldBe([new ClassOpened(classId, ganjil.TermId, "X-1", 10, "E", wali.UserId)]);
        var opened = All<GradebookOpened>(plan).ShouldHaveSingleItem();
        (opened.ClassId, opened.TeacherId, opened.Kktp, opened.Weights).ShouldBe((classId, wali.UserId, 80, new Weights(60, 20, 20)));
        // Genap's TPs are the second half of the year's material: not a start for Ganjil.
        opened.LearningObjectives.ShouldBeEmpty();
        (plan.Summary.Classes, plan.Summary.Students, plan.Summary.Roles, plan.Summary.TeachingAssignments).ShouldBe((1, 0, 2, 1));
        plan.Summary.LeftOut.ShouldContain(l => l.StartsWith("Peserta didik tidak disalin"));
        plan.Summary.LeftOut.ShouldContain("TP tidak disalin: TP semester Genap bukan untuk semester Ganjil. Guru menulis TP semester ini di buku nilainya.");
    }

    [Theory]
    [InlineData("2026/2027", 2, "2026/2027", 1)]
    [InlineData("2025/2026", 1, "2026/2027", 2)]
    [InlineData("2024/2025", 2, "2026/2027", 1)]
    [InlineData("2024/2025", 1, "2026/2027", 1)]
    [InlineData("2027/2028", 1, "2026/2027", 1)]
    public void only_ganjil_into_genap_the_same_semester_of_the_next_school_year_or_genap_into_the_next_ganjil_is_carried_over(string fromYear, int fromSemester, string toYear, int toSemester)
    {
        var from = Term.Create(new TermOpened(Guid.NewGuid(), fromYear, fromSemester, null));
        var to = Term.Create(new TermOpened(Guid.NewGuid(), toYear, toSemester, null));

        var plan = CarryOverTermHandler.Decide(Admin, State([Class("X-1", null)], [], [], to, from), Command());

        plan.Decision.Status.ShouldBe(OutcomeStatus.Invalid);
        plan.Decision.Errors.ShouldHaveSingleItem().Code.ShouldBe("carryOver.not_next_semester");
    }

    [Fact]
    public void a_term_that_already_has_classes_is_not_carried_into()
    {
        var plan = CarryOverTermHandler.Decide(Admin, State([Class("X-1", null)], [], [], classesOfTerm: [Class("X-9", null)]), Command());

        plan.Decision.Status.ShouldBe(OutcomeStatus.Conflict);
        plan.Decision.Errors.ShouldHaveSingleItem().Message.ShouldContain("sudah berisi 1 kelas");
        plan.Decision.Streams.ShouldBeEmpty();
    }

    [Fact]
    public void a_ganjil_term_without_classes_has_nothing_to_carry_over()
    {
        CarryOverTermHandler.Decide(Admin, State([], [], []), Command()).Decision.Errors.ShouldHaveSingleItem().Code.ShouldBe("carryOver.nothing_to_copy");
    }

    [Fact]
    public void only_an_active_admin_carries_a_term_over()
    {
        var plan = CarryOverTermHandler.Decide(MasterDataActors.Teacher, State([Class("X-1", null)], [], []), Command());

        plan.Decision.Status.ShouldBe(OutcomeStatus.Forbidden);
        plan.Decision.Errors.ShouldHaveSingleItem().Code.ShouldBe("masterdata.admin_required");
    }

    [Fact]
    public void an_unknown_term_is_not_found()
    {
        var state = State([Class("X-1", null)], [], []) with { From = null };

        CarryOverTermHandler.Decide(Admin, state, Command()).Decision.Errors.ShouldHaveSingleItem().Code.ShouldBe("carryOver.source_not_found");
        CarryOverTermHandler.Decide(Admin, state with { Term = null }, Command()).Decision.Errors.ShouldHaveSingleItem().Code.ShouldBe("term.not_found");
    }

    [Fact]
    public void the_ganjil_default_weights_carry_over_unless_genap_has_its_own()
    {
        var from = Term.Create(new TermOpened(Ganjil.TermId, "2026/2027", 1, null));
        from.Apply(new TermDefaultWeightsChanged(from.TermId, new Weights(60, 20, 20)));
        var to = Term.Create(new TermOpened(Genap.TermId, "2026/2027", 2, null));

        All<TermDefaultWeightsChanged>(CarryOverTermHandler.Decide(Admin, State([Class("X-1", null)], [], [], to, from), Command()))
            .ShouldBe(new[] { new TermDefaultWeightsChanged(Genap.TermId, new Weights(60, 20, 20)) });
        to.Apply(new TermDefaultWeightsChanged(to.TermId, new Weights(2, 1, 1)));
        All<TermDefaultWeightsChanged>(CarryOverTermHandler.Decide(Admin, State([Class("X-1", null)], [], [], to, from), Command())).ShouldBeEmpty();
    }

    [Fact]
    public void carried_ids_follow_from_the_command_so_a_retry_names_the_same_streams()
    {
        var original = Guid.NewGuid();
        var command = Guid.NewGuid();

        CarryOverTermHandler.IdFor(command, original).ShouldBe(CarryOverTermHandler.IdFor(command, original));
        CarryOverTermHandler.IdFor(command, original).ShouldNotBe(CarryOverTermHandler.IdFor(Guid.NewGuid(), original));
        CarryOverTermHandler.IdFor(command, original).ShouldNotBe(original);
        CarryOverTermHandler.IdFor(command, original).Version.ShouldBe(8);
    }
}
