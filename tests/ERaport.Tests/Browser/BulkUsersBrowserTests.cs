using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ERaport.Tests.Browser;

/// <summary>"Tambah banyak pengguna" on a phone and a slow network: a list pasted from a spreadsheet gives one page of
/// password slips, however often the button is pressed while it is being saved.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BulkUsersBrowserTests(BrowserFixture app) : BrowserTest(app)
{
    [Fact]
    public Task a_second_click_while_the_list_is_being_saved_sends_nothing_so_the_slips_are_shown() => RunAsync(async () =>
    {
        var admin = await NewPageAsync(360, 740);
        await SignInAsync(admin, "admin");
        await admin.GotoAsync("/pengguna/tambah-banyak");
        var surname = "Uji" + new string([.. Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(6)]);
        await admin.Locator("#daftar").FillAsync($"Nama lengkap\tNIP\tNama pengguna\r\nDra. Hj. Lilis {surname}, M.Pd.\t\t\r\n\r\nYohanes O'{surname}, S.Pd.\t\t\r\n");

        // A slow school network: the answer to a post takes two seconds to arrive.
        var posts = 0;
        await admin.RouteAsync("**/pengguna/tambah-banyak", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }
            Interlocked.Increment(ref posts);
            var answer = await route.FetchAsync();
            await Task.Delay(2000);
            await route.FulfillAsync(new() { Response = answer });
        });
        await admin.EvaluateAsync("""
            () => {
              const form = document.querySelector('#tambah-banyak');
              form.querySelector('button[type=submit]').click();
              setTimeout(() => form.requestSubmit(), 300);
            }
            """);

        await Expect(admin.Locator("h1")).ToHaveTextAsync("2 pengguna dibuat", new() { Timeout = 30_000 });
        posts.ShouldBe(1);
        (await admin.Locator("[data-slip] [data-name]").AllTextContentsAsync()).ShouldBe([$"Dra. Hj. Lilis {surname}, M.Pd.", $"Yohanes O'{surname}, S.Pd."]);
    });
}
