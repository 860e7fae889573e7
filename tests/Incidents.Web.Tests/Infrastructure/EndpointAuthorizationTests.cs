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
    };

    /// <summary>Prefixes of anonymous endpoints that authenticate the sender themselves (signature, key or JWT).</summary>
    private static readonly Dictionary<string, string> SelfAuthenticated = new(StringComparer.Ordinal)
    {
        ["/v2/enqueue"] = "Events API v2: the integration key in the body",
        ["/api/v1/alerts/"] = "alert webhooks: the integration key in the URL",
        ["/api/slack/"] = "Slack: the request's HMAC signature",
        ["/api/teams/"] = "Teams: the Bot Connector's JWT",
        ["/api/backlog/"] = "backlog webhooks: HMAC signature or secret",
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
}
