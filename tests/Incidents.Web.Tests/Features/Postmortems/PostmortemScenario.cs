using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.IncidentManagement.Respond;
using Incidents.Web.Features.Postmortems.Open;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Postmortems;

/// <summary>A resolved incident with its commander, and the postmortem policy opened for it.</summary>
internal static class PostmortemScenario
{
    public static async Task<(long IncidentId, long? PostmortemId)> ResolvedAsync(TestApp app, long serviceId, Actor commander, Impact impact = Impact.High, Urgency urgency = Urgency.Medium)
    {
        var (_, incidentId) = await app.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident("Payments fail at checkout", null, serviceId, impact, urgency), commander);
        Assert.True((await app.Services.GetRequiredService<ChangeResponders>().AssignCommanderAsync(incidentId!.Value, commander.Id!, Actor.System)).Succeeded);
        Assert.True((await app.Services.GetRequiredService<ChangeIncidentStatus>().HandleAsync(incidentId.Value, StatusAction.Acknowledge, commander)).Succeeded);
        Assert.True((await app.Services.GetRequiredService<ChangeIncidentStatus>().HandleAsync(incidentId.Value, StatusAction.Resolve, commander, comment: "Rolled back the release")).Succeeded);
        return (incidentId.Value, await app.Services.GetRequiredService<OpenPostmortems>().ForIncidentAsync(incidentId.Value));
    }
}
