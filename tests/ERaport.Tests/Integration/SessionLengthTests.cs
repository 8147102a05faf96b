using Microsoft.AspNetCore.Hosting;

namespace ERaport.Tests.Integration;

/// <summary>An app of its own whose sessions last 3 seconds after the password was given.</summary>
public sealed class ShortSessionFixture : AppFixture
{
    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Accounts:MaxSessionLength", "00:00:03");
}

[CollectionDefinition(Name)]
public sealed class ShortSessionCollection : ICollectionFixture<ShortSessionFixture>
{
    public const string Name = "short-sessions";
}

[Collection(ShortSessionCollection.Name)]
public sealed class SessionLengthTests(ShortSessionFixture app)
{
    private static Task Expect(TestBrowser browser, int status) =>
        browser.SendAsync(s =>
        {
            s.Get.Url("/api/gradebooks");
            s.StatusCodeShouldBe(status);
        });

    [Fact]
    public async Task a_session_ends_its_maximum_length_after_signing_in_however_busy_it_is()
    {
        var teacher = await app.SignInAsync("guru.mtk");
        for (var i = 0; i < 4; i++)
        {
            await Expect(teacher, 200); // every request renews the idle timeout, never the session's start
            await Task.Delay(500);
        }
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        await Expect(teacher, 401);
        await Expect(await app.SignInAsync("guru.mtk"), 200);
    }
}
