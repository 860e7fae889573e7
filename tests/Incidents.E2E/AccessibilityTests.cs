using System.Text.Json;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>
/// axe-core (the npm package, installed at build from the lock file) on the main pages in both themes, on a desktop
/// and a phone: no serious or critical WCAG 2.x A/AA violation. Phone-sized screenshots of each page are kept.
/// </summary>
public sealed class AccessibilityTests : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "Demo-Password-1";

    private static readonly string[] Pages =
    [
        "/", "/incidents?status=all", "/incidents/1", "/incidents/new", "/alerts", "/oncall/schedules", "/oncall/policies",
        "/problems", "/problems/1", "/countermeasures", "/postmortems", "/admin/services", "/admin/teams", "/profile",
        "/changes", "/changes/new", "/changes/calendar", "/changes/windows", "/admin/procedures", "/reports",
        "/reports/postmortems", "/reports/countermeasures", "/reports/oncall", "/reports/alerts", "/reports/changes", "/wallboard", "/wallboard/links",
    ];

    private readonly Browser browser;
    private AppProcess app = default!;

    public AccessibilityTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync() => app = await AppProcess.StartSeededAsync("--incidents", "60", "--people-password", Password);

    public async Task DisposeAsync() => await app.DisposeAsync();

    /// <summary>One app for all four looks (a start per look would cost more than the checks).</summary>
    [Fact]
    public async Task MainPages_BothThemes_DesktopAndPhone_NoSeriousOrCriticalViolations()
    {
        var axe = await File.ReadAllTextAsync(Path.Combine(AppProcess.RepositoryRoot(), "tests", "Incidents.E2E", "node_modules", "axe-core", "axe.min.js"));
        var found = new List<string>();
        foreach (var (theme, width, height) in new[] { ("light", 1366, 900), ("dark", 1366, 900), ("light", 390, 844), ("dark", 390, 844) })
        {
            found.AddRange(await LookAsync(axe, theme, width, height));
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    private async Task<List<string>> LookAsync(string axe, string theme, int width, int height)
    {
        // axe is injected by the test, not served by the app: the app's Content-Security-Policy is bypassed for it alone.
        await using var context = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            BypassCSP = true,
        });
        await context.AddInitScriptAsync($"localStorage.setItem('incidents.theme', '{theme}');");
        var signIn = await context.NewPageAsync();
        var found = await CheckAsync(signIn, "/account/login", axe, theme, width);
        var page = await Browser.SignInAsync(context, "admin@demo.test", Password);
        foreach (var path in Pages)
        {
            found.AddRange(await CheckAsync(page, path, axe, theme, width));
        }

        return found.Select(f => $"{width} px: {f}").ToList();
    }

    private static async Task<List<string>> CheckAsync(IPage page, string path, string axe, string theme, int width)
    {
        await page.GotoAsync(path);
        // The account pages are plain server-rendered forms, and so is the wallboard (kept live by a feed that never
        // idles); the rest wait for their circuit (and the theme it applies).
        var serverRendered = path.StartsWith("/account/", StringComparison.Ordinal) || path == "/wallboard";
        if (!serverRendered)
        {
            await Browser.WaitForCircuitAsync(page);
        }

        await page.WaitForLoadStateAsync(path == "/wallboard" ? LoadState.Load : LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(300);
        if (width < 600)
        {
            var name = path.Trim('/').Replace('/', '-').Replace('?', '-').Replace('=', '-');
            await Browser.ScreenshotAsync(page, $"phone-{theme}-{(name.Length == 0 ? "dashboard" : name)}");
        }

        await page.EvaluateAsync(axe);
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
                const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
                return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\n').slice(1, 2).join(' ')) }));
            }
            """);
        return result.EnumerateArray()
            .Select(v => $"{path} [{theme}] {v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()}\n    "
                + string.Join("\n    ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString())))
            .ToList();
    }
}
