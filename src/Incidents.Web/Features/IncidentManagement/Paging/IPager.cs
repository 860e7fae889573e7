namespace Incidents.Web.Features.IncidentManagement.Paging;

/// <summary>
/// The paging entry point: an incident needs people. Alert ingestion calls it for every incident it opens.
/// The on-call feature implements it (escalation policies, notification rules, delivery outbox).
/// </summary>
public interface IPager
{
    Task IncidentNeedsPagingAsync(long incidentId, string reason, CancellationToken cancellationToken = default);
}
