using System.Net;
using System.Text;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Alerts;
using Incidents.Domain.Changes;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Alerts;
using Incidents.Web.Features.Alerts.Integrations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

/// <summary>While an approved change is in progress on a service, its alerts are recorded but page only at SEV1 (the default).</summary>
public sealed class MaintenanceTests(ChangesApp app) : ChangesUseCaseTests(app)
{
    private async Task<string> EventsKeyAsync(long serviceId)
    {
        var (outcome, key) = await App.Services.GetRequiredService<ManageIntegrations>()
            .CreateAsync(new IntegrationInput($"events {Guid.NewGuid():N}", IntegrationKind.EventsV2, serviceId, GroupingMode.ByGroupKey, 30, true, null), Actor.System);
        Assert.True(outcome.Succeeded, outcome.Error);
        return key!;
    }

    private async Task<Incident> TriggerAsync(string key, string severity, string dedup)
    {
        var body = $$$"""{"routing_key":"{{{key}}}","event_action":"trigger","dedup_key":"{{{dedup}}}","payload":{"summary":"Checkout latency high","source":"prom","severity":"{{{severity}}}"}}""";
        var response = await App.CreateClient().PostAsync("/v2/enqueue", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var db = await App.NewDbContextAsync();
        var alert = await db.Alerts.AsNoTracking().SingleAsync(a => a.DedupKey == dedup);
        return await db.Incidents.AsNoTracking().Include(i => i.Timeline).SingleAsync(i => i.Id == alert.IncidentId);
    }

    private static bool Paged(Incident incident) => incident.Timeline.Any(t => t.Kind == TimelineKind.Paged);

    [Fact]
    public async Task ApprovedChangeInProgress_WarningRecordedNotPaged_CriticalPages_AfterItEndsEverythingPages()
    {
        var serviceId = await ServiceAsync();
        var key = await EventsKeyAsync(serviceId);
        var id = await ApprovedChangeAsync(serviceId);
        var admin = await PersonAsync(Role.Admin);
        Assert.True((await Manage.ActAsync(id, ChangeAction.Start, admin)).Succeeded);

        var warning = await TriggerAsync(key, "warning", $"w-{id}");
        var critical = await TriggerAsync(key, "critical", $"c-{id}");
        Assert.True((await Manage.ActAsync(id, ChangeAction.Complete, admin)).Succeeded);
        var after = await TriggerAsync(key, "warning", $"a-{id}");

        Assert.False(Paged(warning));
        Assert.Equal($"Opened during CHG-{id} (Upgrade the payment SDK), an approved change in progress: recorded without paging below SEV1.",
            warning.Timeline.Single(t => t.Kind == TimelineKind.ChangeLinked).Text);
        Assert.True(Paged(critical));
        Assert.StartsWith($"Opened during CHG-{id}", critical.Timeline.Single(t => t.Kind == TimelineKind.ChangeLinked).Text, StringComparison.Ordinal);
        Assert.True(Paged(after));
        Assert.DoesNotContain(after.Timeline, t => t.Kind == TimelineKind.ChangeLinked);
    }

    [Fact]
    public async Task UnapprovedEmergencyInProgress_IsNoMaintenance_AlertsPage()
    {
        var serviceId = await ServiceAsync();
        var key = await EventsKeyAsync(serviceId);
        var developer = await PersonAsync(Role.Developer);
        var (_, id) = await Manage.RecordAsync(new ChangeRequest(serviceId, "Hotfix", ChangeKind.Configuration, ChangeType.Emergency, ChangeRisk.High), developer, ChangeSource.Portal, submit: true);
        Assert.True((await Manage.ActAsync(id!.Value, ChangeAction.Start, developer)).Succeeded);

        var incident = await TriggerAsync(key, "warning", $"e-{id}");

        Assert.True(Paged(incident));
    }
}
