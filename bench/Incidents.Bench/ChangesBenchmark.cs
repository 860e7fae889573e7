using System.Diagnostics;
using Incidents.Domain;
using Incidents.Domain.Changes;
using Incidents.Web.Data;
using Incidents.Web.Features.Changes.Compliance;
using Incidents.Web.Features.Changes.Suspects;
using Incidents.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Changes at volume (issue: Changes and process compliance, performance): 100,000 production changes over two years
/// across the demo's services, then the suspect-change lookup of an incident and the compliance card, in-process.
/// </summary>
internal static class ChangesBenchmark
{
    public static async Task RunAsync(string data, int changes, int incidents, int iterations)
    {
        await using var app = new BenchApp(data);
        var services = app.Services;
        var contexts = services.GetRequiredService<IDbContextFactory<IncidentsDbContext>>();
        var clock = services.GetRequiredService<TimeProvider>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            if (await db.Incidents.CountAsync() < incidents)
            {
                var demo = services.GetRequiredService<DemoData>();
                await demo.SeedPeopleAsync("Bench-Password-1");
                await demo.SeedAsync(incidents - await db.Incidents.CountAsync());
            }

            var existing = await db.Changes.CountAsync();
            if (existing < changes)
            {
                var timer = Stopwatch.StartNew();
                await SeedAsync(contexts, changes - existing, clock.GetUtcNow());
                Console.WriteLine($"Seeded {changes - existing:N0} changes in {timer.Elapsed.TotalSeconds:F1} s");
            }

            Console.WriteLine($"Changes: {await db.Changes.CountAsync():N0}; incidents: {await db.Incidents.CountAsync():N0}");
        }

        // The nightly snapshots, so the trend reads its final weeks from them as in production.
        var snapshots = await services.GetRequiredService<SnapshotCompliance>().HandleAsync();
        Console.WriteLine($"Compliance snapshot rows written: {snapshots:N0}");

        await using var read = await contexts.CreateDbContextAsync();
        var incidentIds = await read.Incidents.Select(i => i.Id).ToListAsync();
        var suspects = services.GetRequiredService<SuspectChanges>();
        var compliance = services.GetRequiredService<MeasureCompliance>();
        var random = new Random(11);
        var found = 0;
        var scenarios = new (string Name, Func<Task> Run)[]
        {
            ("Suspect changes of an incident", async () => found += (await suspects.ForIncidentAsync(incidentIds[random.Next(incidentIds.Count)])).Count),
            ("Compliance card (this week + 12-week trend)", () => compliance.HandleAsync(withBreakdown: false)),
            ("Compliance with team/service breakdown (changes page)", () => compliance.HandleAsync(withBreakdown: true)),
        };

        await Harness.MeasureAsync(scenarios, iterations, warmUp: Math.Min(200, iterations));
        Console.WriteLine($"(suspects found per lookup on average: {(double)found / (iterations + Math.Min(200, iterations)):F1})");
    }

    /// <summary>
    /// Changes spread evenly over the two years before <paramref name="now"/> across every service: most are normal
    /// changes approved before they started, some standard, some emergencies (approved in time or not), some bypasses.
    /// </summary>
    private static async Task SeedAsync(IDbContextFactory<IncidentsDbContext> contexts, int count, DateTimeOffset now)
    {
        await using var lookup = await contexts.CreateDbContextAsync();
        var serviceIds = await lookup.Services.Select(s => s.Id).ToListAsync();
        var random = new Random(2026);
        var requester = new Actor("bench-requester", "Bench Requester");
        var approver = new Actor("bench-approver", "Bench Approver");
        var second = new Actor("bench-second", "Bench Second");
        var span = TimeSpan.FromDays(730);
        for (var done = 0; done < count;)
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = Math.Min(5_000, count - done);
            for (var i = 0; i < batch; i++)
            {
                var at = now - span + TimeSpan.FromTicks((long)(span.Ticks * ((done + i) / (double)count)));
                var service = serviceIds[random.Next(serviceIds.Count)];
                var roll = random.Next(100);
                Change change;
                if (roll < 5)
                {
                    change = Change.Bypass(service, Change.Production, "Deploy from the pipeline", ChangeSource.GitHub, $"bench:{done + i}", "f95f852", "main", null, "ci", ChangeStatus.Completed, at);
                }
                else
                {
                    var type = roll < 25 ? ChangeType.Standard : roll < 30 ? ChangeType.Emergency : ChangeType.Normal;
                    change = Change.Record(new ChangeRequest(service, $"Release {done + i}", ChangeKind.Deployment, type, ChangeRisk.Low), requester, ChangeSource.Portal, at.AddHours(-4)).Change!;
                    change.Submit(requester, at.AddHours(-4));
                    if (type == ChangeType.Normal)
                    {
                        change.Approve(approver, true, false, null, at.AddHours(-1));
                    }

                    change.Start(at);
                    change.Finish(random.Next(20) == 0 ? ChangeStatus.RolledBack : ChangeStatus.Completed, at.AddMinutes(20));
                    if (type == ChangeType.Emergency && random.Next(3) > 0)
                    {
                        change.Approve(approver, true, false, null, at.AddHours(3));
                        change.Approve(second, true, false, null, at.AddHours(5));
                    }
                }

                db.Changes.Add(change);
            }

            await db.SaveChangesAsync();
            done += batch;
        }
    }
}
