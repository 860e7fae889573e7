using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Domain;
using Incidents.Domain.Access;
using Incidents.Domain.Alerts;
using Incidents.Domain.Incidents;
using Incidents.Domain.OnCall;
using Incidents.Domain.Postmortems;
using Incidents.Domain.Problems;
using Incidents.Domain.Reports;
using Incidents.Web.Features.Alerts;
using Incidents.Web.Features.Alerts.Integrations;
using Incidents.Web.Features.ApiKeys.Manage;
using Incidents.Web.Features.IncidentManagement.ChangeStatus;
using Incidents.Web.Features.IncidentManagement.List;
using Incidents.Web.Features.IncidentManagement.Log;
using Incidents.Web.Features.Problems;
using Incidents.Web.Features.Problems.Countermeasures;
using Incidents.Web.Features.Problems.Link;
using Incidents.Web.Features.Reports;
using Incidents.Web.Features.Reports.Areas;
using Incidents.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Features.Reports;

/// <summary>
/// The report areas from records with known timestamps (FakeTimeProvider; the report is Tuesday 3 Nov 2026, the day
/// before is "previous"): postmortem completion, countermeasure aging and effectiveness, on-call burden, alert noise and
/// changes equal the hand-computed figures; each area's CSV and API give the same; a Viewer may read them all.
/// </summary>
public sealed class ReportAreasTests : IAsyncLifetime, IAsyncDisposable
{
    private static readonly DateTimeOffset Tuesday = new(2026, 11, 3, 0, 0, 0, TimeSpan.Zero);
    private static readonly ReportFilter Day = new(Tuesday, Tuesday.AddDays(1));
    private readonly AreasApp app = new();
    private Actor admin = default!;
    private long serviceId;

    private sealed class AreasApp() : TestApp(new Dictionary<string, string?> { ["Alerts:EventsPerMinutePerKey"] = "1000" });

    public async Task InitializeAsync()
    {
        admin = new Actor("areas-admin", "Ada Admin");
        await app.CreatePersonAsync(admin, [Role.Admin]);
        serviceId = await app.CreateServiceAsync("ledger");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    async ValueTask IAsyncDisposable.DisposeAsync() => await app.DisposeAsync();

    private void At(int hour, int minute) => app.Clock.AdjustTime(Tuesday.AddHours(hour).AddMinutes(minute));

    private async Task<long> TriggerAsync(Impact impact = Impact.High, Urgency urgency = Urgency.High)
    {
        var (outcome, id) = await app.Services.GetRequiredService<LogIncident>().HandleAsync(new NewIncident("Ledger errors", null, serviceId, impact, urgency), admin);
        Assert.True(outcome.Succeeded, outcome.Error);
        return id!.Value;
    }

    private async Task ActAsync(long id, StatusAction action) =>
        Assert.True((await app.Services.GetRequiredService<ChangeIncidentStatus>().HandleAsync(id, action, admin, comment: "Fixed")).Succeeded);

    private async Task<HttpClient> ApiAsync()
    {
        var user = await app.CreateUserAsync($"viewer-{Guid.NewGuid():N}@example.test", Role.Viewer);
        var (_, key) = await app.Services.GetRequiredService<ManageApiKeys>().CreateAsync(new Actor(user.Id, user.DisplayName), "reports");
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return api;
    }

    private static async Task<string[]> CsvAsync(HttpClient browser, string table, string query = "from=2026-11-03&until=2026-11-04")
    {
        var response = await browser.GetAsync($"/reports/{table}.csv?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        return (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    private async Task<long> PostmortemAsync(long incidentId, DateTimeOffset due, DateTimeOffset? published)
    {
        await using var db = await app.NewDbContextAsync();
        var postmortem = Postmortem.Open(incidentId, admin.Id, due, [], "Summary", app.Clock.GetUtcNow());
        db.ActingAs(admin).Postmortems.Add(postmortem);
        await db.SaveChangesAsync();
        if (published is { } at)
        {
            await db.Postmortems.Where(p => p.Id == postmortem.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.PublishedAt, at).SetProperty(p => p.Status, PostmortemStatus.Published));
        }

        return postmortem.Id;
    }

    [Fact]
    public async Task Postmortems_CompletionOverdueAndPending_CsvAndApiAgree()
    {
        // Five incidents, each with a postmortem: Monday's due Monday 20:00 and published in time (the period before);
        // Tuesday's due 10:00 published 09:00 (in time), due 10:00 published 12:00 (late), due 11:00 unpublished (overdue at
        // 13:05), due 20:00 unpublished (not due yet).
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await TriggerAsync());
        }

        await PostmortemAsync(ids[0], Tuesday.AddHours(-4), Tuesday.AddHours(-5));
        await PostmortemAsync(ids[1], Tuesday.AddHours(10), Tuesday.AddHours(9));
        await PostmortemAsync(ids[2], Tuesday.AddHours(10), Tuesday.AddHours(12));
        var overdue = await PostmortemAsync(ids[3], Tuesday.AddHours(11), null);
        await PostmortemAsync(ids[4], Tuesday.AddHours(20), null);
        At(13, 5);

        var report = await app.Services.GetRequiredService<ReportPostmortems>().HandleAsync(Day);

        Assert.Equal((1, 1, 1, 1, 3), (report.Current.OnTime, report.Current.Late, report.Current.Overdue, report.Current.Pending, report.Current.Due));
        Assert.Equal(1m / 3, report.Current.Rate);
        Assert.Equal((1, 1m), (report.Previous.OnTime, report.Previous.Rate));
        Assert.Equal(overdue, Assert.Single(report.Overdue).Id);
        Assert.Equal(4, report.Postmortems.Count);
        Assert.Equal(report.Current, Assert.Single(report.ByBar));
        // Another severity sees none of them.
        Assert.Empty((await app.Services.GetRequiredService<ReportPostmortems>().HandleAsync(Day with { Severity = Severity.Sev4 })).Postmortems);

        var json = (await (await ApiAsync()).GetFromJsonAsync<JsonObject>("/api/v1/reports/postmortems?from=2026-11-03&until=2026-11-04"))!;
        Assert.Equal(3, json["completion"]!["due"]!.GetValue<int>());
        Assert.Equal((double)(1m / 3), json["completion"]!["rate"]!.GetValue<double>(), 6);
        Assert.Equal(Incident.Format(ids[3]), json["overdue"]![0]!["incident"]!.GetValue<string>());

        var csv = await CsvAsync(await app.SignedInAsAsync(Role.Viewer), "postmortems");
        Assert.Equal("postmortem,incident,title,severity,service,owner,status,due,published,outcome", csv[0]);
        Assert.Equal(5, csv.Length);
        Assert.Contains(csv, line => line.StartsWith($"{overdue},{Incident.Format(ids[3])},", StringComparison.Ordinal) && line.EndsWith(",2026-11-03T11:00:00Z,,Overdue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Countermeasures_AgingEffectivenessRecurrenceAndKnownErrors()
    {
        At(8, 0);
        var link = app.Services.GetRequiredService<LinkProblem>();
        var incident = await TriggerAsync();
        var (created, problemId) = await link.CreateAsync("Ledger locks", serviceId, $"{serviceId}|locks", [incident], admin);
        Assert.True(created.Succeeded, created.Error);
        var manage = app.Services.GetRequiredService<ManageCountermeasures>();
        async Task<long> AddAsync(string title, CountermeasureKind kind, double ageDays, DateOnly? due = null)
        {
            var (outcome, id) = await manage.AddAsync(new CountermeasureInput(title, null, kind, admin.Id, due, 2, null, problemId), admin);
            Assert.True(outcome.Succeeded, outcome.Error);
            await using var db = await app.NewDbContextAsync();
            await db.Countermeasures.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CreatedAt, Tuesday.AddHours(13).AddDays(-ageDays)));
            return id!.Value;
        }

        await AddAsync("Fresh", CountermeasureKind.SoftwareFix, 3);
        await AddAsync("A week and more", CountermeasureKind.SoftwareFix, 10, new DateOnly(2026, 11, 1));
        await AddAsync("Six weeks", CountermeasureKind.MonitoringDetection, 40);
        await AddAsync("Old", CountermeasureKind.ProcessTraining, 100);
        var shipped = await AddAsync("Shipped and verified", CountermeasureKind.SoftwareFix, 20);
        var recurred = await AddAsync("Did not help", CountermeasureKind.ConfigurationHardware, 20);
        await using (var db = await app.NewDbContextAsync())
        {
            await db.Countermeasures.Where(c => c.Id == shipped).ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CountermeasureState.Verified)
                .SetProperty(c => c.DoneAt, Tuesday.AddHours(9)).SetProperty(c => c.ShippedAt, Tuesday.AddHours(10)));
            await db.Countermeasures.Where(c => c.Id == recurred).ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CountermeasureState.Done)
                .SetProperty(c => c.DoneAt, Tuesday.AddHours(9)).SetProperty(c => c.Ineffective, true));
            db.ProblemHistory.Add(new ProblemEvent(problemId!.Value, ProblemEventKind.Recurred, Actor.System, Tuesday.AddHours(11), "Recurred"));
            await db.SaveChangesAsync();
            await db.Problems.Where(p => p.Id == problemId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Workaround, "Restart the ledger"));
        }

        await TriggerAsync();
        At(13, 0);

        var report = await app.Services.GetRequiredService<ReportCountermeasures>().HandleAsync(Day);

        Assert.Equal(4, report.Open.Count);
        Assert.Equal((1, 1, 1, 1), (report.OpenAt(AgeBucket.UpToAWeek), report.OpenAt(AgeBucket.UpToAMonth), report.OpenAt(AgeBucket.UpToAQuarter), report.OpenAt(AgeBucket.Older)));
        Assert.Equal(1, report.OpenAt(AgeBucket.UpToAMonth, CountermeasureKind.SoftwareFix));
        Assert.Equal(1, report.OpenOverdue);
        var f = report.Flow;
        Assert.Equal((2, 1, 1, 1, 0), (f.Done, f.Shipped, f.VerifiedEffective, f.Ineffective, f.AwaitingVerification));
        Assert.Equal(1, f.ProblemsReopened);
        // Two incidents on Tuesday, the first linked to the problem with a workaround.
        Assert.Equal((2, 1), (f.Incidents, f.KnownErrorIncidents));
        Assert.Equal(0, report.Previous.Done);

        var json = (await (await ApiAsync()).GetFromJsonAsync<JsonObject>("/api/v1/reports/countermeasures?from=2026-11-03&until=2026-11-04"))!;
        Assert.Equal(4, json["open"]!["total"]!.GetValue<int>());
        Assert.Equal(1, json["open"]!["byAge"]!["over 90 days"]!.GetValue<int>());
        Assert.Equal(1, json["period"]!["ineffective"]!.GetValue<int>());
        var csv = await CsvAsync(await app.SignedInAsAsync(Role.Viewer), "countermeasures");
        Assert.Equal(5, csv.Length);
        Assert.Contains(csv, line => line.Contains(",A week and more,SoftwareFix,Proposed,PRB-", StringComparison.Ordinal) && line.EndsWith(",2026-11-01,8–30 days,yes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnCall_PagesByTheReceiversClock_PromptShare_HoursOnCall()
    {
        // Pat is on call all the time in a Berlin rotation (UTC+1 in November).
        var pat = await app.CreateUserAsync("pat-burden@example.test", Role.Responder);
        long teamId;
        await using (var db = await app.NewDbContextAsync())
        {
            teamId = await db.Services.Where(s => s.Id == serviceId).Select(s => s.TeamId).SingleAsync();
            var schedule = new Schedule("Ledger primary", "Europe/Berlin", teamId);
            schedule.Layers.Add(new ScheduleLayer { Name = "Weekly", StartsAtLocal = new DateTime(2026, 10, 26, 9, 0, 0), RotationLength = 1, RotationUnit = RotationUnit.Weeks, Participants = [pat.Id] });
            db.ActingAs(Actor.System).Schedules.Add(schedule);
            await db.SaveChangesAsync();
        }

        // Tuesday 03:00 UTC (04:00 Berlin: asleep), acknowledged after 4 minutes; 12:00 UTC (13:00: working), after 9 minutes;
        // 17:30 UTC on Monday (18:30 Berlin: evening), the period before.
        async Task PageAsync(DateTimeOffset at, TimeSpan? acknowledgedAfter)
        {
            app.Clock.AdjustTime(at);
            var incident = await TriggerAsync();
            await using var db = await app.NewDbContextAsync();
            db.Pages.Add(new Page(incident, pat.Id, pat.DisplayName, null, null, "Escalation", at));
            await db.SaveChangesAsync();
            if (acknowledgedAfter is { } after)
            {
                await db.Incidents.Where(i => i.Id == incident).ExecuteUpdateAsync(s => s.SetProperty(i => i.FirstAcknowledgedAt, at + after));
            }
        }

        await PageAsync(Tuesday.AddHours(-6.5), null);
        await PageAsync(Tuesday.AddHours(3), TimeSpan.FromMinutes(4));
        await PageAsync(Tuesday.AddHours(12), TimeSpan.FromMinutes(9));
        At(13, 0);

        var report = await app.Services.GetRequiredService<ReportOnCall>().HandleAsync(Day);

        var person = Assert.Single(report.People);
        Assert.Equal((2, 1, 1, 1), (person.Figure.Pages, person.Figure.OutsideWorkingHours, person.Figure.SleepHours, person.Figure.AcknowledgedPromptly));
        Assert.Equal(0.5m, person.Figure.PromptShare);
        Assert.Equal(TimeSpan.FromHours(13), person.Figure.OnCall);
        var rotation = Assert.Single(report.Rotations);
        Assert.Equal(("Ledger primary", 2, TimeSpan.FromHours(13)), (rotation.Name, rotation.Figure.Pages, rotation.Figure.OnCall));
        Assert.Equal((1, 1, 0), (report.Previous.Pages, report.Previous.OutsideWorkingHours, report.Previous.SleepHours));
        // Another team's view: no pages, no rotation.
        var other = await app.CreateServiceAsync("search");
        await using (var db = await app.NewDbContextAsync())
        {
            var otherTeam = await db.Services.Where(s => s.Id == other).Select(s => s.TeamId).SingleAsync();
            var elsewhere = await app.Services.GetRequiredService<ReportOnCall>().HandleAsync(Day with { TeamId = otherTeam });
            Assert.Equal((0, 0), (elsewhere.Total.Pages, elsewhere.Rotations.Count));
        }

        var json = (await (await ApiAsync()).GetFromJsonAsync<JsonObject>("/api/v1/reports/oncall?from=2026-11-03&until=2026-11-04"))!;
        Assert.Equal(2, json["total"]!["pages"]!.GetValue<int>());
        Assert.Equal(13, json["people"]![0]!["figures"]!["hoursOnCall"]!.GetValue<double>());
        var browser = await app.SignedInAsAsync(Role.Viewer);
        var people = await CsvAsync(browser, "oncall-people");
        Assert.Equal("person,pages,working_hours,outside_working_hours,sleep_hours,acknowledged_within_5_minutes,share_within_5_minutes,hours_on_call", people[0]);
        Assert.Equal($"{pat.DisplayName},2,1,1,1,1,0.5,13", people[1]);
        Assert.Equal("Ledger primary,2,1,1,1,1,0.5,13", (await CsvAsync(browser, "oncall-rotations"))[1]);
    }

    [Fact]
    public async Task AlertNoise_SelfResolvedAndNoisiest_OneClickProblem()
    {
        var (_, key) = await app.Services.GetRequiredService<ManageIntegrations>()
            .CreateAsync(new IntegrationInput("Ledger events", IntegrationKind.EventsV2, serviceId, GroupingMode.ByDedupKey, 30, true, null), Actor.System);
        var client = app.CreateClient();
        async Task SendAsync(int hour, int minute, string action, string dedupKey)
        {
            At(hour, minute);
            var body = new JsonObject
            {
                ["routing_key"] = key,
                ["event_action"] = action,
                ["dedup_key"] = dedupKey,
                ["payload"] = new JsonObject { ["summary"] = $"{dedupKey} on ledger", ["source"] = "ledger-1", ["severity"] = "error" },
            }.ToJsonString();
            var response = await client.PostAsync("/v2/enqueue", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // disk-full three times (twice ending by itself), cpu-high once (repeated while open, ending by itself).
        await SendAsync(9, 0, "trigger", "disk-full");
        await SendAsync(9, 10, "resolve", "disk-full");
        await SendAsync(10, 0, "trigger", "disk-full");
        await SendAsync(10, 5, "resolve", "disk-full");
        await SendAsync(11, 0, "trigger", "disk-full");
        long answered;
        await using (var db = await app.NewDbContextAsync())
        {
            answered = await db.Incidents.OrderByDescending(i => i.Id).Select(i => i.Id).FirstAsync();
        }

        At(11, 2);
        await ActAsync(answered, StatusAction.Acknowledge);
        await SendAsync(12, 0, "trigger", "cpu-high");
        await SendAsync(12, 1, "trigger", "cpu-high");
        await SendAsync(12, 30, "resolve", "cpu-high");
        // A hand-logged incident is no alert's.
        await TriggerAsync();
        At(13, 0);

        var noise = app.Services.GetRequiredService<ReportAlertNoise>();
        var report = await noise.HandleAsync(Day);

        Assert.Equal((4, 4, 4, 3), (report.Current.Alerts, report.Current.AlertsOnIncidents, report.Current.Incidents, report.Current.SelfResolved));
        Assert.Equal(1.0, report.Current.AlertsPerIncident);
        Assert.Equal(0.75m, report.Current.SelfResolvedShare);
        Assert.Equal((1, 3, 0), Assert.Single(report.ByBar));
        var disk = report.Alerts[0];
        Assert.Equal(("disk-full", 3, 3, 2, (long?)null), (disk.Key, disk.Figure.Incidents, disk.Figure.Alerts, disk.Figure.SelfResolved, disk.ProblemId));
        Assert.Equal(("cpu-high", 1, 1), (report.Alerts[1].Key, report.Alerts[1].Figure.Incidents, report.Alerts[1].Figure.SelfResolved));
        Assert.Equal((4, 4), (Assert.Single(report.Services).Figure.Alerts, report.Services[0].Figure.Incidents));
        Assert.Equal(new NoiseFigure(0, 0, 0, 0), report.Previous);

        // The bars lead to exactly the incidents they count: from alerts, by answer (the hand-logged one is left out).
        var list = app.Services.GetRequiredService<ListIncidents>();
        async Task<int> ListedAsync(string query) => (await list.HandleAsync(IncidentQuery.Parse(query), null)).Total;
        Assert.Equal(4, await ListedAsync("status=all&source=alert"));
        Assert.Equal(5, await ListedAsync("status=all"));
        Assert.Equal(3, await ListedAsync("status=all&source=alert&answer=self-resolved"));
        Assert.Equal(1, await ListedAsync("status=all&source=alert&answer=acknowledged"));
        Assert.Equal(0, await ListedAsync("status=all&source=alert&answer=unacknowledged"));
        Assert.Equal("?status=all&source=alert&answer=self-resolved", IncidentQuery.Parse("status=all&answer=self-resolved&source=alert").ToQueryString());
        Assert.Null(IncidentQuery.Parse("answer=maybe&source=human").Answer);

        // One click: a problem with the recurring alert's three incidents linked; the report then points at it.
        var ids = await noise.IncidentsOfAsync(Day, disk.Fingerprint);
        Assert.Equal(3, ids.Count);
        var (outcome, problemId) = await app.Services.GetRequiredService<LinkProblem>().CreateAsync($"Recurring: {disk.LatestTitle}", disk.ServiceId, disk.Fingerprint, ids, admin);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(problemId, (await noise.HandleAsync(Day)).Alerts[0].ProblemId);
        Assert.Empty(await noise.IncidentsOfAsync(Day, disk.Fingerprint));

        var json = (await (await ApiAsync()).GetFromJsonAsync<JsonObject>("/api/v1/reports/alerts?from=2026-11-03&until=2026-11-04"))!;
        Assert.Equal(3, json["current"]!["selfResolved"]!.GetValue<int>());
        Assert.Equal(Problem.Format(problemId!.Value), json["noisiestAlerts"]![0]!["problem"]!.GetValue<string>());
        var csv = await CsvAsync(await app.SignedInAsAsync(Role.Viewer), "alert-noise");
        Assert.Equal($"Service ledger,disk-full,3,3,1,2,0.666667,{Problem.Format(problemId.Value)}", csv[1]);
        Assert.Equal("Service ledger,ledger,4,4,1,3,0.75", (await CsvAsync(await app.SignedInAsAsync(Role.Viewer), "alert-services"))[1]);
    }

    [Fact]
    public async Task Rollups_TakeInAlertsAndPagesSinceTheLastRun_AnAlertJoiningAnOpenIncidentToo()
    {
        var (_, key) = await app.Services.GetRequiredService<ManageIntegrations>()
            .CreateAsync(new IntegrationInput("Ledger grouped", IntegrationKind.EventsV2, serviceId, GroupingMode.ByGroupKey, 30, true, null), Actor.System);
        var client = app.CreateClient();
        async Task SendAsync(string dedupKey)
        {
            var body = new JsonObject
            {
                ["routing_key"] = key,
                ["event_action"] = "trigger",
                ["dedup_key"] = dedupKey,
                ["payload"] = new JsonObject { ["summary"] = "Ledger lag", ["source"] = "ledger-1", ["severity"] = "error", ["group"] = "ledger-lag" },
            }.ToJsonString();
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/v2/enqueue", new StringContent(body, Encoding.UTF8, "application/json"))).StatusCode);
        }

        var rollups = app.Services.GetRequiredService<RollUpIncidents>();
        var noise = app.Services.GetRequiredService<ReportAlertNoise>();
        var onCall = app.Services.GetRequiredService<ReportOnCall>();
        At(9, 0);
        await SendAsync("lag-1");
        Assert.Equal((1, 1), ((await noise.HandleAsync(Day)).Current.Alerts, (await noise.HandleAsync(Day)).Current.Incidents));

        // A second alert of the same group joins the open incident: no incident changes, yet the next run counts it.
        At(9, 5);
        await SendAsync("lag-2");
        var pat = await app.CreateUserAsync("pat-rollup@example.test", Role.Responder);
        await using (var db = await app.NewDbContextAsync())
        {
            var incident = await db.Incidents.Select(i => i.Id).SingleAsync();
            db.Pages.Add(new Page(incident, pat.Id, pat.DisplayName, null, null, "Escalation", app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, (await noise.HandleAsync(Day)).Current.Alerts);
        Assert.Equal(0, (await onCall.HandleAsync(Day)).Total.Pages);
        At(9, 6);
        Assert.Equal(1, await rollups.HandleAsync());
        var after = await noise.HandleAsync(Day);
        Assert.Equal((2, 2, 1, 2.0), (after.Current.Alerts, after.Current.AlertsOnIncidents, after.Current.Incidents, after.Current.AlertsPerIncident));
        Assert.Equal(2, Assert.Single(after.Alerts).Figure.Alerts);
        var paged = await onCall.HandleAsync(Day);
        Assert.Equal((1, 1), (paged.Total.Pages, Assert.Single(paged.People).Figure.Pages));
        // Nothing new: the next run recomputes only the overlap's day, and the figures stay.
        Assert.Equal(1, await rollups.HandleAsync());
        Assert.Equal(2, (await noise.HandleAsync(Day)).Current.Alerts);
        // Derived figures stay out of the audit trail (they are recomputed from what is audited).
        await using (var db = await app.NewDbContextAsync())
        {
            string[] derived = [nameof(IncidentDay), nameof(ServiceImpactDay), nameof(AlertDay), nameof(FingerprintDay), nameof(PageDay)];
            Assert.False(await db.AuditTrail.AnyAsync(a => derived.Contains(a.EntityType)));
        }
    }

    [Fact]
    public async Task Areas_UnknownAreaOrTable_404_BadPeriod_400_AllProblemDetails()
    {
        var api = await ApiAsync();
        foreach (var (path, status) in new[]
        {
            ("/api/v1/reports/nope", HttpStatusCode.NotFound),
            ("/api/v1/reports/postmortems?period=2d", HttpStatusCode.BadRequest),
            ("/api/v1/reports/oncall?team=-1", HttpStatusCode.BadRequest),
            ("/api/v1/reports/alerts?severity=sev0", HttpStatusCode.BadRequest),
            ("/api/v1/reports/changes?from=2026-11-05&until=2026-11-01", HttpStatusCode.BadRequest),
        })
        {
            var response = await api.GetAsync(path);
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }

        var browser = await app.SignedInAsAsync(Role.Viewer);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("/reports/nope.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.GetAsync("/reports/oncall-people.csv?period=1y")).StatusCode);
        foreach (var area in new[] { "incidents", "postmortems", "countermeasures", "oncall", "alerts", "changes" })
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/reports/{area}")).StatusCode);
        }
    }
}
