using Incidents.Domain;
using Incidents.Domain.Changes;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Changes.Suspects;

/// <summary>A change as an incident shows it: a suspect, or recorded as its cause or its fix.</summary>
public sealed record SuspectChange(
    long Id, string Number, string Title, ChangeStatus Status, ChangeType Type, bool Bypassed, string RequesterName, string? Implementer,
    string? CommitSha, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, ChangeRelation? Relation);

/// <summary>
/// The changes to an incident's service just before it began (<c>Changes:SuspectWindowHours</c>), newest first, with
/// the ones recorded as its cause or fix; and recording "caused by CHG-n" / "fixed by CHG-n", which goes on the
/// incident's timeline and is allowed to whoever may add notes to the incident (the domain's answer).
/// </summary>
internal sealed class SuspectChanges(IDbContextFactory<IncidentsDbContext> contexts, IncidentCommands commands, IOptions<ChangeOptions> options)
{
    public const int MaxSuspects = 10;

    public async Task<IReadOnlyList<SuspectChange>> ForIncidentAsync(long incidentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId).Select(i => new { i.ServiceId, i.TriggeredAt }).SingleOrDefaultAsync(cancellationToken);
        if (incident is null)
        {
            return [];
        }

        return await ForAsync(db, incidentId, incident.ServiceId, incident.TriggeredAt, cancellationToken);
    }

    /// <summary>The suspects of an incident of <paramref name="serviceId"/> that began at <paramref name="began"/>, and its linked changes.</summary>
    public async Task<IReadOnlyList<SuspectChange>> ForAsync(IncidentsDbContext db, long incidentId, long serviceId, DateTimeOffset began, CancellationToken cancellationToken)
    {
        var window = options.Value.SuspectWindow;
        var since = began - window;
        var production = Change.Production;
        // Two index ranges on (ServiceId, EndedAt): ended in the window, and still under way (no end yet).
        var ended = await db.Changes.AsNoTracking()
            .Where(c => c.ServiceId == serviceId && c.EndedAt >= since && c.StartedAt <= began && c.Environment == production)
            .OrderByDescending(c => c.StartedAt).Take(MaxSuspects).ToListAsync(cancellationToken);
        var underWay = await db.Changes.AsNoTracking()
            .Where(c => c.ServiceId == serviceId && c.EndedAt == null && c.StartedAt <= began && c.Environment == production)
            .OrderByDescending(c => c.StartedAt).Take(MaxSuspects).ToListAsync(cancellationToken);
        var links = await db.IncidentChanges.AsNoTracking().Where(l => l.IncidentId == incidentId).ToListAsync(cancellationToken);
        var linkedIds = links.Select(l => l.ChangeId).ToHashSet();
        var linked = linkedIds.Count == 0 ? [] : await db.Changes.AsNoTracking().Where(c => linkedIds.Contains(c.Id)).ToListAsync(cancellationToken);
        var relation = links.GroupBy(l => l.ChangeId).ToDictionary(g => g.Key, g => (ChangeRelation?)g.OrderBy(l => l.Relation).First().Relation);
        return ended.Concat(underWay).Where(c => c.IsSuspectFor(began, window)).Concat(linked)
            .DistinctBy(c => c.Id)
            .OrderByDescending(c => relation.ContainsKey(c.Id)).ThenByDescending(c => c.StartedAt ?? c.CreatedAt)
            .Take(MaxSuspects + linked.Count)
            .Select(c => new SuspectChange(c.Id, c.Number, c.Title, c.Status, c.Type, c.Bypassed, c.RequesterName, c.Implementer, c.CommitSha,
                c.StartedAt, c.EndedAt, relation.GetValueOrDefault(c.Id)))
            .ToList();
    }

    /// <summary>Records that <paramref name="changeId"/> caused (or fixed) the incident; once per pair and relation.</summary>
    public Task<Outcome> LinkAsync(long incidentId, long changeId, ChangeRelation relation, Actor by, CancellationToken cancellationToken = default) =>
        commands.RunAsync(incidentId, null, by, IncidentAction.AddNote, async (incident, _, db) =>
        {
            var change = await db.Changes.SingleOrDefaultAsync(c => c.Id == changeId, cancellationToken);
            if (change is null)
            {
                return Outcome.NotFound($"{Change.Format(changeId)} does not exist.");
            }

            if (await db.IncidentChanges.AnyAsync(l => l.IncidentId == incidentId && l.ChangeId == changeId && l.Relation == relation, cancellationToken))
            {
                return Outcome.Conflict($"{incident.Number} already records that it was {(relation == ChangeRelation.CausedBy ? "caused" : "fixed")} by {change.Number}.");
            }

            db.IncidentChanges.Add(new IncidentChange(incidentId, changeId, relation, by.Name, commands.Now));
            db.ChangeEvents.Add(new ChangeEvent(changeId, by.Id, by.Name, commands.Now,
                relation == ChangeRelation.CausedBy ? $"Recorded as the cause of {incident.Number}: {incident.Title}" : $"Recorded as the fix of {incident.Number}: {incident.Title}"));
            return incident.RecordChange(change.Number, change.Title, relation == ChangeRelation.CausedBy, by, commands.Now);
        }, cancellationToken);
}
