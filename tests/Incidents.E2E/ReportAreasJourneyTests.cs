using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>
/// The report areas and the wallboard in Chromium, on demo data with its monitoring history: the overview's team,
/// severity and custom-date filters land in the address, a CSV button downloads what the page shows, each area's chart
/// narrows its list or leads to the incidents behind it, a noisy alert becomes a problem in one click, and a TV link
/// opens the wallboard without signing in and follows a new incident live. Screenshots in both themes.
/// </summary>
public sealed class ReportAreasJourneyTests : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "Demo-Password-1";
    private const string EventsKey = "demoeventskey0000000000000000007";
    private readonly Browser browser;
    private AppProcess app = default!;

    public ReportAreasJourneyTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync() =>
        app = await AppProcess.StartSeededAsync("--incidents", "300", "--people-password", Password, "--history", "yes", "--events-key", EventsKey);

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static async Task ChooseAsync(IPage page, string select, string option)
    {
        await page.Locator($"[data-testid={select}]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Overview_Filters_Csv_ThenEachArea()
    {
        await using var context = await browser.NewContextAsync(app);
        var page = await Browser.SignInAsync(context, "admin@demo.test", Password);
        await page.GotoAsync("/reports");
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=report-tile]")).ToHaveCountAsync(6);

        // Team, then severity: each lands in the address and narrows the figures.
        await ChooseAsync(page, "report-team", "Payments");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/reports\\?team=\\d+$"));
        await Assertions.Expect(page.Locator("[data-testid=availability-row]")).ToHaveCountAsync(2);
        await ChooseAsync(page, "report-severity", "SEV3");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/reports\\?team=\\d+&severity=sev3$"));
        await ChooseAsync(page, "report-service", "Checkout API");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("team=\\d+&service=\\d+&severity=sev3$"));
        await Assertions.Expect(page.Locator("[data-testid=availability-row]")).ToHaveCountAsync(1);

        // A custom first day: typed in the viewer's format (en-US here), the period becomes from–until.
        var from = DateTime.UtcNow.Date.AddDays(-10);
        var fromInput = page.Locator("[data-testid=report-from] input, input[data-testid=report-from]").First;
        await fromInput.FillAsync(from.ToString("M/d/yyyy", CultureInfo.InvariantCulture));
        await fromInput.PressAsync("Tab");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"from={from:yyyy-MM-dd}&until=\\d{{4}}-\\d{{2}}-\\d{{2}}"));
        await Assertions.Expect(page.Locator("[data-testid=report-period]")).ToContainTextAsync(from.ToString("d MMM yyyy", CultureInfo.InvariantCulture));

        // The CSV of what the page shows: the same days, the same severity.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=export-incidents]"));
        Assert.StartsWith("incidents-" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), download.SuggestedFilename, StringComparison.Ordinal);
        var csv = await File.ReadAllTextAsync(await download.PathAsync(), Encoding.UTF8);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("start,end,sev1,sev2,sev3,sev4,total,median_minutes_to_acknowledge,median_minutes_to_resolve", lines[0]);
        Assert.StartsWith(from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), lines[1], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.Matches("^[^,]+,[^,]+,0,0,\\d+,0,", l));

        // Postmortems: the outcome bars narrow the list to what they count.
        await page.GotoAsync("/reports/postmortems?period=90d");
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=area-postmortems]")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.Locator("[data-testid=report-tile]").First).ToContainTextAsync("Published in time");
        await Browser.ScreenshotAsync(page, "63-reports-postmortems");

        // Countermeasures: an aging bar narrows the open list to that age and kind.
        await page.ClickAsync("[data-testid=area-countermeasures]");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/reports/countermeasures\\?period=90d$"));
        await Assertions.Expect(page.Locator("[data-testid=countermeasure-row]").First).ToBeVisibleAsync();
        var segment = page.Locator("[data-testid=chart-aging] [data-testid=chart-segment]").First;
        var count = int.Parse(Regex.Match(await segment.GetAttributeAsync("aria-label") ?? "", "(\\d+)$").Groups[1].Value, CultureInfo.InvariantCulture);
        await segment.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("age=\\w+&kind=\\w+#countermeasure-list$"));
        await Assertions.Expect(page.Locator("[data-testid=countermeasure-row]")).ToHaveCountAsync(count);
        await Assertions.Expect(page.Locator("[data-testid=countermeasure-list-all]")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "64-reports-countermeasures");

        // On-call burden: pages per person, by when they came.
        await page.ClickAsync("[data-testid=area-oncall]");
        await Assertions.Expect(page.Locator("[data-testid=burden-people]")).ToContainTextAsync("Riley Responder");
        await Assertions.Expect(page.Locator("[data-testid=chart-burden] [data-testid=chart-segment]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=burden-rotations]")).ToContainTextAsync("Payments primary");
        await Browser.ScreenshotAsync(page, "65-reports-oncall");

        // Alert noise: the noisiest alert becomes a problem in one click, and the report then points at it.
        await page.ClickAsync("[data-testid=area-alerts]");
        var noisy = page.Locator("[data-testid=noisy-alert]").First;
        await Assertions.Expect(noisy).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "66-reports-alert-noise");
        // A self-resolved bar: the incident list of that day, from alerts, that nobody acknowledged.
        var selfResolved = page.Locator("[data-testid=chart-noise] [data-testid=chart-segment][aria-label*='Self-resolved']").First;
        var selfCount = int.Parse(Regex.Match(await selfResolved.GetAttributeAsync("aria-label") ?? "", "(\\d+)$").Groups[1].Value, CultureInfo.InvariantCulture);
        await selfResolved.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/incidents\\?status=all.*source=alert&answer=self-resolved"));
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=filter-answer]")).ToContainTextAsync("From alerts · self-resolved");
        await Assertions.Expect(page.Locator("tr.mud-table-row-clickable")).ToHaveCountAsync(selfCount);
        await page.GoBackAsync();
        await Browser.WaitForCircuitAsync(page);
        var alertKey = await noisy.Locator("code").InnerTextAsync();
        await noisy.Locator("[data-testid=noisy-alert-create]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/problems/\\d+$"));
        var problemUrl = page.Url;
        await page.GoBackAsync();
        await Browser.WaitForCircuitAsync(page);
        var same = page.Locator("[data-testid=noisy-alert]").Filter(new() { HasText = alertKey }).First;
        await Assertions.Expect(same.Locator("[data-testid=noisy-alert-problem]")).ToHaveAttributeAsync("href", new Regex(Regex.Escape(new Uri(problemUrl).AbsolutePath) + "$"));

        // Changes: compliance against the goal line, and the DORA four.
        await page.ClickAsync("[data-testid=area-changes]");
        await Assertions.Expect(page.Locator("[data-testid=changes-compliance-tile]")).ToContainTextAsync("Through the process");

        // The dark theme.
        await page.GotoAsync("/reports/oncall?period=90d");
        await page.EvaluateAsync("localStorage.setItem('incidents.theme', 'dark')");
        await page.ReloadAsync();
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=chart-burden]")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "67-reports-oncall-dark");
        await page.GotoAsync("/reports/alerts?period=90d");
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=chart-noise]")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "68-reports-alert-noise-dark");
    }

    [Fact]
    public async Task Wallboard_ShareOnATv_TheBoardFollowsANewIncidentLive()
    {
        await using var context = await browser.NewContextAsync(app);
        var page = await Browser.SignInAsync(context, "admin@demo.test", Password);
        await page.Locator(".mud-nav-link[href='/wallboard']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=wallboard]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=wallboard-oncall]")).ToContainTextAsync("Riley Responder");
        await Browser.ScreenshotAsync(page, "69-wallboard");

        await page.ClickAsync("[data-testid=wallboard-share]");
        await Browser.WaitForCircuitAsync(page);
        await page.Locator("[data-testid=wallboard-link-name] input, input[data-testid=wallboard-link-name]").First.FillAsync("Ops room TV");
        await page.ClickAsync("[data-testid=wallboard-link-create]");
        var address = await page.Locator("[data-testid=wallboard-link] input, input[data-testid=wallboard-link]").First.InputValueAsync();
        Assert.Matches("/wallboard/wb_[A-Za-z0-9_-]{43}$", address);
        await Assertions.Expect(page.Locator("[data-testid=wallboard-link-row]")).ToContainTextAsync("active");

        // The TV: nobody signed in.
        await using var tvContext = await browser.NewContextAsync(app, 1920, 1080);
        var tv = await tvContext.NewPageAsync();
        await tv.GotoAsync(address);
        await Assertions.Expect(tv.Locator("[data-testid=wallboard]")).ToBeVisibleAsync();
        var before = await tv.Locator("[data-testid=wallboard]").GetAttributeAsync("data-generated");

        await TriggerAsync("tv-live", "Wallboard goes live");

        await Assertions.Expect(tv.Locator("[data-testid=wallboard-incident]").First).ToContainTextAsync("Wallboard goes live", new() { Timeout = 15_000 });
        Assert.NotEqual(before, await tv.Locator("[data-testid=wallboard]").GetAttributeAsync("data-generated"));
        await Browser.ScreenshotAsync(tv, "70-wallboard-tv");

        // Revoked: at the next change the TV reloads by itself and says its link no longer works.
        await page.ClickAsync("[data-testid=wallboard-link-revoke]");
        await Assertions.Expect(page.Locator("[data-testid=wallboard-link-row]")).ToContainTextAsync("revoked");
        await TriggerAsync("tv-after", "After the link was revoked");
        await Assertions.Expect(tv.Locator("[data-testid=wallboard-refused]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    private async Task TriggerAsync(string dedupKey, string summary)
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var body = $$$"""{"routing_key":"{{{EventsKey}}}","event_action":"trigger","dedup_key":"{{{dedupKey}}}","payload":{"summary":"{{{summary}}}","source":"tv","severity":"critical"}}""";
        var answer = await http.PostAsync("v2/enqueue", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(answer.IsSuccessStatusCode, $"{answer.StatusCode}");
    }
}
