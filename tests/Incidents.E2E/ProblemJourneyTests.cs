using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Incidents.E2E;

/// <summary>
/// From an incident to the backlog: a responder creates a problem from an incident, records the analysis, proposes a
/// software fix that is pushed to the team's (fake) GitHub repository, and sees it on the countermeasure board,
/// where dragging it moves it along.
/// </summary>
public sealed class ProblemJourneyTests : IClassFixture<Browser>, IAsyncLifetime, IAsyncDisposable
{
    private const string Password = "Demo-Password-1";
    private readonly Browser browser;
    private readonly HttpListener gitHub = new();
    private readonly ConcurrentQueue<(string Method, string Path, string? Authorization, string Body)> requests = new();
    private readonly CancellationTokenSource stop = new();
    private Task listening = Task.CompletedTask;
    private AppProcess app = default!;

    public ProblemJourneyTests(Browser browser) => this.browser = browser;

    public async Task InitializeAsync()
    {
        var port = AppProcess.FreePort();
        gitHub.Prefixes.Add($"http://127.0.0.1:{port}/gh/");
        gitHub.Start();
        listening = Task.Run(async () =>
        {
            var number = 100;
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await gitHub.GetContextAsync();
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }

                using var reader = new StreamReader(context.Request.InputStream);
                requests.Enqueue((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Headers["Authorization"], await reader.ReadToEndAsync()));
                var repository = Regex.Match(context.Request.Url.AbsolutePath, "/repos/([^/]+/[^/]+)/").Groups[1].Value;
                var issue = ++number;
                var body = Encoding.UTF8.GetBytes($$"""{"id":{{issue}},"number":{{issue}},"html_url":"https://github.com/{{repository}}/issues/{{issue}}","state":"open","state_reason":null}""");
                context.Response.StatusCode = 201;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
        app = await AppProcess.StartSeededAsync("--incidents", "0", "--people-password", Password, "--backlog-github", $"http://127.0.0.1:{port}/gh");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await stop.CancelAsync();
        gitHub.Close();
        await listening;
        stop.Dispose();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    [Fact]
    public async Task FromIncident_CreateProblem_AddCountermeasure_PushToBacklog_SeeItOnTheBoard()
    {
        await using var context = await browser.NewContextAsync(app);
        var page = await Browser.SignInAsync(context, "responder@demo.test", Password);

        await page.GotoAsync("/incidents/new");
        await Browser.WaitForCircuitAsync(page);
        await page.Locator("[data-testid=log-title] input, input[data-testid=log-title]").First.FillAsync("Refunds stuck in pending for Acme Corp");
        await page.Locator("[data-testid=log-customer] input, input[data-testid=log-customer]").First.FillAsync("Acme Corp");
        await page.Locator("[data-testid=log-service]").ClickAsync();
        await page.GetByText("Payment Gateway (Payments)").ClickAsync();
        // The option list must be gone before the next click, or its overlay takes the click.
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
        await page.ClickAsync("[data-testid=log-submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/incidents/\\d+$"), new() { Timeout = 15_000 });
        await Browser.WaitForCircuitAsync(page);
        var incidentUrl = page.Url;

        // From the incident: create the problem.
        await Assertions.Expect(page.Locator("[data-testid=incident-problem]")).ToContainTextAsync("Not linked to a problem");
        // The suggested title leaves the customer out; it can be edited before the problem is created.
        await page.ClickAsync("[data-testid=create-problem]");
        var title = page.Locator("[data-testid=problem-title] input, input[data-testid=problem-title]").First;
        await Assertions.Expect(title).ToHaveValueAsync("Refunds stuck in pending");
        await title.FillAsync("Refunds stuck in pending after a worker crash");
        await Browser.ScreenshotAsync(page, "39-problem-title-suggestion");
        await page.ClickAsync("[data-testid=create-problem-confirm]");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/problems/\\d+$"));
        await Assertions.Expect(page.Locator("[data-testid=problem-heading]")).ToHaveTextAsync(new Regex("PRB-\\d+ Refunds stuck in pending after a worker crash$"));
        await Assertions.Expect(page.Locator("[data-testid=problem-status]").First).ToHaveTextAsync("New");
        await Browser.WaitForCircuitAsync(page);

        // The analysis: two whys, the root cause, saved.
        await page.Locator("[data-testid=why-input] input, input[data-testid=why-input]").First.FillAsync("The refund worker stopped consuming");
        await page.ClickAsync("[data-testid=add-why]");
        await page.Locator("[data-testid=why-input] input, input[data-testid=why-input]").Nth(1).FillAsync("A poison message crashes it on every start");
        await page.Locator("[data-testid=root-cause] textarea, textarea[data-testid=root-cause]").First.FillAsync("Refund messages without a currency crash the worker.");
        await page.Locator("[data-testid=workaround] textarea, textarea[data-testid=workaround]").First.FillAsync("Move the poison message to the dead-letter queue by hand.");
        await page.ClickAsync("[data-testid=analysis-save]");
        await Assertions.Expect(page.Locator("[data-testid=problem-history]")).ToContainTextAsync("Analysis recorded, with a workaround");
        // Status and the known-error banner agree once there is a workaround.
        await Assertions.Expect(page.Locator("[data-testid=problem-status]").First).ToHaveTextAsync("Known error");
        await Assertions.Expect(page.Locator("[data-testid=problem-history]")).ToContainTextAsync("New → Known error");
        await Browser.ScreenshotAsync(page, "40-problem-analysis");

        // A software fix, pushed to the team's GitHub repository as it is proposed.
        await page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^Countermeasures") }).ClickAsync();
        await page.ClickAsync("[data-testid=add-countermeasure]");
        await page.Locator("[data-testid=cm-title] input, input[data-testid=cm-title]").First.FillAsync("Dead-letter refund messages that fail validation");
        await Assertions.Expect(page.GetByLabel("Create the backlog item now")).ToBeCheckedAsync();
        await page.ClickAsync("[data-testid=cm-save]");
        await Assertions.Expect(page.Locator("[data-testid=backlog-link]")).ToContainTextAsync("GitHub issue #101 · open");
        await Assertions.Expect(page.Locator("[data-testid=cm-state]")).ToContainTextAsync("Accepted");
        await Browser.ScreenshotAsync(page, "41-problem-countermeasure-in-backlog");

        var pushed = Assert.Single(requests);
        Assert.Equal(("POST", "/gh/repos/demo/payments/issues", "Bearer demo-token-not-a-real-secret"), (pushed.Method, pushed.Path, pushed.Authorization));
        Assert.Contains("Dead-letter refund messages that fail validation", pushed.Body, StringComparison.Ordinal);

        // The incident shows its problem.
        await page.GotoAsync(incidentUrl);
        await Assertions.Expect(page.Locator("[data-testid=linked-problem]")).ToContainTextAsync("PRB-");
        await Assertions.Expect(page.Locator("[data-testid=known-error-banner]")).ToContainTextAsync("Move the poison message to the dead-letter queue by hand.");

        // On the board, in Accepted, with its issue; dragged to In progress.
        await page.GotoAsync("/countermeasures");
        await Browser.WaitForCircuitAsync(page);
        var card = page.Locator("[data-testid=countermeasure-card]", new() { HasText = "Dead-letter refund messages" });
        await Assertions.Expect(page.Locator("[data-testid=column-Accepted]")).ToContainTextAsync("Dead-letter refund messages");
        await Assertions.Expect(card.Locator("[data-testid=backlog-chip]")).ToContainTextAsync("#101");
        await Browser.ScreenshotAsync(page, "42-countermeasure-board");
        await card.DragToAsync(page.Locator("[data-testid=column-InProgress] .cm-zone"));
        await Assertions.Expect(page.Locator("[data-testid=column-InProgress]")).ToContainTextAsync("Dead-letter refund messages");
        await Browser.ScreenshotAsync(page, "43-countermeasure-board-moved");
    }
}
