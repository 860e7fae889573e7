using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.OnCall.Paging;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.IncidentManagement;

/// <summary>What a person can do to an incident now, and (when it is open) why its next step is not theirs.</summary>
internal sealed record IncidentAccess(IReadOnlyList<IncidentAction> Available, string? WhyNotNext);

/// <summary>
/// Reads where a person stands towards an incident (<see cref="IncidentStanding"/>): their roles, whether they were
/// paged for it (or take part in it as commander or responder), are on call for its service now (the first level of
/// its escalation policy) or are on the team that owns the service. The rule that uses it is the domain's (<see cref="Incident.WhyNot"/>); this only gathers facts.
/// </summary>
internal sealed class IncidentStandings(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
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

        if (roles.Contains(Role.Admin) || roles.Contains(Role.Responder))
        {
            // Never refused: nothing else to read (the owning team is named only in refusals).
            return new IncidentStanding(roles, false, false, false);
        }

        var service = await db.Services.AsNoTracking().Where(s => s.Id == serviceId)
            .Select(s => new { s.TeamId, s.EscalationPolicyId, Team = db.Teams.Where(t => t.Id == s.TeamId).Select(t => t.Name).FirstOrDefault() })
            .SingleAsync(cancellationToken);
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

    /// <summary>
    /// What this person can do to the incident now (empty when it does not exist), and why they cannot take its next
    /// step (<see cref="Incident.NextStepIn"/>) while it is open — for the page to say instead of showing no buttons.
    /// One read of the incident and of where they stand.
    /// </summary>
    public async Task<IncidentAccess> AccessAsync(long incidentId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
        if (incident is null)
        {
            return new IncidentAccess([], null);
        }

        var who = await OfAsync(db, actor, incident.Id, incident.ServiceId, cancellationToken);
        var next = Incident.NextStepIn(incident.Status);
        var rule = incident.Status.IsOpen() && !IncidentRights.Allows(who, next) ? IncidentRights.Rule(who, next, incident.Number) : null;
        return new IncidentAccess(incident.AvailableActions(who), rule is null ? null : char.ToUpperInvariant(rule[0]) + rule[1..]);
    }

    private static async Task<List<Role>?> RolesAsync(IncidentsDbContext db, string userId, CancellationToken cancellationToken) =>
        await db.Users.AnyAsync(u => u.Id == userId && !u.IsDisabled, cancellationToken) ? await Users.PersonRoles.OfAsync(db, userId, cancellationToken) : null;
}
