using ERaport.Web.Components;
using Part = ERaport.Web.Components.WordDiff.Part;

namespace ERaport.Tests.Unit.Web;

public sealed class WordDiffTests
{
    private static WordDiff Of(string before, string after)
    {
        var diff = WordDiff.Of(before, after);
        string.Concat(diff.Before.Select(p => p.Text)).ShouldBe(before, "the before side is the whole before text");
        string.Concat(diff.After.Select(p => p.Text)).ShouldBe(after, "the after side is the whole after text");
        return diff;
    }

    [Fact]
    public void a_text_left_as_it_was_has_nothing_marked()
    {
        var diff = Of("Ananda rajin membaca.", "Ananda rajin membaca.");
        diff.Before.ShouldBe([new Part("Ananda rajin membaca.", false)]);
        diff.After.ShouldBe([new Part("Ananda rajin membaca.", false)]);
    }

    [Fact]
    public void a_replaced_word_is_marked_on_both_sides_and_the_spaces_around_it_are_not()
    {
        var diff = Of("Ananda rajin membaca.", "Ananda tekun membaca.");
        diff.Before.ShouldBe([new Part("Ananda ", false), new Part("rajin", true), new Part(" membaca.", false)]);
        diff.After.ShouldBe([new Part("Ananda ", false), new Part("tekun", true), new Part(" membaca.", false)]);
    }

    [Fact]
    public void words_added_before_the_full_stop_are_marked_on_the_after_side_only_and_the_stop_is_kept()
    {
        var diff = Of("Rajin.", "Rajin dan teliti.");
        diff.Before.ShouldBe([new Part("Rajin.", false)]);
        diff.After.ShouldBe([new Part("Rajin ", false), new Part("dan teliti", true), new Part(".", false)]);
    }

    [Fact]
    public void neighbouring_changed_words_are_one_mark_with_the_spaces_between_them()
    {
        var diff = Of("Perlu bimbingan dalam menulis laporan.", "Perlu berlatih lagi menulis laporan.");
        diff.Before.ShouldBe([new Part("Perlu ", false), new Part("bimbingan dalam", true), new Part(" menulis laporan.", false)]);
        diff.After.ShouldBe([new Part("Perlu ", false), new Part("berlatih lagi", true), new Part(" menulis laporan.", false)]);
    }

    [Fact]
    public void a_changed_mark_of_punctuation_or_case_is_a_change_of_its_own()
    {
        var diff = Of("aktif, kreatif", "Aktif; kreatif");
        diff.Before.ShouldBe([new Part("aktif,", true), new Part(" kreatif", false)]);
        diff.After.ShouldBe([new Part("Aktif;", true), new Part(" kreatif", false)]);
    }

    [Fact]
    public void a_text_written_where_there_was_none_is_marked_whole_and_line_breaks_are_kept()
    {
        var diff = Of("", "Baris satu.\nBaris dua.");
        diff.Before.ShouldBeEmpty();
        diff.After.ShouldBe([new Part("Baris satu.\nBaris dua.", true)]);
        Of("Baris satu.\nBaris dua.", "Baris satu.\nBaris tiga.").After
            .ShouldBe([new Part("Baris satu.\nBaris ", false), new Part("tiga", true), new Part(".", false)]);
    }

    [Fact]
    public void texts_too_long_to_compare_word_by_word_are_marked_from_their_first_to_their_last_difference()
    {
        var words = Enumerable.Range(0, 1200).Select(i => $"kata{i}").ToList();
        var before = string.Join(' ', words);
        var after = string.Join(' ', words.Select((w, i) => i is 1 or 1198 ? "baru" : w));
        (1198L * 1198).ShouldBeGreaterThan(WordDiff.MaxPairs);

        var diff = Of(before, after);
        diff.Before.Select(p => p.Changed).ShouldBe([false, true, false]);
        diff.Before[1].Text.ShouldStartWith("kata1 kata2 ");
        diff.Before[1].Text.ShouldEndWith(" kata1198");
        diff.After[1].Text.ShouldBe(string.Join(' ', after.Split(' ')[1..1199]));
    }
}
