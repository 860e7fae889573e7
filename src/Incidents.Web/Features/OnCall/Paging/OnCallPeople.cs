using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.OnCall.Paging;

/// <summary>A person to page, and why them (a schedule they are on call for, or named directly).</summary>
public sealed record PagedPerson(string UserId, string Name, string? Email, string Via);

/// <summary>Turns escalation targets into people at an instant: schedules answer who is on call; disabled people are skipped.</summary>
/// <summary>The little of an incident paging needs.</summary>
internal sealed record PagedIncident(long Id, IncidentStatus Status, long ServiceId);

internal static class OnCallPeople
{
    /// <summary>The incident, if it exists and is open (paging a resolved incident makes no sense); else why not.</summary>
    public static async Task<(PagedIncident? Incident, Outcome? Refusal)> OpenIncidentAsync(IncidentsDbContext db, long incidentId, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.AsNoTracking().Where(i => i.Id == incidentId)
            .Select(i => new PagedIncident(i.Id, i.Status, i.ServiceId)).SingleOrDefaultAsync(cancellationToken);
        if (incident is null)
        {
            return (null, Outcome.NotFound($"{Incident.Format(incidentId)} does not exist."));
        }

        return incident.Status.IsOpen()
            ? (incident, null)
            : (null, Outcome.Conflict($"{Incident.Format(incidentId)} is {incident.Status.ToString().ToLowerInvariant()}; reopen it first."));
    }

    /// <summary>
    /// Why some of <paramref name="userIds"/> can't be put where pages reach them (an escalation level, a rotation, an
    /// override), or null: every one exists (else <paramref name="ifMissing"/>), is enabled, has accepted their invitation
    /// and holds a role that can respond.
    /// </summary>
    public static async Task<string?> WhoCannotRespondAsync(IncidentsDbContext db, IReadOnlyCollection<string> userIds, string ifMissing, CancellationToken cancellationToken)
    {
        var ids = userIds.Distinct().ToList();
        var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName ?? u.Email ?? u.Id, u.IsDisabled, u.InvitationAcceptedAt }).ToListAsync(cancellationToken);
        if (people.Count != ids.Count)
        {
            return ifMissing;
        }

        var roles = await Users.PersonRoles.OfAsync(db, ids, cancellationToken);
        foreach (var person in people)
        {
            if (person.IsDisabled)
            {
                return $"{person.Name} is disabled and can't be paged.";
            }

            if (person.InvitationAcceptedAt is null)
            {
                return $"{person.Name} has not accepted their invitation yet, so they can't acknowledge pages.";
            }

            if (!Roles.CanRespond(roles.GetValueOrDefault(person.Id) ?? []))
            {
                return $"{person.Name} can't acknowledge pages: give them a role other than Viewer first.";
            }
        }

        return null;
    }

    public static async Task<(List<PagedPerson> People, List<string> Gaps)> ResolveAsync(
        IncidentsDbContext db, IReadOnlyList<EscalationTarget> targets, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var scheduleIds = targets.Where(t => t.Kind == EscalationTargetKind.Schedule).Select(t => long.TryParse(t.Id, out var id) ? id : 0).ToList();
        var schedules = await db.Schedules.AsNoTracking().Include(s => s.Layers).Include(s => s.Overrides.Where(o => o.EndsAt > at))
            .Where(s => scheduleIds.Contains(s.Id)).ToListAsync(cancellationToken);
        var wanted = new List<(string UserId, string Via)>();
        var gaps = new List<string>();
        foreach (var target in targets)
        {
            switch (target.Kind)
            {
                case EscalationTargetKind.Person:
                    wanted.Add((target.Id, "named in the policy"));
                    break;
                case EscalationTargetKind.Schedule:
                    var schedule = schedules.FirstOrDefault(s => s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == target.Id);
                    if (schedule?.OnCallAt(at) is { } user)
                    {
                        wanted.Add((user, $"on call for {schedule.Name}"));
                    }
                    else
                    {
                        gaps.Add(schedule is null ? "a deleted schedule" : $"nobody is on call for {schedule.Name}");
                    }

                    break;
            }
        }

        var ids = wanted.Select(w => w.UserId).Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id) && !u.IsDisabled)
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToDictionaryAsync(u => u.Id, cancellationToken);
        var people = wanted.DistinctBy(w => w.UserId)
            .Where(w => users.ContainsKey(w.UserId))
            .Select(w => new PagedPerson(w.UserId, Name(users[w.UserId].DisplayName, users[w.UserId].Email), users[w.UserId].Email, w.Via))
            .ToList();
        return (people, gaps);
    }

    /// <summary>A page for each person, with deliveries following their notification rules.</summary>
    public static async Task<List<Page>> PageAsync(
        IncidentsDbContext db, long incidentId, IReadOnlyList<PagedPerson> people, EscalationRun? run, EscalationStep? step, string pagedBy,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        var ids = people.Select(p => p.UserId).ToList();
        var rules = await db.NotificationRules.AsNoTracking().Where(r => ids.Contains(r.UserId)).ToListAsync(cancellationToken);
        var methods = await db.ContactMethods.AsNoTracking().Where(m => ids.Contains(m.UserId)).ToListAsync(cancellationToken);
        var pages = new List<Page>();
        foreach (var person in people)
        {
            var page = new Page(incidentId, person.UserId, person.Name, run, step, pagedBy, at);
            foreach (var planned in NotificationPlan.For(rules.Where(r => r.UserId == person.UserId).ToList(), methods.Where(m => m.UserId == person.UserId).ToList(), person.Email))
            {
                page.Deliveries.Add(new Delivery(incidentId, person.UserId, planned, at + planned.Delay));
            }

            db.Pages.Add(page);
            pages.Add(page);
        }

        return pages;
    }

    public static string Name(string displayName, string? email) =>
        string.IsNullOrWhiteSpace(displayName) ? email ?? "someone" : displayName;

    public static string Describe(IReadOnlyList<PagedPerson> people) =>
        string.Join(", ", people.Select(p => p.Via == "named in the policy" ? p.Name : $"{p.Name} ({p.Via})"));
}
