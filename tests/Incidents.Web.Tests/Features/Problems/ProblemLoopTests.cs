using System.Text;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Alerts;
using Incidents.Domain.Incidents;
using Incidents.Domain.Problems;
using Incidents.Web.Features.Alerts;
using Incidents.Web.Features.Alerts.Integrations;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.Notices;
using Incidents.Web.Features.Problems;
using Incidents.Web.Features.Problems.Analyze;
using Incidents.Web.Features.Problems.Candidates;
using Incidents.Web.Features.Problems.Countermeasures;
using Incidents.Web.Features.Problems.Link;
using Incidents.Web.Features.Problems.List;
using Incidents.Web.Features.Problems.OnIncident;
using Incidents.Web.Features.Problems.Show;
using Incidents.Web.Features.Problems.Watch;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Problems;

/// <summary>
/// Problems end to end on SQLite with the fake clock: incidents from alerts carry a fingerprint, a problem is created
/// and analysed, countermeasures drive its status, and the watch job closes the loop (recurrence or verification).
/// </summary>
public sealed class ProblemLoopTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly LoopbackSmtpServer smtp = new();
    private LoopApp app = null!;
    private HttpClient client = null!;
    private long serviceId;
    private string key = "";
    private Actor owner = null!;
    private Actor analyst = null!;

    public async Task InitializeAsync()
    {
        app = new LoopApp(smtp.Port);
        client = app.CreateClient();
        serviceId = await app.CreateServiceAsync("payments");
        var (outcome, created) = await app.Services.GetRequiredService<ManageIntegrations>()
            .CreateAsync(new IntegrationInput("Monitoring", IntegrationKind.Alertmanager, serviceId, GroupingMode.ByDedupKey, 30, true, null), Actor.System);
        Assert.True(outcome.Succeeded, outcome.Error);
        key = created!;
        var ownerUser = await app.CreateUserAsync("olivia@example.test", Role.Developer);
        var analystUser = await app.CreateUserAsync("ana@example.test", Role.Responder);
        owner = new Actor(ownerUser.Id, "olivia");
        analyst = new Actor(analystUser.Id, "ana");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await smtp.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private sealed class LoopApp(int smtpPort) : TestApp(new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Problems:WatchWindowDays"] = "30",
    });

    private T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>Alertmanager fires an alert (one pod) and resolves it: one incident, fingerprinted by alert name.</summary>
    private async Task<long> IncidentFromAlertAsync(string alertName, string pod)
    {
        var before = await MaxIncidentIdAsync();
        await PostAsync(alertName, pod, "firing");
        await PostAsync(alertName, pod, "resolved");
        var after = await MaxIncidentIdAsync();
        Assert.Equal(before + 1, after);
        return after;
    }

    private async Task PostAsync(string alertName, string pod, string status)
    {
        var json = $$"""
            {"version":"4","groupKey":"{}:{alertname=\"{{alertName}}\"}","status":"{{status}}","receiver":"incidents",
             "alerts":[{"status":"{{status}}","labels":{"alertname":"{{alertName}}","pod":"{{pod}}","severity":"critical"},
                        "annotations":{"summary":"{{alertName}} on {{pod}}"},"startsAt":"2026-11-02T09:00:00Z","fingerprint":"{{alertName}}-{{pod}}"}]}
            """;
        var response = await client.PostAsync($"/api/v1/alerts/alertmanager/{key}", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<long> MaxIncidentIdAsync()
    {
        await using var db = await app.NewDbContextAsync();
        return await db.Incidents.MaxAsync(i => (long?)i.Id) ?? 0;
    }

    private async Task<List<TimelineEntry>> TimelineAsync(long incidentId)
    {
        await using var db = await app.NewDbContextAsync();
        return await db.Timeline.Where(t => t.IncidentId == incidentId).OrderBy(t => t.Id).ToListAsync();
    }

    private async Task<(long Problem, long Countermeasure)> FixedProblemAsync(long incidentId)
    {
        var (created, problemId) = await Get<LinkProblem>().CreateFromIncidentAsync(incidentId, "Disk fills up on payment workers", analyst);
        Assert.True(created.Succeeded, created.Error);
        var problem = (await Get<ShowProblem>().HandleAsync(problemId!.Value))!;
        Assert.True((await Get<AnalyzeProblem>().RecordAsync(problemId.Value, new AnalysisInput(
            ["Disk full", "Logs never rotate", "Rotation config missing from the image"], ["No disk alert below 90 %"], RootCauseCategory.Configuration,
            "The worker image ships without logrotate config", "Delete /var/log/payments/*.gz and restart the worker"), problem.Version, analyst)).Succeeded);
        var manage = Get<ManageCountermeasures>();
        var (added, countermeasureId) = await manage.AddAsync(new CountermeasureInput("Ship logrotate config in the worker image", null,
            CountermeasureKind.ConfigurationHardware, owner.Id, new DateOnly(2026, 11, 20), 2, null, problemId), analyst);
        Assert.True(added.Succeeded, added.Error);
        foreach (var state in new[] { CountermeasureState.Accepted, CountermeasureState.InProgress, CountermeasureState.Done })
        {
            var moved = await manage.MoveAsync(countermeasureId!.Value, state, owner);
            Assert.True(moved.Succeeded, moved.Error);
        }

        return (problemId.Value, countermeasureId!.Value);
    }

    [Fact]
    public async Task AlertIncident_Fingerprint_IsServiceAndAlertName()
    {
        var incidentId = await IncidentFromAlertAsync("DiskFull", "worker-1");

        await using var db = await app.NewDbContextAsync();
        Assert.Equal($"{serviceId}|DiskFull", (await db.Incidents.SingleAsync(i => i.Id == incidentId)).Fingerprint);
    }

    [Fact]
    public async Task CreateFromIncident_LinksBothWays_SecondLinkElsewhereConflicts()
    {
        var incidentId = await IncidentFromAlertAsync("DiskFull", "worker-1");

        var (outcome, problemId) = await Get<LinkProblem>().CreateFromIncidentAsync(incidentId, null, analyst);
        var again = await Get<LinkProblem>().CreateFromIncidentAsync(incidentId, null, analyst);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(OutcomeKind.Conflict, again.Outcome.Kind);
        var problem = (await Get<ShowProblem>().HandleAsync(problemId!.Value))!;
        Assert.Equal($"{serviceId}|DiskFull", problem.Fingerprint);
        Assert.Equal(analyst.Id, problem.OwnerId);
        Assert.Equal([incidentId], problem.Incidents.Select(i => i.Id));
        Assert.Contains(problem.History, h => h.Kind == ProblemEventKind.IncidentLinked);
        Assert.Contains(await TimelineAsync(incidentId), t => t.Kind == TimelineKind.ProblemLinked && t.Text.Contains(Problem.Format(problemId.Value), StringComparison.Ordinal));
        Assert.Equal(problemId, (await Get<IncidentProblems>().HandleAsync(incidentId)).Linked!.Id);

        Assert.True((await Get<LinkProblem>().UnlinkAsync(problemId.Value, incidentId, analyst)).Succeeded);
        Assert.Null((await Get<IncidentProblems>().HandleAsync(incidentId)).Linked);
        Assert.Contains(await TimelineAsync(incidentId), t => t.Kind == TimelineKind.ProblemUnlinked);
    }

    [Fact]
    public async Task KnownError_NewIncidentWithSameFingerprint_ShowsWorkaroundAndIsLinkedByTheWatch()
    {
        var first = await IncidentFromAlertAsync("DiskFull", "worker-1");
        var (_, problemId) = await Get<LinkProblem>().CreateFromIncidentAsync(first, null, analyst);
        var problem = (await Get<ShowProblem>().HandleAsync(problemId!.Value))!;
        await Get<AnalyzeProblem>().RecordAsync(problemId.Value, new AnalysisInput(["Disk full"], [], RootCauseCategory.Configuration, null, "Delete old archives and restart"), problem.Version, analyst);
        problem = (await Get<ShowProblem>().HandleAsync(problemId.Value))!;
        Assert.True((await Get<AnalyzeProblem>().ApplyAsync(problemId.Value, ProblemAction.RecordKnownError, null, problem.Version, analyst)).Succeeded);

        app.Clock.Advance(TimeSpan.FromHours(3));
        var second = await IncidentFromAlertAsync("DiskFull", "worker-7");
        var other = await IncidentFromAlertAsync("HighLatency", "worker-7");

        // Shown at once, before the watch job ran.
        var known = await Get<IncidentProblems>().HandleAsync(second);
        Assert.Equal([problemId.Value], known.KnownErrors.Select(k => k.Id));
        Assert.Equal("Delete old archives and restart", known.KnownErrors[0].Workaround);
        Assert.Empty((await Get<IncidentProblems>().HandleAsync(other)).KnownErrors);

        var result = await Get<WatchProblems>().HandleAsync();
        var twice = await Get<WatchProblems>().HandleAsync();

        Assert.Equal(1, result.Linked);
        Assert.Equal(0, twice.Linked);
        Assert.Equal(problemId, (await Get<IncidentProblems>().HandleAsync(second)).Linked!.Id);
        var line = Assert.Single(await TimelineAsync(second), t => t.Kind == TimelineKind.KnownError);
        Assert.Equal($"Known error {Problem.Format(problemId.Value)}: workaround Delete old archives and restart", line.Text);
        Assert.Equal(ProblemStatus.KnownError, (await Get<ShowProblem>().HandleAsync(problemId.Value))!.Status);
    }

    [Fact]
    public async Task KnownError_LinkedProblemClosed_BannerGone_OnTheLinkedIncidentToo()
    {
        var incidentId = await IncidentFromAlertAsync("DiskFull", "worker-1");
        var (_, problemId) = await Get<LinkProblem>().CreateFromIncidentAsync(incidentId, null, analyst);
        var version = (await Get<ShowProblem>().HandleAsync(problemId!.Value))!.Version;
        Assert.True((await Get<AnalyzeProblem>().RecordAsync(problemId.Value, new AnalysisInput(["Disk full"], [], RootCauseCategory.Configuration, null, "Delete old archives"), version, analyst)).Succeeded);
        Assert.Single((await Get<IncidentProblems>().HandleAsync(incidentId)).KnownErrors);

        version = (await Get<ShowProblem>().HandleAsync(problemId.Value))!.Version;
        Assert.True((await Get<AnalyzeProblem>().ApplyAsync(problemId.Value, ProblemAction.Close, "Service retired", version, analyst)).Succeeded);

        var info = await Get<IncidentProblems>().HandleAsync(incidentId);
        Assert.Equal(problemId, info.Linked!.Id);
        Assert.Empty(info.KnownErrors);
    }

    [Fact]
    public async Task AssignOwner_SecondEditorOnTheOldVersion_ToldItChanged()
    {
        var incidentId = await IncidentFromAlertAsync("DiskFull", "worker-1");
        var (_, problemId) = await Get<LinkProblem>().CreateFromIncidentAsync(incidentId, null, analyst);
        var version = (await Get<ShowProblem>().HandleAsync(problemId!.Value))!.Version;

        var first = await Get<AnalyzeProblem>().AssignOwnerAsync(problemId.Value, null, version, analyst);
        var second = await Get<AnalyzeProblem>().AssignOwnerAsync(problemId.Value, analyst.Id, version, analyst);

        Assert.True(first.Succeeded, first.Error);
        Assert.Equal(OutcomeKind.Conflict, second.Kind);
        Assert.Null((await Get<ShowProblem>().HandleAsync(problemId.Value))!.OwnerId);
    }

    [Fact]
    public async Task Countermeasures_StartAndFinish_DriveTheProblemIntoItsWatchWindow()
    {
        var incidentId = await IncidentFromAlertAsync("DiskFull", "worker-1");

        var (problemId, countermeasureId) = await FixedProblemAsync(incidentId);

        var problem = (await Get<ShowProblem>().HandleAsync(problemId))!;
        Assert.Equal(ProblemStatus.Resolved, problem.Status);
        Assert.Equal(app.Clock.GetUtcNow().AddDays(30), problem.WatchUntil);
        Assert.Equal(CountermeasureState.Done, problem.Countermeasures.Single(c => c.Id == countermeasureId).State);
        Assert.Contains(problem.History, h => h.Kind == ProblemEventKind.FixShipped);
        Assert.Contains(problem.History, h => h.Kind == ProblemEventKind.StatusChanged && h.Text.StartsWith("Fix in progress", StringComparison.Ordinal));
        // A resolved problem can still take incidents: it is offered by number and by words of its title.
        Assert.Equal([problemId], (await Get<ListProblems>().LinkableAsync(Problem.Format(problemId))).Select(p => p.Id));
        Assert.Contains(await Get<ListProblems>().LinkableAsync("payment workers"), p => p.Id == problemId);
    }

    [Fact]
    public async Task Recurrence_InsideTheWindow_ReopensMarksIneffectiveStampsBothTimelinesAndTellsTheOwner()
    {
        var first = await IncidentFromAlertAsync("DiskFull", "worker-1");
        var (problemId, countermeasureId) = await FixedProblemAsync(first);

        app.Clock.Advance(TimeSpan.FromDays(12));
        var recurrence = await IncidentFromAlertAsync("DiskFull", "worker-3");
        var result = await Get<WatchProblems>().HandleAsync();

        Assert.Equal((1, 1, 0), (result.Linked, result.Recurred, result.Verified));
        var problem = (await Get<ShowProblem>().HandleAsync(problemId))!;
        Assert.Equal(ProblemStatus.Investigating, problem.Status);
        Assert.Null(problem.WatchUntil);
        var countermeasure = problem.Countermeasures.Single(c => c.Id == countermeasureId);
        Assert.True(countermeasure.Ineffective);
        Assert.Equal(CountermeasureState.InProgress, countermeasure.State);
        Assert.Contains(problem.History, h => h.Kind == ProblemEventKind.Recurred && h.Text.Contains(Incident.Format(recurrence), StringComparison.Ordinal));
        Assert.Contains(await TimelineAsync(recurrence), t => t.Kind == TimelineKind.Recurred && t.Text.StartsWith($"Recurrence of {Problem.Format(problemId)}", StringComparison.Ordinal));

        // The owner of the countermeasure and the problem's owner each hear of it (besides the owner's earlier assignment).
        var sent = await Get<SendNotices>().HandleAsync();
        Assert.Equal(3, sent);
        Assert.Equal(0, await Get<SendNotices>().HandleAsync());
        var mail = Assert.Single(smtp.Received, m => m.To.Contains("olivia@example.test") && m.Data.Contains("recurred", StringComparison.Ordinal));
        Assert.Contains("Ship logrotate config in the worker image", mail.Data, StringComparison.Ordinal);
        Assert.Contains(smtp.Received, m => m.To.Contains("ana@example.test") && m.Data.Contains("recurred", StringComparison.Ordinal));
        Assert.Contains(smtp.Received, m => m.To.Contains("olivia@example.test") && m.Data.Contains("You own a countermeasure", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WatchWindow_PassedCleanly_VerifiesProblemAndCountermeasures_LaterIncidentDoesNotReopen()
    {
        var first = await IncidentFromAlertAsync("DiskFull", "worker-1");
        var (problemId, countermeasureId) = await FixedProblemAsync(first);

        app.Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, (await Get<WatchProblems>().HandleAsync()).Verified);
        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var result = await Get<WatchProblems>().HandleAsync();

        Assert.Equal(1, result.Verified);
        var problem = (await Get<ShowProblem>().HandleAsync(problemId))!;
        Assert.Equal(ProblemStatus.Verified, problem.Status);
        Assert.Equal(CountermeasureState.Verified, problem.Countermeasures.Single(c => c.Id == countermeasureId).State);
        Assert.DoesNotContain(await Get<ListProblems>().LinkableAsync(null), p => p.Id == problemId);

        var later = await IncidentFromAlertAsync("DiskFull", "worker-2");
        var after = await Get<WatchProblems>().HandleAsync();
        Assert.Equal((0, 0), (after.Linked, after.Recurred));
        Assert.Equal(ProblemStatus.Verified, (await Get<ShowProblem>().HandleAsync(problemId))!.Status);
        Assert.DoesNotContain(await TimelineAsync(later), t => t.Kind == TimelineKind.Recurred);
    }

    [Fact]
    public async Task Candidates_ThreeTimesInThirtyDays_FlaggedUntilAProblemTakesThem()
    {
        await IncidentFromAlertAsync("QueueBacklog", "worker-1");
        app.Clock.Advance(TimeSpan.FromDays(10));
        await IncidentFromAlertAsync("QueueBacklog", "worker-2");
        await IncidentFromAlertAsync("HighLatency", "worker-2");
        Assert.Empty(await Get<FindCandidateProblems>().HandleAsync());

        app.Clock.Advance(TimeSpan.FromDays(10));
        var third = await IncidentFromAlertAsync("QueueBacklog", "worker-3");
        var candidate = Assert.Single(await Get<FindCandidateProblems>().HandleAsync());
        Assert.Equal((3, "QueueBacklog", serviceId), (candidate.Count, candidate.Key, candidate.ServiceId));
        Assert.Equal(third, candidate.IncidentIds[^1]);

        var (outcome, problemId) = await Get<LinkProblem>().CreateAsync("Queue backlog keeps building", candidate.ServiceId, candidate.Fingerprint, candidate.IncidentIds, analyst);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Empty(await Get<FindCandidateProblems>().HandleAsync());
        Assert.Equal(3, (await Get<ShowProblem>().HandleAsync(problemId!.Value))!.Incidents.Count);
    }

    [Fact]
    public async Task Candidates_OlderThanThirtyDays_NoLongerCount()
    {
        await IncidentFromAlertAsync("QueueBacklog", "worker-1");
        app.Clock.Advance(TimeSpan.FromDays(20));
        await IncidentFromAlertAsync("QueueBacklog", "worker-2");
        await IncidentFromAlertAsync("QueueBacklog", "worker-3");
        Assert.Single(await Get<FindCandidateProblems>().HandleAsync());

        app.Clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromHours(1));

        Assert.Empty(await Get<FindCandidateProblems>().HandleAsync());
    }

    [Fact]
    public async Task Move_IllegalOrStale_ChangesNothing()
    {
        var (_, incidentId) = await Get<LogIncident>().HandleAsync(new NewIncident("Refunds fail", null, serviceId, Impact.Low, Urgency.Low), analyst);
        var (_, problemId) = await Get<LinkProblem>().CreateFromIncidentAsync(incidentId!.Value, null, analyst);
        var manage = Get<ManageCountermeasures>();
        var (_, id) = await manage.AddAsync(new CountermeasureInput("Runbook for refunds", null, CountermeasureKind.ProcessTraining, null, null, 3, null, problemId), analyst);
        var row = (await manage.FindAsync(id!.Value))!;

        var skip = await manage.MoveAsync(id.Value, CountermeasureState.Done, analyst);
        Assert.True((await manage.EditAsync(id.Value, new CountermeasureInput("Runbook for refunds v2", null, CountermeasureKind.ProcessTraining, owner.Id, null, 2, row.TeamId), row.Version, analyst)).Succeeded);
        var stale = await manage.EditAsync(id.Value, new CountermeasureInput("Lost update", null, CountermeasureKind.ProcessTraining, null, null, 2, row.TeamId), row.Version, analyst);
        var badOwner = await manage.AddAsync(new CountermeasureInput("x", null, CountermeasureKind.ProcessTraining, "nobody", null, 3, null, problemId), analyst);

        Assert.Equal(OutcomeKind.Conflict, skip.Kind);
        Assert.Equal(OutcomeKind.Conflict, stale.Kind);
        Assert.Equal(OutcomeKind.Invalid, badOwner.Outcome.Kind);
        var now = (await manage.FindAsync(id.Value))!;
        Assert.Equal(("Runbook for refunds v2", CountermeasureState.Proposed, "olivia"), (now.Title, now.State, now.OwnerName));
        Assert.Single(await manage.ForProblemAsync(problemId!.Value));
    }
}
