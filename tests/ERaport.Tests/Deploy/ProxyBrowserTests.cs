using Microsoft.Playwright;

namespace ERaport.Tests.Deploy;

/// <summary>Debian's Chromium through nginx: the UI works under the Content-Security-Policy, with no violation.</summary>
[Collection(ProxyCollection.Name)]
public sealed class ProxyBrowserTests(ProxyFixture fixture)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task signing_in_and_editing_the_grid_through_nginx_raise_no_csp_violation()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException("Chromium is missing: run `bash scripts/install-test-tools.sh` (as root) first.");
        var nginx = fixture.Nginx;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                // The test server name lives on loopback, like a DNS record.
                $"--host-resolver-rules=MAP {ProxyFixture.ServerName} 127.0.0.1",
            ],
        });
        // nginx serves its self-signed stand-in here (the Pebble certificate is another test's).
        var context = await browser.NewContextAsync(new() { IgnoreHTTPSErrors = true, BaseURL = nginx.HttpsOrigin });
        context.SetDefaultTimeout(15_000);
        await context.AddInitScriptAsync("""
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
            """);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") console.Add($"{page.Url}: {m.Text}"); };
        page.PageError += (_, e) => console.Add($"{page.Url}: uncaught {e}");

        // Chromium drops a navigation when it sees the machine's network change (other deploy tests start servers meanwhile).
        var login = await RetriedOnNetworkChangeAsync(() => page.GotoAsync("/masuk"));
        login!.Status.ShouldBe(200, fixture.Logs());
        (await login.AllHeadersAsync())["content-security-policy"].ShouldBe(ProxyTests.ContentSecurityPolicy);
        // The stylesheet applied (style-src): the top bar is not transparent.
        (await page.EvalOnSelectorAsync<string>("header.topbar", "e => getComputedStyle(e).backgroundColor"))
            .ShouldNotBe("rgba(0, 0, 0, 0)");

        await page.Locator("#username").FillAsync("guru.mtk");
        await page.Locator("#password").FillAsync(fixture.App.Password("guru.mtk"));
        await page.Locator("button[type=submit]").ClickAsync();
        try
        {
            await page.WaitForURLAsync(nginx.HttpsOrigin + "/");
        }
        catch (TimeoutException)
        {
            throw new ShouldAssertException($"signing in did not reach the home page: at {page.Url}{Environment.NewLine}" +
                $"{await page.ContentAsync()}{Environment.NewLine}{string.Join(Environment.NewLine, console)}{Environment.NewLine}{fixture.Logs()}");
        }

        // Opened from its link's address rather than by a click: under a full CI run's load the click's navigation twice
        // never reached the grid within 15 s (waiting for "load", then for the document), though the page had loaded.
        // The document is enough: grid.js is deferred, so it has run by then.
        var grid = await page.Locator("a[href^='/nilai/']").First.GetAttributeAsync("href");
        (await page.GotoAsync(grid!, new() { WaitUntil = WaitUntilState.DOMContentLoaded }))!.Status.ShouldBe(200, fixture.Logs());
        // grid.js runs (script-src): typing a new score marks its cell as changed.
        var cell = page.Locator("form[data-score-grid] input.cell").First;
        await cell.FillAsync(await cell.InputValueAsync() == "77" ? "78" : "77");
        await page.Locator("form[data-score-grid] td.changed").First.WaitForAsync();

        (await page.EvaluateAsync<string[]>("() => window.__csp")).ShouldBeEmpty(string.Join(Environment.NewLine, console));
        console.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)).ShouldBeEmpty();

        // The check can fail: an injected inline script is blocked and reported.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.append(s); }");
        await page.WaitForFunctionAsync("() => window.__csp.length > 0");
        (await page.EvaluateAsync<bool>("() => window.__inline === undefined")).ShouldBeTrue();
        (await page.EvaluateAsync<string[]>("() => window.__csp")).ShouldBe(["script-src-elem inline"]);
    }

    private static async Task<IResponse?> RetriedOnNetworkChangeAsync(Func<Task<IResponse?>> navigate)
    {
        try
        {
            return await navigate();
        }
        catch (PlaywrightException e) when (e.Message.Contains("net::ERR_NETWORK_CHANGED"))
        {
            return await navigate();
        }
    }
}
