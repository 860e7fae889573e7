using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.OnCall.Paging;

/// <summary>
/// Acknowledging stops escalation; resolving cancels whatever is still pending. Written in the transaction of the
/// change itself (<see cref="StopInAsync"/>, called through <c>IPager</c> by incident commands and alert intake); as a
/// safety net it also runs whenever this instance hears of a change. The dispatcher checks the incident again before
/// every step and send, so a change that reached neither (another instance, a direct write) still pages nobody.
/// </summary>
internal sealed class StopEscalation(IDbContextFactory<IncidentsDbContext> contexts, IIncidentNotifier notifier, TimeProvider clock)
{
    private static readonly Actor Engine = new(null, "Escalation");

    public async Task HandleAsync(IncidentChanged change, CancellationToken cancellationToken = default)
    {
        if (change.Kind is IncidentChangeKind.Paging or IncidentChangeKind.AlertsOnly)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var current = await db.Incidents.AsNoTracking().Where(i => i.Id == change.IncidentId).Select(i => (IncidentStatus?)i.Status).SingleOrDefaultAsync(cancellationToken);
        if (current is not { } status || status.AwaitsAcknowledgement()
            || !await StopInAsync(db, change.IncidentId, status, change.ChangedBy, clock.GetUtcNow(), cancellationToken))
        {
            return;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A dispatcher claimed a step or delivery meanwhile; it checks the incident's status itself before paging.
            return;
        }

        await notifier.PublishAsync(new IncidentChanged(change.IncidentId, 0, Engine.Name, IncidentChangeKind.Paging));
    }

    /// <summary>
    /// Ends the incident's active escalation and cancels what it still had pending, in <paramref name="db"/> (the
    /// caller saves); false when there was nothing to stop.
    /// </summary>
    public static async Task<bool> StopInAsync(
        IncidentsDbContext db, long incidentId, IncidentStatus current, string changedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var runs = await db.EscalationRuns.Where(r => r.ActiveIncidentId == incidentId).ToListAsync(cancellationToken);
        var steps = await db.EscalationSteps.Where(s => s.IncidentId == incidentId && s.Status == StepStatus.Pending).ToListAsync(cancellationToken);
        var closing = !current.IsOpen();
        // Acknowledging keeps notifications of pages made by hand (someone asked for that person); resolving ends all.
        var deliveries = await db.Deliveries.Where(d => d.IncidentId == incidentId && d.Status == DeliveryStatus.Pending)
            .Join(db.Pages, d => d.PageId, p => p.Id, (d, p) => new { Delivery = d, p.RunId })
            .Where(x => closing || x.RunId != null).Select(x => x.Delivery).ToListAsync(cancellationToken);
        if (runs.Count == 0 && steps.Count == 0 && deliveries.Count == 0)
        {
            return false;
        }

        steps.ForEach(s => s.Cancel(now));
        var cancelled = deliveries.Count(d => d.Cancel());
        foreach (var run in runs)
        {
            run.End(closing ? RunStatus.Resolved : RunStatus.Acknowledged, now);
        }

        var why = closing ? $"{Incident.Format(incidentId)} was {current.ToString().ToLowerInvariant()} by {changedBy}" : $"acknowledged by {changedBy}";
        db.Timeline.Add(TimelineEntry.For(incidentId, TimelineKind.EscalationStopped, Engine, now,
            $"Escalation stopped: {why}{(cancelled > 0 ? $"; {cancelled} pending notification(s) cancelled" : "")}."));
        return true;
    }
}
