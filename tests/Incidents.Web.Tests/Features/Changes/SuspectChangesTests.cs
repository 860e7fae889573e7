using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Changes;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Changes;
using Incidents.Web.Features.Changes.Compliance;
using Incidents.Web.Features.Changes.Suspects;
using Incidents.Web.Features.IncidentManagement.Log;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Changes;

public sealed class SuspectChangesTests(ChangesApp app) : ChangesUseCaseTests(app)
{
    private SuspectChanges Suspects => App.Services.GetRequiredService<SuspectChanges>();

    private async Task<long> IncidentAsync(long serviceId, Actor reporter)
    {
        var (outcome, id) = await App.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident("Checkout fails", null, serviceId, Impact.Low, Urgency.Low), reporter);
        Assert.True(outcome.Succeeded, outcome.Error);
        return id!.Value;
    }

    private async Task<long> CompletedChangeAsync(long serviceId)
    {
        var id = await ApprovedChangeAsync(serviceId);
        var admin = await PersonAsync(Role.Admin);
        Assert.True((await Manage.ActAsync(id, ChangeAction.Complete, admin)).Succeeded);
        return id;
    }

    [Fact]
    public async Task Incident_ShowsTheServicesRecentChangesNewestFirst_NotOlderOnesOrOtherServices()
    {
        var serviceId = await ServiceAsync();
        var other = await ServiceAsync();
        var old = await CompletedChangeAsync(serviceId);
        App.Clock.Advance(TimeSpan.FromHours(30));
        var recent = await CompletedChangeAsync(serviceId);
        App.Clock.Advance(TimeSpan.FromMinutes(30));
        var underWay = await ApprovedChangeAsync(serviceId);
        await Manage.ActAsync(underWay, ChangeAction.Start, await PersonAsync(Role.Admin));
        await CompletedChangeAsync(other);
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        var incident = await IncidentAsync(serviceId, await PersonAsync(Role.Responder));

        var suspects = await Suspects.ForIncidentAsync(incident);

        Assert.Equal([underWay, recent], suspects.Select(s => s.Id));
        Assert.DoesNotContain(old, suspects.Select(s => s.Id));
    }

    [Fact]
    public async Task CausedBy_RecordedOnTimelineAndChange_Once_ForWhoMayNote()
    {
        var serviceId = await ServiceAsync();
        var change = await CompletedChangeAsync(serviceId);
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        var responder = await PersonAsync(Role.Responder);
        var incident = await IncidentAsync(serviceId, responder);

        var recorded = await Suspects.LinkAsync(incident, change, ChangeRelation.CausedBy, responder);
        var twice = await Suspects.LinkAsync(incident, change, ChangeRelation.CausedBy, responder);
        var viewer = await Suspects.LinkAsync(incident, change, ChangeRelation.FixedBy, await PersonAsync(Role.Viewer));

        Assert.True(recorded.Succeeded, recorded.Error);
        Assert.Equal(OutcomeKind.Conflict, twice.Kind);
        Assert.Equal(OutcomeKind.Forbidden, viewer.Kind);
        Assert.Equal(ChangeRelation.CausedBy, Assert.Single(await Suspects.ForIncidentAsync(incident)).Relation);
        await using var db = await App.NewDbContextAsync();
        var entry = await db.Incidents.Where(i => i.Id == incident).SelectMany(i => i.Timeline).SingleAsync(t => t.Kind == TimelineKind.ChangeLinked);
        Assert.Equal($"Caused by CHG-{change}: Upgrade the payment SDK", entry.Text);
        Assert.Contains(await db.ChangeEvents.Where(e => e.ChangeId == change).Select(e => e.Text).ToListAsync(), t => t.StartsWith($"Recorded as the cause of INC-{incident}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compliance_ThisWeekAndByService_NamesWhatMissed()
    {
        var serviceId = await ServiceAsync();
        await CompletedChangeAsync(serviceId);
        var slug = await SlugAsync(serviceId);
        await App.CreateClient().SendAsync(GitHubDelivery(GitHubEvent("nobody/else", 1, "success")));
        var ci = await ApiClientAsync(Role.Developer);
        await ci.PostAsync("/api/v1/changes/deployments", new StringContent($"{{\"service\":\"{slug}\",\"id\":\"d-1\",\"state\":\"success\"}}", System.Text.Encoding.UTF8, "application/json"));

        var report = await App.Services.GetRequiredService<MeasureCompliance>().HandleAsync();

        var service = Assert.Single(report.Services, s => s.Id == serviceId);
        Assert.Equal((2, 1, 1), (service.Total, service.Through, service.Pending));
        Assert.Equal(0.5m, service.Rate);
        Assert.Contains(report.Missed, m => m.ServiceName == $"Service {slug}" && m.Reason == "bypassed the process, not approved");
        Assert.Equal(12, report.Trend.Count);
        Assert.Equal(App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ChangeOptions>>().Value.ComplianceGoal, report.Goal);
        Assert.True(report.ThisWeek.Total >= 2);
    }

    [Fact]
    public async Task Problem_ShowsTheChangesLinkedToItsIncidents_AndThoseShippingItsCountermeasures()
    {
        var serviceId = await ServiceAsync();
        var responder = await PersonAsync(Role.Responder);
        var first = await IncidentAsync(serviceId, responder);
        var second = await IncidentAsync(serviceId, responder);
        var unrelated = await IncidentAsync(serviceId, responder);
        var culprit = await CompletedChangeAsync(serviceId);
        var rollback = await CompletedChangeAsync(serviceId);
        var other = await CompletedChangeAsync(serviceId);
        Assert.True((await Suspects.LinkAsync(first, culprit, ChangeRelation.CausedBy, responder)).Succeeded);
        Assert.True((await Suspects.LinkAsync(second, culprit, ChangeRelation.CausedBy, responder)).Succeeded);
        Assert.True((await Suspects.LinkAsync(second, rollback, ChangeRelation.FixedBy, responder)).Succeeded);
        Assert.True((await Suspects.LinkAsync(unrelated, other, ChangeRelation.CausedBy, responder)).Succeeded);
        var admin = await PersonAsync(Role.Admin);
        var (_, problemId) = await App.Services.GetRequiredService<Web.Features.Problems.Link.LinkProblem>().CreateAsync("Pool exhausted", serviceId, null, [first, second], admin);
        var (_, countermeasureId) = await App.Services.GetRequiredService<Web.Features.Problems.Countermeasures.ManageCountermeasures>().AddAsync(
            new Web.Features.Problems.Countermeasures.CountermeasureInput("Raise the pool limit", null, Domain.Problems.CountermeasureKind.ConfigurationHardware, null, null, 2, null, problemId), admin);
        var (_, fix) = await Manage.RecordAsync(new ChangeRequest(serviceId, "Pool limit 200", ChangeKind.Configuration, ChangeType.Standard, ChangeRisk.Low, CountermeasureId: countermeasureId),
            admin, ChangeSource.Portal, submit: true);

        var problem = await App.Services.GetRequiredService<Web.Features.Problems.Show.ShowProblem>().HandleAsync(problemId!.Value);

        var changes = problem!.Changes!.ToDictionary(c => c.Id, c => c.How);
        Assert.Equal(3, changes.Count);
        Assert.Equal($"caused {Incident.Format(first)}; caused {Incident.Format(second)}", changes[culprit]);
        Assert.Equal($"fixed {Incident.Format(second)}", changes[rollback]);
        Assert.Equal("ships \"Raise the pool limit\"", changes[fix!.Value]);
        Assert.DoesNotContain(other, changes.Keys);
    }
}
