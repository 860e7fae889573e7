using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Alerts;
using Incidents.Domain.Incidents;
using Incidents.Web.Data;
using Incidents.Web.Features.Alerts;
using Incidents.Web.Features.Alerts.Ingest;
using Incidents.Web.Features.Alerts.Integrations;
using Incidents.Web.Features.IncidentManagement.Paging;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Alerts;

/// <summary>
/// Alert intake tried the way a careless sender or an attacker would: content never fails intake, invalid events are
/// refused alone with a 400 naming the field, malformed bodies are 400/415, and a fault is a ProblemDetails 500 that
/// fails no other request of its group commit.
/// </summary>
public sealed class AlertIntakeRobustnessTests : IDisposable
{
    private readonly RobustApp app = new();
    private readonly HttpClient client;
    private long serviceId;

    public AlertIntakeRobustnessTests() => client = app.CreateClient();

    public void Dispose() => app.Dispose();

    /// <summary>The real app; its pager can be told to fail for one incident title, to stand for a fault while writing.</summary>
    private sealed class RobustApp() : TestApp(new Dictionary<string, string?> { ["Alerts:EventsPerMinutePerKey"] = "100000" })
    {
        public string? FailFor { get; set; }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IPager>(sp =>
                new FailingPager(sp.GetRequiredService<Web.Features.OnCall.Paging.StartEscalation>(), this)));
        }
    }

    private sealed class FailingPager(IPager inner, RobustApp app) : IPager
    {
        public async Task StartInAsync(IncidentsDbContext db, long incidentId, string reason, Actor by, CancellationToken cancellationToken = default)
        {
            var title = await db.Incidents.Where(i => i.Id == incidentId).Select(i => i.Title).SingleAsync(cancellationToken);
            if (app.FailFor is { } poison && title == poison)
            {
                throw new InvalidOperationException("Injected fault while paging.");
            }

            await inner.StartInAsync(db, incidentId, reason, by, cancellationToken);
        }

        public Task<bool> StopInAsync(IncidentsDbContext db, long incidentId, IncidentStatus status, string changedBy, CancellationToken cancellationToken = default) =>
            inner.StopInAsync(db, incidentId, status, changedBy, cancellationToken);

        public void Committed() => inner.Committed();
    }

    private async Task<string> KeyAsync(IntegrationKind kind, GroupingMode grouping = GroupingMode.ByDedupKey)
    {
        if (serviceId == 0)
        {
            serviceId = await app.CreateServiceAsync("payments");
        }

        var (outcome, key) = await app.Services.GetRequiredService<ManageIntegrations>()
            .CreateAsync(new IntegrationInput($"{kind} {Guid.NewGuid():N}", kind, serviceId, grouping, 30, true, null), Actor.System);
        Assert.True(outcome.Succeeded, outcome.Error);
        return key!;
    }

    private Task<HttpResponseMessage> PostAsync(string url, string json, string contentType = "application/json") =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, contentType));

    private Task<HttpResponseMessage> PostBytesAsync(string url, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return client.PostAsync(url, content);
    }

    private static string EventsV2(string key, string summary, string? dedupKey = null) => new JsonObject
    {
        ["routing_key"] = key,
        ["event_action"] = "trigger",
        ["dedup_key"] = dedupKey ?? Guid.NewGuid().ToString("N"),
        ["payload"] = new JsonObject { ["summary"] = summary, ["source"] = "db-1", ["severity"] = "critical" },
    }.ToJsonString();

    private static string Alertmanager(string? alertName, string? summary, string fingerprint = "fp-1", int truncated = 0, string status = "firing")
    {
        var labels = new JsonObject { ["instance"] = "web-1:8080", ["severity"] = "critical" };
        if (alertName is not null)
        {
            labels["alertname"] = alertName;
        }

        var annotations = new JsonObject();
        if (summary is not null)
        {
            annotations["summary"] = summary;
        }

        return new JsonObject
        {
            ["version"] = "4",
            ["status"] = status,
            ["groupKey"] = "{}:{alertname=\"X\"}",
            ["truncatedAlerts"] = truncated,
            ["alerts"] = new JsonArray(new JsonObject
            {
                ["status"] = status,
                ["labels"] = labels,
                ["annotations"] = annotations,
                ["startsAt"] = "2026-11-02T09:00:00Z",
                ["fingerprint"] = fingerprint,
            }),
        }.ToJsonString();
    }

    private async Task<List<Incident>> IncidentsAsync()
    {
        await using var db = await app.NewDbContextAsync();
        return await db.Incidents.AsNoTracking().OrderBy(i => i.Id).ToListAsync();
    }

    private async Task<List<Alert>> AlertsAsync()
    {
        await using var db = await app.NewDbContextAsync();
        return await db.Alerts.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task EventsV2_SummaryOfPagerDutysFullLength_OpensIncidentWithShortenedTitleAndKeepsSummary()
    {
        var key = await KeyAsync(IntegrationKind.EventsV2);
        var summary = "Replication lag on db-1 " + new string('x', 1000);

        var response = await PostAsync("/v2/enqueue", EventsV2(key, summary));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var incident = Assert.Single(await IncidentsAsync());
        Assert.Equal(Incident.MaxTitleLength, incident.Title.Length);
        Assert.EndsWith("…", incident.Title, StringComparison.Ordinal);
        Assert.StartsWith("Replication lag on db-1 xxx", incident.Title, StringComparison.Ordinal);
        Assert.Equal(summary, Assert.Single(await AlertsAsync()).Summary);
    }

    [Fact]
    public async Task EventsV2_SummaryOverPagerDutysLimit_400InPagerDutyShapeNamingTheField()
    {
        var key = await KeyAsync(IntegrationKind.EventsV2);

        var response = await PostAsync("/v2/enqueue", EventsV2(key, new string('x', 1025)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid event", body.GetProperty("status").GetString());
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains("'payload.summary'", StringComparison.Ordinal));
        Assert.Empty(await IncidentsAsync());
    }

    [Theory]
    [InlineData("HighErrorRate", "", "HighErrorRate on Service payments")]
    [InlineData("HighErrorRate", null, "HighErrorRate on Service payments")]
    [InlineData("HighErrorRate", "   \n\t ", "HighErrorRate on Service payments")]
    [InlineData("", "", "Alert from web-1:8080")]
    [InlineData(null, null, "Alert from web-1:8080")]
    [InlineData("  ", "Disk\nfull   on web-1", "Disk full on web-1")]
    public async Task Alertmanager_BlankSummaryOrAlertname_OpensIncidentWithMeaningfulTitle(string? alertName, string? summary, string title)
    {
        var key = await KeyAsync(IntegrationKind.Alertmanager);

        var response = await PostAsync($"/api/v1/alerts/alertmanager/{key}", Alertmanager(alertName, summary));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(title, Assert.Single(await IncidentsAsync()).Title);
        Assert.Single(await AlertsAsync(), a => a.Summary.Length > 0);
    }

    [Fact]
    public async Task Alertmanager_HugeAlertnameAndSummary_OpensIncidentTitleAndKeysFitTheirColumns()
    {
        var key = await KeyAsync(IntegrationKind.Alertmanager);
        var huge = new string('A', 5_000);

        var response = await PostAsync($"/api/v1/alerts/alertmanager/{key}", Alertmanager(huge, huge, fingerprint: huge));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var incident = Assert.Single(await IncidentsAsync());
        Assert.Equal(Incident.MaxTitleLength, incident.Title.Length);
        Assert.True(incident.Fingerprint!.Length <= 300);
        var alert = Assert.Single(await AlertsAsync());
        Assert.True(alert.DedupKey.Length <= Alert.MaxDedupKeyLength);
        Assert.Equal(Alert.MaxSummaryLength, alert.Summary.Length);
    }

    [Fact]
    public async Task Generic_TriggerWithoutSummary_OpensAlertFromSource()
    {
        var key = await KeyAsync(IntegrationKind.Generic);

        var response = await PostAsync($"/api/v1/alerts/generic/{key}", """{"action":"trigger","source":"cron-backup"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Alert from cron-backup", Assert.Single(await IncidentsAsync()).Title);
    }

    [Theory]
    [InlineData("\"link_text\":\"Runbook [prod] *now*\"", "Runbook [prod] *now*", "[Runbook \\[prod\\] \\*now\\*](https://runbooks.example/backup)")]
    [InlineData("\"link_text\":12", null, "[Source](https://runbooks.example/backup)")]
    [InlineData("\"link_text\":\"   \"", null, "[Source](https://runbooks.example/backup)")]
    [InlineData("\"link_text\":\"HUGE\"", "HUGE", null)]
    public async Task Generic_LinkText_KeptAsWords_CutToItsColumn_OtherTypesIgnored(string field, string? expected, string? markdown)
    {
        var key = await KeyAsync(IntegrationKind.Generic);
        var huge = new string('R', 10_000);

        var response = await PostAsync($"/api/v1/alerts/generic/{key}",
            $$"""{"action":"trigger","summary":"Backup failed","link":"https://runbooks.example/backup",{{field.Replace("HUGE", huge, StringComparison.Ordinal)}}}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var alert = Assert.Single(await AlertsAsync());
        Assert.Equal(expected == "HUGE" ? huge[..Alert.MaxLinkTextLength] : expected, alert.LinkText);
        if (markdown is not null)
        {
            Assert.Contains(markdown, Assert.Single(await IncidentsAsync()).Description, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Generic_EmptyArray_400AndNothingStored()
    {
        var key = await KeyAsync(IntegrationKind.Generic);

        var response = await PostAsync($"/api/v1/alerts/generic/{key}", "[]");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await AlertsAsync());
    }

    public static TheoryData<string, byte[]> MalformedBodies() => new()
    {
        { "invalid UTF-8 in a string", [.. "{\"action\":\"trigger\",\"summary\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8] },
        { "a lone surrogate", Encoding.UTF8.GetBytes("""{"action":"trigger","summary":"\ud83d"}""") },
        { "a lone surrogate in a key", Encoding.UTF8.GetBytes("""{"action":"trigger","summary":"x","\udc00":1}""") },
        { "duplicate keys", Encoding.UTF8.GetBytes("""{"action":"trigger","summary":"x","summary":"y"}""") },
        { "nested duplicate keys", Encoding.UTF8.GetBytes("""{"action":"trigger","summary":"x","labels":{"a":"1","a":"2"}}""") },
        { "truncated", Encoding.UTF8.GetBytes("""{"action":"trigger","summary":""") },
        { "deeply nested", Encoding.UTF8.GetBytes(new string('[', 200) + new string(']', 200)) },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task EveryEndpoint_MalformedBody_400NeverA500(string what, byte[] body)
    {
        var generic = await KeyAsync(IntegrationKind.Generic);
        var alertmanager = await KeyAsync(IntegrationKind.Alertmanager);

        foreach (var url in new[] { $"/api/v1/alerts/generic/{generic}", $"/api/v1/alerts/alertmanager/{alertmanager}", "/v2/enqueue" })
        {
            var response = await PostBytesAsync(url, body);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what} to {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Contains("json", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        }

        Assert.Empty(await AlertsAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task EveryEndpoint_NotJson_415(string contentType)
    {
        var generic = await KeyAsync(IntegrationKind.Generic);

        var answers = new[]
        {
            await PostAsync($"/api/v1/alerts/generic/{generic}", """{"summary":"x"}""", contentType),
            await PostAsync("/v2/enqueue", EventsV2(generic, "x"), contentType),
        };

        Assert.All(answers, r => Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode));
        Assert.Empty(await AlertsAsync());
    }

    [Fact]
    public async Task EventsV2_JsonWithCharsetOrVendorType_Accepted()
    {
        var key = await KeyAsync(IntegrationKind.EventsV2);

        var plain = await PostAsync("/v2/enqueue", EventsV2(key, "one"), "application/json");
        var vendor = await PostAsync("/v2/enqueue", EventsV2(key, "two"), "application/vnd.pagerduty+json");

        Assert.Equal(HttpStatusCode.Accepted, plain.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, vendor.StatusCode);
    }

    [Fact]
    public async Task FaultWhileWriting_500ProblemInPagerDutyShape_OtherRequestsOfTheBatchCommitted()
    {
        var key = await KeyAsync(IntegrationKind.EventsV2);
        app.FailFor = "Poisoned";

        // Sent together so that they share group commits with the failing one.
        var requests = Enumerable.Range(0, 40).Select(i => PostAsync("/v2/enqueue", EventsV2(key, i == 17 ? "Poisoned" : $"Healthy {i}"))).ToList();
        var answers = await Task.WhenAll(requests);

        Assert.Equal(39, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        var failed = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.InternalServerError);
        Assert.Equal("application/json", failed.Content.Headers.ContentType?.MediaType);
        var body = await failed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Internal error", body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("request_id").GetString()));
        var incidents = await IncidentsAsync();
        Assert.Equal(39, incidents.Count);
        Assert.DoesNotContain(incidents, i => i.Title == "Poisoned");
        Assert.Single(app.Logs, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("/v2/enqueue failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Writer_OneFailingWorkInABatch_OthersWrittenFailingOneFaults()
    {
        var key = await KeyAsync(IntegrationKind.Generic);
        var integration = (await app.Services.GetRequiredService<IntegrationKeys>().FindAsync(key, IntegrationKind.Generic, default))!;
        app.FailFor = "Poisoned";
        var writer = app.Services.GetRequiredService<AlertWriter>();
        static AlertEvent Event(string summary) => new(AlertAction.Trigger, Guid.NewGuid().ToString("N"), summary, "test", Severity.Sev2, null, null, new Dictionary<string, string>());

        var writes = Enumerable.Range(0, 64).Select(i => writer.WriteAsync(new IngestWork(integration, [Event(i == 40 ? "Poisoned" : $"Fine {i}")]), default)).ToList();
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                await w;
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }));

        Assert.Equal(63, outcomes.Count(o => o));
        Assert.False(outcomes[40]);
        Assert.Equal(63, (await IncidentsAsync()).Count);
    }

    [Fact]
    public async Task Alertmanager_TruncatedNotification_RecordedAndNeverAutoResolves_CompleteOneResolves()
    {
        var key = await KeyAsync(IntegrationKind.Alertmanager, GroupingMode.ByGroupKey);
        var url = $"/api/v1/alerts/alertmanager/{key}";

        // max_alerts: 1 with two alerts in the group: each notification carries one, truncatedAlerts = 1.
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(url, Alertmanager("X", "Lag", "a", truncated: 1))).StatusCode);
        var incident = Assert.Single(await IncidentsAsync());
        Assert.Equal(1, incident.TruncatedAlerts);
        var shown = (await app.Services.GetRequiredService<Web.Features.IncidentManagement.Show.ShowIncident>().HandleAsync(incident.Id))!;
        Assert.Equal(1, shown.TruncatedAlerts);

        // The one alert it knows resolves, but the notification was truncated: the other may still fire.
        await PostAsync(url, Alertmanager("X", "Lag", "a", truncated: 1, status: "resolved"));
        Assert.Equal(IncidentStatus.Triggered, Assert.Single(await IncidentsAsync()).Status);
        Assert.All(await AlertsAsync(), a => Assert.Equal(AlertStatus.Resolved, a.Status));

        // The second alert shows up, then the last, complete notification says the group is resolved.
        await PostAsync(url, Alertmanager("X", "Lag", "b", truncated: 0));
        Assert.Equal(0, Assert.Single(await IncidentsAsync()).TruncatedAlerts);
        await PostAsync(url, Alertmanager("X", "Lag", "b", truncated: 0, status: "resolved"));
        var resolved = Assert.Single(await IncidentsAsync());
        Assert.Equal(IncidentStatus.Resolved, resolved.Status);
    }

    [Fact]
    public async Task Alertmanager_CompleteResolvedNotification_ResolvesAlertsItNoLongerLists()
    {
        var key = await KeyAsync(IntegrationKind.Alertmanager, GroupingMode.ByGroupKey);
        var url = $"/api/v1/alerts/alertmanager/{key}";
        await PostAsync(url, Alertmanager("X", "Lag", "a", truncated: 1));
        await PostAsync(url, Alertmanager("X", "Lag", "b", truncated: 1));

        // Alertmanager sends a resolved alert once and drops it; a cut-off notification lost a's. The last is complete.
        await PostAsync(url, Alertmanager("X", "Lag", "b", truncated: 0, status: "resolved"));

        Assert.All(await AlertsAsync(), a => Assert.Equal(AlertStatus.Resolved, a.Status));
        Assert.Equal(IncidentStatus.Resolved, Assert.Single(await IncidentsAsync()).Status);
    }
}
