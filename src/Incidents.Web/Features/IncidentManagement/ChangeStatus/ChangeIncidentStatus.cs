using Incidents.Domain;
using Incidents.Domain.Incidents;

namespace Incidents.Web.Features.IncidentManagement.ChangeStatus;

internal enum StatusAction
{
    Acknowledge,
    Mitigate,
    Resolve,
    Close,
    Reopen,
}

internal static class StatusActions
{
    public static IncidentAction ToIncidentAction(this StatusAction action) => action switch
    {
        StatusAction.Acknowledge => IncidentAction.Acknowledge,
        StatusAction.Mitigate => IncidentAction.Mitigate,
        StatusAction.Resolve => IncidentAction.Resolve,
        StatusAction.Close => IncidentAction.Close,
        StatusAction.Reopen => IncidentAction.Reopen,
    };

    /// <summary>The status change an incident action is, if it is one.</summary>
    public static StatusAction? FromIncidentAction(IncidentAction action) => action switch
    {
        IncidentAction.Acknowledge => StatusAction.Acknowledge,
        IncidentAction.Mitigate => StatusAction.Mitigate,
        IncidentAction.Resolve => StatusAction.Resolve,
        IncidentAction.Close => StatusAction.Close,
        IncidentAction.Reopen => StatusAction.Reopen,
        IncidentAction.Escalate or IncidentAction.AddNote or IncidentAction.PostStatusUpdate or IncidentAction.Triage
            or IncidentAction.ManagePeople or IncidentAction.Relate => null,
    };
}

/// <summary>Acknowledge, mitigate, resolve, close or reopen: the rules are the aggregate's; this is the use case.</summary>
internal sealed class ChangeIncidentStatus(IncidentCommands commands)
{
    public Task<Outcome> HandleAsync(long incidentId, StatusAction action, Actor actor, int? expectedVersion = null, string? comment = null, CancellationToken cancellationToken = default) =>
        commands.RunAsync(incidentId, expectedVersion, actor, action.ToIncidentAction(), (incident, service) => action switch
        {
            StatusAction.Acknowledge => incident.Acknowledge(actor, commands.Now),
            StatusAction.Mitigate => incident.Mitigate(actor, commands.Now),
            StatusAction.Resolve => incident.Resolve(actor, commands.Now, comment),
            StatusAction.Close => incident.Close(actor, commands.Now),
            StatusAction.Reopen => incident.Reopen(actor, commands.Now, service, comment),
        }, _ => action == StatusAction.Reopen ? new PagingNeed("reopened") : null, cancellationToken);
}
