using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Incidents.Domain;
using Incidents.Domain.Alerts;
using Incidents.Domain.OnCall;
using Incidents.Testing;
using Incidents.Web.Data;
using Incidents.Web.Features.Alerts;
using Incidents.Web.Features.Alerts.Integrations;
using Incidents.Web.Features.Catalog.Services;
using Incidents.Web.Features.Demo;
using Microsoft.EntityFrameworkCore;

/// <summary>
/// Paging latency through the real app (Kestrel, SQLite, the hosted dispatcher, the webhook channel) to a loopback
/// receiver: alert accepted → first notification received, and how late level 2 arrives after level 1's timeout.
/// </summary>
internal static class PagingBenchmark
{
    public static async Task RunAsync(string data, int alerts, int perSecond, int escalationSeconds)
    {
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        var receiverPort = FreePort();
        var hook = $"http://127.0.0.1:{receiverPort}/page/";
        var received = new ConcurrentQueue<(string Role, string Title, long At)>();
        var receiver = new LoopbackReceiver(hook, (path, body) =>
        {
            var at = Stopwatch.GetTimestamp();
            received.Enqueue((path.Split('/')[^1], JsonDocument.Parse(body).RootElement.GetProperty("incident").GetProperty("title").GetString()!, at));
            return null;
        });

        var port = FreePort();
        await using var app = new BenchApp(data, port);
        app.StartServer();
        var services = app.Services;
        var demo = services.GetRequiredService<DemoData>();
        await demo.SeedPeopleAsync("Bench-Password-1");
        await demo.SeedAsync(0);
        await demo.SeedOnCallAsync(escalationSeconds, hook.TrimEnd('/'));
        var checkout = (await services.GetRequiredService<ManageServices>().ListAsync()).Single(s => s.Slug == "checkout-api");
        var (_, key) = await services.GetRequiredService<ManageIntegrations>().CreateAsync(
            new IntegrationInput("bench", IntegrationKind.EventsV2, checkout.Id, GroupingMode.ByDedupKey, 30, true, null), Actor.System);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        // Warm-up: one alert through the whole path, not measured.
        await SendAsync(http, key!, "warm-up");
        await Until(() => received.Any(r => r.Title == "warm-up"), TimeSpan.FromSeconds(30));

        Console.WriteLine($"Paging: {alerts} alerts at {perSecond}/s, each its own incident; level 1 = schedule, level 2 after {escalationSeconds} s");
        var accepted = new ConcurrentDictionary<string, long>();
        var interval = TimeSpan.FromSeconds(1.0 / perSecond);
        var started = Stopwatch.GetTimestamp();
        var sends = new List<Task>();
        for (var i = 0; i < alerts; i++)
        {
            var due = started + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
            while (Stopwatch.GetTimestamp() < due)
            {
                await Task.Delay(1);
            }

            var title = $"bench alert {i}";
            sends.Add(Task.Run(async () =>
            {
                await SendAsync(http, key!, title);
                accepted[title] = Stopwatch.GetTimestamp();
            }));
        }

        await Task.WhenAll(sends);
        await Until(() => received.Count(r => r.Role == "admin" && r.Title.StartsWith("bench", StringComparison.Ordinal)) >= alerts, TimeSpan.FromSeconds(escalationSeconds + 60));
        await receiver.DisposeAsync();

        var first = accepted.Select(a => Ms(received.Where(r => r.Title == a.Key && r.Role == "responder").Min(r => r.At) - a.Value)).Order().ToArray();
        var late = accepted.Select(a =>
        {
            var level1 = received.Where(r => r.Title == a.Key && r.Role == "responder").Min(r => r.At);
            var level2 = received.Where(r => r.Title == a.Key && r.Role == "admin").Min(r => r.At);
            return Ms(level2 - level1) - (escalationSeconds * 1000.0);
        }).Order().ToArray();
        var duplicates = received.Where(r => r.Title.StartsWith("bench", StringComparison.Ordinal)).GroupBy(r => (r.Title, r.Role)).Count(g => g.Count() > 1);
        await using var db = await services.GetRequiredService<IDbContextFactory<IncidentsDbContext>>().CreateDbContextAsync();
        var steps = await db.EscalationSteps.AsNoTracking().Where(s => s.Level == 1 && s.Status == StepStatus.Done).ToListAsync();
        var stepLate = steps.Select(s => (s.DoneAt!.Value - s.DueAt).TotalMilliseconds).Order().ToArray();
        Report("alert accepted → first notification received", first);
        Report("level 2 step: done − due (from the outbox rows)", stepLate);
        Report("level 2 notification − level 1 notification − timeout (as the receiver saw it)", late);
        Console.WriteLine($"  duplicate notifications: {duplicates}");
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static async Task SendAsync(HttpClient http, string key, string title)
    {
        var body = $$$"""{"routing_key":"{{{key}}}","event_action":"trigger","dedup_key":"{{{title}}}","payload":{"summary":"{{{title}}}","source":"bench","severity":"critical"}}""";
        using var response = await http.PostAsync("v2/enqueue", new StringContent(body, Encoding.UTF8, "application/json"));
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Alert not accepted: {response.StatusCode}");
        }
    }

    private static void Report(string name, double[] sorted)
    {
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: p50 {P(0.5):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {sorted[^1]:F1} ms, min {sorted[0]:F1} ms ({sorted.Length} samples)"));
    }

    private static async Task Until(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException("The bench timed out waiting for notifications.");
            }

            await Task.Delay(20);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
