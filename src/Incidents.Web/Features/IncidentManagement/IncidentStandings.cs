using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.OnCall.Paging;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.IncidentManagement;

/// <summary>
/// Reads where a person stands towards an incident (<see cref="IncidentStanding"/>): their roles, whether they were
/// paged for it (or take part in it as commander or responder), are on call for its service now (the first level of its escalation policy) or are on the team that
/// owns the service. The rule that uses it is the domain's (<see cref="Incident.WhyNot"/>); this only gathers facts.
/// </summary>
public sealed class IncidentStandings(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public async Task<IncidentStanding> OfAsync(IncidentsDbContext db, Actor actor, long incidentId, long serviceId, CancellationToken cancellationToken = default)
    {
        if (actor.Id is not { } userId)
        {
            return IncidentStanding.System;
        }

        if (await RolesAsync(db, userId, cancellationToken) is not { } roles)
        {
            // A disabled (or deleted) person stands nowhere, even if they were paged before.
            return new IncidentStanding([], false, false, false);
        }

        var service = await db.Services.AsNoTracking().Where(s => s.Id == serviceId)
            .Select(s => new { s.TeamId, s.EscalationPolicyId, Team = db.Teams.Where(t => t.Id == s.TeamId).Select(t => t.Name).FirstOrDefault() })
            .SingleAsync(cancellationToken);
        if (roles.Contains(Role.Admin) || roles.Contains(Role.Responder))
        {
            return new IncidentStanding(roles, false, false, false, service.Team);
        }

        // Paged for it, or taking part in it already (its commander or a responder added to it).
        var paged = await db.Pages.AnyAsync(p => p.IncidentId == incidentId && p.UserId == userId, cancellationToken)
            || await db.Incidents.AnyAsync(i => i.Id == incidentId && (i.CommanderId == userId || i.Responders.Any(r => r.UserId == userId)), cancellationToken);
        var onTeam = await db.Set<Domain.Catalog.TeamMember>().AnyAsync(m => m.TeamId == service.TeamId && m.UserId == userId, cancellationToken);
        var onCall = false;
        if (service.EscalationPolicyId is { } policyId
            && await db.EscalationPolicies.AsNoTracking().Include(p => p.Levels).SingleOrDefaultAsync(p => p.Id == policyId, cancellationToken) is { Levels.Count: > 0 } policy)
        {
            var (people, _) = await OnCallPeople.ResolveAsync(db, policy.LevelAt(0).Targets, clock.GetUtcNow(), cancellationToken);
            onCall = people.Any(p => p.UserId == userId);
        }

        return new IncidentStanding(roles, paged, onCall, onTeam, service.Team);
    }

    /// <summary>What this person can do to the incident now (empty when it does not exist).</summary>
    public async Task<IReadOnlyList<IncidentAction>> AvailableAsync(long incidentId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
        return incident is null ? [] : incident.AvailableActions(await OfAsync(db, actor, incident.Id, incident.ServiceId, cancellationToken));
    }

    /// <summary>
    /// Why this person cannot take the open incident's next step (<see cref="Incident.NextStepIn"/>), for the page to say
    /// instead of showing no buttons; null when they may, or when the incident is no longer open.
    /// </summary>
    public async Task<string?> WhyNotNextAsync(long incidentId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
        if (incident is null || !incident.Status.IsOpen())
        {
            return null;
        }

        var next = Incident.NextStepIn(incident.Status);
        var who = await OfAsync(db, actor, incident.Id, incident.ServiceId, cancellationToken);
        if (IncidentRights.Allows(who, next))
        {
            return null;
        }

        var rule = IncidentRights.Rule(who, next, incident.Number);
        return char.ToUpperInvariant(rule[0]) + rule[1..];
    }

    /// <summary>The refusal for this person and action on the incident now, or null when allowed (also for a missing incident: the handler says 404).</summary>
    public async Task<Outcome?> WhyNotAsync(IncidentsDbContext db, long incidentId, IncidentAction action, Actor actor, CancellationToken cancellationToken = default)
    {
        var incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
        return incident?.WhyNot(action, await OfAsync(db, actor, incident.Id, incident.ServiceId, cancellationToken));
    }

    private static async Task<List<Role>?> RolesAsync(IncidentsDbContext db, string userId, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId && !u.IsDisabled, cancellationToken))
        {
            return null;
        }

        var names = await db.UserRoles.Where(r => r.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(cancellationToken);
        return names.Select(n => Roles.TryParse(n, out var role) ? (Role?)role : null).OfType<Role>().ToList();
    }
}
