using System.Net;
using System.Text.RegularExpressions;
using Incidents.Domain.Access;
using Incidents.Web.Features.Account.SignIn;
using Incidents.Web.Features.Users;
using Incidents.Web.Features.Users.Disable;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Account;

/// <summary>Sign-in as an attacker tries it: enumeration, guessing, locking the owner out, stolen cookies, open redirects.</summary>
public sealed partial class SignInSecurityTests : IDisposable
{
    private readonly CountingApp app = new();

    public void Dispose() => app.Dispose();

    /// <summary>The app, counting password hash checks.</summary>
    private sealed class CountingApp : TestApp
    {
        public int HashChecks => Hasher.Checks;

        private CountingHasher Hasher { get; } = new();

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IPasswordHasher<ApplicationUser>>(Hasher));
        }
    }

    private sealed class CountingHasher : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> inner = new(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = Web.Infrastructure.Auth.PasswordHashing.Iterations }));
        private int checks;

        public int Checks => Volatile.Read(ref checks);

        public string HashPassword(ApplicationUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref checks);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    private (HttpClient Browser, CookieContainer Cookies) BrowserAt(string address)
    {
        var cookies = new CookieContainer();
        return (app.BrowserAt(address, cookies), cookies);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string password, string? returnUrl = null) =>
        browser.PostFormAsync("/account/login" + (returnUrl is null ? "" : "?ReturnUrl=" + Uri.EscapeDataString(returnUrl)), "sign-in", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(ErrorAlert().Match(await response.Content.ReadAsStringAsync()).Groups["text"].Value).Trim();

    [GeneratedRegex("data-testid=\"sign-in-error\"[^>]*>(?:<[^>]+>)*(?<text>[^<]+)")]
    private static partial Regex ErrorAlert();

    [Fact]
    public async Task UnknownAccount_SameAnswerAndSameHashingWork_AsAWrongPassword()
    {
        await app.CreateUserAsync("known@example.test", Role.Responder);
        var (browser, _) = BrowserAt("198.51.100.1");

        var before = app.HashChecks;
        var known = await SignInAsync(browser, "known@example.test", "Not-The-Password-1");
        var afterKnown = app.HashChecks;
        var unknown = await SignInAsync(browser, "nobody@example.test", "Not-The-Password-1");

        Assert.Equal(1, afterKnown - before);
        Assert.Equal(1, app.HashChecks - afterKnown);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal("That email and password don't match an active account.", await ErrorOfAsync(known));
        Assert.Equal(await ErrorOfAsync(known), await ErrorOfAsync(unknown));
    }

    [Fact]
    public async Task WrongPasswords_FromOneAddress_SlowDown_TheOwnerElsewhereSignsIn()
    {
        await app.CreateUserAsync("owner@example.test", Role.Admin);
        var (attacker, _) = BrowserAt("203.0.113.66");
        for (var i = 0; i < SignInThrottle.FreeTriesPerAccount; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(attacker, "owner@example.test", $"Guess-number-{i}")).StatusCode);
        }

        var throttled = await SignInAsync(attacker, "owner@example.test", TestApp.Password);
        var (owner, _) = BrowserAt("198.51.100.7");
        var ownerSignsIn = await SignInAsync(owner, "owner@example.test", TestApp.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("1", throttled.Headers.RetryAfter!.ToString());
        Assert.Equal("Too many sign-in attempts. Try again in a second.", await ErrorOfAsync(throttled));
        Assert.Equal(HttpStatusCode.Redirect, ownerSignsIn.StatusCode);
    }

    [Fact]
    public async Task Throttle_UnknownAccount_TreatedLikeAKnownOne_AndWaitingLetsYouTryAgain()
    {
        var (browser, _) = BrowserAt("203.0.113.67");
        for (var i = 0; i < SignInThrottle.FreeTriesPerAccount; i++)
        {
            await SignInAsync(browser, "ghost@example.test", $"Guess-number-{i}");
        }

        var throttled = await SignInAsync(browser, "ghost@example.test", "Guess-again-1");
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var later = await SignInAsync(browser, "ghost@example.test", "Guess-again-2");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal("That email and password don't match an active account.", await ErrorOfAsync(later));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 16)]
    [InlineData(10, 512)]
    [InlineData(11, 900)]
    [InlineData(40, 900)]
    public void Delay_DoublesFromOneSecond_UpToFifteenMinutes(int over, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SignInThrottle.Delay(over));

    [Fact]
    public async Task ManyFailures_FromEverywhere_LockTheAccountForAWhile_AndTheOwnerIsToldOnce()
    {
        var owner = await app.CreateUserAsync("target@example.test", Role.Responder);
        for (var i = 0; i < SignInUser.HardLockoutFailures; i++)
        {
            var (bot, _) = BrowserAt($"10.9.{i / 200}.{(i % 200) + 1}");
            await SignInAsync(bot, "target@example.test", $"Guess-number-{i}");
        }

        var (browser, _) = BrowserAt("198.51.100.8");
        var locked = await SignInAsync(browser, "target@example.test", TestApp.Password);
        app.Clock.Advance(SignInUser.HardLockout + TimeSpan.FromSeconds(1));
        var after = await SignInAsync(browser, "target@example.test", TestApp.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        await using var db = await app.NewDbContextAsync();
        var notice = await db.Notices.SingleAsync(n => n.UserId == owner.Id);
        Assert.StartsWith("Your Incidents account was locked", notice.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOut_EndsTheSessionOnTheServer_ACopiedCookieNoLongerWorks()
    {
        await app.CreateUserAsync("copied@example.test", Role.Responder);
        var (browser, cookies) = BrowserAt("198.51.100.9");
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(browser, "copied@example.test", TestApp.Password)).StatusCode);
        var copied = cookies.GetCookieHeader(app.Server.BaseAddress);
        var token = await browser.AntiforgeryTokenFromAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))).StatusCode);
        var (thief, _) = BrowserAt("203.0.113.9");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", copied);
        var stolen = await thief.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, stolen.StatusCode);
        Assert.StartsWith("/account/login", stolen.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disable_EndsTheSessionAtOnce_NotAMinuteLater()
    {
        var user = await app.CreateUserAsync("at-once@example.test", Role.Responder);
        var admin = await app.CreateUserAsync("admin@example.test", Role.Admin);
        var (browser, _) = BrowserAt("198.51.100.10");
        await SignInAsync(browser, "at-once@example.test", TestApp.Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        await app.WithScopeAsync(sp => sp.GetRequiredService<DisableUser>().HandleAsync(user.Id, admin.Id));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/")).StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("/\t/evil.example", "/")]
    [InlineData("/incidents?status=all", "/incidents?status=all")]
    public async Task ReturnUrl_OnlyALocalPathIsFollowed_NeverAnError(string returnUrl, string location)
    {
        await app.CreateUserAsync("return@example.test", Role.Responder);
        var (browser, _) = BrowserAt("198.51.100.11");

        var response = await SignInAsync(browser, "return@example.test", TestApp.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(new Uri(app.Server.BaseAddress, location), new Uri(app.Server.BaseAddress, response.Headers.Location!));
    }
}
