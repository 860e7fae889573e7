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

/// <summary>One request's events, applied together with other requests' in one transaction.</summary>
public sealed record IngestWork(long IntegrationId, IReadOnlyList<AlertEvent> Events);

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

    public async Task<IngestResult> HandleAsync(long integrationId, IReadOnlyList<AlertEvent> events, CancellationToken cancellationToken = default) =>
        (await HandleBatchAsync([new IngestWork(integrationId, events)], cancellationToken))[0];

    /// <summary>Several requests' events in one transaction (group commit); results in the same order.</summary>
    public async Task<IReadOnlyList<IngestResult>> HandleBatchAsync(IReadOnlyList<IngestWork> batch, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyAsync(batch, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // A concurrent delivery opened the same alert first (the unique open key said so): re-read and count it.
                LogRetry(logger, batch[0].IntegrationId, attempt);
            }
        }
    }

    private async Task<IReadOnlyList<IngestResult>> ApplyAsync(IReadOnlyList<IngestWork> batch, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var integrationIds = batch.Select(w => w.IntegrationId).Distinct().ToList();
        var integrationsById = await db.Integrations.AsNoTracking().Where(i => integrationIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var services = await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
        var bySlug = services.Values.ToDictionary(s => s.Slug, s => s.Id, StringComparer.OrdinalIgnoreCase);
        var incidents = new Dictionary<long, Incident>();
        var changed = new Dictionary<long, string>();
        var results = new List<IngestResult>();
        var allOpened = new List<(long Incident, string Integration)>();

        // Every open alert the batch may touch, in one query; then lookups are in memory.
        var keys = batch.SelectMany(w => w.Events.Select(e => e.DedupKey)).Distinct().ToList();
        var openByKey = (await db.Alerts.Where(a => a.OpenKey != null && keys.Contains(a.OpenKey)).ToListAsync(cancellationToken))
            .ToDictionary(a => (a.ServiceId, a.OpenKey!));
        var groups = new Dictionary<(long ServiceId, long IntegrationId, string? GroupKey), Incident>();
        // A storm of one problem is one timeline line per incident and alert summary; counts come from the alerts.
        var onTimeline = new HashSet<(long IncidentId, string Summary)>();

        foreach (var work in batch)
        {
            var integration = integrationsById[work.IntegrationId];
            var source = new Actor(null, integration.Name);
            db.ActingAs(source);
            var opened = new List<Incident>();
            var fired = new List<(Alert Alert, Incident Incident)>();

            // New alerts and incidents get their ids here, then join each other and the timeline.
            async Task FlushAsync()
            {
                if (fired.Count == 0)
                {
                    return;
                }

                await db.SaveChangesAsync(cancellationToken);
                foreach (var (alert, incident) in fired)
                {
                    alert.AttachTo(incident.Id);
                    incidents[incident.Id] = incident;
                    changed[incident.Id] = integration.Name;
                    if (onTimeline.Add((incident.Id, alert.Summary))
                        && !await db.Timeline.AnyAsync(t => t.IncidentId == incident.Id && t.Kind == TimelineKind.AlertFired && t.Text == alert.Summary, cancellationToken))
                    {
                        incident.RecordAlertFired(alert.Id, alert.Summary, source, now);
                    }
                }

                fired.Clear();
                await db.SaveChangesAsync(cancellationToken);
            }

            foreach (var e in work.Events)
            {
                var serviceId = integration.RoutingLabel is { } label && e.Labels.TryGetValue(label, out var slug) && bySlug.TryGetValue(slug, out var routed)
                    ? routed
                    : integration.ServiceId;
                var open = openByKey.GetValueOrDefault((serviceId, e.DedupKey));
                switch (e.Action)
                {
                    case AlertAction.Trigger when open is not null:
                        open.Repeat(e, now);
                        break;
                    case AlertAction.Trigger:
                        var alert = Alert.Fire(serviceId, integration.Id, e, JsonSerializer.Serialize(e.Labels), now);
                        db.Alerts.Add(alert);
                        openByKey[(serviceId, e.DedupKey)] = alert;
                        (long, long, string?)? slot = integration.Grouping switch
                        {
                            GroupingMode.ByDedupKey => null,
                            GroupingMode.ByGroupKey => alert.GroupKey is null ? null : (serviceId, 0L, alert.GroupKey),
                            GroupingMode.TimeWindow => (serviceId, integration.Id, null),
                        };
                        var incident = slot is { } known && groups.TryGetValue(known, out var grouped)
                            ? grouped
                            : await GroupingIncidentAsync(db, integration, alert, incidents, cancellationToken);
                        if (incident is null)
                        {
                            var (impact, urgency) = Alert.TriageFor(e.Severity);
                            (_, incident) = Incident.Open(alert.Summary, AlertDescription(e), services[serviceId], impact, urgency, options.Value.Matrix(), source, now);
                            db.Incidents.Add(incident!);
                            opened.Add(incident!);
                        }

                        if (slot is { } taken)
                        {
                            groups[taken] = incident!;
                        }

                        fired.Add((alert, incident!));
                        break;
                    case AlertAction.Acknowledge when open is not null:
                        await FlushAsync();
                        if (open.Acknowledge(now) && await IncidentOfAsync(db, open, incidents, cancellationToken) is { Status: IncidentStatus.Triggered } toAck)
                        {
                            toAck.Acknowledge(source, now);
                            changed[toAck.Id] = integration.Name;
                        }

                        break;
                    case AlertAction.Resolve when open is not null:
                        await FlushAsync();
                        open.Resolve(now);
                        openByKey.Remove((serviceId, e.DedupKey));
                        if (await IncidentOfAsync(db, open, incidents, cancellationToken) is { } owner)
                        {
                            owner.RecordAlertResolved(open.Id, $"{open.Summary} resolved after {open.Count} occurrence(s).", source, now);
                            changed[owner.Id] = integration.Name;
                            await db.SaveChangesAsync(cancellationToken);
                            var stillOpen = await db.Alerts.AnyAsync(a => a.IncidentId == owner.Id && a.Status != AlertStatus.Resolved, cancellationToken);
                            if (integration.AutoResolve && !stillOpen && owner.Status.IsOpen())
                            {
                                owner.Resolve(source, now, "all of its alerts resolved.");
                            }
                        }

                        break;
                    case AlertAction.Acknowledge:
                    case AlertAction.Resolve:
                        // Acknowledge and resolve without an open alert are dropped, as PagerDuty does.
                        break;
                }
            }

            await FlushAsync();
            // Saved whenever the next request comes from another integration, so the audit trail names the right one.
            var nextIndex = results.Count + 1;
            if (nextIndex >= batch.Count || batch[nextIndex].IntegrationId != work.IntegrationId)
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            results.Add(new IngestResult(work.Events.Select(e => e.DedupKey).ToList(), opened.Select(i => i.Id).ToList()));
            allOpened.AddRange(opened.Select(i => (i.Id, integration.Name)));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var (id, by) in changed)
        {
            await notifier.PublishAsync(new IncidentChanged(id, incidents.TryGetValue(id, out var i) ? i.Version : 0, by, "Alert"));
        }

        foreach (var (id, by) in allOpened)
        {
            await pager.IncidentNeedsPagingAsync(id, $"opened by alert from {by}", cancellationToken);
        }

        return results;
    }

    /// <summary>The open incident this new alert joins under the integration's grouping, or null for a new one.</summary>
    private static async Task<Incident?> GroupingIncidentAsync(
        IncidentsDbContext db, Integration integration, Alert alert, Dictionary<long, Incident> known, CancellationToken cancellationToken)
    {
        var open = IncidentStatuses.Open;
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
