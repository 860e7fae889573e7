using Incidents.Web.Features.Dashboard.GettingStarted;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Dashboard;

/// <summary>The first-run checklist ticks each step from what exists.</summary>
public sealed class GettingStartedTests : IDisposable
{
    private readonly TestApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Steps_TickThemselves_AsThingsExist()
    {
        var checklist = app.Services.GetRequiredService<ShowGettingStarted>();

        var fresh = await checklist.HandleAsync();
        Assert.Equal(["service", "monitoring", "schedule", "policy", "chat"], fresh.Select(s => s.Key));
        Assert.All(fresh, s => Assert.False(s.Done, s.Key));
        Assert.All(fresh, s => Assert.StartsWith("/", s.Link, StringComparison.Ordinal));

        await app.CreateServiceAsync("checkout-api");

        var after = await checklist.HandleAsync();
        Assert.True(after.Single(s => s.Key == "service").Done);
        Assert.False(after.Single(s => s.Key == "monitoring").Done);
    }
}
