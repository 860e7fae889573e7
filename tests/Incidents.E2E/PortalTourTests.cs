using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>An Admin walks through the portal on demo data; every page renders its content, and screenshots are kept.</summary>
public sealed class PortalTourTests : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "Demo-Password-1";
    private readonly Browser browser;
    private AppProcess app = default!;

    public PortalTourTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync()
    {
        app = await AppProcess.StartSeededAsync("--incidents", "300", "--people-password", Password);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Admin_EveryPage_RendersWithDemoData()
    {
        await using var context = await browser.NewContextAsync(app);
        var page = await Browser.SignInAsync(context, "admin@demo.test", Password);
        // Every page works under the Content-Security-Policy: the browser reports nothing it refused.
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
            {
                refused.Add(message.Text);
            }
        };

        await Assertions.Expect(page.Locator("[data-testid=open-incidents]")).ToContainTextAsync("open incidents");
        await Browser.ScreenshotAsync(page, "20-dashboard-with-incidents");

        await page.GotoAsync("/incidents?status=all&sort=severity");
        await Assertions.Expect(page.Locator("[data-testid=incidents-count]")).ToContainTextAsync("of 300");
        await Browser.ScreenshotAsync(page, "21-incidents-all-by-severity");

        await page.GotoAsync("/admin/services");
        await Assertions.Expect(page.Locator("[data-testid=services-table]")).ToContainTextAsync("checkout-api");
        await Browser.ScreenshotAsync(page, "22-services");

        await page.GotoAsync("/admin/teams");
        await Assertions.Expect(page.Locator("[data-testid=teams-table]")).ToContainTextAsync("Payments");
        await Browser.ScreenshotAsync(page, "23-teams");

        await page.GotoAsync("/admin/integrations");
        await Assertions.Expect(page.GetByText("No integrations yet")).ToBeVisibleAsync();
        await page.GotoAsync("/alerts");
        await Assertions.Expect(page.GetByText("Alerts from your integrations appear here")).ToBeVisibleAsync();

        await page.GotoAsync("/admin/audit");
        await Assertions.Expect(page.Locator("[data-testid=audit-table]")).ToContainTextAsync("Service");
        await Browser.ScreenshotAsync(page, "24-audit");

        await page.GotoAsync("/profile");
        await Browser.WaitForCircuitAsync(page);
        await page.Locator("[data-testid=api-key-name] input, input[data-testid=api-key-name]").First.FillAsync("deploy script");
        await page.ClickAsync("[data-testid=api-key-create]");
        await Assertions.Expect(page.Locator("[data-testid=new-api-key] input, input[data-testid=new-api-key]").First)
            .ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^inc_[0-9a-f]{8}_"));
        await Browser.ScreenshotAsync(page, "25-profile-api-key");

        // On call: the dashboard card, the policies, contact methods, and paging from an incident.
        await Assertions.Expect(page.Locator("[data-testid=contact-methods]")).ToBeVisibleAsync();
        await page.Locator("[data-testid=contact-address] input, input[data-testid=contact-address]").First.FillAsync("alex.pager@example.com");
        await page.ClickAsync("[data-testid=contact-add]");
        await Assertions.Expect(page.Locator("[data-testid=contact-method]")).ToContainTextAsync("alex.pager@example.com");
        await Browser.ScreenshotAsync(page, "26-profile-contact-methods");

        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("[data-testid=on-call-now-card]")).ToContainTextAsync("Riley Responder");
        await page.GotoAsync("/oncall/policies");
        await Assertions.Expect(page.Locator("[data-testid=policy]")).ToContainTextAsync("Payments primary (schedule)");
        await Browser.ScreenshotAsync(page, "27-escalation-policies");

        // An open incident (the list's default view), opened by its own link.
        await page.GotoAsync("/incidents");
        var href = await page.Locator("[data-testid=incidents-table] a[href*='incidents/']").First.GetAttributeAsync("href");
        await page.GotoAsync("/" + href!.TrimStart('/'));
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=paging-panel]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-testid=page-someone]");
        await page.Locator("[data-testid=page-target]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Riley Responder" }).ClickAsync();
        await page.ClickAsync("[data-testid=page-send]");
        await Assertions.Expect(page.Locator("[data-testid=paging-panel] [data-testid=page]")).ToContainTextAsync("Riley Responder");
        await Assertions.Expect(page.Locator("[data-testid=timeline]")).ToContainTextAsync("paged Riley Responder");
        await Browser.ScreenshotAsync(page, "28-incident-paged");

        // The chat panel answers the same commands as the bots; on an incident page they default to it.
        await page.ClickAsync("[data-testid=chat-toggle]");
        await page.Locator("[data-testid=chat-input] input, input[data-testid=chat-input]").First.FillAsync("oncall");
        await page.ClickAsync("[data-testid=chat-send]");
        await Assertions.Expect(page.Locator("[data-testid=chat-reply]").Last).ToContainTextAsync("Riley Responder");
        await page.Locator("[data-testid=chat-input] input, input[data-testid=chat-input]").First.FillAsync("status");
        await page.ClickAsync("[data-testid=chat-send]");
        await Assertions.Expect(page.Locator("[data-testid=chat-card]").Last).ToBeVisibleAsync();
        // Replies render their Markdown, and each new one scrolls into view.
        await page.Locator("[data-testid=chat-input] input, input[data-testid=chat-input]").First.FillAsync("frobnicate");
        await page.ClickAsync("[data-testid=chat-send]");
        await Assertions.Expect(page.Locator("[data-testid=chat-reply]").Last.Locator("code").First).ToHaveTextAsync("frobnicate");
        await page.WaitForFunctionAsync("() => { const m = document.querySelector('[data-testid=chat-messages]'); return m.scrollTop + m.clientHeight >= m.scrollHeight - 2; }");
        await Browser.ScreenshotAsync(page, "29-chat-panel");

        // Problems: the dashboard's possible problems, the list, a known error, the board, the backlogs.
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("[data-testid=candidate-problems]")).ToContainTextAsync("QueueBacklog");
        await Browser.ScreenshotAsync(page, "50-dashboard-possible-problems");
        await page.GotoAsync("/problems");
        await Assertions.Expect(page.Locator("[data-testid=problems-table]")).ToContainTextAsync("Connection pool exhausted");
        await Browser.ScreenshotAsync(page, "51-problems");
        await page.Locator("[data-testid=problems-table] a", new() { HasText = "PRB-2" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=known-error]")).ToContainTextAsync("Delete /var/lib/indexer");
        await Browser.ScreenshotAsync(page, "52-problem-known-error");
        await page.GotoAsync("/problems/1");
        await Assertions.Expect(page.Locator("[data-testid=analysis]")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "53-problem-analysis");
        await page.GotoAsync("/countermeasures");
        await Assertions.Expect(page.Locator("[data-testid=column-InProgress]")).ToContainTextAsync("Release the connection before retrying");
        await Browser.ScreenshotAsync(page, "54-countermeasure-board");
        await page.GotoAsync("/admin/backlogs");
        await Assertions.Expect(page.Locator("[data-testid=backlog-team]").First).ToContainTextAsync("Not connected");
        await Browser.ScreenshotAsync(page, "55-backlogs");

        // Postmortems: the demo's serious incidents have theirs, overdue by now.
        await page.GotoAsync("/postmortems");
        await Browser.WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "All" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=postmortems-table] [data-testid=overdue]").First).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "56-postmortems");
        await page.Locator("[data-testid=postmortems-table] a[href*='postmortems/']").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=postmortem-heading]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=pm-timeline-item]").First).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "57-postmortem");
        Assert.Empty(refused);
    }
}
