using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Audit.Browse;

internal sealed record AuditFilter(string? EntityType, string? EntityId, string? Actor, DateTimeOffset? From, DateTimeOffset? To, int Page = 1, int PageSize = 50);

internal sealed record AuditEntriesPage(IReadOnlyList<AuditEntry> Entries, bool HasMore, IReadOnlyList<string> EntityTypes);

internal sealed class BrowseAuditTrail(IDbContextFactory<IncidentsDbContext> contexts)
{
    public async Task<AuditEntriesPage> HandleAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditTrail.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            entries = entries.Where(e => e.EntityType == filter.EntityType);
        }

        if (!string.IsNullOrWhiteSpace(filter.EntityId))
        {
            entries = entries.Where(e => e.EntityId == filter.EntityId.Trim());
        }

        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            var actor = filter.Actor.Trim();
            entries = entries.Where(e => e.ActorName.Contains(actor) || e.ActorId == actor);
        }

        if (filter.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        var page = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((Math.Max(filter.Page, 1) - 1) * filter.PageSize)
            .Take(filter.PageSize + 1)
            .ToListAsync(cancellationToken);
        var types = await db.AuditTrail.Select(e => e.EntityType).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
        return new AuditEntriesPage(page.Take(filter.PageSize).ToList(), page.Count > filter.PageSize, types);
    }
}
