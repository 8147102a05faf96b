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

    private static string Concise((LearningObjective Objective, bool? Achieved)[] objectives, int?[] scores)
    {
        var described = objectives.Select(o => (Description.Phrase(o.Objective.Description), o.Achieved)).ToArray();
        Description.KeepStrongestAndWeakest(described, scores);
        return Description.Compose(described);
    }

    private static readonly LearningObjective Diskusi = LearningObjective.Numbered(4, "Mempresentasikan hasil diskusi");

    [Fact]
    public void the_concise_style_names_the_best_achieved_TP_and_the_worst_missed_one()
    {
        Concise([(Eksposisi, true), (Argumentasi, false), (Anekdot, true), (Diskusi, false)], [78, 65, 92, 40])
            .ShouldBe("Menunjukkan penguasaan yang baik dalam menyimak teks anekdot. Perlu ditingkatkan dalam mempresentasikan hasil diskusi.");
    }

    [Fact]
    public void the_concise_style_keeps_one_sentence_when_every_TP_or_none_is_achieved()
    {
        Concise([(Eksposisi, true), (Argumentasi, true)], [80, 95]).ShouldBe("Menunjukkan penguasaan yang baik dalam menulis teks argumentasi.");
        Concise([(Eksposisi, false), (Argumentasi, false)], [50, 45]).ShouldBe("Perlu ditingkatkan dalam menulis teks argumentasi.");
        Concise([(Eksposisi, null), (Argumentasi, null)], [null, null]).ShouldBe("");
    }

    [Fact]
    public void in_the_concise_style_a_tie_goes_to_the_earlier_TP_and_a_TP_marked_without_a_score_ranks_lowest()
    {
        Concise([(Eksposisi, true), (Argumentasi, true), (Anekdot, false), (Diskusi, false)], [90, 90, 60, null])
            .ShouldBe("Menunjukkan penguasaan yang baik dalam menganalisis teks eksposisi. Perlu ditingkatkan dalam mempresentasikan hasil diskusi.");
        Concise([(Eksposisi, true), (Argumentasi, true)], [null, 71]).ShouldBe("Menunjukkan penguasaan yang baik dalam menulis teks argumentasi.");
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

    /// <summary>Indonesian spelling (EYD) capitalises the names of God, of holy books and prophets, of the nation and its
    /// ideology wherever they stand: "dalam pancasila sebagai dasar negara" on a PPKn rapor is a spelling mistake.</summary>
    [Theory]
    [InlineData("Pancasila sebagai dasar negara", "Pancasila sebagai dasar negara")]
    [InlineData("Allah Maha Pengasih dan Maha Penyayang.", "Allah Maha Pengasih dan Maha Penyayang")]
    [InlineData("Tuhan Yang Maha Esa dalam kehidupan sehari-hari", "Tuhan Yang Maha Esa dalam kehidupan sehari-hari")]
    [InlineData("Indonesia sebagai negara kepulauan", "Indonesia sebagai negara kepulauan")]
    [InlineData("Alquran surah pendek", "Alquran surah pendek")]
    [InlineData("Peserta didik dapat Yesus Kristus sebagai teladan", "Yesus Kristus sebagai teladan")]
    public void a_TP_that_starts_with_a_name_spelling_capitalises_keeps_its_capital(string objective, string phrase)
    {
        Description.Phrase(objective).ShouldBe(phrase);
    }

    // TPs copied from an ATP are usually written with their subject ("Peserta didik dapat …", the ABCD form "Melalui
    // …, peserta didik mampu …"): on the rapor it read "penguasaan yang baik dalam peserta didik dapat membaca …".
    [Theory]
    [InlineData("Peserta didik dapat membaca dan menulis bilangan cacah sampai 10.000.", "membaca dan menulis bilangan cacah sampai 10.000")]
    [InlineData("Peserta didik mampu menyajikan hasil pengamatan", "menyajikan hasil pengamatan")]
    [InlineData("peserta didik memahami teks narasi", "memahami teks narasi")]
    [InlineData("Siswa dapat mengenal pecahan sederhana", "mengenal pecahan sederhana")]
    [InlineData("Murid mampu menyanyikan lagu daerah", "menyanyikan lagu daerah")]
    [InlineData("Melalui pengamatan, peserta didik dapat menjelaskan siklus air", "menjelaskan siklus air")]
    [InlineData("Dapat menyebutkan sila-sila Pancasila", "menyebutkan sila-sila Pancasila")]
    [InlineData("Peserta didik dapat IPA terpadu", "IPA terpadu")]
    [InlineData("Peserta didik dapat", "peserta didik dapat")]
    [InlineData("Siswanto menulis surat", "siswanto menulis surat")]
    public void a_TP_written_with_its_subject_reads_without_it(string objective, string phrase)
    {
        Description.Phrase(objective).ShouldBe(phrase);
    }

    [Fact]
    public void a_description_of_TPs_written_as_peserta_didik_dapat_names_what_was_mastered()
    {
        Description.Generate([
                (LearningObjective.Numbered(1, "Peserta didik dapat membandingkan bilangan cacah sampai 10.000."), true),
                (LearningObjective.Numbered(2, "Peserta didik dapat mengenal pecahan sederhana."), false)])
            .ShouldBe("Menunjukkan penguasaan yang baik dalam membandingkan bilangan cacah sampai 10.000. Perlu ditingkatkan dalam mengenal pecahan sederhana.");
    }
}
