using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>
/// With nothing set up (no email, no chat), a page still reaches the on-call person: their bell counts it, a toast offers
/// Acknowledge, the browser shows a notification; acknowledging makes them the commander, and a mention reaches them too.
/// </summary>
public sealed class NotificationBellJourneyTests : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "Demo-Password-1";

    // Records what the page asks the browser to show, with notifications allowed.
    private const string RecordNotifications = """
        window.__notifications = [];
        window.Notification = class {
            constructor(title, options) { window.__notifications.push(title + ' | ' + (options && options.body)); }
            static get permission() { return 'granted'; }
            static requestPermission() { return Promise.resolve('granted'); }
            close() { }
        };
        """;

    private readonly Browser browser;
    private AppProcess app = default!;

    public NotificationBellJourneyTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync() => app = await AppProcess.StartSeededAsync("--incidents", "0", "--people-password", Password);

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task PageReachesTheBell_ToastAcknowledges_MentionArrives()
    {
        await using var responderContext = await browser.NewContextAsync(app);
        await responderContext.AddInitScriptAsync(RecordNotifications);
        var responder = await Browser.SignInAsync(responderContext, "responder@demo.test", Password);
        await Browser.WaitForCircuitAsync(responder);
        await responder.ClickAsync("[data-testid=bell]");
        await Assertions.Expect(responder.Locator("[data-testid=bell-empty]")).ToBeVisibleAsync();
        await Assertions.Expect(responder.Locator("[data-testid=browser-notifications]")).ToContainTextAsync("Browser notifications are on");
        await responder.Keyboard.PressAsync("Escape");

        // Support declares a SEV1 on Checkout API from the portal's chat panel: its policy pages Riley, the person on call.
        await using var supportContext = await browser.NewContextAsync(app);
        var support = await Browser.SignInAsync(supportContext, "support@demo.test", Password);
        await Browser.WaitForCircuitAsync(support);
        await support.ClickAsync("[data-testid=chat-toggle]");
        await support.Locator("[data-testid=chat-input] input, input[data-testid=chat-input]").First.FillAsync("declare Checkout is down sev1 checkout-api");
        await support.ClickAsync("[data-testid=chat-send]");
        await Assertions.Expect(support.Locator("[data-testid=chat-reply]").Last).ToContainTextAsync("INC-1");

        // The page arrives while Riley looks at the dashboard: a toast with Acknowledge, the bell's count, a browser notification.
        var toast = responder.Locator(".mud-snackbar", new() { HasText = "INC-1 Checkout is down" });
        await Assertions.Expect(toast).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(responder.Locator("[data-testid=bell-badge]")).ToContainTextAsync("1");
        var shown = await responder.EvaluateAsync<string[]>("() => window.__notifications");
        Assert.Contains(shown, n => n.Contains("INC-1 Checkout is down", StringComparison.Ordinal));
        await Browser.ScreenshotAsync(responder, "90-page-toast");

        await toast.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(responder.Locator(".mud-snackbar", new() { HasText = "INC-1 acknowledged. You are the incident commander now" })).ToBeVisibleAsync();

        // The list's Commander column names Riley; the incident says Acknowledged.
        await responder.GotoAsync("/incidents");
        await Assertions.Expect(responder.Locator("[data-testid=incidents-table] td[data-label=Commander]").First).ToHaveTextAsync("Riley Responder");
        await Assertions.Expect(responder.Locator("[data-testid=incidents-table] td[data-label=Status]").First).ToContainTextAsync("Acknowledged");
        await Browser.WaitForCircuitAsync(responder);

        // Support mentions Riley in a note: the bell hears of it at once.
        await support.GotoAsync("/incidents/1");
        await Browser.WaitForCircuitAsync(support);
        await support.Locator("[data-testid=note-text] textarea, textarea[data-testid=note-text]").First.FillAsync("@responder the customer says card payments fail too");
        await support.ClickAsync("[data-testid=note-submit]");
        await Assertions.Expect(support.Locator("[data-testid=timeline]")).ToContainTextAsync("card payments fail too");

        await Assertions.Expect(responder.Locator(".mud-snackbar", new() { HasText = "mentioned you on INC-1" })).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await responder.ClickAsync("[data-testid=bell]");
        var items = responder.Locator("[data-testid=bell-item]");
        await Assertions.Expect(items).ToHaveCountAsync(2);
        await Assertions.Expect(items.First).ToContainTextAsync("mentioned you on INC-1");
        await Assertions.Expect(items.Nth(1)).ToContainTextAsync("INC-1 Checkout is down");
        await Browser.ScreenshotAsync(responder, "91-bell-open");

        // Opening the mention reads it and goes to the incident.
        await items.First.ClickAsync();
        await Assertions.Expect(responder).ToHaveURLAsync(new Regex("/incidents/1$"));
        await Assertions.Expect(responder.Locator("[data-testid=incident-header]")).ToContainTextAsync("Acknowledged");
    }
}
