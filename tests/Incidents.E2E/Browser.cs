using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>
/// Chromium for the tests: PLAYWRIGHT_CHROMIUM_EXECUTABLE, else a chromium on PATH (Debian's package),
/// else Playwright's own installed browser. If none can start, the tests fail; they never skip.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private static readonly string[] ExecutableNames = ["chromium", "chromium-browser"];

    private IPlaywright? playwright;

    public IBrowser Chromium { get; private set; } = default!;

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        Chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumExecutable(),
            Headless = true,
            Args = Flags,
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null)
        {
            await Chromium.CloseAsync();
        }

        playwright?.Dispose();
    }

    public static string? ChromiumExecutable()
    {
        var configured = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        return Executables.OnPath(ExecutableNames);
    }

    /// <summary>A desktop-sized browser context on the app, in US English unless a <paramref name="locale"/> is given.</summary>
    public Task<IBrowserContext> NewContextAsync(AppProcess app, int width = 1366, int height = 900, string locale = "en-US") =>
        Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
        });

    /// <summary>Signs in through the sign-in page and waits for the dashboard.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, string email, string password)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in]");
        await Assertions.Expect(page.Locator("[data-testid=dashboard-heading]")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Prerendered HTML shows before the interactive circuit connects; buttons work only after.</summary>
    public static Task WaitForCircuitAsync(IPage page) =>
        page.Locator("[data-testid=circuit-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
}
