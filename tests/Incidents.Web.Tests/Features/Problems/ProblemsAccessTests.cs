using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Domain.Problems;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.Problems.Countermeasures;
using Incidents.Web.Features.Problems.Link;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Problems;

/// <summary>
/// Who gets which problem-management buttons: Admins, Responders and Developers manage problems and countermeasures;
/// Support and Viewers read them. Backlog connections are for Admins (page access is in AuthorizationTests).
/// </summary>
public sealed class ProblemsAccessTests : IClassFixture<ProblemsAccessTests.App>
{
    private readonly App app;

    public ProblemsAccessTests(App app) => this.app = app;

    public sealed class App : TestApp
    {
        public Task<(long Problem, long Incident, long Unlinked)> SeedAsync() => SeedOnceAsync(async () =>
        {
            var service = await CreateServiceAsync("ledger");
            var log = Services.GetRequiredService<LogIncident>();
            var (_, incident) = await log.HandleAsync(new NewIncident("Ledger out of balance", null, service, Impact.Low, Urgency.Low), Actor.System);
            var (_, unlinked) = await log.HandleAsync(new NewIncident("Ledger slow", null, service, Impact.Low, Urgency.Low), Actor.System);
            var (_, problem) = await Services.GetRequiredService<LinkProblem>().CreateFromIncidentAsync(incident!.Value, null, Actor.System);
            await Services.GetRequiredService<ManageCountermeasures>().AddAsync(
                new CountermeasureInput("Reconcile nightly", null, CountermeasureKind.MonitoringDetection, null, null, 2, null, problem), Actor.System);
            return (problem!.Value, incident.Value, unlinked!.Value);
        });
    }

    public static TheoryData<Role> AllRoles() => [.. Roles.All];

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task Buttons_PerRole_OnlyForWhoMayManageProblems(Role role)
    {
        var (problem, incident, unlinked) = await app.SeedAsync();
        var browser = await app.SignedInAsAsync(role);
        var manages = role is Role.Admin or Role.Responder or Role.Developer;

        var list = await browser.GetStringAsync("/problems");
        var page = await browser.GetStringAsync($"/problems/{problem}");
        var linkedIncident = await browser.GetStringAsync($"/incidents/{incident}");
        var otherIncident = await browser.GetStringAsync($"/incidents/{unlinked}");
        var board = await browser.GetStringAsync("/countermeasures");

        Assert.Contains("data-testid=\"problems-table\"", list, StringComparison.Ordinal);
        Assert.Equal(manages, list.Contains("data-testid=\"new-problem\"", StringComparison.Ordinal));
        Assert.Contains("data-testid=\"problem-heading\"", page, StringComparison.Ordinal);
        Assert.Equal(manages, page.Contains("data-testid=\"analysis-save\"", StringComparison.Ordinal));
        Assert.Equal(manages, page.Contains("data-testid=\"problem-actions\"", StringComparison.Ordinal));
        Assert.Contains("data-testid=\"linked-problem\"", linkedIncident, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"incident-problem\"", otherIncident, StringComparison.Ordinal);
        Assert.Equal(manages, otherIncident.Contains("data-testid=\"create-problem\"", StringComparison.Ordinal));
        Assert.Contains("data-testid=\"countermeasure-card\"", board, StringComparison.Ordinal);
        Assert.Equal(manages, board.Contains("data-testid=\"card-menu\"", StringComparison.Ordinal));
    }
}
