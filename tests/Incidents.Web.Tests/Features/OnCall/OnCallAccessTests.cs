using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.OnCall.Schedules;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.OnCall;

/// <summary>Which on-call buttons each role gets: overrides for Admins and Responders, paging for Admins, Responders and Support.</summary>
public sealed class OnCallAccessTests : IClassFixture<OnCallAccessTests.App>
{
    private readonly App app;

    public OnCallAccessTests(App app) => this.app = app;

    public sealed class App : TestApp
    {
        private long? scheduleId;
        private long? incidentId;

        public async Task<(long Schedule, long Incident)> SeedAsync()
        {
            if (scheduleId is null)
            {
                var (_, schedule) = await Services.GetRequiredService<ManageSchedules>().SaveAsync(null, "Primary", "UTC", null, null, Actor.System);
                var service = await CreateServiceAsync("checkout");
                var (_, incident) = await Services.GetRequiredService<LogIncident>().HandleAsync(
                    new NewIncident("Checkout slow", null, service, Impact.Low, Urgency.Low), Actor.System);
                (scheduleId, incidentId) = (schedule, incident);
            }

            return (scheduleId!.Value, incidentId!.Value);
        }
    }

    public static TheoryData<Role> AllRoles() => [.. Roles.All];

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task Buttons_PerRole_OnlyForWhoMayUseThem(Role role)
    {
        var (schedule, incident) = await app.SeedAsync();
        var browser = await app.SignedInAsAsync(role);

        var schedulePage = await browser.GetStringAsync($"/oncall/schedules/{schedule}");
        var incidentPage = await browser.GetStringAsync($"/incidents/{incident}");

        Assert.Equal(role is Role.Admin or Role.Responder, schedulePage.Contains("data-testid=\"add-override\"", StringComparison.Ordinal));
        Assert.Equal(role is Role.Admin, schedulePage.Contains("data-testid=\"add-layer\"", StringComparison.Ordinal));
        Assert.Contains("data-testid=\"paging-panel\"", incidentPage, StringComparison.Ordinal);
        Assert.Equal(role is Role.Admin or Role.Responder or Role.Support, incidentPage.Contains("data-testid=\"page-someone\"", StringComparison.Ordinal));
        Assert.Equal(role is Role.Admin or Role.Responder, incidentPage.Contains("data-testid=\"escalate\"", StringComparison.Ordinal));
    }
}
