using Incidents.Web.Data;
using Incidents.Web.Features.OnCall.Paging;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.OnCall.Now;

public sealed record OnCallNow(long ServiceId, string Service, string? Policy, IReadOnlyList<PagedPerson> People, IReadOnlyList<string> Gaps);

/// <summary>Who would be paged first for each service right now: its policy's first level, resolved at this instant.</summary>
internal sealed class WhoIsOnCall(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<OnCallNow>> HandleAsync(long? serviceId = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var services = await db.Services.AsNoTracking().Where(s => serviceId == null || s.Id == serviceId).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name, s.EscalationPolicyId }).ToListAsync(cancellationToken);
        var policyIds = services.Select(s => s.EscalationPolicyId).OfType<long>().Distinct().ToList();
        var policies = await db.EscalationPolicies.AsNoTracking().Include(p => p.Levels).Where(p => policyIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var result = new List<OnCallNow>();
        foreach (var service in services)
        {
            if (service.EscalationPolicyId is not { } id || !policies.TryGetValue(id, out var policy) || policy.Levels.Count == 0)
            {
                result.Add(new OnCallNow(service.Id, service.Name, null, [], ["no escalation policy"]));
                continue;
            }

            var (people, gaps) = await OnCallPeople.ResolveAsync(db, policy.LevelAt(0).Targets, now, cancellationToken);
            result.Add(new OnCallNow(service.Id, service.Name, policy.Name, people, gaps));
        }

        return result;
    }
}
