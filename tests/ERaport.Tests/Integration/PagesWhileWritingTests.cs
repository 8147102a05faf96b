using System.Text.RegularExpressions;

namespace ERaport.Tests.Integration;

/// <summary>SQLite in WAL mode lets readers read while its one writer writes; a reader that asks for the write lock (a
/// transaction begun the Microsoft.Data.Sqlite default way) waits for the writer instead, and holds it up. The history
/// explorer's counts once did. Every page each role reaches is read here while another connection holds that lock.</summary>
[Collection(AppCollection.Name)]
public sealed partial class PagesWhileWritingTests(AppFixture app)
{
    // Downloads, sign-out and the API are not pages; a print records an event and is refused while the read model is behind.
    [GeneratedRegex(@"^/(api/|keluar)|/(pdf|zip|xlsx)$")]
    private static partial Regex NotAPage();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Id();

    [Theory]
    [InlineData("kepsek")]
    [InlineData("wali.x1")]
    [InlineData("guru.mtk")]
    [InlineData("admin")]
    public async Task every_page_a_role_reaches_answers_while_the_read_models_writer_holds_its_lock(string user)
    {
        var browser = await app.SignInAsync(user);
        await app.CatchUpAsync(); // nothing of the caller's own left to wait for

        var answers = new List<(string Url, int Status)>();
        await using (await app.HoldReadModelWritesAsync())
        {
            var queue = new Queue<string>(["/"]);
            var seen = new HashSet<string> { "/" };
            var shapes = new Dictionary<string, int>();
            while (queue.TryDequeue(out var url) && answers.Count < 60)
            {
                var answer = await browser.SendAsync(s =>
                {
                    s.Get.Url(url);
                    s.IgnoreStatusCode();
                });
                answers.Add((url, answer.Context.Response.StatusCode));
                if (answer.Context.Response.StatusCode != 200)
                    continue;
                var page = TestBrowser.Parse(await answer.ReadAsTextAsync());
                // A browser never sends a link's fragment (the skip link is the page itself, "…#isi").
                foreach (var href in page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!.Split('#')[0]))
                {
                    // One or two of each kind of page: another class's leger adds nothing here.
                    var shape = Id().Replace(href.Split('?')[0], "{id}");
                    if (!href.StartsWith('/') || NotAPage().IsMatch(href.Split('?')[0]) || seen.Contains(href) || shapes.GetValueOrDefault(shape) >= 2)
                        continue;
                    shapes[shape] = shapes.GetValueOrDefault(shape) + 1;
                    seen.Add(href);
                    queue.Enqueue(href);
                }
            }
        }

        answers.Count.ShouldBeGreaterThan(5, "the crawl found the role's pages");
        answers.Where(a => a.Status != 200).ShouldBeEmpty();
    }
}
