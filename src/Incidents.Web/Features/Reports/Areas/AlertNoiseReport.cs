using Incidents.Domain.Problems;
using Incidents.Domain.Reports;
using Incidents.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Incidents.Web.Features.Reports.Areas;

/// <summary>Incidents opened by alerts over a period: how many, how many ended with nobody acknowledging, and how many alerts came in.</summary>
public sealed record NoiseFigure(int Alerts, int AlertsOnIncidents, int Incidents, int SelfResolved)
{
    public double? AlertsPerIncident => Noise.AlertsPerIncident(AlertsOnIncidents, Incidents);

    public decimal? SelfResolvedShare => Incidents == 0 ? null : (decimal)SelfResolved / Incidents;
}

/// <summary>A recurring alert (its fingerprint: service + alert name or dedup key) and the problem already open for it, if any.</summary>
public sealed record NoisyAlert(string Fingerprint, string Key, long ServiceId, string ServiceName, string LatestTitle, NoiseFigure Figure, long? ProblemId);

public sealed record NoisyService(long ServiceId, string Name, string Slug, NoiseFigure Figure);

public sealed record AlertNoiseReport(
    ReportFilter Filter, NoiseFigure Current, NoiseFigure Previous, ReportBuckets Bars, IReadOnlyList<(int Answered, int SelfResolved, int Open)> ByBar,
    IReadOnlyList<NoisyAlert> Alerts, IReadOnlyList<NoisyService> Services);

/// <summary>
/// Alert noise: alerts received in the period, incidents they opened (those carrying an alert's fingerprint), alerts per
/// such incident, those resolved without anyone acknowledging ("self-resolved"), and the noisiest alert names and
/// services. A noisy alert can be turned into a problem in one click (<see cref="Problems.Link.LinkProblem"/>). Scoped by
/// service, team and severity.
/// </summary>
internal sealed class ReportAlertNoise(IDbContextFactory<IncidentsDbContext> contexts, RollUpIncidents rollups) : IReportArea
{
    public const int Noisiest = 15;

    public string Key => "alerts";

    public IReadOnlyList<string> Tables { get; } = ["alert-noise", "alert-services"];

    /// <summary>Read from the daily rollups (<see cref="IncidentDay"/>, <see cref="AlertDay"/>, <see cref="FingerprintDay"/>; at most half a minute behind).</summary>
    public async Task<AlertNoiseReport> HandleAsync(ReportFilter filter, CancellationToken cancellationToken = default)
    {
        await rollups.EnsureBuiltAsync(cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var services = await db.Services.AsNoTracking().Where(s => (filter.TeamId == null || s.TeamId == filter.TeamId) && (filter.ServiceId == null || s.Id == filter.ServiceId))
            .Select(s => new { s.Id, s.Name, s.Slug }).ToDictionaryAsync(s => s.Id, cancellationToken);
        var ids = services.Keys.ToList();
        var (first, start, end) = (RollUpIncidents.DayOf(filter.Previous.From), RollUpIncidents.DayOf(filter.From), RollUpIncidents.DayOf(filter.Until));
        var severity = filter.Severity;
        var incidentDays = await db.IncidentDays.AsNoTracking()
            .Where(d => d.Day >= first && d.Day < end && ids.Contains(d.ServiceId) && (severity == null || d.Severity == severity) && d.FromAlerts > 0)
            .Select(d => new { d.Day, d.ServiceId, d.FromAlerts, d.SelfResolved, d.FromAlertsOpen }).ToListAsync(cancellationToken);
        var alertDays = await db.AlertDays.AsNoTracking()
            .Where(d => d.Day >= first && d.Day < end && ids.Contains(d.ServiceId) && (severity == null || d.Severity == severity)).ToListAsync(cancellationToken);
        var fingerprintDays = await db.FingerprintDays.AsNoTracking()
            .Where(d => d.Day >= start && d.Day < end && ids.Contains(d.ServiceId) && (severity == null || d.Severity == severity)).ToListAsync(cancellationToken);

        var bars = ReportBuckets.Of(filter);
        var byBar = new (int Answered, int SelfResolved, int Open)[bars.Count];
        foreach (var day in incidentDays.Where(d => d.Day >= start))
        {
            var i = bars.IndexOf(RollUpIncidents.Midnight(day.Day));
            byBar[i] = (byBar[i].Answered + day.FromAlerts - day.SelfResolved - day.FromAlertsOpen, byBar[i].SelfResolved + day.SelfResolved, byBar[i].Open + day.FromAlertsOpen);
        }

        NoiseFigure Figure(Func<DateOnly, bool> inPeriod, Func<long, bool> ofService) => new(
            alertDays.Where(d => inPeriod(d.Day) && ofService(d.ServiceId)).Sum(d => d.Alerts),
            alertDays.Where(d => inPeriod(d.Day) && ofService(d.ServiceId)).Sum(d => d.OnIncidents),
            incidentDays.Where(d => inPeriod(d.Day) && ofService(d.ServiceId)).Sum(d => d.FromAlerts),
            incidentDays.Where(d => inPeriod(d.Day) && ofService(d.ServiceId)).Sum(d => d.SelfResolved));
        bool Current(DateOnly day) => day >= start;

        var noisiest = fingerprintDays.GroupBy(d => d.Fingerprint)
            .Select(g => (Fingerprint: g.Key, ServiceId: g.First().ServiceId, Incidents: g.Sum(d => d.Incidents), SelfResolved: g.Sum(d => d.SelfResolved), Alerts: g.Sum(d => d.Alerts),
                Latest: g.Max(d => d.LatestIncidentId)))
            .OrderByDescending(f => f.Incidents).ThenByDescending(f => f.Alerts).ThenBy(f => f.Fingerprint, StringComparer.Ordinal).Take(Noisiest).ToList();
        var fingerprints = noisiest.Select(f => f.Fingerprint).ToList();
        var latestIds = noisiest.Select(f => f.Latest).ToList();
        var titles = await db.Incidents.AsNoTracking().Where(i => latestIds.Contains(i.Id)).Select(i => new { i.Id, i.Title }).ToDictionaryAsync(i => i.Id, i => i.Title, cancellationToken);
        var problems = await db.Problems.AsNoTracking().Where(p => fingerprints.Contains(p.Fingerprint!) && p.Status != ProblemStatus.Closed && p.Status != ProblemStatus.Verified)
            .Select(p => new { p.Id, p.Fingerprint }).ToListAsync(cancellationToken);
        var noisy = noisiest.Select(f => new NoisyAlert(f.Fingerprint, f.Fingerprint[(f.Fingerprint.IndexOf('|', StringComparison.Ordinal) + 1)..], f.ServiceId,
                services.TryGetValue(f.ServiceId, out var s) ? s.Name : "?", titles.GetValueOrDefault(f.Latest, ""), new NoiseFigure(f.Alerts, f.Alerts, f.Incidents, f.SelfResolved),
                problems.Where(p => p.Fingerprint == f.Fingerprint).Select(p => (long?)p.Id).Max()))
            .ToList();
        var noisyServices = services.Values
            .Select(s => new NoisyService(s.Id, s.Name, s.Slug, Figure(Current, id => id == s.Id)))
            .Where(s => s.Figure.Alerts + s.Figure.Incidents > 0)
            .OrderByDescending(s => s.Figure.Alerts).ThenByDescending(s => s.Figure.Incidents).ThenBy(s => s.Name).Take(Noisiest).ToList();
        return new AlertNoiseReport(filter, Figure(Current, _ => true), Figure(day => !Current(day), _ => true), bars, byBar, noisy, noisyServices);
    }

    /// <summary>The incidents of a recurring alert in the period not yet linked to a problem, for turning it into one (newest 200).</summary>
    public async Task<IReadOnlyList<long>> IncidentsOfAsync(ReportFilter filter, string fingerprint, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Incidents(db, filter).Where(i => i.Fingerprint == fingerprint && !db.ProblemIncidents.Any(l => l.IncidentId == i.Id))
            .OrderByDescending(i => i.Id).Select(i => i.Id).Take(200).ToListAsync(cancellationToken);
    }

    /// <summary>Incidents an alert opened (they carry its fingerprint), triggered in the period, duplicates left out.</summary>
    private static IQueryable<Domain.Incidents.Incident> Incidents(IncidentsDbContext db, ReportFilter f) => db.Incidents.AsNoTracking()
        .Where(i => i.Fingerprint != null && i.TriggeredAt >= f.From && i.TriggeredAt < f.Until && i.DuplicateOfId == null
            && (f.ServiceId == null || i.ServiceId == f.ServiceId) && (f.Severity == null || i.Severity == f.Severity)
            && (f.TeamId == null || db.Services.Any(s => s.Id == i.ServiceId && s.TeamId == f.TeamId)));

    public async Task<ReportExport> ExportAsync(ReportFilter filter, CancellationToken cancellationToken)
    {
        var report = await HandleAsync(filter, cancellationToken);
        static IReadOnlyList<string> Figures(NoiseFigure f) =>
            [Cells.Count(f.Alerts), Cells.Count(f.Incidents), Cells.Number(f.AlertsPerIncident), Cells.Count(f.SelfResolved), Cells.Share(f.SelfResolvedShare)];
        var alerts = new ReportTable("alert-noise", ["service", "alert", "alerts", "incidents", "alerts_per_incident", "self_resolved", "self_resolved_share", "problem"],
            report.Alerts.Select(a => (IReadOnlyList<string>)[a.ServiceName, a.Key, .. Figures(a.Figure), a.ProblemId is { } p ? Problem.Format(p) : ""]));
        var services = new ReportTable("alert-services", ["service", "slug", "alerts", "incidents", "alerts_per_incident", "self_resolved", "self_resolved_share"],
            report.Services.Select(s => (IReadOnlyList<string>)[s.Name, s.Slug, .. Figures(s.Figure)]));
        var json = new
        {
            from = filter.From,
            until = filter.Until,
            current = Json(report.Current),
            previous = Json(report.Previous),
            noisiestAlerts = report.Alerts.Select(a => new { service = a.ServiceName, alert = a.Key, fingerprint = a.Fingerprint, figures = Json(a.Figure), problem = a.ProblemId is { } p ? Problem.Format(p) : null }),
            noisiestServices = report.Services.Select(s => new { service = s.Name, slug = s.Slug, figures = Json(s.Figure) }),
        };
        return new ReportExport(json, [alerts, services]);
    }

    private static object Json(NoiseFigure f) => new
    {
        alerts = f.Alerts,
        incidents = f.Incidents,
        alertsPerIncident = f.AlertsPerIncident,
        selfResolved = f.SelfResolved,
        selfResolvedShare = f.SelfResolvedShare,
    };
}
