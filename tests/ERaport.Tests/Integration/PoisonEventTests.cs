using ERaport.Read.ReadModel;
using ERaport.Write.School;
using Marten;

namespace ERaport.Tests.Integration;

/// <summary>An app of its own: these tests put an event into the store that the read model cannot handle.</summary>
public sealed class PoisonFixture : AppFixture;

[CollectionDefinition(Name)]
public sealed class PoisonCollection : ICollectionFixture<PoisonFixture>
{
    public const string Name = "poison";
}

[Collection(PoisonCollection.Name)]
public sealed class PoisonEventTests(PoisonFixture app)
{
    private async Task<long> AppendPoisonEventAsync()
    {
        await using var session = app.Service<IDocumentStore>().LightweightSession();
        // Written around the application (no school in the stream key): the projectors cannot place it.
        var stream = session.Events.Append("written-outside-the-app", new StudentEnrolled(Guid.NewGuid()));
        await session.SaveChangesAsync();
        return stream.Events.Single().Sequence;
    }

    [Fact]
    public async Task a_poison_event_is_dead_lettered_and_shown_while_later_events_still_arrive_and_a_rebuild_stops_at_it()
    {
        var poison = await AppendPoisonEventAsync();
        var admin = await app.SignInAsync("admin");
        var teacher = await app.SignInAsync("guru.mtk");
        await teacher.SendAsync(s =>
        {
            s.Post.Json(new { commandId = Guid.NewGuid(), scores = new[] { new { studentId = app.School.Students[0], assessment = "tp1", value = 81 } } })
                .ToUrl($"/api/gradebooks/{app.School.MathGradebook}/scores");
            s.StatusCodeShouldBe(200);
        });
        await app.CatchUpAsync();

        var status = (await (await admin.SendAsync(s => s.Get.Url("/api/operations/read-model"))).ReadAsJsonAsync<ReadModelStatus>())!;
        status.DeadLetters.Select(d => d.Sequence).ShouldContain(poison);
        status.Checkpoint.ShouldBeGreaterThan(poison);
        await app.Host.Scenario(s =>
        {
            s.Get.Url("/health");
            s.StatusCodeShouldBe(503);
        });

        var live = app.Service<ReadModelStore>();
        var pathBefore = live.Path;
        await admin.SendAsync(s =>
        {
            s.Post.Url("/api/operations/read-model/rebuild");
            s.StatusCodeShouldBe(202);
        });
        var rebuild = app.Service<ReadModelRebuild>();
        await rebuild.Running;

        rebuild.Progress.State.ShouldBe(RebuildState.Failed);
        rebuild.Progress.FailedSequence.ShouldBe(poison);
        rebuild.Progress.Error.ShouldNotBeNullOrWhiteSpace();
        live.Path.ShouldBe(pathBefore, "the old model keeps serving");
        await teacher.SendAsync(s => s.Get.Url($"/api/gradebooks/{app.School.MathGradebook}/scores"));
        var page = await admin.GetPageAsync("/operasi");
        page.QuerySelector(".rebuild-failed")!.TextContent.ShouldContain($"Perubahan ke-{poison}");
    }
}
