using System.Reflection;
using ERaport.Web.Components;
using Microsoft.AspNetCore.Components;

namespace ERaport.Tests.Unit.Web;

public sealed class QueryParameterTests
{
    /// <summary>The framework converts a typed query parameter itself and throws on a value that does not read, so a
    /// mistyped or hand-edited address would be a 500: pages take the text and read it with <see cref="QueryValue"/>.</summary>
    [Fact]
    public void every_page_takes_its_query_values_as_text()
    {
        var typed = typeof(QueryValue).Assembly.GetTypes()
            .Where(t => typeof(ComponentBase).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(p => p.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is not null && p.PropertyType != typeof(string))
            .Select(p => $"{p.DeclaringType!.Name}.{p.Name}: {p.PropertyType.Name}");

        typed.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("2026-12-19", null)]
    [InlineData(" 2026-12-19 ", null)]
    [InlineData("", null)]
    [InlineData("19/19/2026", "Tanggal \"19/19/2026\" bukan tanggal (tulis seperti 2026-12-19); isian ini diabaikan.")]
    [InlineData("<script>alert(1)</script> and then a very long tail", "Tanggal \"<script>alert(1)</script> and …\" bukan tanggal (tulis seperti 2026-12-19); isian ini diabaikan.")]
    public void a_date_that_does_not_read_is_named_back_shortened(string text, string? problem)
    {
        var problems = new List<string>();

        var date = QueryValue.Date(text, "Tanggal", problems);

        problems.ShouldBe(problem is null ? [] : [problem]);
        if (problem is null && text.Trim().Length > 0)
            date.ShouldBe(new DateOnly(2026, 12, 19));
    }

    [Fact]
    public void ids_flags_and_counts_that_do_not_read_are_as_if_absent()
    {
        QueryValue.Id("bukan-guid").ShouldBeNull();
        QueryValue.Flag("mungkin").ShouldBeNull();
        QueryValue.Count("-3").ShouldBeNull();
        QueryValue.Count("12").ShouldBe(12);
        QueryValue.Flag("true").ShouldBe(true);
    }
}
