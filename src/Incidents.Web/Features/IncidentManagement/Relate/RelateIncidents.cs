using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.IncidentManagement.Relate;

/// <summary>Related incidents (both sides list each other) and duplicates (resolved, pointing at the original).</summary>
internal sealed class RelateIncidents(IncidentCommands commands, IIncidentNotifier notifier)
{
    public Task<Outcome> LinkAsync(long incidentId, long otherId, Actor actor, CancellationToken cancellationToken = default) =>
        WithOtherAsync(incidentId, otherId, actor, async (incident, other, db) =>
        {
            if (await db.IncidentLinks.AnyAsync(l => l.IncidentId == incidentId && l.RelatedIncidentId == otherId, cancellationToken))
            {
                return Outcome.Conflict($"{incident.Number} is already related to {other.Number}.");
            }

            var outcome = incident.LinkTo(other, actor, commands.Now);
            if (outcome.Succeeded)
            {
                other.LinkTo(incident, actor, commands.Now);
                db.IncidentLinks.AddRange(new IncidentLink(incident.Id, other.Id), new IncidentLink(other.Id, incident.Id));
            }

            return outcome;
        }, cancellationToken);

    public Task<Outcome> UnlinkAsync(long incidentId, long otherId, Actor actor, CancellationToken cancellationToken = default) =>
        WithOtherAsync(incidentId, otherId, actor, async (incident, other, db) =>
        {
            var links = await db.IncidentLinks
                .Where(l => (l.IncidentId == incidentId && l.RelatedIncidentId == otherId) || (l.IncidentId == otherId && l.RelatedIncidentId == incidentId))
                .ToListAsync(cancellationToken);
            if (links.Count == 0)
            {
                return Outcome.NotFound($"{incident.Number} and {other.Number} are not related.");
            }

            db.IncidentLinks.RemoveRange(links);
            incident.UnlinkFrom(other, actor, commands.Now);
            other.UnlinkFrom(incident, actor, commands.Now);
            return Outcome.Success;
        }, cancellationToken);

    public Task<Outcome> MarkDuplicateAsync(long duplicateId, long originalId, Actor actor, CancellationToken cancellationToken = default) =>
        WithOtherAsync(duplicateId, originalId, actor, async (duplicate, original, db) =>
        {
            var outcome = duplicate.MarkDuplicateOf(original, actor, commands.Now);
            if (outcome.Succeeded && !await db.IncidentLinks.AnyAsync(l => l.IncidentId == duplicateId && l.RelatedIncidentId == originalId, cancellationToken))
            {
                original.LinkTo(duplicate, actor, commands.Now);
                db.IncidentLinks.AddRange(new IncidentLink(duplicate.Id, original.Id), new IncidentLink(original.Id, duplicate.Id));
            }

            return outcome;
        }, cancellationToken);

    private async Task<Outcome> WithOtherAsync(
        long incidentId, long otherId, Actor actor,
        Func<Incident, Incident, IncidentsDbContext, Task<Outcome>> change, CancellationToken cancellationToken)
    {
        if (incidentId == otherId)
        {
            return Outcome.Invalid("Choose a different incident.");
        }

        Incident? other = null;
        var outcome = await commands.RunAsync(incidentId, null, actor, IncidentAction.Relate, async (incident, _, db) =>
        {
            other = await db.Incidents.SingleOrDefaultAsync(i => i.Id == otherId, cancellationToken);
            return other is null ? Outcome.NotFound($"{Incident.Format(otherId)} does not exist.") : await change(incident, other, db);
        }, cancellationToken);

        if (outcome.Succeeded && other is not null)
        {
            await notifier.PublishAsync(new IncidentChanged(other.Id, other.Version, actor.Name, IncidentChangeKind.Acted, IncidentAction.Relate));
        }

        return outcome;
    }
}
