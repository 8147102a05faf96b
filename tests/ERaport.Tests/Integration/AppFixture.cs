using System.Collections.Concurrent;
using Alba;
using ERaport.Read.ReadModel;
using ERaport.Write.Common;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;

namespace ERaport.Tests.Integration;

/// <summary>The whole app on a real PostgreSQL (a fresh schema per run) and a temporary SQLite read model,
/// with a small school created through the same commands people use.</summary>
public class AppFixture : IAsyncLifetime
{
    public const string ConnectionVariable = "ERAPORT_TEST_DB";
    public const int TestPasswordIterations = 1_000;

    public string Schema { get; } = "t_" + Guid.NewGuid().ToString("N")[..16];
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "eraport-tests", Guid.NewGuid().ToString("N"));

    public IAlbaHost Host { get; private set; } = default!;
    public TestSchool School { get; private set; } = default!;
    public string ReadModelPath => Path.Combine(_directory, "readmodel.db");

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionVariable)
        ?? throw new InvalidOperationException($"{ConnectionVariable} is not set: run the tests with ./scripts/test.sh, which starts PostgreSQL.");

    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        Host = await AlbaHost.For<Program>(b =>
        {
            b.UseSetting("ConnectionStrings:EventStore", ConnectionString);
            b.UseSetting("EventStore:Schema", Schema);
            b.UseSetting("ReadModel:Path", ReadModelPath);
            // Production's 210,000 PBKDF2 rounds cost a fifth of a second per password set or checked, and the suite
            // sets and checks thousands; what the tests prove does not depend on the cost (PasswordCostTests checks it).
            b.ConfigureTestServices(s => s.Configure<PasswordHasherOptions>(o => o.IterationCount = TestPasswordIterations));
            Configure(b);
        });
        await SeedAsync();
        await CatchUpAsync();
    }

    /// <summary>The school the tests work on (user names are unique across schools, so one per fixture).</summary>
    protected virtual async Task SeedAsync() => School = await TestSchool.CreateAsync(Host.Services);

    public async Task DisposeAsync()
    {
        if (Host is not null)
            await Host.DisposeAsync();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop schema if exists {Schema} cascade", connection);
            await drop.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    public T Service<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public async Task<CommandOutcome> SendAsync(object command)
    {
        using var scope = Host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync<CommandOutcome>(command);
    }

    /// <summary>Sends a command that must be accepted (test set-up); its refusal names the command and why.</summary>
    public async Task<long> SendAcceptedAsync(object command)
    {
        var outcome = await SendAsync(command);
        outcome.Status.ShouldBe(OutcomeStatus.Accepted, $"{command.GetType().Name}: {string.Join(", ", outcome.Errors.Select(e => e.Message))}");
        return outcome.Sequence;
    }

    public async Task<long> EventCountAsync()
    {
        await using var session = Service<IDocumentStore>().QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }

    public async Task<IReadOnlyList<IEvent>> EventsAsync(string streamKey)
    {
        await using var session = Service<IDocumentStore>().QuerySession();
        return await session.Events.FetchStreamAsync(streamKey);
    }

    /// <summary>Waits (bounded) until the read model has applied every event committed so far.</summary>
    public async Task CatchUpAsync(TimeSpan? timeout = null)
    {
        await using var session = Service<IDocumentStore>().QuerySession();
        var last = await session.Events.QueryAllRawEvents().MaxAsync(e => e.Sequence);
        (await Service<ReadModelPosition>().WaitForAsync(last, timeout ?? TimeSpan.FromSeconds(15))).ShouldBeTrue("the read model did not catch up");
    }

    /// <summary>A fresh gradebook of class X-1 (its own subject), so that tests do not share cells.</summary>
    public async Task<Guid> OpenGradebookAsync(string teacher = "guru.mtk")
    {
        var gradebookId = await School.OpenGradebookAsync(Host.Services, teacher);
        // Made behind the browsers' backs (no read-your-writes cookie), so wait until pages can see it.
        await CatchUpAsync();
        return gradebookId;
    }

    /// <summary>A class of its own (one student, a gradebook of guru.mtk with one TP), made through the admin's API, for a test
    /// that locks it without touching the classes other tests share.</summary>
    public async Task<(Guid ClassId, Guid GradebookId, Guid StudentId)> ClassOfItsOwnAsync(string name)
    {
        const string Api = "/api/master-data";
        var admin = await SignInAsync("admin");
        var termId = School.TermId;
        var tag = TestSchool.NewSubjectTag();
        var classId = (await admin.PostJsonAsync($"{Api}/classes", new { commandId = Guid.NewGuid(), termId, name, level = 10, phase = "E" })).Id();
        var subjectId = (await admin.PostJsonAsync($"{Api}/subjects",
            new { commandId = Guid.NewGuid(), name = "Mapel " + tag, code = "K" + tag, group = "Umum", order = 13, isReligion = false, kktp = 70 })).Id();
        var gradebookId = (await admin.PostJsonAsync($"{Api}/teaching-assignments", new
        {
            commandId = Guid.NewGuid(), termId, classId, subjectId, teacherId = School.User("guru.mtk").UserId, learningObjectives = new[] { "Peta" },
        })).Id();
        var (nisn, nis) = TestSchool.NewStudentNumbers();
        var studentId = (await admin.PostJsonAsync($"{Api}/students", new { commandId = Guid.NewGuid(), name = "Kiki " + tag, nisn, nis, sex = "P" })).Id();
        await admin.PostJsonAsync($"{Api}/students/{studentId}/enroll", new { commandId = Guid.NewGuid(), classId });
        await CatchUpAsync();
        return (classId, gradebookId, studentId);
    }

    public async Task<TestBrowser> SignInAsync(string userName) => await TestBrowser.SignInAsync(Host, userName, TestSchool.Password);

    private readonly ConcurrentDictionary<string, Task<TestBrowser>> _signedIn = new();

    /// <summary>One signed-in browser per user for tests that send many requests: signing in hashes a password.</summary>
    public Task<TestBrowser> SignInOnceAsync(string userName) => _signedIn.GetOrAdd(userName, SignInAsync);

    /// <summary>Holds the read model's write lock from another connection until disposed (BEGIN IMMEDIATE), as a long
    /// write or a full disk would: what is committed meanwhile is in the event store but not readable yet.</summary>
    public async Task<IAsyncDisposable> HoldReadModelWritesAsync()
    {
        var holder = new SqliteConnection($"Data Source={Service<ReadModelStore>().Path};Pooling=False");
        await holder.OpenAsync();
        return new ReadModelHold(holder, holder.BeginTransaction(deferred: false));
    }

    private sealed class ReadModelHold(SqliteConnection holder, SqliteTransaction hold) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await hold.DisposeAsync();
            await holder.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "app";
}
