using Incidents.Domain;
using Incidents.Domain.Catalog;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Catalog.Services;
using Incidents.Web.Features.Catalog.Teams;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Catalog;

public sealed class ManageServicesTests : IClassFixture<TestApp>
{
    private readonly TestApp app;

    public ManageServicesTests(TestApp app) => this.app = app;

    [Fact]
    public async Task SaveAsync_CustomSlaTargets_ReadBackExactlyAndDriveDeadlines()
    {
        var (_, teamId) = await app.Services.GetRequiredService<ManageTeams>().SaveAsync(null, new TeamInput("Billing", null, []), Actor.System);
        SlaTarget[] targets = [new(Severity.Sev1, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(30)), .. SlaTarget.Defaults.Where(t => t.Severity != Severity.Sev1)];
        var services = app.Services.GetRequiredService<ManageServices>();
        var (saved, serviceId) = await services.SaveAsync(null, new ServiceInput("Invoices", "invoices", teamId!.Value, ServiceTier.Tier1, 99.9m, null, targets), Actor.System);
        Assert.True(saved.Succeeded, saved.Error);

        var row = (await services.ListAsync()).Single(s => s.Id == serviceId);
        Assert.Equal(4, row.SlaTargets.Count);
        Assert.Equal(TimeSpan.FromMinutes(2), row.SlaTargets.Single(t => t.Severity == Severity.Sev1).AcknowledgeWithin);
        // What the list returns saves again as it is.
        var (again, _) = await services.SaveAsync(row.Id, new ServiceInput(row.Name, row.Slug, row.TeamId, row.Tier, row.AvailabilityTarget, row.RunbookUrl, row.SlaTargets), Actor.System);
        Assert.True(again.Succeeded, again.Error);

        var (_, incidentId) = await app.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident("Invoices missing", null, serviceId!.Value, Impact.High, Urgency.High), Actor.System);
        await using var db = await app.NewDbContextAsync();
        var incident = await db.Incidents.SingleAsync(i => i.Id == incidentId);
        Assert.Equal(incident.TriggeredAt + TimeSpan.FromMinutes(2), incident.AcknowledgeDueAt);
    }
}
