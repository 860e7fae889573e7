using Incidents.Testing;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>
/// Single sign-on in Chromium against the loopback OpenID Connect provider: the button, the provider's login page,
/// back in the portal signed in with the role the provider's group maps to; and no page breaks under the
/// Content-Security-Policy.
/// </summary>
public sealed class SingleSignOnJourneyTests : IClassFixture<Browser>, IAsyncLifetime, IAsyncDisposable
{
    private readonly Browser browser;
    private readonly LoopbackOidcProvider provider = new("incidents-portal", "portal-client-secret");
    private AppProcess app = default!;

    public SingleSignOnJourneyTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync()
    {
        provider.People["dana@example.test"] = new LoopbackOidcProvider.Person("sub-dana", "dana@example.test", "Dana Developer", true, "grp-oncall");
        app = await AppProcess.StartAsync(environment: new Dictionary<string, string>
        {
            ["Auth__Oidc__Authority"] = provider.Authority,
            ["Auth__Oidc__ClientId"] = provider.ClientId,
            ["Auth__Oidc__ClientSecret"] = provider.ClientSecret,
            ["Auth__Oidc__DisplayName"] = "Sign in with Loopback ID",
            ["Auth__Oidc__RoleClaim"] = "groups",
            ["Auth__Oidc__RoleMap__grp-oncall"] = "Responder",
            ["Auth__Oidc__AllowedDomains__0"] = "example.test",
        });
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await provider.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task SignInWithTheProvider_BackInThePortalAsAResponder_NoPolicyViolations()
    {
        await using var context = await browser.NewContextAsync(app, height: 860);
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Refused to", StringComparison.Ordinal))
            {
                violations.Add(message.Text);
            }
        };

        await page.GotoAsync("/incidents");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await Browser.ScreenshotAsync(page, "sso-01-sign-in");
        await page.ClickAsync("[data-testid=sso]");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Loopback ID" })).ToBeVisibleAsync();
        await page.FillAsync("[data-testid=provider-email]", "dana@example.test");
        await page.ClickAsync("[data-testid=provider-sign-in]");

        // Back where they were going, signed in, with what a Responder may do.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/incidents$"));
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=log-incident]")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "sso-02-signed-in");
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("[data-testid=dashboard-heading]")).ToContainTextAsync("Dana");
        await Browser.WaitForCircuitAsync(page);

        Assert.Empty(violations);
    }

    [Fact]
    public async Task ProviderAnswerNotVerified_ClearPage()
    {
        provider.Fault = LoopbackOidcProvider.TokenFault.BadSignature;
        await using var context = await browser.NewContextAsync(app);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/account/login");
        await page.ClickAsync("[data-testid=sso]");
        await page.FillAsync("[data-testid=provider-email]", "dana@example.test");
        await page.ClickAsync("[data-testid=provider-sign-in]");

        await Assertions.Expect(page.Locator("[data-testid=sign-in-error]")).ToContainTextAsync("the provider's answer could not be verified");
        await Browser.ScreenshotAsync(page, "sso-03-refused");
    }
}
