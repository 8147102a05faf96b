using ERaport.Write.Common;

namespace ERaport.Tests.Unit.Common;

public sealed class RulesTests
{
    [Theory]
    [InlineData("Adi Nugroho")]
    [InlineData("Drs. H. Ahmad Fauzi, M.Pd.")]
    [InlineData("Nur'aini Siti-Rahma")]
    [InlineData("Ni Luh Putu Ayu 2")]
    [InlineData("Đặng Thị Hồng")]
    [InlineData("ADI NUGROHO")]
    [InlineData("\u0110a\u0323\u0302ng Thi\u0323 Ho\u0302\u0300ng")] // the same name with its accents typed as separate marks
    public void real_names_are_accepted(string name) =>
        Rules.PersonName(name, "name", "Nama").ShouldBeNull();

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Robert'); DROP TABLE students;--")]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("{{7*7}}")]
    [InlineData("Adi \u202Eorohgun")]
    [InlineData("Adi\u200BNugroho")]
    [InlineData("Adi\0Nugroho")]
    public void names_with_code_or_invisible_characters_are_refused(string name) =>
        Rules.PersonName(name, "name", "Nama")!.Code.ShouldBe("name.invalid_characters");

    /// <summary>Marks alone, or piled on one letter ("zalgo" text), print as nothing or a smear: a wali kelas named so had an
    /// empty signature line on the rapor.</summary>
    [Theory]
    [InlineData("\u0301\u0301\u0301")]
    [InlineData("A\u0301\u0302\u0303\u0304di")]
    [InlineData("Adi \u0301Nugroho")]
    [InlineData("-\u0301")]
    public void a_name_of_loose_or_piled_up_accent_marks_is_refused(string name) =>
        Rules.PersonName(name, "name", "Nama")!.Code.ShouldBe("name.invalid_characters");

    /// <summary>"Tanda petik" reads as any quote mark; only the apostrophe of names such as Nur'aini is allowed.</summary>
    [Fact]
    public void a_name_refused_for_a_double_quote_is_told_which_marks_are_allowed() =>
        Rules.PersonName("Ahmad \"Udin\" Fauzi", "name", "Nama")!.Message.ShouldBe(
            "Nama hanya boleh berisi huruf, angka, spasi, titik (.), koma (,), apostrof (') dan tanda hubung (-).");

    [Theory]
    [InlineData("Adi\uD800")]
    [InlineData("\uDC00Adi")]
    [InlineData("Adi\uFFFF")]
    [InlineData("Adi\uFFFD")]
    [InlineData("Adi\u2028Nugroho")]
    [InlineData("\uFEFFAdi")]
    [InlineData("Adi\u0007")]
    public void broken_and_invisible_characters_are_not_clean_text(string text) =>
        Rules.TextProblem(text, "Isi", allowMarkup: true).ShouldNotBeNull();

    [Theory]
    [InlineData("Nilai < KKM, remedial", true, true)]
    [InlineData("Nilai < KKM, remedial", false, false)]
    [InlineData("Salah ketik 😀 diperbaiki", false, true)]
    public void markup_is_clean_only_where_allowed_and_emoji_pairs_are_fine(string text, bool allowMarkup, bool clean) =>
        (Rules.TextProblem(text, "Isi", allowMarkup) is null).ShouldBe(clean);
}
