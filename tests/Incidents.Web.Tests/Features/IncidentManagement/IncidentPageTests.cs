using System.Net;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.IncidentManagement;

/// <summary>The incident page offers only the buttons that are legal now and allowed to the viewer.</summary>
public sealed class IncidentPageTests : IClassFixture<TestApp>
{
    private readonly TestApp app;

    public IncidentPageTests(TestApp app) => this.app = app;

    [Theory]
    [InlineData(Role.Admin, true, true)]
    [InlineData(Role.Responder, true, true)]
    [InlineData(Role.Support, false, true)]
    [InlineData(Role.Developer, false, true)]
    [InlineData(Role.Viewer, false, false)]
    public async Task IncidentPage_PerRole_ButtonsAndNoteBox(Role role, bool actions, bool note)
    {
        var serviceId = await app.CreateServiceAsync($"svc-{role.ToString().ToLowerInvariant()}");
        var (_, id) = await app.Services.GetRequiredService<LogIncident>()
            .HandleAsync(new NewIncident($"Broken for {role}", null, serviceId, Impact.Low, Urgency.Low), Actor.System);
        var browser = await app.SignedInAsAsync(role);

        var response = await browser.GetAsync($"/incidents/{id}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"Broken for {role}", html, StringComparison.Ordinal);
        Assert.Equal(actions, html.Contains("data-testid=\"action-acknowledge\"", StringComparison.Ordinal));
        Assert.DoesNotContain("data-testid=\"action-close\"", html, StringComparison.Ordinal);
        Assert.Equal(note, html.Contains("data-testid=\"note-submit\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task IncidentPage_Unknown_FriendlyNotFound()
    {
        var browser = await app.SignedInAsAsync(Role.Viewer);

        var html = await browser.GetStringAsync("/incidents/999999");

        Assert.Contains("INC-999999 does not exist", html, StringComparison.Ordinal);
    }
}
