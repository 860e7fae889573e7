using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Incidents.Web.Features.Changes;
using Incidents.Web.Features.Changes.Compliance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Reports.Areas;

/// <summary>The DORA four with their performance bands.</summary>
public sealed record DoraWithBands(DoraFigures Figures, DoraBand? Frequency, DoraBand? LeadTime, DoraBand? FailureRate, DoraBand? Recovery)
{
    public static DoraWithBands Of(DoraFigures f) => new(f, DoraBands.Frequency(f.Deployments, f.DeploymentsPerWeek), DoraBands.LeadTime(f.LeadTime),
        DoraBands.FailureRate(f.ChangeFailureRate), DoraBands.Recovery(f.RecoveryTime));
}

public sealed record ChangeAreaReport(
    ReportFilter Filter, decimal Goal, ComplianceFigure Current, ComplianceFigure Previous, IReadOnlyList<ComplianceWeek> Weeks,
    DoraWithBands Dora, DoraWithBands PreviousDora, IReadOnlyList<MissedChange> Missed);

/// <summary>
/// Changes: process compliance of the finished production changes that ended in the period (per week, against the goal:
/// the team's when one team is in view, else the installation's), the changes that missed the process and why, and the
/// DORA four with their bands, against the period before. Scoped by team and service; severity does not apply.
/// </summary>
internal sealed class ReportChanges(IDbContextFactory<IncidentsDbContext> contexts, MeasureDora dora, IOptions<ChangeOptions> options, TimeProvider clock) : IReportArea
{
    public string Key => "changes";

    public IReadOnlyList<string> Tables { get; } = ["changes-compliance", "changes-missed"];

    public async Task<ChangeAreaReport> HandleAsync(ReportFilter filter, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var days = options.Value.EmergencyApprovalDays;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var teamId = filter.TeamId ?? (filter.ServiceId is { } serviceId
            ? await db.Services.Where(s => s.Id == serviceId).Select(s => (long?)s.TeamId).FirstOrDefaultAsync(cancellationToken)
            : null);
        var goal = (teamId is { } team ? await db.Teams.Where(t => t.Id == team).Select(t => t.ComplianceGoal).FirstOrDefaultAsync(cancellationToken) : null)
            ?? options.Value.ComplianceGoal;
        var production = Change.Production;
        var since = filter.Previous.From;
        var counted = db.Changes.AsNoTracking()
            .Where(c => c.EndedAt >= since && c.EndedAt < filter.Until && c.Environment == production
                && (c.Status == ChangeStatus.Completed || c.Status == ChangeStatus.Failed || c.Status == ChangeStatus.RolledBack)
                && (filter.ServiceId == null || c.ServiceId == filter.ServiceId)
                && (filter.TeamId == null || db.Services.Any(s => s.Id == c.ServiceId && s.TeamId == filter.TeamId)));
        var ended = await counted.Select(c => c.EndedAt!.Value).ToListAsync(cancellationToken);
        var mayMiss = await counted.Where(ChangeCompliance.MayMissProcess).Select(ChangeCompliance.AsCase).ToListAsync(cancellationToken);
        ComplianceFigure Between(DateTimeOffset from, DateTimeOffset until) =>
            ChangeCompliance.Of(ended.Count(e => e >= from && e < until), mayMiss.Where(c => c.EndedAt >= from && c.EndedAt < until), days, now);

        var weeks = new List<ComplianceWeek>();
        for (var week = ChangeCompliance.WeekOf(filter.From); week < filter.Until; week = week.AddDays(7))
        {
            var figure = Between(week < filter.From ? filter.From : week, week.AddDays(7) < filter.Until ? week.AddDays(7) : filter.Until);
            weeks.Add(new ComplianceWeek(week, figure.Total, figure.Through, figure.Rate));
        }

        var current = Between(filter.From, filter.Until);
        var missedIds = current.Misses.Select(m => m.ChangeId).OrderDescending().Take(MeasureCompliance.MissedShown).ToList();
        var titles = await db.Changes.AsNoTracking().Where(c => missedIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Title, Service = db.Services.Where(s => s.Id == c.ServiceId).Select(s => s.Name).FirstOrDefault(), c.EndedAt })
            .ToDictionaryAsync(c => c.Id, cancellationToken);
        var missed = current.Misses.Where(m => titles.ContainsKey(m.ChangeId))
            .Select(m => new MissedChange(m.ChangeId, Change.Format(m.ChangeId), titles[m.ChangeId].Title, titles[m.ChangeId].Service ?? "?", titles[m.ChangeId].EndedAt, m.Reason))
            .OrderByDescending(m => m.EndedAt).ToList();
        return new ChangeAreaReport(filter, goal, current, Between(filter.Previous.From, filter.Previous.Until), weeks,
            DoraWithBands.Of(await dora.HandleAsync(filter.From, filter.Until, filter.TeamId, filter.ServiceId, cancellationToken)),
            DoraWithBands.Of(await dora.HandleAsync(filter.Previous.From, filter.Previous.Until, filter.TeamId, filter.ServiceId, cancellationToken)),
            missed);
    }

    public async Task<ReportExport> ExportAsync(ReportFilter filter, CancellationToken cancellationToken)
    {
        var report = await HandleAsync(filter, cancellationToken);
        var weeks = new ReportTable("changes-compliance", ["week", "changes", "through_the_process", "compliance", "goal"],
            report.Weeks.Select(w => (IReadOnlyList<string>)[Cells.Instant(w.Week), Cells.Count(w.Total), Cells.Count(w.Through), Cells.Share(w.Rate), Cells.Share(report.Goal)]));
        var missed = new ReportTable("changes-missed", ["change", "title", "service", "ended", "reason"],
            report.Missed.Select(m => (IReadOnlyList<string>)[m.Number, m.Title, m.ServiceName, Cells.Instant(m.EndedAt), m.Reason]));
        var json = new
        {
            from = filter.From,
            until = filter.Until,
            goal = report.Goal,
            compliance = Json(report.Current),
            previous = Json(report.Previous),
            weeks = report.Weeks.Select(w => new { week = w.Week, changes = w.Total, through = w.Through, rate = w.Rate }),
            dora = Json(report.Dora),
            previousDora = Json(report.PreviousDora),
            missed = report.Missed.Select(m => new { change = m.Number, title = m.Title, service = m.ServiceName, ended = m.EndedAt, reason = m.Reason }),
        };
        return new ReportExport(json, [weeks, missed]);
    }

    private static object Json(ComplianceFigure f) => new { changes = f.Total, through = f.Through, pending = f.Pending, missed = f.Misses.Count, rate = f.Rate };

    private static object Json(DoraWithBands d) => new
    {
        deployments = d.Figures.Deployments,
        deploymentsPerWeek = d.Figures.DeploymentsPerWeek,
        deploymentFrequencyBand = d.Frequency?.ToString(),
        leadTimeHours = d.Figures.LeadTime?.TotalHours,
        leadTimeBand = d.LeadTime?.ToString(),
        changeFailureRate = d.Figures.ChangeFailureRate,
        changeFailureRateBand = d.FailureRate?.ToString(),
        recoveryHours = d.Figures.RecoveryTime?.TotalHours,
        recoveryBand = d.Recovery?.ToString(),
    };
}
