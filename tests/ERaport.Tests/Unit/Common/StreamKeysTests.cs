using ERaport.Write.Common;

namespace ERaport.Tests.Unit.Common;

public class StreamKeysTests
{
    private static readonly Guid Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    public static TheoryData<string, string> EntityKeys => new()
    {
        { StreamKeys.Term("sch1", Id), "term" },
        { StreamKeys.Class("sch1", Id), "class" },
        { StreamKeys.Student("sch1", Id), "student" },
        { StreamKeys.Subject("sch1", Id), "subject" },
        { StreamKeys.Gradebook("sch1", Id), "gradebook" },
        { StreamKeys.User("sch1", Id), "user" },
    };

    [Theory]
    [MemberData(nameof(EntityKeys))]
    public void an_entity_key_parses_back_to_its_school_kind_and_id(string key, string kind)
    {
        StreamKeys.Parse(key).ShouldBe(("sch1", kind, (Guid?)Id));
    }

    [Fact]
    public void an_entity_key_is_school_kind_and_the_id_without_dashes()
    {
        StreamKeys.Gradebook("sch1", Id).ShouldBe("sch1/gradebook/0f8fad5bd9cb469fa16570867728950e");
    }

    [Fact]
    public void the_school_key_parses_back_to_its_school_without_an_id()
    {
        StreamKeys.Parse(StreamKeys.School("sch1")).ShouldBe(("sch1", "school", (Guid?)null));
    }

    [Theory]
    [InlineData("sch1")]
    [InlineData("sch1/gradebook/0f8fad5bd9cb469fa16570867728950e/extra")]
    [InlineData("sch1/gradebook/0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("sch1/gradebook/not-a-guid")]
    public void a_key_not_made_by_StreamKeys_is_refused(string key)
    {
        Should.Throw<FormatException>(() => StreamKeys.Parse(key));
    }
}
