using System.Net;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Web.Features.Account.Accept;
using Incidents.Web.Features.Users.ChangeRoles;
using Incidents.Web.Features.Users.Disable;
using Incidents.Web.Features.Users.Invite;
using Incidents.Web.Features.Users.List;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Users;

/// <summary>Handlers against the real SQLite database of a running app.</summary>
public sealed class UserAdministrationTests : IClassFixture<TestApp>
{
    private readonly TestApp app;

    public UserAdministrationTests(TestApp app) => this.app = app;

    private T Handler<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}@example.test";

    [Fact]
    public async Task Invite_ThenAccept_PersonSignsInWithRoles()
    {
        var email = Unique("newcomer");
        var (outcome, invitation) = await Handler<InviteUser>().HandleAsync(email, "New Comer", [Role.Responder, Role.Developer]);
        Assert.True(outcome.Succeeded, outcome.Error);
        var query = QueryHelpers.ParseQuery(new Uri("http://x" + invitation!.RelativeLink).Query);

        var listed = (await Handler<ListUsers>().HandleAsync()).Single(u => u.Email == email);
        Assert.True(listed.InvitationPending);
        Assert.Equal([Role.Responder, Role.Developer], listed.Roles);

        var browser = app.CreateBrowser();
        var accepted = await browser.PostFormAsync(invitation.RelativeLink, "accept-invitation", new()
        {
            ["Input.Password"] = TestApp.Password,
            ["Input.Confirm"] = TestApp.Password,
        });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/account/login?notice=invitation", accepted.Headers.Location!.PathAndQuery);

        var signedIn = await app.SignedInBrowserAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/")).StatusCode);
        Assert.False((await Handler<ListUsers>().HandleAsync()).Single(u => u.Email == email).InvitationPending);

        // The link worked once.
        var again = await app.WithScopeAsync(sp => sp.GetRequiredService<AcceptInvitation>()
            .HandleAsync(query["user"], query["code"], "Another-Password-77"));
        Assert.Equal(OutcomeKind.NotFound, again.Kind);
    }

    [Fact]
    public async Task AcceptInvitation_TamperedCode_NotFoundAndNoPasswordSet()
    {
        var email = Unique("tamper");
        var (_, invitation) = await Handler<InviteUser>().HandleAsync(email, "Tamper", [Role.Viewer]);
        var query = QueryHelpers.ParseQuery(new Uri("http://x" + invitation!.RelativeLink).Query);

        var outcome = await app.WithScopeAsync(sp => sp.GetRequiredService<AcceptInvitation>()
            .HandleAsync(query["user"], query["code"] + "x", TestApp.Password));
        var page = await app.CreateBrowser().GetStringAsync($"/account/accept-invitation?user={query["user"]}&code=nonsense");

        Assert.Equal(OutcomeKind.NotFound, outcome.Kind);
        Assert.Contains("data-testid=\"invitation-invalid\"", page, StringComparison.Ordinal);
        var browser = app.CreateBrowser();
        var signIn = await browser.PostFormAsync("/account/login", "sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = TestApp.Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [Fact]
    public async Task Reissue_OldLinkStopsWorking()
    {
        var email = Unique("reissue");
        var (_, first) = await Handler<InviteUser>().HandleAsync(email, "Reissue", [Role.Viewer]);
        var (outcome, second) = await Handler<InviteUser>().ReissueAsync(first!.UserId);
        var firstQuery = QueryHelpers.ParseQuery(new Uri("http://x" + first.RelativeLink).Query);
        var secondQuery = QueryHelpers.ParseQuery(new Uri("http://x" + second!.RelativeLink).Query);

        var accept = app.Services.CreateScope().ServiceProvider.GetRequiredService<AcceptInvitation>();

        Assert.True(outcome.Succeeded);
        Assert.False(await accept.IsValidAsync(firstQuery["user"], firstQuery["code"]));
        Assert.True(await accept.IsValidAsync(secondQuery["user"], secondQuery["code"]));
    }

    [Theory]
    [InlineData("not-an-email", "Name", "Enter a valid email address.")]
    [InlineData("ok@example.test", " ", "Enter the person's name.")]
    public async Task Invite_BadInput_InvalidAndNobodyCreated(string email, string name, string error)
    {
        var before = (await Handler<ListUsers>().HandleAsync()).Count;

        var (outcome, invitation) = await Handler<InviteUser>().HandleAsync(email, name, [Role.Viewer]);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal(error, outcome.Error);
        Assert.Null(invitation);
        Assert.Equal(before, (await Handler<ListUsers>().HandleAsync()).Count);
    }

    [Fact]
    public async Task Invite_NoRoles_Invalid()
    {
        var (outcome, _) = await Handler<InviteUser>().HandleAsync(Unique("noroles"), "No Roles", []);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
    }

    [Fact]
    public async Task Invite_ExistingEmail_Conflict()
    {
        var existing = await app.CreateUserAsync(Unique("existing"), Role.Viewer);

        var (outcome, _) = await Handler<InviteUser>().HandleAsync(existing.Email!, "Again", [Role.Viewer]);

        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
    }

    [Fact]
    public async Task ChangeRoles_Replace_ExactlyTheNewRoles()
    {
        var user = await app.CreateUserAsync(Unique("roles"), Role.Viewer, Role.Support);

        var outcome = await Handler<ChangeUserRoles>().HandleAsync(user.Id, [Role.Responder, Role.Support]);

        Assert.True(outcome.Succeeded, outcome.Error);
        var row = (await Handler<ListUsers>().HandleAsync()).Single(u => u.Id == user.Id);
        Assert.Equal([Role.Responder, Role.Support], row.Roles);
    }

    [Fact]
    public async Task LastEnabledAdmin_CannotBeDemotedOrDisabled()
    {
        using var solo = new TestApp();
        var admin = await solo.CreateUserAsync("solo-admin@example.test", Role.Admin);
        var other = await solo.CreateUserAsync("other@example.test", Role.Viewer);

        var demote = await solo.Services.GetRequiredService<ChangeUserRoles>().HandleAsync(admin.Id, [Role.Viewer]);
        var disable = await solo.Services.GetRequiredService<DisableUser>().HandleAsync(admin.Id, other.Id);

        Assert.Equal(OutcomeKind.Conflict, demote.Kind);
        Assert.Equal(OutcomeKind.Conflict, disable.Kind);
        var row = (await solo.Services.GetRequiredService<ListUsers>().HandleAsync()).Single(u => u.Id == admin.Id);
        Assert.Equal([Role.Admin], row.Roles);
        Assert.False(row.IsDisabled);
    }

    [Fact]
    public async Task Disable_Self_Conflict()
    {
        var admin = await app.CreateUserAsync(Unique("self"), Role.Admin);

        var outcome = await Handler<DisableUser>().HandleAsync(admin.Id, admin.Id);

        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
    }

    [Fact]
    public async Task DisableThenEnable_CanSignInAgain()
    {
        var admin = await app.CreateUserAsync(Unique("admin"), Role.Admin);
        var user = await app.CreateUserAsync(Unique("back"), Role.Viewer);

        Assert.True((await Handler<DisableUser>().HandleAsync(user.Id, admin.Id)).Succeeded);
        Assert.True((await Handler<ListUsers>().HandleAsync()).Single(u => u.Id == user.Id).IsDisabled);
        Assert.True((await Handler<DisableUser>().EnableAsync(user.Id)).Succeeded);

        var browser = await app.SignedInBrowserAsync(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task UnknownPerson_NotFound()
    {
        Assert.Equal(OutcomeKind.NotFound, (await Handler<ChangeUserRoles>().HandleAsync("nobody", [Role.Viewer])).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Handler<DisableUser>().HandleAsync("nobody", "x")).Kind);
        Assert.Equal(OutcomeKind.NotFound, (await Handler<InviteUser>().ReissueAsync("nobody")).Outcome.Kind);
    }
}
