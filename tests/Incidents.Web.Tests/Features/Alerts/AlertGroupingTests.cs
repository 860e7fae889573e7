using System.Collections.Concurrent;
using Incidents.Domain;
using Incidents.Domain.Alerts;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.Alerts;
using Incidents.Web.Features.Alerts.Ingest;
using Incidents.Web.Features.Alerts.Integrations;
using Incidents.Web.Features.IncidentManagement;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Incidents.Web.Tests.Features.Alerts;

/// <summary>
/// Grouping by key through the recorded alert groups (one read per batch), the fallback to a group's newest alerts, the
/// set-based insert of new alerts, and what intake tells listeners.
/// </summary>
public sealed class AlertGroupingTests : IDisposable
{
    private readonly TestApp app = new();

    public void Dispose() => app.Dispose();

    private IngestAlerts Ingest => app.Services.GetRequiredService<IngestAlerts>();

    private async Task<Integration> IntegrationAsync(bool autoResolve = true)
    {
        var serviceId = await app.CreateServiceAsync("checkout");
        var (outcome, key) = await app.Services.GetRequiredService<ManageIntegrations>()
            .CreateAsync(new IntegrationInput("Prometheus", IntegrationKind.EventsV2, serviceId, GroupingMode.ByGroupKey, 30, autoResolve, null), Actor.System);
        Assert.True(outcome.Succeeded, outcome.Error);
        return (await app.Services.GetRequiredService<IntegrationKeys>().FindAsync(key!, IntegrationKind.EventsV2, default))!;
    }

    private static AlertEvent Trigger(string key, string group, string summary = "Pod crash-looping") =>
        new(AlertAction.Trigger, key, summary, "kube", Severity.Sev2, null, group, new Dictionary<string, string>());

    private static AlertEvent Resolve(string key) =>
        new(AlertAction.Resolve, key, "", "kube", Severity.Sev2, null, null, new Dictionary<string, string>());

    private async Task<(List<Alert> Alerts, List<Incident> Incidents, List<AlertGroup> Groups)> StoredAsync()
    {
        await using var db = await app.NewDbContextAsync();
        return (await db.Alerts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(),
            await db.Incidents.AsNoTracking().Include(i => i.Timeline).OrderBy(i => i.Id).ToListAsync(),
            await db.AlertGroups.AsNoTracking().ToListAsync());
    }

    [Fact]
    public async Task GroupRecordedWithItsIncident_LaterBatchesJoinIt_OneTimelineLinePerSummary()
    {
        var integration = await IntegrationAsync();
        await Ingest.HandleBatchAsync([new(integration, [Trigger("pod-1", "cell-1")])]);
        await Ingest.HandleBatchAsync([new(integration, [Trigger("pod-2", "cell-1"), Trigger("pod-3", "cell-1")]), new(integration, [Trigger("pod-4", "cell-2")])]);
        await Ingest.HandleBatchAsync([new(integration, [Trigger("pod-5", "cell-1"), Trigger("pod-6", "cell-1", "Pod out of memory")])]);

        var (alerts, incidents, groups) = await StoredAsync();
        Assert.Equal(6, alerts.Count);
        Assert.Equal(2, incidents.Count);
        var cell1 = incidents[0];
        Assert.Equal([cell1.Id], alerts.Where(a => a.GroupKey == "cell-1").Select(a => a.IncidentId!.Value).Distinct());
        Assert.Equal(["Pod crash-looping", "Pod out of memory"], cell1.Timeline.Where(t => t.Kind == TimelineKind.AlertFired).Select(t => t.Text).Order());
        Assert.Equal(new Dictionary<string, long> { ["cell-1"] = cell1.Id, ["cell-2"] = incidents[1].Id }, groups.ToDictionary(g => g.GroupKey, g => g.IncidentId));
    }

    [Fact]
    public async Task IncidentResolvedByAPerson_NextAlertOfTheGroupOpensANewIncident_AndTheGroupMovesThere()
    {
        var integration = await IntegrationAsync();
        await Ingest.HandleBatchAsync([new(integration, [Trigger("pod-1", "cell-1")])]);
        await using (var db = await app.NewDbContextAsync())
        {
            var first = await db.Incidents.SingleAsync();
            Assert.True(first.Resolve(new Actor("u1", "Ada"), app.Clock.GetUtcNow(), "rolled back").Succeeded);
            await db.SaveChangesAsync();
        }

        await Ingest.HandleBatchAsync([new(integration, [Trigger("pod-2", "cell-1")])]);
        await Ingest.HandleBatchAsync([new(integration, [Trigger("pod-3", "cell-1")])]);

        var (alerts, incidents, groups) = await StoredAsync();
        Assert.Equal(2, incidents.Count);
        Assert.Equal(IncidentStatus.Triggered, incidents[1].Status);
        Assert.Equal([incidents[0].Id, incidents[1].Id, incidents[1].Id], alerts.Select(a => a.IncidentId!.Value));
        Assert.Equal(incidents[1].Id, Assert.Single(groups).IncidentId);
    }

    [Fact]
    public async Task GroupAutoResolvedEarlierInTheSameBatch_ATriggerLaterInTheBatchOpensANewIncident()
    {
        var integration = await IntegrationAsync();
        await Ingest.HandleBatchAsync([new(integration, [Trigger("pod-1", "cell-1"), Trigger("pod-2", "cell-1")])]);

        await Ingest.HandleBatchAsync([
            new(integration, [Resolve("pod-1"), Resolve("pod-2")]),
            new(integration, [Trigger("pod-9", "cell-1")]),
        ]);

        var (alerts, incidents, groups) = await StoredAsync();
        Assert.Equal(2, incidents.Count);
        Assert.Equal(IncidentStatus.Resolved, incidents[0].Status);
        Assert.Equal(incidents[1].Id, alerts.Single(a => a.DedupKey == "pod-9").IncidentId);
        Assert.Equal(incidents[1].Id, Assert.Single(groups).IncidentId);
    }

    [Fact]
    public async Task AlertsFromBeforeTheGroupRecords_StillFoundThroughTheGroupsNewestAlerts_AndRecordedThen()
    {
        var integration = await IntegrationAsync();
        await Ingest.HandleBatchAsync([new(integration, [Trigger("pod-1", "cell-1")])]);
        await using (var db = await app.NewDbContextAsync())
        {
            await db.AlertGroups.ExecuteDeleteAsync();
        }

        await Ingest.HandleBatchAsync([new(integration, [Trigger("pod-2", "cell-1")])]);

        var (alerts, incidents, groups) = await StoredAsync();
        var incident = Assert.Single(incidents);
        Assert.All(alerts, a => Assert.Equal(incident.Id, a.IncidentId));
        Assert.Equal(incident.Id, Assert.Single(groups).IncidentId);
    }

    [Fact]
    public async Task Listeners_ToldTheStatusChangedWhenAnIncidentOpens_AndOnlyItsAlertsWhenAlertsJoin()
    {
        var integration = await IntegrationAsync();
        var seen = new ConcurrentQueue<IncidentChanged>();
        using var subscription = app.Services.GetRequiredService<IIncidentNotifier>().Subscribe(change =>
        {
            seen.Enqueue(change);
            return Task.CompletedTask;
        });

        await Ingest.HandleBatchAsync([new(integration, [Trigger("pod-1", "cell-1")])]);
        await Eventually.UntilAsync(() => seen.Any(c => c.Kind == IncidentChangeKind.Monitoring), "the opening is published");
        await Ingest.HandleBatchAsync([new(integration, [Trigger("pod-2", "cell-1")])]);
        await Eventually.UntilAsync(() => seen.Any(c => c.Kind == IncidentChangeKind.AlertsOnly), "the joined alert is published");

        var fromIntake = seen.Where(c => c.ChangedBy == "Prometheus").Select(c => c.Kind).ToList();
        Assert.Equal([IncidentChangeKind.Monitoring, IncidentChangeKind.AlertsOnly], fromIntake);
    }

    [Fact]
    public async Task BulkInsert_MultiRowStatement_GivesEachRowItsIdByKey_AndTracksItUnchanged()
    {
        var integration = await IntegrationAsync();
        var now = app.Clock.GetUtcNow();
        var rows = Enumerable.Range(1, 150).Select(i => Alert.Fire(integration.ServiceId, integration.Id, Trigger($"bulk-{i}", "g"), "{}", now)).ToList();
        await using (var db = await app.NewDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            // 150 rows of 17 columns: two statements under SQL Server's parameter limit.
            await BulkInsert.InsertAsync(db, rows, [nameof(Alert.ServiceId), nameof(Alert.OpenKey)], default, multiRow: true);
            Assert.All(rows, r => Assert.Equal(EntityState.Unchanged, db.Entry(r).State));
            rows[0].Repeat(Trigger("bulk-1", "g"), now);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        var (alerts, _, _) = await StoredAsync();
        var byId = alerts.ToDictionary(a => a.Id);
        Assert.All(rows, r => Assert.Equal(r.DedupKey, byId[r.Id].DedupKey));
        Assert.Equal(2, alerts.Single(a => a.DedupKey == "bulk-1").Count);
        Assert.Equal(150, alerts.Select(a => a.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BulkInsert_UniqueViolation_IsADbUpdateException_AsFromSaveChanges(bool multiRow)
    {
        var integration = await IntegrationAsync();
        var now = app.Clock.GetUtcNow();
        await Ingest.HandleBatchAsync([new(integration, [Trigger("taken", "g")])]);
        await using var db = await app.NewDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();

        var again = Alert.Fire(integration.ServiceId, integration.Id, Trigger("taken", "g"), "{}", now);
        await Assert.ThrowsAsync<DbUpdateException>(() => BulkInsert.InsertAsync(db, [again], [nameof(Alert.ServiceId), nameof(Alert.OpenKey)], default, multiRow));
    }

    [Fact]
    public void BulkInsert_SqlServerStatement_ParsesAsTSql()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var sql = db.GetService<Microsoft.EntityFrameworkCore.Storage.ISqlGenerationHelper>();
        string[] columns = ["ServiceId", "OpenKey", "Summary"];
        string[] returned = ["Id", "ServiceId", "OpenKey"];
        var text = BulkInsert.Sql(sql.DelimitIdentifier("Alerts"), columns.Select(c => sql.DelimitIdentifier(c)).ToList(),
            returned.Select(c => sql.DelimitIdentifier(c)).ToList(), 3, sqlServer: true);

        new TSql170Parser(initialQuotedIdentifiers: true).Parse(new StringReader(text), out var errors);

        Assert.Empty(errors.Select(e => e.Message));
        Assert.StartsWith("INSERT INTO [Alerts] ([ServiceId], [OpenKey], [Summary]) OUTPUT INSERTED.[Id], INSERTED.[ServiceId], INSERTED.[OpenKey] VALUES (@p0, @p1, @p2), (@p3", text, StringComparison.Ordinal);
    }
}
