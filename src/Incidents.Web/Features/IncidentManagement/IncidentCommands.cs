using Incidents.Domain;
using Incidents.Domain.Catalog;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.IncidentManagement;

/// <summary>
/// The one way every incident use case changes an incident: load it with its service, refuse a stale
/// <c>expectedVersion</c> with who changed it, apply the aggregate's method, save (EF checks the version
/// again), then tell open views. Handlers stay a few lines each.
/// </summary>
public sealed class IncidentCommands(IDbContextFactory<IncidentsDbContext> contexts, IIncidentNotifier notifier, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<Outcome> RunAsync(
        long incidentId,
        int? expectedVersion,
        Actor actor,
        string what,
        Func<Incident, Service, IncidentsDbContext, Task<Outcome>> change,
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

        var service = await db.Services.SingleAsync(s => s.Id == incident.ServiceId, cancellationToken);
        var outcome = await change(incident, service, db);
        if (!outcome.Succeeded)
        {
            return outcome;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            var current = await fresh.Incidents.AsNoTracking().SingleAsync(i => i.Id == incidentId, cancellationToken);
            return Stale(current);
        }

        await notifier.PublishAsync(new IncidentChanged(incident.Id, incident.Version, actor.Name, what));
        return outcome;
    }

    public Task<Outcome> RunAsync(long incidentId, int? expectedVersion, Actor actor, string what, Func<Incident, Service, Outcome> change, CancellationToken cancellationToken = default) =>
        RunAsync(incidentId, expectedVersion, actor, what, (incident, service, _) => Task.FromResult(change(incident, service)), cancellationToken);

    private static Outcome Stale(Incident current) =>
        Outcome.Conflict($"{current.Number} was changed by {current.LastChangedByName} at {current.LastChangedAt:HH:mm:ss} UTC. Reload to see the change.");
}
