using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>
/// Resolve a SEV2 incident → its postmortem appears → the review is scheduled and the invitations go out (an
/// iCalendar invite reaches the SMTP sink) → the invitee accepts in the portal → sent for review → published.
/// </summary>
public sealed class PostmortemJourneyTests : IClassFixture<Browser>, IAsyncLifetime, IAsyncDisposable
{
    private const string Password = "Demo-Password-1";
    private readonly Browser browser;
    private readonly SmtpSink smtp = new();
    private AppProcess app = default!;

    public PostmortemJourneyTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync()
    {
        var data = AppProcess.NewDataFolder();
        await AppProcess.RunCommandAsync(data, "seed-demo", "--incidents", "0", "--people-password", Password);
        app = await AppProcess.StartAsync(data, new Dictionary<string, string>
        {
            ["Smtp__Host"] = "127.0.0.1",
            ["Smtp__Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp__Security"] = "None",
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await smtp.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    [Fact]
    public async Task ResolveSev2_PostmortemAppears_ScheduleReview_InvitationsSent_Publish()
    {
        await using var context = await browser.NewContextAsync(app);
        var page = await Browser.SignInAsync(context, "responder@demo.test", Password);

        await page.GotoAsync("/incidents/new");
        await Browser.WaitForCircuitAsync(page);
        await page.Locator("[data-testid=log-title] input, input[data-testid=log-title]").First.FillAsync("Card payments declined");
        await page.Locator("[data-testid=log-service]").ClickAsync();
        await page.GetByText("Checkout API (Payments)").ClickAsync();
        // The option list must be gone before the next click, or its overlay takes the click.
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=log-impact]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { NameRegex = new Regex("^High: many") }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=priority-preview]")).ToContainTextAsync("SEV2");
        await page.ClickAsync("[data-testid=log-submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/incidents/\\d+$"), new() { Timeout = 15_000 });
        await Browser.WaitForCircuitAsync(page);
        // A SEV2 pages the on-call at once; let that land before acting, as a responder would see it.
        await Assertions.Expect(page.Locator("[data-testid=timeline-entry][data-kind=Paged]").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.ClickAsync("[data-testid=action-acknowledge]");
        await Assertions.Expect(page.Locator("[data-testid=incident-header] [data-testid=status-chip]")).ToContainTextAsync("Acknowledged", new() { Timeout = 10_000 });
        // A SEV2 is resolved with a line on what fixed it, asked before resolving; the incident shows it after.
        await page.ClickAsync("[data-testid=action-resolve]");
        await Assertions.Expect(page.Locator("[data-testid=resolution-submit]")).ToBeDisabledAsync();
        await page.Locator("[data-testid=resolution-summary] input, input[data-testid=resolution-summary]").First.FillAsync("Rolled back the card-token cache change");
        await page.ClickAsync("[data-testid=resolution-submit]");
        await Assertions.Expect(page.Locator("[data-testid=incident-header] [data-testid=status-chip]")).ToContainTextAsync("Resolved", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("[data-testid=resolution]")).ToContainTextAsync("Rolled back the card-token cache change");
        await Assertions.Expect(page.Locator("[data-testid=latest-status-update]")).ToHaveCountAsync(0);

        // Policy opens the postmortem; the incident page shows it without a reload.
        await Assertions.Expect(page.Locator("[data-testid=postmortem-link]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Browser.ScreenshotAsync(page, "60-incident-postmortem-opened");
        await page.ClickAsync("[data-testid=postmortem-link]");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/postmortems/\\d+$"));
        await Assertions.Expect(page.Locator("[data-testid=postmortem-heading]")).ToContainTextAsync("Card payments declined");
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=pm-timeline-item]").First).ToBeVisibleAsync();

        // Autosave.
        await page.Locator("[data-testid=input-impact] textarea, textarea[data-testid=input-impact]").First.FillAsync("About 8 % of card payments were declined for 25 minutes.");
        await Assertions.Expect(page.Locator("[data-testid=save-state]")).ToContainTextAsync("Unsaved changes");
        await Assertions.Expect(page.Locator("[data-testid=save-state]")).ToContainTextAsync("Saved ·", new() { Timeout = 10_000 });

        // The review: proposed invitees, sent.
        await page.ClickAsync("[data-testid=schedule-review]");
        await Assertions.Expect(page.Locator("[data-testid=review-invitee]").First).ToBeVisibleAsync();
        // The start is a date in the viewer's language (en-US here) and a time on the 24-hour clock.
        await Assertions.Expect(page.Locator("[data-testid=review-starts-date] input, input[data-testid=review-starts-date]").First).ToHaveValueAsync(new Regex(@"^\d{1,2}/\d{1,2}/\d{4}$"));
        await Assertions.Expect(page.Locator("[data-testid=review-starts-time] input, input[data-testid=review-starts-time]").First).ToHaveValueAsync(new Regex(@"^([01]\d|2[0-3]):[0-5]\d$"));
        await page.Locator("[data-testid=review-url] input, input[data-testid=review-url]").First.FillAsync("https://meet.example/payments-review");
        // Dana builds what the Payments team runs, so she is proposed; the proposal is editable: Support is added.
        await Assertions.Expect(page.Locator("[data-testid=review-invitee]")).ToHaveCountAsync(2);
        await page.Locator("[data-testid=review-add-person]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Sam Support" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=review-invitee]")).ToHaveCountAsync(3);
        await page.ClickAsync("[data-testid=review-save]");
        await Assertions.Expect(page.Locator("[data-testid=review-when]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=review-meeting]")).ToContainTextAsync("Sam Support · added");
        await Assertions.Expect(page.Locator("[data-testid=review-meeting]")).ToContainTextAsync("Dana Developer · developer (Payments)");
        await Assertions.Expect(page.Locator("[data-testid=review-meeting]")).ToContainTextAsync("Riley Responder · postmortem owner");
        await WaitForAsync(() => smtp.Messages.Any(m => m.Contains("METHOD:REQUEST", StringComparison.Ordinal) && m.Contains("BEGIN:VCALENDAR", StringComparison.Ordinal)
            && m.Contains("developer@demo.test", StringComparison.Ordinal)), "the calendar invitation to Dana");

        await page.ClickAsync("[data-testid=rsvp-accept]");
        await Assertions.Expect(page.Locator("[data-testid=review-meeting]")).ToContainTextAsync("accepted via portal");
        await Browser.ScreenshotAsync(page, "61-postmortem-review-scheduled");

        await page.ClickAsync("[data-testid=pm-submit]");
        await Assertions.Expect(page.Locator("[data-testid=postmortem-status]")).ToContainTextAsync("In review");
        // Next to the button: what publishing still needs. A root cause, and — the review being ahead — the owner's reason.
        var needs = page.Locator("[data-testid=publish-needs]");
        await Assertions.Expect(needs.Locator("[data-testid=publish-need][data-met=false]")).ToHaveCountAsync(2);
        await Assertions.Expect(needs).ToContainTextAsync("Missing: A root cause");
        await Assertions.Expect(page.Locator("[data-testid=pm-publish]")).ToBeDisabledAsync();
        await Browser.ScreenshotAsync(page, "61b-postmortem-publish-needs");
        await page.Locator("[data-testid=input-rootcause] textarea, textarea[data-testid=input-rootcause]").First.FillAsync("An expired intermediate certificate at the card processor.");
        await Assertions.Expect(page.Locator("[data-testid=save-state]")).ToContainTextAsync("Unsaved changes");
        await Assertions.Expect(page.Locator("[data-testid=save-state]")).ToContainTextAsync("Saved ·", new() { Timeout = 10_000 });
        await Assertions.Expect(needs.Locator("[data-testid=publish-need][data-met=false]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=pm-publish]")).ToBeDisabledAsync();
        await page.Locator("[data-testid=publish-early-reason] input, input[data-testid=publish-early-reason]").First
            .FillAsync("The card processor asked for our report before the meeting");
        await Assertions.Expect(needs.Locator("[data-testid=publish-need][data-met=false]")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=pm-publish]");
        await Assertions.Expect(page.Locator("[data-testid=postmortem-status]")).ToContainTextAsync("Published");
        await Assertions.Expect(page.Locator("[data-testid=published-early]")).ToContainTextAsync("The card processor asked for our report before the meeting");
        await Assertions.Expect(page.Locator("[data-testid=rendered-rootcause]")).ToContainTextAsync("expired intermediate certificate");
        await Browser.ScreenshotAsync(page, "62-postmortem-published");

        await page.GotoAsync("/postmortems");
        await Browser.WaitForCircuitAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "All" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=postmortems-table]")).ToContainTextAsync("Card payments declined");
        await Browser.ScreenshotAsync(page, "63-postmortems");
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
