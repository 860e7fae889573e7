using Incidents.Domain.Changes;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement.List;
using Incidents.Web.Features.OnCall.Now;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Reports.Wallboard;

public sealed record WallboardState(
    DateTimeOffset At, IReadOnlyDictionary<Severity, int> OpenBySeverity, int Unacknowledged, IReadOnlyList<IncidentRow> Open, int OpenTotal,
    IReadOnlyList<OnCallNow> OnCall, IncidentReport Week);

/// <summary>What the wallboard shows: open incidents by severity (the most severe listed), who is on call now per service, and this week's figures.</summary>
internal sealed class ReadWallboard(IDbContextFactory<IncidentsDbContext> contexts, ListIncidents incidents, WhoIsOnCall onCall, ReportIncidents report, TimeProvider clock)
{
    public const int Listed = 12;

    public async Task<WallboardState> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var openStatuses = IncidentStatuses.Open;
        var counts = await db.Incidents.AsNoTracking()
            .Where(i => openStatuses.Contains(i.Status))
            .GroupBy(i => new { i.Severity, i.Status }).Select(g => new { g.Key.Severity, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var bySeverity = Enum.GetValues<Severity>().ToDictionary(s => s, s => counts.Where(c => c.Severity == s).Sum(c => c.Count));
        var open = await incidents.HandleAsync(new IncidentQuery { Sort = IncidentSort.Severity, PageSize = Listed }, null, cancellationToken);
        var monday = ChangeCompliance.WeekOf(now);
        var week = await report.HandleAsync(new ReportFilter(monday, monday.AddDays(7)), cancellationToken);
        return new WallboardState(now, bySeverity, counts.Where(c => c.Status == IncidentStatus.Triggered).Sum(c => c.Count), open.Rows, bySeverity.Values.Sum(),
            await onCall.HandleAsync(null, cancellationToken), week);
    }
}
