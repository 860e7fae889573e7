using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>
/// Words and pictures that read as a person expects: the integration key copies with one click, an alert shows what
/// the sender put in its details and its link's own words, and the escalation policy editor names services.
/// </summary>
public sealed class WordsAndPicturesTests : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "Demo-Password-1";
    private readonly Browser browser;
    private AppProcess app = default!;

    public WordsAndPicturesTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync() => app = await AppProcess.StartSeededAsync("--incidents", "0", "--people-password", Password);

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task CopyTheKey_AlertShowsDetailsAndLinkText_PolicyEditorNamesServices()
    {
        await using var context = await browser.NewContextAsync(app);
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = app.BaseAddress.ToString().TrimEnd('/') });
        var page = await Browser.SignInAsync(context, "admin@demo.test", Password);

        // A PagerDuty Events v2 integration; its key is copied with the button next to it.
        await page.GotoAsync("/admin/integrations");
        await Browser.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=add-integration]");
        await page.Locator("[data-testid=integration-name] input, input[data-testid=integration-name]").First.FillAsync("Datadog");
        await page.Locator("[data-testid=integration-form]").GetByText("Prometheus Alertmanager (webhook v4)").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "PagerDuty Events API v2" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=integration-save]");
        var keyField = page.Locator("[data-testid=integration-key] input, input[data-testid=integration-key]").First;
        await Assertions.Expect(keyField).ToHaveValueAsync(new Regex("^.{16,}$"));
        var key = await keyField.InputValueAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Copy integration key" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=integration-key-copied]")).ToHaveTextAsync("Copied to the clipboard.");
        Assert.Equal(key, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await Browser.ScreenshotAsync(page, "85-integration-key-copied");

        // The published sample event, sent to that key.
        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Samples", "pagerduty", "docs-trigger.comment-stripped.json")))!.AsObject();
        sample["routing_key"] = key;
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        var sent = await http.PostAsync("v2/enqueue", new StringContent(sample.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        // Its details and its link, as the sender wrote them.
        await page.GotoAsync("/alerts");
        await Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=alerts-table]")).ToContainTextAsync("Example alert on host1.example.com");
        await Assertions.Expect(page.Locator("[data-testid=alert-details]")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=alert-expand]");
        var details = page.Locator("[data-testid=alert-details]");
        await Assertions.Expect(details).ToContainTextAsync("ping time");
        await Assertions.Expect(details).ToContainTextAsync("1500ms");
        await Assertions.Expect(details).ToContainTextAsync("load avg");
        await Assertions.Expect(details).ToContainTextAsync("0.75");
        var link = details.Locator("[data-testid=alert-link]");
        await Assertions.Expect(link).ToHaveTextAsync("Link text");
        await Assertions.Expect(link).ToHaveAttributeAsync("href", "https://example.com/");
        await Browser.ScreenshotAsync(page, "86-alert-details");

        // The incident it opened links the source with the same words.
        await page.Locator("[data-testid=alerts-table]").GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^INC-") }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/incidents/\\d+$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Link text" }).First).ToHaveAttributeAsync("href", "https://example.com/");

        // The policy editor lists the services it is used for by name.
        await page.GotoAsync("/oncall/policies");
        await Browser.WaitForCircuitAsync(page);
        await page.ClickAsync("[data-testid=add-policy]");
        await page.Locator("[data-testid=policy-services]").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Checkout API" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Payment Gateway" }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("[data-testid=policy-services] input, input[data-testid=policy-services]").First).ToHaveValueAsync("Checkout API, Payment Gateway");
        await Browser.ScreenshotAsync(page, "87-policy-editor-service-names");
    }
}
