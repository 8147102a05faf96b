using ERaport.Write;
using ERaport.Write.Common;
using JasperFx;
using Marten;
using Npgsql;

namespace ERaport.Tests.Integration;

/// <summary>The event store alone, configured as the app configures it, in a fresh schema and with no daemon
/// running: for tests of what happens around appends without the whole app.</summary>
public sealed class EventStoreOnly : IAsyncLifetime
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..16];
    private bool _fillIdClaims = true;

    /// <summary>A store from before the ids' table (<see cref="IdClaims"/>): nothing has claimed its streams' ids.</summary>
    public static EventStoreOnly BeforeIdClaims() => new() { _fillIdClaims = false };

    public DocumentStore Store { get; private set; } = default!;
    public AppendWakeup Wakeup { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Store = DocumentStore.For(opts =>
        {
            opts.Connection(AppFixture.ConnectionString);
            opts.DatabaseSchemaName = _schema;
            opts.AutoCreateSchemaObjects = AutoCreate.All;
            EventStore.Configure(opts);
            Wakeup = (AppendWakeup)opts.Projections.Wakeup!;
        });
        // As the app starts; left out for a store from before the ids' table.
        if (_fillIdClaims)
            await new IdClaims.FillFromStreams().Populate(Store, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        Store.Dispose();
        await using var connection = new NpgsqlConnection(AppFixture.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists {_schema} cascade", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
