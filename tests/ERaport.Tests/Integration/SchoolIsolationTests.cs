using System.Collections;
using System.Reflection;
using System.Text.Json;
using Alba;
using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using ERaport.Write.ReportCards;
using Marten;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace ERaport.Tests.Integration;

/// <summary>A district deployment: the test school and a neighbour school in one app, on one event store and one read model.
/// The test school has what its pages could leak: scores, a homeroom line, a printed rapor and a correction request waiting
/// in a locked class.</summary>
public sealed class TwoSchoolsFixture : AppFixture
{
    public TestSchool Neighbour { get; private set; } = default!;

    /// <summary>The test school's things beyond <see cref="TestSchool.RouteValues"/>.</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What only the test school's pages may show: its students' names and NISNs, its name, NPSN and people (not
    /// guru.mtk: a form's hint gives it as an example of a user name).</summary>
    public List<string> Marks { get; } = [];

    protected override async Task SeedAsync()
    {
        await base.SeedAsync();
        Neighbour = await TestSchool.CreateAsync(Host.Services, TestSchool.Neighbour);
        var spec = School.Of;
        await SendAcceptedAsync(new SaveScores(Guid.NewGuid(), School.MathGradebook,
            [.. School.Students.Select(s => new ScoreEntry(s, "tp1", "80", null))], null, School.User(spec.Math), EntrySource.Seed));
        var locked = await LockingTests.ClassAsync(this);
        await CatchUpAsync();

        var homeroom = await SignInAsync(spec.Homeroom);
        var entry = Guid.NewGuid();
        await homeroom.PostJsonAsync($"/api/homeroom/classes/{School.ClassId}/students/{School.Students[0]}/extracurriculars/{entry}",
            new { commandId = Guid.NewGuid(), activity = "Pramuka", description = "Aktif mengikuti perkemahan" });
        await homeroom.DownloadAsync($"/rapor/{School.ClassId}/{School.Students[0]}/pdf");
        await LockingTests.LockAsync(await SignInAsync(locked.Homeroom), locked.ClassId);
        await LockingTests.Post(await SignInAsync(spec.Math), $"/api/gradebooks/{locked.Gradebook}/correction-requests", LockingTests.Correction(locked.Adi, 80, 95));
        await CatchUpAsync();

        var principal = await SignInAsync(spec.Head);
        var request = (await principal.GetJsonAsync("/api/correction-requests")).EnumerateArray().Single();
        var printed = (await EventsAsync(StreamKeys.ReportCard(School.SchoolId, School.TermId, School.Students[0]))).Select(e => e.Data).OfType<ReportCardPrinted>().Single();
        var admin = await SignInAsync(spec.Admin);
        var math = (await admin.GetJsonAsync("/api/master-data/subjects")).EnumerateArray().First(s => s.GetProperty("code").GetString() == "MTK");
        foreach (var (name, value) in School.RouteValues())
            Values[name] = value;
        Values["requestId"] = request.GetProperty("requestId").GetString()!;
        Values["entryId"] = entry.ToString();
        Values["subjectId"] = math.GetProperty("subjectId").GetString()!;
        Values["code"] = printed.Code;
        Values["assessment"] = "tp1";

        Marks.AddRange([spec.Name, spec.Npsn, spec.Principal, .. spec.StudentNames, spec.OtherClassStudent, .. spec.Nisns, spec.Biology,
            spec.Homeroom, .. spec.People.Values.Where(n => n != "Operator"), locked.Name, locked.Homeroom, $"Adi {locked.Name[3..]}",
            $"Budi {locked.Name[3..]}"]);
    }
}

[CollectionDefinition(Name)]
public sealed class TwoSchoolsCollection : ICollectionFixture<TwoSchoolsFixture>
{
    public const string Name = "two-schools";
}

/// <summary>A user of one school of a district deployment, curious or malicious, reaches nothing of another school. Every
/// route the app maps (API, downloads, pages; from its own endpoint list, so a route added later is swept too) is called
/// by each role of the neighbour school with the test school's ids: in the route (all of them, and each one among the
/// neighbour's own), in the query and in the body. No answer may show the test school's names or NISNs, an API call or a
/// download that names only its things must be refused, and nothing may be stored in its streams.</summary>
[Collection(TwoSchoolsCollection.Name)]
public sealed class SchoolIsolationTests(TwoSchoolsFixture app, ITestOutputHelper output)
{
    /// <summary>What acts on the signed-in user alone (signing in and out, one's own password) names no other school's thing;
    /// a wrong password sent to sign in as another school's user is the lockout's business.</summary>
    private static bool ActsOnOneself(AppRoute route) =>
        route.Pattern.StartsWith("/api/session") || route.Pattern.StartsWith("/api/account") || route.Pattern is "/keluar" or "/masuk" or "/akun/sandi";

    private sealed record Probe(AppRoute Route, string Url, string? Query, bool NamesOnlyTheirs, string? Value);

    /// <summary>Each route as the neighbour's user could call it: with the test school's ids in every route value, with one of
    /// them among the neighbour's own, and (GET) with each of the neighbour's pages given the test school's ids and natural
    /// keys in each query value. A body always names the test school's things.</summary>
    private List<Probe> Probes()
    {
        var theirs = app.Values;
        var ours = new Dictionary<string, string>(app.Neighbour.RouteValues(), StringComparer.OrdinalIgnoreCase) { ["assessment"] = "tp1" };
        string[] named = ["classId", "studentId", "termId", "gradebookId", "teacherId", "subjectId", "requestId"];
        string[] ids = [.. named.Select(n => theirs[n]), app.School.User(app.School.Of.Math).UserId.ToString()];
        string[] keys = [app.School.Of.Nisns.First(), app.School.Of.StudentNames[0], app.School.Of.Math, "MTK", theirs["code"]];
        var probes = new List<Probe>();
        foreach (var route in AppRoute.All(app.Host.Services).Where(r => !ActsOnOneself(r)))
        {
            var parameters = route.RouteParameters;
            probes.Add(new Probe(route, route.Fill(theirs), null, parameters.Count > 0, null));
            if (parameters.Count > 1)
                foreach (var one in parameters)
                    probes.Add(new Probe(route, route.Fill(new Dictionary<string, string>(ours, StringComparer.OrdinalIgnoreCase) { [one] = theirs[one] }), null, false, null));
            if (route.Method != HttpMethods.Get)
                continue;
            foreach (var (name, type) in route.QueryParameters)
                foreach (var value in (Nullable.GetUnderlyingType(type) ?? type) == typeof(Guid) ? ids : (string[])[.. ids, .. keys])
                    probes.Add(new Probe(route, route.Fill(ours), $"?{name}={Uri.EscapeDataString(value)}", false, value));
        }
        return probes;
    }

    [Fact]
    public void the_sweep_reaches_the_api_the_downloads_and_the_pages_with_ids()
    {
        var routes = AppRoute.All(app.Host.Services).Select(r => r.Pattern).ToList();
        foreach (var route in (string[])["/api/gradebooks/{gradebookId:guid}/scores", "/leger/{classId:guid}/xlsx", "/rapor/{classId:guid}/{studentId:guid}/pdf",
                     "/rapor/{ClassId:guid}/{StudentId:guid}", "/nilai/{GradebookId:guid}", "/riwayat/{GradebookId:guid}/{StudentId:guid}", "/verifikasi/{Code}",
                     "/api/master-data/students/import", "/api/audit/changes"])
            routes.ShouldContain(route);
        Probes().Count(p => p.Query is not null).ShouldBeGreaterThan(100, "the sweep gives query values too");
    }

    /// <summary>The bulk commands name their students (and a class's wali kelas, its subjects' teachers) in lists: those carry
    /// the test school's ids too, not new ones that exist nowhere.</summary>
    [Fact]
    public void a_body_names_the_other_schools_things_in_lists_of_ids_and_list_rows_too()
    {
        string Body(Type type) => JsonSerializer.Serialize(BodyOf(type, app.Values, 0), JsonSerializerOptions.Web);

        Body(typeof(ERaport.Web.Api.MoveStudentsRequest)).ShouldSatisfyAllConditions(
            b => b.ShouldContain($"\"studentIds\":[\"{app.Values["studentId"]}\"]"), b => b.ShouldContain(app.Values["classId"]));
        Body(typeof(ERaport.Web.Api.WithdrawStudentsRequest)).ShouldContain(app.Values["studentId"]);
        Body(typeof(ERaport.Web.Api.HomeroomTeachersRequest)).ShouldSatisfyAllConditions(
            b => b.ShouldContain(app.Values["classId"]), b => b.ShouldContain(app.Values["teacherId"]));
        Body(typeof(ERaport.Web.Api.ClassTeachersRequest)).ShouldSatisfyAllConditions(
            b => b.ShouldContain(app.Values["subjectId"]), b => b.ShouldContain(app.Values["teacherId"]));
    }

    /// <summary>Ids are chosen by clients (a command's id names what it creates) and the read model keys its rows by id: a school
    /// that made a student, class or subject of another school's id took over that school's row, its name and NISN, its place
    /// on the other school's pages.</summary>
    [Fact]
    public async Task a_school_cannot_make_a_student_class_subject_or_term_of_an_id_another_school_holds()
    {
        var admin = await app.SignInOnceAsync(app.Neighbour.Of.Admin);
        var theirs = app.Values;
        var (nisn, nis) = TestSchool.NewStudentNumbers();
        var before = await TheirRowsAsync();

        (string Url, object Body)[] creations =
        [
            ("/api/master-data/students", new { commandId = Guid.NewGuid(), studentId = Guid.Parse(theirs["studentId"]), name = "Siswa Penyusup", nisn, nis, sex = "L" }),
            ("/api/master-data/classes", new { commandId = Guid.NewGuid(), classId = Guid.Parse(theirs["classId"]), termId = app.Neighbour.TermId, name = "X-9", level = 10, phase = "E" }),
            ("/api/master-data/subjects", new { commandId = Guid.NewGuid(), subjectId = Guid.Parse(theirs["subjectId"]), name = "Mapel Penyusup", code = "PNY", group = "Umum", order = 9 }),
            ("/api/master-data/terms", new { commandId = Guid.NewGuid(), termId = Guid.Parse(theirs["termId"]), schoolYear = MasterDataFixture.NewSchoolYear(), semester = 1 }),
        ];
        foreach (var (url, body) in creations)
            (await admin.PostJsonAsync(url, body, 409)).GetProperty("code").GetString().ShouldBe("id.taken", url);

        await app.CatchUpAsync();
        (await TheirRowsAsync()).ShouldBe(before);
    }

    /// <summary>An extracurricular line's id is chosen by the page (and the API's caller): another school's line of the same id
    /// was replaced, then removed, on that school's rapor.</summary>
    [Fact]
    public async Task an_extracurricular_line_of_an_id_another_school_holds_leaves_that_schools_line_alone()
    {
        var homeroom = await app.SignInOnceAsync(app.Neighbour.Of.Homeroom);
        var line = $"/api/homeroom/classes/{app.Neighbour.ClassId}/students/{app.Neighbour.Students[1]}/extracurriculars/{app.Values["entryId"]}";
        var before = await TheirRowsAsync();

        await homeroom.PostJsonAsync(line, new { commandId = Guid.NewGuid(), activity = "Futsal", description = "Rajin berlatih" });
        await homeroom.PostJsonAsync(line + "/remove", new { commandId = Guid.NewGuid(), seen = new { activity = "Futsal", description = "Rajin berlatih" } });
        await app.CatchUpAsync();

        (await TheirRowsAsync()).ShouldBe(before);
        var page = await (await app.SignInOnceAsync(app.School.Of.Homeroom)).GetPageAsync($"/rapor/{app.School.ClassId}/{app.School.Students[0]}");
        page.Body!.TextContent.ShouldContain("Aktif mengikuti perkemahan");
    }

    /// <summary>A NISN is matched within the importing school: another school's student of the same NISN is neither renamed, moved
    /// nor named in the answer (a student who changed schools is a new student of the new school).</summary>
    [Fact]
    public async Task a_dapodik_import_matches_nisns_within_the_importing_school_only()
    {
        var admin = await app.SignInOnceAsync(app.Neighbour.Of.Admin);
        var theirs = app.School.Of;
        var before = await TheirRowsAsync();
        var csv = $"Nama,NIPD,JK,NISN,Rombel Saat Ini\nGita Pindahan,{TestSchool.NewStudentNumbers().Nis},P,{theirs.Nisn(1)},X-1\n";

        var (status, answer) = await admin.UploadAsync("/api/master-data/students/import", System.Text.Encoding.UTF8.GetBytes(csv), "daftar.csv",
            termId: app.Neighbour.TermId);

        status.ShouldBe(200, answer.ToString());
        answer.GetProperty("registered").GetInt32().ShouldBe(1);
        answer.ToString().ShouldNotContain(theirs.StudentNames[1]);
        await app.CatchUpAsync();
        (await TheirRowsAsync()).ShouldBe(before);
        (await admin.GetJsonAsync($"/api/master-data/classes/{app.Neighbour.ClassId}/students")).EnumerateArray()
            .ShouldContain(s => s.GetProperty("nisn").GetString() == theirs.Nisn(1) && s.GetProperty("name").GetString() == "Gita Pindahan");
    }

    [Theory]
    [InlineData("t.operator")]
    [InlineData("t.kepala")]
    [InlineData("t.walikelas")]
    [InlineData("t.mat")]
    public async Task a_user_of_another_school_reads_and_changes_nothing_of_the_school_through_any_route(string userName)
    {
        var caller = await app.SignInOnceAsync(userName);
        var readModelBefore = await TheirRowsAsync();
        var failures = new List<string>();
        var probes = Probes();
        foreach (var probe in probes)
        {
            var where = $"{probe.Route.Method} {probe.Url}{probe.Query}";
            var before = await TheirEventCountAsync();
            try
            {
                var (status, text) = await SendAsync(caller, probe, probe.Url);
                if (app.Marks.Except(ShownWith(probe)).FirstOrDefault(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)) is { } mark)
                    failures.Add($"{where}: answered {status} showing \"{mark}\": …{Around(text, mark)}…");
                else if (status >= 500)
                    failures.Add($"{where}: answered {status}");
                else if (probe.NamesOnlyTheirs && status is >= 200 and < 300 && probe.Route.Endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is null
                         && await SendAsync(caller, probe, probe.Route.Fill(new Dictionary<string, string>())) != (status, text))
                    failures.Add($"{where}: answered {status}, not as for an id that does not exist: {Shorten(text)}");
            }
            catch (Exception e)
            {
                failures.Add($"{where}: {e.GetType().Name} {e.InnerException?.Message ?? e.Message}");
            }
            if (await TheirEventCountAsync() != before)
                failures.Add($"{where}: stored events in the other school's streams");
        }

        output.WriteLine($"{userName}: {probes.Count} requests");
        var readModelAfter = await TheirRowsAsync();
        readModelAfter.Except(readModelBefore).Concat(readModelBefore.Except(readModelAfter).Select(r => "gone: " + r))
            .ShouldBeEmpty("the other school's read-model rows stayed as they were");
        failures.ShouldBeEmpty();
    }

    /// <summary>What an answer may show of the other school: the value the probe gave (a filter shows what it filters by), and
    /// for a printed rapor's verification code what the paper itself shows, its school and student (the public verification).</summary>
    private IEnumerable<string> ShownWith(Probe probe) =>
        (probe.Url + probe.Query).Contains(app.Values["code"])
            ? [app.School.Of.Name, app.School.Of.StudentNames[0]]
            : probe.Value is { } value ? [value] : [];

    /// <summary>Every page's forms, as the neighbour's user gets them on their own page (its antiforgery token, its fields),
    /// sent to the same page of the test school's ids, with the test school's ids in place of their own in the action and
    /// every field: nothing may be stored in the test school nor shown of it, and nothing may fail.</summary>
    /// <remarks>A principal's forms decide correction requests, and none waits in the neighbour school.</remarks>
    [Theory]
    [InlineData("t.operator", true)]
    [InlineData("t.kepala", false)]
    [InlineData("t.walikelas", true)]
    [InlineData("t.mat", true)]
    public async Task a_user_of_another_school_changes_nothing_of_the_school_by_sending_their_own_pages_forms_to_its_pages(string userName, bool hasForms)
    {
        var caller = await app.SignInOnceAsync(userName);
        var ours = new Dictionary<string, string>(app.Neighbour.RouteValues(), StringComparer.OrdinalIgnoreCase) { ["assessment"] = "tp1" };
        var swaps = ours.Where(v => Guid.TryParse(v.Value, out _) && app.Values.ContainsKey(v.Key)).Select(v => (Ours: v.Value, Theirs: app.Values[v.Key])).ToList();
        string Swap(string text) => swaps.Aggregate(text, (t, s) => t.Replace(s.Ours, s.Theirs, StringComparison.OrdinalIgnoreCase));
        var failures = new List<string>();
        var forms = 0;
        foreach (var route in AppRoute.All(app.Host.Services).Where(r => r.Method == HttpMethods.Get && !ActsOnOneself(r)
                     && r.Endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null))
        {
            var own = route.Fill(ours);
            var result = await caller.SendAsync(s =>
            {
                s.Get.Url(own);
                s.IgnoreStatusCode();
            });
            if (result.Context.Response.StatusCode != 200)
                continue;
            var page = TestBrowser.Parse(await result.ReadAsTextAsync());
            foreach (var form in page.QuerySelectorAll("form").OfType<AngleSharp.Html.Dom.IHtmlFormElement>()
                         .Where(f => !f.Method.Equals("get", StringComparison.OrdinalIgnoreCase)))
            {
                var action = Swap(TestBrowser.ActionOf(form, own));
                if (action.Split('?')[0] is "/keluar" or "/akun/sandi")
                    continue;
                form.SetAttribute("action", action);
                var changes = form.Elements.Select(e => (Name: e.GetAttribute("name"), Value: (e as AngleSharp.Html.Dom.IHtmlInputElement)?.Value
                        ?? (e as AngleSharp.Html.Dom.IHtmlTextAreaElement)?.Value ?? (e as AngleSharp.Html.Dom.IHtmlSelectElement)?.Value))
                    .Where(f => f.Name is { Length: > 0 } && f.Value is not null && Swap(f.Value) != f.Value)
                    .GroupBy(f => f.Name!).ToDictionary(g => g.Key, g => Swap(g.Last().Value!));
                var where = $"POST {action} (form of {own})";
                var before = await TheirEventCountAsync();
                forms++;
                try
                {
                    var answer = await caller.SubmitAsync(form, own, changes);
                    var (status, text) = (answer.Context.Response.StatusCode, await answer.ReadAsTextAsync());
                    if (app.Marks.FirstOrDefault(m => text.Contains(m, StringComparison.OrdinalIgnoreCase)) is { } mark)
                        failures.Add($"{where}: answered {status} showing \"{mark}\": …{Around(text, mark)}…");
                    else if (status >= 500)
                        failures.Add($"{where}: answered {status}");
                }
                catch (Exception e)
                {
                    failures.Add($"{where}: {e.GetType().Name} {e.InnerException?.Message ?? e.Message}");
                }
                if (await TheirEventCountAsync() != before)
                    failures.Add($"{where}: stored events in the other school's streams");
            }
        }

        output.WriteLine($"{userName}: {forms} forms sent");
        (forms > 0).ShouldBe(hasForms, "the sweep found the role's forms");
        failures.ShouldBeEmpty();
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;

    private static string Around(string text, string mark)
    {
        var at = text.IndexOf(mark, StringComparison.OrdinalIgnoreCase);
        return text[Math.Max(0, at - 120)..Math.Min(text.Length, at + mark.Length + 60)];
    }

    /// <summary>The probe's request to <paramref name="url"/> as the caller: its status and body.</summary>
    private async Task<(int Status, string Text)> SendAsync(TestBrowser caller, Probe probe, string url)
    {
        var result = await caller.SendAsync(s =>
        {
            switch (probe.Route.Method)
            {
                case "GET":
                    s.Get.Url(url + probe.Query);
                    break;
                case "DELETE":
                    s.Delete.Url(url);
                    break;
                default:
                    var send = probe.Route.Method == HttpMethods.Put ? s.Put : s.Post;
                    if (probe.Route.JsonBody is { } type)
                    {
                        send.Text(JsonSerializer.Serialize(BodyOf(type, app.Values, 0), JsonSerializerOptions.Web)).ToUrl(url);
                        s.WithRequestHeader("Content-Type", "application/json");
                    }
                    else
                        send.MultipartFormData(Upload()).ToUrl(url);
                    break;
            }
            s.IgnoreStatusCode();
        });
        return (result.Context.Response.StatusCode, await result.ReadAsTextAsync());
    }

    /// <summary>A spreadsheet upload (a score template, a Dapodik list) naming the test school's student by NISN.</summary>
    private MultipartFormDataContent Upload()
    {
        var content = new MultipartFormDataContent();
        var csv = $"Nama,NIPD,JK,NISN,Rombel Saat Ini\n{app.School.Of.StudentNames[0]} Palsu,999,L,{app.School.Of.Nisns.First()},X-1\n";
        content.Add(new StringContent(csv), "file", "daftar.csv");
        content.Add(new StringContent(app.School.TermId.ToString()), "termId");
        content.Add(new StringContent(Guid.NewGuid().ToString()), "commandId");
        return content;
    }

    /// <summary>A body of the declared type that names the test school's things wherever it takes an id (a new one for the
    /// command and what it would create), with plausible values elsewhere, so that only the school's boundary refuses it.</summary>
    private static object? BodyOf(Type type, IReadOnlyDictionary<string, string> theirs, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(Guid))
            return Guid.NewGuid();
        if (type == typeof(string))
            return "Uji lintas sekolah";
        if (type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double))
            return 1;
        if (type == typeof(bool))
            return true;
        if (type == typeof(DateOnly))
            return new DateOnly(2026, 12, 19);
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
            return DateTimeOffset.UtcNow;
        if (type.IsEnum)
            return Enum.GetValues(type).GetValue(0)!.ToString();
        if (depth > 3)
            return null;
        if (type.IsArray || (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type)))
        {
            var item = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().LastOrDefault() ?? typeof(object);
            return new[] { BodyOf(item, theirs, depth + 1) };
        }
        var body = new Dictionary<string, object?>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            body[name] = name switch
            {
                _ when propertyType == typeof(Guid) && IdOf(name, theirs) is { } id => id,
                // A list of ids (studentIds of a bulk move): the other school's one.
                _ when typeof(IEnumerable<Guid>).IsAssignableFrom(propertyType) && IdOf(name, theirs) is { } id => new[] { id },
                _ when name.StartsWith("seen") => null, // nothing seen: a conflict must not be the refusal that shows nothing
                "assessment" => "tp1",
                "value" or "sick" or "permitted" or "unexcused" => "1",
                "userName" => "t.baru." + Guid.NewGuid().ToString("N")[..6],
                "kind" => "promoted",
                "part" => "catatan",
                _ => BodyOf(property.PropertyType, theirs, depth + 1),
            };
        }
        return body;
    }

    /// <summary>The test school's id a body property names (studentId, toTeacherId, classId …), none for the command's own.</summary>
    private static string? IdOf(string property, IReadOnlyDictionary<string, string> theirs) =>
        property == "commandId" ? null
        : (string[])["student", "class", "term", "gradebook", "subject", "request", "entry", "teacher", "user"] is var kinds
          && kinds.FirstOrDefault(k => property.Contains(k, StringComparison.OrdinalIgnoreCase)) is { } kind
            ? theirs[kind is "user" ? "userId" : kind + "Id"]
            : null;

    private async Task<int> TheirEventCountAsync()
    {
        await using var session = app.Service<IDocumentStore>().QuerySession();
        var prefix = app.School.SchoolId + "/";
        return await session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.StartsWith(prefix)).CountAsync();
    }

    /// <summary>The read model's rows of the test school (those naming its id).</summary>
    private async Task<List<string>> TheirRowsAsync()
    {
        var snapshot = await ReadModelSnapshot.TakeAsync(app.Service<ReadModelStore>());
        var id = $"\"{app.School.SchoolId}\"";
        return [.. snapshot.SelectMany(t => t.Value.Where(r => r.Contains(id)).Select(r => $"{t.Key}: {r}"))];
    }
}
