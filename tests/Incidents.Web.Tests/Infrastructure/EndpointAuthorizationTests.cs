using System.Net;
using Incidents.Domain.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Infrastructure;

/// <summary>
/// Every endpoint of the running app (pages, API, webhooks, Hangfire), read from its <see cref="EndpointDataSource"/>:
/// none may be anonymous without a listed reason, none may be missing from the table of who may call it, and each is
/// called as anonymous and as every role and must answer as the table says. A new endpoint fails here until it is
/// placed in the table.
/// </summary>
public sealed class EndpointAuthorizationTests : IClassFixture<EndpointAuthorizationTests.App>
{
    public sealed class App() : TestApp(new Dictionary<string, string?>
    {
        ["Slack:SigningSecret"] = "slack-secret",
        ["Slack:BotToken"] = "xoxb-test",
        ["Teams:AppId"] = "app-id",
        ["Teams:AppPassword"] = "app-password",
    });

    private readonly App app;

    public EndpointAuthorizationTests(App app) => this.app = app;

    /// <summary>Anonymous on purpose, each with its reason. Keyed by route pattern (and method where it matters).</summary>
    private static readonly Dictionary<string, string> Anonymous = new(StringComparer.Ordinal)
    {
        ["/health/live"] = "liveness probe for the orchestrator",
        ["/health/ready"] = "readiness probe for the orchestrator",
        ["/account/login"] = "signing in",
        ["/account/logout"] = "signing out (POST with an antiforgery token)",
        ["/account/access-denied"] = "the page that says you may not",
        ["/account/accept-invitation"] = "setting a password from a one-time invitation link",
        ["/account/sso"] = "starting single sign-on",
        ["/account/sso/complete"] = "finishing single sign-on (needs the provider's verified answer)",
        ["/setup"] = "creating the first Admin of a new install (closed once done)",
        ["/error"] = "the error page",
        ["/not-found"] = "the not-found page",
        ["/_framework/blazor.web.js"] = "Blazor's script",
        ["/openapi/{documentName}.json"] = "the API's description (no data)",
        ["/wallboard/{Token}"] = "a TV's read-only wallboard: the link's secret token opens it and nothing else",
        ["/wallboard/{token}/events"] = "the TV wallboard's live feed: the same token",
    };

    /// <summary>Prefixes of anonymous endpoints that authenticate the sender themselves (signature, key or JWT).</summary>
    private static readonly Dictionary<string, string> SelfAuthenticated = new(StringComparer.Ordinal)
    {
        ["/v2/enqueue"] = "Events API v2: the integration key in the body",
        ["/api/v1/alerts/"] = "alert webhooks: the integration key in the URL",
        ["/api/slack/"] = "Slack: the request's HMAC signature",
        ["/api/teams/"] = "Teams: the Bot Connector's JWT",
        ["/api/backlog/"] = "backlog webhooks: HMAC signature or secret",
        ["/api/v1/changes/hooks/"] = "deployment webhooks: GitHub's HMAC signature, or Azure DevOps' Basic password or secret header",
    };

    private List<RouteEndpoint> Endpoints()
    {
        _ = app.Server;
        return app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null)
            .ToList();
    }

    private static string PatternOf(RouteEndpoint endpoint) => "/" + endpoint.RoutePattern.RawText!.TrimStart('/');

    private static bool IsStaticAsset(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal)) || PatternOf(endpoint).StartsWith("/_content/", StringComparison.Ordinal)
        || PatternOf(endpoint).StartsWith("/_framework/", StringComparison.Ordinal) || PatternOf(endpoint).StartsWith("/_blazor", StringComparison.Ordinal);

    [Fact]
    public void EveryEndpoint_HasAPolicy_OrAListedReasonToBeAnonymous()
    {
        var unexplained = Endpoints()
            .Where(e => !IsStaticAsset(e) && e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(PatternOf)
            .Where(p => !Anonymous.ContainsKey(p) && !SelfAuthenticated.Keys.Any(prefix => p.StartsWith(prefix, StringComparison.Ordinal)))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(unexplained);
        // What has no explicit policy falls back to one that needs a signed-in person with a role.
        var fallback = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthorizationOptions>>().Value.FallbackPolicy;
        Assert.NotNull(fallback);
        Assert.Contains(fallback.Requirements, r => r is Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement);
    }

    [Fact]
    public void ListedAnonymousEndpoints_AllStillExist()
    {
        var patterns = Endpoints().Select(PatternOf).ToHashSet(StringComparer.Ordinal);

        Assert.All(Anonymous.Keys.Where(k => !k.StartsWith("/_framework", StringComparison.Ordinal)), p => Assert.Contains(p, patterns));
    }

    /// <summary>Who may call each endpoint: null = anyone (it may still check a signature or key itself).</summary>
    private static readonly Dictionary<string, Permission?> Table = new(StringComparer.Ordinal)
    {
        ["GET /health/live"] = null,
        ["GET /health/ready"] = null,
        ["POST /account/logout"] = null,
        ["GET /account/sso"] = null,
        ["GET /account/sso/complete"] = null,
        ["GET /account/login"] = null,
        ["GET /account/access-denied"] = null,
        ["GET /account/accept-invitation"] = null,
        ["GET /setup"] = null,
        ["GET /error"] = null,
        ["GET /not-found"] = null,
        ["GET /openapi/{documentName}.json"] = null,
        ["POST /api/v1/alerts/alertmanager/{integrationKey}"] = null,
        ["POST /api/v1/alerts/generic/{integrationKey}"] = null,
        ["POST /v2/enqueue"] = null,
        ["POST /api/teams/messages"] = null,
        ["POST /api/slack/commands"] = null,
        ["POST /api/slack/events"] = null,
        ["POST /api/slack/interactions"] = null,
        ["POST /api/backlog/hooks/{hookId}/github"] = null,
        ["POST /api/backlog/hooks/{hookId}/azure-devops"] = null,
        ["POST /api/v1/changes/hooks/github"] = null,
        ["POST /api/v1/changes/hooks/azure-devops/{service}"] = null,
        ["GET /api/v1/changes/"] = Permission.ViewPortal,
        ["GET /api/v1/changes/{id:long}"] = Permission.ViewPortal,
        ["POST /api/v1/changes/"] = Permission.ManageChanges,
        ["PATCH /api/v1/changes/{id:long}"] = Permission.ViewPortal,
        ["POST /api/v1/changes/deployments"] = Permission.ManageChanges,
        ["POST /api/v1/changes/fingerprints"] = Permission.ManageChanges,
        ["GET /changes"] = Permission.ViewPortal,
        ["GET /changes/new"] = Permission.ManageChanges,
        ["GET /changes/{Id:long}"] = Permission.ViewPortal,
        ["GET /admin/procedures"] = Permission.ManageProcedures,
        ["GET /changes/windows"] = Permission.ManageCatalog,
        ["GET /changes/calendar"] = Permission.ViewPortal,
        ["GET /changes/windows/{id:long}/readiness.md"] = Permission.ViewPortal,
        ["GET /reports"] = Permission.ViewPortal,
        ["GET /reports/{table}.csv"] = Permission.ViewPortal,
        ["GET /api/v1/reports/{area}"] = Permission.ViewPortal,
        ["GET /reports/postmortems"] = Permission.ViewPortal,
        ["GET /reports/countermeasures"] = Permission.ViewPortal,
        ["GET /reports/oncall"] = Permission.ViewPortal,
        ["GET /reports/alerts"] = Permission.ViewPortal,
        ["GET /reports/changes"] = Permission.ViewPortal,
        ["GET /wallboard"] = Permission.ViewPortal,
        ["GET /wallboard/links"] = Permission.ShareWallboard,
        ["GET /wallboard/events"] = Permission.ViewPortal,
        ["GET /wallboard/{Token}"] = null,
        ["GET /wallboard/{token}/events"] = null,
        ["GET /hangfire/{**path}"] = Permission.ManageJobs,
        ["GET /postmortems/{id:long}/export.md"] = Permission.ViewPortal,
        ["GET /api/v1/incidents/"] = Permission.ViewPortal,
        ["GET /api/v1/incidents/{id:long}"] = Permission.ViewPortal,
        ["POST /api/v1/incidents/"] = Permission.LogIncident,
        ["POST /api/v1/incidents/{id:long}/status"] = Permission.ViewPortal,
        ["POST /api/v1/incidents/{id:long}/notes"] = Permission.ViewPortal,
        ["POST /api/v1/incidents/{id:long}/status-updates"] = Permission.ViewPortal,
        ["GET /"] = Permission.ViewPortal,
        ["GET /profile"] = Permission.ViewPortal,
        ["GET /incidents"] = Permission.ViewPortal,
        ["GET /incidents/new"] = Permission.LogIncident,
        ["GET /incidents/{Id:long}"] = Permission.ViewPortal,
        ["GET /alerts"] = Permission.ViewPortal,
        ["GET /problems"] = Permission.ViewPortal,
        ["GET /problems/{Id:long}"] = Permission.ViewPortal,
        ["GET /countermeasures"] = Permission.ViewPortal,
        ["GET /postmortems"] = Permission.ViewPortal,
        ["GET /postmortems/{Id:long}"] = Permission.ViewPortal,
        ["GET /postmortems/{Id:long}/print"] = Permission.ViewPortal,
        ["GET /oncall/schedules"] = Permission.ViewPortal,
        ["GET /oncall/schedules/{Id:long}"] = Permission.ViewPortal,
        ["GET /oncall/policies"] = Permission.ViewPortal,
        ["GET /admin/users"] = Permission.ManageUsers,
        ["GET /admin/teams"] = Permission.ManageCatalog,
        ["GET /admin/services"] = Permission.ManageCatalog,
        ["GET /admin/integrations"] = Permission.ManageCatalog,
        ["GET /admin/backlogs"] = Permission.ManageCatalog,
        ["GET /admin/audit"] = Permission.ViewAudit,
    };

    /// <summary>"GET /x" for every method of every endpoint (pages are called with GET: their POST is a form needing its token).</summary>
    private List<string> Calls() => Endpoints().Where(e => !IsStaticAsset(e) && PatternOf(e) != "/{**path:file}")
        .SelectMany(e =>
        {
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            return (methods.Contains("GET") && methods.Contains("POST") ? ["GET"] : methods).Select(m => m + " " + PatternOf(e));
        })
        .Distinct()
        .ToList();

    [Fact]
    public void EveryEndpoint_IsInTheTable_AndTheTableHasNoStaleRows()
    {
        var calls = Calls();

        Assert.Empty(calls.Except(Table.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(Table.Keys.Except(calls).Order(StringComparer.Ordinal));
    }

    private static string Path(string call) =>
        call[(call.IndexOf(' ', StringComparison.Ordinal) + 1)..]
            .Replace("{id:long}", "999999", StringComparison.Ordinal).Replace("{Id:long}", "999999", StringComparison.Ordinal)
            .Replace("{hookId}", "999999", StringComparison.Ordinal).Replace("{service}", "no-such-service", StringComparison.Ordinal).Replace("{integrationKey}", "not-a-key", StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal).Replace("{area}", "incidents", StringComparison.Ordinal).Replace("{table}", "incidents", StringComparison.Ordinal)
            .Replace("{Token}", "wb_not-a-token", StringComparison.Ordinal).Replace("{token}", "wb_not-a-token", StringComparison.Ordinal).Replace("/{**path}", "", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> CallAsync(HttpClient browser, string call)
    {
        var method = new HttpMethod(call[..call.IndexOf(' ', StringComparison.Ordinal)]);
        using var request = new HttpRequestMessage(method, Path(call));
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        // Headers only: the wallboard's live feed never ends.
        return await browser.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>
    /// Refused for who is asking: 401/403, or the sign-in challenge (to sign-in with a ReturnUrl) or the access-denied
    /// page. (The single sign-on steps send people back to the sign-in page as their normal answer.)
    /// </summary>
    private static bool Refused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString is { } location
            && ((location.Contains("/account/login", StringComparison.Ordinal) && location.Contains("ReturnUrl=", StringComparison.Ordinal))
                || location.Contains("/account/access-denied", StringComparison.Ordinal)));

    [Fact]
    public async Task EveryEndpoint_AsAnonymousAndAsEachRole_AnswersAsTheTableSays()
    {
        var browsers = new List<(string Who, HttpClient Browser, Role[] Roles)> { ("anonymous", app.CreateBrowser(), []) };
        foreach (var role in Roles.All)
        {
            // Signed in for the pages, and with an API key of the same person for the REST API.
            var user = await app.CreateUserAsync($"{role.ToString().ToLowerInvariant()}-table@example.test", role);
            var browser = await app.SignedInBrowserAsync(user.Email!);
            var (_, key) = await app.Services.GetRequiredService<Web.Features.ApiKeys.Manage.ManageApiKeys>().CreateAsync(new Domain.Actor(user.Id, user.DisplayName), "table");
            browser.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            browsers.Add((role.ToString(), browser, [role]));
        }

        var unexpected = new List<string>();
        var calls = 0;
        foreach (var call in Calls().Where(Table.ContainsKey))
        {
            foreach (var (who, browser, roles) in browsers)
            {
                using var response = await CallAsync(browser, call);
                calls++;
                var needed = Table[call];
                bool ok;
                if (needed is null)
                {
                    // Open to all, but what checks its own sender must not let an unsigned, keyless call through.
                    ok = !Refused(response) || SelfAuthenticated.Keys.Any(prefix => Path(call).StartsWith(prefix, StringComparison.Ordinal));
                    if (SelfAuthenticated.Keys.Any(prefix => Path(call).StartsWith(prefix, StringComparison.Ordinal)))
                    {
                        ok = !response.IsSuccessStatusCode;
                    }
                }
                else
                {
                    ok = Permissions.Allows(roles, needed.Value) != Refused(response);
                }

                if (!ok)
                {
                    unexpected.Add($"{call} as {who}: {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }

        Assert.Empty(unexpected);
        Assert.True(calls >= Table.Count * browsers.Count, $"{calls} calls");
    }
}
