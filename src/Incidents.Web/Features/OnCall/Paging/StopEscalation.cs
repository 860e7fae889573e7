using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.OnCall.Paging;

/// <summary>
/// Acknowledging stops escalation; resolving cancels whatever is still pending. Runs whenever an incident changes
/// (from the portal, the API, chat or a monitor's acknowledge); the dispatcher checks again before every send, so a
/// change made on another instance is honoured too. A reopened incident pages again, and so does one whose
/// severity is raised to the paging threshold before anyone was paged.
/// </summary>
public sealed class StopEscalation(
    IDbContextFactory<IncidentsDbContext> contexts, StartEscalation start, IIncidentNotifier notifier, IOptions<IncidentOptions> options, TimeProvider clock)
{
    private static readonly Actor Engine = new(null, "Escalation");

    public async Task HandleAsync(IncidentChanged change, CancellationToken cancellationToken = default)
    {
        if (change.What == "Paging")
        {
            return;
        }

        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().Where(i => i.Id == change.IncidentId).Select(i => new { i.Status, i.Severity }).SingleOrDefaultAsync(cancellationToken);
        if (incident is null)
        {
            return;
        }

        var current = incident.Status;
        if (current == IncidentStatus.Triggered)
        {
            if (change.What == "Reopen")
            {
                await start.IncidentNeedsPagingAsync(change.IncidentId, "reopened", cancellationToken);
            }
            else if (change.What is "Triage" or "Severity" && incident.Severity <= options.Value.PageAtOrAbove
                && !await db.Pages.AnyAsync(p => p.IncidentId == change.IncidentId, cancellationToken)
                && !await db.EscalationRuns.AnyAsync(r => r.IncidentId == change.IncidentId, cancellationToken))
            {
                await start.IncidentNeedsPagingAsync(change.IncidentId, $"raised to {incident.Severity.Label()} by {change.ChangedBy}", cancellationToken);
            }

            return;
        }

        var runs = await db.EscalationRuns.Where(r => r.ActiveIncidentId == change.IncidentId).ToListAsync(cancellationToken);
        var steps = await db.EscalationSteps.Where(s => s.IncidentId == change.IncidentId && s.Status == StepStatus.Pending).ToListAsync(cancellationToken);
        var closing = current is IncidentStatus.Resolved or IncidentStatus.Closed;
        // Acknowledging keeps notifications of pages made by hand (someone asked for that person); resolving ends all.
        var deliveries = await db.Deliveries.Where(d => d.IncidentId == change.IncidentId && d.Status == DeliveryStatus.Pending)
            .Join(db.Pages, d => d.PageId, p => p.Id, (d, p) => new { Delivery = d, p.RunId })
            .Where(x => closing || x.RunId != null).Select(x => x.Delivery).ToListAsync(cancellationToken);
        if (runs.Count == 0 && steps.Count == 0 && deliveries.Count == 0)
        {
            return;
        }

        db.ActingAs(Engine);
        steps.ForEach(s => s.Cancel(now));
        var cancelled = deliveries.Count(d => d.Cancel());
        foreach (var run in runs)
        {
            run.End(closing ? RunStatus.Resolved : RunStatus.Acknowledged, now);
        }

        var why = closing ? $"{Incident.Format(change.IncidentId)} was {current.ToString().ToLowerInvariant()} by {change.ChangedBy}" : $"acknowledged by {change.ChangedBy}";
        db.Timeline.Add(TimelineEntry.For(change.IncidentId, TimelineKind.EscalationStopped, Engine, now,
            $"Escalation stopped: {why}{(cancelled > 0 ? $"; {cancelled} pending notification(s) cancelled" : "")}."));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A dispatcher claimed a step or delivery meanwhile; it checks the incident's status itself before paging.
            return;
        }

        await notifier.PublishAsync(new IncidentChanged(change.IncidentId, 0, Engine.Name, "Paging"));
    }
}
