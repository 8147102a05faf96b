using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;
using Marten.Services;
using Npgsql;

namespace ERaport.Tests.Integration;

/// <summary>The id.taken check (<see cref="CommandPipeline"/>) runs in the transaction of every command that starts streams;
/// a Dapodik import of a school's students starts a thousand at once.</summary>
public sealed class IdTakenCheckTests(EventStoreOnly events) : IClassFixture<EventStoreOnly>
{
    private static readonly Actor Admin = new(Guid.NewGuid(), "admin", "sch-b");

    [Fact]
    public async Task a_command_starting_streams_is_refused_for_an_id_another_school_holds_and_not_for_its_own_ids()
    {
        var theirs = Guid.NewGuid();
        (await ImportAsync([theirs], school: "sch-a")).Status.ShouldBe(OutcomeStatus.Accepted);

        (await ImportAsync([Guid.NewGuid(), theirs, Guid.NewGuid()])).Errors.Single().Code.ShouldBe("id.taken");
        (await ImportAsync([Guid.NewGuid(), Guid.NewGuid()])).Status.ShouldBe(OutcomeStatus.Accepted);
    }

    /// <summary>It read every stream of the deployment (`substr(id, …)` of each stream key): ≈ 0.3 s per new student, class or
    /// subject in a district of 600 000 streams (docs/benchmarks.md). The ids' own table answers by its key.</summary>
    [Fact]
    public async Task the_check_looks_the_new_ids_up_by_key_instead_of_reading_every_stream()
    {
        var commands = new CapturedCommands();
        await ImportAsync([.. Enumerable.Range(0, 20).Select(_ => Guid.NewGuid())], logger: commands);

        var check = commands.All.Single(c => c.CommandText.Contains(IdClaims.TableName) && c.CommandText.StartsWith("select"));
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        // As on a table of 600 000 ids: a handful of rows here would be read whole by any plan.
        await using (var large = new NpgsqlCommand("set enable_seqscan = off", connection))
            await large.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand("explain " + check.CommandText, connection);
        explain.Parameters.AddRange(check.Parameters);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(0));

        plan.ShouldNotContain(line => line.Contains("mt_streams") || line.Contains("Seq Scan"), string.Join("\n", plan));
        plan.ShouldContain(line => line.Contains("Index") && line.Contains(IdClaims.TableName), string.Join("\n", plan));
    }

    /// <summary>Both commands found the id free before either committed, and both started their school's stream of it: one
    /// school's student then took over the other's row in the read model.</summary>
    [Fact]
    public async Task two_schools_claiming_one_id_at_once_leave_it_to_one_and_the_other_is_told_the_id_is_taken()
    {
        var id = Guid.NewGuid();
        var bothChecked = new BothAtSave();

        var outcomes = await Task.WhenAll(
            Task.Run(() => ImportAsync([id], school: "sch-a", listener: bothChecked)),
            Task.Run(() => ImportAsync([id], school: "sch-c", listener: bothChecked)));

        outcomes.Count(o => o.Status == OutcomeStatus.Accepted).ShouldBe(1);
        var refused = outcomes.Single(o => o.Status != OutcomeStatus.Accepted);
        refused.Status.ShouldBe(OutcomeStatus.Conflict);
        refused.Errors.Single().Code.ShouldBe("id.taken");
        await using var query = events.Store.QuerySession();
        var started = 0;
        foreach (var school in new[] { "sch-a", "sch-c" })
            if (await query.Events.FetchStreamStateAsync(StreamKeys.Student(school, id)) is not null)
                started++;
        started.ShouldBe(1);
    }

    /// <summary>A store from before the ids' table: its streams' ids are claimed once at start, so an id another school has
    /// held since then is still taken.</summary>
    [Fact]
    public async Task the_ids_of_streams_from_before_the_claims_are_taken_once_the_store_has_started()
    {
        var old = EventStoreOnly.BeforeIdClaims();
        await old.InitializeAsync();
        try
        {
            var theirs = Guid.NewGuid();
            await using (var session = old.Store.LightweightSession())
            {
                session.Events.StartStream<Student>(StreamKeys.Student("sch-a", theirs), Registered(theirs));
                await session.SaveChangesAsync();
            }

            await new IdClaims.FillFromStreams().Populate(old.Store, CancellationToken.None);
            await new IdClaims.FillFromStreams().Populate(old.Store, CancellationToken.None);

            (await ImportAsync([theirs], store: old.Store)).Errors.Single().Code.ShouldBe("id.taken");
            (await ImportAsync([Guid.NewGuid()], store: old.Store)).Status.ShouldBe(OutcomeStatus.Accepted);
        }
        finally
        {
            await old.DisposeAsync();
        }
    }

    private async Task<CommandOutcome> ImportAsync(IReadOnlyList<Guid> studentIds, string school = "sch-b", IMartenSessionLogger? logger = null,
        IDocumentSessionListener? listener = null, IDocumentStore? store = null)
    {
        var options = new SessionOptions();
        if (listener is not null)
            options.Listeners.Add(listener);
        await using var session = (store ?? events.Store).LightweightSession(options);
        if (logger is not null)
            session.Logger = logger;
        var admin = Admin with { SchoolId = school };
        var import = new ImportStudents(Guid.NewGuid(), Guid.NewGuid(), [], admin, EntrySource.Api);
        return await CommandPipeline.ExecuteMany(session, import, "import/" + Guid.NewGuid(),
            () => Task.FromResult(MultiDecision.Append(studentIds.Count,
                [.. studentIds.Select(id => new StreamEvents(StreamKeys.Student(school, id), typeof(Student), true, [Registered(id)]))])),
            CancellationToken.None);
    }

    /// <summary>Holds each of two sessions at its save until both are there: both commands have checked the ids by then.</summary>
    private sealed class BothAtSave : DocumentSessionListenerBase
    {
        private readonly TaskCompletionSource _both = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _arrived;

        public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            if (Interlocked.Increment(ref _arrived) == 2)
                _both.SetResult();
            return _both.Task.WaitAsync(TimeSpan.FromSeconds(30), token);
        }
    }

    private static StudentRegistered Registered(Guid id) => new(id, "Siswa", "00" + Random.Shared.Next(10_000_000, 99_999_999), "1", "L", null, null, null);

    private sealed class CapturedCommands : IMartenSessionLogger
    {
        public List<(string CommandText, NpgsqlParameter[] Parameters)> All { get; } = [];
        public void OnBeforeExecute(NpgsqlCommand command) => All.Add((command.CommandText, [.. command.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone())]));
        public void OnBeforeExecute(NpgsqlBatch batch) =>
            All.AddRange(batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => (c.CommandText, c.Parameters.Cast<NpgsqlParameter>().Select(p => p.Clone()).ToArray())));
        public void LogSuccess(NpgsqlCommand command) { }
        public void LogFailure(NpgsqlCommand command, Exception ex) { }
        public void LogSuccess(NpgsqlBatch batch) { }
        public void LogFailure(NpgsqlBatch batch, Exception ex) { }
        public void LogFailure(Exception ex, string message) { }
        public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }
    }
}
