using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>The leger of a class (32 students × 14 subjects) on a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LegerBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    [Fact]
    public Task on_a_phone_the_leger_keeps_each_students_number_and_name_in_view_while_scrolled_to_the_last_column() => RunAsync(async () =>
    {
        var page = await NewPageAsync(360, 740);
        await SignInAsync(page, "wali.x2");
        await page.GotoAsync("/rapor");
        await page.Locator("tr").Filter(new() { HasText = "X-2" }).GetByRole(AriaRole.Link, new() { Name = "Leger" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Leger nilai kelas X-2");

        var region = page.GetByRole(AriaRole.Region, new() { Name = "Leger nilai kelas X-2" });
        await region.EvaluateAsync("r => { r.scrollLeft = r.scrollWidth; }");
        var box = (await region.BoundingBoxAsync())!;
        var row = page.Locator("table.leger tbody tr").First;
        foreach (var cell in new[] { row.Locator("td.no"), row.Locator("td.name"), row.Locator("td").Last })
        {
            var at = (await cell.BoundingBoxAsync())!;
            at.X.ShouldBeGreaterThanOrEqualTo(box.X - 1, await cell.InnerTextAsync());
            (at.X + at.Width).ShouldBeLessThanOrEqualTo(box.X + box.Width + 1, await cell.InnerTextAsync());
        }
        // The number and the name are not covered by the grades scrolled under them.
        (await row.Locator("td.name").EvaluateAsync<string>(
            "c => { const r = c.getBoundingClientRect(); return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.closest('td')?.className ?? ''; }"))
            .ShouldBe("name");
        await ScreenshotAsync(page, "leger-360");
    });

    [Fact]
    public Task on_a_phone_the_sticky_number_and_name_take_at_most_two_fifths_of_the_width_and_every_name_stays_whole() => RunAsync(async () =>
    {
        const int width = 360;
        var page = await NewPageAsync(width, 740);
        await SignInAsync(page, "wali.x2");
        await page.GotoAsync("/rapor");
        await page.Locator("tr").Filter(new() { HasText = "X-2" }).GetByRole(AriaRole.Link, new() { Name = "Leger" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Leger nilai kelas X-2");

        // The widest sticky part over all rows (the header too), from the number's left edge to the name's right edge.
        var sticky = await page.Locator("table.leger").EvaluateAsync<double>("""
            t => Math.max(...[...t.rows].map(r => r.querySelector('.name').getBoundingClientRect().right - r.querySelector('.no').getBoundingClientRect().left))
            """);
        sticky.ShouldBeLessThanOrEqualTo(0.4 * width, $"the sticky number and name take {sticky:0} of {width} px");
        // Readable: no name is cut off or shrunk; a long one wraps.
        var cut = await page.Locator("table.leger tbody td.name").EvaluateAllAsync<string[]>(
            "cells => cells.filter(c => c.scrollWidth > c.clientWidth + 1 || parseFloat(getComputedStyle(c).fontSize) < 12).map(c => c.textContent)");
        cut.ShouldBeEmpty();
        // Before any scrolling, grades are what the rest of the width shows.
        var visible = await page.Locator("table.leger thead th[data-subject]").EvaluateAllAsync<int>(
            $"ths => ths.filter(th => th.getBoundingClientRect().right <= {width}).length");
        visible.ShouldBeGreaterThanOrEqualTo(3);
        await ScreenshotAsync(page, "leger-360-sticky");
    });
}
