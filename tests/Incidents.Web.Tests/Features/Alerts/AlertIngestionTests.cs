using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Alerts;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.Alerts;
using Incidents.Web.Features.Alerts.Integrations;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Alerts;

/// <summary>The alert endpoints over HTTP against real SQLite, fed the published sample payloads.</summary>
public sealed class AlertIngestionTests : IDisposable
{
    private readonly AlertApp app = new();
    private readonly HttpClient client;
    private long serviceId;

    public AlertIngestionTests() => client = app.CreateClient();

    public void Dispose() => app.Dispose();

    private sealed class AlertApp() : TestApp(new Dictionary<string, string?> { ["Alerts:EventsPerMinutePerKey"] = "1000" });

    /// <summary>Incidents whose paging was committed with them: the test service has no policy, so each says nobody could be paged.</summary>
    private async Task<List<long>> PagedAsync()
    {
        await using var db = await app.NewDbContextAsync();
        return await db.Timeline.AsNoTracking().Where(t => t.Kind == TimelineKind.Paged && t.Text.StartsWith("Nobody was paged (opened by alert"))
            .OrderBy(t => t.IncidentId).Select(t => t.IncidentId).ToListAsync();
    }

    private static string Sample(string path) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", path));

    private async Task<string> IntegrationAsync(IntegrationKind kind, GroupingMode grouping = GroupingMode.ByGroupKey, bool autoResolve = true, string? routingLabel = null)
    {
        if (serviceId == 0)
        {
            serviceId = await app.CreateServiceAsync("checkout");
        }

        var (outcome, key) = await app.Services.GetRequiredService<ManageIntegrations>()
            .CreateAsync(new IntegrationInput($"{kind} {Guid.NewGuid():N}", kind, serviceId, grouping, 30, autoResolve, routingLabel), Actor.System);
        Assert.True(outcome.Succeeded, outcome.Error);
        return key!;
    }

    private Task<HttpResponseMessage> PostAsync(string url, string json) =>
        client.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));

    private static string WithRoutingKey(string json, string key, string? dedupKey = null)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        node["routing_key"] = key;
        if (dedupKey is not null)
        {
            node["dedup_key"] = dedupKey;
        }

        return node.ToJsonString();
    }

    private async Task<(List<Alert> Alerts, List<Incident> Incidents)> StoredAsync()
    {
        await using var db = await app.NewDbContextAsync();
        return (await db.Alerts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(),
            await db.Incidents.AsNoTracking().Include(i => i.Timeline).OrderBy(i => i.Id).ToListAsync());
    }

    [Fact]
    public async Task Alertmanager_PublishedSamples_FireGroupThenResolveAndAutoResolve()
    {
        var key = await IntegrationAsync(IntegrationKind.Alertmanager);
        var url = $"/api/v1/alerts/alertmanager/{key}";

        var fired = await PostAsync(url, Sample("alertmanager/captured-v0.25.0-firing.json"));
        Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);
        var (alerts, incidents) = await StoredAsync();
        Assert.Equal(2, alerts.Count);
        var incident = Assert.Single(incidents);
        Assert.All(alerts, a => Assert.Equal(incident.Id, a.IncidentId));
        Assert.Equal(Severity.Sev1, incident.Severity);
        Assert.Equal("Error rate above 5% on checkout", incident.Title);
        Assert.Equal([incident.Id], await PagedAsync());

        // The same notification again (Alertmanager repeats): counts, no new alerts or incidents.
        await PostAsync(url, Sample("alertmanager/captured-v0.25.0-firing.json"));
        (alerts, incidents) = await StoredAsync();
        Assert.All(alerts, a => Assert.Equal(2, a.Count));
        Assert.Single(incidents);

        // One of the two resolves: Alertmanager's next notification lists both (one resolved, top-level still firing); the incident stays open.
        var mixed = JsonNode.Parse(Sample("alertmanager/captured-v0.25.0-firing.json"))!.AsObject();
        foreach (var alert in mixed["alerts"]!.AsArray().Where(a => a!["fingerprint"]!.GetValue<string>() == "35168abc2368c313"))
        {
            alert!["status"] = "resolved";
        }

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(url, mixed.ToJsonString())).StatusCode);
        (alerts, incidents) = await StoredAsync();
        Assert.Equal(AlertStatus.Resolved, alerts.Single(a => a.DedupKey == "35168abc2368c313").Status);
        Assert.Equal(IncidentStatus.Triggered, incidents.Single().Status);

        // The other resolves too (the last notification lists only it): all alerts resolved, so the incident resolves by policy.
        var last = Sample("alertmanager/captured-v0.25.0-resolved.json")
            .Replace("35168abc2368c313", "f7ca8b2ae37f4b50", StringComparison.Ordinal);
        await PostAsync(url, last);
        (alerts, incidents) = await StoredAsync();
        Assert.All(alerts, a => Assert.Equal(AlertStatus.Resolved, a.Status));
        Assert.Equal(IncidentStatus.Resolved, incidents.Single().Status);
        Assert.Contains(incidents.Single().Timeline, t => t.Kind == TimelineKind.Resolved && t.Text.Contains("all of its alerts resolved", StringComparison.Ordinal));
        // Both alerts share a summary: one collapsed timeline line, whose count the page shows.
        Assert.Equal(1, incidents.Single().Timeline.Count(t => t.Kind == TimelineKind.AlertFired));
        var shown = (await app.Services.GetRequiredService<Incidents.Web.Features.IncidentManagement.Show.ShowIncident>().HandleAsync(incidents.Single().Id))!;
        var line = shown.Timeline.Single(t => t.Kind == TimelineKind.AlertFired);
        Assert.Equal(5, line.AlertCount);
        Assert.Equal(2, line.AlertInstances);
    }

    [Fact]
    public async Task Alertmanager_SameKeyAfterResolve_OpensNewAlert()
    {
        var key = await IntegrationAsync(IntegrationKind.Alertmanager, GroupingMode.ByDedupKey);
        var url = $"/api/v1/alerts/alertmanager/{key}";
        var resolvedBoth = Sample("alertmanager/captured-v0.25.0-firing.json").Replace("\"status\":\"firing\"", "\"status\":\"resolved\"", StringComparison.Ordinal);

        await PostAsync(url, Sample("alertmanager/captured-v0.25.0-firing.json"));
        await PostAsync(url, resolvedBoth);
        await PostAsync(url, Sample("alertmanager/captured-v0.25.0-firing.json"));

        var (alerts, incidents) = await StoredAsync();
        Assert.Equal(4, alerts.Count);
        Assert.Equal(2, alerts.Count(a => a.Status == AlertStatus.Resolved));
        Assert.Equal(4, incidents.Count);
    }

    [Fact]
    public async Task EventsV2_PublishedTriggerAckResolve_LifeCycleAndPagerDutyAnswers()
    {
        var key = await IntegrationAsync(IntegrationKind.EventsV2);

        var trigger = await PostAsync("/v2/enqueue", WithRoutingKey(Sample("pagerduty/docs-trigger.comment-stripped.json"), key, "dedupkeyhere"));
        Assert.Equal(HttpStatusCode.Accepted, trigger.StatusCode);
        var body = await trigger.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal("Event processed", body.GetProperty("message").GetString());
        Assert.Equal("dedupkeyhere", body.GetProperty("dedup_key").GetString());

        var (alerts, incidents) = await StoredAsync();
        var alert = Assert.Single(alerts);
        Assert.Equal(Severity.Sev4, alert.Severity);
        Assert.Contains("postgres", alert.LabelsJson, StringComparison.Ordinal);
        Assert.Equal("https://example.com/", alert.Link);
        Assert.Equal("Link text", alert.LinkText);
        Assert.Contains("[Link text](https://example.com/)", incidents.Single().Description, StringComparison.Ordinal);
        var shown = Assert.Single(await app.Services.GetRequiredService<Web.Features.Alerts.List.ListAlerts>().HandleAsync(null, null));
        Assert.Equal([("ping time", "1500ms"), ("load avg", "0.75")], shown.Details);

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("/v2/enqueue", WithRoutingKey(Sample("pagerduty/docs-acknowledge.json"), key, "dedupkeyhere"))).StatusCode);
        (alerts, incidents) = await StoredAsync();
        Assert.Equal(AlertStatus.Acknowledged, alerts.Single().Status);
        Assert.Equal(IncidentStatus.Acknowledged, incidents.Single().Status);

        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("/v2/enqueue", WithRoutingKey(Sample("pagerduty/docs-resolve.json"), key, "dedupkeyhere"))).StatusCode);
        (alerts, incidents) = await StoredAsync();
        Assert.Equal(AlertStatus.Resolved, alerts.Single().Status);
        Assert.Equal(IncidentStatus.Resolved, incidents.Single().Status);

        // Acknowledge without an open alert is dropped, as PagerDuty does, and answered 202.
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync("/v2/enqueue", WithRoutingKey(Sample("pagerduty/docs-acknowledge.json"), key, "nothing-open"))).StatusCode);
        Assert.Single((await StoredAsync()).Alerts);
    }

    [Fact]
    public async Task EventsV2_TriggerWithoutDedupKey_GeneratesOne()
    {
        var key = await IntegrationAsync(IntegrationKind.EventsV2);
        var json = JsonNode.Parse(WithRoutingKey(Sample("pagerduty/docs-trigger.comment-stripped.json"), key))!.AsObject();
        json.Remove("dedup_key");

        var response = await PostAsync("/v2/enqueue", json.ToJsonString());

        var dedupKey = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dedup_key").GetString();
        Assert.False(string.IsNullOrEmpty(dedupKey));
        Assert.Equal(dedupKey, (await StoredAsync()).Alerts.Single().DedupKey);
    }

    public static TheoryData<string, string> InvalidEvents() => new()
    {
        { """{"routing_key":"short","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info"}}""", "Length of 'routing_key' is incorrect (should be 32 characters)" },
        { """{"routing_key":"KEY","event_action":"explode","payload":{"summary":"s","source":"h","severity":"info"}}""", "'event_action' must be one of trigger, acknowledge, resolve" },
        { """{"routing_key":"KEY","event_action":"trigger","payload":{"source":"h","severity":"info"}}""", "'payload.summary' is missing or blank" },
        { """{"routing_key":"KEY","event_action":"trigger","payload":{"summary":"s","severity":"info"}}""", "'payload.source' is missing or blank" },
        { """{"routing_key":"KEY","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"fatal"}}""", "'payload.severity' must be one of critical, error, warning, info" },
        { """{"routing_key":"KEY","event_action":"trigger"}""", "'payload' is missing" },
        { """{"routing_key":"KEY","event_action":"resolve"}""", "'dedup_key' is required for acknowledge and resolve events" },
        { """{"routing_key":"KEY","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info"},"images":[{"src":"http://x/y.png"}]}""", "'images[0].src' must be an HTTPS URL" },
        { """{"routing_key":"KEY","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info","timestamp":"yesterday"}}""", "'payload.timestamp' is not a valid ISO 8601 timestamp" },
    };

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public async Task EventsV2_Invalid_400WithPagerDutyErrorAndNothingStored(string json, string error)
    {
        var key = await IntegrationAsync(IntegrationKind.EventsV2);

        var response = await PostAsync("/v2/enqueue", json.Replace("KEY", key, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid event", body.GetProperty("status").GetString());
        Assert.Equal("Event object is invalid", body.GetProperty("message").GetString());
        Assert.Contains(error, body.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty((await StoredAsync()).Alerts);
    }

    [Fact]
    public async Task EventsV2_ShortRoutingKey_MatchesAlertmanagersFixture()
    {
        var expected = JsonNode.Parse(Sample("pagerduty/alertmanager-test-fixture-400-invalid-event.json"))!;

        var response = await PostAsync("/v2/enqueue", """{"routing_key":"abc","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(await response.Content.ReadAsStringAsync())));
    }

    [Fact]
    public async Task EventsV2_MalformedJson_400UnrecognizedObject()
    {
        var response = await PostAsync("/v2/enqueue", "{\"routing_key\": ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unrecognized object", body.GetProperty("status").GetString());
        Assert.Equal("JSON parse error", body.GetProperty("errors")[0].GetString());
    }

    [Fact]
    public async Task ConcurrentDuplicateDeliveries_OneAlertExactCountOneIncident()
    {
        var key = await IntegrationAsync(IntegrationKind.Generic);
        var json = """{"action":"trigger","dedup_key":"disk-full","summary":"Disk full on db-1","source":"db-1","severity":"critical"}""";

        var responses = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => PostAsync($"/api/v1/alerts/generic/{key}", json)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var (alerts, incidents) = await StoredAsync();
        var alert = Assert.Single(alerts);
        Assert.Equal(25, alert.Count);
        Assert.Single(incidents);
        Assert.Single(await PagedAsync());
    }

    [Fact]
    public async Task OneGroupCommit_RepeatsCountedExactly_ChangedSummaryKept_AckApplied()
    {
        var first = await IntegrationAsync(IntegrationKind.Generic);
        var second = await IntegrationAsync(IntegrationKind.Generic);
        var keys = app.Services.GetRequiredService<Web.Features.Alerts.Ingest.IntegrationKeys>();
        var a = (await keys.FindAsync(first, IntegrationKind.Generic, default))!;
        var b = (await keys.FindAsync(second, IntegrationKind.Generic, default))!;
        static AlertEvent Trigger(string key, string summary) =>
            new(AlertAction.Trigger, key, summary, "test", Severity.Sev2, null, null, new Dictionary<string, string>());
        var ingest = app.Services.GetRequiredService<Web.Features.Alerts.Ingest.IngestAlerts>();
        await ingest.HandleBatchAsync([new(a, [Trigger("cpu", "CPU high"), Trigger("disk", "Disk full"), Trigger("mem", "Memory high")])]);
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        // Several requests in one transaction: plain repeats, a repeat with a new summary, another integration, an ack.
        await ingest.HandleBatchAsync([
            new(a, [Trigger("cpu", "CPU high"), Trigger("cpu", "CPU high")]),
            new(b, [Trigger("net", "Packet loss")]),
            new(a, [Trigger("disk", "Disk full"), Trigger("disk", "Disk 99% full"), Trigger("cpu", "CPU high")]),
            new(a, [new(AlertAction.Acknowledge, "mem", "", "test", Severity.Sev2, null, null, new Dictionary<string, string>())]),
        ]);

        var (alerts, _) = await StoredAsync();
        var byKey = alerts.ToDictionary(x => x.DedupKey);
        Assert.Equal(4, byKey["cpu"].Count);
        Assert.Equal(app.Clock.GetUtcNow(), byKey["cpu"].LastSeenAt);
        Assert.Equal(3, byKey["disk"].Count);
        Assert.Equal("Disk 99% full", byKey["disk"].Summary);
        Assert.Equal(AlertStatus.Acknowledged, byKey["mem"].Status);
        Assert.Equal(1, byKey["mem"].Count);
        Assert.Equal(1, byKey["net"].Count);
    }

    [Fact]
    public async Task BodyOver512KB_413AndNothingStored()
    {
        var key = await IntegrationAsync(IntegrationKind.Generic);
        var json = "{\"action\":\"trigger\",\"dedup_key\":\"big\",\"summary\":\"big\",\"details\":{\"blob\":\"" + new string('x', 520_000) + "\"}}";

        var response = await PostAsync($"/api/v1/alerts/generic/{key}", json);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty((await StoredAsync()).Alerts);
    }

    [Fact]
    public async Task UnknownAndRevokedKeys_Same404AndNothingStored()
    {
        var key = await IntegrationAsync(IntegrationKind.Generic);
        var manage = app.Services.GetRequiredService<ManageIntegrations>();
        await manage.RevokeAsync((await manage.ListAsync()).Single().Id, Actor.System);
        var json = """{"action":"trigger","dedup_key":"k","summary":"s"}""";

        var revoked = await PostAsync($"/api/v1/alerts/generic/{key}", json);
        var unknown = await PostAsync($"/api/v1/alerts/generic/{new string('a', 32)}", json);
        var wrongKind = await PostAsync($"/api/v1/alerts/alertmanager/{key}", """{"alerts":[]}""");

        Assert.Equal(HttpStatusCode.NotFound, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongKind.StatusCode);
        static async Task<string> WithoutTrace(HttpResponseMessage response)
        {
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            problem.Remove("traceId");
            return problem.ToJsonString();
        }

        Assert.Equal(await WithoutTrace(unknown), await WithoutTrace(revoked));
        Assert.Empty((await StoredAsync()).Alerts);
    }

    [Fact]
    public async Task Generic_MissingFields_400NamesThem()
    {
        var key = await IntegrationAsync(IntegrationKind.Generic);

        var response = await PostAsync($"/api/v1/alerts/generic/{key}", """[{"action":"trigger"},{"action":"resolve","summary":"x"}]""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        // A trigger without a summary is legal (it gets "Alert from <source>"); a resolve without a key is not.
        Assert.Equal(["[1].dedup_key: required to acknowledge or resolve."], errors);
        Assert.Empty((await StoredAsync()).Alerts);
    }

    [Fact]
    public async Task TimeWindowGrouping_StormOfKeys_OneIncident()
    {
        var key = await IntegrationAsync(IntegrationKind.Generic, GroupingMode.TimeWindow);
        var batch = new JsonArray(Enumerable.Range(0, 50)
            .Select(i => (JsonNode)JsonNode.Parse($$"""{"dedup_key":"pod-{{i}}","summary":"Pod {{i}} crash-looping","severity":"error"}""")!).ToArray());

        var response = await PostAsync($"/api/v1/alerts/generic/{key}", batch.ToJsonString());
        await PostAsync($"/api/v1/alerts/generic/{key}", """{"dedup_key":"pod-late","summary":"Another pod"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var (alerts, incidents) = await StoredAsync();
        Assert.Equal(51, alerts.Count);
        Assert.Equal(51, incidents.Single().Timeline.Count(t => t.Kind == TimelineKind.AlertFired));
        Assert.Single(incidents);
        Assert.Equal(Severity.Sev2, incidents.Single().Severity);
    }

    [Fact]
    public async Task AutoResolveOff_IncidentStaysOpen()
    {
        var key = await IntegrationAsync(IntegrationKind.Generic, autoResolve: false);

        await PostAsync($"/api/v1/alerts/generic/{key}", """{"dedup_key":"k","summary":"s"}""");
        await PostAsync($"/api/v1/alerts/generic/{key}", """{"action":"resolve","dedup_key":"k"}""");

        var (alerts, incidents) = await StoredAsync();
        Assert.Equal(AlertStatus.Resolved, alerts.Single().Status);
        Assert.Equal(IncidentStatus.Triggered, incidents.Single().Status);
    }

    [Fact]
    public async Task RoutingLabel_RoutesToNamedService()
    {
        var key = await IntegrationAsync(IntegrationKind.Alertmanager, routingLabel: "team");
        var other = await app.CreateServiceAsync("payments");
        var json = Sample("alertmanager/captured-v0.25.0-firing.json").Replace("\"service\":\"checkout\"", "\"team\":\"payments\"", StringComparison.Ordinal);

        await PostAsync($"/api/v1/alerts/alertmanager/{key}", json);

        Assert.All((await StoredAsync()).Alerts, a => Assert.Equal(other, a.ServiceId));
    }
}

public sealed class AlertRateLimitTests : IDisposable
{
    private readonly LimitedApp app = new();

    private sealed class LimitedApp() : TestApp(new Dictionary<string, string?> { ["Alerts:EventsPerMinutePerKey"] = "3" });

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task OverTheKeysRate_429WithRetryAfterAndNothingStored()
    {
        var serviceId = await app.CreateServiceAsync();
        var (_, key) = await app.Services.GetRequiredService<ManageIntegrations>()
            .CreateAsync(new IntegrationInput("limited", IntegrationKind.Generic, serviceId, GroupingMode.ByDedupKey, 30, true, null), Actor.System);
        var client = app.CreateClient();

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            responses.Add(await client.PostAsync($"/api/v1/alerts/generic/{key}",
                new StringContent($$"""{"dedup_key":"k{{i}}","summary":"s{{i}}"}""", Encoding.UTF8, "application/json")));
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests],
            responses.Select(r => r.StatusCode));
        Assert.True(responses[3].Headers.RetryAfter?.Delta > TimeSpan.Zero);
        await using var db = await app.NewDbContextAsync();
        Assert.False(await db.Alerts.AnyAsync(a => a.DedupKey == "k3"));
        Assert.Equal(3, await db.Alerts.CountAsync());
    }
}
