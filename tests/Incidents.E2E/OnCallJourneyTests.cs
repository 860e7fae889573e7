using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>An admin creates a schedule with a weekly rotation and sees the two-week timeline render who is on call.</summary>
public sealed class OnCallJourneyTests : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "Demo-Password-1";
    private readonly Browser browser;
    private AppProcess app = default!;

    public OnCallJourneyTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync() => app = await AppProcess.StartSeededAsync("--incidents", "0", "--people-password", Password);

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task AdminCreatesSchedule_AddsRotation_TimelineShowsWhoIsOnCall()
    {
        await using var context = await browser.NewContextAsync(app);
        var page = await Browser.SignInAsync(context, "admin@demo.test", Password);

        await page.GotoAsync("/oncall/schedules");
        await Browser.WaitForCircuitAsync(page);
        // The demo data has a schedule already; the admin adds another.
        await Assertions.Expect(page.Locator("[data-testid=schedules-table]")).ToContainTextAsync("Payments primary");
        await Browser.ScreenshotAsync(page, "30-schedules");
        await page.ClickAsync("[data-testid=add-schedule]");
        await page.Locator("[data-testid=schedule-name] input, input[data-testid=schedule-name]").First.FillAsync("Platform nights");
        await page.ClickAsync("[data-testid=schedule-save]");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/oncall/schedules/\\d+$"));
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.GetByText("No rotation yet")).ToBeVisibleAsync();

        await page.ClickAsync("[data-testid=add-layer]");
        foreach (var person in new[] { "Riley Responder", "Alex Admin" })
        {
            await page.Locator("[data-testid=layer-add-person]").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = person }).ClickAsync();
        }

        await page.ClickAsync("[data-testid=layer-save]");

        await Assertions.Expect(page.Locator("[data-testid=schedule-timeline]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=timeline-row]")).ToHaveCountAsync(3); // the layer, overrides, final
        Assert.True(await page.Locator("[data-testid=shift]").CountAsync() >= 2);
        await Assertions.Expect(page.Locator("[data-testid=on-call-now]")).ToContainTextAsync("Riley Responder");
        await Browser.ScreenshotAsync(page, "31-schedule-timeline");

        // The responder, whose browser speaks German, asks Alex to cover their shift.
        await using var responderContext = await browser.NewContextAsync(app, locale: "de-DE");
        var responder = await Browser.SignInAsync(responderContext, "responder@demo.test", Password);
        await responder.GotoAsync(page.Url);
        await Browser.WaitForCircuitAsync(responder);
        await responder.ClickAsync("[data-testid=cover-for-me]");
        // Nobody is chosen for them; the choice offers only people who can respond, never themselves or a viewer.
        await Assertions.Expect(responder.Locator("[data-testid=override-person] input, input[data-testid=override-person]").First).ToHaveValueAsync("");
        // Dates follow the viewer's language (German: 3.12.2026), times the 24-hour clock.
        await Assertions.Expect(responder.Locator("[data-testid=override-from-date] input, input[data-testid=override-from-date]").First).ToHaveValueAsync(new Regex(@"^\d{2}\.\d{2}\.\d{4}$"));
        await Assertions.Expect(responder.Locator("[data-testid=override-from-time] input, input[data-testid=override-from-time]").First).ToHaveValueAsync(new Regex(@"^([01]\d|2[0-3]):[0-5]\d$"));
        await Browser.ScreenshotAsync(responder, "32a-override-form-german");
        await responder.Locator("[data-testid=override-person]").ClickAsync();
        var options = responder.GetByRole(AriaRole.Option);
        await Assertions.Expect(options.First).ToBeVisibleAsync();
        var offered = await options.AllInnerTextsAsync();
        Assert.Contains("Alex Admin", offered);
        Assert.DoesNotContain("Riley Responder", offered);
        Assert.DoesNotContain("Vic Viewer", offered);
        await responder.GetByRole(AriaRole.Option, new() { Name = "Alex Admin" }).ClickAsync();
        await responder.ClickAsync("[data-testid=override-save]");
        await Assertions.Expect(responder.Locator("[data-testid=override]")).ToContainTextAsync("Alex Admin");
        await Assertions.Expect(responder.Locator("[data-testid=on-call-now]")).ToContainTextAsync("Alex Admin");
        await Browser.ScreenshotAsync(responder, "32-schedule-override");
    }
}
