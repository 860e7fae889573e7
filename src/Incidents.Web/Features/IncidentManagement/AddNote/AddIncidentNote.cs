using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Inbox;

namespace Incidents.Web.Features.IncidentManagement.AddNote;

/// <summary>A Markdown note on the timeline (rendered sanitized); people @mentioned in it hear of it in their bell.</summary>
internal sealed class AddIncidentNote(IncidentCommands commands)
{
    public Task<Outcome> HandleAsync(long incidentId, string markdown, Actor actor, CancellationToken cancellationToken = default) =>
        commands.RunAsync(incidentId, null, actor, IncidentAction.AddNote, (incident, _, db) =>
            IncidentNews.WriteWithMentionsAsync(db, incident, markdown, actor, commands.Now, () => incident.AddNote(markdown, actor, commands.Now), cancellationToken),
            cancellationToken);
}
