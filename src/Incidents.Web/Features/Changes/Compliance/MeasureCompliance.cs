using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Changes.Compliance;

/// <summary>One week's compliance, for the trend.</summary>
public sealed record ComplianceWeek(DateTimeOffset Week, int Total, int Through, decimal? Rate);

/// <summary>Compliance of one team or service over the period, and the goal it is held to (its team's, else the installation's).</summary>
public sealed record ComplianceGroup(string Name, long Id, int Total, int Through, int Pending, decimal? Rate, decimal Goal)
{
    public bool Meets => Rate is not { } rate || rate >= Goal;
}

/// <summary>A change that missed the process, for the list under the figures.</summary>
public sealed record MissedChange(long Id, string Number, string Title, string ServiceName, DateTimeOffset? EndedAt, string Reason);

public sealed record ComplianceReport(
    decimal Goal, ComplianceFigure ThisWeek, IReadOnlyList<ComplianceWeek> Trend, ComplianceFigure Period,
    IReadOnlyList<ComplianceGroup> Teams, IReadOnlyList<ComplianceGroup> Services, IReadOnlyList<MissedChange> Missed);

/// <summary>
/// Process compliance as the dashboard and the changes page show it: this week against the goal, the last 12 weeks,
/// and per team and service over the period with the changes that missed and why. It reads two narrow things: when
/// each finished production change of the period ended (and its service), and whole only the few that can have missed
/// the process (<see cref="ChangeCompliance.MayMissProcess"/>): a normal change approved before it started went through.
/// </summary>
internal sealed class MeasureCompliance(IDbContextFactory<IncidentsDbContext> contexts, IOptions<ChangeOptions> options, TimeProvider clock)
{
    public const int TrendWeeks = 12;
    public const int MissedShown = 50;

    public async Task<ComplianceReport> HandleAsync(bool withBreakdown = true, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var from = ChangeCompliance.WeekOf(now).AddDays(-7 * (TrendWeeks - 1));
        var days = options.Value.EmergencyApprovalDays;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var production = Change.Production;
        // The card needs live figures only for the weeks the snapshots do not cover; the breakdown covers the whole period.
        var liveFrom = from;
        if (!withBreakdown && await SnapshotCompliance.RecordedUntilAsync(db, cancellationToken) is { } recordedUntil)
        {
            var covered = new DateTimeOffset(recordedUntil.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            while (liveFrom.AddDays(7) <= covered && liveFrom < ChangeCompliance.WeekOf(now))
            {
                liveFrom = liveFrom.AddDays(7);
            }
        }

        var counted = db.Changes.AsNoTracking()
            .Where(c => c.EndedAt >= liveFrom && c.Environment == production
                && (c.Status == ChangeStatus.Completed || c.Status == ChangeStatus.Failed || c.Status == ChangeStatus.RolledBack));
        var mayMiss = await counted.Where(ChangeCompliance.MayMissProcess)
            .Select(ChangeCompliance.AsCase)
            .ToListAsync(cancellationToken);
        var goal = options.Value.ComplianceGoal;
        if (!withBreakdown)
        {
            // The card: when each counted change ended, read from the index alone; the weeks before liveFrom come from the
            // snapshots. Its period figure adds them up (the misses it lists are those of the weeks measured live).
            var endings = await counted.Select(c => c.EndedAt!.Value).ToListAsync(cancellationToken);
            var byWeek = ChangeCompliance.Weekly(endings, mayMiss, TrendWeeks, days, now);
            var weeks = await TrendAsync(db, byWeek, cancellationToken);
            var live = ChangeCompliance.Of(endings.Count, mayMiss, days, now);
            return new ComplianceReport(goal, byWeek[^1].Figure, weeks,
                new ComplianceFigure(weeks.Sum(w => w.Total), weeks.Sum(w => w.Through), live.Pending, live.Misses), [], [], []);
        }

        var ended = await counted.Select(c => new { c.ServiceId, EndedAt = c.EndedAt!.Value }).ToListAsync(cancellationToken);
        var weekly = ChangeCompliance.Weekly(ended.Select(e => e.EndedAt), mayMiss, TrendWeeks, days, now);
        var period = ChangeCompliance.Of(ended.Count, mayMiss, days, now);
        var trend = await TrendAsync(db, weekly, cancellationToken);

        var services = await db.Services.AsNoTracking().Select(s => new { s.Id, s.Name, s.TeamId }).ToListAsync(cancellationToken);
        var teams = await db.Teams.AsNoTracking().Select(t => new { t.Id, t.Name, t.ComplianceGoal }).ToListAsync(cancellationToken);
        var goals = teams.ToDictionary(t => t.Id, t => t.ComplianceGoal ?? goal);
        var serviceOf = services.ToDictionary(s => s.Id);
        var totals = ended.GroupBy(e => e.ServiceId).ToDictionary(g => g.Key, g => g.Count());
        ComplianceGroup Group(string name, long id, long teamId, Func<long, bool> includes)
        {
            var figure = ChangeCompliance.Of(totals.Where(t => includes(t.Key)).Sum(t => t.Value), mayMiss.Where(c => includes(c.ServiceId)), days, now);
            return new ComplianceGroup(name, id, figure.Total, figure.Through, figure.Pending, figure.Rate, goals.GetValueOrDefault(teamId, goal));
        }

        var byService = totals.Keys.Where(serviceOf.ContainsKey)
            .Select(id => Group(serviceOf[id].Name, id, serviceOf[id].TeamId, s => s == id)).OrderBy(g => g.Rate ?? 1).ThenBy(g => g.Name).ToList();
        var byTeam = teams.Select(t => Group(t.Name, t.Id, t.Id, s => serviceOf.TryGetValue(s, out var service) && service.TeamId == t.Id))
            .Where(g => g.Total > 0).OrderBy(g => g.Rate ?? 1).ThenBy(g => g.Name).ToList();
        // The list shows the newest; the figures above count them all.
        var missedIds = period.Misses.Select(m => m.ChangeId).OrderDescending().Take(MissedShown).ToList();
        var titles = await db.Changes.AsNoTracking().Where(c => missedIds.Contains(c.Id)).Select(c => new { c.Id, c.Title, c.ServiceId, c.EndedAt }).ToDictionaryAsync(c => c.Id, cancellationToken);
        var missed = period.Misses.Where(m => titles.ContainsKey(m.ChangeId))
            .Select(m => new MissedChange(m.ChangeId, Change.Format(m.ChangeId), titles[m.ChangeId].Title,
                serviceOf.TryGetValue(titles[m.ChangeId].ServiceId, out var s) ? s.Name : "?", titles[m.ChangeId].EndedAt, m.Reason))
            .OrderByDescending(m => m.EndedAt).ToList();
        return new ComplianceReport(goal, weekly[^1].Figure, trend, period, byTeam, byService, missed);
    }

    /// <summary>
    /// The weekly trend: a week the daily snapshots cover whole is read from them (final, whatever was edited since);
    /// the weeks after it are measured live.
    /// </summary>
    private static async Task<List<ComplianceWeek>> TrendAsync(IncidentsDbContext db, IReadOnlyList<(DateTimeOffset Week, ComplianceFigure Figure)> weekly, CancellationToken cancellationToken)
    {
        var live = weekly.Select(w => new ComplianceWeek(w.Week, w.Figure.Total, w.Figure.Through, w.Figure.Rate)).ToList();
        if (await SnapshotCompliance.RecordedUntilAsync(db, cancellationToken) is not { } recordedUntil)
        {
            return live;
        }

        var first = DateOnly.FromDateTime(weekly[0].Week.UtcDateTime);
        var covered = live.Where(w => DateOnly.FromDateTime(w.Week.UtcDateTime).AddDays(7) <= recordedUntil).Select(w => DateOnly.FromDateTime(w.Week.UtcDateTime)).ToHashSet();
        if (covered.Count == 0)
        {
            return live;
        }

        var rows = await db.ComplianceSnapshots.AsNoTracking().Where(s => s.Day >= first && s.Day < recordedUntil)
            .Select(s => new { s.Day, s.Total, s.Through }).ToListAsync(cancellationToken);
        var byWeek = rows.GroupBy(r => r.Day.AddDays(-(((int)r.Day.DayOfWeek + 6) % 7)))
            .ToDictionary(g => g.Key, g => (Total: g.Sum(r => r.Total), Through: g.Sum(r => r.Through)));
        return live.Select(w =>
        {
            var monday = DateOnly.FromDateTime(w.Week.UtcDateTime);
            if (!covered.Contains(monday))
            {
                return w;
            }

            var (total, through) = byWeek.GetValueOrDefault(monday);
            return new ComplianceWeek(w.Week, total, through, total == 0 ? null : (decimal)through / total);
        }).ToList();
    }
}
