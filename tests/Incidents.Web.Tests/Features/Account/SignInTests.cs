using System.Buffers.Binary;
using System.Net;
using Incidents.Domain.Access;
using Incidents.Web.Features.Users;
using Incidents.Web.Features.Users.Disable;
using Incidents.Web.Infrastructure.Auth;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Account;

public sealed class SignInTests : IClassFixture<TestApp>
{
    private readonly TestApp app;

    public SignInTests(TestApp app) => this.app = app;

    private static Task<HttpResponseMessage> TrySignInAsync(HttpClient browser, string email, string password) =>
        browser.PostFormAsync("/account/login", "sign-in", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    [Fact]
    public async Task SignIn_WrongPassword_ErrorAndNoCookie()
    {
        await app.CreateUserAsync("wrong@example.test", Role.Viewer);
        var browser = app.CreateBrowser();

        var response = await TrySignInAsync(browser, "wrong@example.test", "Not-The-Password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"sign-in-error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignIn_EmptyFields_FieldMessages()
    {
        var response = await TrySignInAsync(app.CreateBrowser(), "", "");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Enter your email address.", html, StringComparison.Ordinal);
        Assert.Contains("Enter your password.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordHash_Stored_UsesAtLeast210000Pbkdf2Iterations()
    {
        var user = await app.CreateUserAsync("hash@example.test", Role.Viewer);

        var hash = Convert.FromBase64String(user.PasswordHash!);

        // Identity V3 format: 0x01, PRF (4 bytes), iteration count (4 bytes, big-endian), salt length, salt, subkey.
        Assert.Equal(0x01, hash[0]);
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(hash.AsSpan(5, 4));
        Assert.True(iterations >= 210_000, $"PBKDF2 iterations were {iterations}.");
        Assert.Equal((uint)PasswordHashing.Iterations, iterations);
    }

    [Fact]
    public async Task SignIn_DisabledPerson_Refused()
    {
        var user = await app.CreateUserAsync("gone@example.test", Role.Responder);
        var admin = await app.CreateUserAsync($"admin-{Guid.NewGuid():N}@example.test", Role.Admin);
        Assert.True((await app.Services.GetRequiredService<DisableUser>().HandleAsync(user.Id, admin.Id)).Succeeded);

        var browser = app.CreateBrowser();
        var response = await TrySignInAsync(browser, "gone@example.test", TestApp.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"sign-in-error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task LiveSession_PersonDisabled_EndsWithinAMinute()
    {
        var user = await app.CreateUserAsync("live@example.test", Role.Responder);
        var admin = await app.CreateUserAsync($"admin-{Guid.NewGuid():N}@example.test", Role.Admin);
        var browser = await app.SignedInBrowserAsync("live@example.test");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        await app.WithScopeAsync(sp => sp.GetRequiredService<DisableUser>().HandleAsync(user.Id, admin.Id));
        app.Clock.Advance(AuthSetup.SessionRevalidationInterval + TimeSpan.FromSeconds(1));
        var after = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveSession_NothingChanged_SurvivesRevalidation()
    {
        await app.CreateUserAsync("stays@example.test", Role.Responder);
        var browser = await app.SignedInBrowserAsync("stays@example.test");

        app.Clock.Advance(AuthSetup.SessionRevalidationInterval + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task SignIn_Succeeds_ClaimsCarryDisplayName()
    {
        var user = await app.CreateUserAsync("claims@example.test", Role.Support);
        var principal = await app.WithScopeAsync(async sp =>
            await sp.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user));

        Assert.Equal("claims", principal.FindFirst(PortalClaims.DisplayName)?.Value);
        Assert.True(principal.IsInRole("Support"));
    }

    [Fact]
    public async Task CircuitRevalidation_DisabledOrRestamped_Invalid()
    {
        var user = await app.CreateUserAsync("circuit@example.test", Role.Responder);
        var admin = await app.CreateUserAsync($"admin-{Guid.NewGuid():N}@example.test", Role.Admin);
        var principal = await app.WithScopeAsync(sp =>
            sp.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user));

        async Task<bool> ValidAsync() => await app.WithScopeAsync(sp => RevalidatingIdentityStateProvider.IsStillValidAsync(
            sp.GetRequiredService<UserManager<ApplicationUser>>(), principal,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value));

        Assert.True(await ValidAsync());
        await app.WithScopeAsync(sp => sp.GetRequiredService<DisableUser>().HandleAsync(user.Id, admin.Id));
        Assert.False(await ValidAsync());
    }
}
