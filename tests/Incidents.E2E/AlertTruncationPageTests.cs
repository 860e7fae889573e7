using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>An incident opened by a truncated Alertmanager notification says so on its page, in Chromium.</summary>
public sealed partial class AlertTruncationPageTests : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "Demo-Password-1";
    private const string Key = "demoalertmanagerkey0000000000003";
    private readonly Browser browser;
    private AppProcess app = default!;

    public AlertTruncationPageTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync() =>
        app = await AppProcess.StartSeededAsync("--incidents", "0", "--people-password", Password, "--alertmanager-key", Key);

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task TruncatedNotification_IncidentPageShowsHowManyAlertsWereLeftOut()
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var notification = """
            {"version":"4","groupKey":"{}:{alertname=\"ReplicationLag\"}","status":"firing","receiver":"incidents","truncatedAlerts":3,
             "alerts":[{"status":"firing","labels":{"alertname":"ReplicationLag","severity":"critical","instance":"db-1"},
               "annotations":{"summary":"Replication lag above 30 s"},"startsAt":"2026-12-01T10:00:00Z","fingerprint":"lag-db-1"}]}
            """;
        var answer = await http.PostAsync($"api/v1/alerts/alertmanager/{Key}", new StringContent(notification, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);

        await using var context = await browser.NewContextAsync(app);
        var page = await Browser.SignInAsync(context, "responder@demo.test", Password);
        await page.GotoAsync("/incidents");
        await Browser.WaitForCircuitAsync(page);
        await page.Locator("[data-testid=incidents-table]").GetByText("Replication lag above 30 s").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(IncidentUrl());

        var banner = page.Locator("[data-testid=truncated-alerts]");
        await Assertions.Expect(banner).ToContainTextAsync("3 more alerts in this group were not sent by Alertmanager (max_alerts)");
        await Assertions.Expect(banner).ToContainTextAsync("not resolved automatically");
        await Browser.ScreenshotAsync(page, "70-truncated-alertmanager-notification");
    }

    [GeneratedRegex("/incidents/\\d+$")]
    private static partial Regex IncidentUrl();
}
