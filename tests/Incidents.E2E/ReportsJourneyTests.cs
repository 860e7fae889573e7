using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>
/// The reports in Chromium: a Viewer sees this week's figures on the dashboard, opens the overview (headline figures, the incidents chart by severity, times,
/// availability), switches the period, reads a chart as a table, clicks a bar and lands on the incident list filtered
/// to that day and severity; both themes are screenshotted.
/// </summary>
public sealed class ReportsJourneyTests : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "Demo-Password-1";
    private readonly Browser browser;
    private AppProcess app = default!;

    public ReportsJourneyTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync() => app = await AppProcess.StartSeededAsync("--incidents", "120", "--people-password", Password);

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Overview_ChangeThePeriod_TableView_ClickABar_FilteredIncidentList()
    {
        await using var context = await browser.NewContextAsync(app);
        var page = await Browser.SignInAsync(context, "viewer@demo.test", Password);
        // The dashboard shows this week's figures.
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=week-mtta]")).ToContainTextAsync("Time to acknowledge");
        await Assertions.Expect(page.Locator("[data-testid=this-week]")).ToContainTextAsync("since Monday (UTC)");
        await page.Locator(".mud-nav-link[href='/reports']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/reports$"));
        await Browser.WaitForCircuitAsync(page);

        await Assertions.Expect(page.Locator("[data-testid=report-tile]")).ToHaveCountAsync(6);
        await Assertions.Expect(page.Locator("[data-testid=report-tile]").First).ToContainTextAsync("Incidents");
        await Assertions.Expect(page.Locator("[data-testid=report-period]")).ToContainTextAsync("compared with the 30 days before");
        await Assertions.Expect(page.Locator("[data-testid=chart-incidents] [data-testid=chart-segment]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=availability-row]").First).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "60-reports-overview");

        // Seven days: the address keeps the period, the bars are days.
        await page.ClickAsync("[data-testid=period-7d]");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/reports\\?period=7d$"));
        await Assertions.Expect(page.Locator("[data-testid=report-period]")).ToContainTextAsync("compared with the 7 days before");
        await Assertions.Expect(page.Locator("[data-testid=chart-incidents]")).ToContainTextAsync("Incidents per day, by severity");

        // The same figures as a table.
        await page.ClickAsync("[data-testid=chart-incidents-toggle]");
        var table = page.Locator("[data-testid=chart-incidents-table]");
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(7);
        await page.ClickAsync("[data-testid=chart-incidents-toggle]");

        // A bar: the incident list of that day and severity.
        var segment = page.Locator("[data-testid=chart-incidents] [data-testid=chart-segment]").First;
        var label = await segment.GetAttributeAsync("aria-label") ?? "";
        var severity = Regex.Match(label, "SEV(\\d)").Groups[1].Value;
        var count = int.Parse(Regex.Match(label, "(\\d+)$").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await segment.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/incidents\\?status=all&severity=sev{severity}.*from=.*until="));
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=filter-period]")).ToContainTextAsync("Triggered");
        await Assertions.Expect(page.Locator("tr.mud-table-row-clickable")).ToHaveCountAsync(count);
        await Browser.ScreenshotAsync(page, "61-reports-bar-to-incidents");

        // The dark theme.
        await page.GotoAsync("/reports?period=90d");
        await page.EvaluateAsync("localStorage.setItem('incidents.theme', 'dark')");
        await page.ReloadAsync();
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=chart-incidents]")).ToContainTextAsync("Incidents per week, by severity");
        await Browser.ScreenshotAsync(page, "62-reports-dark");
    }
}
