using Incidents.Domain.Incidents;
using Incidents.Domain.Postmortems;
using Incidents.Domain.Reports;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Reports.Areas;

/// <summary>A postmortem due in the period, as the report lists it.</summary>
public sealed record PostmortemDue(
    long Id, long IncidentId, string IncidentTitle, Severity Severity, string ServiceName, string? Owner, PostmortemStatus Status,
    DateTimeOffset DueAt, DateTimeOffset? PublishedAt, PostmortemOutcome Outcome);

public sealed record PostmortemAreaReport(
    ReportFilter Filter, PostmortemCompletion Current, PostmortemCompletion Previous, ReportBuckets Bars, IReadOnlyList<PostmortemCompletion> ByBar,
    TimeSpan? MedianToPublish, IReadOnlyList<PostmortemDue> Postmortems)
{
    public IEnumerable<PostmortemDue> Overdue => Postmortems.Where(p => p.Outcome == PostmortemOutcome.Overdue).OrderBy(p => p.DueAt);
}

/// <summary>
/// Postmortem completion over the postmortems due in the period (<see cref="PostmortemCompletion"/>), per bar and
/// against the period before, with the overdue ones listed and the median time from the incident's resolution to publication.
/// Scoped by the incident's team, service and severity.
/// </summary>
internal sealed class ReportPostmortems(IDbContextFactory<IncidentsDbContext> contexts, TimeProvider clock) : IReportArea
{
    public string Key => "postmortems";

    public IReadOnlyList<string> Tables { get; } = ["postmortems"];

    public async Task<PostmortemAreaReport> HandleAsync(ReportFilter filter, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var since = filter.Previous.From;
        var rows = await (
                from p in db.Postmortems.AsNoTracking()
                join i in db.Incidents on p.IncidentId equals i.Id
                join s in db.Services on i.ServiceId equals s.Id
                where p.DueAt >= since && p.DueAt < filter.Until && (filter.TeamId == null || s.TeamId == filter.TeamId)
                where (filter.ServiceId == null || s.Id == filter.ServiceId) && (filter.Severity == null || i.Severity == filter.Severity)
                select new
                {
                    p.Id,
                    p.IncidentId,
                    i.Title,
                    i.Severity,
                    Service = s.Name,
                    Owner = db.Users.Where(u => u.Id == p.OwnerId).Select(u => u.DisplayName).FirstOrDefault(),
                    p.Status,
                    p.DueAt,
                    p.PublishedAt,
                    i.ResolvedAt,
                })
            .ToListAsync(cancellationToken);
        var all = rows.Select(r => new PostmortemDue(r.Id, r.IncidentId, r.Title, r.Severity, r.Service, r.Owner, r.Status, r.DueAt, r.PublishedAt,
            PostmortemCompletion.Of(r.DueAt, r.PublishedAt, now))).ToList();
        var current = all.Where(p => p.DueAt >= filter.From).ToList();
        var bars = ReportBuckets.Of(filter);
        var byBar = Enumerable.Range(0, bars.Count)
            .Select(i => PostmortemCompletion.Of(current.Where(p => bars.IndexOf(p.DueAt) == i).Select(p => p.Outcome))).ToList();
        var toPublish = rows.Where(r => r.DueAt >= filter.From && r.PublishedAt is not null && r.ResolvedAt is not null && r.PublishedAt >= r.ResolvedAt)
            .Select(r => r.PublishedAt!.Value - r.ResolvedAt!.Value);
        return new PostmortemAreaReport(filter, PostmortemCompletion.Of(current.Select(p => p.Outcome)),
            PostmortemCompletion.Of(all.Where(p => p.DueAt < filter.From).Select(p => p.Outcome)), bars, byBar, DurationStats.Of(toPublish).Median,
            current.OrderBy(p => p.Outcome).ThenBy(p => p.DueAt).ToList());
    }

    public async Task<ReportExport> ExportAsync(ReportFilter filter, CancellationToken cancellationToken)
    {
        var report = await HandleAsync(filter, cancellationToken);
        var table = new ReportTable("postmortems",
            ["postmortem", "incident", "title", "severity", "service", "owner", "status", "due", "published", "outcome"],
            report.Postmortems.Select(p => (IReadOnlyList<string>)
            [
                Cells.Id(p.Id), Incident.Format(p.IncidentId), p.IncidentTitle, p.Severity.Label(), p.ServiceName, p.Owner ?? "", p.Status.ToString(),
                Cells.Instant(p.DueAt), Cells.Instant(p.PublishedAt), p.Outcome.ToString(),
            ]));
        var json = new
        {
            from = filter.From,
            until = filter.Until,
            completion = Json(report.Current),
            previous = Json(report.Previous),
            medianHoursToPublish = report.MedianToPublish?.TotalHours,
            bucket = report.Bars.Unit,
            buckets = report.ByBar.Select((c, i) => new { start = report.Bars.Starts[i], end = report.Bars.End(i), onTime = c.OnTime, late = c.Late, overdue = c.Overdue, pending = c.Pending }),
            overdue = report.Overdue.Select(p => new { id = p.Id, incident = Incident.Format(p.IncidentId), title = p.IncidentTitle, owner = p.Owner, due = p.DueAt }),
        };
        return new ReportExport(json, [table]);
    }

    private static object Json(PostmortemCompletion c) => new { due = c.Due, onTime = c.OnTime, late = c.Late, overdue = c.Overdue, pending = c.Pending, rate = c.Rate };
}
