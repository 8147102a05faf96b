using ERaport.Web.Accounts;

namespace ERaport.Tests.Unit.Accounts;

public class PasswordPolicyTests
{
    private static readonly PasswordPolicy Policy = PasswordPolicy.Default;

    private static string? Code(string? password) => Policy.Check(password, "guru.mtk", "Bambang Sutrisno, S.Si.", "SMA Negeri 1 Sukamaju")?.Code;

    [Theory]
    [InlineData("kuda baterai staples benar")]
    [InlineData("Ibu guru suka teh manis")]
    [InlineData("pelangi-di-langit-senja")]
    [InlineData("8 kucing lari")]
    [InlineData("tanpahurufbesar")]
    [InlineData("ikan🐟asin goreng")]
    public void a_long_uncommon_password_without_any_composition_is_accepted(string password)
    {
        Code(password).ShouldBeNull();
    }

    [Fact]
    public void eight_characters_is_enough_and_seven_is_not()
    {
        Code("kp7#vqzt").ShouldBeNull();
        Code("kp7#vqz").ShouldBe("password.too_short");
    }

    [Fact]
    public void characters_are_counted_as_people_count_them()
    {
        // Four emoji are eight UTF-16 units but four characters.
        Code("🐟🐟🐠🐡").ShouldBe("password.too_short");
    }

    [Fact]
    public void at_least_64_and_up_to_128_characters_are_allowed()
    {
        Code(new string('k', 60) + "pelangi senja" + new string('z', 55)).ShouldBeNull(); // 128
        Code("pelangi senja " + new string('q', 115)).ShouldBe("password.too_long"); // 129
    }

    [Theory]
    [InlineData("password")]
    [InlineData("PASSWORD")]
    [InlineData("12345678")]
    [InlineData("qwertyuiop")]
    [InlineData("iloveyou")]
    [InlineData("bismillah")]
    [InlineData("Bismillah123")]
    [InlineData("indonesia")]
    [InlineData("sayangku")]
    [InlineData("Password123!")]
    [InlineData("dragon2024")]
    [InlineData("aaaaaaaaaa")]
    [InlineData("abababababab")]
    public void a_common_password_is_rejected(string password)
    {
        Code(password).ShouldBe("password.too_common");
    }

    [Theory]
    [InlineData("guru.mtk")]
    [InlineData("GuruMtk2026")]
    [InlineData("Bambang Sutrisno")]
    [InlineData("sutrisno123")]
    [InlineData("SMA Negeri 1 Sukamaju")]
    [InlineData("sukamaju2026!")]
    [InlineData("eraport2026")]
    public void a_password_made_of_the_user_name_the_person_or_the_school_is_rejected(string password)
    {
        Code(password).ShouldBe("password.context_word");
    }

    [Theory]
    [InlineData("sman1 sukamaju")]
    [InlineData("SMAN 1 Sukamaju!")]
    [InlineData("sukamaju jaya")]
    [InlineData("negeri sukamaju")]
    [InlineData("Pak Bambang 1")]
    [InlineData("bambang-mtk-2026")]
    [InlineData("guru.mtk.sukamaju")]
    [InlineData("sutrisno eraport")]
    public void a_password_that_is_mostly_the_user_name_the_person_or_the_school_is_rejected(string password)
    {
        Code(password).ShouldBe("password.context_word");
    }

    [Theory]
    [InlineData("sukamaju di pagi yang cerah")]
    [InlineData("Pak Bambang suka kopi tubruk")]
    public void a_passphrase_that_mentions_a_name_among_enough_other_words_is_accepted(string password)
    {
        Code(password).ShouldBeNull();
    }

    [Fact]
    public void what_is_left_without_the_names_must_not_be_a_common_password()
    {
        Code("sukamaju password").ShouldBe("password.too_common");
    }

    [Fact]
    public void the_context_word_message_says_how_much_must_be_left_without_the_names()
    {
        var error = Policy.Check("sman1 sukamaju", "guru.mtk", "Bambang Sutrisno", "SMA Negeri 1 Sukamaju")!;
        error.Message.ShouldContain("nama sekolah");
        error.Message.ShouldContain($"minimal {PasswordPolicy.MinLength} huruf atau angka");
    }

    [Fact]
    public void an_empty_password_is_required()
    {
        Code("").ShouldBe("password.required");
        Code(null).ShouldBe("password.required");
    }

    [Fact]
    public void the_shipped_list_holds_at_least_3000_common_passwords_of_the_minimum_length()
    {
        // ASVS 5.0 asks for the top 3000 passwords that match the length rule.
        Policy.CommonPasswordCount.ShouldBeGreaterThan(10_000);
        var lines = new[] { "common-passwords.txt" }
            .SelectMany(f => File.ReadLines(Path.Combine(RepoRoot(), "src", "Web", "Accounts", "Passwords", f)))
            .Count(p => p.Length >= PasswordPolicy.MinLength);
        lines.ShouldBeGreaterThanOrEqualTo(3000);
    }

    [Fact]
    public void every_message_is_in_bahasa_indonesia_and_names_the_field()
    {
        var error = Policy.Check("12345678")!;
        error.Message.ShouldContain("terlalu umum");
        error.Details!["field"].ShouldBe("password");
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ERaport.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("ERaport.sln not found");
    }
}
