using System.Text.Json;
using Incidents.Domain;
using Incidents.Domain.Alerts;
using Incidents.Domain.Catalog;
using Incidents.Domain.Incidents;
using Incidents.Domain.Problems;
using Incidents.Web.Data;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Features.IncidentManagement.Paging;
using Incidents.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Features.Alerts.Ingest;

internal sealed record IngestResult(IReadOnlyList<string> DedupKeys, IReadOnlyList<long> OpenedIncidents);

/// <summary>
/// One request's events (and its integration's settings as found by key), applied together with other requests' in one
/// transaction. <paramref name="TruncatedAlerts"/>: alerts of the group the sender left out (Alertmanager's
/// <c>max_alerts</c>); <paramref name="GroupResolved"/>: Alertmanager's top-level status says every alert it sent is resolved.
/// </summary>
internal sealed record IngestWork(Integration Integration, IReadOnlyList<AlertEvent> Events, int TruncatedAlerts = 0, bool GroupResolved = false);

/// <summary>
/// Applies a batch of monitoring events in one transaction: dedup (one open alert per service and key; repeats
/// count), grouping into incidents, acknowledge and resolve (auto-resolving the incident by policy), and the
/// escalation of every incident it opens, all committed together. The caller answers 2xx only after this returns, so
/// an acknowledged event is durable and its page is already on its way.
/// </summary>
internal sealed partial class IngestAlerts(
    IDbContextFactory<IncidentsDbContext> contexts,
    IIncidentNotifier notifier,
    IPager pager,
    IOptions<IncidentOptions> options,
    IOptions<Changes.ChangeOptions> changeOptions,
    TimeProvider clock,
    ILogger<IngestAlerts> logger)
{
    private const int Attempts = 3;

    /// <summary>How many of a group's newest alerts are looked at to find its open incident.</summary>
    private const int GroupLookback = 20;

    private const int ShownLimit = 20_000;

    /// <summary>
    /// Alert summaries committed to incident timelines by earlier batches (the writer is one thread, and timeline lines
    /// are never removed while their incident exists), so a group's steady stream of alerts asks the timeline nothing.
    /// </summary>
    private readonly HashSet<(long IncidentId, string Summary)> shownBefore = [];

    private readonly OpenAlertRepeats repeats = new();

    /// <summary>Batches of repeats written without reading (<see cref="OpenAlertRepeats"/>).</summary>
    internal long RepeatBatchesWithoutReading => repeats.Written;

    private void RememberShown(HashSet<(long IncidentId, string Summary)> committed)
    {
        if (shownBefore.Count + committed.Count > ShownLimit)
        {
            shownBefore.Clear();
        }

        shownBefore.UnionWith(committed);
    }

    /// <summary>Several requests' events in one transaction (group commit); results in the same order.</summary>
    public async Task<IReadOnlyList<IngestResult>> HandleBatchAsync(IReadOnlyList<IngestWork> batch, CancellationToken cancellationToken = default)
    {
        if (await repeats.TryWriteAsync(contexts, batch, clock.GetUtcNow(), cancellationToken) is { } repeated)
        {
            return repeated;
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyAsync(batch, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // A concurrent delivery opened the same alert first (the unique open key said so): re-read and count it.
                LogRetry(logger, batch[0].Integration.Id, attempt);
            }
        }
    }

    private async Task<IReadOnlyList<IngestResult>> ApplyAsync(IReadOnlyList<IngestWork> batch, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Services are read only when a new incident or a routing label needs them (not for repeats).
        Dictionary<long, Service>? services = null;
        Dictionary<string, long>? bySlug = null;
        async Task<Dictionary<long, Service>> ServicesAsync()
        {
            services ??= await db.Services.AsNoTracking().ToDictionaryAsync(s => s.Id, cancellationToken);
            bySlug ??= services.Values.ToDictionary(s => s.Slug, s => s.Id, StringComparer.OrdinalIgnoreCase);
            return services;
        }

        // The integration's service, unless its routing label names another service by slug.
        async Task<long> ServiceOfAsync(Integration integration, AlertEvent e)
        {
            if (integration.RoutingLabel is { } label && e.Labels.TryGetValue(label, out var slug))
            {
                await ServicesAsync();
                if (bySlug!.TryGetValue(slug, out var routed))
                {
                    return routed;
                }
            }

            return integration.ServiceId;
        }

        var incidents = new Dictionary<long, Incident>();
        var changed = new Dictionary<long, string>();
        var openedPerWork = new List<List<Incident>>();
        var allOpened = new List<(Incident Incident, string Integration)>();
        var stopping = new Dictionary<Incident, string>();

        // Each event's service first; then every open alert the batch may touch in one query on the unique
        // (service, open key) index, and lookups are in memory.
        var targets = new List<long[]>(batch.Count);
        foreach (var work in batch)
        {
            var serviceIds = new long[work.Events.Count];
            for (var i = 0; i < serviceIds.Length; i++)
            {
                serviceIds[i] = await ServiceOfAsync(work.Integration, work.Events[i]);
            }

            targets.Add(serviceIds);
        }

        var keys = batch.SelectMany(w => w.Events.Select(e => e.DedupKey)).Distinct().ToList();
        var keyServices = targets.SelectMany(t => t).Distinct().ToList();
        var openByKey = (await db.Alerts.Where(a => keyServices.Contains(a.ServiceId) && keys.Contains(a.OpenKey!)).ToListAsync(cancellationToken))
            .ToDictionary(a => (a.ServiceId, a.OpenKey!));
        var groups = new Dictionary<GroupingSlot, Target>();
        // Where each group of the batch went last: one read of the recorded groups and of their incidents still open.
        var (recorded, openIds) = await RecordedGroupsAsync(db, batch, targets, openByKey, cancellationToken);
        var regrouped = new Dictionary<(long ServiceId, string GroupKey), Target>();
        // A storm of one problem is one timeline line per incident and alert summary; counts come from the alerts.
        var onTimeline = new HashSet<(long IncidentId, string Summary)>();
        // Incidents opened by this batch: their timelines hold nothing from earlier deliveries.
        var openedHere = new HashSet<Incident>();
        var fired = new List<(Alert Alert, Target Target, Integration Integration)>();
        Integration? acting = null;

        // An incident joined by id is read only when something on it changes (a summary new to its timeline).
        async Task<Incident> EntityAsync(Target target)
        {
            target.Entity ??= incidents.TryGetValue(target.Id, out var known) ? known : await db.Incidents.SingleAsync(i => i.Id == target.Id, cancellationToken);
            incidents[target.Id] = target.Entity;
            return target.Entity;
        }

        // New alerts and incidents get their ids here (once for many requests), then join each other and the timeline.
        async Task FlushAsync()
        {
            if (fired.Count == 0)
            {
                return;
            }

            // New incidents first (few), so every new alert is inserted with its incident, all in one statement.
            if (fired.Any(f => f.Target.Id == 0))
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            foreach (var (alert, target, _) in fired)
            {
                alert.AttachTo(target.Id);
            }

            await BulkInsert.InsertAsync(db, fired.Select(f => f.Alert).ToList(), [nameof(Alert.ServiceId), nameof(Alert.OpenKey)], cancellationToken);
            // Which of these summaries the timelines of incidents opened earlier already show: one read for the batch.
            var asked = fired.Where(f => !(f.Target.Entity is { } opening && openedHere.Contains(opening))
                && !onTimeline.Contains((f.Target.Id, f.Alert.Summary)) && !shownBefore.Contains((f.Target.Id, f.Alert.Summary))).ToList();
            var shown = new HashSet<(long, string)>();
            if (asked.Count > 0)
            {
                var ids = asked.Select(f => f.Target.Id).Distinct().ToList();
                var texts = asked.Select(f => f.Alert.Summary).Distinct().ToList();
                foreach (var line in await db.Timeline.Where(t => ids.Contains(t.IncidentId) && t.Kind == TimelineKind.AlertFired && texts.Contains(t.Text))
                    .Select(t => new { t.IncidentId, t.Text }).ToListAsync(cancellationToken))
                {
                    shown.Add((line.IncidentId, line.Text));
                }
            }

            foreach (var (alert, target, by) in fired)
            {
                if (target.Entity is { } entity)
                {
                    incidents[target.Id] = entity;
                }

                changed[target.Id] = by.Name;
                if (onTimeline.Add((target.Id, alert.Summary)) && !shown.Contains((target.Id, alert.Summary))
                    && !shownBefore.Contains((target.Id, alert.Summary)))
                {
                    (await EntityAsync(target)).RecordAlertFired(alert.Id, alert.Summary, new Actor(null, by.Name), now);
                }
            }

            fired.Clear();
        }

        for (var w = 0; w < batch.Count; w++)
        {
            var work = batch[w];
            var integration = work.Integration;
            if (acting?.Id != integration.Id)
            {
                // Saved whenever the requests come from another integration, so the audit trail names the right one.
                if (acting is not null)
                {
                    await FlushAsync();
                    await db.SaveChangesAsync(cancellationToken);
                }

                acting = integration;
                db.ActingAs(new Actor(null, integration.Name));
            }

            var source = new Actor(null, integration.Name);
            var opened = new List<Incident>();
            openedPerWork.Add(opened);
            var resolvedIn = new HashSet<Incident>();
            var seen = new List<Alert>();

            for (var i = 0; i < work.Events.Count; i++)
            {
                var e = work.Events[i];
                var serviceId = targets[w][i];
                var open = openByKey.GetValueOrDefault((serviceId, e.DedupKey));
                if (open is not null)
                {
                    seen.Add(open);
                }
                switch (e.Action)
                {
                    case AlertAction.Trigger when open is not null:
                        open.Repeat(e, now);
                        break;
                    case AlertAction.Trigger:
                        // The service is read only when the summary needs its name or the alert opens an incident.
                        e = e with { Summary = string.IsNullOrWhiteSpace(e.Summary) ? Alert.SummaryOf(e, (await ServicesAsync())[serviceId].Name) : e.Summary.Trim() };
                        // Inserted with the batch's other new alerts (FlushAsync), not tracked until then.
                        var alert = Alert.Fire(serviceId, integration.Id, e, JsonSerializer.Serialize(e.Labels), now);
                        openByKey[(serviceId, e.DedupKey)] = alert;
                        seen.Add(alert);
                        var slot = AlertGrouping.SlotOf(integration.Grouping, alert);
                        var target = slot is { } known && groups.TryGetValue(known, out var grouped)
                            ? grouped
                            : await GroupingTargetAsync(db, integration, alert, recorded, openIds, incidents, cancellationToken);
                        if (target is null)
                        {
                            var service = (await ServicesAsync())[serviceId];
                            var (impact, urgency) = Alert.TriageFor(e.Severity);
                            // The title is the summary shortened to fit (the alert keeps all of it); never refused.
                            var (refused, opening) = Incident.Open(Incident.TitleFrom(alert.Summary)!, AlertDescription(e), service,
                                impact, urgency, options.Value.Matrix(), source, now);
                            var incident = opening ?? throw new InvalidOperationException($"An alert's incident was refused: {refused.Error}");
                            incident.IdentifyBy(Recurrence.Fingerprint(serviceId, e.AlertName, e.DedupKey));
                            db.Incidents.Add(incident);
                            opened.Add(incident);
                            openedHere.Add(incident);
                            allOpened.Add((incident, integration.Name));
                            target = new Target(incident);
                        }

                        if (slot is { } taken)
                        {
                            groups[taken] = target;
                            // Recorded unless the group's row already points here (a new incident has no id yet: never).
                            if (integration.Grouping == GroupingMode.ByGroupKey
                                && recorded.GetValueOrDefault((serviceId, alert.GroupKey!))?.IncidentId != target.Id)
                            {
                                regrouped[(serviceId, alert.GroupKey!)] = target;
                            }
                        }

                        if (target.Id > 0)
                        {
                            // Joining an incident that has its id: attached now, not by an update after the insert.
                            alert.AttachTo(target.Id);
                        }

                        fired.Add((alert, target, integration));
                        break;
                    case AlertAction.Acknowledge when open is not null:
                        await FlushAsync();
                        if (open.Acknowledge(now) && await IncidentOfAsync(db, open, incidents, cancellationToken) is { Status: IncidentStatus.Triggered } toAck)
                        {
                            toAck.Acknowledge(source, now);
                            changed[toAck.Id] = integration.Name;
                            stopping[toAck] = integration.Name;
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
                            resolvedIn.Add(owner);
                        }

                        break;
                    case AlertAction.Acknowledge:
                    case AlertAction.Resolve:
                        // Acknowledge and resolve without an open alert are dropped, as PagerDuty does.
                        break;
                }
            }

            if (integration.Kind == IntegrationKind.Alertmanager)
            {
                await ApplyNotificationAsync(db, work, seen, fired, resolvedIn, incidents, changed, openByKey, now, cancellationToken);
            }

            if (resolvedIn.Count > 0)
            {
                await db.SaveChangesAsync(cancellationToken);
                foreach (var owner in resolvedIn)
                {
                    var stillOpen = await db.Alerts.AnyAsync(a => a.IncidentId == owner.Id && a.Status != AlertStatus.Resolved, cancellationToken);
                    if (integration.AutoResolve && owner.MayAutoResolve(stillOpen))
                    {
                        owner.Resolve(source, now, "all of its alerts resolved.");
                        stopping[owner] = integration.Name;
                    }
                }
            }
        }

        await FlushAsync();
        await RecordGroupsAsync(db, regrouped, recorded, cancellationToken);
        await CountRepeatsAsync(db, now, cancellationToken);
        // Every incident this batch acknowledged or resolved stops escalating, and every one it opened that still
        // needs people starts escalating, in this transaction.
        foreach (var (incident, by) in stopping.Where(s => !s.Key.Status.AwaitsAcknowledgement()).Select(s => (s.Key, s.Value)))
        {
            db.ActingAs(new Actor(null, by));
            await pager.StopInAsync(db, incident.Id, incident.Status, by, cancellationToken);
        }

        var paging = allOpened.Where(o => o.Incident.Status.AwaitsAcknowledgement()).ToList();
        if (paging.Count > 0)
        {
            // Maintenance: an approved change in progress on the service holds back pages below the configured severity.
            var maintenance = await Changes.Maintenance.MaintenanceChanges.InProgressAsync(db, paging.Select(p => p.Incident.ServiceId).Distinct().ToList(), cancellationToken);
            paging = paging.Where(p => !maintenance.TryGetValue(p.Incident.ServiceId, out var change)
                || p.Incident.OpenedDuringChange(Domain.Changes.Change.Format(change.Id), change.Title, changeOptions.Value.MaintenancePagesAtOrAbove, new Actor(null, p.Integration), now)).ToList();
            // The timeline lines just written are found by the save below, which no longer detects changes itself.
            db.ChangeTracker.DetectChanges();
        }

        foreach (var (incident, by) in paging)
        {
            db.ActingAs(new Actor(null, by));
            await pager.StartInAsync(db, incident.Id, $"opened by alert from {by}", new Actor(null, by), cancellationToken);
        }

        // Changes were detected just now; a batch of pure repeats has nothing left to save.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        RememberShown(onTimeline);
        repeats.Learn(db.ChangeTracker.Entries<Alert>().Select(e => e.Entity));

        var results = batch.Select((work, i) => new IngestResult(work.Events.Select(e => e.DedupKey).ToList(), openedPerWork[i].Select(o => o.Id).ToList())).ToList();
        // Monitoring: the batch opened, acknowledged or resolved the incident; AlertsOnly: only its alerts changed (joined,
        // repeated, resolved one by one), which listeners that follow the status (postmortems, stopping escalations) skip.
        var statusChanged = allOpened.Select(o => o.Incident.Id).Concat(stopping.Keys.Select(i => i.Id)).ToHashSet();
        foreach (var (id, by) in changed)
        {
            await notifier.PublishAsync(new IncidentChanged(id, incidents.TryGetValue(id, out var i) ? i.Version : 0, by,
                statusChanged.Contains(id) ? IncidentChangeKind.Monitoring : IncidentChangeKind.AlertsOnly));
        }

        if (paging.Count > 0)
        {
            pager.Committed();
        }

        return results;
    }

    /// <summary>
    /// Repeats are the bulk of steady alert traffic: alerts whose only change is their count and last-seen time are
    /// written with one set-based UPDATE per distinct increment, not one tracked update per alert.
    /// </summary>
    private static async Task CountRepeatsAsync(IncidentsDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var repeated = new Dictionary<int, List<long>>();
        foreach (var entry in db.ChangeTracker.Entries<Alert>())
        {
            if (entry.State != EntityState.Modified
                || entry.Properties.Any(p => p.IsModified && p.Metadata.Name is not (nameof(Alert.Count) or nameof(Alert.LastSeenAt)))
                || entry.Entity.LastSeenAt != now)
            {
                continue;
            }

            var increment = entry.Entity.Count - entry.Property(a => a.Count).OriginalValue;
            (repeated.TryGetValue(increment, out var ids) ? ids : repeated[increment] = []).Add(entry.Entity.Id);
            entry.State = EntityState.Unchanged;
        }

        if (repeated.Count == 0)
        {
            return;
        }

        // Plain SQL both providers accept; the time goes through the model's converter (ticks on SQLite).
        var entity = db.Model.FindEntityType(typeof(Alert))!;
        var lastSeen = entity.FindProperty(nameof(Alert.LastSeenAt))!;
        var seen = lastSeen.GetTypeMapping().Converter?.ConvertToProvider(now) ?? now;
        string Column(string property) => $"\"{entity.FindProperty(property)!.GetColumnName()}\"";
        var (id, count, seenAt) = (Column(nameof(Alert.Id)), Column(nameof(Alert.Count)), Column(nameof(Alert.LastSeenAt)));
        foreach (var (increment, ids) in repeated)
        {
            var sql = $"UPDATE \"{entity.GetTableName()}\" SET {count} = {count} + {{0}}, {seenAt} = {{1}} WHERE {id} IN ({string.Join(", ", ids.Select((_, i) => $"{{{i + 2}}}"))})";
            await db.Database.ExecuteSqlRawAsync(sql, [increment, seen, .. ids.Cast<object>()], cancellationToken);
        }
    }

    /// <summary>
    /// What an Alertmanager notification says beyond its alerts. How many of the group it left out, recorded on the
    /// incidents it touched, which then do not auto-resolve until a complete notification arrives (the alerts left out
    /// may still be firing). And a complete one lists every alert the group has now (Alertmanager sends a resolved alert
    /// once, then drops it): when it says the group is resolved, alerts of the group we still hold open were resolved
    /// in a notification that max_alerts cut off, and are resolved now.
    /// </summary>
    private static async Task ApplyNotificationAsync(
        IncidentsDbContext db, IngestWork work, List<Alert> seen, IReadOnlyList<(Alert Alert, Target Target, Integration Integration)> fired,
        HashSet<Incident> resolvedIn, Dictionary<long, Incident> incidents, Dictionary<long, string> changed,
        Dictionary<(long, string), Alert> openByKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Incidents this batch is opening have no id yet: their alerts are still waiting in `fired`.
        var opening = fired.Where(f => f.Alert.IncidentId is null).ToDictionary(f => f.Alert, f => f.Target.Entity!);
        foreach (var incident in seen.Where(a => a.IncidentId is null && opening.ContainsKey(a)).Select(a => opening[a]).Distinct())
        {
            incident.NoteTruncatedAlerts(work.TruncatedAlerts);
        }

        var ids = seen.Where(a => a.IncidentId is not null).Select(a => a.IncidentId!.Value).Distinct().ToList();
        // Incidents this batch already holds are compared in memory (they may carry changes not saved yet); of the
        // others, only those whose recorded count differs from this notification's are read at all.
        var unknown = ids.Where(id => !incidents.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            foreach (var loaded in await db.Incidents.Where(i => unknown.Contains(i.Id) && i.TruncatedAlerts != work.TruncatedAlerts).ToListAsync(cancellationToken))
            {
                incidents[loaded.Id] = loaded;
            }
        }

        foreach (var id in ids)
        {
            if (incidents.TryGetValue(id, out var incident) && incident.TruncatedAlerts != work.TruncatedAlerts)
            {
                incident.NoteTruncatedAlerts(work.TruncatedAlerts);
                changed[id] = work.Integration.Name;
            }
        }

        if (!work.GroupResolved || work.TruncatedAlerts > 0 || ids.Count == 0 || (work.Events.Count > 0 ? work.Events[0].GroupKey : null) is not { } groupKey)
        {
            return;
        }

        var listed = work.Events.Select(e => e.DedupKey).ToHashSet(StringComparer.Ordinal);
        var left = (await db.Alerts.Where(a => ids.Contains(a.IncidentId!.Value) && a.IntegrationId == work.Integration.Id && a.GroupKey == groupKey && a.Status != AlertStatus.Resolved)
            .ToListAsync(cancellationToken)).Where(a => a.Status != AlertStatus.Resolved && !listed.Contains(a.DedupKey)).ToList();
        var source = new Actor(null, work.Integration.Name);
        foreach (var alert in left)
        {
            var id = alert.IncidentId!.Value;
            var incident = incidents.TryGetValue(id, out var known) ? known : incidents[id] = await db.Incidents.SingleAsync(i => i.Id == id, cancellationToken);
            openByKey.Remove((alert.ServiceId, alert.DedupKey));
            alert.Resolve(now);
            incident.RecordAlertResolved(alert.Id, $"{alert.Summary} resolved with its group (its own notification was cut by max_alerts).", source, now);
            resolvedIn.Add(incident);
            changed[id] = work.Integration.Name;
        }
    }

    /// <summary>
    /// The recorded groups of every trigger in the batch that may open an alert under grouping by key (a group that was
    /// not asked maps to nothing; one asked and not found maps to null), and which of their incidents are still open.
    /// </summary>
    private static async Task<(Dictionary<(long ServiceId, string GroupKey), AlertGroup?> Recorded, HashSet<long> OpenIds)> RecordedGroupsAsync(
        IncidentsDbContext db, IReadOnlyList<IngestWork> batch, List<long[]> targets, Dictionary<(long, string), Alert> openByKey,
        CancellationToken cancellationToken)
    {
        var asked = new Dictionary<(long ServiceId, string GroupKey), AlertGroup?>();
        for (var w = 0; w < batch.Count; w++)
        {
            if (batch[w].Integration.Grouping != GroupingMode.ByGroupKey)
            {
                continue;
            }

            for (var i = 0; i < batch[w].Events.Count; i++)
            {
                var e = batch[w].Events[i];
                if (e.Action == AlertAction.Trigger && Alert.GroupKeyFrom(e.GroupKey) is { } groupKey && !openByKey.ContainsKey((targets[w][i], e.DedupKey)))
                {
                    asked.TryAdd((targets[w][i], groupKey), null);
                }
            }
        }

        var openIds = new HashSet<long>();
        if (asked.Count == 0)
        {
            return (asked, openIds);
        }

        var serviceIds = asked.Keys.Select(k => k.ServiceId).Distinct().ToList();
        var groupKeys = asked.Keys.Select(k => k.GroupKey).Distinct().ToList();
        // Each group with its incident when that is still open (a left join: a group whose incident closed comes back
        // alone, and its row moves to the next incident).
        var open = IncidentStatuses.Open;
        var found = await (
            from g in db.AlertGroups.Where(g => serviceIds.Contains(g.ServiceId) && groupKeys.Contains(g.GroupKey))
            join i in db.Incidents.Where(i => open.Contains(i.Status)) on g.IncidentId equals i.Id into joined
            from i in joined.DefaultIfEmpty()
            select new { Group = g, OpenId = i == null ? null : (long?)i.Id }).ToListAsync(cancellationToken);
        foreach (var row in found)
        {
            if (asked.ContainsKey((row.Group.ServiceId, row.Group.GroupKey)))
            {
                asked[(row.Group.ServiceId, row.Group.GroupKey)] = row.Group;
            }

            if (row.OpenId is { } id)
            {
                openIds.Add(id);
            }
        }

        return (asked, openIds);
    }

    /// <summary>Each group whose alerts went to another incident now points there (rows of groups never asked are read first).</summary>
    private static async Task RecordGroupsAsync(
        IncidentsDbContext db, Dictionary<(long ServiceId, string GroupKey), Target> regrouped,
        Dictionary<(long ServiceId, string GroupKey), AlertGroup?> recorded, CancellationToken cancellationToken)
    {
        foreach (var ((serviceId, groupKey), incident) in regrouped)
        {
            var row = recorded.TryGetValue((serviceId, groupKey), out var known)
                ? known
                : await db.AlertGroups.SingleOrDefaultAsync(g => g.ServiceId == serviceId && g.GroupKey == groupKey, cancellationToken);
            if (row is null)
            {
                recorded[(serviceId, groupKey)] = row = AlertGroup.For(serviceId, groupKey, incident.Id);
                db.AlertGroups.Add(row);
            }
            else
            {
                row.MoveTo(incident.Id);
            }
        }
    }

    /// <summary>The open incident this new alert joins under the integration's grouping, or null for a new one.</summary>
    private static async Task<Target?> GroupingTargetAsync(
        IncidentsDbContext db, Integration integration, Alert alert, Dictionary<(long ServiceId, string GroupKey), AlertGroup?> recorded,
        HashSet<long> openIds, Dictionary<long, Incident> known, CancellationToken cancellationToken)
    {
        // The incident the group went to last, when it is still open: as this batch holds it (it may have changed it),
        // else as it was read for the whole batch.
        if (integration.Grouping == GroupingMode.ByGroupKey && alert.GroupKey is { } groupKey
            && recorded.GetValueOrDefault((alert.ServiceId, groupKey)) is { } row)
        {
            if (known.TryGetValue(row.IncidentId, out var held) ? held.Status.IsOpen() : openIds.Contains(row.IncidentId))
            {
                return held is null ? new Target(row.IncidentId) : new Target(held);
            }
        }

        // Otherwise (a group recorded before its incident closed, or alerts older than the records):
        // The group's newest alerts (an index walk from the end, however many alerts the group has had), then the
        // newest of their incidents that is still open.
        var candidates = integration.Grouping switch
        {
            GroupingMode.ByDedupKey => [],
            GroupingMode.ByGroupKey when alert.GroupKey is null => [],
            GroupingMode.ByGroupKey => await db.Alerts
                .Where(a => a.ServiceId == alert.ServiceId && a.GroupKey == alert.GroupKey && a.IncidentId != null)
                .OrderByDescending(a => a.Id).Select(a => a.IncidentId!.Value).Take(GroupLookback).ToListAsync(cancellationToken),
            GroupingMode.TimeWindow => await db.Alerts
                .Where(a => a.ServiceId == alert.ServiceId && a.IntegrationId == integration.Id && a.IncidentId != null
                    && a.FirstSeenAt >= AlertGrouping.WindowStart(alert, integration.GroupingWindowMinutes))
                .OrderByDescending(a => a.Id).Select(a => a.IncidentId!.Value).Take(GroupLookback).ToListAsync(cancellationToken),
        };
        // Incidents this batch holds are judged as it holds them (it may have resolved one and not saved that yet).
        var distinct = candidates.Distinct().Where(id => !known.TryGetValue(id, out var held) || held.Status.IsOpen()).ToList();
        var open = IncidentStatuses.Open;
        long? incidentId = distinct.Count == 0 ? null
            : known.TryGetValue(distinct[0], out var newest) ? newest.Id
            : await db.Incidents.Where(i => distinct.Contains(i.Id) && open.Contains(i.Status)).MaxAsync(i => (long?)i.Id, cancellationToken);

        if (incidentId is not { } id)
        {
            return null;
        }

        // Known by id like the recorded path: read only if something on it changes.
        return known.TryGetValue(id, out var incident) ? new Target(incident) : new Target(id);
    }

    /// <summary>
    /// The incident new alerts go to: one this batch opens (the entity, whose id comes with the first save) or an open
    /// one known by id, read only when something on it must change.
    /// </summary>
    private sealed class Target
    {
        private readonly long id;

        public Target(Incident incident) => Entity = incident;

        public Target(long id) => this.id = id;

        public Incident? Entity { get; set; }

        public long Id => Entity?.Id ?? id;
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
        $"Opened by an alert from **{e.Source}**." + (e.Link is null ? "" : $" [{MarkdownRenderer.LinkText(e.LinkText ?? "Source")}]({e.Link})") +
        (e.Labels.Count == 0 ? "" : "\n\n" + string.Join("\n", e.Labels.OrderBy(l => l.Key).Select(l => $"- `{l.Key}`: {l.Value}")));

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert batch for integration {IntegrationId} raced a concurrent delivery; retry {Attempt}")]
    private static partial void LogRetry(ILogger logger, long integrationId, int attempt);
}
