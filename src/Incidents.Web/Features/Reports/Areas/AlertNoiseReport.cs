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
internal sealed class ReportAlertNoise(IDbContextFactory<IncidentsDbContext> contexts) : IReportArea
{
    public const int Noisiest = 15;

    public string Key => "alerts";

    public IReadOnlyList<string> Tables { get; } = ["alert-noise", "alert-services"];

    public async Task<AlertNoiseReport> HandleAsync(ReportFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var services = await db.Services.AsNoTracking().Select(s => new { s.Id, s.Name, s.Slug, s.TeamId }).ToDictionaryAsync(s => s.Id, cancellationToken);
        var incidents = Incidents(db, filter);
        var alerts = Alerts(db, filter);

        var bars = ReportBuckets.Of(filter);
        var rows = await incidents.Select(i => new { i.TriggeredAt, Answered = i.FirstAcknowledgedAt != null, Resolved = i.ResolvedAt != null }).ToListAsync(cancellationToken);
        var byBar = new (int Answered, int SelfResolved, int Open)[bars.Count];
        foreach (var row in rows)
        {
            var i = bars.IndexOf(row.TriggeredAt);
            byBar[i] = row.Answered ? byBar[i] with { Answered = byBar[i].Answered + 1 }
                : row.Resolved ? byBar[i] with { SelfResolved = byBar[i].SelfResolved + 1 } : byBar[i] with { Open = byBar[i].Open + 1 };
        }

        var byFingerprint = await incidents.GroupBy(i => i.Fingerprint!)
            .Select(g => new { Fingerprint = g.Key, Count = g.Count(), SelfResolved = g.Count(i => i.FirstAcknowledgedAt == null && i.ResolvedAt != null), Latest = g.Max(i => i.Id) })
            .OrderByDescending(g => g.Count).Take(Noisiest).ToListAsync(cancellationToken);
        var fingerprints = byFingerprint.Select(f => f.Fingerprint).ToList();
        var alertsByFingerprint = await alerts.Join(db.Incidents, a => a.IncidentId, i => i.Id, (a, i) => i.Fingerprint)
            .Where(f => fingerprints.Contains(f!)).GroupBy(f => f!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var latestIds = byFingerprint.Select(f => f.Latest).ToList();
        var latest = await db.Incidents.AsNoTracking().Where(i => latestIds.Contains(i.Id)).Select(i => new { i.Id, i.Title, i.ServiceId }).ToDictionaryAsync(i => i.Id, cancellationToken);
        var problems = await db.Problems.AsNoTracking().Where(p => fingerprints.Contains(p.Fingerprint!) && p.Status != ProblemStatus.Closed && p.Status != ProblemStatus.Verified)
            .Select(p => new { p.Id, p.Fingerprint }).ToListAsync(cancellationToken);
        var noisy = byFingerprint.Select(f =>
        {
            var incident = latest[f.Latest];
            var alertCount = alertsByFingerprint.GetValueOrDefault(f.Fingerprint);
            return new NoisyAlert(f.Fingerprint, f.Fingerprint[(f.Fingerprint.IndexOf('|', StringComparison.Ordinal) + 1)..], incident.ServiceId,
                services.TryGetValue(incident.ServiceId, out var s) ? s.Name : "?", incident.Title, new NoiseFigure(alertCount, alertCount, f.Count, f.SelfResolved),
                problems.Where(p => p.Fingerprint == f.Fingerprint).Select(p => (long?)p.Id).Max());
        }).ToList();

        var incidentsByService = await incidents.GroupBy(i => i.ServiceId)
            .Select(g => new { g.Key, Count = g.Count(), SelfResolved = g.Count(i => i.FirstAcknowledgedAt == null && i.ResolvedAt != null) }).ToDictionaryAsync(g => g.Key, cancellationToken);
        var alertsByService = await alerts.GroupBy(a => a.ServiceId)
            .Select(g => new { g.Key, Count = g.Count(), OnIncidents = g.Count(a => a.IncidentId != null) }).ToDictionaryAsync(g => g.Key, cancellationToken);
        var noisyServices = incidentsByService.Keys.Union(alertsByService.Keys).Where(services.ContainsKey)
            .Select(id =>
            {
                var i = incidentsByService.GetValueOrDefault(id);
                var a = alertsByService.GetValueOrDefault(id);
                return new NoisyService(id, services[id].Name, services[id].Slug, new NoiseFigure(a?.Count ?? 0, a?.OnIncidents ?? 0, i?.Count ?? 0, i?.SelfResolved ?? 0));
            })
            .OrderByDescending(s => s.Figure.Alerts).ThenByDescending(s => s.Figure.Incidents).Take(Noisiest).ToList();

        var current = new NoiseFigure(alertsByService.Values.Sum(a => a.Count), alertsByService.Values.Sum(a => a.OnIncidents), rows.Count, byBar.Sum(b => b.SelfResolved));
        return new AlertNoiseReport(filter, current, await FigureAsync(db, filter.Previous, cancellationToken), bars, byBar, noisy, noisyServices);
    }

    /// <summary>The incidents of a recurring alert in the period not yet linked to a problem, for turning it into one (newest 200).</summary>
    public async Task<IReadOnlyList<long>> IncidentsOfAsync(ReportFilter filter, string fingerprint, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Incidents(db, filter).Where(i => i.Fingerprint == fingerprint && !db.ProblemIncidents.Any(l => l.IncidentId == i.Id))
            .OrderByDescending(i => i.Id).Select(i => i.Id).Take(200).ToListAsync(cancellationToken);
    }

    private static async Task<NoiseFigure> FigureAsync(IncidentsDbContext db, ReportFilter filter, CancellationToken cancellationToken)
    {
        var incidents = await Incidents(db, filter).GroupBy(i => 1)
            .Select(g => new { Count = g.Count(), SelfResolved = g.Count(i => i.FirstAcknowledgedAt == null && i.ResolvedAt != null) }).FirstOrDefaultAsync(cancellationToken);
        var alerts = await Alerts(db, filter).GroupBy(a => 1).Select(g => new { Count = g.Count(), OnIncidents = g.Count(a => a.IncidentId != null) }).FirstOrDefaultAsync(cancellationToken);
        return new NoiseFigure(alerts?.Count ?? 0, alerts?.OnIncidents ?? 0, incidents?.Count ?? 0, incidents?.SelfResolved ?? 0);
    }

    /// <summary>Incidents an alert opened (they carry its fingerprint), triggered in the period, duplicates left out.</summary>
    private static IQueryable<Domain.Incidents.Incident> Incidents(IncidentsDbContext db, ReportFilter f) => db.Incidents.AsNoTracking()
        .Where(i => i.Fingerprint != null && i.TriggeredAt >= f.From && i.TriggeredAt < f.Until && i.DuplicateOfId == null
            && (f.ServiceId == null || i.ServiceId == f.ServiceId) && (f.Severity == null || i.Severity == f.Severity)
            && (f.TeamId == null || db.Services.Any(s => s.Id == i.ServiceId && s.TeamId == f.TeamId)));

    private static IQueryable<Domain.Alerts.Alert> Alerts(IncidentsDbContext db, ReportFilter f) => db.Alerts.AsNoTracking()
        .Where(a => a.FirstSeenAt >= f.From && a.FirstSeenAt < f.Until
            && (f.ServiceId == null || a.ServiceId == f.ServiceId) && (f.Severity == null || a.Severity == f.Severity)
            && (f.TeamId == null || db.Services.Any(s => s.Id == a.ServiceId && s.TeamId == f.TeamId)));

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
