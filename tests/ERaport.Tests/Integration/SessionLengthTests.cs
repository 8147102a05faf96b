using Microsoft.AspNetCore.Hosting;

namespace ERaport.Tests.Integration;

/// <summary>An app of its own whose sessions last 6 seconds after the password was given.</summary>
public sealed class ShortSessionFixture : AppFixture
{
    public static readonly TimeSpan MaxSessionLength = TimeSpan.FromSeconds(6);

    protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Accounts:MaxSessionLength", MaxSessionLength.ToString());
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
        // The session began just before this; busy for the first half of it, with room for a slow machine's stalls.
        var sinceSignIn = System.Diagnostics.Stopwatch.StartNew();
        while (sinceSignIn.Elapsed < ShortSessionFixture.MaxSessionLength / 2)
        {
            await Expect(teacher, 200); // every request renews the idle timeout, never the session's start
            await Task.Delay(500);
        }
        await Task.Delay(ShortSessionFixture.MaxSessionLength + TimeSpan.FromSeconds(0.5) - sinceSignIn.Elapsed);

        await Expect(teacher, 401);
        await Expect(await app.SignInAsync("guru.mtk"), 200);
    }
}
