using Incidents.Domain;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.Log;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.OnCall;

/// <summary>Paging starts in the transaction that needs it, at the paging threshold (<see cref="Web.Features.OnCall.Paging.StartEscalation"/>).</summary>
public sealed class StartEscalationTests : PagingUseCaseTests
{
    [Fact]
    public async Task LowSeverityLoggedByHand_NotPaged_RaisedBySeverityOverride_Paged()
    {
        var (_, id) = await Get<LogIncident>().HandleAsync(new NewIncident("Typo on page", null, serviceId, Impact.Low, Urgency.Low), new Actor(bob, "bob"));
        await TickAsync();
        Assert.Empty(smtp.Received);

        await Get<Incidents.Web.Features.IncidentManagement.Triage.TriageIncident>().OverrideAsync(id!.Value, Severity.Sev2, "Customers cannot pay", new Actor(bob, "bob"));
        await TickAsync();

        Assert.Equal(["ana@example.com"], MailedTo());
    }

    [Fact]
    public async Task LogSev1_EscalationAndFirstStepCommittedWithTheIncident_BeforeAnyDispatcherOrListener()
    {
        // No tick, no notifier: what a crash right after the answer would leave behind must already page.
        var id = await OpenSev1Async();

        await using var db = await app.NewDbContextAsync();
        var run = await db.EscalationRuns.SingleAsync(r => r.IncidentId == id);
        Assert.Equal(RunStatus.Active, run.Status);
        var step = await db.EscalationSteps.SingleAsync(s => s.RunId == run.Id);
        Assert.Equal(StepStatus.Pending, step.Status);
        Assert.True(step.DueAt <= app.Clock.GetUtcNow());
    }

    [Fact]
    public async Task AlertOpensIncident_EscalationCommittedInTheIntakeTransaction_PagedOnceOnFirstTick()
    {
        var (_, key) = await Get<Incidents.Web.Features.Alerts.Integrations.ManageIntegrations>().CreateAsync(
            new("Prometheus", Incidents.Web.Features.Alerts.IntegrationKind.Generic, serviceId, Incidents.Domain.Alerts.GroupingMode.ByDedupKey, 30, true, null), Actor.System);
        using var client = app.CreateClient();
        var answer = await client.PostAsync($"/api/v1/alerts/generic/{key}",
            new StringContent("""{"summary":"Checkout 5xx","dedup_key":"c5xx","severity":"critical"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Accepted, answer.StatusCode);

        await using (var db = await app.NewDbContextAsync())
        {
            var incident = await db.Incidents.SingleAsync();
            Assert.Equal(StepStatus.Pending, (await db.EscalationSteps.SingleAsync(s => s.IncidentId == incident.Id)).Status);
        }

        await TickAsync();
        await TickAsync();
        Assert.Equal(["ana@example.com"], MailedTo());
    }

    [Fact]
    public async Task Reopen_EscalationCommittedWithTheReopen()
    {
        var id = await OpenSev1Async();
        await TickAsync();
        var who = new Actor(ana, "ana");
        Assert.True((await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Resolve, who, comment: "Fixed")).Succeeded);

        Assert.True((await Get<ChangeIncidentStatus>().HandleAsync(id, StatusAction.Reopen, who, comment: "Back again")).Succeeded);

        await using var db = await app.NewDbContextAsync();
        var runs = await db.EscalationRuns.Where(r => r.IncidentId == id).OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([RunStatus.Resolved, RunStatus.Active], runs.Select(r => r.Status));
        Assert.Equal("reopened", runs[1].Reason);
    }
}
