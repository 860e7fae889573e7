using Incidents.Domain;
using Incidents.Domain.Alerts;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Alerts;
using Incidents.Web.Features.Alerts.Ingest;
using Incidents.Web.Features.Alerts.Integrations;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Alerts;

/// <summary>Repeats of open alerts the writer knows, written without reading, and what happens when what it knows is stale.</summary>
public sealed class OpenAlertRepeatsTests : IDisposable
{
    private readonly TestApp app = new();

    public void Dispose() => app.Dispose();

    private IngestAlerts Ingest => app.Services.GetRequiredService<IngestAlerts>();

    private async Task<Integration> IntegrationAsync()
    {
        var serviceId = await app.CreateServiceAsync("checkout");
        var (outcome, key) = await app.Services.GetRequiredService<ManageIntegrations>()
            .CreateAsync(new IntegrationInput("Prometheus", IntegrationKind.EventsV2, serviceId, GroupingMode.ByDedupKey, 30, true, null), Actor.System);
        Assert.True(outcome.Succeeded, outcome.Error);
        return (await app.Services.GetRequiredService<IntegrationKeys>().FindAsync(key!, IntegrationKind.EventsV2, default))!;
    }

    private static AlertEvent Trigger(string key, string summary = "Disk 90% full", Severity severity = Severity.Sev3, string? details = null) =>
        new(AlertAction.Trigger, key, summary, "node", severity, null, null, new Dictionary<string, string>(), details);

    private async Task<Dictionary<string, List<Alert>>> AlertsAsync()
    {
        await using var db = await app.NewDbContextAsync();
        return (await db.Alerts.AsNoTracking().OrderBy(a => a.Id).ToListAsync()).GroupBy(a => a.DedupKey).ToDictionary(g => g.Key, g => g.ToList());
    }

    [Fact]
    public async Task RepeatsOfKnownAlerts_WrittenWithoutReading_EndAsRepeatsOneByOne()
    {
        var integration = await IntegrationAsync();
        await Ingest.HandleBatchAsync([new(integration, [Trigger("disk-1"), Trigger("disk-2")])]);
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        await Ingest.HandleBatchAsync([
            new(integration, [Trigger("disk-1", "Disk 95% full", Severity.Sev2, """{"used":95}"""), Trigger("disk-2")]),
            // A blank summary and no details keep what the alert has; the severity is the last one sent.
            new(integration, [Trigger("disk-1", "  ", Severity.Sev1), Trigger("disk-1", "", Severity.Sev1)]),
        ]);

        Assert.Equal(1, Ingest.RepeatBatchesWithoutReading);
        var alerts = await AlertsAsync();
        var disk1 = Assert.Single(alerts["disk-1"]);
        Assert.Equal((4, "Disk 95% full", Severity.Sev1, """{"used":95}""", app.Clock.GetUtcNow()),
            (disk1.Count, disk1.Summary, disk1.Severity, disk1.DetailsJson, disk1.LastSeenAt));
        Assert.Equal(2, Assert.Single(alerts["disk-2"]).Count);
    }

    [Fact]
    public async Task AlertResolvedElsewhere_BatchRolledBackAndWrittenInFull_NothingCountedTwice()
    {
        var integration = await IntegrationAsync();
        await Ingest.HandleBatchAsync([new(integration, [Trigger("disk-1"), Trigger("disk-2")])]);
        await using (var db = await app.NewDbContextAsync())
        {
            // Resolved in the portal (or by another instance): the writer does not know.
            var alert = await db.Alerts.SingleAsync(a => a.DedupKey == "disk-2");
            alert.Resolve(app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        await Ingest.HandleBatchAsync([new(integration, [Trigger("disk-1"), Trigger("disk-2")])]);

        Assert.Equal(0, Ingest.RepeatBatchesWithoutReading);
        var alerts = await AlertsAsync();
        Assert.Equal(2, Assert.Single(alerts["disk-1"]).Count);
        Assert.Equal([(1, AlertStatus.Resolved), (1, AlertStatus.Triggered)], alerts["disk-2"].Select(a => (a.Count, a.Status)));

        // Learned again from the full path: the next repeats are written without reading.
        await Ingest.HandleBatchAsync([new(integration, [Trigger("disk-2")])]);
        Assert.Equal(1, Ingest.RepeatBatchesWithoutReading);
        Assert.Equal(2, (await AlertsAsync())["disk-2"][1].Count);
    }

    [Fact]
    public async Task ReopenedByAnotherInstance_RepeatCountsTheAlertOpenNow()
    {
        var integration = await IntegrationAsync();
        var other = ActivatorUtilities.CreateInstance<IngestAlerts>(app.Services);
        await Ingest.HandleBatchAsync([new(integration, [Trigger("disk-1")])]);
        await other.HandleBatchAsync([new(integration, [new(AlertAction.Resolve, "disk-1", "", "node", Severity.Sev3, null, null, new Dictionary<string, string>())])]);
        await other.HandleBatchAsync([new(integration, [Trigger("disk-1")])]);

        await Ingest.HandleBatchAsync([new(integration, [Trigger("disk-1")])]);

        Assert.Equal([(1, AlertStatus.Resolved), (2, AlertStatus.Triggered)], (await AlertsAsync())["disk-1"].Select(a => (a.Count, a.Status)));
    }

    [Fact]
    public async Task BatchWithAnythingButKnownRepeats_TakesTheFullPath()
    {
        var integration = await IntegrationAsync();
        await Ingest.HandleBatchAsync([new(integration, [Trigger("disk-1")])]);

        await Ingest.HandleBatchAsync([new(integration, [Trigger("disk-1"), Trigger("disk-new")])]);
        await Ingest.HandleBatchAsync([new(integration, [Trigger("disk-1"), new(AlertAction.Acknowledge, "disk-1", "", "node", Severity.Sev3, null, null, new Dictionary<string, string>())])]);

        Assert.Equal(0, Ingest.RepeatBatchesWithoutReading);
        var disk1 = Assert.Single((await AlertsAsync())["disk-1"]);
        Assert.Equal((3, AlertStatus.Acknowledged), (disk1.Count, disk1.Status));
    }
}
