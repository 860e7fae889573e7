using Incidents.Domain;
using Incidents.Domain.Catalog;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement.Paging;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.IncidentManagement;

/// <summary>Paging a change calls for: why, and whether only an incident nobody was ever paged for needs it.</summary>
internal sealed record PagingNeed(string Reason, bool OnlyIfNeverPaged = false);

/// <summary>
/// The one way every incident use case changes an incident: load it with its service, refuse a stale
/// <c>expectedVersion</c> with who changed it, apply the aggregate's method, save (EF checks the version
/// again) together with the paging the change calls for, then tell open views. Handlers stay a few lines each.
/// </summary>
internal sealed class IncidentCommands(
    IDbContextFactory<IncidentsDbContext> contexts, IIncidentNotifier notifier, IPager pager, IncidentStandings standings, Inbox.InboxSignal inbox, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    public Task<Outcome> RunAsync(
        long incidentId,
        int? expectedVersion,
        Actor actor,
        IncidentAction action,
        Func<Incident, Service, IncidentsDbContext, Task<Outcome>> change,
        CancellationToken cancellationToken = default) =>
        RunAsync(incidentId, expectedVersion, actor, action, change, null, cancellationToken);

    /// <summary>As above; <paramref name="paging"/> says whether the changed incident needs paging (committed with the change).</summary>
    public async Task<Outcome> RunAsync(
        long incidentId,
        int? expectedVersion,
        Actor actor,
        IncidentAction action,
        Func<Incident, Service, IncidentsDbContext, Task<Outcome>> change,
        Func<Incident, PagingNeed?>? paging,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ActingAs(actor);
        var incident = await db.Incidents.Include(i => i.Responders).SingleOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
        if (incident is null)
        {
            return Outcome.NotFound($"{Incident.Format(incidentId)} does not exist.");
        }

        if (expectedVersion is { } expected && expected != incident.Version)
        {
            return Stale(incident);
        }

        // Who may do this, decided by the domain for every caller (portal, chat, API).
        if (incident.WhyNot(action, await standings.OfAsync(db, actor, incident.Id, incident.ServiceId, cancellationToken)) is { Kind: OutcomeKind.Forbidden } refused)
        {
            return refused;
        }

        var service = await db.Services.SingleAsync(s => s.Id == incident.ServiceId, cancellationToken);
        var before = incident.Status;
        var outcome = await change(incident, service, db);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        // Acting on it makes the person part of the response (and the first to take it its commander).
        if (incident.Involve(actor, action, Now) is { Note: { } note })
        {
            outcome = Outcome.SucceededWith(outcome.Note is null ? note : $"{outcome.Note} {note}");
        }

        var paged = false;
        try
        {
            // The change and the escalation it starts commit together (a reopened incident is never left unpaged).
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            if (before != incident.Status && !incident.Status.AwaitsAcknowledgement())
            {
                // Acknowledged or resolved: escalation ends in the same transaction.
                await pager.StopInAsync(db, incident.Id, incident.Status, actor.Name, cancellationToken);
            }

            if (paging?.Invoke(incident) is { } need && incident.Status.AwaitsAcknowledgement()
                && !(need.OnlyIfNeverPaged
                    ? await db.EscalationRuns.AnyAsync(r => r.IncidentId == incident.Id, cancellationToken) || await db.Pages.AnyAsync(p => p.IncidentId == incident.Id, cancellationToken)
                    : await db.EscalationRuns.AnyAsync(r => r.ActiveIncidentId == incident.Id, cancellationToken)))
            {
                await pager.StartInAsync(db, incident.Id, need.Reason, actor, cancellationToken);
                paged = true;
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            var current = await fresh.Incidents.AsNoTracking().SingleAsync(i => i.Id == incidentId, cancellationToken);
            return Stale(current);
        }

        if (paged)
        {
            pager.Committed();
        }

        inbox.ChangedIn(db);

        await notifier.PublishAsync(new IncidentChanged(incident.Id, incident.Version, actor.Name, IncidentChangeKind.Acted, action));
        return outcome;
    }

    public Task<Outcome> RunAsync(
        long incidentId, int? expectedVersion, Actor actor, IncidentAction action, Func<Incident, Service, Outcome> change, CancellationToken cancellationToken = default) =>
        RunAsync(incidentId, expectedVersion, actor, action, change, null, cancellationToken);

    public Task<Outcome> RunAsync(
        long incidentId, int? expectedVersion, Actor actor, IncidentAction action, Func<Incident, Service, Outcome> change,
        Func<Incident, PagingNeed?>? paging, CancellationToken cancellationToken = default) =>
        RunAsync(incidentId, expectedVersion, actor, action, (incident, service, _) => Task.FromResult(change(incident, service)), paging, cancellationToken);

    private static Outcome Stale(Incident current) =>
        Outcome.Conflict($"{current.Number} was changed by {current.LastChangedByName} at {current.LastChangedAt:HH:mm:ss} UTC. Reload to see the change.");
}
