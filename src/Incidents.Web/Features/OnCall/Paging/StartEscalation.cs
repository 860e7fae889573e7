using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.IncidentManagement.Paging;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.OnCall.Paging;

/// <summary>
/// Starts escalation: an incident needs people, so a policy starts (level 1 is due at once). The run and its first
/// step are written in the caller's transaction (<see cref="StartInAsync"/>) or in one of their own
/// (<see cref="HandleAsync"/>); an incident has at most one active escalation (a unique key in the database).
/// </summary>
internal sealed partial class StartEscalation(
    IDbContextFactory<IncidentsDbContext> contexts,
    PagingSignal signal,
    IIncidentNotifier notifier,
    TimeProvider clock,
    ILogger<StartEscalation> logger) : IPager
{
    public async Task StartInAsync(IncidentsDbContext db, long incidentId, string reason, Actor by, CancellationToken cancellationToken = default)
    {
        var serviceId = await db.Incidents.Where(i => i.Id == incidentId).Select(i => i.ServiceId).SingleAsync(cancellationToken);
        await BeginAsync(db, incidentId, serviceId, null, reason, by, clock.GetUtcNow(), cancellationToken);
    }

    public void Committed() => signal.Wake();

    public async Task<bool> StopInAsync(IncidentsDbContext db, long incidentId, IncidentStatus status, string changedBy, CancellationToken cancellationToken = default)
    {
        // The caller's own changes first (their failures are the caller's), so that what is pending below is the stop alone.
        await db.SaveChangesAsync(cancellationToken);
        if (!await StopEscalation.StopInAsync(db, incidentId, status, changedBy, clock.GetUtcNow(), cancellationToken))
        {
            return false;
        }

        try
        {
            // EF rolls back to a savepoint when this fails inside the caller's transaction: the change itself stays.
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // A dispatcher claimed a step or delivery meanwhile (it checks the incident before paging): drop the stop.
            db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList().ForEach(e => e.State = EntityState.Detached);
            return false;
        }
    }

    /// <summary>Starts the given policy, or the incident's service's, in a transaction of its own; the outcome says why not.</summary>
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

        if (!incident.Status.AwaitsAcknowledgement())
        {
            return Outcome.Conflict($"{Incident.Format(incidentId)} is {incident.Status.ToString().ToLowerInvariant()}; escalation only runs while nobody has acknowledged.");
        }

        if (await db.EscalationRuns.AnyAsync(r => r.ActiveIncidentId == incidentId, cancellationToken))
        {
            return Outcome.Conflict($"{Incident.Format(incidentId)} is already escalating.");
        }

        Outcome outcome;
        db.ActingAs(by);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            outcome = await BeginAsync(db, incidentId, incident.ServiceId, policyId, reason, by, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request started it a moment earlier (the unique active key said so).
            return Outcome.Conflict($"{Incident.Format(incidentId)} is already escalating.");
        }

        signal.Wake();
        await notifier.PublishAsync(new IncidentChanged(incidentId, 0, by.Name, IncidentChangeKind.Paging));
        return outcome;
    }

    /// <summary>The run and its first step (or the timeline line saying nobody could be paged), saved in the caller's transaction.</summary>
    private async Task<Outcome> BeginAsync(
        IncidentsDbContext db, long incidentId, long serviceId, long? policyId, string reason, Actor by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var service = await db.Services.AsNoTracking().Where(s => s.Id == serviceId).Select(s => new { s.Name, s.EscalationPolicyId }).SingleAsync(cancellationToken);
        var policy = await db.EscalationPolicies.AsNoTracking().Include(p => p.Levels)
            .SingleOrDefaultAsync(p => p.Id == (policyId ?? service.EscalationPolicyId), cancellationToken);
        if (policy is null || policy.Levels.Count == 0)
        {
            LogNoPolicy(logger, incidentId, service.Name);
            db.Timeline.Add(TimelineEntry.For(incidentId, TimelineKind.Paged, Actor.System, now,
                $"Nobody was paged ({reason}): {service.Name} has no escalation policy."));
            await db.SaveChangesAsync(cancellationToken);
            return Outcome.Invalid($"{service.Name} has no escalation policy.");
        }

        // The run and its first step commit together: an active run always has a step to take it further.
        var run = new EscalationRun(incidentId, policy, reason, now);
        db.EscalationRuns.Add(run);
        db.Timeline.Add(TimelineEntry.For(incidentId, TimelineKind.Escalated, by, now, $"Escalation policy **{policy.Name}** started ({reason})."));
        await db.SaveChangesAsync(cancellationToken);
        db.EscalationSteps.Add(new EscalationStep(run.Id, incidentId, new EscalationPosition(0, 0), now));
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Success;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "INC-{IncidentId} needs paging but service {Service} has no escalation policy")]
    private static partial void LogNoPolicy(ILogger logger, long incidentId, string service);
}
