using ERaport.Tests.Unit.Accounts;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;

namespace ERaport.Tests.Unit.ReportCards;

/// <summary>One extracurricular (Pramuka) for many students of the class at once.</summary>
public partial class HomeroomDecisionTests
{
    private static AddExtracurricularToClass ForClass(string? activity, string? predicate, string? description, params ExtracurricularParticipant[] participants) =>
        new(Guid.NewGuid(), AccountFixtures.ClassId, activity, predicate, description, participants, By, EntrySource.Form);

    [Fact]
    public void a_class_entry_adds_one_line_to_each_ticked_students_card_with_the_shared_texts_where_a_row_leaves_them_blank()
    {
        var cards = new Dictionary<Guid, ReportCard> { [Budi] = Card(new ExtracurricularAdded(Guid.NewGuid(), 1, "Futsal", null, "Rajin")) };
        var c = ForClass(" Pramuka ", "Baik", "Aktif mengikuti latihan", new(Ani), new(Budi, "Sangat Baik", " Memimpin regu "));

        var d = AddExtracurricularToClassHandler.Decide(State(cards: cards), c);

        d.IsAccepted.ShouldBeTrue();
        d.Changes.ShouldBe(2);
        d.Streams.Select(s => (s.StreamKey, s.IsNew, s.Events.Single())).ShouldBe(
        [
            (StreamKeys.ReportCard(TestEvents.SchoolId, AccountFixtures.TermId, Ani), true,
                new ExtracurricularAdded(AddExtracurricularToClassHandler.EntryId(c.CommandId, Ani), 1, "Pramuka", "Baik", "Aktif mengikuti latihan")),
            (StreamKeys.ReportCard(TestEvents.SchoolId, AccountFixtures.TermId, Budi), false,
                new ExtracurricularAdded(AddExtracurricularToClassHandler.EntryId(c.CommandId, Budi), 2, "Pramuka", "Sangat Baik", "Memimpin regu")),
        ]);
    }

    [Fact]
    public void deciding_the_same_class_entry_again_gives_each_student_the_same_line_and_another_entry_new_ones()
    {
        var c = ForClass("Pramuka", null, "Aktif", new(Ani), new(Budi));
        var ids = (AddExtracurricularToClass entry) => AddExtracurricularToClassHandler.Decide(State(), entry).Streams
            .Select(s => ((ExtracurricularAdded)s.Events.Single()).EntryId).ToList();

        ids(c).ShouldBe(ids(c));
        ids(c).Distinct().Count().ShouldBe(2);
        ids(c with { CommandId = Guid.NewGuid() }).ShouldNotContain(ids(c)[0]);
    }

    [Fact]
    public void a_class_entry_with_one_bad_row_saves_nothing_and_names_every_bad_row_with_its_reason()
    {
        var d = AddExtracurricularToClassHandler.Decide(State(),
            ForClass("Pramuka", null, null, new(Ani, new string('B', 31), "Aktif"), new(Budi, null, "Aktif\u0007")));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Streams.ShouldBeEmpty();
        d.Errors.Select(e => (e.Code, e.Details!["studentId"])).ShouldBe(
            [("predicate.too_long", Ani), ("description.invalid_characters", Budi)]);
        d.Errors.Select(e => e.Message).ShouldBe(["Predikat paling banyak 30 karakter.", "Keterangan berisi karakter tak terlihat (U+0007) sesudah “Aktif”; hapus lalu ketik ulang bagian itu."]);
    }

    [Fact]
    public void a_class_entry_needs_an_activity_a_description_for_every_row_and_at_least_one_student()
    {
        AddExtracurricularToClassHandler.Decide(State(), ForClass(" ", null, "", new(Ani), new(Budi, null, "Aktif")))
            .Errors.Select(e => e.Code).ShouldBe(["activity.required", "description.required"]);
        AddExtracurricularToClassHandler.Decide(State(), ForClass("Pramuka", null, "Aktif")).Errors.ShouldHaveSingleItem()
            .Code.ShouldBe("extracurricular.no_participants");
        AddExtracurricularToClassHandler.Decide(State(), ForClass("Pramuka", null, "Aktif", new(Ani), new(Ani))).Errors.ShouldHaveSingleItem()
            .Code.ShouldBe("student.duplicate");
        AddExtracurricularToClassHandler.Decide(State(), ForClass("Pramuka", null, "Aktif", new ExtracurricularParticipant(Guid.NewGuid()))).Errors.ShouldHaveSingleItem()
            .Code.ShouldBe("student.not_in_class");
    }

    [Fact]
    public void a_class_entry_with_no_description_anywhere_is_refused_once_for_the_shared_field_not_once_per_student()
    {
        var d = AddExtracurricularToClassHandler.Decide(State(), ForClass("Pramuka", "Baik", " ", new(Ani), new(Budi, new string('B', 31))));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Streams.ShouldBeEmpty();
        var missing = d.Errors.Where(e => e.Code == "description.required").ShouldHaveSingleItem();
        missing.Details!.ContainsKey("studentId").ShouldBeFalse();
        missing.Details["field"].ShouldBe("description");
        missing.Message.ShouldBe("Keterangan wajib diisi: isi \"Keterangan untuk semua\", atau keterangan di baris setiap peserta didik yang dicentang.");
        d.Errors.Where(e => e.Code != "description.required").Select(e => (e.Code, e.Details!["studentId"])).ShouldBe([("predicate.too_long", Budi)]);
    }

    [Fact]
    public void a_student_who_already_has_the_activity_in_another_case_or_spacing_is_a_conflict_not_a_second_line()
    {
        var line = new Extracurricular(Guid.NewGuid(), 1, "pramuka", null, "Aktif");
        var cards = new Dictionary<Guid, ReportCard> { [Ani] = Card(new ExtracurricularAdded(line.EntryId, 1, "pramuka", null, "Aktif")) };

        var d = AddExtracurricularToClassHandler.Decide(State(cards: cards), ForClass("  PRAMUKA ", "Baik", "Aktif", new(Ani), new(Budi)));

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Streams.ShouldBeEmpty();
        var error = d.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(AddExtracurricularToClassHandler.AlreadyAdded);
        (error.Details!["studentId"], error.Details["current"]).ShouldBe((Ani, line));
        error.Message.ShouldContain("\"pramuka\"");
    }

    [Fact]
    public void a_student_at_the_limit_of_extracurriculars_refuses_the_class_entry_as_the_single_command_does()
    {
        var full = Card([.. Enumerable.Range(1, SaveExtracurricularHandler.MaxEntries).Select(n => new ExtracurricularAdded(Guid.NewGuid(), n, $"Klub {n}", null, "Aktif"))]);
        var cards = new Dictionary<Guid, ReportCard> { [Budi] = full };

        var d = AddExtracurricularToClassHandler.Decide(State(cards: cards), ForClass("Pramuka", null, "Aktif", new(Ani), new(Budi)));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        var error = d.Errors.ShouldHaveSingleItem();
        (error.Code, error.Details!["studentId"]).ShouldBe(("extracurricular.too_many", (object)Budi));
        SaveExtracurricularHandler.Decide(State(cards: cards), new(Guid.NewGuid(), AccountFixtures.ClassId, Budi, Guid.NewGuid(), "Pramuka", null, "Aktif", By, EntrySource.Form))
            .Errors.ShouldHaveSingleItem().Code.ShouldBe(error.Code);
    }

    [Fact]
    public void only_the_wali_kelas_of_the_class_in_its_term_may_enter_an_activity_for_the_class()
    {
        var teacher = AccountFixtures.Account("guru.mtk", AccountFixtures.TeacherRole);
        var otherClass = AccountFixtures.Account("wali.x2", new RoleGrant(Role.HomeroomTeacher, AccountFixtures.TermId, Guid.NewGuid()));
        foreach (var by in new[] { teacher, otherClass, AccountFixtures.Admin() })
        {
            var d = AddExtracurricularToClassHandler.Decide(State(by), ForClass("Pramuka", null, "Aktif", new ExtracurricularParticipant(Ani)));
            d.Status.ShouldBe(OutcomeStatus.Forbidden, by.UserName);
            d.Errors.ShouldHaveSingleItem().Code.ShouldBe("reportCard.not_homeroom_teacher");
        }
    }
}
