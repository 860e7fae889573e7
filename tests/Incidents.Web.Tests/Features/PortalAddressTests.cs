using Incidents.Web.Infrastructure;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Tests.Features;

/// <summary>Links sent out point to Portal:BaseUrl, else where the app really listens, never a made-up address.</summary>
public sealed class PortalAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5123", "http://127.0.0.1:5123/")]
    [InlineData("http://localhost:5080", "http://localhost:5080/")]
    [InlineData("http://0.0.0.0:8080", "http://ops-box:8080/")]
    [InlineData("http://[::]:8080", "http://ops-box:8080/")]
    [InlineData("http://+:80", "http://ops-box/")]
    [InlineData("http://*:8080", "http://ops-box:8080/")]
    [InlineData("http://127.0.0.1:80;https://127.0.0.1:443", "https://127.0.0.1/")]
    public void Reachable_BoundAddress_HttpsFirst_WildcardsBecomeTheMachine(string bound, string expected)
    {
        Assert.Equal(new Uri(expected), PortalOptions.Reachable(bound.Split(';'), "ops-box"));
    }

    [Fact]
    public void Reachable_NothingBound_Null()
    {
        Assert.Null(PortalOptions.Reachable(["unix:/tmp/app.sock"], "ops-box"));
    }

    [Fact]
    public void Link_ConfiguredBaseUrl_WinsOverTheListeningAddress()
    {
        var portal = new PortalOptions { BaseUrl = "https://incidents.example.com/ops/", ListeningOn = new Uri("http://127.0.0.1:5080/") };
        Assert.Equal("https://incidents.example.com/ops/incidents/4", portal.Link("/incidents/4").ToString());
        Assert.Equal("http://127.0.0.1:5080/incidents/4", new PortalOptions { ListeningOn = new Uri("http://127.0.0.1:5080/") }.Link("incidents/4").ToString());
    }

    [Fact]
    public async Task StartUp_WithoutBaseUrl_WarnsOnce()
    {
        using var app = new TestApp();
        using var client = app.CreateClient();

        await client.GetAsync("/health/live");

        Assert.Single(app.Logs, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Portal:BaseUrl is not set", StringComparison.Ordinal));
        Assert.NotNull(app.Services.GetRequiredService<IOptions<PortalOptions>>().Value.Root);
    }
}
