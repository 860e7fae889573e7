using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Changes.Maintenance;

/// <summary>
/// Maintenance: while an approved production change of a service is in progress, its alerts are still recorded and
/// open incidents, but those below <c>Changes:MaintenancePagesAtOrAbove</c> do not page; the incident says which
/// change it opened during. Alert intake asks here, in its own transaction, only for batches that opened incidents.
/// </summary>
internal static class MaintenanceChanges
{
    /// <summary>The approved production change in progress on each of <paramref name="serviceIds"/> (the latest started), if any.</summary>
    public static async Task<Dictionary<long, (long Id, string Title)>> InProgressAsync(IncidentsDbContext db, IReadOnlyCollection<long> serviceIds, CancellationToken cancellationToken)
    {
        if (serviceIds.Count == 0)
        {
            return [];
        }

        var production = Change.Production;
        var rows = await db.Changes.AsNoTracking()
            .Where(c => serviceIds.Contains(c.ServiceId) && c.EndedAt == null && c.Status == ChangeStatus.InProgress && c.ApprovedAt != null && c.Environment == production)
            .Select(c => new { c.Id, c.ServiceId, c.Title, c.StartedAt })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ServiceId).ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.StartedAt).Select(r => (r.Id, r.Title)).First());
    }
}
