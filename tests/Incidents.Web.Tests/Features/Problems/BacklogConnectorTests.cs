using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.Problems;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.Problems.Backlog;
using Incidents.Web.Features.Problems.Countermeasures;
using Incidents.Web.Features.Problems.Link;
using Incidents.Web.Features.Problems.Show;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Problems;

/// <summary>
/// The GitHub Issues and Azure DevOps Boards connectors against a loopback fake that records the exact requests,
/// their webhooks (signature / Basic password checked before anything changes) and the reconcile job.
/// </summary>
public sealed class BacklogConnectorTests : IAsyncLifetime, IAsyncDisposable
{
    private const string GitHubToken = "github_pat_11AAAA_secret";
    private const string AzureToken = "ado-pat-secret";

    private readonly LoopbackWebhookReceiver fake = new();
    private readonly TestApp app = new();
    private HttpClient client = null!;
    private long teamId;
    private long problemId;
    private readonly Actor dev = new("dev-1", "Dev");

    public async Task InitializeAsync()
    {
        client = app.CreateClient();
        var serviceId = await app.CreateServiceAsync("shop");
        await using (var db = await app.NewDbContextAsync())
        {
            teamId = (await db.Services.SingleAsync(s => s.Id == serviceId)).TeamId;
        }

        var (_, incidentId) = await Get<LogIncident>().HandleAsync(new NewIncident("Checkout 500s", null, serviceId, Impact.Low, Urgency.Low), dev);
        var (_, problem) = await Get<LinkProblem>().CreateFromIncidentAsync(incidentId!.Value, "Connection pool leaks on retry", dev);
        problemId = problem!.Value;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await fake.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    private async Task ConnectGitHubAsync()
    {
        var outcome = await Get<ManageBacklogConnections>().SaveAsync(teamId,
            new BacklogConnectionInput(BacklogSystem.GitHub, fake.Url("/gh"), "acme/shop", null, "incident-countermeasure, reliability", GitHubToken), Actor.System);
        Assert.True(outcome.Succeeded, outcome.Error);
    }

    private async Task ConnectAzureAsync()
    {
        var outcome = await Get<ManageBacklogConnections>().SaveAsync(teamId,
            new BacklogConnectionInput(BacklogSystem.AzureDevOps, fake.Url("/contoso"), "Shop", "Bug", "incidents", AzureToken), Actor.System);
        Assert.True(outcome.Succeeded, outcome.Error);
    }

    private async Task<long> SoftwareFixAsync(string title = "Dispose connections on retry")
    {
        var (outcome, id) = await Get<ManageCountermeasures>().AddAsync(
            new CountermeasureInput(title, "Retries open a new connection without closing the old one.", CountermeasureKind.SoftwareFix, null, null, 1, null, problemId), dev);
        Assert.True(outcome.Succeeded, outcome.Error);
        return id!.Value;
    }

    private async Task<BacklogConnection> ConnectionAsync()
    {
        await using var db = await app.NewDbContextAsync();
        return await db.BacklogConnections.AsNoTracking().SingleAsync(c => c.TeamId == teamId);
    }

    private async Task<Countermeasure> CountermeasureAsync(long id)
    {
        await using var db = await app.NewDbContextAsync();
        return await db.Countermeasures.AsNoTracking().SingleAsync(c => c.Id == id);
    }

    private static LoopbackWebhookReceiver.Answer Json(int status, string body) => new(status, body);

    private async Task<HttpResponseMessage> GitHubHookAsync(string body, string? signatureSecret, string gitHubEvent = "issues")
    {
        var connection = await ConnectionAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, ManageBacklogConnections.WebhookPath(connection)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-GitHub-Event", gitHubEvent);
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString());
        if (signatureSecret is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signatureSecret), Encoding.UTF8.GetBytes(body))));
        }

        return await client.SendAsync(request);
    }

    private static string IssueEvent(string action, string state, string? reason, int number = 42, string repository = "acme/shop") =>
        new JsonObject
        {
            ["action"] = action,
            ["issue"] = new JsonObject
            {
                ["number"] = number,
                ["html_url"] = $"https://github.com/{repository}/issues/{number}",
                ["state"] = state,
                ["state_reason"] = reason,
                ["title"] = "Dispose connections on retry",
            },
            ["repository"] = new JsonObject { ["full_name"] = repository },
            ["sender"] = new JsonObject { ["login"] = "octocat" },
        }.ToJsonString();

    private async Task<long> PushedToGitHubAsync()
    {
        await ConnectGitHubAsync();
        fake.Responder = r => r.Method == "POST"
            ? Json(201, """{"id":1,"number":42,"html_url":"https://github.com/acme/shop/issues/42","state":"open","state_reason":null}""")
            : null;
        var id = await SoftwareFixAsync();
        Assert.True((await Get<PushToBacklog>().HandleAsync(id, dev)).Succeeded);
        return id;
    }

    [Fact]
    public async Task GitHub_Push_SendsTheDocumentedRequestAndLinksTheIssue()
    {
        var id = await PushedToGitHubAsync();

        var request = Assert.Single(fake.Received);
        Assert.Equal(("POST", "/gh/repos/acme/shop/issues"), (request.Method, request.Path));
        Assert.Equal($"Bearer {GitHubToken}", request.Headers["Authorization"]);
        Assert.Equal("application/vnd.github+json", request.Headers["Accept"]);
        Assert.Equal("2022-11-28", request.Headers["X-GitHub-Api-Version"]);
        Assert.StartsWith("Incidents/", request.Headers["User-Agent"], StringComparison.Ordinal);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("Dispose connections on retry", body["title"]!.GetValue<string>());
        Assert.Equal(["incident-countermeasure", "reliability"], body["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        var text = body["body"]!.GetValue<string>();
        Assert.Contains($"**Problem {Problem.Format(problemId)}:** Connection pool leaks on retry", text, StringComparison.Ordinal);
        Assert.Contains($"/problems/{problemId}", text, StringComparison.Ordinal);

        var countermeasure = await CountermeasureAsync(id);
        Assert.Equal((BacklogSystem.GitHub, "42", "https://github.com/acme/shop/issues/42", "open"), (countermeasure.BacklogSystem!.Value, countermeasure.BacklogItemId, countermeasure.BacklogUrl, countermeasure.BacklogState));
        Assert.Equal(CountermeasureState.Accepted, countermeasure.State);
        Assert.Contains((await Get<ShowProblem>().HandleAsync(problemId))!.History, h => h.Kind == Web.Features.Problems.ProblemEventKind.BacklogItemCreated);

        var again = await Get<PushToBacklog>().HandleAsync(id, dev);
        Assert.Equal(OutcomeKind.Conflict, again.Kind);
        Assert.Single(fake.Received);
    }

    [Fact]
    public async Task Tokens_AreStoredProtected_NeverInTheClear()
    {
        await ConnectGitHubAsync();

        var connection = await ConnectionAsync();

        Assert.DoesNotContain(GitHubToken, connection.ProtectedToken, StringComparison.Ordinal);
        await using (var db = await app.NewDbContextAsync())
        {
            // The audit trail records the connection, never its secrets (not even protected).
            var audit = await db.AuditTrail.Where(a => a.EntityType == nameof(BacklogConnection)).ToListAsync();
            Assert.NotEmpty(audit);
            Assert.All(audit, a => Assert.DoesNotContain(connection.ProtectedToken, a.After ?? "", StringComparison.Ordinal));
            Assert.All(audit, a => Assert.DoesNotContain("ProtectedWebhookSecret\":\"CfDJ", a.After ?? "", StringComparison.Ordinal));
        }

        Assert.NotEmpty(connection.ProtectedWebhookSecret);
        var secret = await Get<ManageBacklogConnections>().RevealWebhookSecretAsync(teamId);
        Assert.DoesNotContain(secret!, connection.ProtectedWebhookSecret, StringComparison.Ordinal);
        // Saving again without a token keeps the stored one.
        Assert.True((await Get<ManageBacklogConnections>().SaveAsync(teamId, new BacklogConnectionInput(BacklogSystem.GitHub, fake.Url("/gh"), "acme/shop", null, null, null), Actor.System)).Succeeded);
        Assert.Equal(connection.ProtectedToken, (await ConnectionAsync()).ProtectedToken);
    }

    [Theory]
    [InlineData(BacklogSystem.GitHub, "https://api.github.com", "shop", null)]
    [InlineData(BacklogSystem.AzureDevOps, "not a url", "Shop", "Bug")]
    [InlineData(BacklogSystem.AzureDevOps, "https://dev.azure.com/contoso", "Shop", "")]
    public async Task Save_BadSettings_InvalidAndNothingStored(BacklogSystem system, string url, string project, string? type)
    {
        var outcome = await Get<ManageBacklogConnections>().SaveAsync(teamId, new BacklogConnectionInput(system, url, project, type, null, "token"), Actor.System);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(0, await db.BacklogConnections.CountAsync());
    }

    [Fact]
    public async Task Push_TrackerRefuses_ErrorKeptOnTheCountermeasureNoLink()
    {
        await ConnectGitHubAsync();
        fake.Responder = _ => Json(401, """{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest"}""");
        var id = await SoftwareFixAsync();

        var outcome = await Get<PushToBacklog>().HandleAsync(id, dev);

        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
        Assert.Contains("HTTP 401", outcome.Error, StringComparison.Ordinal);
        var countermeasure = await CountermeasureAsync(id);
        Assert.Null(countermeasure.BacklogItemId);
        Assert.Equal(CountermeasureState.Proposed, countermeasure.State);
        Assert.Contains("Bad credentials", countermeasure.BacklogError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_NotASoftwareFixOrNoConnection_Refused()
    {
        var id = await SoftwareFixAsync();
        var (_, process) = await Get<ManageCountermeasures>().AddAsync(new CountermeasureInput("Train on-call on pools", null, CountermeasureKind.ProcessTraining, null, null, 3, null, problemId), dev);

        var noConnection = await Get<PushToBacklog>().HandleAsync(id, dev);
        await ConnectGitHubAsync();
        var notSoftware = await Get<PushToBacklog>().HandleAsync(process!.Value, dev);

        Assert.Equal(OutcomeKind.Conflict, noConnection.Kind);
        Assert.Contains("no backlog connection", noConnection.Error, StringComparison.Ordinal);
        Assert.Equal(OutcomeKind.Conflict, notSoftware.Kind);
        Assert.Empty(fake.Received);
    }

    [Fact]
    public async Task GitHubWebhook_ClosedIssue_MarksItDoneAndShipsTheFix()
    {
        var id = await PushedToGitHubAsync();
        var secret = await Get<ManageBacklogConnections>().RevealWebhookSecretAsync(teamId);

        var response = await GitHubHookAsync(IssueEvent("closed", "closed", "completed"), secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var countermeasure = await CountermeasureAsync(id);
        Assert.Equal((CountermeasureState.Done, "closed (completed)"), (countermeasure.State, countermeasure.BacklogState));
        var problem = (await Get<ShowProblem>().HandleAsync(problemId))!;
        Assert.Equal(ProblemStatus.Resolved, problem.Status);
        Assert.Contains(problem.History, h => h.Kind == Web.Features.Problems.ProblemEventKind.BacklogStateChanged && h.ActorName == "GitHub");

        // Reopened on GitHub: back to work here.
        await GitHubHookAsync(IssueEvent("reopened", "open", "reopened"), secret);
        Assert.Equal(CountermeasureState.InProgress, (await CountermeasureAsync(id)).State);
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData(null)]
    public async Task GitHubWebhook_BadOrMissingSignature_401AndNothingChanged(string? secret)
    {
        var id = await PushedToGitHubAsync();
        var before = await CountermeasureAsync(id);

        var response = await GitHubHookAsync(IssueEvent("closed", "closed", "completed"), secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var after = await CountermeasureAsync(id);
        Assert.Equal((before.State, before.BacklogState, before.Version), (after.State, after.BacklogState, after.Version));
    }

    [Fact]
    public async Task GitHubWebhook_PingOtherRepositoryUnknownHookOversize_AnsweredWithoutChanges()
    {
        var id = await PushedToGitHubAsync();
        var secret = await Get<ManageBacklogConnections>().RevealWebhookSecretAsync(teamId);

        var ping = await GitHubHookAsync("""{"zen":"Keep it logically awesome.","hook_id":1}""", secret, "ping");
        var otherRepo = await GitHubHookAsync(IssueEvent("closed", "closed", "completed", repository: "acme/other"), secret);
        var unknown = await client.PostAsync("/api/backlog/hooks/0000/github", new StringContent("{}", Encoding.UTF8, "application/json"));
        var oversize = await client.PostAsync(ManageBacklogConnections.WebhookPath(await ConnectionAsync()), new ByteArrayContent(new byte[BacklogWebhooks.MaxBodyBytes + 1]));

        Assert.Equal(HttpStatusCode.Accepted, ping.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, otherRepo.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversize.StatusCode);
        Assert.Equal(CountermeasureState.Accepted, (await CountermeasureAsync(id)).State);
    }

    [Fact]
    public async Task AzureDevOps_Push_SendsJsonPatchWithBasicPat()
    {
        await ConnectAzureAsync();
        fake.Responder = r => r.Method == "POST"
            ? Json(200, """{"id":731,"rev":1,"fields":{"System.State":"New","System.Title":"Dispose connections on retry"},"_links":{"html":{"href":"https://dev.azure.com/contoso/Shop/_workitems/edit/731"}}}""")
            : null;
        var id = await SoftwareFixAsync();

        Assert.True((await Get<PushToBacklog>().HandleAsync(id, dev)).Succeeded);

        var request = Assert.Single(fake.Received);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/contoso/Shop/_apis/wit/workitems/$Bug?api-version=7.1", request.RawTarget);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes($":{AzureToken}")), request.Headers["Authorization"]);
        Assert.StartsWith("application/json-patch+json", request.Headers["Content-Type"], StringComparison.Ordinal);
        var patch = JsonNode.Parse(request.Body)!.AsArray();
        Assert.Equal(
            ["/fields/System.Title", "/fields/System.Description", "/fields/System.Tags", "/fields/Microsoft.VSTS.Common.Priority", "/relations/-"],
            patch.Select(op => op!["path"]!.GetValue<string>()));
        Assert.All(patch, op => Assert.Equal("add", op!["op"]!.GetValue<string>()));
        Assert.Equal("Dispose connections on retry", patch[0]!["value"]!.GetValue<string>());
        Assert.Equal("incidents", patch[2]!["value"]!.GetValue<string>());
        Assert.Equal(1, patch[3]!["value"]!.GetValue<int>());
        Assert.Equal("Hyperlink", patch[4]!["value"]!["rel"]!.GetValue<string>());
        Assert.EndsWith($"/problems/{problemId}", patch[4]!["value"]!["url"]!.GetValue<string>(), StringComparison.Ordinal);

        var countermeasure = await CountermeasureAsync(id);
        Assert.Equal(("731", "https://dev.azure.com/contoso/Shop/_workitems/edit/731", "New"), (countermeasure.BacklogItemId, countermeasure.BacklogUrl, countermeasure.BacklogState));
    }

    [Fact]
    public async Task AzureDevOpsServiceHook_BasicSecret_FollowsState_WrongPassword401()
    {
        await ConnectAzureAsync();
        fake.Responder = r => r.Method == "POST" ? Json(200, """{"id":731,"rev":1,"fields":{"System.State":"New"}}""") : null;
        var id = await SoftwareFixAsync();
        await Get<PushToBacklog>().HandleAsync(id, dev);
        var secret = await Get<ManageBacklogConnections>().RevealWebhookSecretAsync(teamId);
        var path = ManageBacklogConnections.WebhookPath(await ConnectionAsync());
        var body = """
            {"subscriptionId":"00000000-0000-0000-0000-000000000000","notificationId":4,"id":"1","eventType":"workitem.updated","publisherId":"tfs",
             "resource":{"id":5,"workItemId":731,"rev":5,"fields":{"System.State":{"oldValue":"Active","newValue":"Closed"}},
                         "revision":{"id":731,"rev":5,"fields":{"System.State":"Closed","System.Title":"Dispose connections on retry"}}}}
            """;

        async Task<HttpResponseMessage> SendAsync(string password)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"incidents:{password}")));
            return await client.SendAsync(request);
        }

        var refused = await SendAsync("guess");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(CountermeasureState.Accepted, (await CountermeasureAsync(id)).State);

        var accepted = await SendAsync(secret!);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal((CountermeasureState.Done, "Closed"), ((await CountermeasureAsync(id)).State, (await CountermeasureAsync(id)).BacklogState));
    }

    [Fact]
    public async Task Reconcile_ReadsStatesItMissed_AndRecordsFailures()
    {
        var id = await PushedToGitHubAsync();
        fake.Responder = r => r.Method == "GET" && r.Path == "/gh/repos/acme/shop/issues/42"
            ? Json(200, """{"number":42,"html_url":"https://github.com/acme/shop/issues/42","state":"closed","state_reason":"completed"}""")
            : null;

        var changed = await Get<ReconcileBacklog>().HandleAsync();
        var again = await Get<ReconcileBacklog>().HandleAsync();

        Assert.Equal((1, 0), (changed, again));
        Assert.Equal(CountermeasureState.Done, (await CountermeasureAsync(id)).State);
        var get = fake.Received.Last();
        Assert.Equal($"Bearer {GitHubToken}", get.Headers["Authorization"]);
        var connection = await ConnectionAsync();
        Assert.Equal(app.Clock.GetUtcNow(), connection.LastReconciledAt);
        Assert.Null(connection.LastError);

        fake.Responder = _ => Json(503, """{"message":"unavailable"}""");
        await Get<ReconcileBacklog>().HandleAsync();
        Assert.Contains("HTTP 503", (await ConnectionAsync()).LastError, StringComparison.Ordinal);
        Assert.Equal(CountermeasureState.Done, (await CountermeasureAsync(id)).State);
    }

    [Fact]
    public async Task Reconcile_AzureDevOps_BatchReadMapsStates()
    {
        await ConnectAzureAsync();
        var next = 700;
        fake.Responder = r => r.Method == "POST"
            ? Json(200, $$$"""{"id":{{{++next}}},"rev":1,"fields":{"System.State":"New"}}""")
            : r.Method == "GET"
                ? Json(200, """{"count":2,"value":[{"id":701,"fields":{"System.State":"Active"}},{"id":702,"fields":{"System.State":"Removed"}}]}""")
                : null;
        var first = await SoftwareFixAsync("Dispose connections");
        var second = await SoftwareFixAsync("Cap the pool");
        await Get<PushToBacklog>().HandleAsync(first, dev);
        await Get<PushToBacklog>().HandleAsync(second, dev);

        Assert.Equal(2, await Get<ReconcileBacklog>().HandleAsync());

        var get = fake.Received.Single(r => r.Method == "GET");
        Assert.StartsWith("/contoso/Shop/_apis/wit/workitems?ids=", get.RawTarget, StringComparison.Ordinal);
        Assert.Contains("api-version=7.1", get.RawTarget, StringComparison.Ordinal);
        Assert.Equal(CountermeasureState.InProgress, (await CountermeasureAsync(first)).State);
        Assert.Equal(CountermeasureState.Rejected, (await CountermeasureAsync(second)).State);
        Assert.Equal(ProblemStatus.FixInProgress, (await Get<ShowProblem>().HandleAsync(problemId))!.Status);
    }
}
