using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>
/// Flow 9 in Chromium: an Admin says which repository deploys Checkout API; Dana Developer records a normal change and
/// cannot approve her own (four eyes); Riley Responder, on the owning team, approves it; a (fake) GitHub sends the
/// signed deployment_status events that start and complete it; Sam Support logs an incident on Checkout API, whose page
/// lists the change as a suspect; Riley records "caused by"; the dashboard's compliance card counts the change.
/// </summary>
public sealed class ChangeJourneyTests : IClassFixture<Browser>, IAsyncLifetime
{
    private const string Password = "Demo-Password-1";
    private const string Secret = "github-deploy-secret";
    private readonly Browser browser;
    private AppProcess app = default!;

    public ChangeJourneyTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync()
    {
        var data = AppProcess.NewDataFolder();
        await AppProcess.RunCommandAsync(data, "seed-demo", "--incidents", "0", "--people-password", Password);
        app = await AppProcess.StartAsync(data, new Dictionary<string, string> { ["Changes__GitHubWebhookSecret"] = Secret });
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<HttpResponseMessage> GitHubAsync(string state)
    {
        var body = $$$"""
            {"action":"created","deployment_status":{"id":{{{(state == "success" ? 2 : 1)}}},"state":"{{{state}}}","environment":"production","target_url":"https://ci.example.test/runs/77"},
             "deployment":{"id":4242,"sha":"f95f852bd8fca8fcc58a9a2d6c842781e32a215e","ref":"main","environment":"production","production_environment":true,"creator":{"login":"dana"}},
             "repository":{"full_name":"acme/checkout-api"},"sender":{"login":"dana"}}
            """;
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/changes/hooks/github") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", "deployment_status");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body))));
        return await http.SendAsync(request);
    }

    [Fact]
    public async Task NormalChange_ApprovedBySecondPerson_DeployedByGitHub_SuspectOnIncident_CausedBy_ComplianceCounts()
    {
        await using var adminContext = await browser.NewContextAsync(app);
        await using var danaContext = await browser.NewContextAsync(app);
        await using var rileyContext = await browser.NewContextAsync(app);
        await using var supportContext = await browser.NewContextAsync(app);

        // The Admin names the repository whose production deployments are Checkout API's changes.
        var admin = await Browser.SignInAsync(adminContext, "admin@demo.test", Password);
        await admin.GotoAsync("/admin/services");
        await Browser.WaitForCircuitAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Edit Checkout API" }).ClickAsync();
        await admin.Locator("[data-testid=service-repository] input, input[data-testid=service-repository]").First.FillAsync("acme/checkout-api");
        await admin.ClickAsync("[data-testid=service-save]");
        await Assertions.Expect(admin.Locator("[data-testid=service-form]")).ToBeHiddenAsync();

        // Dana records a normal change.
        var dana = await Browser.SignInAsync(danaContext, "developer@demo.test", Password);
        await dana.GotoAsync("/changes");
        await Browser.WaitForCircuitAsync(dana);
        await Assertions.Expect(dana.GetByText("No open changes")).ToBeVisibleAsync();
        await dana.ClickAsync("[data-testid=new-change]");
        await Assertions.Expect(dana).ToHaveURLAsync(new Regex("/changes/new$"));
        await Browser.WaitForCircuitAsync(dana);
        await dana.Locator("[data-testid=change-title] input, input[data-testid=change-title]").First.FillAsync("Release checkout 2.4: retry budget");
        await dana.Locator("[data-testid=change-service]").ClickAsync();
        await dana.GetByRole(AriaRole.Option, new() { Name = "Checkout API" }).ClickAsync();
        await dana.GetByLabel("Customers notice if it goes wrong").CheckAsync();
        await Assertions.Expect(dana.Locator("[data-testid=risk-suggestion]")).ToContainTextAsync("Suggested risk: Medium");
        await dana.Locator("[data-testid=change-description] textarea, textarea[data-testid=change-description]").First.FillAsync("Caps retries at **3**; rolled back by redeploying 2.3.");
        await Browser.ScreenshotAsync(dana, "40-change-record");
        await dana.ClickAsync("[data-testid=change-submit]");
        await Assertions.Expect(dana).ToHaveURLAsync(new Regex("/changes/\\d+$"));
        var changePath = new Uri(dana.Url).AbsolutePath;
        await Assertions.Expect(dana.Locator("[data-testid=change-status]")).ToHaveTextAsync("Submitted");
        await Browser.WaitForCircuitAsync(dana);
        // Four eyes: her own approval is refused, and the page says why.
        await Assertions.Expect(dana.Locator("[data-testid=change-approve]")).ToBeDisabledAsync();
        await Assertions.Expect(dana.Locator("[data-testid=change-why-not]")).ToContainTextAsync("someone else approves it (four eyes)");

        // Riley, on the team that owns Checkout API, approves it with a reason.
        var riley = await Browser.SignInAsync(rileyContext, "responder@demo.test", Password);
        await riley.GotoAsync(changePath);
        await Browser.WaitForCircuitAsync(riley);
        await riley.Locator("[data-testid=change-reason] input, input[data-testid=change-reason]").First.FillAsync("Reviewed; tested in QA");
        await riley.ClickAsync("[data-testid=change-approve]");
        await Assertions.Expect(riley.Locator("[data-testid=change-status]")).ToHaveTextAsync("Approved");
        await Assertions.Expect(riley.Locator("[data-testid=change-approvals]")).ToContainTextAsync("Riley Responder approved");
        await Assertions.Expect(riley.Locator("[data-testid=change-approvals]")).ToContainTextAsync("Reviewed; tested in QA");

        // The pipeline deploys it: GitHub's signed events start and complete the approved change (no bypass).
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await GitHubAsync("in_progress")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await GitHubAsync("success")).StatusCode);
        await riley.ReloadAsync();
        await Assertions.Expect(riley.Locator("[data-testid=change-status]")).ToHaveTextAsync("Completed");
        await Assertions.Expect(riley.Locator("[data-testid=change-bypass]")).ToHaveCountAsync(0);
        await Assertions.Expect(riley.Locator("[data-testid=change-compliance]")).ToContainTextAsync("Went through the process.");
        await Assertions.Expect(riley.Locator("[data-testid=change-facts]")).ToContainTextAsync("f95f852bd8fc");
        await Assertions.Expect(riley.Locator("[data-testid=change-history]")).ToContainTextAsync("GitHub reported the deployment");
        await Browser.ScreenshotAsync(riley, "41-change-completed");

        // Support logs an incident on Checkout API: its page lists the change as a suspect.
        var support = await Browser.SignInAsync(supportContext, "support@demo.test", Password);
        await support.GotoAsync("/incidents/new");
        await Browser.WaitForCircuitAsync(support);
        await support.Locator("[data-testid=log-title] input, input[data-testid=log-title]").First.FillAsync("Checkout requests time out");
        await support.Locator("[data-testid=log-service]").ClickAsync();
        await support.GetByText("Checkout API (Payments)").ClickAsync();
        await support.ClickAsync("[data-testid=log-submit]");
        await Assertions.Expect(support).ToHaveURLAsync(new Regex("/incidents/\\d+$"));
        var incidentPath = new Uri(support.Url).AbsolutePath;

        await riley.GotoAsync(incidentPath);
        await Browser.WaitForCircuitAsync(riley);
        var suspect = riley.Locator("[data-testid=suspect-change]");
        await Assertions.Expect(suspect).ToHaveCountAsync(1);
        await Assertions.Expect(suspect).ToContainTextAsync("Release checkout 2.4: retry budget");
        await Assertions.Expect(suspect).ToContainTextAsync("f95f852");
        await riley.ClickAsync("[data-testid=suspect-caused-by]");
        await Assertions.Expect(riley.Locator("[data-testid=suspect-relation]")).ToHaveTextAsync("caused it");
        await Assertions.Expect(riley.Locator("[data-testid=timeline-entry][data-kind=ChangeLinked]")).ToContainTextAsync(new Regex("Caused by CHG-\\d+: Release checkout 2.4"));
        await Browser.ScreenshotAsync(riley, "42-incident-suspect-caused-by");

        // The change page names the incident it caused, and the compliance card counts the change.
        await riley.GotoAsync(changePath);
        await Assertions.Expect(riley.Locator("[data-testid=change-incidents]")).ToContainTextAsync("Checkout requests time out");
        await riley.GotoAsync("/");
        await Assertions.Expect(riley.Locator("[data-testid=compliance-rate]")).ToHaveTextAsync("100 %");
        await Assertions.Expect(riley.Locator("[data-testid=compliance-detail]")).ToContainTextAsync("1 of 1 production changes went through the process");
        await Browser.ScreenshotAsync(riley, "43-dashboard-compliance");
        await riley.GotoAsync("/changes?view=Finished");
        await Assertions.Expect(riley.Locator("[data-testid=changes-table]")).ToContainTextAsync("Release checkout 2.4");
        await Assertions.Expect(riley.Locator("[data-testid=compliance-service]")).ToContainTextAsync("Checkout API");
        await Assertions.Expect(riley.Locator("[data-testid=dora]")).ToContainTextAsync("production deployments in the last 28 days: 1");
        await Assertions.Expect(riley.Locator("[data-testid=dora]")).ToContainTextAsync("Change failure rate");
        // One deployment in four weeks: a medium deployment frequency; it caused an incident, so a low failure rate band.
        await Assertions.Expect(riley.Locator("[data-testid=dora-band]").First).ToHaveTextAsync("Medium");
        await Browser.ScreenshotAsync(riley, "44-changes-list");

        // A problem made from the incident shows the change that caused it.
        await riley.GotoAsync(incidentPath);
        await Browser.WaitForCircuitAsync(riley);
        await riley.ClickAsync("[data-testid=create-problem]");
        await riley.ClickAsync("[data-testid=create-problem-confirm]");
        await Assertions.Expect(riley).ToHaveURLAsync(new Regex("/problems/\\d+$"));
        await Browser.WaitForCircuitAsync(riley);
        await riley.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^Changes \\(1\\)") }).ClickAsync();
        await Assertions.Expect(riley.Locator("[data-testid=problem-changes]")).ToContainTextAsync("Release checkout 2.4: retry budget");
        await Assertions.Expect(riley.Locator("[data-testid=problem-change-how]")).ToHaveTextAsync(new Regex("^caused INC-\\d+$"));
        await Browser.ScreenshotAsync(riley, "45-problem-changes");
    }
}
