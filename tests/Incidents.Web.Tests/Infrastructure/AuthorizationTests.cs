using System.Net;
using Incidents.Domain.Access;

namespace Incidents.Web.Tests.Infrastructure;

public sealed class AuthorizationTests : IClassFixture<AuthorizationTests.App>, IAsyncLifetime
{
    public sealed class App() : TestApp(new Dictionary<string, string?>
    {
        ["Bootstrap:AdminEmail"] = "root@example.test",
        ["Bootstrap:AdminPassword"] = Password,
    });

    private readonly App app;

    public AuthorizationTests(App app) => this.app = app;

    public Task InitializeAsync()
    {
        _ = app.Server;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> Pages =>
        ["/", "/admin/users", "/hangfire", "/incidents", "/incidents/new", "/incidents/1", "/admin/teams", "/admin/services", "/admin/audit", "/profile", "/alerts", "/admin/integrations", "/oncall/schedules", "/oncall/schedules/1", "/oncall/policies", "/problems", "/problems/1", "/countermeasures", "/admin/backlogs", "/postmortems", "/postmortems/1", "/postmortems/1/print"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_Anonymous_RedirectsToSignIn(string path)
    {
        var response = await app.CreateBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    public static TheoryData<Role, string, bool> RolePages()
    {
        var data = new TheoryData<Role, string, bool>();
        foreach (var role in Roles.All)
        {
            data.Add(role, "/", true);
            data.Add(role, "/admin/users", role == Role.Admin);
            data.Add(role, "/hangfire", role == Role.Admin);
            data.Add(role, "/incidents", true);
            data.Add(role, "/incidents/1", true);
            data.Add(role, "/profile", true);
            data.Add(role, "/incidents/new", role is Role.Admin or Role.Responder or Role.Support);
            data.Add(role, "/admin/teams", role == Role.Admin);
            data.Add(role, "/admin/services", role == Role.Admin);
            data.Add(role, "/admin/audit", role == Role.Admin);
            data.Add(role, "/alerts", true);
            data.Add(role, "/admin/integrations", role == Role.Admin);
            data.Add(role, "/oncall/schedules", true);
            data.Add(role, "/oncall/schedules/1", true);
            data.Add(role, "/oncall/policies", true);
            data.Add(role, "/problems", true);
            data.Add(role, "/problems/1", true);
            data.Add(role, "/countermeasures", true);
            data.Add(role, "/admin/backlogs", role == Role.Admin);
            data.Add(role, "/postmortems", true);
            data.Add(role, "/postmortems/1", true);
            data.Add(role, "/postmortems/1/print", true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RolePages))]
    public async Task Page_PerRole_OnlyWhatTheRoleMaySee(Role role, string path, bool allowed)
    {
        var browser = await app.SignedInAsAsync(role);

        var response = await browser.GetAsync(path);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    public static TheoryData<Role, string, string, bool> RoleButtons()
    {
        var data = new TheoryData<Role, string, string, bool>();
        foreach (var role in Roles.All)
        {
            data.Add(role, "/oncall/schedules", "add-schedule", role == Role.Admin);
            data.Add(role, "/oncall/policies", "add-policy", role == Role.Admin);
        }

        return data;
    }

    [Theory]
    [InlineData("/profile", "contact-methods")]
    [InlineData("/", "on-call-now-card")]
    public async Task OnCallPanels_AnyRole_RenderedOnTheirPages(string path, string testId)
    {
        var browser = await app.SignedInAsAsync(Role.Viewer);

        var html = await browser.GetStringAsync(path);

        Assert.Contains($"data-testid=\"{testId}\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RoleButtons))]
    public async Task OnCallButtons_PerRole_OnlyForWhoMayUseThem(Role role, string path, string testId, bool shown)
    {
        var browser = await app.SignedInAsAsync(role);

        var html = await browser.GetStringAsync(path);

        Assert.Equal(shown, html.Contains($"data-testid=\"{testId}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_Admin_ShowsAdminNextSteps()
    {
        var admin = await app.SignedInBrowserAsync("root@example.test");

        var html = await admin.GetStringAsync("/");

        Assert.Contains("data-testid=\"admin-next-steps\"", html, StringComparison.Ordinal);
        Assert.Contains("/admin/users", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_Viewer_HasNoAdminNavigation()
    {
        var viewer = await app.SignedInAsAsync(Role.Viewer);

        var html = await viewer.GetStringAsync("/");

        Assert.Contains("data-testid=\"dashboard-heading\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/admin/users", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/hangfire", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_SignedInWithoutRoles_AccessDenied()
    {
        await app.CreateUserAsync("norole@example.test");
        var browser = await app.SignedInBrowserAsync("norole@example.test");

        var response = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/account/login")]
    [InlineData("/account/access-denied")]
    public async Task PublicEndpoint_Anonymous_Answers(string path)
    {
        var response = await app.CreateBrowser().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_ReturnUrlToAnotherSite_StaysOnSite()
    {
        await app.CreateUserAsync("redirect@example.test", Role.Viewer);
        var browser = app.CreateBrowser();

        var response = await browser.PostFormAsync("/account/login?returnUrl=https%3A%2F%2Fevil.example%2F", "sign-in", new()
        {
            ["Input.Email"] = "redirect@example.test",
            ["Input.Password"] = TestApp.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("evil", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_Rejected()
    {
        var browser = await app.SignedInAsAsync(Role.Viewer);

        var response = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignOut_FromUserMenu_EndsSession()
    {
        var browser = await app.SignedInAsAsync(Role.Viewer);
        var token = await browser.AntiforgeryTokenFromAsync("/");

        var response = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }
}
