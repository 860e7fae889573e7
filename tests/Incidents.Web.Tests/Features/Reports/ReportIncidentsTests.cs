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
        await app.Services.GetRequiredService<RollUpIncidents>().HandleAsync();
    }

    /// <summary>A duration as the report reads it back from its 5 % buckets.</summary>
    private static TimeSpan Read(double minutes) => Domain.Reports.DurationHistogram.ValueOf(Domain.Reports.DurationHistogram.BucketOf(TimeSpan.FromMinutes(minutes)));

    private static TimeSpan Mid(TimeSpan a, TimeSpan b) => TimeSpan.FromTicks((a.Ticks + b.Ticks) / 2);

    [Fact]
    public async Task Figures_EqualTheHandComputedOnes()
    {
        await SeedAsync();

        var report = await app.Services.GetRequiredService<ReportIncidents>().HandleAsync(new ReportFilter(Tuesday, Tuesday.AddDays(1)));

        var now = report.Current;
        Assert.Equal((3, 2, 0, 1), (now.Count, now.BySeverity[Severity.Sev1], now.BySeverity[Severity.Sev2], now.BySeverity[Severity.Sev3]));
        Assert.Equal((1, 1), (now.Unacknowledged, now.Unresolved));
        // Medians and p90s as their 5 % buckets read them; the mean is exact.
        Assert.Equal((2, Mid(Read(4), Read(30)), Read(30), TimeSpan.FromMinutes(17)),
            (now.TimeToAcknowledge.Count, now.TimeToAcknowledge.Median, now.TimeToAcknowledge.P90, now.TimeToAcknowledge.Mean));
        Assert.InRange(now.TimeToAcknowledge.Median!.Value.TotalMinutes, 17 * 0.975, 17 * 1.025);
        Assert.Equal((Mid(Read(60), Read(100)), Read(100)), (now.TimeToResolve.Median, now.TimeToResolve.P90));
        // SEV1 acknowledges within 5 minutes: A met, B missed; C (SEV3, 1 hour) is past due at 13:05: missed.
        Assert.Equal((1, 2, 0), (now.AcknowledgeSla.Met, now.AcknowledgeSla.Missed, now.AcknowledgeSla.Pending));
        // SEV1 resolves within 4 hours: both met; C has 3 days: pending.
        Assert.Equal((2, 0, 1), (now.ResolveSla.Met, now.ResolveSla.Missed, now.ResolveSla.Pending));
        Assert.Equal((1, Read(2)), (report.Previous.Count, report.Previous.TimeToAcknowledge.Median));

        // A 09:00–09:30 (mitigated) and B 09:20–11:00 overlap: 120 minutes of impact in the 785 minutes measured so far.
        var ledger = Assert.Single(report.Availability);
        Assert.Equal((TimeSpan.FromMinutes(120), TimeSpan.FromMinutes(785), 2), (ledger.Figure.Impact, ledger.Figure.Period, ledger.Outages));
        Assert.Equal(1 - (120m / 785), ledger.Figure.Availability);
        Assert.False(ledger.Figure.MeetsTarget);

        var bucket = Assert.Single(report.Buckets);
        Assert.Equal(("day", 3, Mid(Read(4), Read(30))), (report.BucketUnit, bucket.Count, bucket.MedianTta));
    }

    [Fact]
    public async Task Rollups_FollowLaterChanges_OnlyTheTouchedDays_AnOpenOutageMeasuredLive()
    {
        await SeedAsync();
        var rollups = app.Services.GetRequiredService<RollUpIncidents>();
        var report = app.Services.GetRequiredService<ReportIncidents>();
        var filter = new ReportFilter(Tuesday, Tuesday.AddDays(1));
        Assert.Equal(1, (await report.HandleAsync(filter)).Current.Unacknowledged);

        // C is acknowledged at 13:10 and a SEV1 opens at 13:20, still open at 13:40.
        await using (var db = await app.NewDbContextAsync())
        {
            var c = db.Incidents.Where(i => i.Title == "Ledger errors").OrderByDescending(i => i.Id).First().Id;
            At(13, 10);
            await ActAsync(c, StatusAction.Acknowledge);
        }

        At(13, 20);
        await TriggerAsync(Impact.High, Urgency.High);
        At(13, 40);
        Assert.Equal(1, await rollups.HandleAsync());
        Assert.Equal(1, await rollups.HandleAsync());

        var after = await report.HandleAsync(filter);
        Assert.Equal((4, 1, 3), (after.Current.Count, after.Current.Unacknowledged, after.Current.BySeverity[Severity.Sev1]));
        // 09:00–11:00 ended, 13:20–13:40 still open: 140 minutes of the 820 so far.
        var ledger = Assert.Single(after.Availability);
        Assert.Equal((TimeSpan.FromMinutes(140), TimeSpan.FromMinutes(820)), (ledger.Figure.Impact, ledger.Figure.Period));
        Assert.Equal(1, (await report.HandleAsync(filter with { From = Tuesday.AddDays(-1), Until = Tuesday })).Current.Count);
    }

    [Fact]
    public async Task Rollups_RebuildEveryDayOnceADay_NotAgainOnADayWithoutChanges()
    {
        await SeedAsync();
        var rollups = app.Services.GetRequiredService<RollUpIncidents>();
        // Only the day of the last changes, read again through the cursor's two-minute overlap.
        Assert.Equal(1, await rollups.HandleAsync());

        // The next day, with nothing changed: one rebuild of every day with incidents (Monday and Tuesday), after which
        // runs go back to the touched day alone instead of rebuilding all again.
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, await rollups.HandleAsync());
        Assert.True(await rollups.BuiltAsync());
        Assert.Equal(1, await rollups.HandleAsync());
        Assert.Equal(1, await rollups.HandleAsync());
        Assert.Equal(3, (await app.Services.GetRequiredService<ReportIncidents>().HandleAsync(new ReportFilter(Tuesday, Tuesday.AddDays(1)))).Current.Count);
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
        var page = await app.Services.GetRequiredService<ReportIncidents>().HandleAsync(new ReportFilter(Tuesday, Tuesday.AddDays(1)));
        Assert.Equal(page.Current.TimeToAcknowledge.Median!.Value.TotalMinutes, json["incidents"]!["timeToAcknowledge"]!["medianMinutes"]!.GetValue<double>());
        Assert.Equal(page.Current.TimeToResolve.Median!.Value.TotalMinutes, json["incidents"]!["timeToResolve"]!["medianMinutes"]!.GetValue<double>());
        Assert.Equal(1, json["previous"]!["count"]!.GetValue<int>());
        Assert.Equal(120, json["availability"]![0]!["impactMinutes"]!.GetValue<double>());

        var browser = await app.SignedInAsAsync(Role.Viewer);
        var csv = await browser.GetAsync("/reports/incidents.csv?from=2026-11-03&until=2026-11-04");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("start,end,sev1,sev2,sev3,sev4,total,median_minutes_to_acknowledge,median_minutes_to_resolve", lines[0]);
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"2026-11-03T00:00:00Z,2026-11-04T00:00:00Z,2,0,1,0,3,{page.Buckets[0].MedianTta!.Value.TotalMinutes:0.##},{page.Buckets[0].MedianTtr!.Value.TotalMinutes:0.##}"), lines[1]);
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
