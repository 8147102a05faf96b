using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Xunit.Abstractions;

namespace ERaport.Tests.Integration;

/// <summary>Its own school: the sweep submits every form it finds, so it may rename or lock things that other
/// collections' tests count on.</summary>
public sealed class FormSweepFixture : AppFixture;

[CollectionDefinition(Name)]
public sealed class FormSweepCollection : ICollectionFixture<FormSweepFixture>
{
    public const string Name = "form-sweep";
}

/// <summary>The admin's sweep has a school of its own: its forms disable accounts (a reason is all they ask), which would
/// stop the others' walks, and the order of tests is not fixed.</summary>
public sealed class AdminFormSweepFixture : AppFixture;

[CollectionDefinition(Name)]
public sealed class AdminFormSweepCollection : ICollectionFixture<AdminFormSweepFixture>
{
    public const string Name = "form-sweep-admin";
}

[Collection(FormSweepCollection.Name)]
public sealed class FormSweepTests(FormSweepFixture app, ITestOutputHelper output)
{
    [Theory]
    [InlineData("guru.mtk")]
    [InlineData("wali.x1")]
    [InlineData("kepsek")]
    public Task every_form_a_role_reaches_answers_hostile_text_without_a_5xx_or_an_unescaped_echo(string userName) =>
        new FormSweep(app, output).HostileTextAsync(userName);

    [Theory]
    [InlineData("guru.mtk")]
    [InlineData("wali.x1")]
    [InlineData("kepsek")]
    public Task every_form_a_role_reaches_answers_tampered_hidden_fields_without_a_5xx(string userName) =>
        new FormSweep(app, output).TamperedHiddenFieldsAsync(userName);
}

[Collection(AdminFormSweepCollection.Name)]
public sealed class AdminFormSweepTests(AdminFormSweepFixture app, ITestOutputHelper output)
{
    [Fact]
    public Task every_form_the_admin_reaches_answers_hostile_text_without_a_5xx_or_an_unescaped_echo() =>
        new FormSweep(app, output).HostileTextAsync("admin");

    [Fact]
    public Task every_form_the_admin_reaches_answers_tampered_hidden_fields_without_a_5xx() =>
        new FormSweep(app, output).TamperedHiddenFieldsAsync("admin");
}

/// <summary>Issue 7's hostile-input corpus over the pages: a role walks every page it can reach by links and submits
/// every form there with hostile text in each field a person types into. No answer may be a 5xx, no answer may show
/// the text unescaped (a form that accepts markup as text, such as a reason, must show it as text), and text no field
/// may hold (100,000 characters, control characters) is refused with a 4xx and stores nothing. Hidden fields come back
/// tampered too: refused or not, never a 5xx.</summary>
public sealed class FormSweep(AppFixture app, ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Payloads = new()
    {
        ["script"] = "<script>alert(1)</script>",
        ["img onerror"] = "\"><img src=x onerror=alert(1)>",
        ["attribute breakout"] = "' onmouseover='alert(1)",
        ["100k characters"] = new string('A', 100_000),
        ["control characters"] = "Adi\u0007\u001b[31m\u202E",
    };

    /// <summary>Each payload with the marker that would show it was echoed unescaped.</summary>
    private static readonly Dictionary<string, string> Unescaped = new()
    {
        ["script"] = "<script>alert(1)", ["img onerror"] = "<img src=x onerror", ["attribute breakout"] = "' onmouseover='alert(1)",
    };

    /// <summary>What no field of any form may keep: it is refused with a 4xx, and nothing is stored.</summary>
    private static readonly HashSet<string> NeverStored = ["100k characters", "control characters"];

    // Links to files (PDF, workbooks, CSV) are not pages; signing out and the password form would end the walk.
    private static readonly Regex NotAPage = new(@"^/(api/|keluar|akun/sandi)|/(pdf|zip|xlsx|template)$|\.csv$", RegexOptions.Compiled);
    private static readonly Regex Id = new("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.Compiled);

    public async Task HostileTextAsync(string userName)
    {
        var (forms, failures) = await SubmitEveryFormAsync(userName, TypedFields, Payloads, (payload, posted, status, stored) =>
            posted && NeverStored.Contains(payload) && (status is < 400 or > 499 || stored > 0) ? $"answered {status}, {stored} events stored" : null);

        forms.ShouldBeGreaterThan(0, "the walk found no form to submit");
        failures.ShouldBeEmpty();
    }

    /// <summary>What a page puts in hidden fields (a command id, the student or entry a form is about) comes back as the
    /// browser sends it.</summary>
    public async Task TamperedHiddenFieldsAsync(string userName)
    {
        var (forms, failures) = await SubmitEveryFormAsync(userName, HiddenFields, Tampered, (_, _, _, _) => null);

        forms.ShouldBeGreaterThan(0, "the walk found no form with hidden fields");
        failures.ShouldBeEmpty();
    }

    private static readonly Dictionary<string, string> Tampered = new()
    {
        ["not a guid"] = "bukan-guid", ["empty"] = "", ["unknown guid"] = "7b5f0c2e-1d4a-4f7e-9c3b-2a6d8e1f4b90", ["script"] = "<script>alert(1)</script>",
        ["huge number"] = "99999999999999999999999",
    };

    /// <summary>Walks the role's pages and submits each form that has <paramref name="fieldsOf"/> once per payload, with
    /// those fields set to it; the answer must not be a 5xx nor show markup unescaped, and <paramref name="judge"/> (payload
    /// name, posted, status, events stored) may name what else is wrong.</summary>
    private async Task<(int Forms, List<string> Failures)> SubmitEveryFormAsync(string userName, Func<IHtmlFormElement, List<string>> fieldsOf,
        IReadOnlyDictionary<string, string> payloads, Func<string, bool, int, long, string?> judge)
    {
        var browser = await app.SignInAsync(userName);
        var failures = new List<string>();
        var forms = 0;

        var pages = await WalkAsync(browser);
        foreach (var (url, page) in pages)
            foreach (var form in page.QuerySelectorAll("form").OfType<IHtmlFormElement>())
            {
                var fields = fieldsOf(form);
                var action = TestBrowser.ActionOf(form, url);
                if (fields.Count == 0 || NotAPage.IsMatch(new Uri(new Uri("http://x"), action).AbsolutePath))
                    continue;
                forms++;
                foreach (var (name, payload) in payloads)
                {
                    // A fresh copy of the page each time: the antiforgery token and the rendered values of the moment.
                    var reload = await browser.SendAsync(s =>
                    {
                        s.Get.Url(url);
                        s.IgnoreStatusCode();
                    });
                    if (reload.Context.Response.StatusCode != 200)
                        break; // the previous payload took the page away (e.g. renamed what it showed)
                    var fresh = TestBrowser.Parse(await reload.ReadAsTextAsync());
                    var again = fresh.QuerySelectorAll("form").OfType<IHtmlFormElement>().FirstOrDefault(f => Signature(f) == Signature(form));
                    if (again is null)
                        continue; // the previous payload changed the page (e.g. locked the class): nothing left to submit
                    var posted = !again.Method.Equals("get", StringComparison.OrdinalIgnoreCase);
                    var before = await app.EventCountAsync();
                    var result = await browser.SubmitAsync(again, url, fields.ToDictionary(f => f, _ => payload));
                    var status = result.Context.Response.StatusCode;
                    var html = await result.ReadAsTextAsync();
                    var where = $"{(posted ? "POST" : "GET")} {action} from {url} [{string.Join(", ", fields)}] with {name}";
                    if (status >= 500)
                        failures.Add($"{where}: answered {status}");
                    else if (Unescaped.TryGetValue(name, out var marker) && html.Contains(marker, StringComparison.OrdinalIgnoreCase))
                        failures.Add($"{where}: shown unescaped");
                    else if (judge(name, posted, status, await app.EventCountAsync() - before) is { } wrong)
                        failures.Add($"{where}: {wrong}");
                }
            }

        output.WriteLine($"{userName}: {pages.Count} pages walked, {forms} forms submitted with {payloads.Count} payloads each");
        return (forms, failures);
    }

    /// <summary>The pages reachable by links from the home page: each address once, at most three of each kind
    /// (the same route with other ids).</summary>
    private static async Task<List<(string Url, IHtmlDocument Page)>> WalkAsync(TestBrowser browser)
    {
        var pages = new List<(string, IHtmlDocument)>();
        var seen = new HashSet<string>();
        var kinds = new Dictionary<string, int>();
        var queue = new Queue<string>(["/"]);
        while (queue.TryDequeue(out var url) && pages.Count < 120)
        {
            var result = await browser.SendAsync(s =>
            {
                s.Get.Url(url);
                s.IgnoreStatusCode();
            });
            if (result.Context.Response.StatusCode != 200 || result.Context.Response.ContentType?.StartsWith("text/html") != true)
                continue;
            var page = TestBrowser.Parse(await result.ReadAsTextAsync());
            pages.Add((url, page));
            foreach (var href in page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (!href.StartsWith('/') || href.StartsWith("//"))
                    continue;
                var path = href.Split('#')[0];
                var kind = Id.Replace(path.Split('?')[0], "{id}");
                if (path.Length == 0 || NotAPage.IsMatch(path.Split('?')[0]) || !seen.Add(path))
                    continue;
                kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
                if (kinds[kind] <= 3)
                    queue.Enqueue(path);
            }
        }
        return pages;
    }

    /// <summary>Hidden fields the page itself fills in (not the framework's form name and antiforgery token).</summary>
    private static List<string> HiddenFields(IHtmlFormElement form) =>
    [
        .. form.Elements.OfType<IHtmlInputElement>()
            .Where(i => i.Type == "hidden" && !string.IsNullOrEmpty(i.Name) && i.Name is not ("_handler" or "__RequestVerificationToken"))
            .Select(i => i.Name!),
    ];

    /// <summary>Fields a person types into (not hidden, not a choice).</summary>
    private static List<string> TypedFields(IHtmlFormElement form) =>
    [
        .. form.Elements.OfType<IHtmlInputElement>()
            .Where(i => !string.IsNullOrEmpty(i.Name) && !i.IsDisabled && i.Type is "text" or "search" or "number" or "date" or "email" or "tel" or "")
            .Select(i => i.Name!),
        .. form.Elements.OfType<IHtmlTextAreaElement>().Where(t => !string.IsNullOrEmpty(t.Name) && !t.IsDisabled).Select(t => t.Name!),
    ];

    /// <summary>Which form it is, across two renderings of a page.</summary>
    private static string Signature(IHtmlFormElement form) =>
        $"{form.GetAttribute("action")}|{form.Method}|{string.Join(",", form.Elements.OfType<IElement>().Select(e => e.GetAttribute("name")))}";
}
