using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>
/// The documented process in Chromium: the Admin adds a step to the normal change procedure (version 2) and a daily
/// release window with a checkpoint for the Payments team; Dana plans a change outside the window and is asked why,
/// gives the reason, ticks the first step of its checklist; a second change planned inside the window shows up in the
/// window's readiness report on the calendar.
/// </summary>
public sealed class ChangeProcessJourneyTests : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "Demo-Password-1";
    private readonly Browser browser;
    private AppProcess app = default!;

    public ChangeProcessJourneyTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync() => app = await AppProcess.StartSeededAsync("--incidents", "0", "--people-password", Password);

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static ILocator Input(IPage page, string testId) => page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]").First;

    private static async Task PlanAsync(IPage page, string title, DateTime day, string from, string to)
    {
        await page.GotoAsync("/changes/new");
        await Browser.WaitForCircuitAsync(page);
        await Input(page, "change-title").FillAsync(title);
        await page.Locator("[data-testid=change-service]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Checkout API" }).ClickAsync();
        var date = day.ToString("M/d/yyyy", CultureInfo.InvariantCulture);
        foreach (var (field, time, timeFirst) in new[] { ("change-start", from, false), ("change-end", to, true) })
        {
            // Either order: a time typed after the date is kept; one typed first waits for a date to put it on.
            foreach (var part in timeFirst ? new[] { "time", "date" } : ["date", "time"])
            {
                await Input(page, $"{field}-{part}").FillAsync(part == "time" ? time : date);
                await Input(page, $"{field}-{part}").BlurAsync();
                if (part == "date" && !timeFirst)
                {
                    // The date lands at midnight; as a person would, type the time once the field shows it.
                    await Assertions.Expect(Input(page, $"{field}-time")).ToHaveValueAsync("00:00");
                }
            }

            await Assertions.Expect(Input(page, $"{field}-time")).ToHaveValueAsync(time);
        }

    }

    [Fact]
    public async Task ProcedureVersion_Window_OutsideNeedsAReason_Checklist_Readiness()
    {
        await using var adminContext = await browser.NewContextAsync(app);
        await using var danaContext = await browser.NewContextAsync(app);
        var admin = await Browser.SignInAsync(adminContext, "admin@demo.test", Password);

        // A new version of the normal change procedure.
        await admin.GotoAsync("/admin/procedures");
        await Browser.WaitForCircuitAsync(admin);
        var normal = admin.Locator("[data-testid=procedure-normal]");
        await Assertions.Expect(normal.Locator("[data-testid=procedure-version]")).ToHaveTextAsync("version 1");
        await normal.Locator("[data-testid=procedure-edit]").ClickAsync();
        var steps = normal.Locator("[data-testid=procedure-steps] textarea, textarea[data-testid=procedure-steps]").First;
        await steps.FillAsync(await steps.InputValueAsync() + "\nCustomer support told");
        await Input(admin, "procedure-note").FillAsync("Support heard of releases from customers first.");
        await normal.Locator("[data-testid=procedure-publish]").ClickAsync();
        await Assertions.Expect(normal.Locator("[data-testid=procedure-version]")).ToHaveTextAsync("version 2");
        await Assertions.Expect(normal.Locator("[data-testid=procedure-current]")).ToContainTextAsync("Customer support told");
        await Assertions.Expect(normal.Locator("[data-testid=procedure-history]").First).ToContainTextAsync("Support heard of releases from customers first.");
        await Browser.ScreenshotAsync(admin, "50-procedures");

        // A daily release window for Payments, 13:00–15:00 UTC, with a checkpoint the day before.
        await admin.GotoAsync("/changes/windows");
        await Browser.WaitForCircuitAsync(admin);
        await Assertions.Expect(admin.GetByText("No deployment windows yet")).ToBeVisibleAsync();
        await admin.Locator("[data-testid=window-scope]").ClickAsync();
        await admin.GetByRole(AriaRole.Option, new() { Name = "Team Payments" }).ClickAsync();
        await Input(admin, "window-zone").FillAsync("UTC");
        foreach (var day in new[] { "Mon", "Wed", "Fri", "Sat", "Sun" })
        {
            await admin.Locator("[data-testid=window-days]").GetByText(day, new() { Exact = true }).ClickAsync();
        }

        await admin.ClickAsync("[data-testid=checkpoint-add]");
        await admin.ClickAsync("[data-testid=window-save]");
        await Assertions.Expect(admin.Locator("[data-testid=windows-table]")).ToContainTextAsync("Every day 13:00–15:00 (UTC)");
        await Assertions.Expect(admin.Locator("[data-testid=windows-table]")).ToContainTextAsync("Ready for production: 1 day(s) before at 12:00, approved");
        await Browser.ScreenshotAsync(admin, "51-windows");

        // Dana plans a change for tomorrow morning: outside the window, so she is asked why.
        var dana = await Browser.SignInAsync(danaContext, "developer@demo.test", Password);
        var tomorrow = DateTime.UtcNow.Date.AddDays(1);
        await PlanAsync(dana, "Migrate the orders table", tomorrow, "08:00", "09:00");
        await dana.ClickAsync("[data-testid=change-submit]");
        await Assertions.Expect(dana.Locator("[data-testid=change-error]")).ToContainTextAsync("It is planned outside the deployment windows (Every day 13:00–15:00 (UTC)).");
        await Input(dana, "change-outside-reason").FillAsync("The migration locks the table; mornings have the least traffic.");
        await dana.ClickAsync("[data-testid=change-submit]");
        await Assertions.Expect(dana).ToHaveURLAsync(new Regex("/changes/\\d+$"));
        await Assertions.Expect(dana.Locator("[data-testid=change-history]")).ToContainTextAsync("Why: The migration locks the table");

        // Its checklist is the new procedure; Dana ticks the first step.
        await Browser.WaitForCircuitAsync(dana);
        var checklist = dana.Locator("[data-testid=change-checklist]");
        await Assertions.Expect(checklist).ToContainTextAsync("Procedure: normal change, version 2");
        await Assertions.Expect(checklist.Locator("[data-testid=checklist-step]")).ToHaveCountAsync(9);
        await checklist.GetByLabel("1. Described and estimated").CheckAsync();
        await Assertions.Expect(checklist.Locator("[data-testid=checklist-progress]")).ToHaveTextAsync("1 of 9 done");
        await Assertions.Expect(checklist.Locator("[data-testid=checklist-step]").First).ToContainTextAsync("Dana Developer");
        await Browser.ScreenshotAsync(dana, "52-change-checklist");

        // A change inside tomorrow's window is on the window's readiness report in the calendar.
        await PlanAsync(dana, "Release checkout 2.5", tomorrow, "13:30", "14:00");
        await dana.ClickAsync("[data-testid=change-submit]");
        await Assertions.Expect(dana).ToHaveURLAsync(new Regex("/changes/\\d+$"));
        await dana.GotoAsync("/changes/calendar");
        await Browser.WaitForCircuitAsync(dana);
        var windowChip = dana.Locator("[data-testid=calendar-window]", new() { HasTextRegex = new Regex("Release window · 1$") });
        await Assertions.Expect(windowChip).ToHaveCountAsync(1);
        await Assertions.Expect(dana.Locator("[data-testid=calendar-change]")).ToContainTextAsync("Migrate the orders table");
        await windowChip.ClickAsync();
        await Assertions.Expect(dana.Locator("[data-testid=readiness-table]")).ToContainTextAsync("Release checkout 2.5");
        await Assertions.Expect(dana.Locator("[data-testid=readiness]")).ToContainTextAsync("Checkpoint Ready for production: approved by");
        await Assertions.Expect(dana.Locator("[data-testid=readiness-export]")).ToHaveAttributeAsync("href", new Regex("/changes/windows/\\d+/readiness\\.md\\?start=\\d+$"));
        await Browser.ScreenshotAsync(dana, "53-calendar-readiness");
        await dana.ClickAsync("[data-testid=calendar-month]");
        await Assertions.Expect(dana.Locator("[data-testid=calendar-range]")).ToHaveTextAsync(new Regex(@"^[A-Z][a-z]+ \d{4}$"));
        Assert.InRange(await dana.Locator("[data-testid=calendar-day]").CountAsync(), 28, 42);
        await Browser.ScreenshotAsync(dana, "54-calendar-month");
    }

    [Fact]
    public async Task TeamComplianceGoal_AndAServicesProductionEnvironment_SavedAndShown()
    {
        await using var adminContext = await browser.NewContextAsync(app);
        var admin = await Browser.SignInAsync(adminContext, "admin@demo.test", Password);

        await admin.GotoAsync("/admin/teams");
        await Browser.WaitForCircuitAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Edit Payments" }).ClickAsync();
        await Input(admin, "team-goal").FillAsync("99.5");
        await admin.ClickAsync("[data-testid=team-save]");
        var payments = admin.Locator("[data-testid=teams-table] tr", new() { HasText = "Payments" });
        await Assertions.Expect(payments).ToContainTextAsync("99.5 %");
        await Assertions.Expect(admin.Locator("[data-testid=teams-table]")).ToContainTextAsync("97 % (default)");
        await Browser.ScreenshotAsync(admin, "55-team-goal");

        await admin.GotoAsync("/admin/services");
        await Browser.WaitForCircuitAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Edit Checkout API" }).ClickAsync();
        await Input(admin, "service-repository").FillAsync("Acme/Shop");
        await Input(admin, "service-repository").BlurAsync();
        await Input(admin, "service-environment").FillAsync("Prod-Checkout");
        await admin.ClickAsync("[data-testid=service-save]");
        await Assertions.Expect(admin.Locator("[data-testid=service-form]")).ToBeHiddenAsync();
        await Assertions.Expect(admin.Locator("[data-testid=services-table] tr", new() { HasText = "Checkout API" }).Locator("[data-testid=service-deploys]"))
            .ToHaveTextAsync("Deploys from acme/shop to prod-checkout");
    }
}
