using Incidents.Domain;
using Incidents.Domain.Incidents;

namespace Incidents.Web.Features.IncidentManagement.AddNote;

/// <summary>A Markdown note on the timeline (rendered sanitized).</summary>
internal sealed class AddIncidentNote(IncidentCommands commands)
{
    public Task<Outcome> HandleAsync(long incidentId, string markdown, Actor actor, CancellationToken cancellationToken = default) =>
        commands.RunAsync(incidentId, null, actor, IncidentAction.AddNote, (incident, _) => incident.AddNote(markdown, actor, commands.Now), cancellationToken);
}
