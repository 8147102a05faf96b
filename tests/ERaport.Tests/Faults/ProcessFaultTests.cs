using Xunit.Abstractions;
using System.Net.Http.Json;
using System.Text.Json;
using ERaport.Tests.Deploy;
using ERaport.Tests.Integration;
using ERaport.Web.Hosting;
using Microsoft.Data.Sqlite;

namespace ERaport.Tests.Faults;

/// <summary>Issue 7: the app killed with SIGKILL, and its PostgreSQL restarted, in the middle of a write load.</summary>
public sealed class ProcessFaultTests(FaultFixture faults, ITestOutputHelper output) : IClassFixture<FaultFixture>
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(90);
    private const int AcknowledgedBeforeTheFault = 40;

    /// <summary>A teacher's write load on the running app (started again if a test killed it), once it has had
    /// <see cref="AcknowledgedBeforeTheFault"/> saves acknowledged.</summary>
    private async Task<WriteLoad> LoadUnderWayAsync()
    {
        if (faults.App.HasExited)
            await faults.StartAppAsync();
        var load = new WriteLoad(await faults.SignInAsync("guru.mtk"), faults.TakeGradebooks(), faults.School.Students, TestSchool.Assessments);
        await WaitForAcknowledgementsAsync(load, AcknowledgedBeforeTheFault, faults.App);
        return load;
    }

    private static Task WaitForAcknowledgementsAsync(WriteLoad load, int count, AppProcess app) =>
        DeployTools.WaitUntilAsync(() => Task.FromResult(load.Acknowledged.Count >= count || load.Unanswered.Count > 0), LoadTimeout,
            () => $"{load.Acknowledged.Count} of {count} saves acknowledged, {load.Refused.Count} refused{Environment.NewLine}{app.Tail()}");

    /// <summary>Waits until the read model shows every acknowledged save, then says which it never showed.</summary>
    private async Task ExpectEverySaveInTheReadModelAsync(WriteLoad load)
    {
        using var teacher = await faults.SignInAsync("guru.mtk");
        var missing = new List<string>();
        try
        {
            await faults.App.WaitUntilAsync(async () => (missing = await load.MissingFromSheetsAsync(teacher)).Count == 0, LoadTimeout);
        }
        catch (TimeoutException)
        {
        }
        missing.ShouldBeEmpty("acknowledged saves the read model never showed");
    }

    private void Report(WriteLoad load) =>
        output.WriteLine($"{load.Acknowledged.Count} acknowledged, {load.Refused.Count} refused ({string.Join(", ", load.Refused.Select(r => r.Status).Distinct())}), "
            + $"{load.Unanswered.Count} unanswered");

    [Fact]
    public async Task after_kill_9_during_a_write_load_every_acknowledged_save_is_stored_and_shown()
    {
        var load = await LoadUnderWayAsync();

        await faults.App.KillAsync(); // SIGKILL with saves in flight
        await load.StopAsync();
        await faults.StartAppAsync();

        var acknowledged = load.Acknowledged.ToList();
        acknowledged.Count.ShouldBeGreaterThanOrEqualTo(AcknowledgedBeforeTheFault);
        load.Refused.ShouldBeEmpty();
        var stored = await faults.StoredCommandIdsAsync();
        acknowledged.Where(s => !stored.Contains(s.CommandId)).ShouldBeEmpty("acknowledged saves missing from the event store");
        await ExpectEverySaveInTheReadModelAsync(load);
        Report(load);
    }

    [Fact]
    public async Task a_postgres_restart_under_load_fails_requests_cleanly_and_the_app_recovers_by_itself()
    {
        var load = await LoadUnderWayAsync();

        await faults.Postgres.RestartAsync();
        var afterRestart = load.Acknowledged.Count;
        // Recovery without restarting the app: saves are acknowledged again.
        await WaitForAcknowledgementsAsync(load, afterRestart + AcknowledgedBeforeTheFault, faults.App);
        await load.StopAsync();

        faults.App.HasExited.ShouldBeFalse();
        load.Unanswered.ShouldBeEmpty("every request gets an answer while the database is away");
        foreach (var refusal in load.Refused)
        {
            refusal.Status.ShouldBeGreaterThanOrEqualTo(500, refusal.Body);
            refusal.ContentType.ShouldBe("application/problem+json");
            using var problem = JsonDocument.Parse(refusal.Body);
            problem.RootElement.GetProperty("code").GetString().ShouldNotBeNullOrEmpty();
            problem.RootElement.GetProperty("title").GetString().ShouldNotBeNullOrEmpty();
        }
        var stored = await faults.StoredCommandIdsAsync();
        load.Acknowledged.Where(s => !stored.Contains(s.CommandId)).ShouldBeEmpty("acknowledged saves missing from the event store");
        await ExpectEverySaveInTheReadModelAsync(load);
        Report(load);
    }

    /// <summary>PostgreSQL stopped (a crash, a restore, the app's container up first after a reboot): what needs it answers
    /// 503 saying so, in Bahasa Indonesia for people and as a problem for the API, and so does every page once a signed-in
    /// user's session must be checked against it (the error page needs that check too, so it was an empty 500 then).</summary>
    [Fact]
    public async Task while_postgres_is_down_people_get_a_page_saying_so_and_the_api_a_503_problem_and_it_all_works_again_after()
    {
        if (faults.App.HasExited)
            await faults.StartAppAsync();
        using var teacher = await faults.SignInAsync("guru.mtk");
        using var stranger = faults.Client();
        await faults.Postgres.StopAsync();
        try
        {
            var save = await teacher.PostAsJsonAsync($"/api/gradebooks/{Guid.NewGuid()}/scores", new { commandId = Guid.NewGuid(), scores = Array.Empty<object>() });
            await ShouldSayTheDatabaseIsAwayAsync(save, api: true);
            await ShouldSayTheDatabaseIsAwayAsync(await stranger.PostAsJsonAsync("/api/session", new { userName = "guru.mtk", password = TestSchool.Password }), api: true);
            var form = HiddenFields(await stranger.GetStringAsync("/masuk")); // the sign-in page itself needs no database
            form["Input.UserName"] = "guru.mtk";
            form["Input.Password"] = TestSchool.Password;
            await ShouldSayTheDatabaseIsAwayAsync(await stranger.PostAsync("/masuk", new FormUrlEncodedContent(form)), api: false);

            // The home page reads the read model, until the session check (Accounts:SessionCheckSeconds) needs the account.
            HttpResponseMessage? home = null;
            await DeployTools.WaitUntilAsync(async () => (home = await teacher.GetAsync("/")).StatusCode != System.Net.HttpStatusCode.OK,
                TimeSpan.FromSeconds(60), () => faults.App.Tail());
            await ShouldSayTheDatabaseIsAwayAsync(home!, api: false);
        }
        finally
        {
            await faults.Postgres.StartAsync();
        }
        await DeployTools.WaitUntilAsync(async () => (await teacher.GetAsync("/")).StatusCode == System.Net.HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), () => faults.App.Tail());
        faults.App.HasExited.ShouldBeFalse();
    }

    /// <summary>The outage page links /css/site.css: a signed-in user's browser sends its cookie with it, and the stylesheet
    /// must not wait for the session check against PostgreSQL (it was 503 too, so the page came unstyled).</summary>
    [Fact]
    public async Task while_postgres_is_down_a_signed_in_user_still_gets_the_stylesheet()
    {
        if (faults.App.HasExited)
            await faults.StartAppAsync();
        using var teacher = await faults.SignInAsync("guru.mtk");
        await faults.Postgres.StopAsync();
        try
        {
            // Once the session must be checked again (Accounts:SessionCheckSeconds), pages need PostgreSQL.
            await DeployTools.WaitUntilAsync(async () => (await teacher.GetAsync("/")).StatusCode == System.Net.HttpStatusCode.ServiceUnavailable,
                TimeSpan.FromSeconds(60), () => faults.App.Tail());
            var stylesheet = await teacher.GetAsync("/css/site.css");
            stylesheet.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, faults.App.Tail());
            stylesheet.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        }
        finally
        {
            await faults.Postgres.StartAsync();
        }
    }

    /// <summary>After a reboot Docker starts every container at once (depends_on is not waited for then): the app, up
    /// before PostgreSQL, waits for it saying so, instead of exiting with a stack trace for Docker to start it again.</summary>
    [Fact]
    public async Task an_app_started_before_postgres_waits_for_it_and_then_serves()
    {
        await faults.App.KillAsync();
        await faults.Postgres.StopAsync();
        try
        {
            faults.App.Start();
            await DeployTools.WaitUntilAsync(() => Task.FromResult(faults.App.HasExited
                    || faults.App.Lines().Any(l => l.Contains("PostgreSQL cannot be reached yet"))),
                TimeSpan.FromSeconds(60), () => faults.App.Tail());
            await Task.Delay(TimeSpan.FromSeconds(3));
            faults.App.HasExited.ShouldBeFalse(faults.App.Tail());
        }
        finally
        {
            await faults.Postgres.StartAsync();
        }
        await faults.WaitUntilReadyAsync();
    }

    private static Dictionary<string, string> HiddenFields(string page) =>
        System.Text.RegularExpressions.Regex.Matches(page, "<input[^>]*type=\"hidden\"[^>]*>")
            .Select(input => (Name: Attribute(input.Value, "name"), Value: Attribute(input.Value, "value")))
            .Where(field => field.Name.Length > 0)
            .ToDictionary(field => field.Name, field => System.Net.WebUtility.HtmlDecode(field.Value));

    private static string Attribute(string tag, string name) =>
        System.Text.RegularExpressions.Regex.Match(tag, $"\\b{name}=\"([^\"]*)\"").Groups[1].Value;

    private async Task ShouldSayTheDatabaseIsAwayAsync(HttpResponseMessage answer, bool api)
    {
        var body = await answer.Content.ReadAsStringAsync();
        answer.StatusCode.ShouldBe(System.Net.HttpStatusCode.ServiceUnavailable, $"{answer.RequestMessage!.RequestUri}: {body}{Environment.NewLine}{faults.App.Tail()}");
        answer.Headers.RetryAfter.ShouldNotBeNull();
        if (api)
        {
            answer.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            using var problem = JsonDocument.Parse(body);
            problem.RootElement.GetProperty("code").GetString().ShouldBe("server.database_unavailable");
        }
        else
        {
            answer.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
            body.ShouldContain("lang=\"id\"");
            body.ShouldContain("tidak dapat dihubungi");
        }
    }

    /// <summary>Waits until the operations status reports a write failure (or none), and gives it.</summary>
    private async Task<JsonElement> WriteFailureAsync(HttpClient admin, bool present)
    {
        var failure = default(JsonElement);
        await faults.App.WaitUntilAsync(async () =>
        {
            failure = (await admin.GetFromJsonAsync<JsonElement>("/api/operations/read-model")).GetProperty("writeFailure");
            return failure.ValueKind != JsonValueKind.Null == present;
        }, LoadTimeout);
        return failure;
    }

    /// <summary>The read model's file cannot be written for a while (here another writer holds it, as a full disk or a
    /// stuck backup would): saves are still acknowledged and stored, a read that waits for one says it is not shown
    /// yet instead of passing old values off as current, and once the file is free the read model catches up without a
    /// restart.</summary>
    [Fact]
    public async Task while_the_read_model_cannot_be_written_saves_are_kept_reads_say_so_and_it_catches_up_by_itself()
    {
        var load = await LoadUnderWayAsync();
        using var teacher = await faults.SignInAsync("guru.mtk");
        using var admin = await faults.SignInAsync("admin");
        var gradebook = load.Acknowledged.First().GradebookId;

        await using (var holder = new SqliteConnection($"Data Source={faults.App.ReadModelPath};Pooling=False"))
        {
            await holder.OpenAsync();
            await using (var hold = new SqliteCommand("BEGIN IMMEDIATE", holder))
                await hold.ExecuteNonQueryAsync();
            await WaitForAcknowledgementsAsync(load, load.Acknowledged.Count + AcknowledgedBeforeTheFault, faults.App);
            var sequence = load.HighestSequence;

            using var answer = await teacher.GetAsync($"/api/gradebooks/{gradebook}/scores?minSequence={sequence}");
            answer.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
            answer.Headers.GetValues(ReadConsistency.StaleHeader).Single().ShouldBe(sequence.ToString());
            (await teacher.GetStringAsync($"/nilai/{gradebook}?minSequence={sequence}")).ShouldContain("data-stale");

            // Held past SQLite's busy timeout, the writer gives the page up: the operator is told why it is behind.
            var failure = await WriteFailureAsync(admin, present: true);
            failure.GetProperty("error").GetString().ShouldNotBeNull().ShouldContain("locked");
            (await admin.GetStringAsync("/operasi")).ShouldContain("data-write-failure");
            using (var health = await admin.GetAsync("/health"))
                health.StatusCode.ShouldBe(System.Net.HttpStatusCode.ServiceUnavailable);
        } // the file is free again
        await WriteFailureAsync(admin, present: false);

        await load.StopAsync();
        faults.App.HasExited.ShouldBeFalse();
        load.Refused.ShouldBeEmpty();
        load.Unanswered.ShouldBeEmpty();
        var stored = await faults.StoredCommandIdsAsync();
        load.Acknowledged.Where(s => !stored.Contains(s.CommandId)).ShouldBeEmpty("acknowledged saves missing from the event store");
        await ExpectEverySaveInTheReadModelAsync(load);
        Report(load);
    }
}
