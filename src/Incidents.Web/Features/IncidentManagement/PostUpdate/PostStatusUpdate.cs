using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Inbox;

namespace Incidents.Web.Features.IncidentManagement.PostUpdate;

/// <summary>A public status update for stakeholders; the latest is shown prominently on the incident.</summary>
internal sealed class PostStatusUpdate(IncidentCommands commands)
{
    public Task<Outcome> HandleAsync(long incidentId, string text, Actor actor, CancellationToken cancellationToken = default) =>
        commands.RunAsync(incidentId, null, actor, IncidentAction.PostStatusUpdate, (incident, _, db) =>
            IncidentNews.WriteWithMentionsAsync(db, incident, text, actor, commands.Now, () => incident.PostStatusUpdate(text, actor, commands.Now), cancellationToken),
            cancellationToken);
}
