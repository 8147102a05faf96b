using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Alba;
using ERaport.Tests.Deploy;
using ERaport.Tests.Integration;
using Npgsql;

namespace ERaport.Tests.Faults;

/// <summary>The built app as a child process on a PostgreSQL of its own, so that tests may kill -9 the one and
/// restart the other. The test school (<see cref="TestSchool"/>) and empty gradebooks are written first by an
/// in-process host on the same schema; the child process then builds its read model from those events.</summary>
public sealed class FaultFixture : IAsyncLifetime
{
    public const int GradebooksPerTest = 16;
    private const int Tests = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly ConcurrentQueue<Guid> _gradebooks = new();

    public PrivatePostgres Postgres { get; } = new();
    public AppProcess App { get; private set; } = default!;
    public TestSchool School { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        await Postgres.StartAsync();
        var (contentRoot, dll) = AppProcess.Built();
        App = new AppProcess(Postgres.ConnectionString, DeployTools.TempDirectory("faults-app"), contentRoot, dll);
        await using (var seeder = await AlbaHost.For<Program>(b =>
                     {
                         b.UseSetting("ConnectionStrings:EventStore", Postgres.ConnectionString);
                         b.UseSetting("EventStore:Schema", App.Schema);
                         b.UseSetting("ReadModel:Path", Path.Combine(App.Directory, "seeder-readmodel.db"));
                     }))
        {
            School = await TestSchool.CreateAsync(seeder.Services);
            for (var i = 0; i < Tests * GradebooksPerTest; i++)
                _gradebooks.Enqueue(await School.OpenGradebookAsync(seeder.Services));
        }
        await StartAppAsync();
    }

    /// <summary>Starts the app and waits until it answers and its read model holds every gradebook.</summary>
    public async Task StartAppAsync()
    {
        App.Start();
        await WaitUntilReadyAsync();
    }

    /// <summary>Waits until the started app answers and its read model holds every gradebook.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var teacher = Client();
        var signedIn = false;
        await App.WaitUntilAsync(async () =>
        {
            signedIn = signedIn || (await teacher.PostAsJsonAsync("/api/session", new { userName = "guru.mtk", password = TestSchool.Password }))
                .StatusCode == HttpStatusCode.NoContent;
            return signedIn && (await teacher.GetFromJsonAsync<JsonElement>("/api/gradebooks")).GetArrayLength() >= Tests * GradebooksPerTest;
        }, ReadyTimeout);
    }

    /// <summary>Empty gradebooks of guru.mtk no other test writes to.</summary>
    public IReadOnlyList<Guid> TakeGradebooks() =>
        Enumerable.Range(0, GradebooksPerTest).Select(_ => _gradebooks.TryDequeue(out var id) ? id : throw new InvalidOperationException("no gradebooks left")).ToList();

    public HttpClient Client() =>
        new(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(App.BaseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };

    public async Task<HttpClient> SignInAsync(string userName)
    {
        var client = Client();
        var answer = await client.PostAsJsonAsync("/api/session", new { userName, password = TestSchool.Password });
        answer.StatusCode.ShouldBe(HttpStatusCode.NoContent, App.Tail());
        return client;
    }

    /// <summary>The command ids of every event in the event store, read straight from PostgreSQL.</summary>
    public async Task<HashSet<Guid>> StoredCommandIdsAsync()
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand($"select distinct headers->>'command-id' from {App.Schema}.mt_events where headers ? 'command-id'", connection);
        await using var reader = await query.ExecuteReaderAsync();
        var ids = new HashSet<Guid>();
        while (await reader.ReadAsync())
            ids.Add(Guid.Parse(reader.GetString(0)));
        return ids;
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
            try
            {
                System.IO.Directory.Delete(App.Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        await Postgres.DisposeAsync();
    }
}
