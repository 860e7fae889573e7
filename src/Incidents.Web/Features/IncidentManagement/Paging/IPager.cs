using Incidents.Domain;
using Incidents.Web.Data;

namespace Incidents.Web.Features.IncidentManagement.Paging;

/// <summary>
/// The paging entry point: an incident needs people. Whoever opens (or reopens) an incident calls it inside its own
/// transaction, so the escalation and its first step commit with the incident or not at all: a crash can never leave
/// an incident that needed paging without it. The on-call feature implements it (escalation policies, notification
/// rules, delivery outbox).
/// </summary>
internal interface IPager
{
    /// <summary>
    /// Adds the escalation of the incident's service's policy (level 1 due at once) to <paramref name="db"/>, which must
    /// be inside a transaction; saves, but commits nothing. Without a policy it records that nobody could be paged.
    /// </summary>
    Task StartInAsync(IncidentsDbContext db, long incidentId, string reason, Actor by, CancellationToken cancellationToken = default);

    /// <summary>
    /// The incident was acknowledged or resolved: ends its escalation and cancels pending notifications in
    /// <paramref name="db"/> and saves; false when there was nothing to stop, or a dispatcher holds a claim on it (the
    /// dispatcher checks the incident's status itself before it pages).
    /// </summary>
    Task<bool> StopInAsync(IncidentsDbContext db, long incidentId, Domain.Incidents.IncidentStatus status, string changedBy, CancellationToken cancellationToken = default);

    /// <summary>After the caller committed: the dispatcher looks at once instead of at its next tick.</summary>
    void Committed();
}
