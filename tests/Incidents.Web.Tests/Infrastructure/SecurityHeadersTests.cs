using System.Net;
using System.Text.RegularExpressions;
using Incidents.Domain.Access;

namespace Incidents.Web.Tests.Infrastructure;

/// <summary>Headers on every response, and a TLS-terminating proxy in front (<c>Portal:TrustedProxies</c>).</summary>
public sealed partial class SecurityHeadersTests : IDisposable
{
    private readonly ProxiedApp app = new();

    public void Dispose() => app.Dispose();

    private sealed class ProxiedApp() : TestApp(new Dictionary<string, string?> { ["Portal:TrustedProxies:0"] = "10.1.0.0/16" });

    private HttpClient From(string address, string scheme = "http") => app.BrowserAt(address, baseAddress: new Uri(scheme + "://incidents.example.com/"));

    /// <summary>What the TLS-terminating proxy adds: the request came in over HTTPS from <paramref name="client"/>.</summary>
    private static void Forwarded(HttpRequestMessage request, string client)
    {
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", client);
    }

    private static HttpRequestMessage ViaProxy(string path, string client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        Forwarded(request, client);
        return request;
    }

    [GeneratedRegex("<script type=\"importmap\" nonce=\"(?<nonce>[^\"]+)\"")]
    private static partial Regex ImportMapNonce();

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/health/live")]
    [InlineData("/api/incidents")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        var response = await From("192.0.2.1").GetAsync(path);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Matches("script-src 'self' 'nonce-[0-9A-F]{32}';", csp);
        Assert.DoesNotContain("unsafe-inline' ;", csp.Replace("style-src 'self' 'unsafe-inline'", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'self' 'unsafe", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_ImportMapCarriesThisResponsesNonce()
    {
        var response = await From("192.0.2.1").GetAsync("/account/login");

        var nonce = WebUtility.HtmlDecode(ImportMapNonce().Match(await response.Content.ReadAsStringAsync()).Groups["nonce"].Value);
        Assert.NotEmpty(nonce);
        Assert.Contains($"'nonce-{nonce}'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpsAtATrustedProxy_HstsAndSecureCookies()
    {
        var response = await From("10.1.2.3").SendAsync(ViaProxy("/account/login", "203.0.113.5"));

        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ForwardedHeaders_FromAnUntrustedAddress_Ignored()
    {
        var response = await From("192.0.2.1").SendAsync(ViaProxy("/account/login", "203.0.113.5"));

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Throttle_CountsTheClientBehindTheProxy_NotTheProxy()
    {
        await app.CreateUserAsync("behind@example.test", Role.Responder);
        // The browser's cookies are Secure (the proxy says HTTPS): its client speaks HTTPS too, so it sends them back.
        var proxy = From("10.1.2.3", "https");

        Task<HttpResponseMessage> TryAsync(string client, string password) =>
            proxy.PostFormAsync("/account/login", "sign-in", new() { ["Input.Email"] = "behind@example.test", ["Input.Password"] = password },
                request => Forwarded(request, client));

        for (var i = 0; i < Web.Features.Account.SignIn.SignInThrottle.FreeTriesPerAccount; i++)
        {
            await TryAsync("203.0.113.70", $"Guess-number-{i}");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await TryAsync("203.0.113.70", TestApp.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await TryAsync("203.0.113.71", TestApp.Password)).StatusCode);
    }
}
