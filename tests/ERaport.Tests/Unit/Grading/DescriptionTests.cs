using ERaport.Write.Grading;

namespace ERaport.Tests.Unit.Grading;

public class DescriptionTests
{
    private static readonly LearningObjective Eksposisi = LearningObjective.Numbered(1, "Menganalisis teks eksposisi");
    private static readonly LearningObjective Argumentasi = LearningObjective.Numbered(2, "Menulis teks argumentasi");
    private static readonly LearningObjective Anekdot = LearningObjective.Numbered(3, "Menyimak teks anekdot.");

    [Fact]
    public void when_every_TP_is_achieved_only_the_first_official_sentence_appears()
    {
        Description.Generate([(Eksposisi, true), (Argumentasi, true)])
            .ShouldBe("Menunjukkan penguasaan yang baik dalam menganalisis teks eksposisi, menulis teks argumentasi.");
    }

    [Fact]
    public void when_no_TP_is_achieved_only_the_second_official_sentence_appears()
    {
        Description.Generate([(Eksposisi, false), (Argumentasi, false)])
            .ShouldBe("Perlu ditingkatkan dalam menganalisis teks eksposisi, menulis teks argumentasi.");
    }

    [Fact]
    public void with_some_achieved_the_achieved_come_first_then_what_needs_work()
    {
        Description.Generate([(Eksposisi, true), (Argumentasi, false), (Anekdot, true)])
            .ShouldBe("Menunjukkan penguasaan yang baik dalam menganalisis teks eksposisi, menyimak teks anekdot. " +
                      "Perlu ditingkatkan dalam menulis teks argumentasi.");
    }

    [Fact]
    public void TPs_not_yet_decided_are_not_named_and_nothing_decided_gives_an_empty_text()
    {
        Description.Generate([(Eksposisi, null), (Argumentasi, true)])
            .ShouldBe("Menunjukkan penguasaan yang baik dalam menulis teks argumentasi.");
        Description.Generate([(Eksposisi, null), (Argumentasi, null)]).ShouldBe("");
    }

    [Theory]
    [InlineData("Menganalisis teks eksposisi", "menganalisis teks eksposisi")]
    [InlineData("Menyimak teks anekdot.", "menyimak teks anekdot")]
    [InlineData("IPA terpadu", "IPA terpadu")]
    [InlineData("pH larutan", "pH larutan")]
    [InlineData("  menulis puisi ", "menulis puisi")]
    public void a_TP_reads_as_part_of_the_sentence_but_acronyms_stay(string objective, string phrase)
    {
        Description.Phrase(objective).ShouldBe(phrase);
    }
}
