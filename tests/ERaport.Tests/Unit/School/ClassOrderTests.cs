using ERaport.Read.School;

namespace ERaport.Tests.Unit.School;

public sealed class ClassOrderTests
{
    [Fact]
    public void class_names_are_ordered_as_people_count_not_as_text()
    {
        string[] names = ["X-10", "x-2", "X IPA 10", "X-1", "X IPA 2", "XI-1", "X-09", "7B", "10A", "7A"];

        names.OrderBy(ClassOrder.Key, StringComparer.Ordinal)
            .ShouldBe(["7A", "7B", "10A", "X IPA 2", "X IPA 10", "X-1", "x-2", "X-09", "X-10", "XI-1"]);
    }

    [Fact]
    public void a_list_ordered_by_level_then_class_name_puts_the_tenth_class_last()
    {
        (int Level, string Name)[] classes = [(11, "XI-2"), (10, "X-10"), (10, "X-2"), (11, "XI-10")];

        classes.OrderBy(c => c.Level).ThenByClassName(c => c.Name).Select(c => c.Name).ShouldBe(["X-2", "X-10", "XI-2", "XI-10"]);
    }

    /// <summary>XII TKJ 1 fills from last year's XI TKJ 1: the class page offers that class's students first.</summary>
    [Fact]
    public void a_class_name_without_its_level_matches_the_class_it_fills_from()
    {
        ClassOrder.WithoutLevel("XII TKJ 1").ShouldBe(ClassOrder.WithoutLevel("XI TKJ 1"));
        ClassOrder.WithoutLevel("XI-2").ShouldBe(ClassOrder.WithoutLevel("X-02"));
        ClassOrder.WithoutLevel("8B").ShouldBe(ClassOrder.WithoutLevel("7b"));
        ClassOrder.WithoutLevel("XII TKJ 1").ShouldNotBe(ClassOrder.WithoutLevel("XI TKJ 2"));
        ClassOrder.WithoutLevel("XI IPA 1").ShouldNotBe(ClassOrder.WithoutLevel("X IPS 1"));
    }
}
