using ERaport.Read.ReadModel;
using ERaport.Read.School;
using ERaport.Tests.Unit.Accounts;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.School;

namespace ERaport.Tests.Unit.School;

/// <summary>The school's default weights for a term, and the gradebooks that start with them.</summary>
public class TermDefaultWeightsTests
{
    private static readonly Acting Admin = MasterDataActors.Admin;
    private static readonly Guid TermId = AccountFixtures.TermId;

    /// <summary>guru.a, an active teacher in the term.</summary>
    private static readonly UserAccount Teacher = AccountFixtures.Account("guru.a", AccountFixtures.TeacherRole);
    private static readonly Weights Raporkumer = new(60, 20, 20);
    private static readonly Subject Math = Subject.Create(new SubjectAdded(Guid.NewGuid(), "Matematika", "MTK", "Umum", 4, false, 75));

    private static Term NewTerm() => Term.Create(new TermOpened(TermId, "2026/2027", 1, null));

    private static Term TermWith(Weights w)
    {
        var term = NewTerm();
        term.Apply(new TermDefaultWeightsChanged(TermId, w));
        return term;
    }

    private static ChangeTermDefaultWeights Change(Weights w, Acting? by = null) =>
        new(Guid.NewGuid(), TermId, w, (by ?? Admin).By, EntrySource.Form);

    private static OpenGradebook Open(Weights? weights = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), TermId, Guid.NewGuid(), Math.SubjectId, Teacher.UserId, ["Menjelaskan pecahan"], Admin.By, EntrySource.Form, weights);

    [Fact]
    public void a_new_term_starts_gradebooks_with_1_0_1()
    {
        NewTerm().GradingDefault.ShouldBe(Weights.Default);
    }

    [Fact]
    public void the_admin_sets_60_20_20_as_the_terms_default()
    {
        var d = ChangeTermDefaultWeightsHandler.Decide(NewTerm(), Admin, Change(Raporkumer));

        d.Status.ShouldBe(OutcomeStatus.Accepted);
        d.Events.ShouldHaveSingleItem().ShouldBe(new TermDefaultWeightsChanged(TermId, Raporkumer));
        TermWith(Raporkumer).GradingDefault.ShouldBe(Raporkumer);
    }

    [Fact]
    public void setting_the_weights_the_term_already_has_stores_nothing()
    {
        ChangeTermDefaultWeightsHandler.Decide(TermWith(Raporkumer), Admin, Change(Raporkumer)).Events.ShouldBeEmpty();
        ChangeTermDefaultWeightsHandler.Decide(NewTerm(), Admin, Change(new Weights(1, 0, 1))).Events.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(0, 5, 0, "weights.zero")]
    [InlineData(0, 0, 0, "weights.zero")]
    [InlineData(-1, 0, 1, "weights.out_of_range")]
    [InlineData(60, 20, 101, "weights.out_of_range")]
    public void term_default_weights_follow_the_gradebooks_rules(int slm, int sts, int sas, string code)
    {
        var weights = new Weights(slm, sts, sas);

        var d = ChangeTermDefaultWeightsHandler.Decide(NewTerm(), Admin, Change(weights));

        d.Status.ShouldBe(OutcomeStatus.Invalid);
        d.Errors.ShouldHaveSingleItem().ShouldBe(ChangeGradingSchemeHandler.CheckWeights(weights));
        d.Errors[0].Code.ShouldBe(code);
        d.Errors[0].Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void only_an_admin_sets_a_terms_default_and_only_of_a_term_that_exists()
    {
        var teacher = ChangeTermDefaultWeightsHandler.Decide(NewTerm(), MasterDataActors.Teacher, Change(Raporkumer, MasterDataActors.Teacher));
        teacher.Status.ShouldBe(OutcomeStatus.Forbidden);
        teacher.Errors.ShouldHaveSingleItem().Code.ShouldBe("masterdata.admin_required");
        ChangeTermDefaultWeightsHandler.Decide(NewTerm(), MasterDataActors.Principal, Change(Raporkumer, MasterDataActors.Principal))
            .Status.ShouldBe(OutcomeStatus.Forbidden);
        ChangeTermDefaultWeightsHandler.Decide(null, Admin, Change(Raporkumer)).Errors.ShouldHaveSingleItem().Code.ShouldBe("term.not_found");
    }

    [Fact]
    public void a_gradebook_opened_without_weights_carries_the_terms_default_in_its_first_event()
    {
        var d = OpenGradebookHandler.Decide(null, Math, Teacher, null, Open(), TermWith(Raporkumer));

        var opened = d.Events.ShouldHaveSingleItem().ShouldBeOfType<GradebookOpened>();
        opened.Weights.ShouldBe(Raporkumer);
        // Replaying needs nothing but the event: the gradebook never reads the term.
        var gradebook = Gradebook.Create(opened);
        gradebook.Weights.ShouldBe(Raporkumer);
        gradebook.Assessments.ShouldContain(a => a.Key == Assessment.MidSemesterTest);
    }

    [Fact]
    public void weights_given_when_opening_win_over_the_terms_default_and_no_term_means_1_0_1()
    {
        OpenGradebookHandler.Decide(null, Math, Teacher, null, Open(new Weights(2, 0, 1)), TermWith(Raporkumer)).Events.ShouldHaveSingleItem()
            .ShouldBeOfType<GradebookOpened>().Weights.ShouldBe(new Weights(2, 0, 1));
        OpenGradebookHandler.Decide(null, Math, Teacher, null, Open(), NewTerm()).Events.ShouldHaveSingleItem()
            .ShouldBeOfType<GradebookOpened>().Weights.ShouldBe(Weights.Default);
        OpenGradebookHandler.Decide(null, Math, Teacher, null, Open()).Events.ShouldHaveSingleItem()
            .ShouldBeOfType<GradebookOpened>().Weights.ShouldBe(Weights.Default);
    }

    [Fact]
    public void the_default_is_projected_into_a_row_of_its_own()
    {
        var e = TestEvents.Stored(new TermDefaultWeightsChanged(TermId, Raporkumer), StreamKeys.Term("sch7", TermId), userName: "admin");

        Projector.Project(e).ShouldHaveSingleItem().ShouldBe(new Upsert(new TermDefaultWeightsRow(TermId, "sch7", 60, 20, 20)));
    }
}
