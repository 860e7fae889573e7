using System.Diagnostics;
using Incidents.Web.Data;
using Incidents.Web.Features.Demo;
using Incidents.Web.Features.Reports;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Reports at volume (issue: Reports and insights, performance): the demo's incidents (1,000,000 over two years), then
/// the incident report for 90 days, a year, and 90 days of one team, in-process (handler with its queries), and the
/// prerendered /reports page over HTTP.
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
                await demo.SeedAsync(incidents - existing);
                Console.WriteLine($"Seeded {incidents - existing:N0} incidents in {timer.Elapsed.TotalSeconds:F1} s");
            }

            teamId = await db.Teams.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
            Console.WriteLine($"Incidents: {await db.Incidents.CountAsync():N0}");
        }

        var report = services.GetRequiredService<ReportIncidents>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var tomorrow = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
        var browser = await signIn(app);
        var counted = 0;
        var scenarios = new (string Name, Func<Task> Run)[]
        {
            ("Report: 90 days (and the 90 before)", async () => counted = (await report.HandleAsync(new ReportFilter(tomorrow.AddDays(-90), tomorrow))).Current.Count),
            ("Report: a year (and the year before)", () => report.HandleAsync(new ReportFilter(tomorrow.AddDays(-365), tomorrow))),
            ("Report: 90 days of one team", () => report.HandleAsync(new ReportFilter(tomorrow.AddDays(-90), tomorrow, TeamId: teamId))),
            ("HTTP GET /reports?period=90d (prerendered page)", () => browser.GetStringAsync("/reports?period=90d")),
        };

        await Harness.MeasureAsync(scenarios, iterations, warmUp: Math.Min(50, iterations));
        Console.WriteLine($"(incidents in the 90 days: {counted:N0})");
    }
}
