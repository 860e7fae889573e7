using System.Text;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Alerts;
using Incidents.Domain.Incidents;
using Incidents.Domain.Problems;
using Incidents.Web.Features.Alerts;
using Incidents.Web.Features.Alerts.Integrations;
using Incidents.Web.Features.Problems.Analyze;
using Incidents.Web.Features.Problems.Countermeasures;
using Incidents.Web.Features.Problems.Link;
using Incidents.Web.Features.Problems.Show;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Problems;

/// <summary>
/// Problems end to end on SQLite with the fake clock: incidents from alerts carry a fingerprint, a problem is created
/// and analysed, countermeasures drive its status, and the watch job closes the loop (recurrence or verification).
/// </summary>
public abstract class ProblemUseCaseTests : IAsyncLifetime, IAsyncDisposable
{
    private protected readonly LoopbackSmtpServer smtp = new();
    private protected LoopApp app = null!;
    private protected HttpClient client = null!;
    private protected long serviceId;
    private protected string key = "";
    private protected Actor owner = null!;
    private protected Actor analyst = null!;

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

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private protected sealed class LoopApp(int smtpPort) : TestApp(new Dictionary<string, string?>
    {
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Problems:WatchWindowDays"] = "30",
    });

    private protected T Get<T>()
        where T : notnull => app.Services.GetRequiredService<T>();

    /// <summary>Alertmanager fires an alert (one pod) and resolves it: one incident, fingerprinted by alert name.</summary>
    private protected async Task<long> IncidentFromAlertAsync(string alertName, string pod)
    {
        var before = await MaxIncidentIdAsync();
        await PostAsync(alertName, pod, "firing");
        await PostAsync(alertName, pod, "resolved");
        var after = await MaxIncidentIdAsync();
        Assert.Equal(before + 1, after);
        return after;
    }

    private protected async Task PostAsync(string alertName, string pod, string status)
    {
        var json = $$"""
            {"version":"4","groupKey":"{}:{alertname=\"{{alertName}}\"}","status":"{{status}}","receiver":"incidents",
             "alerts":[{"status":"{{status}}","labels":{"alertname":"{{alertName}}","pod":"{{pod}}","severity":"critical"},
                        "annotations":{"summary":"{{alertName}} on {{pod}}"},"startsAt":"2026-11-02T09:00:00Z","fingerprint":"{{alertName}}-{{pod}}"}]}
            """;
        var response = await client.PostAsync($"/api/v1/alerts/alertmanager/{key}", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private protected async Task<long> MaxIncidentIdAsync()
    {
        await using var db = await app.NewDbContextAsync();
        return await db.Incidents.MaxAsync(i => (long?)i.Id) ?? 0;
    }

    private protected async Task<List<TimelineEntry>> TimelineAsync(long incidentId)
    {
        await using var db = await app.NewDbContextAsync();
        return await db.Timeline.Where(t => t.IncidentId == incidentId).OrderBy(t => t.Id).ToListAsync();
    }

    private protected async Task<(long Problem, long Countermeasure)> FixedProblemAsync(long incidentId)
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
}
