using System.Net;
using Incidents.Domain;
using Incidents.Web.Features.Setup.Complete;
using Incidents.Web.Features.Users;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Setup;

public sealed class CompleteSetupTests : IDisposable
{
    private readonly TestApp app = new();

    public void Dispose() => app.Dispose();

    private Task<Outcome> SetupAsync(string email, string password = TestApp.Password) =>
        app.WithScopeAsync(sp => sp.GetRequiredService<CompleteSetup>().HandleAsync(email, "First Admin", password));

    [Fact]
    public async Task HandleAsync_NoUsers_CreatesAdminAndClosesSetup()
    {
        var outcome = await SetupAsync("first@example.test");

        Assert.True(outcome.Succeeded, outcome.Error);
        var isAdmin = await app.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByEmailAsync("first@example.test");
            return user is not null && await users.IsInRoleAsync(user, "Admin");
        });
        Assert.True(isAdmin);
        Assert.False(await app.WithScopeAsync(sp => sp.GetRequiredService<CompleteSetup>().IsOpenAsync()));
    }

    [Fact]
    public async Task HandleAsync_SecondTime_ConflictAndNoSecondUser()
    {
        await SetupAsync("first@example.test");

        var second = await SetupAsync("second@example.test");

        Assert.Equal(OutcomeKind.Conflict, second.Kind);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Fact]
    public async Task HandleAsync_WeakPassword_InvalidAndNothingStored()
    {
        var outcome = await SetupAsync("first@example.test", "short");

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.SetupRecords.CountAsync());
    }

    [Fact]
    public async Task HandleAsync_ManyAtOnce_ExactlyOneAdmin()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => SetupAsync($"racer{i}@example.test")));

        Assert.Equal(1, attempts.Count(a => a.Succeeded));
        Assert.All(attempts.Where(a => !a.Succeeded), a => Assert.Equal(OutcomeKind.Conflict, a.Kind));
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(1, await db.Users.CountAsync());
    }

    [Fact]
    public async Task SetupPage_AfterAdminExists_RefusesAndCreatesNobody()
    {
        var browser = app.CreateBrowser();
        var token = await browser.AntiforgeryTokenFromAsync("/setup");
        await SetupAsync("first@example.test");

        var page = await browser.GetAsync("/setup");
        var post = await browser.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "setup",
            ["Input.DisplayName"] = "Intruder",
            ["Input.Email"] = "intruder@example.test",
            ["Input.Password"] = TestApp.Password,
            ["Input.Confirm"] = TestApp.Password,
        }));

        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains("data-testid=\"setup-closed\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The closed page renders no setup form, so Blazor rejects the post before any handler runs.
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        await using var db = await app.NewDbContextAsync();
        Assert.Null(await db.Users.SingleOrDefaultAsync(u => u.Email == "intruder@example.test"));
    }

    [Fact]
    public async Task SetupPage_FreshInstall_CreatesAdminWhoCanSignIn()
    {
        var browser = app.CreateBrowser();

        var response = await browser.PostFormAsync("/setup", "setup", new()
        {
            ["Input.DisplayName"] = "Ana Admin",
            ["Input.Email"] = "ana@example.test",
            ["Input.Password"] = TestApp.Password,
            ["Input.Confirm"] = TestApp.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login?notice=setup", response.Headers.Location!.PathAndQuery);
        var admin = await app.SignedInBrowserAsync("ana@example.test");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task SetupPage_MismatchedPasswords_ShowsFieldErrorAndCreatesNobody()
    {
        var browser = app.CreateBrowser();

        var response = await browser.PostFormAsync("/setup", "setup", new()
        {
            ["Input.DisplayName"] = "Ana Admin",
            ["Input.Email"] = "ana@example.test",
            ["Input.Password"] = TestApp.Password,
            ["Input.Confirm"] = "something-else-1A",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The passwords don&#x27;t match.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = await app.NewDbContextAsync();
        Assert.Equal(0, await db.Users.CountAsync());
    }
}
