using System.Net;
using Incidents.Domain.Access;
using Incidents.Testing;
using Incidents.Web.Features.Users;
using Incidents.Web.Features.Users.Disable;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Fault = Incidents.Testing.LoopbackOidcProvider.TokenFault;
using Person = Incidents.Testing.LoopbackOidcProvider.Person;

namespace Incidents.Web.Tests.Features.Account;

/// <summary>
/// Single sign-on against a real OpenID Connect provider process on loopback (<see cref="LoopbackOidcProvider"/>): the
/// whole redirect flow with PKCE, linking and provisioning by verified email, roles from the provider's groups, and
/// every way the provider's answer can be wrong.
/// </summary>
public sealed class SingleSignOnTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly LoopbackOidcProvider provider = new("incidents-portal", "portal-client-secret");
    private SsoApp app = null!;

    private sealed class SsoApp(LoopbackOidcProvider provider, IDictionary<string, string?>? more) : TestApp(new Dictionary<string, string?>
    {
        ["Auth:Oidc:Authority"] = provider.Authority,
        ["Auth:Oidc:ClientId"] = provider.ClientId,
        ["Auth:Oidc:ClientSecret"] = provider.ClientSecret,
        ["Auth:Oidc:DisplayName"] = "Sign in with Loopback ID",
        ["Auth:Oidc:RoleClaim"] = "groups",
        ["Auth:Oidc:RoleMap:grp-oncall"] = "Responder",
        ["Auth:Oidc:RoleMap:grp-ops-admins"] = "Admin",
        ["Auth:Oidc:AllowedDomains:0"] = "example.test",
        ["Auth:BreakGlassAdmins:0"] = "root@example.test",
    }.Concat(more ?? new Dictionary<string, string?>()).ToDictionary());

    public Task InitializeAsync()
    {
        app = new SsoApp(provider, null);
        provider.People["dev@example.test"] = new Person("sub-dev", "dev@example.test", "Dana Developer", true, "grp-oncall");
        return Task.CompletedTask;
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

    /// <summary>A browser goes through the whole flow; the answer is where the portal sends it at the end.</summary>
    private async Task<(Uri Landing, HttpClient Browser, Uri Callback)> SignInAsync(string email, string? returnUrl = null, HttpClient? browser = null)
    {
        provider.AutoSignIn = email;
        browser ??= app.CreateBrowser();
        var start = await browser.GetAsync("/account/sso" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.StartsWith(provider.Authority + "authorize?", start.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", start.Headers.Location.Query, StringComparison.Ordinal);

        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var outside = new HttpClient(handler);
        var authorize = await outside.GetAsync(start.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var callback = authorize.Headers.Location!;
        return (await FollowAsync(browser, callback), browser, callback);
    }

    /// <summary>Follows the portal's own redirects until it lands somewhere that is not a step of the flow.</summary>
    private static async Task<Uri> FollowAsync(HttpClient browser, Uri next)
    {
        for (var hops = 0; hops < 5; hops++)
        {
            var response = await browser.GetAsync(next.PathAndQuery);
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is not { } location)
            {
                return next;
            }

            next = location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost"), location);
            if (!next.AbsolutePath.StartsWith("/signin-oidc", StringComparison.Ordinal) && !next.AbsolutePath.StartsWith("/account/sso", StringComparison.Ordinal))
            {
                return next;
            }
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    private async Task<(ApplicationUser? User, IList<string> Roles, IList<UserLoginInfo> Logins)> PersonAsync(string email) =>
        await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync(email);
            return user is null ? (null, [], []) : (user, await users.GetRolesAsync(user), await users.GetLoginsAsync(user));
        });

    [Fact]
    public async Task FirstSignIn_CreatesThePersonWithTheMappedRole_AndSignsThemIn()
    {
        var (landing, browser, _) = await SignInAsync("dev@example.test", "/incidents");

        Assert.Equal("/incidents", landing.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/incidents")).StatusCode);
        var (user, roles, logins) = await PersonAsync("dev@example.test");
        Assert.Equal("Dana Developer", user!.DisplayName);
        Assert.Equal(["Responder"], roles);
        Assert.Equal(("oidc", "sub-dev"), (logins.Single().LoginProvider, logins.Single().ProviderKey));
        // PKCE: the portal proved it started this flow.
        Assert.False(string.IsNullOrEmpty(provider.TokenRequests.Single()["code_verifier"]));
    }

    [Fact]
    public async Task InvitedPerson_SameVerifiedEmail_LinkedNotDuplicated_RolesFromTheProvider()
    {
        var invited = await app.CreateUserAsync("ana@example.test", Role.Viewer);
        provider.People["ana@example.test"] = new Person("sub-ana", "ana@example.test", "Ana", true, "grp-ops-admins");

        var (landing, _, _) = await SignInAsync("ana@example.test");

        Assert.Equal("/", landing.PathAndQuery);
        var (user, roles, logins) = await PersonAsync("ana@example.test");
        Assert.Equal(invited.Id, user!.Id);
        Assert.Equal(["Admin"], roles);
        Assert.Single(logins);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(1, db.Users.Count(u => u.Email == "ana@example.test"));
    }

    [Fact]
    public async Task GroupRemovedAtTheProvider_RoleRemovedAtTheNextSignIn()
    {
        await SignInAsync("dev@example.test");
        provider.People["dev@example.test"] = new Person("sub-dev", "dev@example.test", "Dana Developer", true);

        var (_, browser, _) = await SignInAsync("dev@example.test");

        Assert.Empty((await PersonAsync("dev@example.test")).Roles);
        var home = await browser.GetAsync("/incidents");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/account/access-denied", home.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Fault.WrongAudience)]
    [InlineData(Fault.BadSignature)]
    [InlineData(Fault.Expired)]
    [InlineData(Fault.WrongNonce)]
    public async Task ProviderAnswerWrong_RefusedWithAClearPage_NobodyCreated(Fault fault)
    {
        provider.Fault = fault;

        var (landing, browser, _) = await SignInAsync("dev@example.test");

        Assert.Equal("/account/login?sso=notverified", landing.PathAndQuery);
        var page = await (await browser.GetAsync(landing.PathAndQuery)).Content.ReadAsStringAsync();
        Assert.Contains("the provider&#x27;s answer could not be verified", page, StringComparison.Ordinal);
        Assert.Null((await PersonAsync("dev@example.test")).User);
    }

    [Fact]
    public async Task ReplayedCallback_Refused()
    {
        var (_, _, callback) = await SignInAsync("dev@example.test");

        // Someone who saw the callback URL (code, state) replays it in their own browser, and in the same one.
        var elsewhere = await FollowAsync(app.CreateBrowser(), callback);

        Assert.Equal("/account/login?sso=notverified", elsewhere.PathAndQuery);
    }

    [Theory]
    [InlineData("mallory@evil.example", true, "/account/login?sso=domainnotallowed")]
    [InlineData("unverified@example.test", false, "/account/login?sso=noverifiedemail")]
    public async Task EmailTheRulesRefuse_Refused_NobodyCreated(string email, bool verified, string landingAt)
    {
        provider.People[email] = new Person("sub-" + email, email, "Someone", verified, "grp-ops-admins");

        var (landing, _, _) = await SignInAsync(email);

        Assert.Equal(landingAt, landing.PathAndQuery);
        Assert.Null((await PersonAsync(email)).User);
    }

    [Fact]
    public async Task DisabledPerson_RefusedBySingleSignOnToo()
    {
        var user = await app.CreateUserAsync("dev@example.test", Role.Responder);
        var admin = await app.CreateUserAsync("boss@example.test", Role.Admin);
        await app.WithScopeAsync(sp => sp.GetRequiredService<DisableUser>().HandleAsync(user.Id, admin.Id));

        var (landing, _, _) = await SignInAsync("dev@example.test");

        Assert.Equal("/account/login?sso=disabled", landing.PathAndQuery);
    }

    [Fact]
    public async Task SignInPage_OffersTheProvidersButton()
    {
        var html = await (await app.CreateBrowser().GetAsync("/account/login")).Content.ReadAsStringAsync();

        Assert.Contains("Sign in with Loopback ID", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/account/sso\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"sign-in\"", html, StringComparison.Ordinal);
    }
}

/// <summary><c>Auth:LocalSignIn=false</c>: passwords only for a break-glass Admin.</summary>
public sealed class LocalSignInOffTests : IDisposable
{
    private readonly LocalOffApp app = new();

    public void Dispose() => app.Dispose();

    private sealed class LocalOffApp() : TestApp(new Dictionary<string, string?>
    {
        ["Auth:LocalSignIn"] = "false",
        ["Auth:BreakGlassAdmins:0"] = "root@example.test",
        ["Auth:Oidc:Authority"] = "http://127.0.0.1:9/",
        ["Auth:Oidc:ClientId"] = "incidents-portal",
        ["Auth:Oidc:DisplayName"] = "Sign in with Loopback ID",
    });

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email) =>
        browser.PostFormAsync("/account/login?local=1", "sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = TestApp.Password });

    [Fact]
    public async Task Password_OfAnyoneElse_Refused_TheyUseSingleSignOn()
    {
        await app.CreateUserAsync("dev@example.test", Role.Responder);
        var browser = app.CreateBrowser();

        var response = await SignInAsync(browser, "dev@example.test");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Password sign-in is turned off here. Use &quot;Sign in with Loopback ID&quot;.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Password_OfTheBreakGlassAdmin_SignsIn()
    {
        await app.CreateUserAsync("root@example.test", Role.Admin);

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.CreateBrowser(), "root@example.test")).StatusCode);
    }

    [Fact]
    public async Task SignInPage_ShowsOnlyTheButton_UnlessAskedForThePasswordForm()
    {
        var browser = app.CreateBrowser();

        var plain = await (await browser.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var local = await (await browser.GetAsync("/account/login?local=1")).Content.ReadAsStringAsync();

        Assert.Contains("Sign in with Loopback ID", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"sign-in\"", plain, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"sign-in\"", local, StringComparison.Ordinal);
    }
}
