using Incidents.Domain.OnCall;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.OnCall.Paging;

internal sealed record DeliveryView(long Id, ContactKind Channel, string Address, DeliveryStatus Status, int Attempt, DateTimeOffset DueAt, DateTimeOffset? SentAt, string? Error);

internal sealed record PageView(long Id, string UserName, string PagedBy, int? Level, DateTimeOffset At, IReadOnlyList<DeliveryView> Deliveries);

internal sealed record EscalationView(string PolicyName, RunStatus Status, int Level, int Cycle, DateTimeOffset? NextAt, int? NextLevel, DateTimeOffset StartedAt);

internal sealed record PagingView(EscalationView? Escalation, IReadOnlyList<PageView> Pages);

/// <summary>The incident page's paging panel: the current escalation, and every page with its notifications.</summary>
internal sealed class ShowPaging(IDbContextFactory<IncidentsDbContext> contexts)
{
    public async Task<PagingView> HandleAsync(long incidentId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.EscalationRuns.AsNoTracking().Where(r => r.IncidentId == incidentId).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        EscalationView? escalation = null;
        if (run is not null)
        {
            var next = await db.EscalationSteps.AsNoTracking().Where(s => s.RunId == run.Id && s.Status == StepStatus.Pending)
                .OrderBy(s => s.DueAt).FirstOrDefaultAsync(cancellationToken);
            var levels = await db.EscalationPolicies.Where(p => p.Id == run.PolicyId).Select(p => p.Levels.Count).SingleOrDefaultAsync(cancellationToken);
            // The step after the last level only ends the escalation; it pages nobody.
            escalation = new EscalationView(run.PolicyName, run.Status, run.Level, run.Cycle, next?.DueAt, next is not null && next.Level < levels ? next.Level : null, run.StartedAt);
        }

        var pages = await db.Pages.AsNoTracking().Include(p => p.Deliveries).Where(p => p.IncidentId == incidentId)
            .OrderByDescending(p => p.Id).Take(50).ToListAsync(cancellationToken);
        return new PagingView(escalation, pages.Select(p => new PageView(p.Id, p.UserName, p.PagedBy, p.Level, p.CreatedAt,
            p.Deliveries.OrderBy(d => d.Id).Select(d => new DeliveryView(d.Id, d.Channel, d.Address, d.Status, d.Attempt, d.DueAt, d.SentAt, d.LastError)).ToList())).ToList());
    }
}
