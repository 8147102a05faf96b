using ERaport.Write.Common;
using ERaport.Write.Grading;
using static ERaport.Tests.Unit.Grading.Gradebooks;

namespace ERaport.Tests.Unit.Grading;

public class DescriptionDecisionTests
{
    private const string Generated = "Menunjukkan penguasaan yang baik dalam menganalisis teks eksposisi.";
    private const string Mine = "Ananda sangat baik menganalisis teks eksposisi dan aktif berdiskusi.";

    private static Decision Edit(Gradebook g, string? text, string? seen) =>
        EditDescriptionHandler.Decide(g, Class(), new EditDescription(Guid.NewGuid(), Id, Ani, text, seen, TeacherOfRecord, EntrySource.Form));

    private static Decision Reset(Gradebook g, string? seen) =>
        ResetDescriptionHandler.Decide(g, Class(), new ResetDescription(Guid.NewGuid(), Id, Ani, seen, TeacherOfRecord, EntrySource.Form));

    private static Gradebook Scored() => New(objectives: 2).Scored(Ani, ("tp1", 90));

    [Fact]
    public void the_teachers_text_is_kept_with_the_generated_one_it_replaced()
    {
        var d = Edit(Scored(), "  " + Mine + "\r\n", seen: null);

        d.Events.ShouldHaveSingleItem().ShouldBe(new DescriptionEdited(Ani, Mine, Generated));
        Scored().Then(d).EditedDescriptions[Ani].ShouldBe(new EditedDescription(Mine, Generated));
    }

    [Fact]
    public void later_scores_change_the_generated_description_but_never_the_teachers()
    {
        var g = Scored().Then(Edit(Scored(), Mine, null));

        var after = g.Scored(Ani, ("tp2", 40));

        after.GeneratedDescriptions[Ani].ShouldEndWith("Perlu ditingkatkan dalam menulis teks argumentasi.");
        after.EditedDescriptions[Ani].Text.ShouldBe(Mine);
    }

    [Fact]
    public void descriptions_of_up_to_2000_characters_are_taken_which_is_more_than_the_1000_schools_need()
    {
        Description.MaxLength.ShouldBeGreaterThanOrEqualTo(1000);
        Edit(Scored(), new string('a', 1000), null).Status.ShouldBe(OutcomeStatus.Accepted);
        Edit(Scored(), new string('a', Description.MaxLength), null).Status.ShouldBe(OutcomeStatus.Accepted);
        Edit(Scored(), new string('a', Description.MaxLength + 1), null).Codes().ShouldBe(["description.too_long"]);
    }

    [Fact]
    public void line_breaks_are_kept_but_other_control_characters_are_refused()
    {
        Edit(Scored(), "Baris satu\r\nBaris dua", null).Events.OfType<DescriptionEdited>().Single().Text.ShouldBe("Baris satu\nBaris dua");
        Edit(Scored(), "Bel\u0007", null).Codes().ShouldBe(["description.invalid_characters"]);
    }

    [Fact]
    public void a_blank_description_is_refused()
    {
        Edit(Scored(), "  \n ", null).Codes().ShouldBe(["description.required"]);
    }

    [Fact]
    public void saving_the_generated_text_unchanged_is_no_edit()
    {
        Edit(Scored(), Generated, null).ShouldBe(Decision.Nothing);
    }

    [Fact]
    public void saving_the_generated_text_over_an_edit_goes_back_to_generated()
    {
        var g = Scored().Then(Edit(Scored(), Mine, null));

        Edit(g, Generated, seen: Mine).Events.ShouldHaveSingleItem().ShouldBe(new DescriptionReset(Ani, Mine));
    }

    [Fact]
    public void editing_from_a_stale_page_is_a_conflict_and_the_other_text_stays()
    {
        var g = Scored().Then(Edit(Scored(), Mine, null));

        var d = Edit(g, "Teks lain", seen: null);

        d.Status.ShouldBe(OutcomeStatus.Conflict);
        d.Errors.ShouldHaveSingleItem().Details!["current"].ShouldBe(Mine);
    }

    [Fact]
    public void the_seen_text_matches_whatever_line_ends_the_browser_sent()
    {
        var g = Scored().Then(Edit(Scored(), "Satu\nDua", null));

        Edit(g, "Tiga", seen: "Satu\r\nDua").Status.ShouldBe(OutcomeStatus.Accepted);
    }

    [Fact]
    public void reset_goes_back_to_the_generated_description()
    {
        var g = Scored().Then(Edit(Scored(), Mine, null));

        var d = Reset(g, Mine);

        d.Events.ShouldHaveSingleItem().ShouldBe(new DescriptionReset(Ani, Mine));
        g.Then(d).EditedDescriptions.ShouldBeEmpty();
        Reset(g, "lain").Status.ShouldBe(OutcomeStatus.Conflict);
        Reset(Scored(), null).ShouldBe(Decision.Nothing);
    }
}
