using ERaport.Write;
using ERaport.Write.Common;
using ERaport.Write.Grading;
using JasperFx;
using Marten;
using Npgsql;

namespace ERaport.Tests.Integration;

/// <summary>The daemon is woken in-process when events are committed (no PostgreSQL NOTIFY).</summary>
public sealed class AppendWakeupTests : IAsyncLifetime
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..16];
    private DocumentStore _store = default!;
    private AppendWakeup _wakeup = default!;

    public Task InitializeAsync()
    {
        _store = DocumentStore.For(opts =>
        {
            opts.Connection(AppFixture.ConnectionString);
            opts.DatabaseSchemaName = _schema;
            opts.AutoCreateSchemaObjects = AutoCreate.All;
            EventStore.Configure(opts);
            _wakeup = (AppendWakeup)opts.Projections.Wakeup!;
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _store.Dispose();
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists {_schema} cascade", connection);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task a_commit_with_events_wakes_the_daemon_and_one_without_does_not()
    {
        await using (var session = _store.LightweightSession())
        {
            session.Store(new CommandReceipt { Id = Guid.NewGuid() });
            await session.SaveChangesAsync();
        }
        _wakeup.Pending.ShouldBeFalse();

        await using (var session = _store.LightweightSession())
        {
            session.Events.StartStream(StreamKeys.Gradebook("sch1", Guid.NewGuid()), new ScoresRecorded([new RecordedScore(Guid.NewGuid(), "tp1", 80)]));
            await session.SaveChangesAsync();
        }
        _wakeup.Pending.ShouldBeTrue();

        await _wakeup.WaitAsync(TimeSpan.FromMinutes(1), CancellationToken.None);
        _wakeup.Pending.ShouldBeFalse();
    }
}
