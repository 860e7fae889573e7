using Incidents.Domain.Alerts;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Alerts.List;

internal sealed record AlertRow(
    long Id, string Summary, string Source, Severity Severity, AlertStatus Status, string ServiceName, int Count,
    DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, long? IncidentId, string LabelsJson);

internal sealed class ListAlerts(IDbContextFactory<IncidentsDbContext> contexts)
{
    public async Task<IReadOnlyList<AlertRow>> HandleAsync(AlertStatus? status, long? serviceId, int take = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = db.Alerts.AsNoTracking();
        if (status is { } s)
        {
            alerts = alerts.Where(a => a.Status == s);
        }

        if (serviceId is { } id)
        {
            alerts = alerts.Where(a => a.ServiceId == id);
        }

        return await alerts.OrderByDescending(a => a.LastSeenAt).ThenByDescending(a => a.Id).Take(take)
            .Select(a => new AlertRow(a.Id, a.Summary, a.Source, a.Severity, a.Status,
                db.Services.Where(x => x.Id == a.ServiceId).Select(x => x.Name).First(),
                a.Count, a.FirstSeenAt, a.LastSeenAt, a.IncidentId, a.LabelsJson))
            .ToListAsync(cancellationToken);
    }
}
