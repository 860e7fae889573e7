using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Changes.Compliance;

/// <summary>The DORA four over the last days (28 by default), from the change records (formulas: <see cref="Dora"/>).</summary>
internal sealed class MeasureDora(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock)
{
    public Task<DoraFigures> HandleAsync(int days = 28, long? teamId = null, CancellationToken cancellationToken = default)
    {
        var until = clock.GetUtcNow();
        return HandleAsync(until.AddDays(-days), until, teamId, null, cancellationToken);
    }

    /// <summary>The DORA four of deployments that ended in [from, until) (up to now), of a team or a service.</summary>
    public async Task<DoraFigures> HandleAsync(DateTimeOffset from, DateTimeOffset until, long? teamId, long? serviceId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        until = until < now ? until : now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var production = Change.Production;
        // A failure's recovery may come after the period's end; read a week beyond its start for the next deployments.
        var rows = await db.Changes.AsNoTracking()
            .Where(c => c.EndedAt >= from && c.Environment == production && c.Kind == ChangeKind.Deployment
                && (c.Status == ChangeStatus.Completed || c.Status == ChangeStatus.Failed || c.Status == ChangeStatus.RolledBack)
                && (teamId == null || db.Services.Any(s => s.Id == c.ServiceId && s.TeamId == teamId)) && (serviceId == null || c.ServiceId == serviceId))
            .Select(c => new
            {
                c.Id,
                c.ServiceId,
                c.Status,
                EndedAt = c.EndedAt!.Value,
                c.CommittedAt,
                Caused = db.IncidentChanges.Where(l => l.ChangeId == c.Id && l.Relation == ChangeRelation.CausedBy)
                    .Join(db.Incidents, l => l.IncidentId, i => i.Id, (l, i) => new { i.ResolvedAt }).ToList(),
            })
            .ToListAsync(cancellationToken);
        var changes = rows.Select(r => new DoraChange(r.Id, r.ServiceId, r.Status, r.EndedAt, r.CommittedAt,
            r.Caused.Count > 0 && r.Caused.All(c => c.ResolvedAt is not null) ? r.Caused.Max(c => c.ResolvedAt) : null, r.Caused.Count > 0)).ToList();
        return Dora.Of(changes, from, until);
    }
}
