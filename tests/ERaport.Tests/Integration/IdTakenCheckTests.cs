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
        await using (var session = events.Store.LightweightSession())
        {
            session.Events.StartStream<Student>(StreamKeys.Student("sch-a", theirs), Registered(theirs));
            await session.SaveChangesAsync();
        }

        (await ImportAsync([Guid.NewGuid(), theirs, Guid.NewGuid()])).Errors.Single().Code.ShouldBe("id.taken");
        (await ImportAsync([Guid.NewGuid(), Guid.NewGuid()])).Status.ShouldBe(OutcomeStatus.Accepted);
    }

    /// <summary>It compared each stream of the deployment with every new key (an `= any` filter per stream): a thousand students
    /// imported in a district of 600 000 streams took 25 s in the check alone, 1 s in a school of 12 000 (docs/benchmarks.md).</summary>
    [Fact]
    public async Task the_check_joins_the_new_keys_to_the_streams_instead_of_scanning_the_key_list_for_each_stream()
    {
        var commands = new CapturedCommands();
        await ImportAsync([.. Enumerable.Range(0, 20).Select(_ => Guid.NewGuid())], commands);

        var check = commands.All.Single(c => c.CommandText.Contains("mt_streams") && c.CommandText.Contains("exists"));
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("explain " + check.CommandText, connection);
        explain.Parameters.AddRange(check.Parameters);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                plan.Add(reader.GetString(0));

        plan.ShouldNotContain(line => line.Contains("ANY (") || line.Contains("ALL ("), string.Join("\n", plan));
    }

    private async Task<CommandOutcome> ImportAsync(IReadOnlyList<Guid> studentIds, IMartenSessionLogger? logger = null)
    {
        await using var session = events.Store.LightweightSession();
        if (logger is not null)
            session.Logger = logger;
        return await CommandPipeline.ExecuteMany(session, Guid.NewGuid(), Admin, EntrySource.Api, "import/" + Guid.NewGuid(),
            () => Task.FromResult(MultiDecision.Append(studentIds.Count,
                [.. studentIds.Select(id => new StreamEvents(StreamKeys.Student(Admin.SchoolId, id), typeof(Student), true, [Registered(id)]))])),
            CancellationToken.None);
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
