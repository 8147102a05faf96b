using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ERaport.Read.Audit;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using Marten;
using Npgsql;

namespace ERaport.Tests.Integration;

/// <summary>An app of its own: these tests edit the event table behind the app's back (and repair it).</summary>
public sealed class TamperFixture : AppFixture;

[CollectionDefinition(Name)]
public sealed class TamperCollection : ICollectionFixture<TamperFixture>
{
    public const string Name = "tamper";
}

[Collection(TamperCollection.Name)]
public sealed class EventChainTests(TamperFixture app)
{
    private EventChain Chain => app.Service<EventChain>();

    private async Task<long> SaveScoresAsync(string value)
    {
        var cells = app.School.Students.Select(s => new ScoreEntry(s, "tp1", value, null)).ToList();
        var gradebook = await app.OpenGradebookAsync();
        var outcome = await app.SendAsync(new SaveScores(Guid.NewGuid(), gradebook, cells, null, app.School.User("guru.mtk"), EntrySource.Api));
        outcome.IsAccepted.ShouldBeTrue();
        await ChainedAsync(outcome.Sequence);
        // The answer is the save's last event, a calculated result; tamper with the scores themselves.
        return (await app.EventsAsync(StreamKeys.Gradebook(app.School.SchoolId, gradebook))).Single(e => e.Data is ScoresRecorded).Sequence;
    }

    /// <summary>The chain follows the log asynchronously; wait for it, bounded.</summary>
    private async Task ChainedAsync(long sequence)
    {
        var waited = Stopwatch.StartNew();
        while (await Chain.ChainedUpToAsync(CancellationToken.None) < sequence && waited.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(50);
        (await Chain.ChainedUpToAsync(CancellationToken.None)).ShouldBeGreaterThanOrEqualTo(sequence);
    }

    private async Task<int> SqlAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("EVENTS", $"{app.Schema}.mt_events"), connection);
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<ChainVerification> VerifyAsync(params (long, string)[] external) => await Chain.VerifyAsync(external, CancellationToken.None);

    [Fact]
    public async Task an_untouched_log_verifies()
    {
        await SaveScoresAsync("77");
        var result = await VerifyAsync();
        result.Intact.ShouldBeTrue(result.Message);
        result.Events.ShouldBeGreaterThan(20);
    }

    /// <summary>The link format every stored chain was made with: changing it would break the verification of old logs.</summary>
    [Fact]
    public async Task a_link_is_the_hmac_of_the_previous_link_and_the_row_joined_by_unit_separators()
    {
        var sequence = await SaveScoresAsync("79");
        var key = Convert.FromBase64String(File.ReadAllText(Path.Combine(Path.GetDirectoryName(app.ReadModelPath)!, "event-chain.key")).Trim());
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select e.seq_id, e.stream_id, e.version, e.type, e.timestamp, e.user_name, e.data::text, e.headers::text, l.link, " +
            $"(select p.link from {app.Schema}.eraport_event_chain p where p.seq_id < e.seq_id order by p.seq_id desc limit 1) " +
            $"from {app.Schema}.mt_events e join {app.Schema}.eraport_event_chain l on l.seq_id = e.seq_id where e.seq_id = {sequence}", connection);
        await using var row = await command.ExecuteReaderAsync();
        (await row.ReadAsync()).ShouldBeTrue();

        var canonical = string.Join('\u001f', row.GetInt64(0).ToString(CultureInfo.InvariantCulture), row.GetString(1),
            row.GetInt64(2).ToString(CultureInfo.InvariantCulture), row.GetString(3),
            row.GetFieldValue<DateTimeOffset>(4).UtcTicks.ToString(CultureInfo.InvariantCulture), row.IsDBNull(5) ? "" : row.GetString(5),
            row.GetString(6), row.IsDBNull(7) ? "" : row.GetString(7));
        var previous = row.IsDBNull(9) ? [] : (byte[])row[9];

        byte[] message = [.. previous, .. Encoding.UTF8.GetBytes(canonical)];
        ((byte[])row[8]).ShouldBe(HMACSHA256.HashData(key, message));
    }

    [Fact]
    public async Task a_changed_event_is_found_and_named()
    {
        var sequence = await SaveScoresAsync("70");
        await SqlAsync($"create table {app.Schema}.saved as select * from EVENTS where seq_id = {sequence}");

        (await SqlAsync($"update EVENTS set data = jsonb_set(data, '{{Scores,0,Value}}', '100') where seq_id = {sequence}")).ShouldBe(1);
        var result = await VerifyAsync();

        result.Intact.ShouldBeFalse();
        result.Problem.ShouldBe(TamperKind.Changed);
        result.ProblemSequence.ShouldBe(sequence);
        await SqlAsync($"update EVENTS e set data = s.data from {app.Schema}.saved s where e.seq_id = s.seq_id; drop table {app.Schema}.saved");
        (await VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task a_deleted_event_is_found_and_named()
    {
        var sequence = await SaveScoresAsync("71");
        await SqlAsync($"create table {app.Schema}.saved as select * from EVENTS where seq_id = {sequence}");

        await SqlAsync($"delete from EVENTS where seq_id = {sequence}");
        var result = await VerifyAsync();

        result.Problem.ShouldBe(TamperKind.Removed);
        result.ProblemSequence.ShouldBe(sequence);
        await SqlAsync($"insert into EVENTS select * from {app.Schema}.saved; drop table {app.Schema}.saved");
        (await VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task an_event_inserted_into_the_past_is_found_and_named()
    {
        // A sequence number nobody used, inside the chained part of the log.
        await using (var session = app.Service<IDocumentStore>().QuerySession())
        {
            var gap = (await session.QueryAsync<long>($"select nextval('{app.Schema}.mt_events_sequence')")).Single();
            await SaveScoresAsync("72");
            await SqlAsync($"insert into EVENTS (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, user_name) " +
                $"select {gap}, gen_random_uuid(), stream_id, 999, data, type, timestamp, tenant_id, mt_dotnet_type, 'penyusup' from EVENTS " +
                $"where seq_id = (select max(seq_id) from EVENTS)");

            var result = await VerifyAsync();

            result.Problem.ShouldBe(TamperKind.Inserted);
            result.ProblemSequence.ShouldBe(gap);
            await SqlAsync($"delete from EVENTS where seq_id = {gap}");
        }
        (await VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task a_rewrite_by_someone_holding_the_key_is_caught_by_a_checkpoint_kept_outside()
    {
        var sequence = await SaveScoresAsync("73");
        var checkpoint = await Chain.RecordCheckpointAsync(TestSchool.Id, "uji", "admin", CancellationToken.None);
        await SqlAsync($"create table {app.Schema}.saved as select * from EVENTS where seq_id = {sequence}");

        // Whoever has the database and the key can change an event and re-chain everything after it.
        await SqlAsync($"update EVENTS set data = jsonb_set(data, '{{Scores,0,Value}}', '100') where seq_id = {sequence}; " +
            $"delete from {app.Schema}.eraport_event_chain where seq_id >= {sequence}; delete from {app.Schema}.eraport_chain_checkpoints");
        await Chain.ExtendAsync(long.MaxValue, CancellationToken.None);
        (await VerifyAsync()).Intact.ShouldBeTrue("the chain alone cannot see this");

        var result = await VerifyAsync((checkpoint.Sequence, checkpoint.Root));

        result.Problem.ShouldBe(TamperKind.CheckpointMismatch);
        await SqlAsync($"update EVENTS e set data = s.data from {app.Schema}.saved s where e.seq_id = s.seq_id; drop table {app.Schema}.saved; " +
            $"delete from {app.Schema}.eraport_event_chain where seq_id >= {sequence}");
        await Chain.ExtendAsync(long.MaxValue, CancellationToken.None);
        (await VerifyAsync((checkpoint.Sequence, checkpoint.Root))).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task the_admin_page_and_api_verify_the_log()
    {
        await SaveScoresAsync("74");
        var admin = await app.SignInAsync("admin");
        var result = (await (await admin.SendAsync(s => s.Get.Url("/api/operations/integrity"))).ReadAsJsonAsync<ChainVerification>())!;
        result.Intact.ShouldBeTrue(result.Message);
        var page = await admin.GetPageAsync("/operasi/integritas");
        var checkedPage = await admin.SubmitAsync(page, "main form", "/operasi/integritas", new Dictionary<string, string>(), 200);
        TestBrowser.Parse(await checkedPage.ReadAsTextAsync()).QuerySelector(".integrity-result")!.TextContent.ShouldContain("Catatan perubahan utuh");
        var teacher = await app.SignInAsync("guru.mtk");
        await teacher.SendAsync(s =>
        {
            s.Get.Url("/api/operations/integrity");
            s.StatusCodeShouldBe(403);
        });
    }
}
