using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>A first run in a real browser: setup, sign in, the dashboard, invite someone, sign out.</summary>
public sealed class FoundationJourneyTests : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "Journey-Password-1";
    private readonly Browser browser;
    private AppProcess app = default!;

    public FoundationJourneyTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync() => app = await AppProcess.StartAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task FirstRun_SetupSignInDashboardInviteSignOut()
    {
        await using var context = await browser.NewContextAsync(app, height: 860);
        var page = await context.NewPageAsync();

        // A fresh install sends people to sign-in, which offers setup.
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Create the first Admin" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up Incidents" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=password-rules]")).ToContainTextAsync("At least 10 characters");
        await Browser.ScreenshotAsync(page, "01-setup");
        await page.FillAsync("#name", "Ana Admin");
        await page.FillAsync("#email", "ana@example.test");
        await page.FillAsync("#password", Password);
        await page.FillAsync("#confirm", Password);
        await page.ClickAsync("[data-testid=create-admin]");

        await Assertions.Expect(page.Locator("[data-testid=notice]")).ToContainTextAsync("Admin account is ready");
        await page.FillAsync("#email", "ana@example.test");
        await page.FillAsync("#password", Password);
        await Browser.ScreenshotAsync(page, "02-sign-in");
        await page.ClickAsync("[data-testid=sign-in]");

        await Assertions.Expect(page.Locator("[data-testid=dashboard-heading]")).ToContainTextAsync("Ana");
        await Assertions.Expect(page.GetByText("All quiet: no open incidents")).ToBeVisibleAsync();
        await Browser.WaitForCircuitAsync(page);
        // A first run offers the steps to a working setup, each a link to its page.
        await Assertions.Expect(page.Locator("[data-testid=getting-started-progress]")).ToHaveTextAsync("0 of 5 done");
        await Assertions.Expect(page.Locator("[data-testid=setup-step]")).ToHaveCountAsync(5);
        await Browser.ScreenshotAsync(page, "03-dashboard");
        await page.Locator("[data-testid=setup-step][data-step=service] a").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/admin/services$"));
        await page.GotoAsync("/");
        await Browser.WaitForCircuitAsync(page);

        // Dark mode, remembered by the browser.
        var light = await BackgroundAsync(page);
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim() !== '{light}'");
        await Browser.ScreenshotAsync(page, "03-dashboard-dark");
        Assert.Equal("dark", await page.EvaluateAsync<string>("() => localStorage.getItem('incidents.theme')"));
        await page.ClickAsync("[data-testid=theme-toggle]");
        await page.WaitForFunctionAsync($"() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim() === '{light}'");

        // A phone-sized window of the same session: the navigation folds away.
        await using (var phone = await browser.Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            StorageState = await context.StorageStateAsync(),
        }))
        {
            var small = await phone.NewPageAsync();
            await small.GotoAsync("/");
            await Assertions.Expect(small.Locator("[data-testid=dashboard-heading]")).ToBeVisibleAsync();
            await Browser.ScreenshotAsync(small, "03-dashboard-phone");
        }

        // People: invite a responder and get their one-time link.
        await page.GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=users-table]")).ToContainTextAsync("ana@example.test");
        await page.ClickAsync("[data-testid=invite-person]");
        await page.Locator("[data-testid=invite-name] input, input[data-testid=invite-name]").First.FillAsync("Ben Responder");
        await page.Locator("[data-testid=invite-email] input, input[data-testid=invite-email]").First.FillAsync("ben@example.test");
        await page.ClickAsync("[data-testid=invite-submit]");
        var link = page.Locator("[data-testid=invitation-link] textarea, textarea[data-testid=invitation-link]").First;
        await Assertions.Expect(link).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("/account/accept-invitation\\?user="));
        await Browser.ScreenshotAsync(page, "04-invitation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=users-table]")).ToContainTextAsync("Invited");
        await Browser.ScreenshotAsync(page, "05-people");

        // Sign out from the user menu.
        await page.ClickAsync("[data-testid=user-menu]");
        await Assertions.Expect(page.Locator("[data-testid=user-name]")).ToHaveTextAsync("Ana Admin");
        await Assertions.Expect(page.Locator("[data-testid=sign-out]")).ToBeVisibleAsync();
        await page.WaitForTimeoutAsync(400); // let the menu's fade-in finish for the screenshot
        await Browser.ScreenshotAsync(page, "06-user-menu");
        await page.ClickAsync("[data-testid=sign-out]");
        await Assertions.Expect(page.GetByText("You have signed out.")).ToBeVisibleAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim()");
}
