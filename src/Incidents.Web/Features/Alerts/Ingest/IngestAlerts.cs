using System.Text.Json;
using Incidents.Domain;
using Incidents.Domain.Alerts;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.IncidentManagement.Paging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Alerts.Ingest;

public sealed record IngestResult(IReadOnlyList<string> DedupKeys, IReadOnlyList<long> OpenedIncidents);

/// <summary>
/// Applies a batch of monitoring events in one transaction: dedup (one open alert per service and key; repeats
/// count), grouping into incidents, acknowledge and resolve (auto-resolving the incident by policy). The caller
/// answers 2xx only after this returns, so an acknowledged event is durable.
/// </summary>
public sealed partial class IngestAlerts(
    IDbContextFactory<IncidentsDbContext> contexts,
    IIncidentNotifier notifier,
    IPager pager,
    IOptions<IncidentOptions> options,
    TimeProvider clock,
    ILogger<IngestAlerts> logger)
{
    private const int Attempts = 3;

    public async Task<IngestResult> HandleAsync(long integrationId, IReadOnlyList<AlertEvent> events, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyAsync(integrationId, events, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // A concurrent delivery opened the same alert first (the unique open key said so): re-read and count it.
                LogRetry(logger, integrationId, attempt);
            }
        }
    }

    private async Task<IngestResult> ApplyAsync(long integrationId, IReadOnlyList<AlertEvent> events, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var integration = await db.Integrations.AsNoTracking().SingleAsync(i => i.Id == integrationId, cancellationToken);
        var source = new Actor(null, integration.Name);
        db.ActingAs(source);
        var services = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var bySlug = services.Values.ToDictionary(s => s.Slug, s => s.Id, StringComparer.OrdinalIgnoreCase);
        var incidents = new Dictionary<long, Incident>();
        var opened = new List<long>();
        var changed = new HashSet<long>();

        foreach (var e in events)
        {
            var serviceId = integration.RoutingLabel is { } label && e.Labels.TryGetValue(label, out var slug) && bySlug.TryGetValue(slug, out var routed)
                ? routed
                : integration.ServiceId;
            var open = db.Alerts.Local.FirstOrDefault(a => a.ServiceId == serviceId && a.OpenKey == e.DedupKey)
                ?? await db.Alerts.SingleOrDefaultAsync(a => a.ServiceId == serviceId && a.OpenKey == e.DedupKey, cancellationToken);
            var at = now;

            switch (e.Action)
            {
                case AlertAction.Trigger when open is not null:
                    open.Repeat(e, at);
                    break;
                case AlertAction.Trigger:
                    var alert = Alert.Fire(serviceId, integration.Id, e, JsonSerializer.Serialize(e.Labels), at);
                    db.Alerts.Add(alert);
                    var incident = await GroupingIncidentAsync(db, integration, alert, incidents, cancellationToken);
                    if (incident is null)
                    {
                        var (impact, urgency) = Alert.TriageFor(e.Severity);
                        (_, incident) = Incident.Open(alert.Summary, AlertDescription(e), services[serviceId], impact, urgency, options.Value.Matrix(), source, at);
                        db.Incidents.Add(incident!);
                        await db.SaveChangesAsync(cancellationToken);
                        opened.Add(incident!.Id);
                    }

                    incidents[incident!.Id] = incident;
                    await db.SaveChangesAsync(cancellationToken);
                    alert.AttachTo(incident.Id);
                    incident.RecordAlertFired(alert.Id, $"{alert.Summary} ({alert.Source})", source, at);
                    changed.Add(incident.Id);
                    break;
                case AlertAction.Acknowledge when open is not null:
                    if (open.Acknowledge(at) && await IncidentOfAsync(db, open, incidents, cancellationToken) is { Status: IncidentStatus.Triggered } toAck)
                    {
                        toAck.Acknowledge(source, at);
                        changed.Add(toAck.Id);
                    }

                    break;
                case AlertAction.Resolve when open is not null:
                    open.Resolve(at);
                    if (await IncidentOfAsync(db, open, incidents, cancellationToken) is { } owner)
                    {
                        owner.RecordAlertResolved(open.Id, $"{open.Summary} resolved after {open.Count} occurrence(s).", source, at);
                        changed.Add(owner.Id);
                        await db.SaveChangesAsync(cancellationToken);
                        var stillOpen = await db.Alerts.AnyAsync(a => a.IncidentId == owner.Id && a.Status != AlertStatus.Resolved, cancellationToken);
                        if (integration.AutoResolve && !stillOpen && owner.Status.IsOpen())
                        {
                            owner.Resolve(source, at, "all of its alerts resolved.");
                        }
                    }

                    break;
                case AlertAction.Acknowledge:
                case AlertAction.Resolve:
                    // Acknowledge and resolve without an open alert are dropped, as PagerDuty does.
                    break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var id in changed)
        {
            await notifier.PublishAsync(new IncidentChanged(id, incidents.TryGetValue(id, out var i) ? i.Version : 0, integration.Name, "Alert"));
        }

        foreach (var id in opened)
        {
            await pager.IncidentNeedsPagingAsync(id, $"opened by alert from {integration.Name}", cancellationToken);
        }

        return new IngestResult(events.Select(e => e.DedupKey).ToList(), opened);
    }

    /// <summary>The open incident this new alert joins under the integration's grouping, or null for a new one.</summary>
    private static async Task<Incident?> GroupingIncidentAsync(
        IncidentsDbContext db, Integration integration, Alert alert, Dictionary<long, Incident> known, CancellationToken cancellationToken)
    {
        var open = new[] { IncidentStatus.Triggered, IncidentStatus.Acknowledged, IncidentStatus.Mitigated };
        long? incidentId = integration.Grouping switch
        {
            GroupingMode.ByDedupKey => null,
            GroupingMode.ByGroupKey when alert.GroupKey is null => null,
            GroupingMode.ByGroupKey => await db.Alerts
                .Where(a => a.ServiceId == alert.ServiceId && a.GroupKey == alert.GroupKey && a.IncidentId != null)
                .Join(db.Incidents.Where(i => open.Contains(i.Status)), a => a.IncidentId, i => i.Id, (a, i) => (long?)i.Id)
                .OrderByDescending(id => id)
                .FirstOrDefaultAsync(cancellationToken),
            GroupingMode.TimeWindow => await db.Alerts
                .Where(a => a.ServiceId == alert.ServiceId && a.IntegrationId == integration.Id && a.IncidentId != null
                    && a.FirstSeenAt >= alert.FirstSeenAt.AddMinutes(-integration.GroupingWindowMinutes))
                .Join(db.Incidents.Where(i => open.Contains(i.Status)), a => a.IncidentId, i => i.Id, (a, i) => (long?)i.Id)
                .OrderByDescending(id => id)
                .FirstOrDefaultAsync(cancellationToken),
        };

        // Alerts added earlier in this batch are not in the database yet.
        incidentId ??= integration.Grouping switch
        {
            GroupingMode.ByDedupKey => null,
            GroupingMode.ByGroupKey => db.Alerts.Local.FirstOrDefault(a => a != alert && a.ServiceId == alert.ServiceId && a.GroupKey is not null && a.GroupKey == alert.GroupKey && a.IncidentId is not null)?.IncidentId,
            GroupingMode.TimeWindow => db.Alerts.Local.FirstOrDefault(a => a != alert && a.ServiceId == alert.ServiceId && a.IntegrationId == integration.Id && a.IncidentId is not null)?.IncidentId,
        };

        if (incidentId is not { } id)
        {
            return null;
        }

        return known.TryGetValue(id, out var incident) ? incident : await db.Incidents.SingleAsync(i => i.Id == id, cancellationToken);
    }

    private static async Task<Incident?> IncidentOfAsync(IncidentsDbContext db, Alert alert, Dictionary<long, Incident> known, CancellationToken cancellationToken)
    {
        if (alert.IncidentId is not { } id)
        {
            return null;
        }

        if (!known.TryGetValue(id, out var incident))
        {
            incident = await db.Incidents.SingleAsync(i => i.Id == id, cancellationToken);
            known[id] = incident;
        }

        return incident;
    }

    private static string AlertDescription(AlertEvent e) =>
        $"Opened by an alert from **{e.Source}**." + (e.Link is null ? "" : $" [Source]({e.Link})") +
        (e.Labels.Count == 0 ? "" : "\n\n" + string.Join("\n", e.Labels.OrderBy(l => l.Key).Select(l => $"- `{l.Key}`: {l.Value}")));

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert batch for integration {IntegrationId} raced a concurrent delivery; retry {Attempt}")]
    private static partial void LogRetry(ILogger logger, long integrationId, int attempt);
}
