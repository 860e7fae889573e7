using System.Diagnostics;
using Incidents.Web.Data;
using Incidents.Web.Features.Demo;
using Incidents.Web.Features.Reports;
using Incidents.Web.Features.Reports.Areas;
using Incidents.Web.Features.Reports.Wallboard;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Reports at volume (issue: Reports and insights, performance): the demo's incidents (1,000,000 over two years) with
/// their history (an alert behind most, sometimes several; a page for each, two for a serious one answered late), a
/// postmortem for every resolved SEV1 and two countermeasures for each; then the incident report for 90 days, a year,
/// and 90 days of one team, each report area for 90 days, the wallboard, in-process (handler with its queries), and the
/// prerendered pages over HTTP.
/// </summary>
internal static class ReportsBenchmark
{
    public static async Task RunAsync(string data, int incidents, int iterations, string password, Func<BenchApp, Task<HttpClient>> signIn)
    {
        await using var app = new BenchApp(data);
        var services = app.Services;
        var contexts = services.GetRequiredService<IDbContextFactory<IncidentsDbContext>>();
        long teamId;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var existing = await db.Incidents.CountAsync();
            if (existing < incidents)
            {
                var demo = services.GetRequiredService<DemoData>();
                await demo.SeedPeopleAsync(password);
                var timer = Stopwatch.StartNew();
                await demo.SeedAsync(incidents - existing, history: true);
                Console.WriteLine($"Seeded {incidents - existing:N0} incidents with their alerts and pages in {timer.Elapsed.TotalSeconds:F1} s");
            }

            if (!await db.Postmortems.AnyAsync())
            {
                var timer = Stopwatch.StartNew();
                await SeedPostmortemsAsync(db);
                Console.WriteLine($"Postmortems and countermeasures in {timer.Elapsed.TotalSeconds:F1} s");
            }

            teamId = await db.Teams.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
            Console.WriteLine($"Incidents: {await db.Incidents.CountAsync():N0}, alerts: {await db.Alerts.CountAsync():N0}, pages: {await db.Pages.CountAsync():N0}, "
                + $"postmortems: {await db.Postmortems.CountAsync():N0}, countermeasures: {await db.Countermeasures.CountAsync():N0}");
        }

        var report = services.GetRequiredService<ReportIncidents>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var tomorrow = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
        var browser = await signIn(app);
        var Last90 = new ReportFilter(tomorrow.AddDays(-90), tomorrow);
        var counted = 0;
        var scenarios = new (string Name, Func<Task> Run)[]
        {
            ("Report: 90 days (and the 90 before)", async () => counted = (await report.HandleAsync(new ReportFilter(tomorrow.AddDays(-90), tomorrow))).Current.Count),
            ("Report: a year (and the year before)", () => report.HandleAsync(new ReportFilter(tomorrow.AddDays(-365), tomorrow))),
            ("Report: 90 days of one team", () => report.HandleAsync(new ReportFilter(tomorrow.AddDays(-90), tomorrow, TeamId: teamId))),
            ("HTTP GET /reports?period=90d (prerendered page)", () => browser.GetStringAsync("/reports?period=90d")),
            ("Postmortems: 90 days", () => services.GetRequiredService<ReportPostmortems>().HandleAsync(Last90)),
            ("Countermeasures: 90 days", () => services.GetRequiredService<ReportCountermeasures>().HandleAsync(Last90)),
            ("On-call burden: 90 days", () => services.GetRequiredService<ReportOnCall>().HandleAsync(Last90)),
            ("Alert noise: 90 days", () => services.GetRequiredService<ReportAlertNoise>().HandleAsync(Last90)),
            ("Alert noise: 90 days of one team", () => services.GetRequiredService<ReportAlertNoise>().HandleAsync(Last90 with { TeamId = teamId })),
            ("Changes: 90 days", () => services.GetRequiredService<ReportChanges>().HandleAsync(Last90)),
            ("Wallboard (open incidents, on call, this week)", () => services.GetRequiredService<ReadWallboard>().HandleAsync()),
            ("HTTP GET /reports/oncall?period=90d (prerendered page)", () => browser.GetStringAsync("/reports/oncall?period=90d")),
            ("HTTP GET /reports/alerts?period=90d (prerendered page)", () => browser.GetStringAsync("/reports/alerts?period=90d")),
            ("HTTP GET /wallboard (server-rendered page)", () => browser.GetStringAsync("/wallboard")),
        };

        await Harness.MeasureAsync(scenarios, iterations, warmUp: Math.Min(50, iterations));
        Console.WriteLine($"(incidents in the 90 days: {counted:N0})");
    }

    /// <summary>
    /// A postmortem for every resolved SEV1 (due five days after resolution; four in five published, some late), and two
    /// countermeasures for each (those of the last 60 days partly still open, the rest done or verified). Set-based SQL.
    /// </summary>
    private static async Task SeedPostmortemsAsync(IncidentsDbContext db)
    {
        const long day = TimeSpan.TicksPerDay;
        var recent = DateTimeOffset.UtcNow.AddDays(-60).UtcTicks;
        var postmortems = FormattableString.Invariant($"""
            INSERT INTO Postmortems (IncidentId, OwnerId, Status, DueAt, CreatedAt, PublishedAt, LastEditedAt, LastEditedByName, Version, Timeline)
            SELECT i.Id, NULL, CASE WHEN i.Id % 5 = 0 THEN 'Draft' ELSE 'Published' END, i.ResolvedAt + 5 * {day}, i.ResolvedAt,
                   CASE WHEN i.Id % 5 = 0 THEN NULL ELSE i.ResolvedAt + (i.Id % 7) * {day} END, i.ResolvedAt, 'Bench', 1, '[]'
            FROM Incidents i WHERE i.Severity = 1 AND i.ResolvedAt IS NOT NULL AND NOT EXISTS (SELECT 1 FROM Postmortems p WHERE p.IncidentId = i.Id)
            """);
        await db.Database.ExecuteSqlRawAsync(postmortems);
        foreach (var copy in new[] { 0, 1 })
        {
            var countermeasures = FormattableString.Invariant($"""
                INSERT INTO Countermeasures (PostmortemId, Title, Kind, Priority, State, Ineffective, CreatedAt, DoneAt, Version)
                SELECT p.Id, 'Bench countermeasure {copy}',
                       CASE (p.Id + {copy}) % 4 WHEN 0 THEN 'SoftwareFix' WHEN 1 THEN 'ConfigurationHardware' WHEN 2 THEN 'ProcessTraining' ELSE 'MonitoringDetection' END, 3,
                       CASE WHEN p.CreatedAt > {recent} AND (p.Id + {copy}) % 3 = 0 THEN 'Proposed' WHEN (p.Id + {copy}) % 3 = 1 THEN 'Done' ELSE 'Verified' END,
                       CASE WHEN p.Id % 17 = 0 THEN 1 ELSE 0 END, p.CreatedAt,
                       CASE WHEN p.CreatedAt > {recent} AND (p.Id + {copy}) % 3 = 0 THEN NULL ELSE p.CreatedAt + 10 * {day} END, 1
                FROM Postmortems p
                """);
            await db.Database.ExecuteSqlRawAsync(countermeasures);
        }
    }
}
