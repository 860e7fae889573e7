using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.OnCall.Paging;

/// <summary>
/// "Escalate": do not wait for the timeout. While escalating, the next level is due now; otherwise the service's
/// policy starts (unacknowledged) or its next level after the last one reached is paged once (acknowledged).
/// </summary>
internal sealed class EscalateNow(IDbContextFactory<IncidentsDbContext> contexts, StartEscalation start, PagingSignal signal, IIncidentNotifier notifier, IncidentStandings standings, TimeProvider clock)
{
    public async Task<Outcome> HandleAsync(long incidentId, Actor by, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (incident, refusal) = await OnCallPeople.OpenIncidentAsync(db, incidentId, cancellationToken);
        if (incident is null)
        {
            return refusal!;
        }

        if (IncidentRights.Check(await standings.OfAsync(db, by, incident.Id, incident.ServiceId, cancellationToken), IncidentAction.Escalate, Incident.Format(incident.Id)) is { } refused)
        {
            return refused;
        }

        var pending = await db.EscalationSteps
            .Where(s => s.IncidentId == incidentId && s.Status == StepStatus.Pending)
            .Join(db.EscalationRuns.Where(r => r.ActiveIncidentId == incidentId), s => s.RunId, r => r.Id, (s, r) => s)
            .FirstOrDefaultAsync(cancellationToken);
        if (pending is not null)
        {
            pending.DueNow(now);
            db.ActingAs(by).Timeline.Add(TimelineEntry.For(incidentId, TimelineKind.Escalated, by, now, $"{by.Name} escalated without waiting for the timeout."));
            await db.SaveChangesAsync(cancellationToken);
            signal.Wake();
            await notifier.PublishAsync(new IncidentChanged(incidentId, 0, by.Name, IncidentChangeKind.Paging));
            return Outcome.Success;
        }

        if (incident.Status.AwaitsAcknowledgement())
        {
            return await start.HandleAsync(incidentId, null, $"escalated by {by.Name}", by, cancellationToken);
        }

        // Acknowledged already: page the level after the last one reached, once.
        var last = await db.EscalationRuns.AsNoTracking().Where(r => r.IncidentId == incidentId).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var policyId = last?.PolicyId ?? await db.Services.Where(s => s.Id == incident.ServiceId).Select(s => s.EscalationPolicyId).SingleAsync(cancellationToken);
        var policy = await db.EscalationPolicies.AsNoTracking().Include(p => p.Levels).SingleOrDefaultAsync(p => p.Id == policyId, cancellationToken);
        if (policy is null || policy.Levels.Count == 0)
        {
            return Outcome.Invalid("This incident's service has no escalation policy; page someone instead.");
        }

        var level = last is null ? 0 : Math.Min(last.Level + 1, policy.Levels.Count - 1);
        var targets = policy.LevelAt(level).Targets;
        var (people, gaps) = await OnCallPeople.ResolveAsync(db, targets, now, cancellationToken);
        if (people.Count == 0)
        {
            return Outcome.Invalid($"Nobody to page at level {level + 1} of {policy.Name}{(gaps.Count > 0 ? $": {string.Join("; ", gaps)}" : "")}.");
        }

        db.ActingAs(by);
        await OnCallPeople.PageAsync(db, incidentId, people, null, null, $"{by.Name} (escalated to level {level + 1} of {policy.Name})", now, cancellationToken);
        db.Timeline.Add(TimelineEntry.For(incidentId, TimelineKind.Escalated, by, now,
            $"{by.Name} escalated to level {level + 1} of **{policy.Name}**: paged {OnCallPeople.Describe(people)}."));
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        await notifier.PublishAsync(new IncidentChanged(incidentId, 0, by.Name, IncidentChangeKind.Paging));
        return Outcome.Success;
    }
}
