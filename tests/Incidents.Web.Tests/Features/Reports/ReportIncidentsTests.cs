using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Incidents;
using Incidents.Web.Features.ApiKeys.Manage;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.Reports;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Reports;

/// <summary>
/// The incident report from incidents with known timestamps (FakeTimeProvider): figures equal the hand-computed ones,
/// and the CSV export and the API give the same.
/// </summary>
public sealed class ReportIncidentsTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly TestApp app = new();
    private Actor admin = default!;
    private long serviceId;

    // Monday 2 Nov 2026 09:00 UTC is the test clock's start; the report looks at Tuesday 3 Nov, the day before is "previous".
    private static readonly DateTimeOffset Tuesday = new(2026, 11, 3, 0, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        admin = new Actor("report-admin", "Ada Admin");
        await app.CreatePersonAsync(admin, [Role.Admin]);
        serviceId = await app.CreateServiceAsync("ledger");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await app.DisposeAsync();

    private async Task<long> TriggerAsync(Impact impact, Urgency urgency)
    {
        var (outcome, id) = await app.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident("Ledger errors", null, serviceId, impact, urgency), admin);
        Assert.True(outcome.Succeeded, outcome.Error);
        return id!.Value;
    }

    private async Task ActAsync(long id, StatusAction action) =>
        Assert.True((await app.Services.GetRequiredService<ChangeIncidentStatus>().HandleAsync(id, action, admin, comment: "Rolled back")).Succeeded);

    private void At(int hour, int minute) => app.Clock.AdjustTime(Tuesday.AddHours(hour).AddMinutes(minute));

    /// <summary>
    /// Monday: one SEV3, acknowledged after 2 minutes. Tuesday: A (SEV1) 09:00, acknowledged 09:04, mitigated 09:30,
    /// resolved 10:00; B (SEV1) 09:20, acknowledged 09:50, resolved 11:00; C (SEV3) 12:00, never acknowledged. Now: 13:05.
    /// </summary>
    private async Task SeedAsync()
    {
        var monday = await TriggerAsync(Impact.High, Urgency.Low);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await ActAsync(monday, StatusAction.Acknowledge);

        At(9, 0);
        var a = await TriggerAsync(Impact.High, Urgency.High);
        At(9, 4);
        await ActAsync(a, StatusAction.Acknowledge);
        At(9, 20);
        var b = await TriggerAsync(Impact.High, Urgency.High);
        At(9, 30);
        await ActAsync(a, StatusAction.Mitigate);
        At(9, 50);
        await ActAsync(b, StatusAction.Acknowledge);
        At(10, 0);
        await ActAsync(a, StatusAction.Resolve);
        At(11, 0);
        await ActAsync(b, StatusAction.Resolve);
        At(12, 0);
        await TriggerAsync(Impact.High, Urgency.Low);
        At(13, 5);
    }

    [Fact]
    public async Task Figures_EqualTheHandComputedOnes()
    {
        await SeedAsync();

        var report = await app.Services.GetRequiredService<ReportIncidents>().HandleAsync(new ReportFilter(Tuesday, Tuesday.AddDays(1)));

        var now = report.Current;
        Assert.Equal((3, 2, 0, 1), (now.Count, now.BySeverity[Severity.Sev1], now.BySeverity[Severity.Sev2], now.BySeverity[Severity.Sev3]));
        Assert.Equal((1, 1), (now.Unacknowledged, now.Unresolved));
        Assert.Equal((2, TimeSpan.FromMinutes(17), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(17)),
            (now.TimeToAcknowledge.Count, now.TimeToAcknowledge.Median, now.TimeToAcknowledge.P90, now.TimeToAcknowledge.Mean));
        Assert.Equal((TimeSpan.FromMinutes(80), TimeSpan.FromMinutes(100)), (now.TimeToResolve.Median, now.TimeToResolve.P90));
        // SEV1 acknowledges within 5 minutes: A met, B missed; C (SEV3, 1 hour) is past due at 13:05: missed.
        Assert.Equal((1, 2, 0), (now.AcknowledgeSla.Met, now.AcknowledgeSla.Missed, now.AcknowledgeSla.Pending));
        // SEV1 resolves within 4 hours: both met; C has 3 days: pending.
        Assert.Equal((2, 0, 1), (now.ResolveSla.Met, now.ResolveSla.Missed, now.ResolveSla.Pending));
        Assert.Equal((1, TimeSpan.FromMinutes(2)), (report.Previous.Count, report.Previous.TimeToAcknowledge.Median));

        // A 09:00–09:30 (mitigated) and B 09:20–11:00 overlap: 120 minutes of impact in the 785 minutes measured so far.
        var ledger = Assert.Single(report.Availability);
        Assert.Equal((TimeSpan.FromMinutes(120), TimeSpan.FromMinutes(785), 2), (ledger.Figure.Impact, ledger.Figure.Period, ledger.Outages));
        Assert.Equal(1 - (120m / 785), ledger.Figure.Availability);
        Assert.False(ledger.Figure.MeetsTarget);

        var bucket = Assert.Single(report.Buckets);
        Assert.Equal(("day", 3, TimeSpan.FromMinutes(17)), (report.BucketUnit, bucket.Count, bucket.MedianTta));
    }

    [Fact]
    public async Task Filters_SeverityAndAnotherTeam()
    {
        await SeedAsync();
        var other = await app.CreateServiceAsync("search");
        long otherTeam;
        await using (var db = await app.NewDbContextAsync())
        {
            otherTeam = db.Services.Single(s => s.Id == other).TeamId;
        }

        var report = app.Services.GetRequiredService<ReportIncidents>();
        var sev3 = await report.HandleAsync(new ReportFilter(Tuesday, Tuesday.AddDays(1), Severity: Severity.Sev3));
        var elsewhere = await report.HandleAsync(new ReportFilter(Tuesday, Tuesday.AddDays(1), TeamId: otherTeam));

        Assert.Equal((1, 1), (sev3.Current.Count, sev3.Current.Unacknowledged));
        Assert.Equal(0, elsewhere.Current.Count);
        Assert.Equal("search", Assert.Single(elsewhere.Availability).Slug);
    }

    [Fact]
    public async Task CsvAndApi_AgreeWithTheReport_BadInputIs400()
    {
        await SeedAsync();
        var user = await app.CreateUserAsync("viewer-reports@example.test", Role.Viewer);
        var (_, key) = await app.Services.GetRequiredService<ManageApiKeys>().CreateAsync(new Actor(user.Id, user.DisplayName), "reports");
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var json = (await api.GetFromJsonAsync<JsonObject>("/api/v1/reports/incidents?from=2026-11-03&until=2026-11-04"))!;
        Assert.Equal(3, json["incidents"]!["count"]!.GetValue<int>());
        Assert.Equal(17, json["incidents"]!["timeToAcknowledge"]!["medianMinutes"]!.GetValue<double>());
        Assert.Equal(80, json["incidents"]!["timeToResolve"]!["medianMinutes"]!.GetValue<double>());
        Assert.Equal(1, json["previous"]!["count"]!.GetValue<int>());
        Assert.Equal(120, json["availability"]![0]!["impactMinutes"]!.GetValue<double>());

        var browser = await app.SignedInAsAsync(Role.Viewer);
        var csv = await browser.GetAsync("/reports/incidents.csv?from=2026-11-03&until=2026-11-04");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("start,end,sev1,sev2,sev3,sev4,total,median_minutes_to_acknowledge,median_minutes_to_resolve", lines[0]);
        Assert.Equal("2026-11-03T00:00:00Z,2026-11-04T00:00:00Z,2,0,1,0,3,17,80", lines[1]);
        var availability = (await browser.GetStringAsync("/reports/availability.csv?from=2026-11-03&until=2026-11-04")).Split("\r\n");
        Assert.StartsWith("Service ledger,ledger,0.847134,0.9995,120,", availability[1], StringComparison.Ordinal);

        foreach (var bad in new[] { "period=2d", "from=2026-11-03", "from=2026-11-05&until=2026-11-03", "from=2020-01-01&until=2026-11-03", "severity=sev9", "team=abc", "from=x&until=y" })
        {
            var response = await api.GetAsync($"/api/v1/reports/incidents?{bad}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }
}
