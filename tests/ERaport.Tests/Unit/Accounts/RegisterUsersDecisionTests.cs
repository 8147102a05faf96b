using ERaport.Write.Accounts;
using ERaport.Write.Common;
using ERaport.Write.School;
using static ERaport.Tests.Unit.Accounts.AccountFixtures;

namespace ERaport.Tests.Unit.Accounts;

/// <summary>Many teacher accounts from one pasted list: names made from the teachers' names, every bad row named, and
/// nothing stored unless every row is right.</summary>
public class RegisterUsersDecisionTests
{
    private static readonly Acting ByAdmin = Acting(Admin());
    private static readonly Term OfTerm = Term.Create(new TermOpened(TermId, "2026/2027", 1, null));

    private static NewUser Row(int row, string name, string? nip = null, string? userName = null) =>
        new(row, Guid.NewGuid(), name, nip, userName, "HASH-" + row);

    private static RegisterUsers List(params NewUser[] rows) => new(Guid.NewGuid(), TermId, rows, ByAdmin.By, EntrySource.Form);

    private static RegisterUsersPlan Decide(RegisterUsers c, IReadOnlyList<UserRegistered>? registered = null, IReadOnlySet<string>? taken = null,
        Acting? by = null, Term? term = null) =>
        RegisterUsersHandler.Decide(by ?? ByAdmin, c.TermId is null ? null : term ?? OfTerm, registered ?? [], taken ?? new HashSet<string>(), c);

    private static UserRegistered Existing(string userName, string name, string? nip = null) =>
        new(Guid.NewGuid(), TestEvents.SchoolId, userName, name, nip);

    private static IEnumerable<(int Row, string Code)> RowErrors(RegisterUsersPlan plan) =>
        plan.Decision.Errors.Select(e => ((int)e.Details!["row"]!, e.Code));

    [Theory]
    [InlineData("Siti Aminah", "siti.aminah")]
    [InlineData("Dra. Hj. Siti Aminah, S.Pd., M.Pd.", "siti.aminah")]
    [InlineData("Drs. H. Ahmad Syafi'i", "ahmad.syafii")]
    [InlineData("Ketut Budiarsa S.Kom", "ketut.budiarsa")]
    [InlineData("H. Moh. Rizal", "moh.rizal")]
    [InlineData("Élodie Ñúñez-Putri", "elodie.nunezputri")]
    [InlineData("SUKARNO", "sukarno")]
    [InlineData("Raden Roro Kusumawardhani Setyaningrum Prameswari", "raden.roro.kusumawardhani")]
    public void a_user_name_is_made_of_the_names_words_in_lowercase_ascii_without_titles_or_degrees(string name, string expected)
    {
        var plan = Decide(List(Row(2, name)));

        plan.Decision.IsAccepted.ShouldBeTrue(string.Join("; ", plan.Decision.Errors.Select(e => e.Message)));
        plan.Users.Single().UserName.ShouldBe(expected);
    }

    [Fact]
    public void a_made_name_that_is_taken_or_typed_by_another_row_gets_the_next_free_number()
    {
        var plan = Decide(List(
                Row(2, "Siti Aminah", "198001012005012001"),
                Row(3, "Siti Aminah, S.Pd.", "198001012005012002"),
                Row(4, "Budi Santoso", userName: "Siti.Aminah3"),
                Row(5, "Ai")),
            taken: new HashSet<string> { "siti.aminah", "ai2" });

        plan.Decision.IsAccepted.ShouldBeTrue(string.Join("; ", plan.Decision.Errors.Select(e => e.Message)));
        plan.Users.Select(u => u.UserName).ShouldBe(["siti.aminah2", "siti.aminah4", "siti.aminah3", "ai3"]);
    }

    [Fact]
    public void every_row_becomes_a_new_account_with_a_one_time_password_and_the_teacher_role_of_the_term()
    {
        var c = List(Row(2, " Siti  Aminah, S.Pd. ", " 19800101 200501 2 001 "), Row(3, "Budi Santoso"));

        var plan = Decide(c);

        plan.Decision.Changes.ShouldBe(2);
        plan.Decision.Streams.Select(s => (s.StreamKey, s.IsNew, s.Aggregate)).ShouldBe(c.Users.Select(u =>
            (StreamKeys.User(TestEvents.SchoolId, u.UserId), true, typeof(UserAccount))));
        plan.Decision.Streams[0].Events.ShouldBe(new object[]
        {
            new UserRegistered(c.Users[0].UserId, TestEvents.SchoolId, "siti.aminah", "Siti Aminah, S.Pd.", "19800101 200501 2 001"),
            new TemporaryPasswordIssued("HASH-2"),
            new RoleGranted(new RoleGrant(Role.Teacher, TermId, null)),
        });
        plan.Users[1].ShouldBe(new RegisteredUser(3, c.Users[1].UserId, "budi.santoso", "Budi Santoso", null));
    }

    [Fact]
    public void without_a_term_the_accounts_get_no_role_yet()
    {
        var plan = Decide(List(Row(2, "Budi Santoso")) with { TermId = null });

        plan.Decision.Streams.Single().Events.Select(e => e.GetType()).ShouldBe([typeof(UserRegistered), typeof(TemporaryPasswordIssued)]);
    }

    [Fact]
    public void one_bad_row_refuses_the_whole_list_and_every_bad_row_is_named_with_what_is_wrong()
    {
        var registered = new[] { Existing("rina", "Rina Marlina, S.Pd.", "197001012000012001"), Existing("joko", "Joko Susilo") };
        var plan = Decide(List(
                Row(2, "Budi Santoso", "198001012005012001"),
                Row(3, "<script>alert(1)</script>"),
                Row(4, "Ani Lestari", "12ab"),
                Row(5, "Dewi Sartika", "1980 0101 2005 0120 01"),
                Row(6, "BUDI SANTOSO"),
                Row(7, "Rina Marlina", userName: "rina.m"),
                Row(8, "Tono", "19700101-200001-2-001"),
                Row(9, "Wati", userName: "guru.lama"),
                Row(10, "Wawan", userName: "x"),
                Row(11, "Yusuf", userName: "yusuf.a"),
                Row(12, "Yusuf Habibie", userName: "YUSUF.A"),
                Row(13, "Joko Susilo, S.Kom.", "198501012010011001")),
            registered, new HashSet<string> { "rina", "joko", "guru.lama" });

        plan.Decision.Status.ShouldBe(OutcomeStatus.Invalid);
        plan.Decision.Streams.ShouldBeEmpty();
        plan.Users.ShouldBeEmpty();
        RowErrors(plan).ShouldBe(
        [
            (3, "displayName.invalid_characters"),
            (4, "nip.invalid"),
            (5, "nip.duplicate"),
            (6, "displayName.duplicate"),
            (7, "displayName.taken"),
            (8, "nip.taken"),
            (9, "user.name_taken"),
            (10, "userName.invalid"),
            (12, "userName.duplicate"),
            (13, "displayName.taken"),
        ]);
        plan.Decision.Errors.Single(e => e.Code == "nip.duplicate").Message.ShouldBe("NIP 1980 0101 2005 0120 01 sudah ada di baris 2 daftar ini.");
        plan.Decision.Errors.Single(e => e.Code == "nip.taken").Message.ShouldContain("Rina Marlina, S.Pd. (nama pengguna rina)");
    }

    [Fact]
    public void rows_of_teachers_who_have_their_account_already_are_skipped_and_the_others_created()
    {
        var siti = Existing("siti.aminah", "Siti Aminah, S.Pd.", "198001012005012001");
        var joko = Existing("joko", "Joko Susilo");
        var budi = Existing("budi.s", "Budi Santoso", "198101012005011001");
        var plan = Decide(List(
                Row(2, "Dra. Siti Aminah", "19800101 200501 2 001"),
                Row(3, "Joko Susilo, S.Kom."),
                Row(4, "BUDI SANTOSO", userName: "Budi.S"),
                Row(5, "Ani Lestari")),
            [siti, joko, budi], new HashSet<string> { "siti.aminah", "joko", "budi.s" });

        plan.Decision.IsAccepted.ShouldBeTrue(string.Join("; ", plan.Decision.Errors.Select(e => e.Message)));
        plan.Users.Select(u => (u.Row, u.UserName)).ShouldBe([(5, "ani.lestari")]);
        plan.Decision.Streams.Count.ShouldBe(1);
        plan.Decision.Changes.ShouldBe(1);
        plan.Skipped.ShouldBe(
        [
            new SkippedUser(2, siti.UserId, "siti.aminah", "Siti Aminah, S.Pd."),
            new SkippedUser(3, joko.UserId, "joko", "Joko Susilo"),
            new SkippedUser(4, budi.UserId, "budi.s", "Budi Santoso"),
        ]);
    }

    [Fact]
    public void a_list_of_teachers_who_all_have_their_accounts_creates_nothing()
    {
        var plan = Decide(List(Row(2, "Joko Susilo")), [Existing("joko", "Joko Susilo")], new HashSet<string> { "joko" });

        plan.Decision.IsAccepted.ShouldBeTrue();
        plan.Decision.Streams.ShouldBeEmpty();
        plan.Users.ShouldBeEmpty();
        plan.Skipped.Select(s => s.Row).ShouldBe([2]);
    }

    [Fact]
    public void a_row_whose_user_name_or_nip_belongs_to_another_person_still_refuses_the_whole_list()
    {
        var budi = Existing("budi.s", "Budi Santoso", "198101012005011001");
        var plan = Decide(List(
                Row(2, "Budi Sartono", userName: "budi.s"),
                Row(3, "Rina Marlina", "198101012005011001"),
                Row(4, "Budi Santoso", "198101012005011002", userName: "budi.s"),
                Row(5, "Budi Santoso", "198101012005011001", userName: "budi.santoso"),
                Row(6, "Wati", userName: "guru.lain"),
                Row(7, "Joko Susilo")),
            [budi, Existing("joko", "Joko Susilo")], new HashSet<string> { "budi.s", "joko", "guru.lain" });

        plan.Decision.Status.ShouldBe(OutcomeStatus.Invalid);
        plan.Decision.Streams.ShouldBeEmpty();
        plan.Skipped.ShouldBeEmpty();
        RowErrors(plan).ShouldBe([(2, "user.name_taken"), (3, "nip.taken"), (4, "user.name_taken"), (5, "nip.taken"), (6, "user.name_taken")]);
    }

    [Fact]
    public void a_row_with_its_nip_whose_namesake_has_none_is_told_to_add_that_one_teacher_alone_not_to_fill_the_nip_it_has()
    {
        var plan = Decide(List(Row(2, "Dra. Hj. Siti Aminah, M.Pd.", "198001012005012001")), [Existing("guru.kim", "Siti Aminah, S.Si.")]);

        var refused = plan.Decision.Errors.Single();
        refused.Code.ShouldBe("displayName.taken");
        refused.Message.ShouldNotContain("isi NIP-nya");
        refused.Message.ShouldBe("Sudah ada pengguna bernama Siti Aminah, S.Si. (nama pengguna guru.kim) tanpa NIP, jadi tidak dapat dibedakan. " +
                                 "Bila orang yang sama, hapus baris ini; bila orang lain, hapus baris ini lalu buat akunnya di Tambah pengguna (halaman Pengguna).");
    }

    [Fact]
    public void namesakes_with_different_nips_are_two_people()
    {
        var plan = Decide(List(Row(2, "Siti Aminah", "198001012005012001"), Row(3, "Siti Aminah", "198001012005012002")),
            [Existing("siti", "Siti Aminah", "197001012000012001")], new HashSet<string> { "siti" });

        plan.Users.Select(u => u.UserName).ShouldBe(["siti.aminah", "siti.aminah2"]);
    }

    [Fact]
    public void a_list_that_is_empty_or_longer_than_the_cap_is_refused_with_the_reason()
    {
        Decide(List()).Decision.Errors.Single().Code.ShouldBe("users.empty");

        var tooMany = Decide(List([.. Enumerable.Range(1, RegisterUsersHandler.MaxRows + 1).Select(i => Row(i, $"Guru {i}"))]));

        tooMany.Decision.Errors.Single().Code.ShouldBe("users.too_many_rows");
        tooMany.Decision.Errors.Single().Message.ShouldContain("Paling banyak 500 pengguna sekali tambah; daftar ini berisi 501");
    }

    [Fact]
    public void only_an_active_admin_may_and_the_term_must_exist()
    {
        var teacher = Account("guru.a", TeacherRole);
        Decide(List(Row(2, "Budi Santoso")), by: Acting(teacher)).Decision.Status.ShouldBe(OutcomeStatus.Forbidden);
        RegisterUsersHandler.Decide(ByAdmin, null, [], new HashSet<string>(), List(Row(2, "Budi Santoso"))).Decision.Errors.Single().Code
            .ShouldBe("term.not_found");
    }
}
