using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>
/// Support logs an incident; a responder in a second browser sees it appear live, acknowledges, mitigates and
/// resolves it; the timeline shows every step, and Support's open page follows along without reloading.
/// </summary>
public sealed partial class IncidentJourneyTests : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "Demo-Password-1";
    private readonly Browser browser;
    private AppProcess app = default!;

    public IncidentJourneyTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync()
    {
        app = await AppProcess.StartSeededAsync("--incidents", "0", "--people-password", Password);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task SupportLogs_ResponderSeesItLiveAndWorksIt_TimelineHasEveryStep()
    {
        await using var supportContext = await browser.NewContextAsync(app);
        await using var responderContext = await browser.NewContextAsync(app);
        var support = await Browser.SignInAsync(supportContext, "support@demo.test", Password);
        var responder = await Browser.SignInAsync(responderContext, "responder@demo.test", Password);

        // The responder watches the open incidents list: empty for now.
        await responder.GotoAsync("/incidents");
        await Browser.WaitForCircuitAsync(responder);
        await Assertions.Expect(responder.GetByText("No open incidents")).ToBeVisibleAsync();

        // Support logs an incident through the form.
        await support.GotoAsync("/incidents/new");
        await Browser.WaitForCircuitAsync(support);
        await support.Locator("[data-testid=log-title] input, input[data-testid=log-title]").First.FillAsync("Customers cannot pay by card");
        await support.Locator("[data-testid=log-description] textarea, textarea[data-testid=log-description]").First.FillAsync("Card payments fail with **502**.");
        await support.Locator("[data-testid=log-service]").ClickAsync();
        await support.GetByText("Checkout API (Payments)").ClickAsync();
        await Assertions.Expect(support.Locator("[data-testid=priority-preview]")).ToContainTextAsync("SEV3");
        await Browser.ScreenshotAsync(support, "10-log-incident");
        await support.ClickAsync("[data-testid=log-submit]");
        await Assertions.Expect(support).ToHaveURLAsync(new Regex("/incidents/\\d+$"));
        await Assertions.Expect(support.Locator("[data-testid=incident-title]")).ToContainTextAsync("Customers cannot pay by card");
        await Browser.WaitForCircuitAsync(support);

        // It appears on the responder's list without a reload.
        var row = responder.Locator("[data-testid=incidents-table]").GetByText("Customers cannot pay by card");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 5_000 });
        await Browser.ScreenshotAsync(responder, "11-list-live");
        await row.ClickAsync();
        await Assertions.Expect(responder.Locator("[data-testid=incident-header]")).ToContainTextAsync("Triggered");
        await Browser.WaitForCircuitAsync(responder);

        foreach (var (action, status) in new[] { ("acknowledge", "Acknowledged"), ("mitigate", "Mitigated"), ("resolve", "Resolved") })
        {
            await responder.ClickAsync($"[data-testid=action-{action}]");
            await Assertions.Expect(responder.Locator("[data-testid=incident-header] [data-testid=status-chip]")).ToContainTextAsync(status);
            // Support's open page follows along live.
            await Assertions.Expect(support.Locator("[data-testid=incident-header] [data-testid=status-chip]")).ToContainTextAsync(status, new() { Timeout = 5_000 });
        }

        var kinds = await responder.Locator("[data-testid=timeline-entry]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.kind)");
        // The first to acknowledge took command (the list's Commander column names them).
        Assert.Equal(["Resolved", "Mitigated", "CommanderAssigned", "Acknowledged", "Opened"], kinds);
        await Assertions.Expect(responder.Locator("[data-testid=timeline-entry][data-kind=CommanderAssigned]")).ToContainTextAsync(new Regex("Riley Responder took INC-\\d+ first and is the incident commander\\."));
        await Assertions.Expect(responder.Locator("[data-testid=timeline]")).ToContainTextAsync("Riley Responder");
        await Browser.ScreenshotAsync(responder, "12-incident-resolved");
        await Browser.ScreenshotAsync(support, "13-incident-support-view");
    }

    private static async Task<string> LogAsync(IPage support, string title, string service)
    {
        await support.GotoAsync("/incidents/new");
        await Browser.WaitForCircuitAsync(support);
        await support.Locator("[data-testid=log-title] input, input[data-testid=log-title]").First.FillAsync(title);
        await support.Locator("[data-testid=log-service]").ClickAsync();
        await support.GetByText(service).ClickAsync();
        await support.ClickAsync("[data-testid=log-submit]");
        await Assertions.Expect(support).ToHaveURLAsync(new Regex("/incidents/\\d+$"));
        return new Uri(support.Url).AbsolutePath;
    }

    /// <summary>
    /// Developers are in the escalation path: Dana Developer (on the Payments team in the demo) acknowledges and resolves
    /// a Payments incident from the portal, and on another team's incident sees why the buttons are not hers.
    /// </summary>
    [Fact]
    public async Task DeveloperOnTheOwningTeam_AcknowledgesAndResolves_OtherTeamsIncidentShowsOnlyTheNoteBox()
    {
        await using var supportContext = await browser.NewContextAsync(app);
        await using var developerContext = await browser.NewContextAsync(app);
        var support = await Browser.SignInAsync(supportContext, "support@demo.test", Password);
        var developer = await Browser.SignInAsync(developerContext, "developer@demo.test", Password);
        var payments = await LogAsync(support, "Refunds stuck in pending", "Checkout API (Payments)");
        var search = await LogAsync(support, "Search results stale", "Search API (Search)");

        await developer.GotoAsync(payments);
        await Browser.WaitForCircuitAsync(developer);
        await Assertions.Expect(developer.Locator("[data-testid=action-acknowledge]")).ToBeVisibleAsync();
        await Assertions.Expect(developer.Locator("[data-testid=why-not-actions]")).ToHaveCountAsync(0);
        await Assertions.Expect(developer.Locator("[data-testid=action-close]")).ToHaveCountAsync(0);
        await developer.ClickAsync("[data-testid=action-acknowledge]");
        await Assertions.Expect(developer.Locator("[data-testid=incident-header] [data-testid=status-chip]")).ToContainTextAsync("Acknowledged");
        await developer.ClickAsync("[data-testid=action-resolve]");
        await Assertions.Expect(developer.Locator("[data-testid=incident-header] [data-testid=status-chip]")).ToContainTextAsync("Resolved");
        await Assertions.Expect(developer.Locator("[data-testid=timeline]")).ToContainTextAsync("Acknowledged by Dana Developer");
        // Resolved: closing and reopening are for Admins and Responders, so no buttons are left for her.
        await Assertions.Expect(developer.Locator("[data-testid=incident-actions] button")).ToHaveCountAsync(0);
        await Browser.ScreenshotAsync(developer, "80-developer-resolved-team-incident");

        await developer.GotoAsync(search);
        await Browser.WaitForCircuitAsync(developer);
        await Assertions.Expect(developer.Locator("[data-testid=incident-header] [data-testid=status-chip]")).ToContainTextAsync("Triggered");
        await Assertions.Expect(developer.Locator("[data-testid=incident-actions] button")).ToHaveCountAsync(0);
        await Assertions.Expect(developer.Locator("[data-testid=note-text]")).ToBeVisibleAsync();
        await Assertions.Expect(developer.Locator("[data-testid=why-not-actions]")).ToContainTextAsync("Acknowledging INC-2 is for Admins and Responders, and for people paged for it, on call for its service or on the Search team");
        await Browser.ScreenshotAsync(developer, "81-developer-other-team-incident");

        // A page her roles do not include says so inside the portal, its navigation still there.
        await developer.GotoAsync("/admin/audit");
        await Assertions.Expect(developer.Locator("[data-testid=access-denied]")).ToBeVisibleAsync();
        await Assertions.Expect(developer.Locator(".mud-navmenu a[href='/incidents']")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(developer, "82-developer-access-denied");
    }
}
