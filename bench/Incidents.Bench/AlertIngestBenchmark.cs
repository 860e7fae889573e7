using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Incidents.Domain;
using Incidents.Domain.Alerts;
using Incidents.Domain.Catalog;
using Incidents.Web.Data;
using Incidents.Web.Features.Alerts;
using Incidents.Web.Features.Alerts.Integrations;
using Incidents.Web.Features.Catalog.Services;
using Incidents.Web.Features.Catalog.Teams;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Alert ingest through real HTTP (Kestrel on loopback) into SQLite, with dedup and group commit:
/// a sustained run of Events v2 triggers over a pool of dedup keys, then a storm of 10,000 distinct alerts.
/// </summary>
internal static class AlertIngestBenchmark
{
    public static async Task RunAsync(string data, int events, int clients)
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        var port = FreePort();
        await using var app = new BenchApp(data, port);
        app.StartServer();
        var services = app.Services;
        var (_, teamId) = await services.GetRequiredService<ManageTeams>().SaveAsync(null, new TeamInput("Bench", null, []), Actor.System);
        var (_, serviceId) = await services.GetRequiredService<ManageServices>().SaveAsync(null,
            new ServiceInput("Checkout API", "checkout-api", teamId!.Value, ServiceTier.Tier1, 99.95m, null, SlaTarget.Defaults), Actor.System);
        var integrations = services.GetRequiredService<ManageIntegrations>();
        var (_, sustainedKey) = await integrations.CreateAsync(new IntegrationInput("sustained", IntegrationKind.EventsV2, serviceId!.Value, GroupingMode.ByGroupKey, 30, true, null), Actor.System);
        var (_, stormKey) = await integrations.CreateAsync(new IntegrationInput("storm", IntegrationKind.EventsV2, serviceId.Value, GroupingMode.TimeWindow, 30, true, null), Actor.System);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
        };

        // Warm-up, not measured.
        await LoadAsync(http, sustainedKey!, 2_000, clients, i => $"warm-{i % 50}", i => $"warm {i % 50}");

        Console.WriteLine($"First sight: 500 new dedup keys, each opening its own incident, {clients} concurrent clients");
        Report(await LoadAsync(http, sustainedKey!, 500, clients, i => $"key-{i % 500}", i => $"checkout errors on instance {i % 500}"));

        Console.WriteLine($"Sustained: {events:N0} Events v2 triggers over those 500 open alerts (dedup), {clients} concurrent clients");
        var sustained = await LoadAsync(http, sustainedKey!, events, clients, i => $"key-{i % 500}", i => $"checkout errors on instance {i % 500}");
        Report(sustained);

        Console.WriteLine("Storm: 10,000 distinct alerts (one per pod, same problem) for one service (time-window grouping)");
        var storm = await LoadAsync(http, stormKey!, 10_000, clients, i => $"storm-{i}", _ => "Pod crash-looping");
        Report(storm);

        await using var db = await services.GetRequiredService<IDbContextFactory<IncidentsDbContext>>().CreateDbContextAsync();
        var stormIntegration = (await integrations.ListAsync()).Single(i => i.Name == "storm").Id;
        var sustainedIntegration = (await integrations.ListAsync()).Single(i => i.Name == "sustained").Id;
        var stormAlerts = await db.Alerts.CountAsync(a => a.IntegrationId == stormIntegration);
        var stormIncidents = await db.Alerts.Where(a => a.IntegrationId == stormIntegration).Select(a => a.IncidentId).Distinct().CountAsync();
        var sustainedCount = await db.Alerts.Where(a => a.IntegrationId == sustainedIntegration && a.DedupKey.StartsWith("key-")).SumAsync(a => a.Count);
        var sustainedAlerts = await db.Alerts.CountAsync(a => a.IntegrationId == sustainedIntegration && a.DedupKey.StartsWith("key-"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Database: first sight and sustained runs {sustainedAlerts} alerts with counts summing to {sustainedCount:N0} (sent {events + 500:N0}); storm {stormAlerts:N0} alerts in {stormIncidents} incident(s)"));
    }

    private sealed record Run(int Events, double Seconds, double[] Latencies, int Failures);

    private static async Task<Run> LoadAsync(HttpClient http, string key, int count, int clients, Func<int, string> dedupKey, Func<int, string> summary)
    {
        var latencies = new ConcurrentBag<double>();
        var failures = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var body = $$$"""{"routing_key":"{{{key}}}","event_action":"trigger","dedup_key":"{{{dedupKey(i)}}}","payload":{"summary":"{{{summary(i)}}}","source":"bench","severity":"error"}}""";
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync("v2/enqueue", new StringContent(body, Encoding.UTF8, "application/json"));
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        return new Run(count, clock.Elapsed.TotalSeconds, [.. latencies.Order()], failures);
    }

    private static void Report(Run run)
    {
        double P(double q) => run.Latencies[Math.Min(run.Latencies.Length - 1, (int)Math.Ceiling(q * run.Latencies.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {run.Events:N0} events in {run.Seconds:F2} s = {run.Events / run.Seconds:N0} events/s; accept latency p50 {P(0.5):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {run.Latencies[^1]:F1} ms; non-202: {run.Failures}"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
