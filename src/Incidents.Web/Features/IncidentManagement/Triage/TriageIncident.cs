using Incidents.Domain;
using Incidents.Domain.Incidents;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.IncidentManagement.Triage;

/// <summary>Impact and urgency (severity from the matrix), or a severity chosen by a person with a reason.</summary>
internal sealed class TriageIncident(IncidentCommands commands, IOptions<IncidentOptions> options)
{
    public Task<Outcome> HandleAsync(long incidentId, Impact impact, Urgency urgency, Actor actor, int? expectedVersion = null, CancellationToken cancellationToken = default) =>
        commands.RunAsync(incidentId, expectedVersion, actor, IncidentAction.Triage, (incident, service) =>
            incident.Reprioritize(impact, urgency, options.Value.Matrix(), service, actor, commands.Now), RaisedToThreshold(actor), cancellationToken);

    public Task<Outcome> OverrideAsync(long incidentId, Severity severity, string reason, Actor actor, int? expectedVersion = null, CancellationToken cancellationToken = default) =>
        commands.RunAsync(incidentId, expectedVersion, actor, IncidentAction.Triage, (incident, service) =>
            incident.OverrideSeverity(severity, reason, service, actor, commands.Now), RaisedToThreshold(actor), cancellationToken);

    /// <summary>Raised to the paging threshold before anyone was paged: the on-call is paged now.</summary>
    private Func<Incident, PagingNeed?> RaisedToThreshold(Actor actor) => incident =>
        incident.Severity.IsAtOrAbove(options.Value.PageAtOrAbove) ? new PagingNeed($"raised to {incident.Severity.Label()} by {actor.Name}", OnlyIfNeverPaged: true) : null;
}
