using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>
/// The incident list does what its controls say, without a reload: every filter applies at once, filters combine,
/// the address keeps the whole view, and reload, back and forward bring the same rows back.
/// </summary>
public sealed class IncidentListFilterTests : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "Demo-Password-1";
    private readonly Browser browser;
    private AppProcess app = default!;

    public IncidentListFilterTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync()
    {
        app = await AppProcess.StartSeededAsync("--incidents", "300", "--people-password", Password);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task EachFilter_AppliesAtOnce_CombinesAndSurvivesReloadAndBack()
    {
        await using var context = await browser.NewContextAsync(app);
        var page = await Browser.SignInAsync(context, "admin@demo.test", Password);
        await page.GotoAsync("/incidents?status=all");
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(Count(page)).ToContainTextAsync("1–25 of 300");

        // Status.
        await ChooseAsync(page, "filter-status", "Resolved");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("status=resolved"));
        await ExpectEveryAsync(page, "Status", s => s == "Resolved");

        // Severity on top of the status: the first filter stays.
        await ChooseAsync(page, "filter-status", "All");
        await ChooseAsync(page, "filter-severity", "SEV3");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("status=all.*severity=sev3|severity=sev3.*status=all"));
        await ExpectEveryAsync(page, "Severity", s => s == "SEV3");

        // Search ignores case, and keeps the severity.
        await SearchAsync(page, "memory");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("q=memory"));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("severity=sev3"));
        await ExpectEveryAsync(page, "Severity", s => s == "SEV3");
        await ExpectEveryAsync(page, "Incident", s => s.Contains("Memory leak after deploy", StringComparison.Ordinal));
        await Browser.ScreenshotAsync(page, "15-list-sev3-memory");

        // Cleared search, then page 2 of the SEV3 incidents.
        await SearchAsync(page, "");
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("q="));
        await page.Locator("nav.mud-pagination, .mud-pagination").GetByRole(AriaRole.Button, new() { Name = "Page 2", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("page=2"));
        await Assertions.Expect(Count(page)).ToContainTextAsync(new Regex("^26–"));
        await ExpectEveryAsync(page, "Severity", s => s == "SEV3");

        // A reload shows the same view.
        await page.ReloadAsync();
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(Count(page)).ToContainTextAsync(new Regex("^26–"));
        await ExpectEveryAsync(page, "Severity", s => s == "SEV3");

        // Back: page 1 without the search, then the search again, its box filled in.
        await page.GoBackAsync();
        await Assertions.Expect(Count(page)).ToContainTextAsync(new Regex("^1–25 of"));
        await page.GoBackAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("q=memory"));
        await Assertions.Expect(SearchBox(page)).ToHaveValueAsync("memory");
        await ExpectEveryAsync(page, "Incident", s => s.Contains("Memory leak after deploy", StringComparison.Ordinal));
        await page.GoForwardAsync();
        await Assertions.Expect(SearchBox(page)).ToHaveValueAsync("");
        await Assertions.Expect(Count(page)).ToContainTextAsync(new Regex("^1–25 of"));
    }

    [Fact]
    public async Task ServiceTeamMineAndSort_EachApplyAtOnce()
    {
        await using var context = await browser.NewContextAsync(app);
        var page = await Browser.SignInAsync(context, "admin@demo.test", Password);
        await page.GotoAsync("/incidents?status=all");
        await Browser.WaitForCircuitAsync(page);

        await ChooseAsync(page, "filter-service", "Checkout API");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("service=checkout-api"));
        await ExpectEveryAsync(page, "Service", s => s == "Checkout API");

        await page.GotoAsync("/incidents?status=all");
        await Browser.WaitForCircuitAsync(page);
        await ChooseAsync(page, "filter-team", "Search");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("team=\\d+"));
        await ExpectEveryAsync(page, "Service", s => s is "Search API" or "Indexer");

        await ChooseAsync(page, "filter-sort", "Oldest");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("sort=oldest"));
        // Oldest first: the rows' start times ascend (once the new order has rendered).
        await page.WaitForFunctionAsync("""
            () => {
                const times = [...document.querySelectorAll('[data-testid=incidents-table] td[data-label=Started] time')].map(t => t.getAttribute('datetime'));
                return times.length > 1 && times.every((t, i) => i === 0 || times[i - 1] <= t);
            }
            """);

        // "Mine": the Admin is on none of the demo incidents.
        await page.Locator("input[data-testid=filter-mine], [data-testid=filter-mine] input").First.CheckAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("mine=true"));
        await Assertions.Expect(page.GetByText("No incidents match this view")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear filters" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/incidents$"));
        await Assertions.Expect(page.Locator("[data-testid=incidents-table]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Phone_IncidentsFirst_FiltersBehindAButton_NothingWiderThanTheScreen()
    {
        await using var context = await browser.NewContextAsync(app, 390, 844);
        var page = await Browser.SignInAsync(context, "admin@demo.test", Password);
        await page.GotoAsync("/incidents?status=all");
        await Browser.WaitForCircuitAsync(page);

        await Assertions.Expect(page.Locator("[data-testid=filter-severity]")).ToBeHiddenAsync();
        await Assertions.Expect(SearchBox(page)).ToBeVisibleAsync();
        var firstRow = await page.Locator("[data-testid=incidents-table] tbody tr").First.BoundingBoxAsync();
        Assert.True(firstRow!.Y < 844, $"The first incident starts at {firstRow.Y} px, below the first screen.");
        await Assertions.Expect(page.Locator("[data-testid=filters-toggle]")).ToHaveTextAsync("Filters (1)");

        await page.ClickAsync("[data-testid=filters-toggle]");
        await ChooseAsync(page, "filter-severity", "SEV3");
        await ExpectEveryAsync(page, "Severity", s => s == "SEV3");
        await Browser.ScreenshotAsync(page, "16-phone-list-filters-open");
        await page.ClickAsync("[data-testid=filters-toggle]");
        await Assertions.Expect(page.Locator("[data-testid=filter-severity]")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-testid=filters-toggle]")).ToHaveTextAsync("Filters (2)");

        foreach (var path in new[] { "/incidents?status=all", "/incidents/new", "/incidents/1", "/" })
        {
            await page.GotoAsync(path);
            await Browser.WaitForCircuitAsync(page);
            Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 390, $"{path} is wider than the phone.");
        }

        // The log form's urgency is on the screen, not pushed off it.
        await page.GotoAsync("/incidents/new");
        await Browser.WaitForCircuitAsync(page);
        var urgency = await page.Locator("[data-testid=log-urgency]").BoundingBoxAsync();
        Assert.True(urgency!.X >= 0 && urgency.X + urgency.Width <= 390, $"Urgency spans {urgency.X}–{urgency.X + urgency.Width} px.");
        await Browser.ScreenshotAsync(page, "17-phone-log-incident");
    }

    private static ILocator Count(IPage page) => page.Locator("[data-testid=incidents-count]");

    private static ILocator SearchBox(IPage page) => page.Locator("[data-testid=filter-search] input, input[data-testid=filter-search]").First;

    private static async Task ChooseAsync(IPage page, string filter, string option)
    {
        await page.Locator($"[data-testid={filter}]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
    }

    private static async Task SearchAsync(IPage page, string text)
    {
        await SearchBox(page).FillAsync(text);
        await SearchBox(page).PressAsync("Enter");
    }

    /// <summary>Waits until the table has rows and every one's cell in <paramref name="column"/> passes.</summary>
    private static async Task ExpectEveryAsync(IPage page, string column, Func<string, bool> passes)
    {
        var cells = page.Locator($"[data-testid=incidents-table] td[data-label={column}]");
        string[] texts = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            texts = [.. (await cells.AllInnerTextsAsync()).Select(t => t.Trim())];
            if (texts.Length > 0 && texts.All(passes))
            {
                return;
            }

            await page.WaitForTimeoutAsync(100);
        }

        Assert.Fail($"Not every {column} cell matched: {string.Join(" | ", texts)}");
    }
}
