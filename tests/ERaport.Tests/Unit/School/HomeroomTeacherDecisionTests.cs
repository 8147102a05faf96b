using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.School;

/// <summary>The wali kelas named on a class is the one source of truth; every decision that names, replaces or removes one
/// carries the wali kelas role events with it.</summary>
public class HomeroomTeacherDecisionTests
{
    private const string School = TestEvents.SchoolId;
    private static readonly Acting Admin = MasterDataActors.Admin;
    private static readonly Term Term = Term.Create(new TermOpened(Guid.NewGuid(), "2026/2027", 1, null));

    private static UserAccount Teacher(string name, bool disabled = false, params RoleGrant[] more)
    {
        var id = Guid.NewGuid();
        return new UserAccount
        {
            Id = StreamKeys.User(School, id), UserId = id, SchoolId = School, UserName = name, DisplayName = name, Disabled = disabled,
            Roles = [new RoleGrant(Role.Teacher, Term.TermId, null), .. more],
        };
    }

    private static SchoolClass Class(string name, Guid? homeroom = null, Term? term = null)
    {
        var id = Guid.NewGuid();
        var k = SchoolClass.Create(new ClassOpened(id, (term ?? Term).TermId, name, 10, "E", homeroom));
        k.Id = StreamKeys.Class(School, id);
        return k;
    }

    private static RoleGrant Wali(SchoolClass k) => new(Role.HomeroomTeacher, k.TermId, k.ClassId);

    private static UpdateClass Update(SchoolClass k, Guid? teacher) => new(Guid.NewGuid(), k.ClassId, k.Name, k.Level, k.Phase, teacher, Admin.By, EntrySource.Form);

    private static IReadOnlyList<object> EventsOf(MultiDecision d, string streamKey)
    {
        d.Status.ShouldBe(OutcomeStatus.Accepted, string.Join(", ", d.Errors.Select(e => e.Code)));
        return d.Streams.Where(s => s.StreamKey == streamKey).SelectMany(s => s.Events).ToList();
    }

    [Fact]
    public void naming_a_wali_kelas_on_the_class_grants_them_the_role_in_the_same_decision()
    {
        var k = Class("X-1");
        var bu = Teacher("bu.ani");

        var d = UpdateClassHandler.DecideWithRoles(k, Admin, Term, [k], [bu], Update(k, bu.UserId));

        EventsOf(d, k.Id).ShouldBe([new ClassUpdated(k.ClassId, Term.TermId, "X-1", 10, "E", bu.UserId)]);
        EventsOf(d, bu.Id).ShouldBe([new RoleGranted(Wali(k))]);
        d.Changes.ShouldBe(2);
    }

    [Fact]
    public void replacing_the_wali_kelas_revokes_the_old_ones_role_and_removing_them_revokes_it_too()
    {
        var old = Teacher("bu.lama");
        var k = Class("X-1", old.UserId);
        old.Roles.Add(Wali(k));
        var next = Teacher("pak.baru");

        var replaced = UpdateClassHandler.DecideWithRoles(k, Admin, Term, [k], [old, next], Update(k, next.UserId));
        var removed = UpdateClassHandler.DecideWithRoles(k, Admin, Term, [k], [old], Update(k, null));

        EventsOf(replaced, old.Id).ShouldBe([new RoleRevoked(Wali(k))]);
        EventsOf(replaced, next.Id).ShouldBe([new RoleGranted(Wali(k))]);
        EventsOf(removed, old.Id).ShouldBe([new RoleRevoked(Wali(k))]);
        EventsOf(removed, k.Id).ShouldBe([new ClassUpdated(k.ClassId, Term.TermId, "X-1", 10, "E", null)]);
    }

    /// <summary>Data from before the class gave the role: saving the class brings the roles in line, without touching the class.</summary>
    [Fact]
    public void saving_a_class_gives_its_named_wali_kelas_the_missing_role_and_takes_it_from_anyone_else()
    {
        var named = Teacher("bu.dinamai");
        var k = Class("X-1", named.UserId);
        var stray = Teacher("pak.lain", more: [Wali(k)]);

        var d = UpdateClassHandler.DecideWithRoles(k, Admin, Term, [k], [named, stray], Update(k, named.UserId));

        EventsOf(d, k.Id).ShouldBeEmpty();
        EventsOf(d, named.Id).ShouldBe([new RoleGranted(Wali(k))]);
        EventsOf(d, stray.Id).ShouldBe([new RoleRevoked(Wali(k))]);
    }

    [Fact]
    public void a_class_saved_as_it_is_with_its_roles_in_line_changes_nothing()
    {
        var bu = Teacher("bu.ani");
        var k = Class("X-1", bu.UserId);
        bu.Roles.Add(Wali(k));

        var d = UpdateClassHandler.DecideWithRoles(k, Admin, Term, [k], [bu], Update(k, bu.UserId));

        d.IsAccepted.ShouldBeTrue();
        d.Streams.ShouldBeEmpty();
    }

    [Fact]
    public void a_refused_class_change_gives_no_role()
    {
        var k = Class("X-1");
        var gone = Teacher("pak.pensiun", disabled: true);

        var d = UpdateClassHandler.DecideWithRoles(k, Admin, Term, [k], [gone], Update(k, gone.UserId));

        d.Errors.Select(e => e.Code).ShouldBe(["teacher.disabled"]);
        d.Streams.ShouldBeEmpty();
    }

    [Fact]
    public void a_class_opened_with_a_wali_kelas_starts_with_their_role()
    {
        var bu = Teacher("bu.ani");
        var classId = Guid.NewGuid();

        var d = OpenClassHandler.DecideWithRoles(null, Admin, Term, [], [bu],
            new OpenClass(Guid.NewGuid(), classId, Term.TermId, "X-2", 10, "", bu.UserId, Admin.By, EntrySource.Form));

        d.Streams.Single(s => s.StreamKey == StreamKeys.Class(School, classId)).IsNew.ShouldBeTrue();
        EventsOf(d, bu.Id).ShouldBe([new RoleGranted(new RoleGrant(Role.HomeroomTeacher, Term.TermId, classId))]);
    }

    // --- every class at once

    private static NameHomeroomTeachers Bulk(params (SchoolClass Class, Guid? Teacher)[] rows) =>
        new(Guid.NewGuid(), Term.TermId, [.. rows.Select(r => new HomeroomChoice(r.Class.ClassId, r.Teacher))], Admin.By, EntrySource.Form);

    [Fact]
    public void the_wali_kelas_of_many_classes_change_together_and_a_teacher_moving_class_gets_both_role_events_in_one_stream()
    {
        var ani = Teacher("bu.ani");
        var (x1, x2) = (Class("X-1", ani.UserId), Class("X-2"));
        ani.Roles.Add(Wali(x1));
        var budi = Teacher("pak.budi");

        var d = NameHomeroomTeachersHandler.Decide(Admin, Term, [x1, x2], [ani, budi], Bulk((x1, budi.UserId), (x2, ani.UserId)));

        EventsOf(d, x1.Id).ShouldBe([new ClassUpdated(x1.ClassId, Term.TermId, "X-1", 10, "E", budi.UserId)]);
        EventsOf(d, x2.Id).ShouldBe([new ClassUpdated(x2.ClassId, Term.TermId, "X-2", 10, "E", ani.UserId)]);
        d.Streams.Where(s => s.StreamKey == ani.Id).ShouldHaveSingleItem().Events.ShouldBe([new RoleRevoked(Wali(x1)), new RoleGranted(Wali(x2))]);
        EventsOf(d, budi.Id).ShouldBe([new RoleGranted(Wali(x1))]);
        d.Changes.ShouldBe(5);
    }

    [Fact]
    public void one_refused_row_refuses_every_row_and_each_error_names_its_class()
    {
        var (x1, x2, x3) = (Class("X-1"), Class("X-2"), Class("X-3"));
        var (ani, gone, admin) = (Teacher("bu.ani"), Teacher("pak.pensiun", disabled: true), MasterDataActors.Account("operator", Role.Admin));
        var elsewhere = Class("X-9", term: Term.Create(new TermOpened(Guid.NewGuid(), "2025/2026", 2, null)));

        var d = NameHomeroomTeachersHandler.Decide(Admin, Term, [x1, x2, x3], [ani, gone, admin],
            Bulk((x1, ani.UserId), (x2, gone.UserId), (x3, admin.UserId), (elsewhere, ani.UserId), (x1, null)));

        d.Streams.ShouldBeEmpty();
        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Errors.Select(e => (e.Code, e.Details!["classId"])).ShouldBe(
        [
            ("teacher.disabled", (object?)x2.ClassId), ("teacher.no_teacher_role", x3.ClassId), ("class.not_found", elsewhere.ClassId),
            ("homeroom.class_repeated", x1.ClassId),
        ]);
        d.Errors[0].Message.ShouldStartWith("X-2: Akun pak.pensiun nonaktif");
    }

    [Fact]
    public void only_an_admin_names_wali_kelas_and_an_empty_list_is_refused()
    {
        var k = Class("X-1");
        NameHomeroomTeachersHandler.Decide(MasterDataActors.Teacher, Term, [k], [], Bulk((k, null))).Status.ShouldBe(OutcomeStatus.Forbidden);
        NameHomeroomTeachersHandler.Decide(Admin, Term, [k], [], Bulk()).Errors.Single().Code.ShouldBe("homeroom.no_classes");
        NameHomeroomTeachersHandler.Decide(Admin, null, [k], [], Bulk((k, null))).Status.ShouldBe(OutcomeStatus.NotFound);
    }

    // --- the Pengguna page keeps the class in line

    private static GrantRole Grant(UserAccount u, SchoolClass k) => new(Guid.NewGuid(), u.UserId, Wali(k), Admin.By, EntrySource.Form);

    [Fact]
    public void the_wali_kelas_role_of_a_class_without_one_names_the_teacher_on_the_class()
    {
        var k = Class("X-1");
        var bu = Teacher("bu.ani");

        var d = GrantRoleHandler.DecideWithClass(Admin, Term, k, [bu], Grant(bu, k));

        EventsOf(d, k.Id).ShouldBe([new ClassUpdated(k.ClassId, Term.TermId, "X-1", 10, "E", bu.UserId)]);
        EventsOf(d, bu.Id).ShouldBe([new RoleGranted(Wali(k))]);
    }

    [Fact]
    public void the_wali_kelas_role_of_a_class_whose_wali_kelas_is_someone_else_is_refused_and_points_to_the_class()
    {
        var named = Teacher("Bu Dinamai");
        var k = Class("X-1", named.UserId);
        var other = Teacher("pak.lain");

        var d = GrantRoleHandler.DecideWithClass(Admin, Term, k, [named, other], Grant(other, k));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Errors.Single().Code.ShouldBe("role.homeroom_named_on_class");
        d.Errors.Single().Message.ShouldContain("Wali kelas X-1 adalah Bu Dinamai");
    }

    /// <summary>The Pengguna page's wali kelas role names the account on the class, so it asks what the class form asks: an
    /// active account with the guru role (an operator given the role to help fill a class was printed as its wali kelas).</summary>
    [Fact]
    public void the_wali_kelas_role_that_would_name_a_non_teacher_or_a_disabled_account_on_the_class_is_refused_as_on_the_class_form()
    {
        var operatorAccount = Teacher("operator");
        operatorAccount.Roles = [];
        var gone = Teacher("pak.pensiun", disabled: true);
        var k = Class("X-1");
        var namedGone = Class("X-2", gone.UserId);

        var notTeacher = GrantRoleHandler.DecideWithClass(Admin, Term, k, [operatorAccount], Grant(operatorAccount, k));
        var disabled = GrantRoleHandler.DecideWithClass(Admin, Term, k, [gone], Grant(gone, k));
        var disabledNamed = GrantRoleHandler.DecideWithClass(Admin, Term, namedGone, [gone], Grant(gone, namedGone));

        notTeacher.Status.ShouldBe(OutcomeStatus.Invalid);
        notTeacher.Errors.Single().Code.ShouldBe("teacher.no_teacher_role");
        notTeacher.Streams.ShouldBeEmpty();
        disabled.Errors.Single().Code.ShouldBe("teacher.disabled");
        disabled.Streams.ShouldBeEmpty();
        disabledNamed.Errors.Single().Code.ShouldBe("teacher.disabled");
    }

    [Fact]
    public void the_named_wali_kelas_missing_the_role_gets_it_without_touching_the_class()
    {
        var bu = Teacher("bu.ani");
        var k = Class("X-1", bu.UserId);

        var d = GrantRoleHandler.DecideWithClass(Admin, Term, k, [bu], Grant(bu, k));

        EventsOf(d, k.Id).ShouldBeEmpty();
        EventsOf(d, bu.Id).ShouldBe([new RoleGranted(Wali(k))]);
    }

    [Fact]
    public void revoking_the_named_wali_kelas_role_leaves_the_class_without_one_and_a_stray_role_just_goes()
    {
        var bu = Teacher("bu.ani");
        var k = Class("X-1", bu.UserId);
        bu.Roles.Add(Wali(k));
        var stray = Teacher("pak.lain", more: [Wali(k)]);

        var named = RevokeRoleHandler.DecideWithClass(Admin, k, [bu, stray], new RevokeRole(Guid.NewGuid(), bu.UserId, Wali(k), Admin.By, EntrySource.Form));
        var strayOnly = RevokeRoleHandler.DecideWithClass(Admin, k, [bu, stray], new RevokeRole(Guid.NewGuid(), stray.UserId, Wali(k), Admin.By, EntrySource.Form));

        EventsOf(named, k.Id).ShouldBe([new ClassUpdated(k.ClassId, Term.TermId, "X-1", 10, "E", null)]);
        EventsOf(named, bu.Id).ShouldBe([new RoleRevoked(Wali(k))]);
        EventsOf(named, stray.Id).ShouldBe([new RoleRevoked(Wali(k))]);
        EventsOf(strayOnly, k.Id).ShouldBeEmpty();
        EventsOf(strayOnly, stray.Id).ShouldBe([new RoleRevoked(Wali(k))]);
        EventsOf(strayOnly, bu.Id).ShouldBeEmpty();
    }

    // --- an account registered with the role

    private static RegisterUser Registration(params RoleGrant[] roles) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "bu.baru", "Bu Baru", null, "HASH", [new RoleGrant(Role.Teacher, Term.TermId, null), .. roles], Admin.By, EntrySource.Seed);

    [Fact]
    public void an_account_registered_with_the_wali_kelas_role_of_a_class_without_one_is_named_on_it_and_a_leftover_holder_loses_the_role()
    {
        var k = Class("X-1");
        var stray = Teacher("pak.lain", more: [Wali(k)]);
        var c = Registration(Wali(k));

        var d = RegisterUserHandler.DecideWithClasses(null, Admin, false, [Term], [k], [stray], c);

        var key = StreamKeys.User(School, c.UserId);
        d.Streams.Single(s => s.StreamKey == key).IsNew.ShouldBeTrue();
        EventsOf(d, key).ShouldBe([new UserRegistered(c.UserId, School, "bu.baru", "Bu Baru", null), new PasswordSet("HASH"),
            new RoleGranted(new RoleGrant(Role.Teacher, Term.TermId, null)), new RoleGranted(Wali(k))]);
        EventsOf(d, k.Id).ShouldBe([new ClassUpdated(k.ClassId, Term.TermId, "X-1", 10, "E", c.UserId)]);
        EventsOf(d, stray.Id).ShouldBe([new RoleRevoked(Wali(k))]);
    }

    [Fact]
    public void an_account_registered_with_the_wali_kelas_role_of_a_class_whose_wali_kelas_is_someone_else_is_refused_as_on_the_users_page()
    {
        var named = Teacher("Bu Dinamai");
        var k = Class("X-1", named.UserId);

        var d = RegisterUserHandler.DecideWithClasses(null, Admin, false, [Term], [k], [named], Registration(Wali(k)));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Errors.Single().Code.ShouldBe("role.homeroom_named_on_class");
        d.Streams.ShouldBeEmpty();
    }

    [Fact]
    public void an_account_registered_with_the_wali_kelas_role_of_a_missing_class_or_without_the_guru_role_is_refused_as_on_the_users_page()
    {
        var k = Class("X-1");

        var missing = RegisterUserHandler.DecideWithClasses(null, Admin, false, [Term], [], [], Registration(Wali(k)));
        var notTeacher = RegisterUserHandler.DecideWithClasses(null, Admin, false, [Term], [k], [], Registration(Wali(k)) with { Roles = [Wali(k)] });

        missing.Errors.Single().Code.ShouldBe("class.not_found");
        notTeacher.Errors.Single().Code.ShouldBe("teacher.no_teacher_role");
    }

    // --- a new term carried over

    [Fact]
    public void a_carried_class_gives_the_role_to_its_wali_kelas_and_not_to_a_stray_holder_of_the_old_one()
    {
        var genap = Term.Create(new TermOpened(Guid.NewGuid(), "2026/2027", 2, null));
        var named = Teacher("bu.dinamai");
        var k = Class("X-1", named.UserId);
        var stray = Teacher("pak.lain", more: [Wali(k)]);
        var unnamed = Class("X-2");
        var holder = Teacher("bu.pemegang", more: [Wali(unnamed)]);
        var c = new CarryOverTerm(Guid.NewGuid(), genap.TermId, Term.TermId, Admin.By, EntrySource.Form);

        var plan = CarryOverTermHandler.Decide(Admin, new CarryOverState(genap, Term, [], [k, unnamed], [], [], [named, stray, holder]), c);

        var (newK, newUnnamed) = (CarryOverTermHandler.IdFor(c.CommandId, k.ClassId), CarryOverTermHandler.IdFor(c.CommandId, unnamed.ClassId));
        EventsOf(plan.Decision, named.Id).ShouldContain(new RoleGranted(new RoleGrant(Role.HomeroomTeacher, genap.TermId, newK)));
        EventsOf(plan.Decision, stray.Id).ShouldNotContain(e => e is RoleGranted && ((RoleGranted)e).Grant.Role == Role.HomeroomTeacher);
        // Before the class gave the role, a class could have a role holder and no name: the holder is its wali kelas now.
        EventsOf(plan.Decision, StreamKeys.Class(School, newUnnamed)).OfType<ClassOpened>().Single().HomeroomTeacherId.ShouldBe(holder.UserId);
        EventsOf(plan.Decision, holder.Id).ShouldContain(new RoleGranted(new RoleGrant(Role.HomeroomTeacher, genap.TermId, newUnnamed)));
    }
}
