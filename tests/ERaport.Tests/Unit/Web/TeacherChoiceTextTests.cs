using ERaport.Read.School;
using ERaport.Web.Components.MasterData;

namespace ERaport.Tests.Unit.Web;

/// <summary>What an operator types into a teacher field of "Wali kelas semua kelas" or of a class's subjects (pembelajaran), by keyboard on a phone.</summary>
public sealed class TeacherChoiceTextTests
{
    private static readonly TeacherItem Hendra = new(Guid.NewGuid(), "guru.inf", "Hendra Gunawan, S.Kom.", false);
    private static readonly TeacherItem Siti = new(Guid.NewGuid(), "siti.aminah", "Dra. Hj. Siti Aminah, M.Pd.", false);
    private static readonly TeacherItem SitiRahma = new(Guid.NewGuid(), "siti.rahma", "Siti Rahmawati, S.Pd.", false);
    private static readonly TeacherItem[] Teachers = [Hendra, Siti, SitiRahma];

    private static Guid? Found(string typed) => TeacherChoiceText.TryFind(Teachers, typed, out var id) ? id : Guid.Empty;

    [Fact]
    public void a_name_typed_without_its_titles_and_degrees_in_any_case_finds_the_one_teacher_it_names()
    {
        Found("hendra gunawan").ShouldBe(Hendra.UserId);
        Found("Siti Aminah").ShouldBe(Siti.UserId);
    }

    [Fact]
    public void the_start_of_a_name_only_one_teacher_has_finds_them_and_one_two_teachers_share_is_not_a_choice()
    {
        Found("Hendra").ShouldBe(Hendra.UserId);
        Found("siti am").ShouldBe(Siti.UserId);
        Found("Siti").ShouldBe(Guid.Empty);
        Found("Budi").ShouldBe(Guid.Empty);
    }

    [Fact]
    public void the_listed_text_a_user_name_or_nothing_are_read_as_before()
    {
        Found(TeacherChoiceText.Of(Siti)).ShouldBe(Siti.UserId);
        Found("GURU.INF").ShouldBe(Hendra.UserId);
        Found("  ").ShouldBeNull();
    }
}
