using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.IncidentManagement.Paging;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.OnCall.Paging;

/// <summary>
/// The paging entry point: an incident needs people, so its service's escalation policy starts (level 1 is due at
/// once). Safe to call twice: an incident has at most one active escalation (a unique key in the database).
/// </summary>
public sealed partial class StartEscalation(
    IDbContextFactory<IncidentsDbContext> contexts,
    PagingSignal signal,
    IIncidentNotifier notifier,
    TimeProvider clock,
    ILogger<StartEscalation> logger) : IPager
{
    public Task IncidentNeedsPagingAsync(long incidentId, string reason, CancellationToken cancellationToken = default) =>
        HandleAsync(incidentId, null, reason, Actor.System, cancellationToken);

    /// <summary>Starts the given policy, or the incident's service's; the outcome says why not.</summary>
    public async Task<Outcome> HandleAsync(long incidentId, long? policyId, string reason, Actor by, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId)
            .Select(i => new { i.Id, i.Status, i.ServiceId }).SingleOrDefaultAsync(cancellationToken);
        if (incident is null)
        {
            return Outcome.NotFound($"{Incident.Format(incidentId)} does not exist.");
        }

        if (incident.Status != IncidentStatus.Triggered)
        {
            return Outcome.Conflict($"{Incident.Format(incidentId)} is {incident.Status.ToString().ToLowerInvariant()}; escalation only runs while nobody has acknowledged.");
        }

        if (await db.EscalationRuns.AnyAsync(r => r.ActiveIncidentId == incidentId, cancellationToken))
        {
            return Outcome.Conflict($"{Incident.Format(incidentId)} is already escalating.");
        }

        var service = await db.Services.AsNoTracking().Where(s => s.Id == incident.ServiceId).Select(s => new { s.Name, s.EscalationPolicyId }).SingleAsync(cancellationToken);
        var policy = await db.EscalationPolicies.AsNoTracking().Include(p => p.Levels)
            .SingleOrDefaultAsync(p => p.Id == (policyId ?? service.EscalationPolicyId), cancellationToken);
        if (policy is null || policy.Levels.Count == 0)
        {
            LogNoPolicy(logger, incidentId, service.Name);
            db.Timeline.Add(TimelineEntry.For(incidentId, TimelineKind.Paged, Actor.System, now,
                $"Nobody was paged ({reason}): {service.Name} has no escalation policy."));
            await db.SaveChangesAsync(cancellationToken);
            await notifier.PublishAsync(new IncidentChanged(incidentId, 0, Actor.System.Name, "Paging"));
            return Outcome.Invalid($"{service.Name} has no escalation policy.");
        }

        var run = new EscalationRun(incidentId, policy, reason, now);
        db.ActingAs(by).EscalationRuns.Add(run);
        db.Timeline.Add(TimelineEntry.For(incidentId, TimelineKind.Escalated, by, now, $"Escalation policy **{policy.Name}** started ({reason})."));
        try
        {
            // The run and its first step commit together: an active run always has a step to take it further.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            db.EscalationSteps.Add(new EscalationStep(run.Id, incidentId, new EscalationPosition(0, 0), now));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request started it a moment earlier (the unique active key said so).
            return Outcome.Conflict($"{Incident.Format(incidentId)} is already escalating.");
        }

        signal.Wake();
        await notifier.PublishAsync(new IncidentChanged(incidentId, 0, by.Name, "Paging"));
        return Outcome.Success;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "INC-{IncidentId} needs paging but service {Service} has no escalation policy")]
    private static partial void LogNoPolicy(ILogger logger, long incidentId, string service);
}
