using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Changes.Compliance;

/// <summary>One week's compliance, for the trend.</summary>
public sealed record ComplianceWeek(DateTimeOffset Week, int Total, int Through, decimal? Rate);

/// <summary>Compliance of one team or service over the period.</summary>
public sealed record ComplianceGroup(string Name, long Id, int Total, int Through, int Pending, decimal? Rate);

/// <summary>A change that missed the process, for the list under the figures.</summary>
public sealed record MissedChange(long Id, string Number, string Title, string ServiceName, DateTimeOffset? EndedAt, string Reason);

public sealed record ComplianceReport(
    decimal Goal, ComplianceFigure ThisWeek, IReadOnlyList<ComplianceWeek> Trend, ComplianceFigure Period,
    IReadOnlyList<ComplianceGroup> Teams, IReadOnlyList<ComplianceGroup> Services, IReadOnlyList<MissedChange> Missed);

/// <summary>
/// Process compliance as the dashboard and the changes page show it: this week against the goal, the last 12 weeks,
/// and per team and service over the period with the changes that missed and why. Reads one narrow row per finished
/// production change of the period (no approvals), so the card stays cheap with years of changes.
/// </summary>
internal sealed class MeasureCompliance(IDbContextFactory<IncidentsDbContext> contexts, IOptions<ChangeOptions> options, TimeProvider clock)
{
    public const int TrendWeeks = 12;

    public async Task<ComplianceReport> HandleAsync(bool withBreakdown = true, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var from = ChangeCompliance.WeekOf(now).AddDays(-7 * (TrendWeeks - 1));
        var days = options.Value.EmergencyApprovalDays;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var production = Change.Production;
        var cases = await db.Changes.AsNoTracking()
            .Where(c => c.EndedAt >= from && c.Environment == production
                && (c.Status == ChangeStatus.Completed || c.Status == ChangeStatus.Failed || c.Status == ChangeStatus.RolledBack))
            .Select(c => new ComplianceCase(c.Id, c.ServiceId, c.Type, c.Bypassed, c.Source, c.StartedAt, c.EndedAt, c.ApprovedAt, c.RejectedAfterTheFact, c.CreatedAt))
            .ToListAsync(cancellationToken);
        var weekly = ChangeCompliance.Weekly(cases, TrendWeeks, days, now);
        var period = ChangeCompliance.OfCounted(cases, days, now);
        var goal = options.Value.ComplianceGoal;
        var trend = weekly.Select(w => new ComplianceWeek(w.Week, w.Figure.Total, w.Figure.Through, w.Figure.Rate)).ToList();
        if (!withBreakdown)
        {
            return new ComplianceReport(goal, weekly[^1].Figure, trend, period, [], [], []);
        }

        var services = await db.Services.AsNoTracking().Select(s => new { s.Id, s.Name, s.TeamId }).ToListAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().Select(t => new { t.Id, t.Name }).ToListAsync(cancellationToken);
        var serviceOf = services.ToDictionary(s => s.Id);
        ComplianceGroup Group(string name, long id, IEnumerable<ComplianceCase> of)
        {
            var figure = ChangeCompliance.OfCounted(of, days, now);
            return new ComplianceGroup(name, id, figure.Total, figure.Through, figure.Pending, figure.Rate);
        }

        var byService = cases.GroupBy(c => c.ServiceId).Where(g => serviceOf.ContainsKey(g.Key))
            .Select(g => Group(serviceOf[g.Key].Name, g.Key, g)).OrderBy(g => g.Rate ?? 1).ThenBy(g => g.Name).ToList();
        var byTeam = teams.Select(t => Group(t.Name, t.Id, cases.Where(c => serviceOf.TryGetValue(c.ServiceId, out var s) && s.TeamId == t.Id)))
            .Where(g => g.Total > 0).OrderBy(g => g.Rate ?? 1).ThenBy(g => g.Name).ToList();
        var missedIds = period.Misses.Select(m => m.ChangeId).ToList();
        var titles = await db.Changes.AsNoTracking().Where(c => missedIds.Contains(c.Id)).Select(c => new { c.Id, c.Title, c.ServiceId, c.EndedAt }).ToDictionaryAsync(c => c.Id, cancellationToken);
        var missed = period.Misses.Where(m => titles.ContainsKey(m.ChangeId))
            .Select(m => new MissedChange(m.ChangeId, Change.Format(m.ChangeId), titles[m.ChangeId].Title,
                serviceOf.TryGetValue(titles[m.ChangeId].ServiceId, out var s) ? s.Name : "?", titles[m.ChangeId].EndedAt, m.Reason))
            .OrderByDescending(m => m.EndedAt).ToList();
        return new ComplianceReport(goal, weekly[^1].Figure, trend, period, byTeam, byService, missed);
    }
}
