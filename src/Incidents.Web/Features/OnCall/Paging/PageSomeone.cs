using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.OnCall.Paging;

internal enum PageTargetKind
{
    Person,
    Schedule,
    Service,
}

/// <summary>"Page someone" on an incident: a person, whoever is on call for a schedule, or a service's escalation policy.</summary>
internal sealed record PageTarget(PageTargetKind Kind, string Id);

internal sealed class PageSomeone(IDbContextFactory<IncidentsDbContext> contexts, StartEscalation start, PagingSignal signal, IIncidentNotifier notifier, TimeProvider clock)
{
    public async Task<Outcome> HandleAsync(long incidentId, PageTarget target, string? message, Actor by, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var (incident, refusal) = await OnCallPeople.OpenIncidentAsync(db, incidentId, cancellationToken);
        if (incident is null)
        {
            return refusal!;
        }

        var why = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        if (why is { Length: > 500 })
        {
            return Outcome.Invalid("Keep the message within 500 characters.");
        }

        List<EscalationTarget> targets;
        switch (target.Kind)
        {
            case PageTargetKind.Person:
                targets = [new EscalationTarget(EscalationTargetKind.Person, target.Id)];
                break;
            case PageTargetKind.Schedule:
                targets = [new EscalationTarget(EscalationTargetKind.Schedule, target.Id)];
                break;
            case PageTargetKind.Service:
                if (!long.TryParse(target.Id, out var serviceId))
                {
                    return Outcome.Invalid("Choose a service.");
                }

                var service = await db.Services.AsNoTracking().Where(s => s.Id == serviceId).Select(s => new { s.Name, s.EscalationPolicyId }).SingleOrDefaultAsync(cancellationToken);
                if (service?.EscalationPolicyId is not { } policyId)
                {
                    return Outcome.Invalid(service is null ? "That service does not exist." : $"{service.Name} has no escalation policy.");
                }

                // Unacknowledged: the policy runs and escalates. Otherwise its first level is paged once.
                if (incident.Status.AwaitsAcknowledgement() && !await db.EscalationRuns.AnyAsync(r => r.ActiveIncidentId == incidentId, cancellationToken))
                {
                    return await start.HandleAsync(incidentId, policyId, why ?? $"paged by {by.Name}", by, cancellationToken);
                }

                targets = await db.EscalationPolicies.AsNoTracking().Where(p => p.Id == policyId)
                    .SelectMany(p => p.Levels.OrderBy(l => l.Position).Take(1)).Select(l => l.Targets).SingleAsync(cancellationToken);
                break;
            default:
                return Outcome.Invalid("Choose whom to page.");
        }

        var (people, gaps) = await OnCallPeople.ResolveAsync(db, targets, now, cancellationToken);
        if (people.Count == 0)
        {
            return Outcome.Invalid(gaps.Count > 0 ? $"Nobody to page: {string.Join("; ", gaps)}." : "That person does not exist or is disabled.");
        }

        db.ActingAs(by);
        await OnCallPeople.PageAsync(db, incidentId, people, null, null, by.Name, now, cancellationToken);
        db.Timeline.Add(TimelineEntry.For(incidentId, TimelineKind.Paged, by, now,
            $"{by.Name} paged {OnCallPeople.Describe(people)}{(why is null ? "" : $": {why}")}."));
        await db.SaveChangesAsync(cancellationToken);
        signal.Wake();
        await notifier.PublishAsync(new IncidentChanged(incidentId, 0, by.Name, IncidentChangeKind.Paging));
        return Outcome.Success;
    }
}
